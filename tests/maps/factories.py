"""Geometry helpers for map tests: places given in WGS84 longitude/latitude, stored in
SWEREF 99 TM (EPSG:3006) as the portal stores them."""

from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from tests.places.factories import MunicipalityFactory


def point(lon: float, lat: float) -> Point:
    p = Point(lon, lat, srid=4326)
    p.transform(3006)
    return p


def box(lon: float, lat: float, size: float = 0.2) -> Polygon:
    """A lon/lat square with its south-west corner at (lon, lat), in EPSG:3006."""
    polygon = Polygon.from_bbox((lon, lat, lon + size, lat + size))
    polygon.srid = 4326
    polygon.transform(3006)
    return polygon


def municipality_at(lon: float, lat: float, size: float = 0.2, **kwargs):
    """A municipality whose boundary is a square at lon/lat and whose seat is its centre."""
    kwargs.setdefault("boundary", MultiPolygon(box(lon, lat, size), srid=3006))
    kwargs.setdefault("seat_location", point(lon + size / 2, lat + size / 2))
    return MunicipalityFactory(**kwargs)


# Places in Jämtland and far from it, for bbox tests.
OSTERSUND = (14.55, 63.10)
ARE = (13.00, 63.30)
MALMO = (12.90, 55.55)
KIRUNA = (20.20, 67.80)
