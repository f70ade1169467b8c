"""
The database itself refuses changes to adjusted (justerade) minutes, whatever path a change
takes (pages, API, admin, bulk updates, raw SQL):

* an agenda item, proposal point, decision point or document link of a meeting whose minutes
  are not a draft cannot be updated (nor, on PostgreSQL, deleted);
* a document that underlies such an agenda item keeps its title, kind, date, diarienummer,
  project and source, and is not deleted (PostgreSQL); its file may be attached once when
  it had none (the PDF often arrives after the meeting), and its public/secrecy assessment
  may change (secrecy under OSL is assessed anew and expires);
* a meeting whose minutes are adjusted can only move on to published (setting its
  publication date); nothing else of it changes, and it is never deleted (PostgreSQL).

SQLite has no DELETE guards: Django's test runner empties tables with DELETE there, and
deletions are refused by PROTECT foreign keys and the application. Inserting new rows is left
to the application (records are built before their minutes are adjusted).
Violations raise IntegrityError (PostgreSQL SQLSTATE 23514, SQLite RAISE(ABORT)).

Maintenance that must remove such rows (deleting generated test data) runs inside
``core.maintenance.bypass_minute_locks()``, which sets ``portal.maintenance`` for the current
transaction only (PostgreSQL).
"""

from django.db import migrations

MESSAGE = "adjusted minutes are read-only; corrections are new records"

POSTGRES = f"""
CREATE OR REPLACE FUNCTION decisions_lock_bypassed() RETURNS boolean AS $$
    SELECT coalesce(current_setting('portal.maintenance', true), '') = 'on';
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION decisions_meeting_is_locked(meeting bigint) RETURNS boolean AS $$
    SELECT NOT decisions_lock_bypassed() AND EXISTS (
        SELECT 1 FROM decisions_meeting WHERE id = meeting AND minutes_status <> 'draft'
    );
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION decisions_refuse_locked_item() RETURNS trigger AS $$
BEGIN
    IF decisions_meeting_is_locked(OLD.meeting_id) THEN
        RAISE EXCEPTION '{MESSAGE} (agenda item %)', OLD.id USING ERRCODE = '23514';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION decisions_refuse_locked_part() RETURNS trigger AS $$
BEGIN
    IF decisions_meeting_is_locked(
        (SELECT meeting_id FROM decisions_agendaitem WHERE id = OLD.agenda_item_id)
    ) THEN
        RAISE EXCEPTION '{MESSAGE} (%, agenda item %)', TG_TABLE_NAME, OLD.agenda_item_id
            USING ERRCODE = '23514';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

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

CREATE OR REPLACE FUNCTION decisions_refuse_locked_meeting() RETURNS trigger AS $$
BEGIN
    IF OLD.minutes_status = 'draft' OR decisions_lock_bypassed() THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{MESSAGE} (meeting %)', OLD.id USING ERRCODE = '23514';
    END IF;
    IF NEW.minutes_status = 'draft'
        OR (OLD.minutes_status = 'published' AND NEW.minutes_status <> 'published')
        OR (NEW.committee_id, NEW.date, NEW.kind, NEW.location, NEW.adjusted_on,
            NEW.adjusters, NEW.source)
           IS DISTINCT FROM
           (OLD.committee_id, OLD.date, OLD.kind, OLD.location, OLD.adjusted_on,
            OLD.adjusters, OLD.source)
        OR (OLD.published_on IS NOT NULL AND NEW.published_on IS DISTINCT FROM OLD.published_on)
    THEN
        RAISE EXCEPTION '{MESSAGE} (meeting %)', OLD.id USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER decisions_agendaitem_locked BEFORE UPDATE OR DELETE ON decisions_agendaitem
    FOR EACH ROW EXECUTE FUNCTION decisions_refuse_locked_item();
CREATE TRIGGER decisions_proposalpoint_locked BEFORE UPDATE OR DELETE ON decisions_proposalpoint
    FOR EACH ROW EXECUTE FUNCTION decisions_refuse_locked_part();
CREATE TRIGGER decisions_decisionpoint_locked BEFORE UPDATE OR DELETE ON decisions_decisionpoint
    FOR EACH ROW EXECUTE FUNCTION decisions_refuse_locked_part();
CREATE TRIGGER decisions_agendaitemdocument_locked
    BEFORE UPDATE OR DELETE ON decisions_agendaitemdocument
    FOR EACH ROW EXECUTE FUNCTION decisions_refuse_locked_part();
CREATE TRIGGER decisions_document_locked BEFORE UPDATE OR DELETE ON decisions_document
    FOR EACH ROW EXECUTE FUNCTION decisions_refuse_locked_document();
CREATE TRIGGER decisions_meeting_locked BEFORE UPDATE OR DELETE ON decisions_meeting
    FOR EACH ROW EXECUTE FUNCTION decisions_refuse_locked_meeting();
"""

POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS decisions_agendaitem_locked ON decisions_agendaitem;
DROP TRIGGER IF EXISTS decisions_proposalpoint_locked ON decisions_proposalpoint;
DROP TRIGGER IF EXISTS decisions_decisionpoint_locked ON decisions_decisionpoint;
DROP TRIGGER IF EXISTS decisions_agendaitemdocument_locked ON decisions_agendaitemdocument;
DROP TRIGGER IF EXISTS decisions_document_locked ON decisions_document;
DROP TRIGGER IF EXISTS decisions_meeting_locked ON decisions_meeting;
DROP FUNCTION IF EXISTS decisions_refuse_locked_meeting();
DROP FUNCTION IF EXISTS decisions_refuse_locked_document();
DROP FUNCTION IF EXISTS decisions_refuse_locked_part();
DROP FUNCTION IF EXISTS decisions_refuse_locked_item();
DROP FUNCTION IF EXISTS decisions_meeting_is_locked(bigint);
DROP FUNCTION IF EXISTS decisions_lock_bypassed();
"""

_LOCKED_VIA_ITEM = (
    "EXISTS (SELECT 1 FROM decisions_agendaitem item JOIN decisions_meeting meeting "
    "ON meeting.id = item.meeting_id WHERE item.id = OLD.agenda_item_id "
    "AND meeting.minutes_status <> 'draft')"
)
SQLITE = [
    f"""CREATE TRIGGER decisions_agendaitem_locked BEFORE UPDATE ON decisions_agendaitem
    WHEN EXISTS (SELECT 1 FROM decisions_meeting
                 WHERE id = OLD.meeting_id AND minutes_status <> 'draft')
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    *(
        f"""CREATE TRIGGER {table}_locked BEFORE UPDATE ON {table}
    WHEN {_LOCKED_VIA_ITEM}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
        for table in (
            "decisions_proposalpoint",
            "decisions_decisionpoint",
            "decisions_agendaitemdocument",
        )
    ),
    f"""CREATE TRIGGER decisions_document_locked BEFORE UPDATE ON decisions_document
    WHEN (NEW.title IS NOT OLD.title OR NEW.kind IS NOT OLD.kind OR NEW.date IS NOT OLD.date
          OR NEW.diarienummer IS NOT OLD.diarienummer OR NEW.project_id IS NOT OLD.project_id
          OR NEW.source IS NOT OLD.source OR (OLD.file <> '' AND NEW.file IS NOT OLD.file))
    AND EXISTS (SELECT 1 FROM decisions_agendaitemdocument link
                 JOIN decisions_agendaitem item ON item.id = link.agenda_item_id
                 JOIN decisions_meeting meeting ON meeting.id = item.meeting_id
                 WHERE link.document_id = OLD.id AND meeting.minutes_status <> 'draft')
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER decisions_meeting_locked BEFORE UPDATE ON decisions_meeting
    WHEN OLD.minutes_status <> 'draft' AND (
        NEW.minutes_status = 'draft'
        OR (OLD.minutes_status = 'published' AND NEW.minutes_status <> 'published')
        OR NEW.committee_id IS NOT OLD.committee_id OR NEW.date IS NOT OLD.date
        OR NEW.kind IS NOT OLD.kind OR NEW.location IS NOT OLD.location
        OR NEW.adjusted_on IS NOT OLD.adjusted_on OR NEW.adjusters IS NOT OLD.adjusters
        OR NEW.source IS NOT OLD.source
        OR (OLD.published_on IS NOT NULL AND NEW.published_on IS NOT OLD.published_on))
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {table}_locked"
    for table in (
        "decisions_agendaitem",
        "decisions_proposalpoint",
        "decisions_decisionpoint",
        "decisions_agendaitemdocument",
        "decisions_document",
        "decisions_meeting",
    )
]


def _run(schema_editor, postgres: str, sqlite: list[str]) -> None:
    # Executed without parameters: the PL/pgSQL bodies contain % placeholders of RAISE.
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(postgres)
        else:
            for statement in sqlite:
                cursor.execute(statement)


def create_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRES, SQLITE)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, POSTGRES_REVERSE, SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0002_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
