"""The Content-Security-Policy in Chromium: the map page, the map widgets of the portal's
forms, the admin's geometry widget and the API documentation work under it with not one
violation. Violations are caught twice: as ``securitypolicyviolation`` events (an init
script, which Playwright injects outside the page's policy) and as console errors."""

import pytest
from django.urls import reverse

from places.boundaries import import_boundaries
from seed import shipped
from tests.places.factories import PlanningAreaFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATA = shipped.DATA_DIR

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
      + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def violations(page):
    """Everything the policy blocked on the page so far, as readable lines."""
    console = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )

    def _collected() -> list[str]:
        events = page.evaluate("window.__cspViolations || []")
        return events + console

    return _collected


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers["content-security-policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def test_the_map_page_draws_its_layers_and_tiles_are_allowed(page, violations, case):
    import_boundaries(path=DATA / "jamtland_municipalities.geojson")
    PlanningAreaFactory(name="Stråket")
    tile_requests = []
    page.on(
        "request", lambda request: tile_requests.append(request.url) if "tile" in request.url else 0
    )
    response = page.goto("/karta/")
    page.wait_for_selector("[data-map][data-loaded=true]")
    policy = policy_of(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]  # only style attributes may be inline
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "base-uri" in policy
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    # Open a popup: Leaflet writes its content and position into the page.
    page.locator("[data-show-feature]:visible").first.click()
    page.locator(".leaflet-popup").wait_for()
    # The tiles were asked for (the policy let them through; the test refuses them offline).
    assert tile_requests
    assert violations() == []


def test_a_record_page_with_a_small_map_has_no_violation(page, violations):
    area = PlanningAreaFactory(name="Stråket")
    page.goto(reverse("places:planning_area", args=[area.pk]))
    page.locator(".leaflet-container").first.wait_for()
    assert violations() == []


def test_the_planning_area_form_draws_under_the_policy(page, violations, login, planner):
    login(planner)
    page.goto(reverse("maps:planning_area_create"))
    page.wait_for_selector("[data-map-canvas][data-ready=true]")
    # Leaflet.draw's toolbar, tooltip and a drawn line, all written by scripts.
    page.locator(".leaflet-draw-draw-polyline").click()
    box = page.locator("[data-map-canvas]").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for x, y in [(cx - 50, cy), (cx + 50, cy), (cx + 50, cy)]:
        page.mouse.move(x, y, steps=5)
        page.mouse.down()
        page.mouse.up()
    assert "LineString" in page.locator("#id_geometry").input_value()
    assert violations() == []


def test_the_dialogue_form_places_a_point_under_the_policy(page, violations, login, planner, case):
    login(planner)
    page.goto(reverse("dialogues:create"))
    page.wait_for_selector("[data-map-canvas][data-ready=true]")
    page.locator("[data-map-canvas]").click()
    page.locator(".leaflet-marker-icon").wait_for()
    assert "Point" in page.locator("textarea[name=location]").input_value()
    assert violations() == []


def test_the_admin_change_page_of_a_geometry_works_with_the_nonce(
    page, violations, login, admin_user
):
    area = PlanningAreaFactory(name="Stråket")
    login(admin_user)
    response = page.goto(reverse("admin:places_planningarea_change", args=[area.pk]))
    # django-leaflet's admin widget writes inline set-up scripts; they carry the nonce.
    nonces = [value for value in policy_of(response)["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1
    assert page.locator("script[nonce]").count() >= 1
    page.locator(".leaflet-container .leaflet-interactive").first.wait_for()
    assert page.locator(".leaflet-draw-toolbar").count() >= 1
    assert violations() == []


def test_the_admin_pages_have_no_violation(page, violations, login, admin_user):
    area = PlanningAreaFactory(name="Stråket")
    login(admin_user)
    for url in (
        reverse("admin:index"),
        reverse("admin:places_planningarea_changelist"),
        reverse("admin:places_planningarea_add"),
        reverse("admin:places_planningarea_history", args=[area.pk]),
        reverse("admin:places_planningarea_delete", args=[area.pk]),
    ):
        page.goto(url)
        page.wait_for_load_state()
        assert violations() == [], url


def test_the_portals_pages_have_no_violation(page, violations, login, planner, case):
    login(planner)
    for url in (
        "/",
        reverse("projects:list"),
        reverse("dialogues:list"),
        reverse("search"),
        reverse("decisions:list"),
        "/ogc/",
        reverse("login"),
    ):
        page.goto(url)
        page.wait_for_load_state()
        assert violations() == [], url


def test_the_api_documentation_renders_under_the_policy(page, violations):
    page.goto(reverse("api-docs"))
    page.locator(".swagger-ui .opblock").first.wait_for()
    page.locator(".swagger-ui .opblock-summary").first.click()
    page.locator(".swagger-ui .opblock-body").first.wait_for()
    assert violations() == []
