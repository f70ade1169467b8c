from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import BackupError, create_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Write the whole portal (all records with geometries and history, users, the admin "
        "log, uploaded files) as of one moment to one .tar.gz (mode 0600) that `manage.py "
        "restore` reads back, on either database; the archive is verified after writing. "
        "`--verify ARCHIVE` checks an existing archive (checksums, record counts)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: var/backups/portal-<timestamp>.tar.gz).",
        )
        parser.add_argument(
            "--verify",
            type=Path,
            metavar="ARCHIVE",
            help="Check an existing archive against its manifest instead of writing one.",
        )

    def handle(self, *args, **options):
        if options["verify"]:
            try:
                result = verify_backup(archive_path=options["verify"])
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.path} is intact: {result.records} records, {result.files} files."
                )
            )
            return
        output = options["output"] or (
            Path(settings.BASE_DIR)
            / "var"
            / "backups"
            / f"portal-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"
        )
        try:
            result = create_backup(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written and verified, {result.path}: {result.records} records, "
                f"{result.files} files."
            )
        )
