"""
Geometry input and the portal's coordinate systems.

Geometry is stored in SWEREF 99 TM (EPSG:3006) and served as WGS84 longitude/latitude
(EPSG:4326, RFC 7946). All geometry that comes from people or programs (forms, the admin,
the API) is parsed by :func:`parse_geojson`, which

* refuses a GeoJSON ``crs`` member unless it names WGS84/CRS84 or SWEREF 99 TM: GDAL < 3.9
  would otherwise resolve arbitrary text there (file names, URLs) as a spatial reference
  (Django's check gis.W001, see README "GDAL");
* refuses empty, invalid (e.g. self-intersecting) and enormous geometries, geometries of a
  type the field does not take, and geometries outside Sweden's extent;
* answers each refusal with a ``ValidationError`` that says what is wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Polygon
from django.core.exceptions import ValidationError
from django.db.models import Expression, F
from django.utils.translation import gettext_lazy as _

STORAGE_SRID = 3006  # SWEREF 99 TM
WGS84 = 4326

# The area of use of EPSG:3006 (Sweden, onshore and offshore), as lon/lat.
SWEDEN_EXTENT_WGS84 = (10.03, 54.96, 24.17, 69.07)

# Coordinates served in WGS84 have six decimals of a degree: about 0.1 m, finer than
# anything the portal stores. The API, the map layers, the downloads and the OGC API alike.
GEOJSON_PRECISION = 6

# A ?bbox= is clipped to Sweden's extent with this margin (degrees) before it is
# transformed: all stored geometry lies in Sweden (checked on the way in), and SWEREF 99 TM
# is only defined around it (a world-wide box would not transform sensibly).
BBOX_CLIP_MARGIN = 1.0
BBOX_CLIP_EXTENT = (
    SWEDEN_EXTENT_WGS84[0] - BBOX_CLIP_MARGIN,
    SWEDEN_EXTENT_WGS84[1] - BBOX_CLIP_MARGIN,
    SWEDEN_EXTENT_WGS84[2] + BBOX_CLIP_MARGIN,
    SWEDEN_EXTENT_WGS84[3] + BBOX_CLIP_MARGIN,
)
# Vertices per edge of the box before it is transformed: a parallel is curved in SWEREF 99
# TM; with 32 the chord between two vertices of a box as wide as Sweden strays some 20 m
# from the parallel (16 would be some 75 m).
BBOX_EDGE_VERTICES = 32

# More vertices than any boundary a planner draws or a municipality needs at portal scale
# (the most detailed SCB municipality boundary has some 60 000).
MAX_VERTICES = 200_000

# The only "crs" members accepted, as the integer SRIDs they name.
ACCEPTED_CRS_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84": WGS84,
    "urn:ogc:def:crs:OGC::CRS84": WGS84,
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84": WGS84,
    "EPSG:4326": WGS84,
    "urn:ogc:def:crs:EPSG::4326": WGS84,
    "EPSG:3006": STORAGE_SRID,
    "urn:ogc:def:crs:EPSG::3006": STORAGE_SRID,
    "http://www.opengis.net/def/crs/EPSG/0/3006": STORAGE_SRID,
}
ACCEPTED_SRIDS = frozenset(ACCEPTED_CRS_NAMES.values())

SWAPPED_HINT = _("The coordinates look like latitude, longitude; GeoJSON wants longitude first.")

GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)


def sweden_extent(srid: int = WGS84) -> Polygon:
    extent = Polygon.from_bbox(SWEDEN_EXTENT_WGS84)
    extent.srid = WGS84
    if srid != WGS84:
        extent.transform(srid)
    return extent


# GeoJSON nests positions at most four lists deep (MultiPolygon); collections may hold
# collections, but a portal geometry has no use for more than a few levels.
MAX_COORDINATE_DEPTH = 4
MAX_COLLECTION_DEPTH = 3


def _nesting_error() -> ValidationError:
    return ValidationError(_("The geometry is nested deeper than GeoJSON allows."), code="invalid")


def _is_position(item) -> bool:
    return isinstance(item, list) and bool(item) and isinstance(item[0], (int, float))


def _count_positions(coordinates) -> int:
    """Number of positions in a GeoJSON coordinates array, without recursion. A line or
    ring is counted by its length before its positions are looked at, so that an enormous
    geometry is refused at once (more than MAX_VERTICES) and costs next to nothing."""
    count = 0
    stack = [(coordinates, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, list):
            continue
        if _is_position(item):
            positions = [item]
        elif item and _is_position(item[0]):
            positions = item
        elif depth >= MAX_COORDINATE_DEPTH:
            if any(isinstance(member, (list, dict)) for member in item):
                raise _nesting_error()
            continue
        else:
            stack.extend((member, depth + 1) for member in item)
            continue
        count += len(positions)
        if count > MAX_VERTICES:
            return count
        for position in positions:
            if not isinstance(position, list) or any(
                isinstance(number, (list, dict)) for number in position
            ):
                raise _nesting_error()
    return count


def _members(geometry: dict) -> list:
    members = geometry.get("geometries")
    if not isinstance(members, list):
        raise ValidationError(_("A GeometryCollection needs a list of geometries."), code="invalid")
    for member in members:
        if not isinstance(member, dict) or member.get("type") not in GEOMETRY_TYPES:
            raise ValidationError(
                _("Each member of a GeometryCollection must be a GeoJSON geometry."),
                code="invalid",
            )
    return members


def _walk(geometry: dict) -> int:
    """Check the structure of a geometry (collections included, without recursion) and
    count its positions."""
    positions = 0
    stack = [(geometry, 1)]
    while stack and positions <= MAX_VERTICES:
        item, depth = stack.pop()
        if item.get("type") == "GeometryCollection":
            if depth > MAX_COLLECTION_DEPTH:
                raise _nesting_error()
            stack.extend((member, depth + 1) for member in _members(item))
        else:
            positions += _count_positions(item.get("coordinates"))
    return positions


def _plain(geometry: dict) -> dict:
    """The geometry with only what GDAL needs to read it: no "crs" member (GDAL never sees
    one) and no foreign members. Its depth is bounded by :func:`_walk`."""
    if geometry.get("type") == "GeometryCollection":
        return {
            "type": "GeometryCollection",
            "geometries": [_plain(g) for g in geometry["geometries"]],
        }
    return {"type": geometry["type"], "coordinates": geometry.get("coordinates")}


def _crs_srid(obj: dict) -> int:
    crs = obj.get("crs")
    if crs is None:
        return WGS84
    name = None
    if isinstance(crs, dict) and crs.get("type") == "name":
        properties = crs.get("properties")
        name = properties.get("name") if isinstance(properties, dict) else None
    if isinstance(name, str) and name in ACCEPTED_CRS_NAMES:
        return ACCEPTED_CRS_NAMES[name]
    raise ValidationError(
        _(
            "Unsupported coordinate reference system. Send GeoJSON in WGS84 longitude/latitude "
            "(RFC 7946, no “crs” member) or name EPSG:3006 (SWEREF 99 TM)."
        ),
        code="crs",
    )


def _geometry_object(data) -> tuple[dict, int]:
    if isinstance(data, dict) and data.get("type") == "Feature":
        srid = _crs_srid(data)
        data = data.get("geometry")
        if data is None:
            raise ValidationError(_("The feature has no geometry."), code="empty")
        if not isinstance(data, dict):
            raise ValidationError(_("Expected a GeoJSON geometry object."), code="invalid")
        if "crs" in data:
            srid = _crs_srid(data)
    elif isinstance(data, dict):
        srid = _crs_srid(data)
    else:
        raise ValidationError(_("Expected a GeoJSON geometry object."), code="invalid")
    if data.get("type") not in GEOMETRY_TYPES:
        raise ValidationError(
            _("“%(type)s” is not a GeoJSON geometry type."),
            code="invalid",
            params={"type": str(data.get("type"))[:40]},
        )
    return data, srid


def _nested_crs(obj) -> Iterable[dict]:
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "crs" in item:
                yield item
            # Coordinates hold numbers only (checked by _walk); no need to walk them.
            stack.extend(
                v for k, v in item.items() if k != "coordinates" and isinstance(v, (dict, list))
            )
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))


def parse_geojson(
    value: str | bytes | dict,
    *,
    allowed_types: Iterable[str] | None = None,
    srid: int = STORAGE_SRID,
) -> GEOSGeometry:
    """Parse and check one GeoJSON geometry (or Feature); return it in ``srid``."""
    if isinstance(value, (str, bytes)):
        try:
            data = json.loads(value)
        except (ValueError, RecursionError) as exc:
            raise ValidationError(
                _("The geometry is not valid JSON: %(error)s"),
                code="invalid",
                params={"error": str(exc)[:100]},
            ) from exc
    else:
        data = value
    geometry, input_srid = _geometry_object(data)
    positions = _walk(geometry)
    for obj in _nested_crs(geometry):
        if _crs_srid(obj) != input_srid:
            raise ValidationError(_("Mixed coordinate systems in one geometry."), code="crs")
    if positions == 0 and geometry.get("type") != "GeometryCollection":
        raise ValidationError(_("The geometry is empty."), code="empty")
    if positions > MAX_VERTICES:
        raise ValidationError(
            _("The geometry has more than %(max)s vertices; simplify it before sending."),
            code="too_large",
            params={"max": f"{MAX_VERTICES:,}".replace(",", " ")},
        )

    try:
        geom = GEOSGeometry(json.dumps(_plain(geometry), allow_nan=False))
    except (GDALException, GEOSException, ValueError, TypeError) as exc:
        raise ValidationError(
            _("The geometry could not be read: %(error)s"),
            code="invalid",
            params={"error": str(exc)[:100]},
        ) from exc
    geom.srid = input_srid
    return check_geometry(geom, allowed_types=allowed_types, srid=srid)


def check_geometry(
    geom: GEOSGeometry,
    *,
    allowed_types: Iterable[str] | None = None,
    srid: int = STORAGE_SRID,
) -> GEOSGeometry:
    """Check a parsed geometry: type, emptiness, validity, extent. Return it in ``srid``."""
    if geom.srid not in ACCEPTED_SRIDS:
        raise ValidationError(
            _("Unsupported coordinate reference system (SRID %(srid)s)."),
            code="crs",
            params={"srid": geom.srid},
        )
    if allowed_types is not None:
        allowed = list(allowed_types)
        if geom.geom_type not in allowed:
            raise ValidationError(
                _("A %(type)s is not accepted here; expected %(allowed)s."),
                code="wrong_type",
                params={"type": geom.geom_type, "allowed": ", ".join(allowed)},
            )
    if geom.empty:
        raise ValidationError(_("The geometry is empty."), code="empty")
    if geom.num_coords > MAX_VERTICES:
        raise ValidationError(
            _("The geometry has more than %(max)s vertices; simplify it before sending."),
            code="too_large",
            params={"max": f"{MAX_VERTICES:,}".replace(",", " ")},
        )
    if not geom.valid:
        reason = geom.valid_reason
        if reason.startswith("Self-intersection") or reason.startswith("Ring Self-intersection"):
            message = _("The geometry crosses itself (%(reason)s). Redraw it without crossings.")
        else:
            message = _("The geometry is not valid: %(reason)s.")
        raise ValidationError(message, code="invalid_geometry", params={"reason": reason})

    try:
        in_wgs84 = geom.transform(WGS84, clone=True) if geom.srid != WGS84 else geom
    except (GDALException, GEOSException):
        # PROJ refuses coordinates far outside the projection's area (e.g. 1e308 metres).
        in_wgs84 = None
    extent = sweden_extent()
    if in_wgs84 is None or not extent.contains(in_wgs84):
        hint = ""
        if geom.srid == WGS84 and in_wgs84 is not None:
            x0, y0, x1, y1 = in_wgs84.extent
            if extent.contains(Polygon.from_bbox((y0, x0, y1, x1))):
                hint = " " + str(SWAPPED_HINT)
        raise ValidationError(
            _("The geometry lies outside Sweden's extent.%(hint)s"),
            code="outside_extent",
            params={"hint": hint},
        )
    if geom.srid != srid:
        geom = geom.transform(srid, clone=True)
    return geom


# ?bbox= as the OpenAPI schema states it: four plain decimals, longitudes in -180…180 and
# latitudes in -90…90 (leading zeros allowed). parse_bbox reads these and a little more
# (spaces, exponents: whatever float() reads, within the same ranges); that minimum comes
# before maximum the schema cannot say (JSON Schema compares no two values).
_LONGITUDE = r"-?0*(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
_LATITUDE = r"-?0*(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
BBOX_PATTERN = rf"^{_LONGITUDE},{_LATITUDE},{_LONGITUDE},{_LATITUDE}$"


def parse_bbox(text: str) -> Polygon:
    """``minlon,minlat,maxlon,maxlat`` in WGS84 (as ``?bbox=`` takes it) → a Polygon with
    SRID 4326. Raises ``ValidationError`` saying what is wrong. Compare it with stored
    geometry only after transforming one to the other's SRID (never as SRID-less
    coordinates, which an EPSG:3006 column would read as metres)."""
    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) != 4:
        raise ValidationError(
            _("bbox takes four numbers: minlon,minlat,maxlon,maxlat (WGS84)."), code="bbox"
        )
    try:
        minx, miny, maxx, maxy = (float(p) for p in parts)
    except ValueError as exc:
        raise ValidationError(
            _("bbox takes four numbers: minlon,minlat,maxlon,maxlat (WGS84)."), code="bbox"
        ) from exc
    if not all(map(math.isfinite, (minx, miny, maxx, maxy))):
        raise ValidationError(_("bbox coordinates must be finite numbers."), code="bbox")
    if not (
        -180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90
    ):
        raise ValidationError(
            _("bbox is out of range: longitudes lie in -180…180 and latitudes in -90…90."),
            code="bbox",
        )
    if minx >= maxx or miny >= maxy:
        raise ValidationError(
            _("bbox must have its minimum before its maximum: minlon,minlat,maxlon,maxlat."),
            code="bbox",
        )
    box = Polygon.from_bbox((minx, miny, maxx, maxy))
    box.srid = WGS84
    return box


def bbox_in_storage_srid(box: Polygon) -> Polygon | None:
    """A WGS84 box (from :func:`parse_bbox`) as a polygon in EPSG:3006 that follows the
    box's meridians and parallels, or None when it lies wholly outside Sweden's reach.

    The one densified transform of every ``?bbox=`` (the REST API's filter, the map's
    layers, the downloads, the OGC API), so that they all select the same records. The
    edges are densified before transforming: a parallel (constant latitude) is curved in a
    transverse Mercator projection, and a straight edge between the transformed corners
    would miss or include kilometres of ground near the box's edges."""
    minx, miny, maxx, maxy = box.extent
    minx, miny = max(minx, BBOX_CLIP_EXTENT[0]), max(miny, BBOX_CLIP_EXTENT[1])
    maxx, maxy = min(maxx, BBOX_CLIP_EXTENT[2]), min(maxy, BBOX_CLIP_EXTENT[3])
    if minx >= maxx or miny >= maxy:
        return None
    n = BBOX_EDGE_VERTICES
    ring = (
        [(minx + (maxx - minx) * i / n, miny) for i in range(n)]
        + [(maxx, miny + (maxy - miny) * i / n) for i in range(n)]
        + [(maxx - (maxx - minx) * i / n, maxy) for i in range(n)]
        + [(minx, maxy - (maxy - miny) * i / n) for i in range(n)]
    )
    ring.append(ring[0])
    polygon = Polygon(ring, srid=WGS84)
    polygon.transform(STORAGE_SRID)
    return polygon


def wgs84_geojson(expression: Expression | str, *, precision: int = GEOJSON_PRECISION) -> AsGeoJSON:
    """Annotation: a stored (EPSG:3006) geometry as WGS84 GeoJSON text (RFC 7946), written
    by the database (``ST_AsGeoJSON(ST_Transform(…, 4326))``)."""
    if isinstance(expression, str):
        expression = F(expression)
    return AsGeoJSON(Transform(expression, WGS84), precision=precision)
