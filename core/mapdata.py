"""
Data for the small maps on detail pages and the start page: the page's own features as a
GeoJSON FeatureCollection in WGS84 (RFC 7946), handed to static/js/feature-map.js with
``json_script``. Every map shows the same features as an HTML list or table beside it.

The big map and its layer endpoints live in the ``maps`` app.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext_lazy as _

from core.geo import GEOJSON_PRECISION, WGS84
from core.geo import wgs84_geojson as wgs84_geojson  # the start page's annotation (core.views)

# Boundaries from detailed sources can have tens of thousands of vertices; a small map
# needs a few hundred. Metres in SWEREF 99 TM.
SIMPLIFY_TOLERANCE = 25


def geometry_geojson(geom: GEOSGeometry | None, *, simplify: bool = False) -> dict | None:
    """A stored geometry (EPSG:3006) as a WGS84 GeoJSON geometry object."""
    if geom is None:
        return None
    if simplify and geom.geom_type in ("Polygon", "MultiPolygon", "LineString", "MultiLineString"):
        geom = geom.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    geom = geom.transform(WGS84, clone=True)
    return json.loads(geom.geojson)


def feature(geometry: dict | str | None, **properties) -> dict | None:
    if geometry is None:
        return None
    if isinstance(geometry, str):
        geometry = json.loads(geometry)
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(features) -> dict:
    return {"type": "FeatureCollection", "features": [f for f in features if f is not None]}


def map_config(label) -> dict:
    """What the template needs besides the features: the map's accessible name. The rest
    (background tiles, centre, zoom) is the same for every map: :func:`map_defaults`."""
    return {"label": str(label)}


def map_defaults() -> dict:
    """What every map script starts from, from settings: django-leaflet's LEAFLET_CONFIG
    (centre, zoom, zoom range), the coordinate precision, the background tiles
    (MAP_TILES_URL, MAP_TILES_ATTRIBUTION; they may fail to load, the maps draw their
    features regardless) and the names of the zoom buttons. base.html hands it to the
    scripts with json_script ("map-defaults", read by static/js/map-common.js) through
    core.context_processors.portal: one copy, not one per view."""
    leaflet = settings.LEAFLET_CONFIG
    return {
        "center": list(leaflet["DEFAULT_CENTER"]),
        "zoom": leaflet["DEFAULT_ZOOM"],
        "minZoom": leaflet.get("MIN_ZOOM"),
        "maxZoom": leaflet.get("MAX_ZOOM", 18),
        "tiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
        # Decimals of the coordinates a geometry widget writes, as the portal serves them.
        "precision": GEOJSON_PRECISION,
        "i18n": {"zoomIn": _("Zoom in"), "zoomOut": _("Zoom out")},
    }
