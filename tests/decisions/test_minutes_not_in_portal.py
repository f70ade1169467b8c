"""Minutes the public record only mentions (issue 12 §2.1): the meeting is public, its minutes'
status is "not in the portal", and nothing suggests the portal holds them — no "adjusted
minutes" box, no protocol extract. Like adjusted minutes, the record does not change."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from decisions.models import AgendaItem, Meeting
from tests.decisions.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentioned_item() -> AgendaItem:
    meeting = MeetingFactory(
        date=datetime.date(2025, 2, 18), minutes_status=Meeting.MinutesStatus.NOT_IN_PORTAL
    )
    return AgendaItemFactory(
        meeting=meeting, kind=AgendaItem.Kind.INFORMATION, number=None, title="Informationspunkt"
    )


def test_the_public_reads_a_mentioned_meeting_without_an_adjusted_box(client, mentioned_item):
    meeting = mentioned_item.meeting
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Not in the portal" in page
    assert "data-minutes-not-in-portal" in page
    assert "Adjusted minutes (justerat)" not in page
    item_page = client.get(mentioned_item.get_absolute_url()).content.decode()
    assert "data-minutes-not-in-portal" in item_page
    assert "Adjusted minutes (justerat)" not in item_page
    assert reverse("decisions:agenda_item_extract", args=[mentioned_item.pk]) not in item_page


def test_no_protocol_extract_is_offered_for_minutes_not_in_the_portal(
    admin_client, client, mentioned_item
):
    url = reverse("decisions:agenda_item_extract", args=[mentioned_item.pk])
    assert client.get(url).status_code == 404
    assert admin_client.get(url).status_code == 404


def test_the_registrar_is_offered_no_justering_for_minutes_not_in_the_portal(
    client, registrar, mentioned_item
):
    meeting = mentioned_item.meeting
    client.force_login(registrar)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("decisions:meeting_adjust", args=[meeting.pk]) not in page
    assert "The minutes of this meeting are not in the portal." in page


def test_the_database_keeps_a_mentioned_meeting_as_the_record_says(mentioned_item):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=mentioned_item.pk).update(title="Något annat")
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=mentioned_item.meeting_id).update(minutes_status="draft")
