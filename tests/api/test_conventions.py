"""What every endpoint of the API shares: the error shape, content types, ETags, CSV, the
language, throttling, the docs."""

import csv
import io
import re

import pytest
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

from tests.api.helpers import detail_url, list_url
from tests.organisations.factories import OrganisationFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db


# --- errors ------------------------------------------------------------------------------------
def test_malformed_json_is_a_400_saying_so(planner_token):
    response = planner_token.post(
        list_url("project"), "{title: 'x'", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["status"] == 400


def test_json_nested_too_deeply_is_a_400_not_a_500(planner_token):
    body = "[" * 100_000 + "]" * 100_000
    response = planner_token.post(list_url("project"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("body", ["[1, 2]", '"title"', "3", "NaN"])
def test_a_body_that_is_not_a_json_object_is_a_400(planner_token, body):
    response = planner_token.post(list_url("project"), body, content_type="application/json")
    assert response.status_code == 400


def test_only_json_is_accepted(planner_token):
    response = planner_token.post(
        list_url("project"), "title=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_unknown_fields_and_wrong_types_are_named_together(planner_token):
    body = {"diarienummer": "RUN/1/2026", "title": 7, "colour": "red", "owner": "x"}
    response = planner_token.post(list_url("project"), body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert set(data["errors"]) == {"title", "colour", "owner"}
    assert data["errors"]["colour"] == ["Unknown field."]
    assert data["detail"] and data["code"] == "invalid"


def test_a_method_a_resource_does_not_have_is_405_with_allow(planner_token):
    response = planner_token.post(list_url("organisation"), {}, format="json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert planner_token.options(list_url("organisation")).status_code == 405


def test_an_unknown_api_url_is_a_json_404(anonymous):
    response = anonymous.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_messages_are_swedish_unless_another_language_is_asked_for(planner, swedish):
    client = APIClient()  # no Accept-Language: the portal's language
    response = client.post(list_url("project"), {}, format="json")
    assert response.status_code == 401
    assert response.json()["detail"] == "Autentiseringsuppgifter ej tillhandahållna."
    english = APIClient(HTTP_ACCEPT_LANGUAGE="en").post(list_url("project"), {}, format="json")
    assert english.json()["detail"] == "Authentication credentials were not provided."
    client.force_login(planner)
    response = client.post(list_url("project"), {"färg": "röd"}, format="json")
    assert response.json()["errors"]["färg"] == ["Okänt fält."]
    assert response.json()["detail"].startswith("Anropet innehåller fel")


# --- ETag ----------------------------------------------------------------------------------------
def test_every_object_has_an_etag_that_changes_with_the_record(anonymous):
    project = ProjectFactory(title="Före")
    url = detail_url("project", project.pk)
    first = anonymous.get(url)["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', first)
    assert anonymous.get(url)["ETag"] == first
    project.title = "Efter"
    project.save()
    assert anonymous.get(url)["ETag"] != first


def test_lists_carry_no_etag(anonymous):
    ProjectFactory()
    assert "ETag" not in anonymous.get(list_url("project"))


# --- CSV ---------------------------------------------------------------------------------------
def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_a_csv_export_is_for_excel_in_swedish(anonymous):
    funder = OrganisationFactory(name="Tillväxtverket; enheten för regional utveckling")
    line = FundingLineFactory(funder=funder, amount="1250000.50", note='=HYPERLINK("x")')
    response = anonymous.get(list_url("fundingline", format="csv"))
    assert response["Content-Disposition"] == 'attachment; filename="fundingline.csv"'
    header, row = read_csv(response)
    record = dict(zip(header, row, strict=True))
    assert record["id"] == str(line.pk)
    assert record["funder_id"] == str(funder.pk)
    assert record["funder"] == "Tillväxtverket; enheten för regional utveckling"
    assert record["amount"] == "1250000,50"
    assert record["note"] == '\'=HYPERLINK("x")'
    assert record["url"].endswith(f"/api/v1/funding-lines/{line.pk}/")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(anonymous, start):
    ProjectFactory(title=f"{start}1+1")
    header, row = read_csv(anonymous.get(list_url("project", format="csv")))
    assert dict(zip(header, row, strict=True))["title"] == f"'{start}1+1"


def test_csv_has_every_matching_row_and_lists_as_two_columns(anonymous):
    from tests.places.factories import MunicipalityFactory

    for i in range(60):
        ProjectFactory(title=f"P{i}")
    project = ProjectFactory(title="Med kommuner")
    project.municipalities.set([MunicipalityFactory(code="2380"), MunicipalityFactory(code="2361")])
    rows = read_csv(anonymous.get("/api/v1/projects.csv"))
    assert len(rows) == 1 + 61
    header = rows[0]
    assert "scope" not in header  # geometry: use the JSON or the map layers
    record = dict(zip(header, next(r for r in rows if "Med kommuner" in r), strict=True))
    assert sorted(record["municipalities_codes"].split(",")) == ["2361", "2380"]


def test_a_csv_export_respects_filters_and_a_row_limit(anonymous, settings):
    settings.API_EXPORT_MAX_ROWS = 2
    for status in ("planned", "planned", "completed", "ongoing"):
        ProjectFactory(status=status)
    assert len(read_csv(anonymous.get(list_url("project", format="csv", status="planned")))) == 3
    response = anonymous.get(list_url("project", format="csv"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "format" in response.json()["errors"]


def test_points_become_longitude_and_latitude_columns(anonymous):
    from django.contrib.gis.geos import Point

    from tests.dialogues.factories import DialogueFactory

    DialogueFactory(location=Point(484_000, 7_008_000, srid=3006))
    header, row = read_csv(anonymous.get(list_url("dialogue", format="csv")))
    record = dict(zip(header, row, strict=True))
    assert record["location_lon"].startswith("14,") and record["location_lat"].startswith("63,")


def test_an_object_is_json_only(anonymous):
    project = ProjectFactory()
    assert anonymous.get(detail_url("project", project.pk) + "?format=csv").status_code == 406


# --- throttling --------------------------------------------------------------------------------
def test_anonymous_clients_are_throttled_per_address(anonymous, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "3/minute"}
    for _ in range(3):
        assert anonymous.get(list_url("project")).status_code == 200
    response = anonymous.get(list_url("project"))
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_a_made_up_x_forwarded_for_does_not_open_a_new_bucket(anonymous, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "1/minute"}
    settings.TRUSTED_PROXY_COUNT = 0
    first = anonymous.get(list_url("project"), HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = anonymous.get(list_url("project"), HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert first.status_code == 200
    assert second.status_code == 429


def test_behind_one_trusted_proxy_the_rightmost_address_decides(anonymous, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "1/minute"}
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote the left entries; the proxy appended the real address at the right.
    url = list_url("project")
    assert anonymous.get(url, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7").status_code == 200
    assert anonymous.get(url, HTTP_X_FORWARDED_FOR="10.0.0.2, 198.51.100.7").status_code == 429
    assert anonymous.get(url, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_tokens_are_throttled_each_on_their_own(planner_token, read_only_token, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "token": "2/minute"}
    assert planner_token.get(list_url("project")).status_code == 200
    assert planner_token.get(list_url("project")).status_code == 200
    assert planner_token.get(list_url("project")).status_code == 429
    assert read_only_token.get(list_url("project")).status_code == 200


# --- database outage ---------------------------------------------------------------------------
@pytest.fixture
def database_away(monkeypatch):
    from django.db import OperationalError, connection

    def refused(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connection, "cursor", refused)


@pytest.mark.parametrize("url", ["/api/v1/projects/", "/ogc/collections/dialogues/items"])
def test_the_api_answers_a_json_503_with_retry_after_while_the_database_is_away(
    anonymous, database_away, url
):
    response = anonymous.get(url)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "database_unavailable"
    assert response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_a_page_keeps_the_500_page_while_the_database_is_away(database_away):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.raise_request_exception = False
    response = client.get("/projekt/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


# --- documentation -------------------------------------------------------------------------------
def test_the_schema_documents_geojson_etags_errors_and_tokens(anonymous):
    response = anonymous.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    components = schema["components"]
    assert {"GeoJSONGeometry", "GeoJSONPoint", "GeoJSONMultiPolygon", "Error"} <= set(
        components["schemas"]
    )
    assert components["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": components["securitySchemes"]["tokenAuth"]["description"],
    }
    update = schema["paths"]["/api/v1/projects/{id}/"]["patch"]
    assert any(p["name"] == "If-Match" and p["required"] for p in update["parameters"])
    assert {"200", "400", "401", "403", "404", "409", "412", "415", "428"} <= set(
        update["responses"]
    )
    assert "ETag" in update["responses"]["200"]["headers"]
    listing = schema["paths"]["/api/v1/meetings/"]["get"]["responses"]["200"]["content"]
    assert set(listing) == {"application/json", "text/csv", "text/calendar"}


def test_the_interactive_docs_use_only_local_files(anonymous):
    response = anonymous.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls
    assert all(not re.match(r"^(https?:)?//", url) for url in urls), urls
    assert not re.search(r"https?://(?!testserver)", html)
    assert "<style" not in html and not re.search(r"<script[^>]*>(?!</script>)", html)
    for url in urls:
        if url.startswith("/api/docs/?"):  # the set-up script, a file of its own
            script = anonymous.get(url)
            assert script.status_code == 200
            assert script["Content-Type"].startswith("application/javascript")
            assert "/api/schema/" in script.content.decode()
            continue
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url


def test_a_known_url_without_its_slash_is_redirected_keeping_the_method(anonymous):
    response = anonymous.get("/api/v1/projects?status=planned")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/projects/?status=planned"
    assert anonymous.post("/api/v1/projects", {}, format="json").status_code == 308
    assert anonymous.get("/api/v1/nothing").status_code == 404


def test_the_schema_is_valid_openapi_and_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.0.3")


@pytest.mark.parametrize(
    "body",
    [
        '{"title": "\\ud800"}',
        '{"\\udfff": 1}',
        '{"municipalities": ["\\ud800"]}',
        '{"status": "\\ud800"}',
    ],
)
def test_unpaired_surrogates_are_a_400_not_a_500(planner_token, body):
    response = planner_token.post(list_url("project"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
