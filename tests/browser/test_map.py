"""The map and the planning-area form in Chromium, with every non-local request (background
tiles included) refused: the vector layers draw anyway."""

import json

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from core.roles import ROLE_LABELS
from places.boundaries import import_boundaries
from places.models import Municipality, PlanningArea
from seed import shipped
from tests.geometry import BOW_TIE

pytestmark = pytest.mark.django_db(transaction=True)

DATA = shipped.DATA_DIR


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """The role groups come from a migration; a transactional test before this one may have
    flushed them."""
    for role in ROLE_LABELS:
        Group.objects.get_or_create(name=role)


@pytest.fixture
def jamtland(case):
    import_boundaries(path=DATA / "jamtland_municipalities.geojson")
    import_boundaries(path=DATA / "swedish_regions.geojson", level="county", skip_unknown=True)
    return case


@pytest.fixture
def logged_in(page, live_server):
    """Log a persona in by its session cookie (the portal's login page is another issue's;
    the admin's takes staff only)."""

    def _as(user):
        client = Client()
        client.force_login(user)
        assert client.session[SESSION_KEY] == str(user.pk)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return _as


def open_map(page, url="/karta/"):
    page.goto(url)
    page.wait_for_selector("[data-map][data-loaded=true]")


def test_map_toggles_layers_opens_popups_and_follows_a_link(page, axe, jamtland):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_map(page)
    assert axe(page) == []
    assert page.locator("path[class*=feature-municipalities-]").count() == 8
    assert page.locator(".dialogue-marker").count() == 8

    # Toggle the dialogue layer off and on in the layer control.
    control = page.locator(".leaflet-control-layers-overlays label", has_text="Dialoger")
    control.locator("input").uncheck()
    assert page.locator(".dialogue-marker").count() == 0
    control.locator("input").check()
    assert page.locator(".dialogue-marker").count() == 8

    # A municipality: Härjedalen, its popup names the dialogues held.
    harjedalen = Municipality.objects.get(code="2361")
    page.locator(f"path.feature-municipalities-{harjedalen.pk}").click()
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert "Härjedalen" in popup.inner_text()
    assert "Dialoger" in popup.inner_text()
    popup.locator(".leaflet-popup-close-button").click()
    popup.wait_for(state="detached")

    # A dialogue, by keyboard: Tab reaches the markers, Enter opens the popup.
    marker = page.locator(".dialogue-marker").first
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup .map-popup__link")
    link.wait_for()
    title = page.locator(".leaflet-popup .map-popup__title").inner_text()
    assert title.startswith("Dialog med")
    link.click()
    # The page, not its load event: offline, the small map's background tiles may keep the
    # load event waiting (the portal works without them).
    # A loaded machine (the suite's other worker) can take longer than the default 15 s.
    page.wait_for_url("**/dialoger/*/", wait_until="domcontentloaded", timeout=45_000)
    assert errors == []


def test_show_on_map_buttons_in_the_tables_open_the_features_popup(page, jamtland):
    open_map(page)
    button = page.locator("[data-show-feature=municipalities]", has_text="Östersund").first
    button.click()
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert "Östersund" in popup.inner_text()
    # The focus moves to the popup's link, for keyboard users.
    assert page.evaluate("document.activeElement.className") == "map-popup__link"


def test_filters_in_the_url_apply_to_the_map_and_the_tables(page, jamtland):
    open_map(page, "/karta/?start=2030-01-01")
    # The case's dialogues are undated and its project ended in 2025.
    assert page.locator(".dialogue-marker").count() == 0
    assert "0 objekt" in page.locator("#table-dialogues caption").inner_text()


def test_the_whole_countrys_municipality_layer_loads(page, case):
    import_boundaries(path=DATA / "swedish_regions.geojson", create=True)
    import_boundaries(path=DATA / "swedish_municipalities.geojson", create=True)
    open_map(page)
    assert page.locator("path[class*=feature-municipalities-]").count() == 290
    assert page.locator("path[class*=feature-counties-]").count() == 21
    assert "290 objekt" in page.locator("#table-municipalities caption").inner_text()


def test_planner_draws_a_polygon_and_saves_it(page, axe, logged_in, planner):
    logged_in(planner)
    page.goto(reverse("maps:planning_area_create"))
    page.wait_for_selector("[data-map-canvas][data-ready=true]")
    assert axe(page) == []
    page.fill("#id_name", "Ritat område")
    page.select_option("#id_kind", "development_area")

    page.locator(".leaflet-draw-draw-polygon").click()
    box = page.locator("[data-map-canvas]").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - 60, cy - 40), (cx + 60, cy - 40), (cx + 60, cy + 40), (cx - 60, cy + 40)]
    for x, y in [*corners, corners[0]]:  # clicking the first point again closes the area
        page.mouse.move(x, y, steps=5)  # Leaflet.draw places a vertex where the mouse moved
        page.mouse.down()
        page.mouse.up()
    geometry = json.loads(page.locator("#id_geometry").input_value())
    assert geometry["type"] == "Polygon"
    assert len(geometry["coordinates"][0]) == 5

    page.locator("form.planning-area-form button[type=submit]").click()
    page.wait_for_url("**/platser/planeringsomraden/*/", wait_until="domcontentloaded")
    area = PlanningArea.objects.get(name="Ritat område")
    assert area.geometry.geom_type == "Polygon"
    assert area.geometry.srid == 3006
    assert area.geometry.valid


def test_an_invalid_polygon_is_refused_with_a_message(page, axe, logged_in, planner):
    logged_in(planner)
    page.goto(reverse("maps:planning_area_create"))
    page.wait_for_selector("[data-map-canvas][data-ready=true]")
    page.fill("#id_name", "Fjärilen")
    page.locator(".geometry-widget__raw summary").click()
    page.fill("#id_geometry", json.dumps(BOW_TIE))
    page.locator("form.planning-area-form button[type=submit]").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Formuläret kunde inte sparas" in summary.inner_text()
    assert "Self-intersection" in summary.inner_text()  # GEOS' reason, in any language
    # The refused text is kept for correcting, and the page still passes axe.
    assert json.loads(page.locator("#id_geometry").input_value()) == BOW_TIE
    assert axe(page) == []
    assert not PlanningArea.objects.exists()


def test_many_dialogues_come_clustered_at_overview_zoom_and_as_points_zoomed_in(
    page, jamtland, monkeypatch
):
    import maps.views

    monkeypatch.setattr(maps.views, "CLUSTER_THRESHOLD", 3)  # the case has 8
    open_map(page)
    assert page.locator(".cluster-marker").count() >= 1
    assert page.locator(".dialogue-marker").count() == 0
    clustered = sum(int(n) for n in page.locator(".cluster-marker span").all_inner_texts())
    assert clustered == 8
    page.goto("about:blank")
    open_map(page, "/karta/#10/63.18/14.64")  # Östersund: points of the view, by bbox
    page.locator(".dialogue-marker").first.wait_for()
    assert page.locator(".cluster-marker").count() == 0
    assert 1 <= page.locator(".dialogue-marker").count() < 8


def test_the_ogc_apis_html_landing_page_passes_axe(page, axe):
    page.goto("/ogc/")
    assert page.locator("h1").count() == 1
    assert "OAPIF:" in page.locator("main").inner_text()
    assert axe(page) == []
