"""Backup and restore round-trip the whole database — geometries, history, users and
uploaded files — into an empty database."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from core.apps import portal_app_labels
from decisions.models import Document
from places.models import Municipality
from seed import shipped

DATA = shipped.JAMTLAND_MUNICIPALITIES
pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list]:
    """Every row of every portal table (history included), comparable across a restore."""
    from django.contrib.auth import get_user_model

    usernames = dict(get_user_model().objects.values_list("pk", "username"))
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label not in (*portal_app_labels(), "auth"):
            continue
        if model._meta.app_label == "auth":
            continue  # users and groups are matched by name (natural keys), compared below
        rows = []
        for values in model._default_manager.order_by("pk").values():
            row = {
                key: (value.wkt if hasattr(value, "wkt") else value)
                for key, value in values.items()
            }
            if "history_user_id" in row:  # users get new ids; they are matched by username
                row["history_user_id"] = usernames.get(row["history_user_id"])
            rows.append(row)
        tables[model._meta.label] = rows
    tables["users"] = list(
        get_user_model().objects.order_by("pk").values_list("username", "password")
    )
    return tables


def test_backup_and_restore_round_trip_everything(case, planner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("import_boundaries", str(DATA), stdout=StringIO())
    document = Document.objects.first()
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    municipality = Municipality.objects.get(code="2380")
    municipality.seat = "Östersund (ändrad)"
    municipality._history_user = planner
    municipality.save()

    before = snapshot()
    file_hash = hashlib.sha256(Path(document.file.path).read_bytes()).hexdigest()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=StringIO())

    call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    (Path(settings.MEDIA_ROOT) / document.file.name).unlink()

    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()
    after = snapshot()
    for label in before:
        assert after[label] == before[label], label
    restored = Document.objects.get(pk=document.pk)
    assert hashlib.sha256(Path(restored.file.path).read_bytes()).hexdigest() == file_hash
    assert Municipality.objects.get(code="2380").history.first().history_user.username == "planner"


def test_restore_refuses_a_database_that_is_not_empty(case, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=StringIO())


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("restore", str(bogus), stdout=StringIO())
