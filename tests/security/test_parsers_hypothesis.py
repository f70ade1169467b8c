"""Property tests for the parsers of people's input: diarienummer, ``?bbox=`` and GeoJSON
geometry. Whatever they are given, they answer with a value or the documented
``ValidationError`` (which forms and the API turn into a message), never anything else; and
what they accept survives a round trip."""

import json
import math
import re

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.diarienummer import CANONICAL_PATTERN, MAX_YEAR, MIN_YEAR, Diarienummer
from core.geo import GEOMETRY_TYPES, SWEDEN_EXTENT_WGS84, parse_bbox, parse_geojson

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- diarienummer ----------------------------------------------------------------------------

prefixes = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖabcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=10
)
valid_numbers = st.builds(
    Diarienummer,
    prefix=prefixes.map(str.upper),
    sequence=st.integers(1, 999_999),
    year=st.integers(MIN_YEAR, MAX_YEAR),
)
almost = st.builds(
    lambda p, s, y, sep: f"{p}{sep}{s}{sep}{y}",
    st.one_of(prefixes, st.text(max_size=12)),
    st.one_of(st.integers(-5, 10_000_000).map(str), st.text(max_size=8)),
    st.one_of(st.integers(-1, 100_000).map(str), st.text(max_size=6)),
    st.sampled_from(["/", " / ", "-", "//", "／", "", "\n/"]),
)


def parse_or_refuse(text):
    try:
        return Diarienummer.parse(text)
    except ValidationError as error:
        assert error.messages and all(error.messages)
        return None


@PROPERTY
@given(st.one_of(st.text(), almost, st.integers(), st.none(), st.binary()))
@example("RUN/٤٧٩/٢٠٢٤")  # Arabic-Indic digits: \d would take them
@example("RUN/479/2024\n")
@example("run / 0479 / 2024")
def test_diarienummer_parse_answers_a_number_or_a_validation_error(text):
    number = parse_or_refuse(text)
    if number is not None:
        assert re.fullmatch(CANONICAL_PATTERN, str(number))
        assert str(number).isascii() or set(number.prefix) & set("ÅÄÖ")


@PROPERTY
@given(valid_numbers, st.sampled_from(["{p}/{s}/{y}", " {p} / {s} / {y} ", "{p}/{s:0>6}/{y}"]))
def test_diarienummer_round_trips_through_the_ways_people_write_it(number, form):
    prefix = number.prefix.lower() if number.sequence % 2 else number.prefix
    text = form.format(p=prefix, s=number.sequence, y=number.year)
    assert Diarienummer.parse(text) == number
    assert Diarienummer.parse(str(number)) == number


def test_diarienummer_takes_only_ascii_digits():
    assert parse_or_refuse("RUN/٤٧٩/2024") is None
    assert parse_or_refuse("RUN/479/２０２４") is None


# --- bbox ------------------------------------------------------------------------------------

coordinates = st.floats(allow_nan=True, allow_infinity=True)
number_text = st.one_of(
    coordinates.map(repr),
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "1_0", " 14 ", "", "0x10", "١٤"]),
    st.text(max_size=6),
)


@PROPERTY
@given(st.one_of(st.text(), st.lists(number_text, max_size=6).map(",".join)))
def test_parse_bbox_answers_a_box_or_a_validation_error(text):
    try:
        box = parse_bbox(text)
    except ValidationError as error:
        assert error.messages and all(error.messages)
        return
    minx, miny, maxx, maxy = box.extent
    assert -180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90
    assert box.srid == 4326


longitudes = st.floats(-180, 180, allow_nan=False)
latitudes = st.floats(-90, 90, allow_nan=False)


@PROPERTY
@given(longitudes, latitudes, longitudes, latitudes)
def test_parse_bbox_round_trips(x0, y0, x1, y1):
    if x0 == x1 or y0 == y1:
        return
    minx, maxx = sorted((x0, x1))
    miny, maxy = sorted((y0, y1))
    box = parse_bbox(f"{minx!r},{miny!r},{maxx!r},{maxy!r}")
    assert box.extent == (minx, miny, maxx, maxy)


# --- GeoJSON ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=10),
    ),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)
position = st.lists(
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-400, 400)),
    min_size=0,
    max_size=4,
)
geometry_type = st.sampled_from(
    [
        *GEOMETRY_TYPES,
        "Feature",
        "Circle",
        "point",
    ]
)
SWEREF = {"type": "name", "properties": {"name": "EPSG:3006"}}
crs_member = st.one_of(
    st.just({"type": "name", "properties": {"name": "EPSG:3006"}}),
    st.just({"type": "name", "properties": {"name": "/etc/passwd"}}),
    st.just({"type": "name", "properties": [1]}),
    st.just({"type": "link", "properties": {"href": "http://evil.example/crs"}}),
    json_values,
)


@st.composite
def geometry_like(draw, depth=2):
    kind = draw(geometry_type)
    obj = {"type": kind}
    nesting = draw(st.integers(0, 4))
    coords = draw(position)
    for _ in range(nesting):
        coords = draw(st.lists(st.just(coords), max_size=4))
    obj["coordinates"] = draw(st.one_of(st.just(coords), json_values))
    if kind in ("GeometryCollection", "Feature") and depth:
        members = st.lists(geometry_like(depth=depth - 1), max_size=3)
        obj["geometries"] = draw(st.one_of(members, json_values))
        obj["geometry"] = draw(st.one_of(geometry_like(depth=depth - 1), json_values))
    if draw(st.booleans()):
        obj["crs"] = draw(crs_member)
    return obj


def parse_or_refuse_geometry(value):
    try:
        return parse_geojson(value)
    except ValidationError as error:
        assert error.messages and all(error.messages)
        return None


@PROPERTY
@given(st.one_of(geometry_like(), json_values))
@example({"type": "GeometryCollection", "geometries": 5})
@example({"type": "Feature", "geometry": 5})
@example({"type": "Point", "coordinates": [14, 63], "crs": {"type": "name", "properties": [1]}})
@example({"type": "Point", "coordinates": [float("nan"), 63]})
@example({"type": "Point", "coordinates": [1e308, 1e308]})
@example({"type": "Point", "coordinates": [True, False]})
@example({"type": "Point", "coordinates": [1e308, -1e308], "crs": SWEREF})
@example({"type": "Point", "coordinates": [-(10**20), 10**20], "crs": SWEREF})
@example({"type": "Point", "coordinates": [14, 63], "crs": {"type": "name", "properties": {}}})
@example(
    {
        "type": "GeometryCollection",
        "geometries": [
            {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "GeometryCollection",
                        "geometries": [{"type": "GeometryCollection", "geometries": []}],
                    }
                ],
            }
        ],
    }
)
@example({"type": "Point", "coordinates": "14,63"})
@example({"type": "LineString", "coordinates": [[14, 63]]})
@example({"type": "Polygon", "coordinates": [[[14, 63], [15, 63], [14, 63]]]})
def test_parse_geojson_answers_a_geometry_or_a_validation_error(value):
    geometry = parse_or_refuse_geometry(value)
    if geometry is not None:
        assert isinstance(geometry, GEOSGeometry)
        assert geometry.srid == 3006
        assert geometry.valid and not geometry.empty


@PROPERTY
@given(st.one_of(st.text(), st.binary()))
@example('{"type": "Point", "coordinates": [NaN, 63]}')
@example('{"type": "Point", "coordinates": [Infinity, 63]}')
@example("[" * 100_000)
@example('{"type": "Point", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}")
@example(b'{"type": "Point", "coordinates": [14, 63], "x": "\xff"}')
def test_parse_geojson_takes_any_text(text):
    parse_or_refuse_geometry(text)


def test_deeply_nested_coordinates_are_refused_with_a_message():
    deep = {"type": "Point", "coordinates": [14, 63]}
    for _ in range(900):
        deep["coordinates"] = [deep["coordinates"]]
    for value in (deep, json.dumps(deep)):
        assert parse_or_refuse_geometry(value) is None


in_sweden_lon = st.floats(SWEDEN_EXTENT_WGS84[0] + 0.5, SWEDEN_EXTENT_WGS84[2] - 0.5)
in_sweden_lat = st.floats(SWEDEN_EXTENT_WGS84[1] + 0.5, SWEDEN_EXTENT_WGS84[3] - 0.5)


@PROPERTY
@given(in_sweden_lon, in_sweden_lat, st.floats(0.001, 0.4), st.floats(0.001, 0.4))
def test_a_box_in_sweden_round_trips_through_sweref99_to_wgs84(lon, lat, width, height):
    ring = [[lon, lat], [lon + width, lat], [lon + width, lat + height], [lon, lat + height]]
    value = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
    stored = parse_geojson(json.dumps(value))
    assert stored.srid == 3006
    back = stored.transform(4326, clone=True)
    for (x, y), (x2, y2) in zip(back.coords[0], value["coordinates"][0], strict=True):
        assert math.isclose(x, x2, abs_tol=1e-7) and math.isclose(y, y2, abs_tol=1e-7)
    # What the API serves (WGS84 GeoJSON) is accepted again as the same geometry.
    again = parse_geojson(back.json)
    assert again.equals_exact(stored, tolerance=1e-3)


class _Untouchable(list):
    """A position that fails the test if anything reads it."""

    def __iter__(self):
        raise AssertionError("the positions of an enormous geometry were read")


def test_a_million_vertex_polygon_is_refused_by_its_length_before_its_positions_are_read():
    position = [14.6, 63.15]
    ring = [position] * 999_999 + [_Untouchable([14.6, 63.15])]
    for geometry in (
        {"type": "Polygon", "coordinates": [ring]},
        {"type": "MultiLineString", "coordinates": [[position], ring]},
        {"type": "GeometryCollection", "geometries": [{"type": "LineString", "coordinates": ring}]},
    ):
        try:
            parse_geojson(geometry)
        except ValidationError as error:
            assert error.code == "too_large"
            assert "more than 200 000 vertices" in error.messages[0]
        else:
            raise AssertionError("accepted")


def test_positions_must_hold_numbers_only():
    for coordinates in ([[14, 63], {"a": 1}], [[14, 63], [14, [63]]]):
        assert parse_or_refuse_geometry({"type": "LineString", "coordinates": coordinates}) is None
