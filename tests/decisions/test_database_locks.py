"""The database refuses changes to adjusted minutes, whatever path a change takes."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from decisions.models import AgendaItem, AgendaItemDocument, DecisionPoint, Document, Meeting
from tests.decisions.factories import (
    AgendaItemFactory,
    DecisionPointFactory,
    DocumentFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no DELETE guards (see migration)"
)


@pytest.fixture
def adjusted_item():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 1), minutes_status="draft")
    item = AgendaItemFactory(meeting=meeting)
    DecisionPointFactory(agenda_item=item)
    AgendaItemDocument.objects.create(agenda_item=item, document=DocumentFactory())
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status="adjusted", adjusted_on=datetime.date(2026, 3, 8), adjusters="A, B"
    )
    return item


def refused(operation):
    with (
        pytest.raises(IntegrityError, match="adjusted minutes are read-only"),
        transaction.atomic(),
    ):
        operation()


def test_agenda_items_of_adjusted_minutes_cannot_be_updated(adjusted_item):
    refused(lambda: AgendaItem.objects.filter(pk=adjusted_item.pk).update(title="Ändrad"))
    adjusted_item.refresh_from_db()
    assert adjusted_item.title != "Ändrad"


def test_points_links_and_documents_of_adjusted_minutes_cannot_be_updated(adjusted_item):
    refused(lambda: DecisionPoint.objects.filter(agenda_item=adjusted_item).update(text="Annat"))
    refused(lambda: AgendaItemDocument.objects.filter(agenda_item=adjusted_item).update(position=9))
    refused(
        lambda: Document.objects.filter(agenda_links__agenda_item=adjusted_item).update(title="X")
    )


def test_a_document_of_adjusted_minutes_may_get_its_missing_file_and_a_new_secrecy_assessment(
    adjusted_item,
):
    documents = Document.objects.filter(agenda_links__agenda_item=adjusted_item)
    documents.update(file="documents/2026/abc.pdf", original_filename="beslut.pdf")
    documents.update(is_public=False, secrecy_reason="OSL 19 kap. 3 §")
    refused(lambda: documents.update(file="documents/2026/other.pdf"))
    refused(lambda: documents.update(kind="other"))


def test_adjusted_minutes_cannot_go_back_to_draft_or_change(adjusted_item):
    meeting = Meeting.objects.filter(pk=adjusted_item.meeting_id)
    refused(lambda: meeting.update(minutes_status="draft", adjusted_on=None))
    refused(lambda: meeting.update(date=datetime.date(2026, 3, 2)))
    refused(lambda: meeting.update(adjusters="Någon annan"))


def test_adjusted_minutes_may_be_published_and_then_stay_published(adjusted_item):
    meeting = Meeting.objects.filter(pk=adjusted_item.meeting_id)
    meeting.update(minutes_status="published", published_on=datetime.date(2026, 3, 9))
    refused(lambda: meeting.update(minutes_status="adjusted"))
    refused(lambda: meeting.update(published_on=datetime.date(2026, 3, 10)))


def test_draft_minutes_change_freely():
    item = AgendaItemFactory(meeting=MeetingFactory(minutes_status="draft"))
    AgendaItem.objects.filter(pk=item.pk).update(title="Ändrad")
    item.refresh_from_db()
    assert item.title == "Ändrad"
    item.delete()


@postgres_only
def test_adjusted_minutes_cannot_be_deleted_on_postgresql(adjusted_item):
    refused(lambda: DecisionPoint.objects.filter(agenda_item=adjusted_item).delete())
    refused(lambda: AgendaItemDocument.objects.filter(agenda_item=adjusted_item).delete())

    def delete_meeting():
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM decisions_meeting WHERE id = %s", [adjusted_item.meeting_id]
            )

    refused(delete_meeting)


@postgres_only
def test_maintenance_may_remove_locked_rows_inside_its_transaction_only(adjusted_item):
    from core.maintenance import bypass_minute_locks

    with bypass_minute_locks():
        DecisionPoint.objects.filter(agenda_item=adjusted_item).delete()
    assert not DecisionPoint.objects.filter(agenda_item=adjusted_item).exists()
    refused(lambda: AgendaItem.objects.filter(pk=adjusted_item.pk).update(title="Ändrad"))


def test_every_column_of_a_document_of_adjusted_minutes_is_locked(adjusted_item):
    """Issue 13: the original file name (and any other column) changed under a lock that
    listed six columns. Only the file with its name (once), the assessment and `modified`
    may change."""
    documents = Document.objects.filter(agenda_links__agenda_item=adjusted_item)
    documents.update(file="documents/2026/abc.pdf", original_filename="beslut.pdf")
    refused(lambda: documents.update(original_filename="nytt namn.pdf"))
    refused(lambda: documents.update(created=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)))
    refused(lambda: documents.update(is_public=False, title="Annan titel"))
    assert documents.get().original_filename == "beslut.pdf"
