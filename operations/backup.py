"""
Backup and restore of the whole portal: every record (geometries, change history, users,
roles, API tokens, admin log) and every uploaded file, in one ``.tar.gz``.

The records are Django's own serialisation (``dumpdata`` with natural keys), so a backup
taken on SpatiaLite restores into PostGIS and the other way round. For a large PostgreSQL
installation, take database-level backups too (``pg_dump``, point-in-time recovery); this
archive is what moves a portal between machines and what the tests prove round-trips.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from core.apps import portal_app_labels

FORMAT_VERSION = 1
SERIALIZATION_FORMAT = "portaljson"  # core.precise_json: timestamps to the microsecond
# Derived or per-installation tables: recreated by migrate, never restored.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",  # login attempts and lockouts: transient security state, not the record
]


class BackupError(Exception):
    """The archive cannot be restored; nothing was changed."""


@dataclass
class BackupResult:
    path: Path
    records: int
    files: int


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def create_backup(*, output: Path) -> BackupResult:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / f"data.{SERIALIZATION_FORMAT}"
        call_command(
            "dumpdata",
            format=SERIALIZATION_FORMAT,
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            output=str(data),
            verbosity=0,
        )
        records = len(json.loads(data.read_text(encoding="utf-8")))
        media = _media_root()
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        manifest = {
            "format": FORMAT_VERSION,
            "records": records,
            "files": [str(p.relative_to(media)) for p in files],
        }
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        partial = output.with_suffix(output.suffix + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(tmp) / "manifest.json", arcname="manifest.json")
            archive.add(data, arcname=data.name)
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media)}")
        partial.replace(output)  # never leave a half-written archive under the real name
    return BackupResult(path=output, records=records, files=len(files))


def _safe_extract(archive: tarfile.TarFile, target: Path) -> None:
    """Extract regular files and directories only, never outside ``target`` (Python 3.11.2
    on Debian 12 predates tarfile's extraction filters)."""
    root = target.resolve()
    for member in archive.getmembers():
        destination = (target / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not destination.is_relative_to(root):
            raise BackupError(f"Refusing unsafe entry {member.name!r} in the archive.")
    for member in archive.getmembers():
        archive.extract(member, target, set_attrs=False)


def database_is_empty() -> bool:
    from django.contrib.auth import get_user_model

    if get_user_model().objects.exists():
        return False
    labels = portal_app_labels()
    return not any(
        model._default_manager.exists()
        for model in apps.get_models()
        if model._meta.app_label in labels
    )


def restore_backup(*, archive_path: Path) -> BackupResult:
    """Restore into an empty, migrated database. All records or none."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"No such backup: {archive_path}")
    if not database_is_empty():
        raise BackupError(
            "The database is not empty. Restore into a freshly migrated database "
            "(e.g. a new DATABASE_URL, or `manage.py flush` after a backup of its own)."
        )
    media = _media_root()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                _safe_extract(archive, Path(tmp))
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"{archive_path.name} is not a readable backup: {exc}") from exc
        manifest_path = Path(tmp) / "manifest.json"
        data = Path(tmp) / f"data.{SERIALIZATION_FORMAT}"
        if not manifest_path.exists() or not data.exists():
            raise BackupError(f"{archive_path.name} is not a portal backup (no manifest/data).")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        # The history comes from the archive: simple-history must not add its own rows while
        # loaddata sets many-to-many relations (those signals are not "raw").
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(data), verbosity=0)
        restored_files = 0
        source_media = Path(tmp) / "media"
        if source_media.exists():
            for path in source_media.rglob("*"):
                if path.is_file():
                    target = media / path.relative_to(source_media)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
                    restored_files += 1
    return BackupResult(path=archive_path, records=manifest["records"], files=restored_files)
