"""OGC API – Features (Part 1 Core) under /ogc/: landing page, conformance, collections,
items with paging, single items; only what the caller may see; unknown parameters are 400."""

import datetime
import json

import pytest
from django.urls import reverse

from maps.layers import LAYERS
from ogc.views import DEFAULT_LIMIT, MAX_LIMIT
from tests.dialogues.factories import DialogueFactory
from tests.geometry import MALMO, OSTERSUND, box
from tests.places.factories import PlanningAreaFactory, municipality_at

pytestmark = pytest.mark.django_db


def rels(document):
    return {link["rel"]: link for link in document["links"]}


def test_landing_page_links_the_api_definition_conformance_and_collections(client):
    response = client.get(reverse("ogc:landing"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    links = rels(response.json())
    assert links["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert links["conformance"]["href"] == "http://testserver/ogc/conformance"
    assert links["data"]["href"] == "http://testserver/ogc/collections"
    assert links["alternate"]["type"] == "text/html"


def test_landing_page_has_an_html_view_for_browsers(client):
    response = client.get(reverse("ogc:landing"), HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response["Content-Type"].startswith("text/html")
    assert b"ogrinfo OAPIF:http://testserver/ogc/" in response.content
    assert client.get(reverse("ogc:landing"), {"f": "json"})["Content-Type"] == ("application/json")


def test_conformance_declares_core_geojson_and_openapi(client):
    conforms = client.get(reverse("ogc:conformance")).json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conforms
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conforms
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30" in conforms


def test_the_api_definition_describes_the_items_parameters(client):
    response = client.get(reverse("ogc:api"))
    assert response["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    document = response.json()
    items = document["paths"]["/collections/{collectionId}/items"]["get"]
    limit = next(p for p in items["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == MAX_LIMIT
    assert document["servers"][0]["url"] == "http://testserver/ogc"


def test_the_api_definition_template_is_filled_in_everywhere(client):
    """ogc/openapi.json is a template: every "${name}" in it is replaced per request."""
    text = client.get(reverse("ogc:api")).content.decode()
    assert "${" not in text
    document = json.loads(text)
    items = document["paths"]["/collections/{collectionId}/items"]["get"]
    collection_id = next(p for p in items["parameters"] if p["name"] == "collectionId")
    assert collection_id["schema"]["enum"] == list(LAYERS)
    limit = next(p for p in items["parameters"] if p["name"] == "limit")
    assert limit["schema"]["default"] == DEFAULT_LIMIT


def test_collections_are_the_map_layers_with_a_lon_lat_extent(client):
    municipality_at(*OSTERSUND)
    municipality_at(*MALMO, code="1280")
    data = client.get(reverse("ogc:collections")).json()
    collections = {c["id"]: c for c in data["collections"]}
    assert list(collections) == list(LAYERS)
    municipalities = collections["municipalities"]
    assert municipalities["itemType"] == "feature"
    minlon, minlat, maxlon, maxlat = municipalities["extent"]["spatial"]["bbox"][0]
    assert (minlon, minlat) == pytest.approx((MALMO[0], MALMO[1]), abs=1e-4)
    assert (maxlon, maxlat) == pytest.approx((OSTERSUND[0] + 0.2, OSTERSUND[1] + 0.2), abs=1e-4)
    assert rels(municipalities)["items"]["type"] == "application/geo+json"
    single = client.get(reverse("ogc:collection", args=["municipalities"])).json()
    assert single["extent"] == municipalities["extent"]


def test_unknown_collection_is_404_with_a_json_body(client):
    response = client.get(reverse("ogc:collection", args=["castles"]))
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"


def test_items_are_paged_with_next_and_prev_links(client):
    municipality = municipality_at(*OSTERSUND)
    DialogueFactory.create_batch(5, municipality=municipality)
    url = reverse("ogc:items", args=["dialogues"])
    response = client.get(url, {"limit": 2})
    assert response["Content-Type"] == "application/geo+json"
    page = response.json()
    assert page["numberMatched"] == 5
    assert page["numberReturned"] == 2
    assert datetime.datetime.fromisoformat(page["timeStamp"])
    assert "prev" not in rels(page)
    next_url = rels(page)["next"]["href"]
    assert "offset=2" in next_url and "limit=2" in next_url
    seen = [f["id"] for f in page["features"]]
    while "next" in rels(page):
        page = client.get(rels(page)["next"]["href"]).json()
        seen += [f["id"] for f in page["features"]]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 5
    assert "prev" in rels(page)


def test_limit_has_a_default_and_a_maximum(client):
    url = reverse("ogc:items", args=["municipalities"])
    assert f"limit={DEFAULT_LIMIT}" in rels(client.get(url).json())["self"]["href"]
    # Above the maximum is no error: the maximum is used.
    response = client.get(url, {"limit": MAX_LIMIT * 10})
    assert response.status_code == 200
    assert f"limit={MAX_LIMIT}" in rels(response.json())["self"]["href"]


def test_bbox_and_datetime_select_items(client):
    ostersund = municipality_at(*OSTERSUND)
    malmo = municipality_at(*MALMO, code="1280")
    spring = DialogueFactory(municipality=ostersund, date=datetime.date(2025, 4, 1))
    DialogueFactory(municipality=malmo, date=datetime.date(2025, 9, 1))
    url = reverse("ogc:items", args=["dialogues"])
    in_jamtland = client.get(url, {"bbox": "14,63,15,64"}).json()
    assert [f["id"] for f in in_jamtland["features"]] == [spring.pk]
    assert in_jamtland["numberMatched"] == 1
    assert "bbox=14%2C63%2C15%2C64" in rels(in_jamtland)["self"]["href"]
    three_d = client.get(url, {"bbox": "14,63,0,15,64,100"}).json()
    assert [f["id"] for f in three_d["features"]] == [spring.pk]
    in_spring = client.get(url, {"datetime": "2025-03-01/2025-05-01"}).json()
    assert [f["id"] for f in in_spring["features"]] == [spring.pk]
    assert client.get(url, {"datetime": "../2025-04-01"}).json()["numberMatched"] == 1
    assert client.get(url, {"datetime": "2025-09-01T10:00:00Z"}).json()["numberMatched"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"colour": "red"},
        {"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/3006"},
        {"limit": "many"},
        {"limit": "0"},
        {"offset": "-1"},
        {"bbox": "14,63,15"},
        {"datetime": "yesterday"},
        {"datetime": "2025-05-01/2025-01-01"},
        {"f": "xml"},
    ],
)
def test_bad_or_unknown_parameters_are_400_with_a_json_body(client, params):
    response = client.get(reverse("ogc:items", args=["municipalities"]), params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    assert body["description"]


def test_unknown_parameters_on_other_resources_are_400_too(client):
    for name, args in [("ogc:landing", []), ("ogc:collections", []), ("ogc:conformance", [])]:
        assert client.get(reverse(name, args=args), {"x": "1"}).status_code == 400


def test_a_single_item_with_its_links(client):
    area = PlanningAreaFactory(geometry=box(14, 63))
    response = client.get(reverse("ogc:item", args=["planning-areas", area.pk]))
    assert response["Content-Type"] == "application/geo+json"
    feature = response.json()
    assert feature["id"] == area.pk
    assert feature["properties"]["name"] == area.name
    assert rels(feature)["collection"]["href"] == "http://testserver/ogc/collections/planning-areas"


def test_only_what_the_caller_may_see_is_served(client, planner):
    draft = PlanningAreaFactory(geometry=box(14, 63), is_published=False)
    PlanningAreaFactory(geometry=box(14, 63))
    assert client.get(reverse("ogc:item", args=["planning-areas", draft.pk])).status_code == 404
    items = client.get(reverse("ogc:items", args=["planning-areas"])).json()
    assert items["numberMatched"] == 1
    client.force_login(planner)
    assert client.get(reverse("ogc:item", args=["planning-areas", draft.pk])).status_code == 200
    assert client.get(reverse("ogc:items", args=["planning-areas"])).json()["numberMatched"] == 2


def test_a_feature_id_that_is_not_a_number_is_404(client):
    response = client.get(reverse("ogc:item", args=["dialogues", "abc"]))
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"


def test_an_empty_page_past_the_end_still_says_how_many_match(client):
    DialogueFactory(municipality=municipality_at(*OSTERSUND))
    page = client.get(reverse("ogc:items", args=["dialogues"]), {"offset": 10}).json()
    assert page["numberReturned"] == 0
    assert page["numberMatched"] == 1


def _fill(n):
    for i in range(n):
        municipality = municipality_at(14 + i / 20, 63, code=f"23{i:02d}")
        DialogueFactory(municipality=municipality)
        PlanningAreaFactory(geometry=box(14 + i / 50, 63))


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize(
    ("name", "args", "queries"),
    [
        ("ogc:landing", [], 0),
        ("ogc:conformance", [], 0),
        ("ogc:api", [], 0),
        ("ogc:collections", [], len(LAYERS)),  # one extent per collection
        ("ogc:collection", ["dialogues"], 1),
        ("ogc:items", ["dialogues"], 1),
        ("ogc:items", ["municipalities"], 1),
        ("ogc:items", ["planning-areas"], 1),
    ],
)
def test_query_counts_are_pinned(client, django_assert_num_queries, rows, name, args, queries):
    _fill(rows)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name, args=args), {"f": "json"}).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_a_single_item_is_one_query(client, django_assert_num_queries, rows):
    _fill(rows)
    area = PlanningAreaFactory(geometry=box(14, 63))
    with django_assert_num_queries(1):
        client.get(reverse("ogc:item", args=["planning-areas", area.pk]))
