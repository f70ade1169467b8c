"""
Backup and restore of the whole portal: every record (geometries, change history, users,
roles, API tokens, admin log) and every uploaded file, in one ``.tar.gz``.

The records are Django's own serialisation (``dumpdata`` with natural keys), so a backup
taken on SpatiaLite restores into PostGIS and the other way round. For a large PostgreSQL
installation, take database-level backups too (``pg_dump``, point-in-time recovery); this
archive is what moves a portal between machines and what the tests prove round-trips.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import override_settings

from core.apps import portal_app_labels

FORMAT_VERSION = 1
SERIALIZATION_FORMAT = "portaljson"  # core.precise_json: timestamps to the microsecond
# Derived or per-installation tables: recreated by migrate, never restored.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(data: Path) -> dict[str, int]:
    """Records per model in a serialised data file."""
    return dict(Counter(row["model"] for row in json.loads(data.read_text(encoding="utf-8"))))


def _private_directory(directory: Path) -> None:
    """Make ``directory`` and its missing parents readable by the owner only (0700); a
    directory that already exists keeps its mode (it is the operator's)."""
    missing = []
    for parent in (directory, *directory.parents):
        if parent.exists():
            break
        missing.append(parent)
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask


def _dump_in_one_snapshot(data: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Serialise every table as of one moment, and return the rows counted per model in
    that same moment.

    ``dumpdata`` reads table after table. Without one snapshot, a row written between two
    of those reads (an insight whose dialogue was read before the dialogue existed) makes
    an archive whose restore fails on a foreign key. PostgreSQL: one ``SERIALIZABLE READ
    ONLY DEFERRABLE`` transaction — it waits for a snapshot no concurrent transaction can
    make anomalous, then neither blocks writers nor can fail. SQLite: one transaction
    (``transaction_mode=IMMEDIATE`` holds the write lock, so writers wait for the backup).
    """
    connection = connections[using]
    # durable: a snapshot taken inside someone else's transaction would see (or miss) that
    # transaction's uncommitted work; refuse instead of producing such an archive.
    with transaction.atomic(using=using, durable=True):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The first statement of the transaction, as PostgreSQL requires.
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE"
                )
        call_command(
            "dumpdata",
            format=SERIALIZATION_FORMAT,
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            database=using,
            output=str(data),
            verbosity=0,
        )
        counts = _counts(data)
        for label, count in counts.items():
            in_database = apps.get_model(label)._default_manager.using(using).count()
            if in_database != count:  # pragma: no cover - would mean no snapshot after all
                raise BackupError(f"{label}: {count} rows dumped, {in_database} in the snapshot.")
    return counts


def create_backup(*, output: Path) -> BackupResult:
    """Write every record (one snapshot) and every uploaded file to ``output`` (mode 0600,
    its directory 0700 where created here), then read the archive back and verify it."""
    output = Path(output)
    _private_directory(output.parent)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / f"data.{SERIALIZATION_FORMAT}"
        counts = _dump_in_one_snapshot(data)
        media = _media_root()
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        manifest = {
            "format": FORMAT_VERSION,
            "records": sum(counts.values()),
            "counts": counts,
            "files": [str(p.relative_to(media)) for p in files],
            # What verify_backup checks: every member of the archive, by its SHA-256.
            "sha256": {
                data.name: _sha256(data),
                **{f"media/{p.relative_to(media)}": _sha256(p) for p in files},
            },
        }
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        partial = output.with_suffix(output.suffix + ".partial")
        partial.unlink(missing_ok=True)
        # Created 0600 from the start (no moment in which others may open it): the archive
        # holds password hashes, non-public documents and personal data.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(descriptor, "wb") as stream,
            tarfile.open(fileobj=stream, mode="w:gz") as archive,
        ):
            archive.add(Path(tmp) / "manifest.json", arcname="manifest.json")
            archive.add(data, arcname=data.name)
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media)}")
        verify_backup(archive_path=partial)
        partial.replace(output)  # never leave a half-written archive under the real name
    return BackupResult(path=output, records=manifest["records"], files=len(files))


def _read_manifest(root: Path, name: str) -> dict:
    manifest_path = root / "manifest.json"
    data = root / f"data.{SERIALIZATION_FORMAT}"
    if not manifest_path.exists() or not data.exists():
        raise BackupError(f"{name} is not a portal backup (no manifest/data).")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _check_extracted(root: Path, name: str) -> dict:
    """Compare an extracted archive with its manifest: every member's checksum, the records
    per model. Archives written before checksums existed are checked for their count."""
    manifest = _read_manifest(root, name)
    data = root / f"data.{SERIALIZATION_FORMAT}"
    for member, expected in manifest.get("sha256", {}).items():
        path = root / member
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"{name}: {member} is missing or damaged (checksum differs).")
    try:
        counts = _counts(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{name}: the records cannot be read: {exc}") from exc
    if counts != manifest.get("counts", counts) or sum(counts.values()) != manifest["records"]:
        raise BackupError(f"{name}: the records differ from the manifest's counts.")
    return manifest


def _extract(archive_path: Path, target: Path) -> None:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            _safe_extract(archive, target)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive_path.name} is not a readable backup: {exc}") from exc


def verify_backup(*, archive_path: Path) -> BackupResult:
    """Read an archive back and check it against its manifest (checksums, record counts)."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"No such backup: {archive_path}")
    with tempfile.TemporaryDirectory() as tmp:
        _extract(archive_path, Path(tmp))
        manifest = _check_extracted(Path(tmp), archive_path.name)
    return BackupResult(
        path=archive_path, records=manifest["records"], files=len(manifest.get("files", []))
    )


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
        _extract(archive_path, Path(tmp))
        manifest = _check_extracted(Path(tmp), archive_path.name)
        data = Path(tmp) / f"data.{SERIALIZATION_FORMAT}"
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
