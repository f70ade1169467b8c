import pytest
from django.urls import reverse

from tests.decisions.factories import AgendaItemFactory, DocumentFactory, MeetingFactory
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.directions.factories import DirectionPointFactory
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def groups_of(response) -> dict[str, list]:
    return {g["kind"].key: list(g["results"]) for g in response.context["groups"]}


def test_search_finds_every_kind_and_groups_the_results(client, planner):
    project = ProjectFactory(title="Kollektivtrafik i länet")
    dialogue = DialogueFactory(title="Dialog om kollektivtrafik")
    insight = InsightFactory(text="Behov av bättre kollektivtrafik")
    point = DirectionPointFactory(text="Regionen vill stärka kollektivtrafik.")
    item = AgendaItemFactory(title="Plan för kollektivtrafik")
    document = DocumentFactory(title="Underlag kollektivtrafik")
    client.force_login(planner)
    response = client.get(reverse("search"), {"q": "kollektivtrafik"})
    groups = groups_of(response)
    assert groups["projects"] == [project]
    assert groups["dialogues"] == [dialogue]
    assert groups["insights"] == [insight]
    assert groups["directions"] == [point]
    assert groups["agenda_items"] == [item]
    assert groups["documents"] == [document]
    assert response.context["total"] == 6


def test_anonymous_search_finds_only_published_records(client):
    ProjectFactory(title="Hemligt vindkraftsprojekt", is_published=False)
    public = ProjectFactory(title="Öppet vindkraftsprojekt")
    AgendaItemFactory(title="Vindkraft i utkast", meeting=MeetingFactory(minutes_status="draft"))
    DirectionPointFactory(text="Vindkraft i ett utkast")
    response = client.get(reverse("search"), {"q": "vindkraftsprojekt"})
    assert groups_of(response)["projects"] == [public]
    response = client.get(reverse("search"), {"q": "utkast"})
    assert response.context["total"] == 0


def test_an_empty_query_shows_the_form_and_no_results(client):
    ProjectFactory()
    response = client.get(reverse("search"), {"q": "   "})
    assert response.status_code == 200
    assert response.context["groups"] == []


def test_search_makes_the_same_queries_for_2_and_20_hits(client, planner):
    def make(count):
        for _ in range(count):
            ProjectFactory(title="Planering av vägar")
            DialogueFactory(title="Planering av vägar")
            InsightFactory(text="Planering av vägar")

    make(2)
    client.force_login(planner)
    response = assert_constant_queries(
        client, reverse("search") + "?q=planering", lambda: make(18), expected=12
    )
    # Each insight's dialogue ("Samtal om planering.") matches too.
    assert response.context["total"] == 80
