import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from seed import shipped
from seed.generate import (
    SCALES,
    MissingBoundaries,
    already_generated,
    boundary_files,
    delete_generated,
    generate_data,
)
from seed.records import SeedRefused, records_not_from_seed


class Command(BaseCommand):
    help = (
        "Generate deterministic synthetic data on top of the real case, clearly marked as "
        "generated (projects GEN/…, source “Genererad testdata”; for the program, a row in "
        "seed.SeedRecord). For load tests and benchmarks: refuses a database holding records "
        "that neither load_case nor generate_data made, unless --allow-other-records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--boundaries",
            type=Path,
            default=shipped.DATA_DIR,
            help="Directory with jamtland_municipalities.geojson (county scale) or "
            "swedish_regions.geojson and swedish_municipalities.geojson (national scale); "
            "default: the files the portal ships in seed/data/.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete earlier generated data first (only rows generate_data made; "
            "nothing if anything else would go with them).",
        )
        parser.add_argument(
            "--allow-other-records",
            action="store_true",
            help="Run on a database that also holds people's records (not only the real case "
            "and generated data). They are never deleted.",
        )

    def handle(self, *args, **options):
        boundaries = options["boundaries"]
        if not boundaries.is_dir():
            raise CommandError(f"No such directory: {boundaries}")
        try:
            boundary_files(options["scale"], boundaries)
        except MissingBoundaries as missing:
            raise CommandError(str(missing)) from None
        others = records_not_from_seed()
        if others and not options["allow_other_records"]:
            found = ", ".join(f"{count} {name}" for name, count in others.items())
            raise CommandError(
                f"This database holds records that neither load_case nor generate_data made "
                f"({found}). generate_data is for test and benchmark databases; give "
                f"--allow-other-records to run here anyway. Nothing was changed."
            )
        if already_generated():
            if not options["replace"]:
                self.stdout.write("Generated data is already present; use --replace to redo it.")
                return
            try:
                delete_generated()
            except SeedRefused as exc:
                raise CommandError(f"{exc} Nothing was changed.") from exc
        started = time.monotonic()
        report = generate_data(
            scale=options["scale"], seed=options["seed"], boundaries_dir=boundaries
        )
        # Fresh statistics for the planner after a bulk load (autovacuum would get there
        # later; until then it misjudges every table it has not seen grow).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated ({options['scale']}, seed {options['seed']}) in "
                f"{time.monotonic() - started:.0f} s: {report}."
            )
        )
