"""/api/v1/dialogues/ (with the iCalendar feed) and /api/v1/insights/."""

import datetime

import pytest
from django.contrib.gis.geos import Point
from icalendar import Calendar

from dialogues.models import Dialogue, Insight
from tests.api.helpers import detail_url, errors, fetch, ids, list_url
from tests.dialogues.factories import DialogueFactory, InsightFactory, ThemeFactory
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_dialogues_are_filtered(anonymous):
    ostersund = MunicipalityFactory(code="2380")
    kommunen = OrganisationFactory()
    theme = ThemeFactory(slug="infrastruktur")
    match = DialogueFactory(
        municipality=ostersund,
        date=datetime.date(2025, 3, 10),
        format="digital",
        scope="internal",
        location=Point(484_000, 7_008_000, srid=3006),
        title="Dialog om infrastruktur",
    )
    match.organisations.set([kommunen])
    match.themes.set([theme])
    other = DialogueFactory(date=None)
    for query in (
        {"project": match.project_id},
        {"municipality": "2380"},
        {"organisation": kommunen.pk},
        {"kind": "digital"},
        {"scope": "internal"},
        {"theme": "infrastruktur"},
        {"date_after": "2025-03-01", "date_before": "2025-03-31"},
        {"bbox": "14.5,63.0,14.8,63.3"},
        {"search": "infrastruktur"},
    ):
        assert ids(anonymous.get(list_url("dialogue", **query))) == [match.pk], query
    assert set(ids(anonymous.get(list_url("dialogue")))) == {match.pk, other.pk}
    data = anonymous.get(detail_url("dialogue", match.pk)).json()
    assert data["location"]["type"] == "Point"
    assert data["themes"] == ["infrastruktur"]
    assert data["organisations"][0]["id"] == kommunen.pk


def test_a_planner_records_a_dialogue_with_its_organisations_and_place(planner_token):
    project = ProjectFactory()
    kommunen = OrganisationFactory()
    MunicipalityFactory(code="2380")
    ThemeFactory(slug="kompetens")
    body = {
        "project": project.pk,
        "title": "Dialog med Östersunds kommun",
        "date": None,
        "format": "meeting",
        "scope": "external",
        "organisations": [kommunen.pk],
        "municipality": "2380",
        "location": {"type": "Point", "coordinates": [14.64, 63.18]},
        "themes": ["kompetens"],
    }
    response = planner_token.post(list_url("dialogue"), body, format="json")
    assert response.status_code == 201, response.content
    dialogue = Dialogue.objects.get()
    assert dialogue.date is None and dialogue.municipality.code == "2380"
    assert list(dialogue.organisations.all()) == [kommunen]
    assert dialogue.location.srid == 3006


def test_a_dialogue_location_must_be_a_point(planner_token):
    body = {
        "project": ProjectFactory().pk,
        "title": "x",
        "scope": "external",
        "location": {"type": "LineString", "coordinates": [[14.6, 63.1], [14.7, 63.2]]},
    }
    response = planner_token.post(list_url("dialogue"), body, format="json")
    assert "location" in errors(response)


def test_a_dialogue_cannot_be_put_in_a_project_the_user_cannot_see(outsider, planner_token):
    body = {"project": 999999, "title": "x", "scope": "external"}
    response = planner_token.post(list_url("dialogue"), body, format="json")
    assert "project" in errors(response)


# --- the calendar ------------------------------------------------------------------------------
def calendar(response) -> Calendar:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_dialogue_calendar_leaves_out_dialogues_without_a_date_and_says_so(anonymous):
    dated = DialogueFactory(date=datetime.date(2025, 3, 10), title="Dialog i Krokom")
    DialogueFactory(date=None)
    DialogueFactory(date=None)
    DialogueFactory(date=datetime.date(2025, 4, 1), is_published=False)
    feed = calendar(anonymous.get(list_url("dialogue", format="ics")))
    events = feed.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Dialog i Krokom"]
    event = events[0]
    assert event.decoded("dtstart") == datetime.date(2025, 3, 10)
    assert event.decoded("dtend") == datetime.date(2025, 3, 11)
    assert str(event["url"]).endswith(f"/dialoger/{dated.pk}/")
    assert str(event["uid"]).startswith(f"dialogue-{dated.pk}@")
    assert "2 dialogues without a known date" in str(feed["x-wr-caldesc"])


def test_the_dialogue_calendar_of_one_project(anonymous):
    project = ProjectFactory(title="Strategisk planering")
    mine = DialogueFactory(project=project, date=datetime.date(2025, 3, 10))
    DialogueFactory(date=datetime.date(2025, 3, 11))
    feed = calendar(anonymous.get(f"/api/v1/dialogues.ics?project={project.pk}"))
    assert [str(e["uid"]).split("@")[0] for e in feed.walk("VEVENT")] == [f"dialogue-{mine.pk}"]
    assert "Strategisk planering" in str(feed["x-wr-calname"])


def test_a_calendar_with_a_bad_filter_answers_in_json(anonymous):
    response = anonymous.get(list_url("dialogue", format="ics", project="x"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "project" in errors(response)


def test_only_meetings_and_dialogues_have_calendars(anonymous):
    response = anonymous.get(list_url("project", format="ics"))
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


# --- insights ----------------------------------------------------------------------------------
def test_insights_of_a_project_include_its_conclusions(anonymous):
    project = ProjectFactory()
    from_dialogue = InsightFactory(dialogue=DialogueFactory(project=project), kind="need")
    conclusion = InsightFactory(dialogue=None, project=project, kind="demand")
    InsightFactory()
    found = ids(anonymous.get(list_url("insight", project=project.pk)))
    assert set(found) == {from_dialogue.pk, conclusion.pk}
    assert ids(anonymous.get(list_url("insight", project=project.pk, kind="demand"))) == [
        conclusion.pk
    ]
    data = anonymous.get(detail_url("insight", conclusion.pk)).json()
    assert data["dialogue"] is None and data["project"]["id"] == project.pk
    assert data["web_url"].endswith(f"/projekt/{project.pk}/#insight-{conclusion.pk}")


def test_insights_are_filtered_by_follow_up(anonymous):
    owner = OrganisationFactory()
    done = InsightFactory(follow_up_status="done", follow_up_owner=owner)
    InsightFactory(follow_up_status="open")
    assert ids(anonymous.get(list_url("insight", status="done"))) == [done.pk]
    assert ids(anonymous.get(list_url("insight", organisation=owner.pk))) == [done.pk]


def test_an_insight_comes_from_a_dialogue_or_a_project_not_both(planner_token):
    dialogue = DialogueFactory()
    body = {"dialogue": dialogue.pk, "project": dialogue.project_id, "kind": "need", "text": "x"}
    response = planner_token.post(list_url("insight"), body, format="json")
    assert response.status_code == 400
    assert "not both" in errors(response)["non_field_errors"][0]
    assert not Insight.objects.exists()


def test_a_planner_records_the_follow_up_of_an_insight(planner_session):
    insight = InsightFactory()
    owner = OrganisationFactory()
    url = detail_url("insight", insight.pk)
    _data, etag = fetch(planner_session, url)
    body = {"follow_up_status": "in_progress", "follow_up_owner": owner.pk, "response": "Utreds"}
    response = planner_session.patch(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    insight.refresh_from_db()
    assert (insight.follow_up_status, insight.follow_up_owner) == ("in_progress", owner)
