from django.core.management.base import BaseCommand, CommandError

from places.boundaries import LEVELS, BoundaryImportError, import_boundaries
from places.models import County, Municipality


class Command(BaseCommand):
    help = (
        "Import municipality or county boundaries from a GeoJSON, GeoPackage, Shapefile or any "
        "vector file GDAL reads, in any declared coordinate system, matching on the official "
        "codes (kommunkod, länskod). All or nothing: a file with errors changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--level", choices=LEVELS, help="Default: detected from the file.")
        parser.add_argument("--layer", help="The layer, when the file has several.")
        parser.add_argument("--code-field", help="The field with the official code.")
        parser.add_argument("--name-field", help="The field with the name.")
        parser.add_argument(
            "--srid", type=int, help="EPSG code, for a file that declares no coordinate system."
        )
        parser.add_argument(
            "--create", action="store_true", help="Create municipalities/counties not yet known."
        )
        parser.add_argument(
            "--skip-unknown", action="store_true", help="Ignore codes not in the portal."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when every municipality (county) already has a boundary.",
        )

    def handle(self, *args, **options):
        if options["if_missing"]:
            model = County if options["level"] == "county" else Municipality
            if not model.objects.filter(boundary__isnull=True).exists():
                self.stdout.write(f"Every {model._meta.verbose_name} has a boundary; skipped.")
                return
        try:
            result = import_boundaries(
                path=options["file"],
                level=options["level"],
                layer=options["layer"],
                code_field=options["code_field"],
                name_field=options["name_field"],
                srid=options["srid"],
                create=options["create"],
                skip_unknown=options["skip_unknown"],
            )
        except BoundaryImportError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        self.stdout.write(self.style.SUCCESS(result.summary()))
