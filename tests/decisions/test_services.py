import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.access import RecordLocked
from decisions.models import AgendaItem, Document, Meeting
from decisions.services import agenda_item_add_document, meeting_adjust, meeting_publish
from tests.decisions.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def past_meeting(**extra):
    return MeetingFactory(date=TODAY - datetime.timedelta(days=7), **extra)


def test_adjusting_records_the_date_and_adjusters_and_locks_the_minutes():
    meeting = past_meeting()
    item = AgendaItemFactory(meeting=meeting, kind=AgendaItem.Kind.INFORMATION)
    meeting_adjust(
        meeting=meeting, adjusted_on=TODAY, adjusters="  Anna  Andersson, Bo Berg ", confirm=True
    )
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.ADJUSTED
    assert meeting.adjusted_on == TODAY
    assert meeting.adjusters == "Anna Andersson, Bo Berg"
    item.refresh_from_db()
    assert item.is_locked


@pytest.mark.parametrize(
    ("adjusted_on", "adjusters", "field"),
    [
        (TODAY - datetime.timedelta(days=30), "Anna", "adjusted_on"),
        (TODAY + datetime.timedelta(days=1), "Anna", "adjusted_on"),
        (TODAY, "   ", "adjusters"),
    ],
)
def test_adjusting_refuses_bad_dates_and_missing_adjusters(adjusted_on, adjusters, field):
    meeting = past_meeting()
    with pytest.raises(ValidationError) as error:
        meeting_adjust(meeting=meeting, adjusted_on=adjusted_on, adjusters=adjusters, confirm=True)
    assert field in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT


def test_adjusted_minutes_are_not_adjusted_again():
    meeting = past_meeting()
    meeting_adjust(meeting=meeting, adjusted_on=TODAY, adjusters="Anna", confirm=True)
    with pytest.raises(ValidationError, match="already adjusted"):
        meeting_adjust(meeting=meeting, adjusted_on=TODAY, adjusters="Bo", confirm=True)
    meeting.refresh_from_db()
    assert meeting.adjusters == "Anna"


def test_publishing_needs_adjusted_minutes_and_happens_once():
    meeting = past_meeting()
    with pytest.raises(ValidationError, match="Adjust the minutes"):
        meeting_publish(meeting=meeting)
    meeting_adjust(meeting=meeting, adjusted_on=TODAY, adjusters="Anna", confirm=True)
    meeting_publish(meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.published_on) == ("published", TODAY)
    with pytest.raises(ValidationError, match="already published"):
        meeting_publish(meeting=meeting)


def test_minutes_are_not_published_before_they_are_adjusted():
    meeting = past_meeting()
    meeting_adjust(meeting=meeting, adjusted_on=TODAY, adjusters="Anna", confirm=True)
    with pytest.raises(ValidationError):
        meeting_publish(meeting=meeting, published_on=TODAY - datetime.timedelta(days=1))


def test_a_document_added_to_a_draft_item_is_its_last_underlag(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItemFactory()
    upload = SimpleUploadedFile("Skrivelse 2026.PDF", b"%PDF-1.4")
    saved = agenda_item_add_document(
        agenda_item=item,
        data={"title": "Tjänsteskrivelse", "kind": "official_memo", "file": upload},
    )
    saved.refresh_from_db()
    assert saved.original_filename == "Skrivelse 2026.PDF"
    assert saved.file.name.startswith("documents/") and saved.file.name.endswith(".pdf")
    assert "Skrivelse" not in saved.file.name
    assert list(item.documents.all()) == [saved]
    assert saved.project_id == item.project_id


def test_documents_are_not_added_to_adjusted_minutes():
    item = AgendaItemFactory(
        meeting=past_meeting(minutes_status="adjusted", adjusted_on=TODAY, adjusters="Anna")
    )
    with pytest.raises(RecordLocked):
        agenda_item_add_document(
            agenda_item=item, data={"title": "Sen handling", "kind": "appendix"}
        )
    assert not Document.objects.exists()
