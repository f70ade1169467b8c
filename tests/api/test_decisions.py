"""/api/v1/committees/, /meetings/ (with the iCalendar feed), /agenda-items/ (with their
proposal and decision points), /proposal-points/, /decision-points/, /documents/."""

import datetime

import pytest
from icalendar import Calendar

from decisions.models import AgendaItem, AgendaItemDocument
from tests.api.builders import meeting, public_document, secret_document
from tests.api.helpers import detail_url, errors, fetch, ids, list_url
from tests.decisions.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    DecisionPointFactory,
    ProposalPointFactory,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_meetings_are_filtered_by_committee_project_status_and_date(member_session):
    run = CommitteeFactory()
    project = ProjectFactory()
    match = meeting("published", committee=run, date=datetime.date(2025, 5, 13))
    AgendaItemFactory(meeting=match, project=project)
    draft = meeting("draft", date=datetime.date(2025, 9, 1))
    for query, expected in (
        ({"committee": run.pk}, [match]),
        ({"project": project.pk}, [match]),
        ({"status": "draft"}, [draft]),
        ({"date_after": "2025-06-01"}, [draft]),
        ({"date_before": "2025-05-13"}, [match]),
    ):
        assert ids(member_session.get(list_url("meeting", **query))) == [m.pk for m in expected]
    data = member_session.get(detail_url("meeting", match.pk)).json()
    assert data["committee"]["id"] == run.pk
    assert len(data["agenda_items"]) == 1


def test_the_meeting_calendar_of_a_committee(anonymous):
    run = CommitteeFactory(organisation__name="Regionala utvecklingsnämnden")
    session = meeting("published", committee=run, date=datetime.date(2025, 5, 13))
    AgendaItemFactory(meeting=session, title="Strategisk planering")
    meeting("published")
    response = anonymous.get(list_url("meeting", format="ics", committee=run.pk))
    assert response.status_code == 200
    feed = Calendar.from_ical(response.content)
    (event,) = feed.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2025, 5, 13)
    assert "Regionala utvecklingsnämnden" in str(event["summary"])
    assert "Strategisk planering" in str(event["description"])
    assert "Regionala utvecklingsnämnden" in str(feed["x-wr-calname"])


def test_the_meeting_calendar_of_a_project(anonymous):
    project = ProjectFactory(title="Strategisk planering")
    dealt = meeting("published")
    AgendaItemFactory(meeting=dealt, project=project)
    meeting("published")
    feed = Calendar.from_ical(anonymous.get(f"/api/v1/meetings.ics?project={project.pk}").content)
    assert [str(e["uid"]).split("@")[0] for e in feed.walk("VEVENT")] == [f"meeting-{dealt.pk}"]


def test_an_agenda_item_keeps_proposal_and_decision_apart(anonymous):
    item = AgendaItemFactory(meeting=meeting("published"), number=42)
    ProposalPointFactory(agenda_item=item, number=1, text="Nämnden föreslås besluta.")
    DecisionPointFactory(agenda_item=item, number=1, text="Nämnden beslutar.")
    data = anonymous.get(detail_url("agendaitem", item.pk)).json()
    assert data["number"] == 42
    assert data["proposal_points"] == [
        {"id": item.proposal_points.get().pk, "number": 1, "text": "Nämnden föreslås besluta."}
    ]
    assert [p["text"] for p in data["decision_points"]] == ["Nämnden beslutar."]
    assert data["committee"]["id"] == item.meeting.committee_id


def test_an_agenda_item_lists_the_documents_its_reader_may_see_in_order(anonymous):
    item = AgendaItemFactory(meeting=meeting("published"))
    second, first = public_document(title="Andra"), public_document(title="Första")
    hidden = secret_document()
    AgendaItemDocument.objects.create(agenda_item=item, document=second, position=2)
    AgendaItemDocument.objects.create(agenda_item=item, document=first, position=1)
    AgendaItemDocument.objects.create(agenda_item=item, document=hidden, position=0)
    documents = anonymous.get(detail_url("agendaitem", item.pk)).json()["documents"]
    assert [d["name"] for d in documents] == ["Första", "Andra"]


def test_an_editor_writes_an_agenda_item_of_draft_minutes_with_its_points(planner_token):
    draft = meeting("draft", date=datetime.date(2026, 2, 17))
    body = {
        "meeting": draft.pk,
        "number": 12,
        "title": "Viljeinriktning",
        "kind": "decision",
        "diarienummer": "run/479/2024",
        "proposal_points": [{"number": 1, "text": "Nämnden föreslås anta."}],
        "decision_points": [{"number": 1, "text": "Nämnden antar."}],
    }
    response = planner_token.post(list_url("agendaitem"), body, format="json")
    assert response.status_code == 201, response.content
    item = AgendaItem.objects.get()
    assert (item.committee_id, item.year, item.diarienummer) == (
        draft.committee_id,
        2026,
        "RUN/479/2024",
    )
    assert [p.text for p in item.proposal_points.all()] == ["Nämnden föreslås anta."]
    assert [p.text for p in item.decision_points.all()] == ["Nämnden antar."]


def test_a_paragraph_number_is_used_once_a_year(planner_token):
    draft = meeting("draft", date=datetime.date(2026, 2, 17))
    AgendaItemFactory(meeting=draft, number=12)
    body = {"meeting": draft.pk, "number": 12, "title": "Dubblett", "kind": "decision"}
    response = planner_token.post(list_url("agendaitem"), body, format="json")
    assert response.status_code == 400
    assert "§" in str(errors(response))


def test_an_agenda_item_stays_in_its_meeting(planner_token):
    item = AgendaItemFactory(meeting=meeting("draft"))
    url = detail_url("agendaitem", item.pk)
    _data, etag = fetch(planner_token, url)
    other = meeting("draft")
    response = planner_token.patch(url, {"meeting": other.pk}, format="json", HTTP_IF_MATCH=etag)
    assert "meeting" in errors(response)


def test_agenda_items_are_filtered(anonymous):
    project = ProjectFactory()
    item = AgendaItemFactory(
        meeting=meeting("published", date=datetime.date(2025, 5, 13)),
        project=project,
        kind="information",
        title="Information om länsplanen",
    )
    AgendaItemFactory(meeting=meeting("published", date=datetime.date(2025, 9, 1)))
    for query in (
        {"meeting": item.meeting_id},
        {"committee": item.committee_id},
        {"project": project.pk},
        {"kind": "information"},
        {"date_before": "2025-06-01"},
        {"search": "länsplanen"},
    ):
        assert ids(anonymous.get(list_url("agendaitem", **query))) == [item.pk], query


def test_points_on_their_own_lead_to_their_agenda_item(anonymous):
    item = AgendaItemFactory(meeting=meeting("published"))
    proposal = ProposalPointFactory(agenda_item=item, number=2)
    decision = DecisionPointFactory(agenda_item=item, number=1)
    assert ids(anonymous.get(list_url("proposalpoint", agenda_item=item.pk))) == [proposal.pk]
    assert ids(anonymous.get(list_url("decisionpoint", meeting=item.meeting_id))) == [decision.pk]
    data = anonymous.get(detail_url("proposalpoint", proposal.pk)).json()
    assert data["web_url"].endswith(f"/beslut/paragrafer/{item.pk}/#forslag-2")
    assert data["agenda_item"]["id"] == item.pk


def test_documents_under_secrecy_are_seen_only_by_roles(anonymous, member_session):
    public, secret = public_document(), secret_document()
    assert ids(anonymous.get(list_url("document"))) == [public.pk]
    assert set(ids(member_session.get(list_url("document")))) == {public.pk, secret.pk}
    data = member_session.get(detail_url("document", secret.pk)).json()
    assert data["is_public"] is False and data["secrecy_reason"]
    assert data["has_file"] is False


def test_documents_are_filtered_by_meeting_and_agenda_item(anonymous):
    item = AgendaItemFactory(meeting=meeting("published"))
    document = public_document()
    AgendaItemDocument.objects.create(agenda_item=item, document=document)
    public_document()
    assert ids(anonymous.get(list_url("document", meeting=item.meeting_id))) == [document.pk]
    assert ids(anonymous.get(list_url("document", agenda_item=item.pk))) == [document.pk]
    listed = anonymous.get(detail_url("document", document.pk)).json()["agenda_items"]
    assert [i["id"] for i in listed] == [item.pk]


def test_meetings_committees_and_documents_are_read_only(planner_token):
    for basename, obj in (
        ("meeting", meeting("draft")),
        ("committee", CommitteeFactory()),
        ("document", public_document()),
    ):
        response = planner_token.delete(detail_url(basename, obj.pk), HTTP_IF_MATCH='"x"')
        assert response.status_code == 405


def test_a_document_with_a_file_gives_its_permission_checked_download_url(
    anonymous, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    document = public_document()
    assert anonymous.get(detail_url("document", document.pk)).json()["download_url"] is None
    document.file.save("beslut.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    url = anonymous.get(detail_url("document", document.pk)).json()["download_url"]
    assert url.endswith(f"/beslut/handlingar/{document.pk}/fil/")
    assert anonymous.get(url).status_code == 200
