"""Planning-area forms: planners (and registrars, admins) draw points, lines and areas;
invalid geometry is refused with a clear message and nothing is saved."""

import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from core.models import record_version
from places.models import PlanningArea
from tests.geometry import BOW_TIE, OSTERSUND, box, geojson_polygon
from tests.places.factories import PlanningAreaFactory, municipality_at

# In Swedish, as planners see the pages (the project-wide default for tests is English msgids).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("swedish")]

SQUARE = geojson_polygon(14.6, 63.15, 14.7, 63.25)


def data(geometry, **extra):
    return {
        "name": "Nytt stråk",
        "kind": "infrastructure",
        "description": "Ett stråk.",
        "geometry": geometry if isinstance(geometry, str) else json.dumps(geometry),
        **extra,
    }


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("maps:planning_area_create"))
    assert response.status_code == 302
    assert "next=" in response["Location"]


@pytest.mark.parametrize("persona", ["committee_member", "outsider"])
def test_roles_that_do_not_edit_may_not_draw(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("maps:planning_area_create")).status_code == 403
    response = client.post(reverse("maps:planning_area_create"), data(SQUARE))
    assert response.status_code == 403
    assert not PlanningArea.objects.exists()
    area = PlanningAreaFactory()
    assert client.get(reverse("maps:planning_area_edit", args=[area.pk])).status_code == 403


def test_planner_draws_a_polygon_that_is_stored_in_sweref99tm(client, planner):
    ostersund = municipality_at(*OSTERSUND, code="2380")
    municipality_at(20.0, 67.8, code="2584")  # Kiruna, untouched by the area
    client.force_login(planner)
    page = client.get(reverse("maps:planning_area_create"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-geometry-widget="id_geometry"' in html
    assert "/static/leaflet/draw/leaflet.draw.js" in html
    assert "<script>" not in html  # no inline script from django-leaflet's widget

    response = client.post(reverse("maps:planning_area_create"), data(SQUARE))
    area = PlanningArea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == area.get_absolute_url()
    area.refresh_from_db()
    assert area.geometry.srid == 3006
    assert area.geometry.geom_type == "Polygon"
    centre = area.geometry.centroid.transform(4326, clone=True)
    assert (centre.x, centre.y) == pytest.approx((14.65, 63.2), abs=1e-3)
    # No municipality named: those the area touches.
    assert list(area.municipalities.all()) == [ostersund]
    assert area.history.first().history_user == planner


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [14.6, 63.2]},
        {"type": "LineString", "coordinates": [[14.6, 63.2], [14.9, 63.3]]},
        SQUARE,
    ],
)
def test_points_lines_and_polygons_are_accepted(client, registrar, geometry):
    client.force_login(registrar)
    client.post(reverse("maps:planning_area_create"), data(geometry))
    assert PlanningArea.objects.get().geometry.geom_type == geometry["type"]


def test_admin_edits_a_planning_area(client, admin_user):
    area = PlanningAreaFactory(name="Gammalt namn", geometry=box(14.0, 63.0))
    client.force_login(admin_user)
    page = client.get(reverse("maps:planning_area_edit", args=[area.pk]))
    assert page.status_code == 200
    assert "Gammalt namn" in page.content.decode()
    response = client.post(
        reverse("maps:planning_area_edit", args=[area.pk]),
        data(SQUARE, name="Nytt namn", is_published="on", record_version=record_version(area)),
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name == "Nytt namn"
    assert area.geometry.centroid.transform(4326, clone=True).x == pytest.approx(14.65, abs=1e-3)


def test_the_edit_form_shows_the_stored_geometry_in_wgs84(client, planner):
    area = PlanningAreaFactory(geometry=box(14.0, 63.0))
    client.force_login(planner)
    html = client.get(reverse("maps:planning_area_edit", args=[area.pk])).content.decode()
    textarea = html.split('name="geometry"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    geometry = json.loads(textarea.replace("&quot;", '"'))
    assert geometry["coordinates"][0][0] == pytest.approx([14.0, 63.0], abs=1e-6)


def core_message(msgid: str) -> str:
    """core.geo's message as the page shows it (in the page's language), up to its first
    placeholder."""
    return gettext(msgid).split("%(")[0].replace("'", "&#x27;")


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (BOW_TIE, "The geometry crosses itself (%(reason)s). Redraw it without crossings."),
        ({"type": "Polygon", "coordinates": []}, "The geometry is empty."),
        (
            {"type": "Polygon", "coordinates": [[[2, 48], [3, 48], [3, 49], [2, 48]]]},
            "The geometry lies outside Sweden's extent.%(hint)s",
        ),
        (
            {"type": "Circle", "coordinates": [14.6, 63.2]},
            "“%(type)s” is not a GeoJSON geometry type.",
        ),
        ("not json", "The geometry is not valid JSON: %(error)s"),
        (
            {**SQUARE, "crs": {"type": "name", "properties": {"name": "EPSG:3021"}}},
            "Unsupported coordinate reference system. Send GeoJSON in WGS84 longitude/latitude "
            "(RFC 7946, no “crs” member) or name EPSG:3006 (SWEREF 99 TM).",
        ),
        ("", "Draw the planning area on the map (or paste GeoJSON)."),
    ],
)
def test_invalid_geometry_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, planner, geometry, message
):
    client.force_login(planner)
    response = client.post(reverse("maps:planning_area_create"), data(geometry))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formuläret kunde inte sparas" in html
    assert core_message(message) in html, html[html.find("error-summary") :][:800]
    assert 'aria-invalid="true"' in html
    assert not PlanningArea.objects.exists()


def test_an_invalid_edit_changes_nothing(client, planner):
    area = PlanningAreaFactory(name="Orört", geometry=box(14.0, 63.0))
    before = area.geometry.wkt
    client.force_login(planner)
    response = client.post(
        reverse("maps:planning_area_edit", args=[area.pk]), data(BOW_TIE, name="Ändrat")
    )
    assert response.status_code == 200
    assert "Orört" in response.content.decode()  # the heading keeps the stored name
    area.refresh_from_db()
    assert area.name == "Orört"
    assert area.geometry.wkt == before


def test_the_text_of_a_refused_geometry_is_shown_again_unparsed(client, planner):
    client.force_login(planner)
    sent = json.dumps({**SQUARE, "crs": {"type": "name", "properties": {"name": "/etc/passwd"}}})
    html = client.post(reverse("maps:planning_area_create"), data(sent)).content.decode()
    assert "/etc/passwd" in html  # as typed, for the planner to correct; GDAL never read it


def test_drafts_of_others_are_editable_by_planners_and_refused_to_outsiders(
    client, planner, outsider
):
    draft = PlanningAreaFactory(is_published=False)
    client.force_login(outsider)
    # 403 before any lookup (editor_required, as on every edit page): a draft's existence
    # is not confirmed, a missing area answers the same.
    assert client.get(reverse("maps:planning_area_edit", args=[draft.pk])).status_code == 403
    assert client.get(reverse("maps:planning_area_edit", args=[draft.pk + 1])).status_code == 403
    client.force_login(planner)
    assert client.get(reverse("maps:planning_area_edit", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_the_form_pages_have_a_constant_number_of_queries(
    client, planner, django_assert_num_queries, rows
):
    for i in range(rows):
        municipality_at(14 + i / 10, 63, code=f"23{i:02d}")
    area = PlanningAreaFactory()
    client.force_login(planner)
    # The session's first request records when it was last seen (at most once a minute,
    # core.middleware.SessionTimeoutMiddleware); measured after it.
    client.get(reverse("maps:planning_area_create"))
    # session, user, roles, projects, municipalities (+ the area on the edit page)
    with django_assert_num_queries(5):
        client.get(reverse("maps:planning_area_create"))
    with django_assert_num_queries(7):
        client.get(reverse("maps:planning_area_edit", args=[area.pk]))
