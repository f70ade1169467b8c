"""Geometry input (core.geo.parse_geojson): what GDAL < 3.9 must never see, and what a
planner is told when a geometry cannot be used."""

import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.geo import MAX_VERTICES, parse_bbox, parse_geojson

OSTERSUND = [14.64, 63.18]
SQUARE = [[[14.5, 63.1], [14.7, 63.1], [14.7, 63.2], [14.5, 63.2], [14.5, 63.1]]]


def refusal(value, **kwargs) -> str:
    with pytest.raises(ValidationError) as excinfo:
        parse_geojson(value, **kwargs)
    return " ".join(excinfo.value.messages)


def test_wgs84_point_is_stored_in_sweref99tm():
    point = parse_geojson(json.dumps({"type": "Point", "coordinates": OSTERSUND}))
    assert point.srid == 3006
    assert 470_000 < point.x < 490_000
    assert 7_000_000 < point.y < 7_010_000


def test_a_feature_is_read_for_its_geometry():
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }
    assert parse_geojson(feature).geom_type == "Polygon"


def test_sweref99tm_is_accepted_when_named():
    value = {
        "type": "Point",
        "coordinates": [480_000, 7_005_000],
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
    }
    point = parse_geojson(value)
    assert (round(point.x), round(point.y)) == (480_000, 7_005_000)


@pytest.mark.parametrize(
    "name",
    [
        "/etc/passwd",
        "http://127.0.0.1:9/crs",
        "+proj=longlat +init=/etc/passwd",
        "EPSG:3021",
        "dict:/etc/passwd,1",
    ],
)
def test_any_other_crs_member_is_refused_before_gdal_reads_it(name, monkeypatch):
    """gis.W001: GDAL 3.6 would resolve free-text spatial references, files and URLs
    included. parse_geojson refuses them without handing them to GDAL."""
    import django.contrib.gis.geos.geometry as geometry_module

    def fail(*args, **kwargs):  # pragma: no cover - reached only if the guard is broken
        raise AssertionError("GDAL was asked to parse GeoJSON with a foreign CRS")

    monkeypatch.setattr(geometry_module.gdal.OGRGeometry, "from_json", fail)
    value = {
        "type": "Point",
        "coordinates": OSTERSUND,
        "crs": {"type": "name", "properties": {"name": name}},
    }
    assert "coordinate reference system" in refusal(json.dumps(value))


def test_crs_nested_in_a_geometry_collection_is_refused():
    value = {
        "type": "GeometryCollection",
        "geometries": [
            {
                "type": "Point",
                "coordinates": OSTERSUND,
                "crs": {"type": "name", "properties": {"name": "/etc/passwd"}},
            }
        ],
    }
    assert "coordinate reference system" in refusal(value)


def test_self_intersecting_polygon_is_refused_with_a_clear_message():
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[14, 63], [15, 64], [15, 63], [14, 64], [14, 63]]],
    }
    assert "crosses itself" in refusal(bowtie)


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPoint", "coordinates": []},
        {"type": "GeometryCollection", "geometries": []},
    ],
)
def test_empty_geometry_is_refused(value):
    assert "empty" in refusal(value)


def test_geometry_outside_sweden_is_refused():
    assert "outside Sweden" in refusal({"type": "Point", "coordinates": [2.35, 48.85]})


def test_swapped_coordinates_get_a_hint():
    message = refusal({"type": "Point", "coordinates": [63.18, 14.64]})
    assert "longitude first" in message


def test_wrong_geometry_type_is_refused():
    message = refusal({"type": "Point", "coordinates": OSTERSUND}, allowed_types=["Polygon"])
    assert "Point" in message and "Polygon" in message


@pytest.mark.parametrize(
    "value",
    ["not json", "{", "[1, 2]", '{"type": "Circle", "coordinates": [14, 63]}', "null"],
)
def test_malformed_input_is_refused(value):
    refusal(value)


def test_enormous_polygon_is_refused_before_it_is_built():
    ring = [[14 + i * 1e-7, 63] for i in range(MAX_VERTICES + 10)]
    ring += [[14, 63.1], ring[0]]
    assert "vertices" in refusal({"type": "Polygon", "coordinates": [ring]})


def test_deeply_nested_json_is_refused_not_crashed():
    assert refusal("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1,2,3",
        "a,b,c,d",
        "14,63,13,64",
        "14,64,15,63",
        "nan,63,15,64",
        "14,63,15,inf",
        "200,63,210,64",
        "14,-95,15,64",
    ],
)
def test_malformed_bbox_is_refused_with_a_message(text):
    with pytest.raises(ValidationError) as excinfo:
        parse_bbox(text)
    assert "bbox" in " ".join(excinfo.value.messages)


def test_bbox_is_wgs84_lon_lat():
    box = parse_bbox("14.0, 63.0, 15.0, 63.5")
    assert box.srid == 4326
    assert box.extent == (14.0, 63.0, 15.0, 63.5)


@given(
    st.floats(min_value=-180, max_value=179),
    st.floats(min_value=-90, max_value=89),
    st.floats(min_value=0.001, max_value=1),
    st.floats(min_value=0.001, max_value=1),
)
def test_every_ordered_bbox_parses_to_its_own_extent(minx, miny, width, height):
    maxx, maxy = min(minx + width, 180), min(miny + height, 90)
    box = parse_bbox(f"{minx!r},{miny!r},{maxx!r},{maxy!r}")
    assert box.extent == pytest.approx((minx, miny, maxx, maxy))


@given(st.text(max_size=60))
def test_bbox_parser_answers_anything_with_a_polygon_or_a_validation_error(text):
    try:
        box = parse_bbox(text)
    except ValidationError:
        return
    assert box.srid == 4326 and box.valid
