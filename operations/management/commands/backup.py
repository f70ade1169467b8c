from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from operations.backup import create_backup


class Command(BaseCommand):
    help = (
        "Write the whole portal (all records with geometries and history, users, uploaded "
        "files) to one .tar.gz that `manage.py restore` reads back, on either database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: var/backups/portal-<timestamp>.tar.gz).",
        )

    def handle(self, *args, **options):
        output = options["output"] or (
            Path(settings.BASE_DIR)
            / "var"
            / "backups"
            / f"portal-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"
        )
        result = create_backup(output=output)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {result.path}: {result.records} records, {result.files} files."
            )
        )
