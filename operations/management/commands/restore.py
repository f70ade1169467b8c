from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, **options):
        try:
            result = restore_backup(archive_path=options["archive"])
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.records} records and {result.files} files from {result.path}."
            )
        )
