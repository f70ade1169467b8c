"""
OGC API – Features, Part 1: Core, with GeoJSON (and the OpenAPI 3.0 description), for QGIS,
GDAL's OAPIF driver, OWSLib and other GIS clients.

The collections are the map's layers (maps.layers) and the items are the layers' GeoJSON,
written by the database with the same code as the map's layer endpoints; everything is
filtered through ``visible_to(request.user)``. pygeoapi was considered: its providers query a
data source of their own and cannot apply Django's per-user ``visible_to``, so the few
endpoints the standard requires are implemented here instead.
"""

from __future__ import annotations

import datetime
import functools
import json
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.contrib.gis.db.models.functions import Transform
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import json_reader_required
from core.geo import GEOJSON_PRECISION, SWEDEN_EXTENT_WGS84, WGS84, parse_bbox
from maps.layers import GEOMETRY, LAYERS, LayerFilters, features, layer_queryset

GEOJSON = "application/geo+json"
JSON = "application/json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
HTML = "text/html"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Far beyond any collection, and with offset + limit still within a 64-bit integer.
MAX_OFFSET = 2**62
ITEMS_PARAMETERS = {"limit", "offset", "bbox", "datetime", "f"}


class BadRequest(Exception):
    def __init__(self, description: str):
        self.description = description


def _error(status: int, code: str, description: str) -> JsonResponse:
    """The OGC API exception body: ``code`` and ``description``."""
    return JsonResponse({"code": code, "description": description}, status=status)


def _not_found(description: str) -> JsonResponse:
    return _error(404, "NotFound", description)


def _check_parameters(request, allowed: set[str]) -> JsonResponse | None:
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        return _error(
            400,
            "InvalidParameterValue",
            f"Unknown query parameter(s): {', '.join(unknown)}. "
            f"Accepted here: {', '.join(sorted(allowed)) or 'none'}.",
        )
    f = request.GET.get("f")
    if f is not None and f not in ("json", "html", "geojson"):
        return _error(
            400, "InvalidParameterValue", "f must be json (or html for the landing page)."
        )
    return None


def _url(request, name: str, *args, **query) -> str:
    url = request.build_absolute_uri(reverse(name, args=args))
    return f"{url}?{urlencode(query)}" if query else url


def _json(data, content_type: str = JSON, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type=content_type, status=status
    )


def _wants_html(request) -> bool:
    f = request.GET.get("f")
    if f:
        return f == "html"
    return request.get_preferred_type([JSON, HTML]) == HTML


# --- landing page, API description, conformance -------------------------------------------


@json_reader_required
@require_safe
def landing(request):
    error = _check_parameters(request, {"f"})
    if error:
        return error
    links = [
        {
            "href": _url(request, "ogc:landing", f="json"),
            "rel": "self",
            "type": JSON,
            "title": "This document",
        },
        {
            "href": _url(request, "ogc:landing", f="html"),
            "rel": "alternate",
            "type": HTML,
            "title": "This document as HTML",
        },
        {
            "href": _url(request, "ogc:api"),
            "rel": "service-desc",
            "type": OPENAPI,
            "title": "The API definition (OpenAPI 3.0)",
        },
        {
            "href": _url(request, "ogc:conformance"),
            "rel": "conformance",
            "type": JSON,
            "title": "Conformance classes",
        },
        {
            "href": _url(request, "ogc:collections"),
            "rel": "data",
            "type": JSON,
            "title": "Collections",
        },
    ]
    document = {
        "title": _("Regional planning portal – OGC API – Features"),
        "description": _(
            "The layers of Region Jämtland Härjedalen's planning portal: municipalities with "
            "dialogue coverage, counties, dialogues, project scopes and planning areas. "
            "Only what the caller may see."
        ),
        "links": links,
    }
    if _wants_html(request):
        return render(
            request,
            "ogc/landing.html",
            {
                "document": document,
                "layers": LAYERS.values(),
                "landing_url": _url(request, "ogc:landing"),
            },
        )
    return _json(document)


@json_reader_required
@require_safe
def api_document(request):
    error = _check_parameters(request, {"f"})
    if error:
        return error
    return _json(_openapi(request), content_type=OPENAPI)


@json_reader_required
@require_safe
def conformance(request):
    error = _check_parameters(request, {"f"})
    if error:
        return error
    return _json({"conformsTo": CONFORMANCE})


# --- collections -------------------------------------------------------------------------------


def _extent(layer, user) -> list[float]:
    """The lon/lat extent of the features the user may see (one query), or Sweden's."""
    extent = layer_queryset(layer, user, LayerFilters()).aggregate(
        extent=Extent(Transform(F(GEOMETRY), WGS84))
    )["extent"]
    if not extent:
        return list(SWEDEN_EXTENT_WGS84)
    return [round(value, GEOJSON_PRECISION) for value in extent]


def _collection(request, layer) -> dict:
    return {
        "id": layer.id,
        "title": str(layer.title),
        "description": str(layer.description),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [_extent(layer, request.user)], "crs": CRS84}},
        "links": [
            {
                "href": _url(request, "ogc:collection", layer.id),
                "rel": "self",
                "type": JSON,
                "title": str(layer.title),
            },
            {
                "href": _url(request, "ogc:items", layer.id),
                "rel": "items",
                "type": GEOJSON,
                "title": str(layer.title),
            },
        ],
    }


@json_reader_required
@require_safe
def collections(request):
    error = _check_parameters(request, {"f"})
    if error:
        return error
    return _json(
        {
            "links": [
                {
                    "href": _url(request, "ogc:collections"),
                    "rel": "self",
                    "type": JSON,
                    "title": "Collections",
                },
            ],
            "collections": [_collection(request, layer) for layer in LAYERS.values()],
        }
    )


@json_reader_required
@require_safe
def collection(request, collection_id: str):
    error = _check_parameters(request, {"f"})
    if error:
        return error
    layer = LAYERS.get(collection_id)
    if layer is None:
        return _not_found(f"There is no collection “{collection_id}”.")
    return _json(_collection(request, layer))


# --- items -------------------------------------------------------------------------------------


def _integer(request, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadRequest(f"{name} must be an integer.") from exc
    if value < minimum:
        raise BadRequest(f"{name} must be at least {minimum}.")
    if maximum is not None and value > maximum:
        raise BadRequest(f"{name} must be at most {maximum}.")
    return value


def _bbox(request):
    raw = request.GET.get("bbox")
    if raw is None:
        return None
    parts = raw.split(",")
    if len(parts) == 6:  # minlon,minlat,minz,maxlon,maxlat,maxz: heights play no part here
        raw = ",".join(parts[0:2] + parts[3:5])
    try:
        return parse_bbox(raw)
    except ValidationError as exc:
        raise BadRequest(" ".join(exc.messages)) from exc


def _date(text: str) -> datetime.date | None:
    if text in ("", ".."):
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise BadRequest(
            "datetime takes a date or date-time (RFC 3339) or an interval a/b, open ends as '..'."
        ) from exc


def _datetime(request) -> tuple[datetime.date | None, datetime.date | None]:
    """``datetime`` as the map's period: an instant or an interval ``start/end``."""
    raw = request.GET.get("datetime")
    if raw is None:
        return None, None
    if "/" in raw:
        start_text, _sep, end_text = raw.partition("/")
        start, end = _date(start_text), _date(end_text)
    else:
        start = end = _date(raw)
        if start is None:
            raise BadRequest("datetime needs a date.")
    if start and end and start > end:
        raise BadRequest("datetime: the interval must start before it ends.")
    return start, end


@json_reader_required
@require_safe
def items(request, collection_id: str):
    error = _check_parameters(request, ITEMS_PARAMETERS)
    if error:
        return error
    layer = LAYERS.get(collection_id)
    if layer is None:
        return _not_found(f"There is no collection “{collection_id}”.")
    try:
        # A limit above the maximum is not an error: the maximum is used (OGC 17-069r4 7.15.3).
        limit = min(_integer(request, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)
        # The database takes OFFSET as a bigint: past it PostgreSQL fails (a 500 before).
        offset = _integer(request, "offset", 0, 0, maximum=MAX_OFFSET)
        start, end = _datetime(request)
        filters = LayerFilters(bbox=_bbox(request), start=start, end=end)
    except BadRequest as exc:
        return _error(400, "InvalidParameterValue", exc.description)

    result = features(layer, request, filters, limit=limit, offset=offset, count_matched=True)
    matched = result.matched
    if matched is None:  # an empty page past the end: count separately (rare)
        matched = layer_queryset(layer, request.user, filters).count()

    query = {k: v for k, v in request.GET.items() if k not in ("offset", "limit")}
    links = [
        {
            "href": _url(request, "ogc:items", layer.id, **query, limit=limit, offset=offset),
            "rel": "self",
            "type": GEOJSON,
            "title": "This page",
        },
        {
            "href": _url(request, "ogc:collection", layer.id),
            "rel": "collection",
            "type": JSON,
            "title": str(layer.title),
        },
    ]
    if offset + result.returned < matched:
        links.append(
            {
                "href": _url(
                    request, "ogc:items", layer.id, **query, limit=limit, offset=offset + limit
                ),
                "rel": "next",
                "type": GEOJSON,
                "title": "Next page",
            }
        )
    if offset > 0:
        links.append(
            {
                "href": _url(
                    request,
                    "ogc:items",
                    layer.id,
                    **query,
                    limit=limit,
                    offset=max(offset - limit, 0),
                ),
                "rel": "prev",
                "type": GEOJSON,
                "title": "Previous page",
            }
        )
    timestamp = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = result.collection(
        numberMatched=str(matched),
        numberReturned=str(result.returned),
        timeStamp=json.dumps(timestamp),
        links=json.dumps(links, ensure_ascii=False),
    )
    return HttpResponse(body, content_type=GEOJSON)


@json_reader_required
@require_safe
def item(request, collection_id: str, feature_id: str):
    error = _check_parameters(request, {"f"})
    if error:
        return error
    layer = LAYERS.get(collection_id)
    if layer is None:
        return _not_found(f"There is no collection “{collection_id}”.")
    if not feature_id.isdigit() or len(feature_id) > 18:
        return _not_found(f"There is no feature “{feature_id}” in “{layer.id}”.")
    result = features(layer, request, LayerFilters(), pk=int(feature_id))
    if result.returned == 0:
        return _not_found(f"There is no feature “{feature_id}” in “{layer.id}”.")
    links = [
        {
            "href": _url(request, "ogc:item", layer.id, feature_id),
            "rel": "self",
            "type": GEOJSON,
            "title": "This feature",
        },
        {
            "href": _url(request, "ogc:collection", layer.id),
            "rel": "collection",
            "type": JSON,
            "title": str(layer.title),
        },
    ]
    # The feature text ends with its closing brace: add the links before it.
    body = result.text[:-1] + ',"links":' + json.dumps(links, ensure_ascii=False) + "}"
    return HttpResponse(body, content_type=GEOJSON)


# --- OpenAPI -------------------------------------------------------------------------------


# The API description is a JSON file written as the standard's examples are; only the
# server's address, the collections and the paging limits are filled in per request.
OPENAPI_TEMPLATE = Path(__file__).with_name("openapi.json")


@functools.cache
def _openapi_template() -> dict:
    return json.loads(OPENAPI_TEMPLATE.read_text(encoding="utf-8"))


def _substitute(node, values: dict):
    """``node`` with every string ``"${name}"`` replaced by ``values[name]``."""
    if isinstance(node, dict):
        return {key: _substitute(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_substitute(value, values) for value in node]
    if isinstance(node, str) and node.startswith("${") and node.endswith("}"):
        return values[node[2:-1]]
    return node


def _openapi(request) -> dict:
    return _substitute(
        _openapi_template(),
        {
            "server": _url(request, "ogc:landing").rstrip("/"),
            "collections": list(LAYERS),
            "max_limit": MAX_LIMIT,
            "default_limit": DEFAULT_LIMIT,
        },
    )
