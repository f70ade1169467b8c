"""
GeoJSON built by the database, on PostGIS and SpatiaLite alike.

The map layers, the downloads and the OGC API serve GeoJSON that the database writes: each
row becomes one ``Feature`` as text (``core.geo.wgs84_geojson`` for the geometry,
``json_build_object`` / ``json_object`` for the properties) and the rows are joined
into the ``features`` array by one aggregate (``string_agg`` / ``group_concat``). Python
never parses or re-serialises a feature: one query per request whatever the row count, and
the response costs little more than the database producing the same text alone (``make
bench`` measures both, scripts/bench.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.gis.db.models import GeometryField, PointField
from django.db import connections
from django.db.models import Expression, F, FloatField, Func, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat

from core.geo import STORAGE_SRID

# The column names the aggregating query reads from the per-feature query.
FEATURE = "geojson_feature"
MATCHED = "geojson_matched"

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")

# Reversed into a page's URL in place of the key, then split off: the database fills in
# each row's key (see record_url).
URL_PLACEHOLDER = "2147483647"


class JSONProperties(Func):
    """A JSON object, as text, built by the database from ``{key: expression}``.

    Keys are constants of the portal (checked), so they are written into the SQL; values are
    compiled expressions, escaped by the database's JSON functions."""

    output_field = TextField()

    def __init__(self, fields: dict[str, Expression]):
        for key in fields:
            if not _KEY.match(key):
                raise ValueError(f"Not a property name: {key!r}")
        self.keys = list(fields)
        super().__init__(*fields.values())

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            parts.append(f"'{key}', {sql}")
            params.extend(expression_params)
        if connection.vendor == "postgresql":
            # json, not jsonb: keeps the keys in order and skips a binary round trip.
            return f"json_build_object({', '.join(parts)})::text", params
        return f"json_object({', '.join(parts)})", params


class GeoJSONFeature(Func):
    """One GeoJSON Feature as text: ``{"type":"Feature","id":…,"geometry":…,"properties":…}``.

    ``geometry`` is GeoJSON text (``AsGeoJSON``), or NULL for a feature without one;
    ``properties`` is a :class:`JSONProperties`; ``id`` an integer expression, or None."""

    output_field = TextField()

    def __init__(self, *, id: Expression | None, geometry: Expression, properties: Expression):
        self.has_id = id is not None
        expressions = [id, geometry, properties] if self.has_id else [geometry, properties]
        super().__init__(*expressions)

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(e) for e in self.get_source_expressions()]
        params = [p for _sql, ps in compiled for p in ps]
        sqls = [sql for sql, _ps in compiled]
        head = '\'{"type":"Feature"\''
        if self.has_id:
            id_sql, geometry_sql, properties_sql = sqls
            head += f" || ',\"id\":' || CAST({id_sql} AS TEXT)"
        else:
            geometry_sql, properties_sql = sqls
        sql = (
            f"{head} || ',\"geometry\":' || COALESCE({geometry_sql}, 'null')"
            f" || ',\"properties\":' || {properties_sql} || '}}'"
        )
        return f"({sql})", params


class SimplifyPreserveTopology(Func):
    """``ST_SimplifyPreserveTopology`` (PostGIS and SpatiaLite): fewer vertices for overview
    zoom levels, without collapsing or self-intersecting polygons. Tolerance in metres."""

    function = "ST_SimplifyPreserveTopology"

    def __init__(self, expression, tolerance: float):
        super().__init__(
            expression,
            Value(float(tolerance), output_field=FloatField()),
            output_field=GeometryField(srid=STORAGE_SRID),
        )


class Multi(Func):
    """``ST_Multi``: keeps a simplified MultiPolygon layer MultiPolygon (SpatiaLite would
    hand back a Polygon for a single part)."""

    function = "ST_Multi"

    def __init__(self, expression):
        super().__init__(expression, output_field=GeometryField(srid=STORAGE_SRID))


class CoordX(Func):
    """``ST_X`` of a point (PostGIS and SpatiaLite)."""

    function = "ST_X"
    output_field = FloatField()


class CoordY(Func):
    function = "ST_Y"
    output_field = FloatField()


class MakePoint(Func):
    """A point in the storage SRID from x and y expressions."""

    output_field = PointField(srid=STORAGE_SRID)

    def as_sql(self, compiler, connection, **extra_context):
        (x_sql, x_params), (y_sql, y_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        if connection.vendor == "postgresql":
            sql = f"ST_SetSRID(ST_MakePoint({x_sql}, {y_sql}), {STORAGE_SRID})"
        else:
            sql = f"MakePoint({x_sql}, {y_sql}, {STORAGE_SRID})"
        return sql, [*x_params, *y_params]


def record_url(base: str, viewname_url: str, key: Expression | str) -> Expression:
    """The absolute URL of each row's page, built by the database: ``viewname_url`` is the
    page's URL reversed with :data:`URL_PLACEHOLDER` in place of the key."""
    prefix, _, suffix = viewname_url.partition(URL_PLACEHOLDER)
    key_expression = F(key) if isinstance(key, str) else key
    return Concat(
        Value(base.rstrip("/") + prefix),
        Cast(key_expression, TextField()),
        Value(suffix),
        output_field=TextField(),
    )


@dataclass(frozen=True)
class Features:
    """The ``features`` array of a FeatureCollection as JSON text, and how many it holds;
    ``matched`` counts all features matching before limit/offset (when asked for)."""

    text: str
    returned: int
    matched: int | None = None

    def collection(self, **members) -> str:
        """The FeatureCollection as JSON text; ``members`` are already-serialised JSON
        values (foreign members such as ``numberMatched`` or ``links``)."""
        extra = "".join(f',"{key}":{value}' for key, value in members.items())
        return '{"type":"FeatureCollection"' + extra + ',"features":[' + self.text + "]}"


def aggregate_features(queryset: QuerySet) -> Features:
    """Run ``queryset`` (which has a :data:`FEATURE` annotation, and a :data:`MATCHED`
    window count when ``matched`` is wanted) as ONE query that returns the features joined
    by commas, in the queryset's order."""
    has_matched = MATCHED in queryset.query.annotations
    columns = [FEATURE, MATCHED] if has_matched else [FEATURE]
    inner = queryset.values_list(*columns)
    connection = connections[inner.db]
    sql, params = inner.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        joined = f"string_agg(t.{quote(FEATURE)}, ',')"
    else:
        # group_concat keeps the order of a subquery with ORDER BY: SQLite does not flatten
        # an ordered subquery into an aggregate query.
        joined = f"group_concat(t.{quote(FEATURE)}, ',')"
    matched = f"MAX(t.{quote(MATCHED)})" if has_matched else "NULL"
    outer = f"SELECT COALESCE({joined}, ''), COUNT(*), {matched} FROM ({sql}) t"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        text, returned, matched_count = cursor.fetchone()
    return Features(
        text=text or "",
        returned=int(returned),
        matched=int(matched_count) if matched_count is not None else None,
    )
