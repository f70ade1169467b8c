"""A two-role deployment on PostgreSQL (README, "Two database roles"): the runtime role,
granted what the README grants, writes rows but cannot lift the lock of adjusted minutes —
not by disabling a trigger, not by replacing its function, not by `portal.maintenance`."""

import datetime
import os

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from decisions.models import AgendaItemDocument, Meeting
from dialogues.models import Theme
from tests.decisions.factories import AgendaItemFactory, DocumentFactory, MeetingFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's"),
]

# The README's grants for a database migrated before the roles were split (the test
# database is migrated by the test runner's role).
GRANTS = [
    "GRANT CONNECT ON DATABASE {database} TO {role}",
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
]


@pytest.fixture
def runtime():
    """A connection as a fresh runtime role (its own name per process: roles are the
    server's, shared by every test database on it)."""
    role = sql.Identifier(f"portal_runtime_test_{os.getpid()}")
    database = sql.Identifier(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own, to compose identifiers
        raw.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(role))
        raw.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        for grant in GRANTS:
            raw.execute(sql.SQL(grant).format(database=database, role=role))
    settings = connection.settings_dict
    runtime = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=f"portal_runtime_test_{os.getpid()}",
    )
    try:
        yield runtime
    finally:
        runtime.close()
        with connection.cursor() as cursor:
            cursor.cursor.execute(sql.SQL("DROP OWNED BY {}").format(role))
            cursor.cursor.execute(sql.SQL("DROP ROLE {}").format(role))


@pytest.fixture
def adjusted_meeting():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 1), minutes_status="draft")
    item = AgendaItemFactory(meeting=meeting)
    AgendaItemDocument.objects.create(agenda_item=item, document=DocumentFactory())
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status="adjusted", adjusted_on=datetime.date(2026, 3, 8), adjusters="A, B"
    )
    return meeting


def refused(runtime, statement, parameters=(), *, error=psycopg.errors.InsufficientPrivilege):
    with pytest.raises(error), runtime.cursor() as cursor:
        cursor.execute(statement, parameters)
    runtime.rollback()


def test_the_runtime_role_cannot_switch_off_the_lock_of_adjusted_minutes(runtime, adjusted_meeting):
    refused(runtime, "ALTER TABLE decisions_meeting DISABLE TRIGGER decisions_meeting_locked")
    refused(runtime, "ALTER TABLE decisions_meeting DISABLE TRIGGER ALL")
    refused(runtime, "DROP TRIGGER decisions_meeting_locked ON decisions_meeting")
    refused(
        runtime,
        "CREATE OR REPLACE FUNCTION decisions_lock_bypassed() RETURNS boolean "
        "AS 'SELECT true' LANGUAGE sql",
    )
    refused(runtime, "SET session_replication_role = replica")  # triggers off: superuser only
    refused(runtime, "CREATE TABLE decisions_side_door (id int)")
    # Any role may set a custom setting; the lock ignores it from a role that owns nothing.
    with runtime.cursor() as cursor:
        cursor.execute("SET LOCAL portal.maintenance = 'on'")
        with pytest.raises(psycopg.errors.IntegrityError, match="adjusted minutes are read-only"):
            cursor.execute(
                "UPDATE decisions_meeting SET adjusters = 'Någon annan' WHERE id = %s",
                [adjusted_meeting.pk],
            )
    runtime.rollback()
    adjusted_meeting.refresh_from_db()
    assert adjusted_meeting.adjusters == "A, B"


def test_the_runtime_role_writes_rows(runtime, adjusted_meeting):
    draft = MeetingFactory(date=datetime.date(2026, 4, 1), minutes_status="draft")
    with runtime.cursor() as cursor:
        cursor.execute(
            "INSERT INTO dialogues_theme (name, slug) VALUES ('Vatten', 'vatten') RETURNING id"
        )
        cursor.execute(
            "UPDATE decisions_meeting SET location = 'Östersund' WHERE id = %s", [draft.pk]
        )
        cursor.execute("DELETE FROM dialogues_theme WHERE slug = 'vatten'")
        cursor.execute("INSERT INTO dialogues_theme (name, slug) VALUES ('Skog', 'skog')")
    runtime.commit()
    draft.refresh_from_db()
    assert draft.location == "Östersund"
    assert list(Theme.objects.values_list("slug", flat=True)) == ["skog"]


def test_the_owner_may_still_lift_the_lock_for_maintenance(adjusted_meeting):
    """The test runner's role owns the tables (a superuser here): bypass_minute_locks works
    for it, as for the owner of a two-role deployment."""
    from core.maintenance import bypass_minute_locks

    with bypass_minute_locks():
        Meeting.objects.filter(pk=adjusted_meeting.pk).update(adjusters="Rättad")
    adjusted_meeting.refresh_from_db()
    assert adjusted_meeting.adjusters == "Rättad"
