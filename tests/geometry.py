"""Geometry for tests, in the portal's two systems: stored in SWEREF 99 TM (EPSG:3006), given
and served as WGS84 longitude/latitude (EPSG:4326), GeoJSON bodies included. One module, so
that the places and shapes of the tests do not drift apart."""

from django.contrib.gis.geos import Point, Polygon

# Places in Jämtland and far from it (longitude, latitude), for bbox tests.
OSTERSUND = (14.55, 63.10)
ARE = (13.00, 63.30)
MALMO = (12.90, 55.55)
KIRUNA = (20.20, 67.80)


def square(x: float = 480_000, y: float = 7_000_000, size: float = 10_000) -> Polygon:
    """A square in SWEREF 99 TM, by default near Östersund."""
    return Polygon.from_bbox((x, y, x + size, y + size))


def point(lon: float, lat: float) -> Point:
    """A WGS84 place, in EPSG:3006 as the portal stores it."""
    p = Point(lon, lat, srid=4326)
    p.transform(3006)
    return p


def box(lon: float, lat: float, size: float = 0.2) -> Polygon:
    """A lon/lat square with its south-west corner at (lon, lat), in EPSG:3006."""
    polygon = Polygon.from_bbox((lon, lat, lon + size, lat + size))
    polygon.srid = 4326
    polygon.transform(3006)
    return polygon


def geojson_polygon(west: float, south: float, east: float, north: float) -> dict:
    """A WGS84 GeoJSON rectangle, as a form or an API client sends it."""
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


# A polygon that crosses itself, refused with the reason.
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[14.6, 63.15], [14.7, 63.25], [14.7, 63.15], [14.6, 63.25], [14.6, 63.15]]],
}
