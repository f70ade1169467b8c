"""Helpers for the bad-input tests: what the database holds, to compare before and after a
request that must change nothing; and hostile values to send."""

from __future__ import annotations

from django.apps import apps
from django.core import serializers

from core.apps import portal_app_labels

PORTAL_APPS = portal_app_labels()  # the apps whose rows are the portal's records


def database_state() -> dict[str, str]:
    """Every row of the portal's models (and their change history), serialised: equal
    before and after means nothing was saved, changed or deleted. (Integration tokens are
    not records: their last use is bookkeeping.)"""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in PORTAL_APPS and not model._meta.proxy:
            rows = model._default_manager.order_by("pk")
            state[model._meta.label] = serializers.serialize("json", rows)
    return state


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[14.5, 63.1], [14.7, 63.1], [14.7, 63.2], [14.5, 63.2], [14.5, 63.1]]],
}


def million_vertex_polygon() -> dict:
    """A closed ring of a million vertices (one shared position list, so the test itself
    stays small in memory)."""
    position = [14.6, 63.15]
    ring = [[14.5, 63.1], *([position] * 999_998), [14.5, 63.1]]
    return {"type": "Polygon", "coordinates": [ring]}


# (what is wrong, geometry, words the message has)
BAD_GEOMETRIES = [
    ("not geojson", {"type": "Circle", "radius": 5}, "not a GeoJSON geometry type"),
    ("not an object", [14.6, 63.1], "GeoJSON geometry object"),
    (
        "self-intersecting",
        {
            "type": "Polygon",
            "coordinates": [[[14.6, 63.1], [14.7, 63.2], [14.7, 63.1], [14.6, 63.2], [14.6, 63.1]]],
        },
        "crosses itself",
    ),
    ("empty", {"type": "Polygon", "coordinates": []}, "empty"),
    (
        "wrong crs",
        {**SQUARE, "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}},
        "Unsupported coordinate reference system",
    ),
    (
        "crs as a file name",
        {**SQUARE, "crs": {"type": "name", "properties": {"name": "/etc/passwd"}}},
        "Unsupported coordinate reference system",
    ),
    (
        "outside Sweden",
        {"type": "Point", "coordinates": [13.4, 52.5]},  # Berlin
        "outside Sweden",
    ),
    ("latitude first", {"type": "Point", "coordinates": [63.18, 14.64]}, "longitude first"),
    ("not closed", {"type": "LineString", "coordinates": [[14.6]]}, "could not be read"),
    (
        "nested too deep",
        {"type": "Point", "coordinates": [[[[[[14.6, 63.1]]]]]]},
        "nested deeper",
    ),
]
