import pytest
from django.urls import reverse

from tests.dialogues.factories import DialogueFactory
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory, PlanningAreaFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_municipality_page_lists_its_projects_dialogues_and_areas(client):
    municipality = MunicipalityFactory(name="Krokom")
    ProjectFactory(title="Stråkprojekt").municipalities.add(municipality)
    DialogueFactory(title="Dialog på plats", municipality=municipality)
    DialogueFactory(title="Dialog med kommunen").organisations.add(
        OrganisationFactory(kind="municipality", municipality=municipality, name="Krokoms kommun")
    )
    PlanningAreaFactory(name="Krokomsområdet").municipalities.add(municipality)
    ProjectFactory(title="Utkastprojekt", is_published=False).municipalities.add(municipality)
    content = client.get(municipality.get_absolute_url()).content.decode()
    for text in ("Stråkprojekt", "Dialog på plats", "Dialog med kommunen", "Krokomsområdet"):
        assert text in content
    assert "Utkastprojekt" not in content


def test_municipality_map_has_boundary_and_seat_in_wgs84(client):
    municipality = MunicipalityFactory()
    response = client.get(municipality.get_absolute_url())
    kinds = [f["geometry"]["type"] for f in response.context["map_features"]["features"]]
    # Simplified for a small map: a one-part multipolygon may come back as a polygon.
    assert kinds[0] in ("Polygon", "MultiPolygon")
    assert kinds[1] == "Point"
    lon, lat = response.context["seat"]["coordinates"]
    assert 10 < lon < 25 and 55 < lat < 70


def test_planning_area_page_tells_its_size_and_links(client):
    project = ProjectFactory(title="Bärande projekt")
    area = PlanningAreaFactory(project=project)
    response = client.get(reverse("places:planning_area", args=[area.pk]))
    assert round(response.context["area_km2"]) == 100
    assert "Bärande projekt" in response.content.decode()


def test_unknown_municipality_codes_are_404(client):
    assert client.get(reverse("places:municipality", args=["9999"])).status_code == 404


def test_planners_find_the_planning_area_forms_from_the_places_pages(client, planner):
    area = PlanningAreaFactory()
    edit = reverse("maps:planning_area_edit", args=[area.pk])
    create = reverse("maps:planning_area_create")
    detail = reverse("places:planning_area", args=[area.pk])
    listing = reverse("places:planning_area_list")
    assert edit not in client.get(detail).content.decode()
    assert create not in client.get(listing).content.decode()
    client.force_login(planner)
    assert edit in client.get(detail).content.decode()
    assert create in client.get(listing).content.decode()
