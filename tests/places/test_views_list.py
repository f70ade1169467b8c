import pytest
from django.urls import reverse

from tests.dialogues.factories import DialogueFactory
from tests.places.factories import MunicipalityFactory, PlanningAreaFactory
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def make_places(count):
    for _ in range(count):
        municipality = MunicipalityFactory()
        ProjectFactory().municipalities.add(municipality)
        DialogueFactory(municipality=municipality)
        PlanningAreaFactory().municipalities.add(municipality)


def test_places_make_the_same_queries_for_2_and_20_municipalities(client, planner):
    client.force_login(planner)
    make_places(2)
    response = assert_constant_queries(
        client, reverse("places:list"), lambda: make_places(18), expected=8
    )
    assert response.context["page_obj"].paginator.count == 20
    first = response.context["page_obj"][0]
    assert (first.project_count, first.dialogue_count) == (1, 1)


def test_anonymous_counts_only_published_projects_and_dialogues(client):
    municipality = MunicipalityFactory()
    ProjectFactory(is_published=False).municipalities.add(municipality)
    DialogueFactory(municipality=municipality, is_published=False)
    PlanningAreaFactory(is_published=False, name="Hemligt område")
    response = client.get(reverse("places:list"))
    row = response.context["page_obj"][0]
    assert (row.project_count, row.dialogue_count) == (0, 0)
    assert "Hemligt område" not in response.content.decode()


def test_planning_area_list_makes_the_same_queries_for_2_and_20_areas(client, planner):
    client.force_login(planner)
    make_places(2)
    response = assert_constant_queries(
        client, reverse("places:planning_area_list"), lambda: make_places(18), expected=6
    )
    assert response.context["page_obj"].paginator.count == 20


def test_the_places_page_shows_the_latest_areas_and_links_to_all(client):
    make_places(12)
    response = client.get(reverse("places:list"))
    assert len(response.context["areas"]) == 10
    assert reverse("places:planning_area_list") in response.content.decode()
