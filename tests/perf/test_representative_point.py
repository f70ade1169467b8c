"""A municipality's point within its boundary is stored (places: representative_point) by
import_boundaries and by the migration that added it, and the dialogue layer places a
dialogue with neither location nor seat there, without computing it per request."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.urls import reverse

from places.models import Municipality
from seed import shipped
from tests.dialogues.factories import DialogueFactory
from tests.geometry import OSTERSUND
from tests.places.factories import municipality_at

pytestmark = pytest.mark.django_db

JAMTLAND = shipped.JAMTLAND_MUNICIPALITIES


def test_import_boundaries_stores_a_point_within_every_boundary(case):
    Municipality.objects.update(representative_point=None)
    call_command("import_boundaries", str(JAMTLAND), stdout=StringIO())
    municipalities = list(Municipality.objects.filter(boundary__isnull=False))
    assert len(municipalities) == 8
    for municipality in municipalities:
        assert municipality.representative_point.srid == 3006
        assert municipality.boundary.contains(municipality.representative_point), municipality


def test_the_migration_fills_the_points_of_existing_boundaries():
    migration = importlib.import_module("places.migrations.0004_municipality_representative_point")
    with_boundary = municipality_at(*OSTERSUND, code="2380")
    without = municipality_at(14.0, 62.0, code="2361", boundary=None)
    migration.fill_representative_points(apps, None)
    with_boundary.refresh_from_db()
    without.refresh_from_db()
    assert with_boundary.boundary.contains(with_boundary.representative_point)
    assert without.representative_point is None


def test_a_dialogue_without_location_or_seat_is_placed_at_the_stored_point(client):
    municipality = municipality_at(*OSTERSUND, code="2380", seat_location=None)
    # A stored point other than the one PostGIS/SpatiaLite would compute, to see which is used.
    stored = Point(OSTERSUND[0] + 0.05, OSTERSUND[1] + 0.05, srid=4326)
    stored.transform(3006)
    Municipality.objects.filter(pk=municipality.pk).update(representative_point=stored)
    DialogueFactory(municipality=municipality, location=None)
    feature = client.get(reverse("layers:dialogues")).json()["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lon, 4), round(lat, 4)) == (14.6, 63.15)  # Östersund's corner + 0.05°
    assert feature["properties"]["placement"] == "municipality"


def test_without_a_stored_point_the_layer_still_finds_one_within_the_boundary(client):
    municipality = municipality_at(*OSTERSUND, code="2380", seat_location=None)
    assert municipality.representative_point is None
    DialogueFactory(municipality=municipality, location=None)
    lon, lat = client.get(reverse("layers:dialogues")).json()["features"][0]["geometry"][
        "coordinates"
    ]
    point = Point(lon, lat, srid=4326)
    point.transform(3006)
    assert municipality.boundary.contains(point)
