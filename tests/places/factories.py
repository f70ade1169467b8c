import factory
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from places.models import County, Municipality, PlanningArea


def square(x: float = 480_000, y: float = 7_000_000, size: float = 10_000) -> Polygon:
    """A square in SWEREF 99 TM, by default near Östersund."""
    return Polygon.from_bbox((x, y, x + size, y + size))


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
