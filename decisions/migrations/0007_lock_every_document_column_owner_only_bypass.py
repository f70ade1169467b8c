"""
Two side doors of the lock of adjusted minutes (migration 0003) closed (issue 13):

* A document of adjusted minutes keeps **every column** — ``original_filename`` and any
  column added later included — except what 0003 lets change: its file (with its original
  name) may be attached once when it had none, its public/secrecy assessment may change,
  and ``modified`` follows. PostgreSQL compares the whole row as ``jsonb`` minus those
  columns, so a new column is covered without a new migration; SQLite's trigger lists the
  columns.
* ``portal.maintenance = 'on'`` lifts the lock only for a member of the role that owns the
  tables (the owner of a two-role deployment, or a superuser). Any role may set a custom
  setting; the runtime role (README, "Two database roles") setting it changes nothing.
"""

from django.db import migrations

MESSAGE = "adjusted minutes are read-only; corrections are new records"
# What may change on a document of adjusted minutes (see the docstring).
MAY_CHANGE = "ARRAY['file', 'original_filename', 'is_public', 'secrecy_reason', 'modified']"

POSTGRES = f"""
CREATE OR REPLACE FUNCTION decisions_lock_bypassed() RETURNS boolean AS $$
    SELECT coalesce(current_setting('portal.maintenance', true), '') = 'on'
        AND pg_has_role(
            current_user,
            (SELECT relowner FROM pg_class WHERE oid = 'decisions_meeting'::regclass),
            'MEMBER'
        );
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION decisions_refuse_locked_document() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND to_jsonb(NEW) - {MAY_CHANGE} = to_jsonb(OLD) - {MAY_CHANGE}
        AND ((NEW.file, NEW.original_filename) IS NOT DISTINCT FROM
             (OLD.file, OLD.original_filename)
             OR OLD.file = '')
    THEN
        RETURN NEW;
    END IF;
    IF NOT decisions_lock_bypassed() AND EXISTS (
        SELECT 1 FROM decisions_agendaitemdocument link
        JOIN decisions_agendaitem item ON item.id = link.agenda_item_id
        JOIN decisions_meeting meeting ON meeting.id = item.meeting_id
        WHERE link.document_id = OLD.id AND meeting.minutes_status <> 'draft'
    ) THEN
        RAISE EXCEPTION '{MESSAGE} (document %)', OLD.id USING ERRCODE = '23514';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""  # noqa: S608 - module constants only, no input

# 0003's functions, to migrate backwards.
POSTGRES_REVERSE = f"""
CREATE OR REPLACE FUNCTION decisions_lock_bypassed() RETURNS boolean AS $$
    SELECT coalesce(current_setting('portal.maintenance', true), '') = 'on';
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION decisions_refuse_locked_document() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND (NEW.title, NEW.kind, NEW.date, NEW.diarienummer, NEW.project_id, NEW.source)
            IS NOT DISTINCT FROM
            (OLD.title, OLD.kind, OLD.date, OLD.diarienummer, OLD.project_id, OLD.source)
        AND (NEW.file = OLD.file OR OLD.file = '')
    THEN
        RETURN NEW;
    END IF;
    IF NOT decisions_lock_bypassed() AND EXISTS (
        SELECT 1 FROM decisions_agendaitemdocument link
        JOIN decisions_agendaitem item ON item.id = link.agenda_item_id
        JOIN decisions_meeting meeting ON meeting.id = item.meeting_id
        WHERE link.document_id = OLD.id AND meeting.minutes_status <> 'draft'
    ) THEN
        RAISE EXCEPTION '{MESSAGE} (document %)', OLD.id USING ERRCODE = '23514';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""  # noqa: S608 - module constants only, no input

_LOCKED = """EXISTS (SELECT 1 FROM decisions_agendaitemdocument link
                 JOIN decisions_agendaitem item ON item.id = link.agenda_item_id
                 JOIN decisions_meeting meeting ON meeting.id = item.meeting_id
                 WHERE link.document_id = OLD.id AND meeting.minutes_status <> 'draft')"""


def _sqlite_trigger(columns: list[str]) -> str:
    # SQLite has no row-to-json comparison in a trigger's WHEN; the columns are listed from
    # the table itself when this migration runs (a later column needs a migration there).
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    return f"""CREATE TRIGGER decisions_document_locked BEFORE UPDATE ON decisions_document
    WHEN ({changed}
          OR (OLD.file <> '' AND (NEW.file IS NOT OLD.file
                                  OR NEW.original_filename IS NOT OLD.original_filename)))
    AND {_LOCKED}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""


SQLITE_REVERSE = f"""CREATE TRIGGER decisions_document_locked BEFORE UPDATE ON decisions_document
    WHEN (NEW.title IS NOT OLD.title OR NEW.kind IS NOT OLD.kind OR NEW.date IS NOT OLD.date
          OR NEW.diarienummer IS NOT OLD.diarienummer OR NEW.project_id IS NOT OLD.project_id
          OR NEW.source IS NOT OLD.source OR (OLD.file <> '' AND NEW.file IS NOT OLD.file))
    AND {_LOCKED}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""


def _replace(schema_editor, postgres: str, sqlite: str | None) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(postgres)  # no parameters: RAISE's % placeholders
            return
        if sqlite is None:
            columns = [
                column.name
                for column in connection.introspection.get_table_description(
                    cursor, "decisions_document"
                )
                if column.name
                not in ("file", "original_filename", "is_public", "secrecy_reason", "modified")
            ]
            sqlite = _sqlite_trigger(columns)
        cursor.execute("DROP TRIGGER IF EXISTS decisions_document_locked")
        cursor.execute(sqlite)


def forwards(apps, schema_editor):
    _replace(schema_editor, POSTGRES, None)


def backwards(apps, schema_editor):
    _replace(schema_editor, POSTGRES_REVERSE, SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0006_minutes_status_not_in_portal")]

    operations = [migrations.RunPython(forwards, backwards)]
