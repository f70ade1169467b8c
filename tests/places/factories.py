import factory
from django.contrib.gis.geos import MultiPolygon, Point

from places.models import County, Municipality, PlanningArea
from tests.geometry import box, point, square


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["code"]

    code = "23"
    name = "Jämtlands län"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    county = factory.SubFactory(CountyFactory)
    code = factory.Sequence(lambda n: f"23{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Kommun {n}")
    seat = factory.LazyAttribute(lambda o: o.name)
    seat_location = factory.LazyFunction(lambda: Point(485_000, 7_005_000, srid=3006))
    boundary = factory.LazyFunction(lambda: MultiPolygon(square(), srid=3006))


class PlanningAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanningArea

    name = factory.Sequence(lambda n: f"Planeringsområde {n}")
    kind = PlanningArea.Kind.DEVELOPMENT_AREA
    geometry = factory.LazyFunction(lambda: square())
    is_published = True


def municipality_at(lon: float, lat: float, size: float = 0.2, **kwargs):
    """A municipality whose boundary is a square at lon/lat and whose seat is its centre."""
    kwargs.setdefault("boundary", MultiPolygon(box(lon, lat, size), srid=3006))
    kwargs.setdefault("seat_location", point(lon + size / 2, lat + size / 2))
    return MunicipalityFactory(**kwargs)
