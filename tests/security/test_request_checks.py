"""Addresses no client of the portal sends are a 400 with a message, not a 500: a NUL
character anywhere in the path or the query (PostgreSQL cannot hold one in a text value),
and an OGC offset past what the database counts in (core/request_checks.py, ogc/views.py)."""

import pytest

from tests.security.bad_input import database_state

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/sok/?q=%00", "/platser/kommuner/%00/", "/platser/lan/%00/", "/sok/?%00=x"]
)
def test_a_nul_character_in_a_page_address_is_a_400_page_saying_so(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_character_in_an_api_query_is_a_400_in_json(client):
    response = client.get("/api/v1/projects/?search=%00")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "NUL character" in response.json()["detail"]


def test_a_nul_character_in_a_form_post_address_changes_nothing(client, planner):
    client.force_login(planner)
    before = database_state()
    response = client.post("/projekt/nytt/?x=%00", {"title": "Nytt"})
    assert response.status_code == 400
    assert database_state() == before


@pytest.mark.parametrize("offset", ["9223372036854775808", "9223372036854775807", "1" * 5000])
def test_an_ogc_offset_past_a_bigint_is_a_400_in_json(client, offset):
    response = client.get("/ogc/collections/dialogues/items", {"offset": offset})
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"
    assert "offset" in response.json()["description"]


def test_a_large_but_possible_ogc_offset_is_an_empty_page(client):
    response = client.get("/ogc/collections/dialogues/items", {"offset": "1000000"})
    assert response.status_code == 200
    assert response.json()["features"] == []
