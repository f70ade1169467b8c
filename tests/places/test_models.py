import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from tests.places.factories import CountyFactory, MunicipalityFactory, PlanningAreaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["2", "234", "AB"])
def test_database_refuses_a_malformed_county_code(code):
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        CountyFactory(code=code)


@pytest.mark.parametrize("code", ["238", "23800", "ÖSTE"])
def test_database_refuses_a_malformed_municipality_code(code):
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        MunicipalityFactory(code=code)


def test_municipality_codes_are_unique_in_the_database():
    from places.models import Municipality

    first = MunicipalityFactory(code="2380")
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(code="2380", name="Dubblett", county=first.county)


def test_a_municipality_code_must_belong_to_its_county():
    county = CountyFactory(code="23")
    municipality = MunicipalityFactory.build(code="0180", name="Stockholm", county=county)
    with pytest.raises(ValidationError, match="does not belong to county"):
        municipality.full_clean()


def test_planning_area_takes_any_geometry_type():
    from django.contrib.gis.geos import LineString, Point

    for geometry in (
        Point(480_000, 7_000_000),
        LineString((480_000, 7_000_000), (490_000, 7_010_000)),
    ):
        geometry.srid = 3006
        area = PlanningAreaFactory(geometry=geometry)
        area.refresh_from_db()
        assert area.geometry.geom_type == geometry.geom_type
        assert area.geometry.srid == 3006
