import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import AgendaItemDocument
from tests.decisions.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    DocumentFactory,
    MeetingFactory,
)
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def make_meetings(committee, count, *, start=0, status="published"):
    today = timezone.localdate()
    for n in range(start, start + count):
        meeting = MeetingFactory(
            committee=committee, date=today - datetime.timedelta(days=10 + n), minutes_status=status
        )
        AgendaItemFactory(meeting=meeting)
        MeetingFactory(
            committee=committee,
            date=today + datetime.timedelta(days=10 + n),
            minutes_status="draft",
        )


def test_decision_records_make_the_same_queries_for_2_and_20_meetings(client, registrar):
    committee = CommitteeFactory()
    client.force_login(registrar)
    make_meetings(committee, 2)
    response = assert_constant_queries(
        client,
        reverse("decisions:list"),
        lambda: make_meetings(committee, 18, start=2),
        expected=7,
    )
    assert response.context["page_obj"].paginator.count == 20
    assert len(response.context["upcoming"]) == 20


def test_committee_page_makes_the_same_queries_for_2_and_20_meetings(client, planner):
    committee = CommitteeFactory()
    client.force_login(planner)
    make_meetings(committee, 2)
    assert_constant_queries(
        client,
        reverse("decisions:committee", args=[committee.pk]),
        lambda: make_meetings(committee, 18, start=2),
        expected=8,
    )


def test_anonymous_sees_only_meetings_with_published_minutes(client):
    committee = CommitteeFactory()
    make_meetings(committee, 1)
    response = client.get(reverse("decisions:list"))
    assert response.context["page_obj"].paginator.count == 1
    assert response.context["upcoming"] == []


def test_meeting_page_makes_the_same_queries_for_2_and_20_agenda_items(client, committee_member):
    meeting = MeetingFactory()

    def add_items(count):
        for _ in range(count):
            item = AgendaItemFactory(meeting=meeting)
            AgendaItemDocument.objects.create(agenda_item=item, document=DocumentFactory())

    add_items(2)
    client.force_login(committee_member)
    response = assert_constant_queries(
        client, reverse("decisions:meeting", args=[meeting.pk]), lambda: add_items(18), expected=5
    )
    assert len(response.context["items"]) == 20


def test_agenda_item_page_makes_the_same_queries_for_2_and_20_documents(client, planner):
    item = AgendaItemFactory()

    def add_documents(count):
        for _ in range(count):
            AgendaItemDocument.objects.create(agenda_item=item, document=DocumentFactory())

    add_documents(2)
    client.force_login(planner)
    response = assert_constant_queries(
        client,
        reverse("decisions:agenda_item", args=[item.pk]),
        lambda: add_documents(18),
        expected=7,
    )
    assert len(response.context["documents"]) == 20
