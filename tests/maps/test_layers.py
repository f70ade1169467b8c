"""The map's layer endpoints (/api/v1/layers/<layer>/): GeoJSON FeatureCollections written
by the database, filtered through visible_to, with bbox (WGS84), simplification, clusters and
the map's filters."""

import datetime

import pytest
from django.contrib.gis.geos import GEOSGeometry, LineString, MultiPolygon
from django.urls import reverse

from dialogues.models import Dialogue
from maps.layers import LAYERS
from tests.dialogues.factories import DialogueFactory
from tests.geometry import ARE, MALMO, OSTERSUND, box, point
from tests.places.factories import CountyFactory, PlanningAreaFactory, municipality_at
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def layer(client, layer_id, **params):
    response = client.get(reverse(f"layers:{layer_id}"), params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    return data


def ids(data):
    return sorted(feature["id"] for feature in data["features"])


def by_id(data):
    return {feature["id"]: feature for feature in data["features"]}


@pytest.fixture
def places():
    """Two municipalities in Jämtland, one in Skåne; a county boundary; a dialogue each."""
    county = CountyFactory(boundary=MultiPolygon(box(12.0, 61.5, 5.0), srid=3006))
    ostersund = municipality_at(*OSTERSUND, code="2380", name="Östersund", county=county)
    are = municipality_at(*ARE, code="2321", name="Åre", county=county)
    malmo = municipality_at(*MALMO, code="1280", name="Malmö", county=CountyFactory(code="12"))
    return {"county": county, "ostersund": ostersund, "are": are, "malmo": malmo}


@pytest.mark.parametrize("layer_id", list(LAYERS))
def test_every_layer_is_a_feature_collection_in_wgs84(client, places, layer_id):
    project = ProjectFactory(scope=box(14.0, 63.0))
    DialogueFactory(project=project, municipality=places["ostersund"])
    PlanningAreaFactory(project=project, geometry=box(14.2, 63.2))
    data = layer(client, layer_id)
    assert data["features"], layer_id
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], int)
        geometry = GEOSGeometry(str(feature["geometry"]).replace("'", '"'))
        # Longitude first, within Sweden: transformed from EPSG:3006 in the database.
        lon0, lat0, lon1, lat1 = geometry.extent
        assert 10 <= lon0 <= lon1 <= 25 and 55 <= lat0 <= lat1 <= 70, feature["geometry"]
        assert feature["properties"]["url"].startswith("http://testserver/")


def test_municipalities_are_shaded_by_the_dialogues_anonymous_may_see(client, places, planner):
    DialogueFactory.create_batch(2, municipality=places["ostersund"])
    DialogueFactory(municipality=places["ostersund"], is_published=False)
    features = {f["properties"]["code"]: f for f in layer(client, "municipalities")["features"]}
    assert features["2380"]["properties"]["dialogues"] == 2
    assert features["2321"]["properties"]["dialogues"] == 0  # none, shown distinctly
    assert features["2380"]["properties"]["url"] == "http://testserver/platser/kommuner/2380/"
    assert features["2380"]["properties"]["county"] == places["county"].name

    client.force_login(planner)
    features = {f["properties"]["code"]: f for f in layer(client, "municipalities")["features"]}
    assert features["2380"]["properties"]["dialogues"] == 3  # drafts count for planners


def test_dialogue_is_placed_at_its_location_else_the_seat_else_within_the_municipality(
    client, places
):
    at_location = DialogueFactory(municipality=places["ostersund"], location=point(14.7, 63.2))
    at_seat = DialogueFactory(municipality=places["ostersund"])
    places["are"].seat_location = None
    places["are"].save()
    within = DialogueFactory(municipality=places["are"])
    nowhere = DialogueFactory(municipality=None, location=None)

    features = by_id(layer(client, "dialogues"))
    assert nowhere.pk not in features
    assert features[at_location.pk]["geometry"]["coordinates"] == pytest.approx([14.7, 63.2])
    assert features[at_location.pk]["properties"]["placement"] == "location"
    assert features[at_seat.pk]["geometry"]["coordinates"] == pytest.approx([14.65, 63.2])
    assert features[at_seat.pk]["properties"]["placement"] == "seat"
    assert features[within.pk]["properties"]["placement"] == "municipality"
    inside = GEOSGeometry(str(features[within.pk]["geometry"]).replace("'", '"'), srid=4326)
    inside.transform(3006)
    assert places["are"].boundary.contains(inside)


def test_anonymous_sees_only_published_records_and_planners_see_drafts(client, places, planner):
    published = DialogueFactory(municipality=places["ostersund"])
    draft = DialogueFactory(municipality=places["ostersund"], is_published=False)
    public_area = PlanningAreaFactory(geometry=box(14.0, 63.0))
    draft_area = PlanningAreaFactory(geometry=box(14.0, 63.0), is_published=False)
    draft_project = ProjectFactory(is_published=False, scope=box(14.0, 63.0))

    assert ids(layer(client, "dialogues")) == [published.pk]
    assert ids(layer(client, "planning-areas")) == [public_area.pk]
    assert ids(layer(client, "project-scopes")) == []

    client.force_login(planner)
    assert ids(layer(client, "dialogues")) == sorted([published.pk, draft.pk])
    assert ids(layer(client, "planning-areas")) == sorted([public_area.pk, draft_area.pk])
    assert ids(layer(client, "project-scopes")) == [draft_project.pk]


def test_with_public_reading_off_anonymous_must_authenticate(client, places, settings):
    """The layers are part of the REST API: the same 401 as every other resource."""
    settings.PUBLIC_READING = False
    DialogueFactory(municipality=places["ostersund"])
    for name in ("dialogues", "municipalities"):
        response = client.get(reverse(f"layers:{name}"))
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("bbox", "expected"),
    [
        ("14.5,63.0,14.9,63.4", {"Östersund"}),  # around Östersund only
        ("12.5,62.9,15.0,63.6", {"Östersund", "Åre"}),
        ("12,55,14,56", {"Malmö"}),
        ("-10,-10,0,0", set()),  # far from Sweden: nothing, and no error
    ],
)
def test_bbox_returns_only_intersecting_features(client, places, bbox, expected):
    data = layer(client, "municipalities", bbox=bbox)
    assert {f["properties"]["name"] for f in data["features"]} == expected


def test_bbox_is_read_as_wgs84_not_as_metres(client, places):
    """An SRID-less bbox compared with the EPSG:3006 column would be read as metres near
    the origin and match nothing; one in WGS84 transformed to EPSG:3006 matches."""
    DialogueFactory(municipality=places["ostersund"])
    assert len(layer(client, "dialogues", bbox="14,63,15,64")["features"]) == 1
    assert layer(client, "dialogues", bbox="20,67,21,68")["features"] == []


def test_bbox_edges_follow_the_parallels(client):
    """A parallel is curved in SWEREF 99 TM: at 60° N, ±5° from the central meridian, a
    straight edge between the corners passes some 10 km north of it. A point 5 km inside
    the box is found, one 5 km outside is not."""
    inside = PlanningAreaFactory(geometry=point(15.0, 60.05))
    PlanningAreaFactory(geometry=point(15.0, 59.95))
    assert ids(layer(client, "planning-areas", bbox="10,60,20,65")) == [inside.pk]


def test_lines_and_points_are_found_by_bbox_too(client):
    line = LineString((14.0, 63.0), (14.5, 63.5), srid=4326)
    line.transform(3006)
    area = PlanningAreaFactory(geometry=line)
    assert ids(layer(client, "planning-areas", bbox="14.2,63.2,14.3,63.3")) == [area.pk]
    assert ids(layer(client, "planning-areas", bbox="14.3,63.0,14.5,63.1")) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "15,64,14,63"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"simplify": "-1"}, "simplify"),
        ({"start": "2026-13-01"}, "start"),
        ({"start": "2026-06-01", "end": "2026-01-01"}, "period"),
        ({"kind": "castle"}, "kind"),
        ({"srid": "3006"}, "srid"),
    ],
)
def test_bad_parameters_get_400_saying_what_is_wrong(client, places, params, field):
    response = client.get(reverse("layers:municipalities"), params)
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()


def test_unknown_parameters_are_named_in_the_400(client, places):
    response = client.get(reverse("layers:counties"), {"colour": "red"})
    assert response.status_code == 400
    assert "colour" in response.json()["errors"]


def test_clusters_are_only_for_point_layers(client, places):
    response = client.get(reverse("layers:municipalities"), {"cluster": "10000"})
    assert response.status_code == 400


def test_simplification_reduces_the_vertices_of_boundaries(client, places):
    detailed = GEOSGeometry(
        "MULTIPOLYGON(((480000 7000000, 480010 7005000, 480000 7010000, 490000 7010000, "
        "490000 7000000, 480000 7000000)))",
        srid=3006,
    )
    places["ostersund"].boundary = detailed
    places["ostersund"].save()

    def vertices(data):
        feature = next(f for f in data["features"] if f["properties"]["code"] == "2380")
        return len(feature["geometry"]["coordinates"][0][0])

    assert vertices(layer(client, "municipalities")) == 6
    assert vertices(layer(client, "municipalities", simplify="100")) == 5


def test_dialogues_can_be_clustered_on_a_grid_for_overview_zoom(client, places):
    DialogueFactory.create_batch(3, municipality=places["ostersund"])
    DialogueFactory(municipality=places["malmo"])
    data = layer(client, "dialogues", cluster="100000")
    counts = sorted(f["properties"]["count"] for f in data["features"])
    assert counts == [1, 3]
    jamtland = next(f for f in data["features"] if f["properties"]["count"] == 3)
    assert jamtland["geometry"]["coordinates"] == pytest.approx([14.65, 63.2], abs=1e-6)
    bbox = layer(client, "dialogues", cluster="100000", bbox="14,63,15,64")
    assert [f["properties"]["count"] for f in bbox["features"]] == [3]


def test_filters_apply_to_every_layer(client, places):
    spring = ProjectFactory(
        start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 5, 31)
    )
    autumn = ProjectFactory(
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2026, 12, 31),
        scope=box(14.0, 63.0),
    )
    undated = DialogueFactory(project=spring, date=None, municipality=places["ostersund"])
    dated = DialogueFactory(
        project=autumn, date=datetime.date(2026, 10, 1), municipality=places["are"]
    )
    road = PlanningAreaFactory(project=autumn, kind="infrastructure", geometry=box(14, 63))
    housing = PlanningAreaFactory(project=None, kind="settlement", geometry=box(14, 63))

    by_project = {"project": autumn.pk}
    assert ids(layer(client, "dialogues", **by_project)) == [dated.pk]
    assert ids(layer(client, "project-scopes", **by_project)) == [autumn.pk]
    assert ids(layer(client, "planning-areas", **by_project)) == [road.pk]
    counts = {
        f["properties"]["code"]: f["properties"]["dialogues"]
        for f in layer(client, "municipalities", **by_project)["features"]
    }
    assert counts == {"2380": 0, "2321": 1, "1280": 0}

    # An undated dialogue counts when its project ran in the period.
    spring_2025 = {"start": "2025-03-01", "end": "2025-03-31"}
    assert ids(layer(client, "dialogues", **spring_2025)) == [undated.pk]
    assert ids(layer(client, "project-scopes", **spring_2025)) == []
    # Planning areas without a project are not bound in time.
    assert ids(layer(client, "planning-areas", **spring_2025)) == [housing.pk]

    assert ids(layer(client, "planning-areas", kind="settlement")) == [housing.pk]


def test_filtering_on_a_project_the_user_may_not_see_shows_nothing_of_it(client, places):
    hidden = ProjectFactory(is_published=False, scope=box(14, 63))
    PlanningAreaFactory(project=hidden, geometry=box(14, 63), is_published=False)
    assert layer(client, "project-scopes", project=hidden.pk)["features"] == []
    assert layer(client, "planning-areas", project=hidden.pk)["features"] == []


def _fill(places, n):
    project = ProjectFactory(scope=box(14, 63))
    for i in range(n):
        DialogueFactory(project=project, municipality=places["ostersund" if i % 2 else "are"])
        PlanningAreaFactory(project=project, geometry=box(14 + i / 100, 63))
        municipality_at(16 + i / 50, 64, code=f"24{i:02d}", county=CountyFactory(code="24"))
        ProjectFactory(scope=box(15, 63 + i / 100))


@pytest.mark.parametrize("layer_id", list(LAYERS))
@pytest.mark.parametrize("rows", [2, 20])
def test_two_queries_per_layer_request_whatever_the_number_of_rows(
    client, places, django_assert_num_queries, layer_id, rows
):
    _fill(places, rows)
    # The data version (the cache key, maps.layers.data_version) and the layer; a second
    # request is answered from the cache after the version alone.
    with django_assert_num_queries(2):
        client.get(reverse(f"layers:{layer_id}"), {"bbox": "10,55,25,69", "simplify": "10"})
    with django_assert_num_queries(1):
        client.get(reverse(f"layers:{layer_id}"), {"bbox": "10,55,25,69", "simplify": "10"})


@pytest.mark.parametrize("rows", [2, 20])
def test_a_planners_layer_request_has_a_constant_number_of_queries(
    client, places, planner, django_assert_num_queries, rows
):
    _fill(places, rows)
    client.force_login(planner)
    # The session's first request records when it was last seen (SessionTimeoutMiddleware).
    client.get(reverse("robots_txt"))
    # session, user, the user's roles, the data version, the layer
    with django_assert_num_queries(5):
        client.get(reverse("layers:municipalities"))
    with django_assert_num_queries(5):
        client.get(reverse("layers:dialogues"), {"cluster": "50000"})


def test_the_layers_are_described_in_the_rest_apis_openapi_document(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    paths = response.json()["paths"]
    for layer_id in LAYERS:
        operation = paths[f"/api/v1/layers/{layer_id}/"]["get"]
        assert "application/geo+json" in operation["responses"]["200"]["content"]
        assert {p["name"] for p in operation["parameters"]} >= {"bbox", "project", "start"}
    assert "cluster" in {p["name"] for p in paths["/api/v1/layers/dialogues/"]["get"]["parameters"]}


def test_dialogue_dates_and_projects_are_in_the_properties(client, places):
    dialogue = DialogueFactory(municipality=places["ostersund"], date=datetime.date(2025, 3, 4))
    properties = layer(client, "dialogues")["features"][0]["properties"]
    assert properties["date"] == "2025-03-04"
    assert properties["diarienummer"] == dialogue.project.diarienummer
    assert properties["municipality"] == "Östersund"
    assert properties["url"] == f"http://testserver/dialoger/{dialogue.pk}/"
    assert Dialogue.objects.count() == 1


def test_a_published_dialogue_of_a_draft_project_does_not_reveal_the_project(
    client, places, planner
):
    draft_project = ProjectFactory(is_published=False, title="Hemligt utkast")
    DialogueFactory(project=draft_project, municipality=places["ostersund"], is_published=True)
    public = layer(client, "dialogues")["features"][0]["properties"]
    assert public["project_title"] is None and public["project_id"] is None
    assert "Hemligt utkast" not in client.get(reverse("layers:dialogues")).content.decode()
    client.force_login(planner)
    assert (
        layer(client, "dialogues")["features"][0]["properties"]["project_title"] == "Hemligt utkast"
    )


def test_a_projects_municipalities_are_its_scope_on_the_map(client, places):
    """Issue 12 §3: ``/karta/?project=1`` showed no project scope although the project names
    8 municipalities; only drawn scopes reached the layer."""
    project = ProjectFactory(scope=None)
    project.municipalities.set([places["ostersund"], places["are"]])
    data = layer(client, "project-scopes", project=project.pk)
    assert ids(data) == [project.pk]
    geometry = GEOSGeometry(str(data["features"][0]["geometry"]).replace("'", '"'))
    assert geometry.contains(GEOSGeometry(f"POINT({OSTERSUND[0] + 0.1} {OSTERSUND[1] + 0.1})"))
    assert geometry.contains(GEOSGeometry(f"POINT({ARE[0] + 0.1} {ARE[1] + 0.1})"))


def test_a_drawn_scope_and_the_municipalities_show_together(client, places):
    project = ProjectFactory(scope=box(*MALMO, 0.1))
    project.municipalities.set([places["ostersund"]])
    [feature] = layer(client, "project-scopes")["features"]
    geometry = GEOSGeometry(str(feature["geometry"]).replace("'", '"'))
    assert geometry.contains(GEOSGeometry(f"POINT({OSTERSUND[0] + 0.1} {OSTERSUND[1] + 0.1})"))
    assert geometry.contains(GEOSGeometry(f"POINT({MALMO[0] + 0.05} {MALMO[1] + 0.05})"))


def test_a_project_with_neither_scope_nor_municipalities_stays_off_the_map(client, places):
    ProjectFactory(scope=None)
    assert layer(client, "project-scopes")["features"] == []
