"""Municipalities change in the admin through places.services: the version is checked and
a new boundary gets its point within (where dialogues without a place are drawn)."""

import json

import pytest
from django.urls import reverse

from core.models import record_version
from places.models import Municipality
from tests.geometry import ARE, OSTERSUND, box
from tests.places.factories import municipality_at

pytestmark = pytest.mark.django_db


def change(client, municipality, *, boundary, version):
    return client.post(
        reverse("admin:places_municipality_change", args=[municipality.pk]),
        {
            "code": municipality.code,
            "name": municipality.name,
            "county": municipality.county_id,
            "seat": municipality.seat,
            "boundary": json.dumps(
                {"type": "MultiPolygon", "coordinates": [json.loads(boundary.json)["coordinates"]]}
            ),
            "record_version": version,
        },
    )


def wgs84(polygon):
    return polygon.transform(4326, clone=True)


def test_a_boundary_saved_in_the_admin_gets_the_point_within_it(admin_client):
    municipality = municipality_at(*OSTERSUND, code="2380", name="Östersund")
    new = box(*ARE)
    response = change(
        admin_client, municipality, boundary=wgs84(new), version=record_version(municipality)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    municipality.refresh_from_db()
    assert municipality.representative_point is not None
    assert new.buffer(1).contains(municipality.representative_point)


def test_a_stale_admin_save_changes_nothing(admin_client):
    municipality = municipality_at(*OSTERSUND, code="2380", name="Östersund")
    read = record_version(municipality)
    municipality.seat = "Ändrad av någon annan"
    municipality.save()  # someone else's save: a new version
    response = change(admin_client, municipality, boundary=wgs84(box(*ARE)), version=read)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert Municipality.objects.get(pk=municipality.pk).boundary.equals_exact(
        municipality.boundary, tolerance=0.01
    )
