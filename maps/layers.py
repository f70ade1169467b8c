"""
The map's layers, defined once: which records (``visible_to(user)``, the map's filters), which
geometry (stored in EPSG:3006) and which properties. The layer endpoints, the map page's
tables, the downloads and the OGC API all read them through the functions at the bottom, so
there is one way of building a layer's GeoJSON.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.gis.db.models import GeometryField, PointField
from django.contrib.gis.db.models.aggregates import Union as UnionOf
from django.contrib.gis.db.models.functions import AsWKT, PointOnSurface, Transform, Union
from django.contrib.gis.geos import Polygon
from django.core.cache import cache
from django.db import connections, router
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Floor
from django.urls import reverse
from django.utils.text import compress_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import roles
from core.geo import STORAGE_SRID, WGS84, bbox_in_storage_srid, wgs84_geojson
from dialogues.models import Dialogue
from maps.geojson import (
    FEATURE,
    MATCHED,
    URL_PLACEHOLDER,
    CoordX,
    CoordY,
    Features,
    GeoJSONFeature,
    JSONProperties,
    MakePoint,
    Multi,
    SimplifyPreserveTopology,
    aggregate_features,
    record_url,
)
from places.models import County, Municipality, PlanningArea
from projects.models import Project

GEOMETRY = "layer_geometry"  # the annotation holding each row's geometry (EPSG:3006)

# Tolerances accepted by ?simplify= and cell sizes by ?cluster= (metres).
SIMPLIFY_MAX = 5_000
CLUSTER_MIN, CLUSTER_MAX = 500, 500_000


@dataclass(frozen=True)
class LayerFilters:
    """The map's filters (kept in the page's URL) and the layer endpoints' own parameters."""

    project: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    kind: str | None = None
    bbox: Polygon | None = None  # WGS84, from core.geo.parse_bbox
    simplify: float | None = None  # metres
    cluster: float | None = None  # metres, dialogues only

    def map_query(self) -> dict[str, str]:
        """The map filters as query parameters (for links to layers and downloads)."""
        query = {}
        if self.project is not None:
            query["project"] = str(self.project)
        if self.start:
            query["start"] = self.start.isoformat()
        if self.end:
            query["end"] = self.end.isoformat()
        if self.kind:
            query["kind"] = self.kind
        return query


@dataclass(frozen=True)
class Column:
    """A column of the layer's table on the map page (a property of the features)."""

    key: str
    label: str
    link: bool = False  # the cell links to the record's page (property "url")
    number: bool = False


def _choice_labels(field_name: str, choices) -> Case:
    """The human label of a choice field, in the request's language, as an expression."""
    return Case(
        *(When(**{field_name: value}, then=Value(str(label))) for value, label in choices),
        default=Value(""),
    )


def _period_overlaps(prefix: str, start, end) -> Q:
    """Records whose period (``<prefix>start_date`` … ``<prefix>end_date``, either open)
    overlaps start … end (either open)."""
    q = Q()
    if start:
        q &= Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})
    if end:
        q &= Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": end})
    return q


def filter_dialogues(queryset: QuerySet, filters: LayerFilters) -> QuerySet:
    """Dialogues of the project, held in the period. A dialogue whose date the record does
    not give counts when its project's period overlaps the filter's."""
    if filters.project is not None:
        queryset = queryset.filter(project_id=filters.project)
    if filters.start or filters.end:
        dated = Q(date__isnull=False)
        if filters.start:
            dated &= Q(date__gte=filters.start)
        if filters.end:
            dated &= Q(date__lte=filters.end)
        undated = Q(date__isnull=True) & _period_overlaps("project__", filters.start, filters.end)
        queryset = queryset.filter(dated | undated)
    return queryset


class Layer:
    id: str
    title: str
    description: str
    model: type
    geometry_type: str  # GeoJSON type name; "Geometry" when mixed
    point_only = False
    simplifiable = True
    columns: list[Column] = []
    url_name: str
    url_key = "pk"
    ordering: tuple[str, ...] = ("pk",)
    # Every model whose rows the layer's records, geometry or properties read: a write to
    # any of them changes the layer's cache key (see data_version).
    depends_on: tuple[type, ...] = ()

    def records(self, user, filters: LayerFilters) -> QuerySet:
        raise NotImplementedError

    def geometry(self) -> Expression:
        raise NotImplementedError

    def properties(self, user, filters: LayerFilters, base_url: str) -> dict[str, Expression]:
        raise NotImplementedError

    def bbox_prefilter(self, box) -> Q | None:
        """A cheaper condition implied by "the geometry intersects ``box``" that can use the
        spatial indexes, for layers whose geometry is computed per row."""
        return None

    def url(self, base_url: str) -> Expression:
        return record_url(base_url, reverse(self.url_name, args=[URL_PLACEHOLDER]), self.url_key)

    def __str__(self) -> str:
        return str(self.title)


class MunicipalityLayer(Layer):
    id = "municipalities"
    title = _("Municipalities")
    description = _(
        "Municipal boundaries with the number of dialogues held with each municipality "
        "(within the map's filters)."
    )
    model = Municipality
    depends_on = (Municipality, County, Dialogue, Project)
    geometry_type = "MultiPolygon"
    url_name = "places:municipality"
    url_key = "code"
    columns = [
        Column("name", _("Municipality"), link=True),
        Column("county", _("County")),
        Column("dialogues", _("Dialogues"), number=True),
    ]

    def records(self, user, filters):
        return Municipality.objects.visible_to(user)

    def geometry(self):
        return F("boundary")

    def properties(self, user, filters, base_url):
        # One correlated count per municipality, inside the layer's single query.
        dialogues = (
            filter_dialogues(Dialogue.objects.visible_to(user), filters)
            .filter(municipality=OuterRef("pk"))
            .order_by()
            .values("municipality")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return {
            "code": F("code"),
            "name": F("name"),
            "county_code": F("county__code"),
            "county": F("county__name"),
            "seat": F("seat"),
            "dialogues": Coalesce(Subquery(dialogues, output_field=IntegerField()), Value(0)),
            "url": self.url(base_url),
        }


class CountyLayer(Layer):
    id = "counties"
    title = _("Counties")
    description = _("County (län) boundaries.")
    model = County
    depends_on = (County,)
    geometry_type = "MultiPolygon"
    url_name = "places:county"
    url_key = "code"
    columns = [Column("name", _("County"), link=True), Column("code", _("County code"))]

    def records(self, user, filters):
        return County.objects.visible_to(user)

    def geometry(self):
        return F("boundary")

    def properties(self, user, filters, base_url):
        return {"code": F("code"), "name": F("name"), "url": self.url(base_url)}


class DialogueLayer(Layer):
    id = "dialogues"
    title = _("Dialogues")
    description = _(
        "Dialogues as points: where they were held, else at the municipality's seat, else "
        "on the municipality's area. Dialogues with no place are not on the map."
    )
    model = Dialogue
    depends_on = (Dialogue, Municipality, Project)
    geometry_type = "Point"
    point_only = True
    simplifiable = False
    url_name = "dialogues:detail"
    columns = [
        Column("title", _("Dialogue"), link=True),
        Column("date", _("Date")),
        Column("project_title", _("Project")),
        Column("municipality", _("Municipality")),
        Column("placement_label", _("Placed at")),
    ]
    PLACEMENTS = [
        ("location", _("The place of the dialogue")),
        ("seat", _("The municipality's seat")),
        ("municipality", _("Within the municipality")),
    ]

    def records(self, user, filters):
        return filter_dialogues(Dialogue.objects.visible_to(user), filters)

    def geometry(self):
        # The point within the boundary is stored (places: representative_point); computed
        # here only for a municipality whose boundary was written without it.
        return Coalesce(
            "location",
            "municipality__seat_location",
            "municipality__representative_point",
            PointOnSurface("municipality__boundary"),
            output_field=PointField(srid=STORAGE_SRID),
        )

    def bbox_prefilter(self, box):
        # The point is the location, else the seat, else a point on the boundary: it can
        # only lie in the box if one of those three (indexed columns) meets the box. Saves
        # computing a point on the surface for every dialogue far away.
        return (
            Q(location__intersects=box)
            | Q(municipality__seat_location__intersects=box)
            | Q(municipality__boundary__intersects=box)
        )

    def properties(self, user, filters, base_url):
        placement = Case(
            When(location__isnull=False, then=Value("location")),
            When(municipality__seat_location__isnull=False, then=Value("seat")),
            default=Value("municipality"),
        )
        placement_label = Case(
            When(location__isnull=False, then=Value(str(self.PLACEMENTS[0][1]))),
            When(municipality__seat_location__isnull=False, then=Value(str(self.PLACEMENTS[1][1]))),
            default=Value(str(self.PLACEMENTS[2][1])),
        )
        return {
            "title": F("title"),
            "date": F("date"),
            "format": F("format"),
            "scope": F("scope"),
            **_project_properties(user),
            "municipality_code": F("municipality__code"),
            "municipality": F("municipality__name"),
            "placement": placement,
            "placement_label": placement_label,
            "url": self.url(base_url),
        }


class ProjectScopeLayer(Layer):
    id = "project-scopes"
    title = _("Project scopes")
    description = _(
        "The geographic scope of projects: the municipalities they concern and the areas, "
        "lines or places drawn beyond them."
    )
    model = Project
    # A project's municipalities are saved with the project (its modified moves); their
    # boundaries are read too.
    depends_on = (Project, Municipality)
    geometry_type = "Geometry"
    url_name = "projects:detail"
    columns = [
        Column("title", _("Project"), link=True),
        Column("diarienummer", _("Case number")),
        Column("status_label", _("Status")),
        Column("start_date", _("Start")),
        Column("end_date", _("End")),
    ]

    def records(self, user, filters):
        projects = Project.objects.visible_to(user)
        if filters.project is not None:
            projects = projects.filter(pk=filters.project)
        return projects.filter(_period_overlaps("", filters.start, filters.end))

    def geometry(self):
        # A project's scope is mostly whole municipalities (the record names them; few
        # projects draw a scope): the layer showed only drawn scopes and stayed empty
        # (issue 12 §3). The geometry is the drawn scope and the boundaries of its
        # municipalities together, whichever of the two there is. (The two-argument union
        # is NULL when either side is: hence the coalesce.)
        municipalities = (
            Project.municipalities.through.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(boundaries=UnionOf("municipality__boundary"))
            .values("boundaries")
        )
        boundaries = Subquery(municipalities, output_field=GeometryField(srid=STORAGE_SRID))
        return Coalesce(
            Union(F("scope"), boundaries),
            F("scope"),
            boundaries,
            output_field=GeometryField(srid=STORAGE_SRID),
        )

    def properties(self, user, filters, base_url):
        return {
            "diarienummer": F("diarienummer"),
            "title": F("title"),
            "status": F("status"),
            "status_label": _choice_labels("status", Project.Status.choices),
            "start_date": F("start_date"),
            "end_date": F("end_date"),
            "url": self.url(base_url),
        }


class PlanningAreaLayer(Layer):
    id = "planning-areas"
    title = _("Planning areas")
    description = _(
        "Areas, corridors and places drawn by planners. Areas of a project follow its period; "
        "the others are not bound in time."
    )
    model = PlanningArea
    depends_on = (PlanningArea, Project)
    geometry_type = "Geometry"
    url_name = "places:planning_area"
    columns = [
        Column("name", _("Planning area"), link=True),
        Column("kind_label", _("Kind")),
        Column("project_title", _("Project")),
    ]

    def records(self, user, filters):
        areas = PlanningArea.objects.visible_to(user)
        if filters.project is not None:
            areas = areas.filter(project_id=filters.project)
        if filters.kind:
            areas = areas.filter(kind=filters.kind)
        if filters.start or filters.end:
            areas = areas.filter(
                Q(project__isnull=True) | _period_overlaps("project__", filters.start, filters.end)
            )
        return areas

    def geometry(self):
        return F("geometry")

    def properties(self, user, filters, base_url):
        return {
            "name": F("name"),
            "kind": F("kind"),
            "kind_label": _choice_labels("kind", PlanningArea.Kind.choices),
            **_project_properties(user),
            "url": self.url(base_url),
        }


def _project_properties(user) -> dict:
    """The record's project, only where the user may see it: a published dialogue or area
    of a draft project does not reveal the project (same visible_to as everywhere)."""
    if roles.can_read_unpublished(user):
        return {
            "project_id": F("project_id"),
            "diarienummer": F("project__diarienummer"),
            "project_title": F("project__title"),
        }
    visible = Exists(Project.objects.visible_to(user).filter(pk=OuterRef("project_id")))
    return {
        name: Case(When(visible, then=F(field)), default=Value(None))
        for name, field in (
            ("project_id", "project_id"),
            ("diarienummer", "project__diarienummer"),
            ("project_title", "project__title"),
        )
    }


# In drawing order, bottom to top.
LAYERS: dict[str, Layer] = {
    layer.id: layer
    for layer in (
        MunicipalityLayer(),
        CountyLayer(),
        ProjectScopeLayer(),
        PlanningAreaLayer(),
        DialogueLayer(),
    )
}


# --- reading a layer -----------------------------------------------------------------------


def layer_queryset(layer: Layer, user, filters: LayerFilters) -> QuerySet:
    """The layer's records that have a geometry, with it as :data:`GEOMETRY` (EPSG:3006),
    restricted to the bbox (WGS84, compared after transforming it to EPSG:3006)."""
    queryset = (
        layer.records(user, filters)
        .annotate(**{GEOMETRY: layer.geometry()})
        .filter(**{f"{GEOMETRY}__isnull": False})
    )
    if filters.bbox is not None:
        box = bbox_in_storage_srid(filters.bbox)
        if box is None:
            return queryset.none()
        prefilter = layer.bbox_prefilter(box)
        if prefilter is not None:
            queryset = queryset.filter(prefilter)
        queryset = queryset.filter(**{f"{GEOMETRY}__intersects": box})
    return queryset.order_by(*layer.ordering)


def features(
    layer: Layer,
    request,
    filters: LayerFilters,
    *,
    limit: int | None = None,
    offset: int = 0,
    count_matched: bool = False,
    pk: int | None = None,
) -> Features:
    """The layer's features as GeoJSON text built by the database, in one query."""
    if layer.point_only and filters.cluster:
        return _clusters(layer, request, filters)
    queryset = layer_queryset(layer, request.user, filters)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    geometry = F(GEOMETRY)
    if filters.simplify and layer.simplifiable:
        geometry = SimplifyPreserveTopology(geometry, filters.simplify)
        if layer.geometry_type.startswith("Multi"):
            geometry = Multi(geometry)
    base_url = request.build_absolute_uri("/")
    queryset = queryset.annotate(
        **{
            FEATURE: GeoJSONFeature(
                id=F("pk"),
                geometry=wgs84_geojson(geometry),
                properties=JSONProperties(layer.properties(request.user, filters, base_url)),
            )
        }
    )
    if count_matched:
        queryset = queryset.annotate(**{MATCHED: Window(Count("pk"))})
    if limit is not None:
        queryset = queryset[offset : offset + limit]
    if queryset.query.is_empty():
        return Features(text="", returned=0, matched=0 if count_matched else None)
    return aggregate_features(queryset)


def _clusters(layer: Layer, request, filters: LayerFilters) -> Features:
    """Points grouped on a grid of ``filters.cluster`` metres (in EPSG:3006), one feature per
    occupied cell at the mean of its points, with ``count``: what an overview zoom needs
    instead of every point. Still one query."""
    cell = float(filters.cluster)
    queryset = layer_queryset(layer, request.user, filters)
    if queryset.query.is_empty():
        return Features(text="", returned=0)
    queryset = (
        queryset.annotate(cx=CoordX(F(GEOMETRY)), cy=CoordY(F(GEOMETRY)))
        .annotate(gx=Floor(F("cx") / cell), gy=Floor(F("cy") / cell))
        .order_by()
        .values("gx", "gy")
        .annotate(n=Count("pk"), ax=Avg("cx"), ay=Avg("cy"))
        .annotate(
            **{
                FEATURE: GeoJSONFeature(
                    id=None,
                    geometry=wgs84_geojson(MakePoint(F("ax"), F("ay"))),
                    properties=JSONProperties({"count": F("n")}),
                )
            }
        )
        .order_by("gx", "gy")
    )
    return aggregate_features(queryset)


@dataclass
class Table:
    """A layer's features as rows for the HTML table beside the map (same records, same
    properties as its GeoJSON)."""

    layer: Layer
    rows: list[dict] = field(default_factory=list)
    total: int = 0
    links: dict = field(default_factory=dict)  # the layer's data and download URLs

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)

    @property
    def display_rows(self) -> list[dict]:
        """Rows as cells in the layer's column order: text, link (or None), numeric."""
        return [
            {
                "id": row["id"],
                "label": row.get(self.layer.columns[0].key) or "",
                "cells": [
                    {
                        "text": "–" if row.get(column.key) in (None, "") else row[column.key],
                        "url": row.get("url") if column.link else None,
                        "number": column.number,
                    }
                    for column in self.layer.columns
                ],
            }
            for row in self.rows
        ]


def table(layer: Layer, request, filters: LayerFilters, *, limit: int) -> Table:
    """The first ``limit`` features' properties and the number of all of them, one query."""
    queryset = layer_queryset(layer, request.user, filters)
    if queryset.query.is_empty():
        return Table(layer=layer)
    base_url = request.build_absolute_uri("/")
    properties = JSONProperties(layer.properties(request.user, filters, base_url))
    rows = list(
        queryset.annotate(layer_properties=properties, layer_total=Window(Count("pk"))).values_list(
            "pk", "layer_properties", "layer_total"
        )[:limit]
    )
    return Table(
        layer=layer,
        rows=[{"id": pk, **json.loads(text)} for pk, text, _total in rows],
        total=rows[0][2] if rows else 0,
    )


def rows_with_coordinates(layer: Layer, request, filters: LayerFilters):
    """For CSV: (id, properties, lon, lat, wkt) per feature, coordinates in WGS84 computed
    by the database. lon/lat are the point itself, or a point on the geometry; wkt is None
    for point layers."""
    queryset = layer_queryset(layer, request.user, filters)
    if queryset.query.is_empty():
        return []
    base_url = request.build_absolute_uri("/")
    point = F(GEOMETRY) if layer.point_only else PointOnSurface(F(GEOMETRY))
    wgs84_point = Transform(point, WGS84)
    queryset = queryset.annotate(
        layer_properties=JSONProperties(layer.properties(request.user, filters, base_url)),
        lon=CoordX(wgs84_point),
        lat=CoordY(wgs84_point),
    )
    columns = ["pk", "layer_properties", "lon", "lat"]
    if not layer.point_only:
        queryset = queryset.annotate(wkt=AsWKT(Transform(F(GEOMETRY), WGS84)))
        columns.append("wkt")
    return (
        (row[0], json.loads(row[1]), row[2], row[3], row[4] if len(row) > 4 else None)
        for row in queryset.values_list(*columns).iterator()
    )


# --- the layer endpoints' cache --------------------------------------------------------------


def data_version(layer: Layer) -> str:
    """A fingerprint of the rows of every model the layer reads, in one query: per table
    the number of rows, the latest ``modified`` and the sum of all ``modified``. Every save
    stamps ``modified`` (auto_now: page forms, the API, the admin, ``bulk_create`` in the
    management commands), so an insert, a change or a delete moves it, whichever process
    made it. The sum also moves when a change is committed after a later-stamped one, which
    the latest alone would not show. Costs one scan of ``modified`` per table: small beside
    building the GeoJSON. (A ``QuerySet.update()`` of these models must set ``modified``
    too; the portal has none.)"""
    connection = connections[router.db_for_read(layer.model)]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        total = "SUM(EXTRACT(EPOCH FROM {}))"  # numeric: exact to the microsecond
    else:
        total = "SUM(julianday({}))"
    parts = []
    for index, model in enumerate(layer.depends_on):
        column = quote(model._meta.get_field("modified").column)
        table = quote(model._meta.db_table)
        # Table and column names come from the models' _meta, nothing from the request.
        aggregate = f"SELECT COUNT(*), MAX({column}), {total.format(column)} FROM {table}"  # noqa: S608
        parts.append(f"({aggregate}) AS t{index}")
    sql = "SELECT * FROM " + ", ".join(parts)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "|".join(str(value) for value in cursor.fetchone())


def visibility_class(user) -> str | None:
    """What a caller sees of the layers: everything (drafts included), the published part,
    or nothing. Callers of one class get the same GeoJSON, so the cache is shared only
    within a class and never between them."""
    if roles.can_read_unpublished(user):
        return "unpublished"
    if roles.can_read(user):
        return "published"
    return None


@dataclass(frozen=True)
class LayerBody:
    """A layer's FeatureCollection as sent, gzipped once when it is worth it: compressing a
    national layer of several megabytes costs more than taking it from the cache, and the
    cache holds a fifteenth of the bytes. Clients that take no gzip get it decompressed."""

    plain: str | None = None
    gzipped: bytes | None = None

    @classmethod
    def of(cls, text: str) -> LayerBody:
        encoded = text.encode()
        if len(encoded) < 200:  # as GZipMiddleware: not worth it
            return cls(plain=text)
        # Django's compress_string, as its GZipMiddleware does ("Heal the BREACH" padding;
        # a layer holds no secret and reflects nothing of the request anyway).
        return cls(gzipped=compress_string(encoded))

    @property
    def text(self) -> str:
        if self.plain is not None:
            return self.plain
        return gzip.decompress(self.gzipped).decode()


def cached_collection(layer: Layer, request, filters: LayerFilters) -> LayerBody:
    """The layer's FeatureCollection for this request, from the ``default`` cache (Redis
    when REDIS_URL is set, local memory otherwise) when a caller of the same visibility
    class asked for the same layer with the same parameters, language and host since the
    last write to the layer's models. Two queries on a miss (the version, the layer), one
    on a hit."""
    visibility = visibility_class(request.user)
    if visibility is None or not settings.LAYER_CACHE_SECONDS:
        return LayerBody(plain=features(layer, request, filters).collection())
    key_parts = [
        layer.id,
        visibility,
        get_language(),
        request.build_absolute_uri("/"),  # the records' URLs in the properties
        sorted(request.GET.lists()),
        data_version(layer),
    ]
    digest = hashlib.sha256(json.dumps(key_parts).encode()).hexdigest()
    key = f"layer:{layer.id}:{digest}"
    body = cache.get(key)
    if body is None:
        body = LayerBody.of(features(layer, request, filters).collection())
        cache.set(key, body, settings.LAYER_CACHE_SECONDS)
    return body
