"""Backup and restore round-trip the whole database — geometries, history, users and
uploaded files — into an empty database."""

import hashlib
import io
import json
import stat
import tarfile
import threading
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from core import precise_json
from core.apps import portal_app_labels
from decisions.models import Document
from dialogues.models import Dialogue, Insight
from places.models import Municipality
from seed import shipped
from tests.dialogues.factories import DialogueFactory, InsightFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)

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
    LogEntry.objects.create(
        user=planner,
        content_type=ContentType.objects.get_for_model(Municipality),
        object_id=str(municipality.pk),
        object_repr=str(municipality),
        action_flag=CHANGE,
        change_message="Säte ändrat",
    )

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
    # The admin log is part of the record of who did what (issue 13, High 3).
    entry = LogEntry.objects.get()
    assert (entry.user.username, entry.change_message) == ("planner", "Säte ändrat")
    assert entry.get_edited_object() == Municipality.objects.get(code="2380")


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


WRITER_TITLE = "Dialog under säkerhetskopiering"


class Writer(threading.Thread):
    """Keeps inserting a dialogue with an insight and deleting an older one, each in its own
    committed transaction on its own connection, as people working would."""

    def __init__(self, project):
        super().__init__(daemon=True)
        self.project = project
        self.cycles = 0
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self):
        try:
            while not self.stop.is_set():
                with transaction.atomic():
                    InsightFactory(
                        dialogue=DialogueFactory(project=self.project, title=WRITER_TITLE)
                    )
                with transaction.atomic():
                    oldest = Dialogue.objects.filter(title=WRITER_TITLE).order_by("pk")
                    if oldest.count() > 3:
                        doomed = oldest.first()
                        Insight.objects.filter(dialogue=doomed).delete()
                        doomed.delete()
                with self.changed:
                    self.cycles += 1
                    self.changed.notify_all()
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc
        finally:
            connection.close()

    def wait_for_a_write(self):
        with self.changed:
            seen = self.cycles
            assert self.changed.wait_for(lambda: self.cycles > seen or self.error, timeout=20)


@postgres_only
def test_a_backup_taken_while_people_write_restores(case, monkeypatch, tmp_path, settings):
    """Issue 13, High 3: dumpdata reads table after table; a dialogue and its insight
    committed between the read of the dialogues and the read of the insights made an archive
    whose restore failed on the foreign key. Every table comes from one snapshot now."""
    settings.MEDIA_ROOT = tmp_path / "media"
    writer = Writer(case)
    # Between the tables (the first object of each model) the backup waits until the writer
    # has committed another insert and delete: concurrent writes at every step, for sure.
    start_object = precise_json.Serializer.start_object
    last_model = []

    def start_object_after_a_write(serializer, obj):
        if not last_model or last_model[-1] is not type(obj):
            last_model.append(type(obj))
            writer.wait_for_a_write()
        return start_object(serializer, obj)

    monkeypatch.setattr(precise_json.Serializer, "start_object", start_object_after_a_write)
    archive = tmp_path / "backup.tar.gz"
    writer.start()
    writer.wait_for_a_write()
    try:
        call_command("backup", "--output", str(archive), stdout=StringIO())
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.error is None
    assert writer.cycles > len(last_model) > 10  # the writer wrote between every two tables
    monkeypatch.undo()
    with tarfile.open(archive) as opened:
        records = json.load(opened.extractfile("data.portaljson"))
    counts = Counter(record["model"] for record in records)

    call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()
    assert Dialogue.objects.count() == counts["dialogues.dialogue"]
    assert Insight.objects.count() == counts["dialogues.insight"]
    # The writer's dialogues of that moment came back with their insights.
    assert Insight.objects.filter(dialogue__title=WRITER_TITLE).exists()


def test_the_archive_is_for_its_owner_only(case, tmp_path):
    archive = tmp_path / "new" / "backups" / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=StringIO())
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert not list(archive.parent.glob("*.partial"))


def test_the_backup_is_one_transaction(case, monkeypatch, tmp_path):
    """On SQLite too: every table is read inside one transaction."""
    start_object = precise_json.Serializer.start_object
    in_transaction = set()

    def start_object_noting(serializer, obj):
        in_transaction.add(connection.in_atomic_block)
        return start_object(serializer, obj)

    monkeypatch.setattr(precise_json.Serializer, "start_object", start_object_noting)
    call_command("backup", "--output", str(tmp_path / "b.tar.gz"), stdout=StringIO())
    assert in_transaction == {True}


def _rewrite(archive: Path, member: str, change) -> None:
    """Rewrite one member of an archive (a damaged or tampered backup)."""
    with tarfile.open(archive) as opened:
        members = {m.name: opened.extractfile(m).read() for m in opened.getmembers() if m.isfile()}
    members[member] = change(members[member])
    with tarfile.open(archive, "w:gz") as rewritten:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            rewritten.addfile(info, fileobj=io.BytesIO(content))


def test_verify_accepts_an_intact_archive_and_refuses_a_damaged_one(case, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    out = StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "verified" in out.getvalue()
    out = StringIO()
    call_command("backup", "--verify", str(archive), stdout=out)
    assert "is intact" in out.getvalue()

    def drop_a_record(content: bytes) -> bytes:
        return json.dumps(json.loads(content)[1:]).encode()

    _rewrite(archive, "data.portaljson", drop_a_record)
    with pytest.raises(CommandError, match="damaged"):
        call_command("backup", "--verify", str(archive), stdout=StringIO())
    call_command("flush", "--noinput", verbosity=0)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(archive), stdout=StringIO())
