"""Justering (issue 12): incomplete minutes are refused, saying which items lack what; the
irreversible step needs an explicit confirmation on the page and over the API; the admin
cannot adjust around the service; the form is offered from the meeting's day, with a default
the service accepts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import record_version
from core.services import RuleRefused
from decisions.models import AgendaItem, Meeting
from decisions.services import meeting_adjust, meeting_create, meeting_update
from tests.decisions.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    DecisionPointFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def held_meeting() -> Meeting:
    return MeetingFactory(date=TODAY - datetime.timedelta(days=3))


def complete_item(meeting: Meeting, **extra) -> AgendaItem:
    item = AgendaItemFactory(meeting=meeting, outcome=AgendaItem.Outcome.AS_PROPOSED, **extra)
    DecisionPointFactory(agenda_item=item)
    return item


def incomplete_meeting() -> tuple[Meeting, AgendaItem, AgendaItem]:
    """A held meeting with one complete decision item, one without beslut and outcome, one
    without outcome, and an information item (which needs neither)."""
    meeting = held_meeting()
    complete_item(meeting, position=1)
    empty = AgendaItemFactory(meeting=meeting, position=2, title="Tomt beslut")
    no_outcome = AgendaItemFactory(meeting=meeting, position=3, title="Utan utfall")
    DecisionPointFactory(agenda_item=no_outcome)
    AgendaItemFactory(meeting=meeting, position=4, kind=AgendaItem.Kind.INFORMATION)
    return meeting, empty, no_outcome


def assert_draft(meeting: Meeting) -> None:
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.adjusted_on, meeting.adjusters) == ("draft", None, "")


# --- the service ---------------------------------------------------------------------------


def test_incomplete_decision_items_are_listed_with_what_they_lack(django_assert_num_queries):
    meeting, empty, no_outcome = incomplete_meeting()
    with django_assert_num_queries(1):
        incomplete = meeting.incomplete_decision_items()
    assert [(item.pk, lacks) for item, lacks in incomplete] == [
        (empty.pk, ["decision", "outcome"]),
        (no_outcome.pk, ["outcome"]),
    ]


def test_justering_of_incomplete_minutes_is_refused_naming_the_items():
    meeting, empty, no_outcome = incomplete_meeting()
    with pytest.raises(RuleRefused) as refused:
        meeting_adjust(meeting=meeting, adjusted_on=TODAY, adjusters="Anna", confirm=True)
    assert refused.value.code == "incomplete"
    message = refused.value.message
    assert f"{empty} has neither a decision (beslut) nor an outcome" in message
    assert f"{no_outcome} has no outcome" in message
    assert_draft(meeting)


def test_justering_without_confirmation_is_refused():
    meeting = held_meeting()
    complete_item(meeting)
    with pytest.raises(ValidationError) as error:
        meeting_adjust(meeting=meeting, adjusted_on=TODAY, adjusters="Anna")
    assert "confirm" in error.value.message_dict
    assert_draft(meeting)


def test_minutes_of_a_meeting_not_yet_held_are_not_adjusted():
    meeting = MeetingFactory(date=TODAY + datetime.timedelta(days=1))
    with pytest.raises(RuleRefused) as refused:
        meeting_adjust(meeting=meeting, adjusted_on=TODAY, adjusters="Anna", confirm=True)
    assert refused.value.code == "not_held"
    assert_draft(meeting)


def test_complete_and_confirmed_minutes_are_adjusted():
    meeting = held_meeting()
    complete_item(meeting)
    AgendaItemFactory(meeting=meeting, kind=AgendaItem.Kind.INFORMATION)
    meeting_adjust(meeting=meeting, adjusted_on=TODAY, adjusters="Anna", confirm=True)
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.adjusted_on) == ("adjusted", TODAY)


def test_editing_a_meeting_does_not_adjust_or_publish_it():
    meeting = held_meeting()
    with pytest.raises(RuleRefused):
        meeting_update(
            meeting=meeting,
            data={"minutes_status": "adjusted", "adjusted_on": TODAY, "adjusters": "Anna"},
            version=record_version(meeting),
        )
    assert_draft(meeting)
    with pytest.raises(RuleRefused):
        meeting_create(
            data={
                "committee": CommitteeFactory(),
                "date": TODAY,
                "minutes_status": "published",
                "adjusted_on": TODAY,
                "published_on": TODAY,
            }
        )
    assert Meeting.objects.count() == 1


# --- the page ------------------------------------------------------------------------------


def _adjust_url(meeting: Meeting) -> str:
    return reverse("decisions:meeting_adjust", args=[meeting.pk])


def test_the_page_lists_what_is_missing_and_refuses_incomplete_minutes(client, registrar):
    meeting, empty, _ = incomplete_meeting()
    client.force_login(registrar)
    page = client.get(_adjust_url(meeting)).content.decode()
    assert "data-incomplete-minutes" in page
    assert reverse("decisions:agenda_item_edit", args=[empty.pk]) in page
    response = client.post(
        _adjust_url(meeting),
        {"adjusted_on": TODAY.isoformat(), "adjusters": "Anna", "confirm": "on"},
    )
    assert response.status_code == 400
    assert "has neither a decision (beslut) nor an outcome" in response.content.decode()
    assert_draft(meeting)


def test_the_page_asks_for_confirmation_then_adjusts(client, registrar):
    meeting = held_meeting()
    complete_item(meeting)
    client.force_login(registrar)
    data = {"adjusted_on": TODAY.isoformat(), "adjusters": "Anna Andersson"}
    response = client.post(_adjust_url(meeting), data)
    assert response.status_code == 400
    assert "Confirm the justering" in response.content.decode()
    assert 'value="Anna Andersson"' in response.content.decode()
    assert_draft(meeting)
    response = client.post(_adjust_url(meeting), data | {"confirm": "on"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == "adjusted"


def test_the_form_defaults_to_a_date_the_service_accepts(client, registrar):
    meeting = held_meeting()
    client.force_login(registrar)
    page = client.get(_adjust_url(meeting)).content.decode()
    assert f'value="{TODAY.isoformat()}"' in page
    assert f'min="{meeting.date.isoformat()}"' in page
    assert f'max="{TODAY.isoformat()}"' in page


def test_justering_is_not_offered_for_a_meeting_not_yet_held(client, registrar):
    meeting = MeetingFactory(date=TODAY + datetime.timedelta(days=7))
    client.force_login(registrar)
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert _adjust_url(meeting) not in detail
    assert "has not been held yet" in detail
    page = client.get(_adjust_url(meeting)).content.decode()
    assert 'name="adjusted_on"' not in page
    assert "has not been held yet" in page
    held = held_meeting()
    assert _adjust_url(held) in client.get(held.get_absolute_url()).content.decode()


# --- the API -------------------------------------------------------------------------------


def _api_adjust(user, meeting: Meeting, **data):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    body = {"adjusted_on": TODAY.isoformat(), "adjusters": "Anna"} | data
    return client.post(reverse("meeting-adjust", args=[meeting.pk]), body, format="json")


@pytest.mark.parametrize("confirm", [None, False, "true", 1, "on"])
def test_the_api_needs_an_explicit_json_true(registrar, confirm):
    meeting = held_meeting()
    complete_item(meeting)
    data = {} if confirm is None else {"confirm": confirm}
    response = _api_adjust(registrar, meeting, **data)
    assert response.status_code == 400, response.content
    assert "confirm" in response.json()["errors"]
    assert_draft(meeting)


def test_the_api_refuses_incomplete_minutes_with_409(registrar):
    meeting, empty, _ = incomplete_meeting()
    response = _api_adjust(registrar, meeting, confirm=True)
    assert response.status_code == 409
    assert str(empty) in response.json()["detail"]
    assert_draft(meeting)


def test_the_api_adjusts_confirmed_complete_minutes(registrar, planner):
    meeting = held_meeting()
    complete_item(meeting)
    assert _api_adjust(planner, meeting, confirm=True).status_code == 403
    assert_draft(meeting)
    response = _api_adjust(registrar, meeting, confirm=True)
    assert response.status_code == 200, response.content
    assert response.json()["minutes_status"] == "adjusted"
    assert response["ETag"]


# --- the admin -----------------------------------------------------------------------------


def test_the_admin_shows_the_minutes_steps_but_does_not_set_them(admin_client):
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting)  # an empty decision: justering would be refused
    url = reverse("admin:decisions_meeting_change", args=[meeting.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="minutes_status"' not in page
    assert 'name="adjusted_on"' not in page
    response = admin_client.post(
        url,
        {
            "committee": meeting.committee_id,
            "date": meeting.date.isoformat(),
            "kind": meeting.kind,
            "location": "Östersund",
            "minutes_status": "adjusted",
            "adjusted_on": TODAY.isoformat(),
            "adjusters": "Anna",
            "source": "",
            "record_version": record_version(meeting),
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Östersund"
    assert_draft(meeting)
