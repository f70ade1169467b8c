"""Bad input to the REST API gets a 4xx answer in the API's one JSON error shape, saying what
is wrong (per field where there is one), and the database is unchanged: malformed JSON,
invalid UTF-8, bodies that are not JSON or too large, unknown fields, wrong types, dates out
of range, diarienummer in wrong forms and geometry that is invalid, empty, foreign,
outside Sweden or enormous."""

import json

import pytest
from django.core.cache import cache

from core import geo
from decisions.models import AgendaItem
from places.models import PlanningArea
from projects.models import Project
from tests.api.conftest import _token_client
from tests.api.helpers import detail_url, fetch, list_url
from tests.decisions.factories import AgendaItemFactory, MeetingFactory
from tests.places.factories import PlanningAreaFactory
from tests.projects.factories import ProjectFactory
from tests.security.bad_input import (
    BAD_GEOMETRIES,
    SQUARE,
    database_state,
    million_vertex_polygon,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(planner):
    cache.clear()  # throttling counts live in the cache
    client = _token_client(planner, can_write=True)
    yield client
    cache.clear()


def post(api, basename, body, content_type="application/json"):
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    return api.generic("POST", list_url(basename), body, content_type=content_type)


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["status"] == status
    assert data["detail"]
    if code:
        assert data["code"] == code
    return data


@pytest.fixture
def before():
    ProjectFactory(diarienummer="RUN/479/2024", title="Strategisk planering")
    PlanningAreaFactory(name="Befintligt område")
    return database_state()


# --- bodies that cannot be read --------------------------------------------------------------


@pytest.mark.parametrize(
    "body, words",
    [
        (b'{"title": "Nytt", ', "JSON parse error"),
        (b'{"title": "Nytt"} trailing', "JSON parse error"),
        (b'{"title": NaN}', "JSON parse error"),
        (b'{"title": "\\ud800"}', "not characters"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"title": "\xff\xfe Nytt", "diarienummer": "RUN/1/2025"}', "utf-8"),
        ('{"title": "Åre"}'.encode("latin-1"), "utf-8"),
    ],
)
def test_unreadable_json_is_a_400_parse_error_and_changes_nothing(api, before, body, words):
    data = assert_error(post(api, "project", body), 400, "parse_error")
    assert words in data["detail"]
    assert database_state() == before


def test_an_empty_body_is_a_400_naming_the_required_fields(api, before):
    data = assert_error(post(api, "project", b""), 400, "invalid")
    assert set(data["errors"]) == {"diarienummer", "title"}
    assert database_state() == before


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "application/x-www-form-urlencoded"]
)
def test_a_body_that_is_not_json_is_a_415(api, before, content_type):
    body = "diarienummer=RUN/1/2025&title=Nytt"
    assert_error(post(api, "project", body, content_type), 415)
    assert database_state() == before


def test_an_oversized_body_is_a_413_in_json_and_changes_nothing(api, before, settings):
    body = {"diarienummer": "RUN/1/2025", "title": "Stort", "summary": "x" * 3_000_000}
    data = assert_error(post(api, "project", body), 413, "too_large")
    assert "larger than 2.5\xa0MB" in data["detail"]
    assert database_state() == before


def test_a_million_vertex_polygon_is_refused_by_size_before_it_is_parsed(api, before):
    body = {"name": "Enorm", "kind": "development_area", "geometry": million_vertex_polygon()}
    assert_error(post(api, "planningarea", body), 413, "too_large")
    assert database_state() == before


def test_a_geometry_over_the_vertex_cap_is_a_400_naming_it(api, before, settings, monkeypatch):
    """With a body limit large enough to read it, the vertex cap in core.geo refuses the
    geometry before GEOS builds it."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    ring = [[14.5, 63.1], *([[14.6, 63.15]] * (geo.MAX_VERTICES + 1)), [14.5, 63.1]]
    geometry = {"type": "Polygon", "coordinates": [ring]}

    def never(*args, **kwargs):
        raise AssertionError("GEOS must not be asked to build an enormous geometry")

    monkeypatch.setattr(geo, "GEOSGeometry", never)
    body = {"name": "Enorm", "kind": "development_area", "geometry": geometry}
    data = assert_error(post(api, "planningarea", body), 400, "invalid")
    assert "more than 200 000 vertices" in data["errors"]["geometry"][0]
    assert database_state() == before


# --- fields ----------------------------------------------------------------------------------


def test_unknown_fields_are_refused_by_name(api, before):
    body = {"diarienummer": "RUN/1/2025", "title": "Nytt", "budget": 5, "is_admin": True}
    data = assert_error(post(api, "project", body), 400, "invalid")
    assert set(data["errors"]) == {"budget", "is_admin"}
    assert database_state() == before


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", ["Nytt"]),
        ("title", {"sv": "Nytt"}),
        ("title", 5),
        ("title", None),
        ("title", ""),
        ("title", "x" * 10_000),
        ("title", "Null\x00byte"),
        ("diarienummer", 479),
        ("start_date", 20250101),
        ("start_date", True),
        ("status", "finished-ish"),
        ("status", ["active"]),
        ("owner", "Regionen"),
        ("owner", {"id": "x"}),
        ("owner", 999_999),
        ("municipalities", "2380"),
        ("municipalities", ["9999"]),
        ("is_published", "perhaps"),
        ("scope", "POINT(14 63)"),
    ],
)
def test_wrong_types_are_a_400_naming_the_field(api, before, field, value):
    body = {"diarienummer": "RUN/1/2025", "title": "Nytt", field: value}
    data = assert_error(post(api, "project", body), 400, "invalid")
    assert field in data["errors"], data
    assert all(data["errors"][field])
    assert database_state() == before


@pytest.mark.parametrize(
    "dates, field",
    [
        ({"start_date": "0000-01-01"}, "start_date"),
        ({"start_date": "10000-01-01"}, "start_date"),
        ({"end_date": "2025-02-30"}, "end_date"),
        ({"end_date": "2025-13-01"}, "end_date"),
        ({"start_date": "13/05/2025"}, "start_date"),
        ({"start_date": "2025-05-13T10:00:00"}, "start_date"),
        ({"start_date": "2025-05-13", "end_date": "2025-05-12"}, "non_field_errors"),
    ],
)
def test_dates_out_of_range_are_a_400(api, before, dates, field):
    body = {"diarienummer": "RUN/1/2025", "title": "Nytt", **dates}
    data = assert_error(post(api, "project", body), 400, "invalid")
    assert field in data["errors"], data
    assert database_state() == before


@pytest.mark.parametrize(
    "value",
    [
        "RUN-479-2024",
        "479/2024",
        "RUN/479",
        "RUN/0/2024",
        "RUN/1/1899",
        "RUN/1/2101",
        "RUN/1234567/2024",
        "RUN/٤٧٩/2024",
        "RUN/479/2024/1",
        "R U N/479/2024",
        "RUNRUNRUNRU/1/2024",
        "",
        "<b>RUN</b>/1/2024",
    ],
)
def test_diarienummer_in_wrong_forms_are_a_400(api, before, value):
    data = assert_error(post(api, "project", {"diarienummer": value, "title": "Nytt"}), 400)
    assert "diarienummer" in data["errors"]
    assert database_state() == before


def test_a_diarienummer_as_people_write_it_is_stored_canonical(api):
    response = post(api, "project", {"diarienummer": " run / 0077 / 2026 ", "title": "Nytt"})
    assert response.status_code == 201, response.content
    assert Project.objects.get().diarienummer == "RUN/77/2026"


@pytest.mark.parametrize(
    "what, geometry, words", BAD_GEOMETRIES, ids=[b[0] for b in BAD_GEOMETRIES]
)
def test_bad_geometry_is_a_400_saying_what_is_wrong(api, before, what, geometry, words):
    body = {"name": "Område", "kind": "development_area", "geometry": geometry}
    data = assert_error(post(api, "planningarea", body), 400, "invalid")
    assert words in " ".join(data["errors"]["geometry"]), data
    project = {"diarienummer": "RUN/1/2025", "title": "Nytt", "scope": geometry}
    data = assert_error(post(api, "project", project), 400, "invalid")
    assert words in " ".join(data["errors"]["scope"]), data
    assert database_state() == before


def test_a_good_geometry_is_accepted(api):
    body = {"name": "Område", "kind": "development_area", "geometry": SQUARE}
    assert post(api, "planningarea", body).status_code == 201
    assert PlanningArea.objects.count() == 1


# --- changes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"title": ""},
        {"diarienummer": "RUN//2024"},
        {"start_date": "2030-01-01", "end_date": "2029-01-01"},
        {"scope": {"type": "Point", "coordinates": [2.35, 48.85]}},
        {"surprise": 1},
    ],
)
def test_a_bad_change_leaves_the_record_as_it_was(api, change):
    project = ProjectFactory(start_date="2025-01-01", end_date="2026-12-31")
    url = detail_url("project", project.pk)
    _record, etag = fetch(api, url)
    state = database_state()
    response = api.patch(url, change, format="json", HTTP_IF_MATCH=etag)
    assert_error(response, 400, "invalid")
    assert database_state() == state


def test_a_bad_nested_point_leaves_the_agenda_item_and_its_points_as_they_were(api):
    item = AgendaItemFactory(meeting=MeetingFactory(minutes_status="draft"))
    url = detail_url("agendaitem", item.pk)
    _record, etag = fetch(api, url)
    state = database_state()
    change = {
        "title": "Ändrad",
        "proposal_points": [{"number": 1, "text": "Godkänd"}, {"number": "två", "text": ""}],
    }
    response = api.patch(url, change, format="json", HTTP_IF_MATCH=etag)
    data = assert_error(response, 400, "invalid")
    assert any(key.startswith("proposal_points.1") for key in data["errors"]), data
    assert database_state() == state
    assert AgendaItem.objects.get().title == item.title


def test_bad_query_parameters_are_a_400_naming_them(api):
    for query, name in [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "nan,1,2,3"}, "bbox"),
        ({"date_after": "2025-02-30"}, "date_after"),
        ({"modified_since": "igår"}, "modified_since"),
        ({"page_size": "-1"}, "page_size"),
        ({"ordering": "password"}, "ordering"),
    ]:
        response = api.get(list_url("project", **query))
        assert response.status_code == 400, (query, response.content)
        assert name in json.dumps(response.json()), (query, response.json())
