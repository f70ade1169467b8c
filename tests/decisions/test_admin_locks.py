"""Adjusted minutes cannot change through the admin either: change pages only show their
meetings, agenda items, points and documents; deleting them (one by one or with the bulk
action) and reverting them to an old version are refused; draft minutes stay editable."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from core.models import record_version
from decisions.models import AgendaItem, AgendaItemDocument, DecisionPoint, Document, Meeting
from tests.decisions.factories import (
    AgendaItemFactory,
    DecisionPointFactory,
    DocumentFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def adjusted_item():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 1), location="Östersund")
    item = AgendaItemFactory(meeting=meeting, title="Regional plan")
    DecisionPointFactory(agenda_item=item, text="Nämnden beslutar.")
    document = DocumentFactory(is_public=False, secrecy_reason="OSL 18 kap. 8 §")
    AgendaItemDocument.objects.create(agenda_item=item, document=document)
    meeting.minutes_status = "adjusted"
    meeting.adjusted_on = datetime.date(2026, 3, 8)
    meeting.adjusters = "Anna Ek, Bo Gran"
    meeting.save()
    return item


def _meeting_data(meeting, **changes):
    return {
        "committee": meeting.committee_id,
        "date": meeting.date.isoformat(),
        "kind": meeting.kind,
        "location": meeting.location,
        "minutes_status": meeting.minutes_status,
        "adjusted_on": meeting.adjusted_on.isoformat() if meeting.adjusted_on else "",
        "adjusters": meeting.adjusters,
        "published_on": "",
        "source": meeting.source,
        "record_version": record_version(meeting),  # the admin's version check
    } | changes


def test_the_change_page_of_an_adjusted_meeting_only_shows_it(admin_client, adjusted_item):
    meeting = adjusted_item.meeting
    url = reverse("admin:decisions_meeting_change", args=[meeting.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert 'name="_save"' not in page.content.decode()
    response = admin_client.post(url, _meeting_data(meeting, location="Annanstans"))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.location == "Östersund"


def test_a_draft_meeting_is_still_edited_in_the_admin(admin_client):
    meeting = MeetingFactory(location="Östersund")
    url = reverse("admin:decisions_meeting_change", args=[meeting.pk])
    response = admin_client.post(url, _meeting_data(meeting, location="Krokom"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Krokom"


def test_agenda_items_and_points_of_adjusted_minutes_are_read_only_with_their_inlines(
    admin_client, adjusted_item
):
    url = reverse("admin:decisions_agendaitem_change", args=[adjusted_item.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    for inline in page.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission
        assert not inline.has_delete_permission
    response = admin_client.post(url, {"title": "Ändrad", "kind": adjusted_item.kind})
    assert response.status_code == 403
    point = adjusted_item.decision_points.get()
    response = admin_client.post(
        reverse("admin:decisions_decisionpoint_change", args=[point.pk]),
        {"agenda_item": adjusted_item.pk, "number": 1, "text": "Annat"},
    )
    assert response.status_code == 403
    adjusted_item.refresh_from_db()
    point.refresh_from_db()
    assert (adjusted_item.title, point.text) == ("Regional plan", "Nämnden beslutar.")


def test_records_of_adjusted_minutes_cannot_be_deleted_one_by_one(admin_client, adjusted_item):
    point = adjusted_item.decision_points.get()
    document = Document.objects.get(agenda_links__agenda_item=adjusted_item)
    for name, obj in [
        ("meeting", adjusted_item.meeting),
        ("agendaitem", adjusted_item),
        ("decisionpoint", point),
        ("document", document),
    ]:
        url = reverse(f"admin:decisions_{name}_delete", args=[obj.pk])
        assert admin_client.get(url).status_code == 403
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("model", "name"),
    [(Meeting, "meeting"), (AgendaItem, "agendaitem"), (DecisionPoint, "decisionpoint")],
)
def test_the_bulk_delete_action_refuses_a_selection_with_adjusted_minutes(
    admin_client, adjusted_item, model, name
):
    draft_item = AgendaItemFactory()
    DecisionPointFactory(agenda_item=draft_item)
    selected = list(model.objects.values_list("pk", flat=True))
    assert len(selected) == 2  # one of draft minutes, one of adjusted minutes
    response = admin_client.post(
        reverse(f"admin:decisions_{name}_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: selected, "post": "yes"},
    )
    assert response.status_code == 200
    assert "locked: read-only" in response.content.decode()
    assert model.objects.count() == 2  # nothing deleted, not even the draft one


def test_the_bulk_delete_action_still_deletes_drafts(admin_client):
    draft = MeetingFactory()
    response = admin_client.post(
        reverse("admin:decisions_meeting_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [draft.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Meeting.objects.exists()


def test_a_document_of_adjusted_minutes_keeps_its_facts_but_may_be_reassessed(
    admin_client, adjusted_item
):
    document = Document.objects.get(agenda_links__agenda_item=adjusted_item)
    url = reverse("admin:decisions_document_change", args=[document.pk])
    page = admin_client.get(url)
    readonly = set(page.context["adminform"].readonly_fields)
    assert {"title", "kind", "date", "diarienummer", "project", "source"} <= readonly
    assert not {"is_public", "secrecy_reason", "file"} & readonly  # it has no file yet
    response = admin_client.post(
        url,
        {
            "title": "Nytt namn",
            "kind": "protocol",
            "is_public": "on",
            "secrecy_reason": "",
            "record_version": record_version(document),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title != "Nytt namn"
    assert (document.is_public, document.secrecy_reason) == (True, "")


def test_an_adjusted_record_cannot_be_reverted_to_a_draft_version(admin_client, adjusted_item):
    meeting = adjusted_item.meeting
    draft_version = meeting.history.filter(minutes_status="draft").earliest("history_date")
    url = reverse(
        "admin:decisions_meeting_simple_history", args=[meeting.pk, draft_version.history_id]
    )
    response = admin_client.post(url, _meeting_data(meeting, minutes_status="draft"))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.minutes_status == "adjusted"


def test_nothing_is_added_to_adjusted_minutes_in_the_admin(admin_client, adjusted_item):
    response = admin_client.post(
        reverse("admin:decisions_agendaitem_add"),
        {
            "meeting": adjusted_item.meeting_id,
            "number": 99,
            "position": 9,
            "title": "Tillagt i efterhand",
            "kind": "decision",
            "outcome": "",
            **{
                f"{prefix}-{key}": "0"
                for prefix in ("proposal_points", "decision_points", "document_links")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 200
    assert "The minutes are adjusted" in response.content.decode()
    response = admin_client.post(
        reverse("admin:decisions_decisionpoint_add"),
        {"agenda_item": adjusted_item.pk, "number": 2, "text": "Ett till beslut."},
    )
    assert response.status_code == 200
    assert "The minutes are adjusted" in response.content.decode()
    assert AgendaItem.objects.count() == 1
    assert DecisionPoint.objects.count() == 1
