"""/api/v1/directions/, /direction-versions/ (with their points), /direction-points/."""

import pytest

from directions.models import DirectionVersion
from tests.api.builders import adopted_version, meeting
from tests.api.helpers import detail_url, errors, fetch, ids, list_url
from tests.decisions.factories import AgendaItemFactory, DecisionPointFactory
from tests.dialogues.factories import InsightFactory
from tests.directions.factories import (
    DirectionFactory,
    DirectionPointFactory,
    DirectionVersionFactory,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_direction_lists_the_versions_its_reader_may_see(anonymous, planner_token):
    direction = DirectionFactory()
    adopted = adopted_version(direction=direction)
    draft = DirectionVersionFactory(direction=direction, status="draft")
    url = detail_url("direction", direction.pk)
    public = anonymous.get(url).json()["versions"]
    assert [(v["id"], v["status"]) for v in public] == [(adopted.pk, "adopted")]
    assert {v["id"] for v in planner_token.get(url).json()["versions"]} == {adopted.pk, draft.pk}


def test_a_version_shows_its_points_with_insights_and_projects(anonymous):
    version = adopted_version()
    point = DirectionPointFactory(version=version, number=1, text="Regionen tar en roll.")
    insight = InsightFactory()
    carried, hidden = ProjectFactory(), ProjectFactory(is_published=False)
    point.insights.set([insight])
    point.projects.set([carried, hidden])
    data = anonymous.get(detail_url("directionversion", version.pk)).json()
    assert data["adopted_by"]["id"] == version.adopted_by_id
    assert data["points"][0]["text"] == "Regionen tar en roll."
    assert [i["id"] for i in data["points"][0]["insights"]] == [insight.pk]
    assert [p["id"] for p in data["points"][0]["projects"]] == [carried.pk]


def test_the_adopting_decision_is_hidden_while_its_minutes_are_not_published(anonymous):
    decision = DecisionPointFactory(agenda_item=AgendaItemFactory(meeting=meeting("adjusted")))
    version = DirectionVersionFactory(status="adopted", adopted_by=decision)
    assert anonymous.get(detail_url("directionversion", version.pk)).json()["adopted_by"] is None


def test_a_planner_drafts_a_new_version_with_its_points(planner_token):
    direction = DirectionFactory()
    adopted_version(direction=direction, number=1)
    project, insight = ProjectFactory(), InsightFactory()
    body = {
        "direction": direction.pk,
        "points": [
            {"number": 1, "text": "Regionen tar en roll.", "projects": [project.pk]},
            {"number": 2, "text": "Rumsligt perspektiv.", "insights": [insight.pk]},
        ],
    }
    response = planner_token.post(list_url("directionversion"), body, format="json")
    assert response.status_code == 201, response.content
    version = DirectionVersion.objects.get(pk=response.json()["id"])
    assert (version.number, version.status) == (2, "draft")
    assert [p.text for p in version.points.all()] == [
        "Regionen tar en roll.",
        "Rumsligt perspektiv.",
    ]
    assert list(version.points.get(number=1).projects.all()) == [project]


def test_points_sent_replace_the_points_by_number(planner_token):
    version = DirectionVersionFactory(status="draft")
    kept = DirectionPointFactory(version=version, number=1, text="Gammal")
    DirectionPointFactory(version=version, number=2)
    url = detail_url("directionversion", version.pk)
    _data, etag = fetch(planner_token, url)
    body = {"points": [{"number": 1, "text": "Ny"}, {"number": 3, "text": "Tillkommen"}]}
    response = planner_token.patch(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert [(p.number, p.text) for p in version.points.all()] == [(1, "Ny"), (3, "Tillkommen")]
    kept.refresh_from_db()
    assert kept.text == "Ny"  # the same record, changed


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "adopted"}, "status"),
        ({"points": [{"number": 1, "text": "a"}, {"number": 1, "text": "b"}]}, "points"),
        ({"points": [{"number": 1, "text": ""}]}, "points.0.text"),
        ({"points": [{"number": 0, "text": "a"}]}, "points.0.number"),
        ({"points": [{"number": 1, "text": "a", "colour": "red"}]}, "points.0.colour"),
        ({"direction": 999999}, "direction"),
    ],
)
def test_bad_versions_are_refused_naming_the_field(planner_token, body, field):
    version = DirectionVersionFactory(status="draft")
    url = detail_url("directionversion", version.pk)
    _data, etag = fetch(planner_token, url)
    response = planner_token.patch(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400, response.content
    assert field in errors(response)
    version.refresh_from_db()
    assert version.status == "draft" and not version.points.exists()


def test_direction_points_are_found_by_project_insight_and_status(anonymous):
    project, insight = ProjectFactory(), InsightFactory()
    point = DirectionPointFactory(version=adopted_version())
    point.projects.set([project])
    point.insights.set([insight])
    DirectionPointFactory(version=adopted_version())
    assert ids(anonymous.get(list_url("directionpoint", project=project.pk))) == [point.pk]
    assert ids(anonymous.get(list_url("directionpoint", insight=insight.pk))) == [point.pk]
    data = anonymous.get(detail_url("directionpoint", point.pk)).json()
    assert data["direction"]["id"] == point.version.direction_id
    assert data["web_url"].endswith(f"#punkt-{point.number}")


def test_a_direction_with_versions_is_not_deleted(planner_token):
    version = DirectionVersionFactory(status="draft")
    url = detail_url("direction", version.direction_id)
    _data, etag = fetch(planner_token, url)
    assert planner_token.delete(url, HTTP_IF_MATCH=etag).status_code == 409
