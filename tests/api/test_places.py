"""/api/v1/counties/, /municipalities/ (by SCB code), /planning-areas/, /organisations/."""

import pytest
from django.contrib.gis.geos import LineString, MultiPolygon

from places.models import PlanningArea
from tests.api.helpers import detail_url, errors, fetch, ids, list_url
from tests.geometry import geojson_polygon
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import (
    CountyFactory,
    MunicipalityFactory,
    PlanningAreaFactory,
    square,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_municipalities_are_found_by_code_with_boundary_only_in_the_detail(anonymous):
    municipality = MunicipalityFactory(code="2380", name="Östersund", seat="Östersund")
    OrganisationFactory(name="Östersunds kommun", kind="municipality", municipality=municipality)
    listed = anonymous.get(list_url("municipality")).json()["results"][0]
    assert "boundary" not in listed
    assert listed["organisation"]["name"] == "Östersunds kommun"
    assert listed["county"] == {
        "id": municipality.county_id,
        "code": "23",
        "url": "http://testserver/api/v1/counties/23/",
        "name": "Jämtlands län",
    }
    assert listed["seat_location"]["type"] == "Point"
    detail = anonymous.get(detail_url("municipality", "2380")).json()
    assert detail["boundary"]["type"] == "MultiPolygon"
    lon, lat = detail["boundary"]["coordinates"][0][0][0]
    assert 14 < lon < 15 and 63 < lat < 63.2


def test_a_municipality_code_that_is_not_four_digits_is_404(anonymous):
    assert anonymous.get("/api/v1/municipalities/23/").status_code == 404
    assert anonymous.get("/api/v1/municipalities/abcd/").status_code == 404


def test_municipalities_are_filtered_by_county_and_bbox(anonymous):
    jamtland = MunicipalityFactory(code="2380")
    other = MunicipalityFactory(
        code="2581",
        county=CountyFactory(code="25", name="Norrbottens län"),
        boundary=MultiPolygon(square(900_000, 7_300_000), srid=3006),
    )
    assert ids(anonymous.get(list_url("municipality", county="23"))) == [jamtland.pk]
    assert ids(anonymous.get(list_url("municipality", bbox="23,65,24.5,66"))) == [other.pk]
    assert errors(anonymous.get(list_url("municipality", county="2")))["county"]


def test_a_county_lists_its_municipalities(anonymous):
    MunicipalityFactory(code="2380", name="Östersund")
    data = anonymous.get(detail_url("county", "23")).json()
    assert [m["code"] for m in data["municipalities"]] == ["2380"]
    assert data["boundary"] is None


# --- planning areas -------------------------------------------------------------------------
def test_planning_areas_take_any_geometry_and_are_filtered(anonymous):
    project = ProjectFactory()
    corridor = PlanningAreaFactory(
        kind="infrastructure",
        geometry=LineString((480_000, 7_000_000), (490_000, 7_010_000), srid=3006),
        project=project,
    )
    corridor.municipalities.set([MunicipalityFactory(code="2380")])
    far = PlanningAreaFactory(kind="settlement", geometry=square(700_000, 7_400_000))
    assert ids(anonymous.get(list_url("planningarea", kind="infrastructure"))) == [corridor.pk]
    assert ids(anonymous.get(list_url("planningarea", project=project.pk))) == [corridor.pk]
    assert ids(anonymous.get(list_url("planningarea", municipality="2380"))) == [corridor.pk]
    assert ids(anonymous.get(list_url("planningarea", bbox="14,62.9,15,63.5"))) == [corridor.pk]
    assert set(ids(anonymous.get(list_url("planningarea")))) == {corridor.pk, far.pk}
    geometry = anonymous.get(detail_url("planningarea", corridor.pk)).json()["geometry"]
    assert geometry["type"] == "LineString"


def test_a_planner_draws_a_planning_area(planner_token):
    body = {
        "name": "Utvecklingsstråk E14",
        "kind": "development_area",
        "geometry": geojson_polygon(14.5, 63.1, 14.7, 63.2),
        "is_published": False,
    }
    response = planner_token.post(list_url("planningarea"), body, format="json")
    assert response.status_code == 201, response.content
    area = PlanningArea.objects.get()
    assert area.geometry.srid == 3006 and area.geometry.geom_type == "Polygon"
    assert 10_000 < area.geometry.area / 1000 < 200_000  # some km², in metres


def test_a_planning_area_in_sweref_is_accepted_when_it_says_so(planner_token):
    body = {
        "name": "I SWEREF 99 TM",
        "geometry": {
            "type": "Point",
            "coordinates": [484_000, 7_008_000],
            "crs": {"type": "name", "properties": {"name": "EPSG:3006"}},
        },
    }
    response = planner_token.post(list_url("planningarea"), body, format="json")
    assert response.status_code == 201, response.content
    lon, lat = response.json()["geometry"]["coordinates"]
    assert 14 < lon < 15 and 63 < lat < 63.5


def test_a_planning_area_needs_a_geometry(planner_token):
    response = planner_token.post(list_url("planningarea"), {"name": "Tom"}, format="json")
    assert "geometry" in errors(response)


def test_a_planning_areas_municipalities_are_replaced_by_put(planner_token):
    area = PlanningAreaFactory()
    area.municipalities.set([MunicipalityFactory(code="2380")])
    MunicipalityFactory(code="2361")
    url = detail_url("planningarea", area.pk)
    data, etag = fetch(planner_token, url)
    data["municipalities"] = ["2361"]
    response = planner_token.put(url, data, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert list(area.municipalities.values_list("code", flat=True)) == ["2361"]


# --- organisations --------------------------------------------------------------------------
def test_organisations_are_filtered_by_kind_parent_and_municipality(anonymous):
    region = OrganisationFactory(name="Region Jämtland Härjedalen", kind="region")
    unit = OrganisationFactory(name="Regional utveckling", kind="region_unit", parent=region)
    kommun = OrganisationFactory(
        name="Östersunds kommun", kind="municipality", municipality=MunicipalityFactory(code="2380")
    )
    assert ids(anonymous.get(list_url("organisation", kind="region"))) == [region.pk]
    assert ids(anonymous.get(list_url("organisation", parent=region.pk))) == [unit.pk]
    assert ids(anonymous.get(list_url("organisation", municipality="2380"))) == [kommun.pk]
    assert ids(anonymous.get(list_url("organisation", search="regional"))) == [unit.pk]
    assert anonymous.get(detail_url("organisation", unit.pk)).json()["parent"]["id"] == region.pk


NASTY_GEOMETRY = [
    {"type": "GeometryCollection", "geometries": []},
    {
        "type": "GeometryCollection",
        "geometries": [{"type": "GeometryCollection", "geometries": []}],
    },
    '{"type": "Point", "coordinates": [1e400, 63]}',  # JSON text: Python reads it as inf
    {"type": "Point", "coordinates": [True, False]},
    {"type": "Point", "coordinates": ["14", "63"]},
    {"type": "Point", "coordinates": [14.6]},
    {"type": "Point", "coordinates": [[14.6, 63.1]]},
    {"type": "Polygon", "coordinates": [[[14.6, 63.1], [14.7, 63.1], [14.6, 63.1]]]},
    {
        "type": "Polygon",
        "coordinates": [[[14.5, 63.1, 5], [14.7, 63.1, 5], [14.7, 63.2, 5], [14.5, 63.1, 5]]],
    },
    {"type": "MultiPolygon", "coordinates": []},
    {"type": "LineString", "coordinates": [[14.6, 63.1]]},
    {"type": "Feature", "geometry": None},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [14.6, 63.1]}},
    {"type": "FeatureCollection", "features": []},
    {"type": "Point", "coordinates": [14.6, 63.1], "crs": {"type": "name", "properties": {}}},
    {"type": "Point", "coordinates": [14.6, 63.1], "crs": "EPSG:4326"},
    {"type": "Point"},
    {},
]


@pytest.mark.parametrize("geometry", NASTY_GEOMETRY)
def test_odd_geometry_is_a_400_or_accepted_never_a_500(planner_token, geometry):
    if isinstance(geometry, str):
        body = '{"name": "Udda", "geometry": ' + geometry + "}"
        response = planner_token.post(
            list_url("planningarea"), body, content_type="application/json"
        )
    else:
        response = planner_token.post(
            list_url("planningarea"), {"name": "Udda", "geometry": geometry}, format="json"
        )
    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        assert "geometry" in errors(response)
    else:
        assert not PlanningArea.objects.get().geometry.hasz
