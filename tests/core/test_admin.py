"""The admin works for every model: list, add and change pages, with Leaflet map widgets for
geometry and the change history."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from core.apps import portal_app_labels

pytestmark = pytest.mark.django_db

PORTAL_APPS = portal_app_labels()
MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in PORTAL_APPS
)


def test_every_portal_model_is_in_the_admin():
    from django.apps import apps

    registered = set(MODELS)
    expected = {
        (m._meta.app_label, m._meta.model_name)
        for m in apps.get_models()
        if m._meta.app_label in PORTAL_APPS
        and not m._meta.model_name.startswith("historical")
        and m._meta.model_name not in {"agendaitemdocument"}  # edited inline on agenda items
    }
    assert expected - registered == set()


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_admin_pages_open_for_every_model(admin_client, case, app_label, model_name):
    changelist = admin_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    assert admin_client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    obj = model._default_manager.first()
    if obj is not None:
        change = admin_client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
        assert change.status_code == 200
        history = admin_client.get(
            reverse(f"admin:{app_label}_{model_name}_history", args=[obj.pk])
        )
        assert history.status_code == 200


def test_geometry_is_edited_with_a_leaflet_widget_served_locally(admin_client, case):
    from places.models import Municipality

    municipality = Municipality.objects.get(code="2380")
    page = admin_client.get(reverse("admin:places_municipality_change", args=[municipality.pk]))
    html = page.content.decode()
    assert "leaflet/leaflet.js" in html
    assert "/static/leaflet/" in html
    assert "unpkg.com" not in html and "cdn" not in html.lower().replace("cdnjs", "")


def test_admin_refuses_invalid_geometry_and_saves_nothing(admin_client, case):
    from places.models import PlanningArea

    bowtie = (
        '{"type": "Polygon", "coordinates": [[[14, 63], [15, 64], [15, 63], [14, 64], [14, 63]]]}'
    )
    response = admin_client.post(
        reverse("admin:places_planningarea_add"),
        {"name": "Korsande", "kind": "other", "geometry": bowtie, "description": ""},
    )
    assert response.status_code == 200
    assert "crosses itself" in response.content.decode()
    assert not PlanningArea.objects.exists()


def test_admin_saves_a_drawn_polygon_in_sweref99tm(admin_client, case):
    from places.models import PlanningArea

    square = json.dumps(
        {
            "type": "Polygon",
            "coordinates": [[[14.5, 63.1], [14.7, 63.1], [14.7, 63.2], [14.5, 63.2], [14.5, 63.1]]],
        }
    )
    response = admin_client.post(
        reverse("admin:places_planningarea_add"),
        {
            "name": "Storsjöbygden",
            "kind": "development_area",
            "geometry": square,
            "description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    area = PlanningArea.objects.get()
    assert area.geometry.srid == 3006
    assert 470_000 < area.geometry.centroid.x < 490_000
