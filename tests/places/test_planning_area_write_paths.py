"""One write path for planning areas: the edit page, the REST API and the admin all call
places.services, so its rule (no municipality named: those the geometry touches) and the
version check hold on each of them."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.api.concurrency import etag_for
from core.models import record_version
from places.models import PlanningArea
from places.services import planning_area_update
from tests.api.helpers import detail_url, list_url
from tests.geometry import OSTERSUND, box
from tests.places.factories import PlanningAreaFactory, municipality_at

pytestmark = pytest.mark.django_db

PATHS = ["page", "api", "admin"]
# Within Östersund's square (municipality_at(*OSTERSUND): 14.55–14.75, 63.10–63.30).
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[14.6, 63.15], [14.7, 63.15], [14.7, 63.25], [14.6, 63.25], [14.6, 63.15]]],
}


@pytest.fixture
def ostersund():
    return municipality_at(*OSTERSUND, code="2380", name="Östersund")


@pytest.fixture
def kiruna():
    return municipality_at(20.0, 67.8, code="2584", name="Kiruna")  # far from SQUARE


def _login(client, path, planner, admin_user):
    """The page and the API as a planner (the API with a session); the admin as admin."""
    if path == "api":
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin_user if path == "admin" else planner)
    return client


def create(client, path, *, name, municipalities=()):
    """Create a planning area over ``path``; return the response."""
    if path == "api":
        body = {"name": name, "kind": "infrastructure", "geometry": SQUARE}
        if municipalities:
            body["municipalities"] = [m.code for m in municipalities]
        return client.post(list_url("planningarea"), body, format="json")
    form = {
        "name": name,
        "kind": "infrastructure",
        "description": "",
        "geometry": json.dumps(SQUARE),
        "municipalities": [m.pk for m in municipalities],
    }
    url = reverse(
        "maps:planning_area_create" if path == "page" else "admin:places_planningarea_add"
    )
    return client.post(url, form)


def edit(client, path, area, *, name, version, municipalities=None):
    """Rename ``area`` over ``path`` (the form posts ``municipalities``, by default the
    area's), claiming ``version``; return the response."""
    if path == "api":
        read = PlanningArea(pk=area.pk, modified=version)  # the ETag read with that version
        return client.patch(
            detail_url("planningarea", area.pk),
            {"name": name},
            format="json",
            HTTP_IF_MATCH=etag_for(read),
        )
    if municipalities is None:
        municipalities = list(area.municipalities.all())
    form = {
        "name": name,
        "kind": area.kind,
        "description": area.description,
        "geometry": json.dumps(SQUARE),
        "municipalities": [m.pk for m in municipalities],
        "record_version": version.isoformat(),
    }
    if path == "page":
        return client.post(reverse("maps:planning_area_edit", args=[area.pk]), form)
    return client.post(reverse("admin:places_planningarea_change", args=[area.pk]), form)


@pytest.mark.parametrize("path", PATHS)
def test_an_area_without_municipalities_gets_those_its_geometry_touches(
    client, planner, admin_user, ostersund, kiruna, path
):
    client = _login(client, path, planner, admin_user)
    response = create(client, path, name="Stråket")
    assert response.status_code in (201, 302), response.content.decode()[:2000]
    area = PlanningArea.objects.get(name="Stråket")
    assert list(area.municipalities.all()) == [ostersund]


@pytest.mark.parametrize("path", PATHS)
def test_an_area_with_municipalities_named_keeps_exactly_those(
    client, planner, admin_user, ostersund, kiruna, path
):
    client = _login(client, path, planner, admin_user)
    response = create(client, path, name="Stråket", municipalities=[kiruna])
    assert response.status_code in (201, 302), response.content.decode()[:2000]
    area = PlanningArea.objects.get(name="Stråket")
    assert list(area.municipalities.all()) == [kiruna]


@pytest.mark.parametrize("path", PATHS)
def test_an_edit_over_a_version_someone_else_replaced_is_refused(
    client, planner, admin_user, ostersund, path
):
    area = PlanningAreaFactory(name="Orört", geometry=box(14.6, 63.15, 0.1))
    read = area.modified
    # Someone else saves after the editor read the area.
    planning_area_update(area=area, data={"name": "Annans"}, version=record_version(area))
    client = _login(client, path, planner, admin_user)
    response = edit(client, path, PlanningArea.objects.get(pk=area.pk), name="Mitt", version=read)
    expected = {"page": 409, "api": 412, "admin": 200}[path]
    assert response.status_code == expected, response.content.decode()[:2000]
    if path == "admin":
        assert "Someone else saved this record" in response.content.decode()
    area.refresh_from_db()
    assert area.name == "Annans"


@pytest.mark.parametrize("path", ["page", "admin"])
def test_an_edit_that_unticks_every_municipality_takes_those_the_geometry_touches(
    client, planner, admin_user, ostersund, kiruna, path
):
    area = PlanningAreaFactory(name="Stråket", geometry=box(14.6, 63.15, 0.1))
    area.municipalities.set([kiruna])
    client = _login(client, path, planner, admin_user)
    response = edit(client, path, area, name="Stråket", version=area.modified, municipalities=[])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(PlanningArea.objects.get(pk=area.pk).municipalities.all()) == [ostersund]


def test_a_patch_that_does_not_name_municipalities_keeps_them(planner, ostersund, kiruna):
    area = PlanningAreaFactory(name="Stråket", geometry=box(14.6, 63.15, 0.1))
    area.municipalities.set([kiruna])
    client = _login(None, "api", planner, None)
    response = edit(client, "api", area, name="Nytt namn", version=area.modified)
    assert response.status_code == 200, response.content
    area.refresh_from_db()
    assert area.name == "Nytt namn"
    assert list(area.municipalities.all()) == [kiruna]


@pytest.mark.parametrize("path", PATHS)
def test_an_editor_publishes_an_area_and_the_public_sees_it(
    client, planner, admin_user, ostersund, path
):
    """Issue 12 §3: the page form had no field to publish, so the public layer stayed empty
    unless the admin was used."""
    writer = _login(client, path, planner, admin_user)
    if path == "api":
        response = writer.post(
            list_url("planningarea"),
            {"name": "Stråket", "kind": "infrastructure", "geometry": SQUARE, "is_published": True},
            format="json",
        )
    else:
        url = reverse(
            "maps:planning_area_create" if path == "page" else "admin:places_planningarea_add"
        )
        response = writer.post(
            url,
            {
                "name": "Stråket",
                "kind": "infrastructure",
                "description": "",
                "geometry": json.dumps(SQUARE),
                "is_published": "on",
            },
        )
    assert response.status_code in (201, 302), response.content.decode()[:2000]
    area = PlanningArea.objects.get(name="Stråket")
    assert area.is_published
    public = APIClient().get(list_url("planningarea"))
    assert [row["id"] for row in public.json()["results"]] == [area.pk]


def test_the_edit_page_publishes_and_unpublishes_a_draft(client, planner, ostersund):
    area = PlanningAreaFactory(name="Stråket", geometry=box(14.6, 63.15, 0.1), is_published=False)
    client.force_login(planner)
    url = reverse("maps:planning_area_edit", args=[area.pk])
    assert 'name="is_published"' in client.get(url).content.decode()
    form = {
        "name": area.name,
        "kind": area.kind,
        "description": "",
        "geometry": json.dumps(SQUARE),
        "record_version": record_version(area),
        "is_published": "on",
    }
    assert client.post(url, form).status_code == 302
    area.refresh_from_db()
    assert area.is_published
    del form["is_published"]
    form["record_version"] = record_version(area)
    assert client.post(url, form).status_code == 302
    area.refresh_from_db()
    assert not area.is_published
