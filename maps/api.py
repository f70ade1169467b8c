"""
The map's layer endpoints, ``/api/v1/layers/<layer>/``: one GeoJSON FeatureCollection per
layer (RFC 7946, WGS84 longitude/latitude, ``application/geo+json``), written by the database
in one query (see maps.geojson). Part of the REST API so that its OpenAPI document describes
them; everything is filtered through ``visible_to(request.user)``.
"""

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from core.api.filters import MAX_ID
from core.api.negotiation import JSONErrorsMixin
from core.geo import BBOX_PATTERN
from core.middleware import accepts_gzip
from maps.forms import LayerQueryForm, unknown_parameters
from maps.layers import (
    CLUSTER_MAX,
    CLUSTER_MIN,
    LAYERS,
    SIMPLIFY_MAX,
    Layer,
    cached_collection,
)

GEOJSON = "application/geo+json"


class GeoJSONRenderer(JSONRenderer):
    """Lets DRF's content negotiation accept ``Accept: application/geo+json``; the layers
    answer with the body the database wrote, errors as JSON."""

    media_type = GEOJSON
    format = "geojson"


FEATURE_COLLECTION_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection (RFC 7946), coordinates in WGS84 lon/lat.",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer"},
                    "geometry": {
                        "type": "object",
                        "description": "A GeoJSON geometry (WGS84 longitude, latitude).",
                        "properties": {
                            "type": {"type": "string"},
                            "coordinates": {"type": "array", "items": {}},
                        },
                    },
                    "properties": {"type": "object", "additionalProperties": True},
                },
            },
        },
    },
}

FILTER_PARAMETERS = [
    OpenApiParameter(
        "bbox",
        # The ranges the server enforces (core.geo.parse_bbox), stated in the schema.
        {"type": "string", "pattern": BBOX_PATTERN},
        description="minlon,minlat,maxlon,maxlat in WGS84 (longitudes -180…180, latitudes "
        "-90…90, minimum before maximum): only features that intersect it.",
    ),
    OpenApiParameter(
        "project",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description="Only what concerns this project.",
    ),
    OpenApiParameter(
        "start", OpenApiTypes.DATE, description="Period from (YYYY-MM-DD), inclusive."
    ),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Period to (YYYY-MM-DD), inclusive."),
    OpenApiParameter(
        "kind", OpenApiTypes.STR, description="Planning areas of this kind only (planning-areas)."
    ),
    OpenApiParameter(
        "simplify",
        {"type": "number", "minimum": 0, "maximum": SIMPLIFY_MAX},
        description=f"Simplify geometry with this tolerance in metres (0–{SIMPLIFY_MAX}), "
        "for overview zoom levels.",
    ),
]
CLUSTER_PARAMETER = OpenApiParameter(
    "cluster",
    {"type": "number", "minimum": CLUSTER_MIN, "maximum": CLUSTER_MAX},
    description=f"Group the points on a grid of this cell size in metres ({CLUSTER_MIN}–"
    f"{CLUSTER_MAX}): one point per occupied cell with its `count`, for overview zoom levels.",
)


def parse_layer_query(request, layer: Layer):
    """The layer query's filters, or a 400 (DRF ValidationError) saying what is wrong."""
    form = LayerQueryForm(request.GET)
    # "format" is DRF's own (?format=geojson|json), answered by content negotiation.
    allowed = set(form.fields) - (set() if layer.point_only else {"cluster"}) | {"format"}
    unknown = unknown_parameters(request.GET, allowed)
    if unknown:
        accepted = ", ".join(sorted(allowed))
        raise ValidationError(
            {name: [_("Unknown query parameter; accepted: %s.") % accepted] for name in unknown}
        )
    if not form.is_valid():
        raise ValidationError(
            {
                ("period" if field == "__all__" else field): [e["message"] for e in errors]
                for field, errors in form.errors.get_json_data().items()
            }
        )
    return form.filters()


class LayerView(JSONErrorsMixin, APIView):
    """A map layer as a GeoJSON FeatureCollection (subclassed per layer by layer_view)."""

    layer_id: str = ""
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    def respond(self, request):
        layer = LAYERS[self.layer_id]
        filters = parse_layer_query(request, layer)
        body = cached_collection(layer, request, filters)
        if body.gzipped is not None and accepts_gzip(request):
            response = HttpResponse(body.gzipped, content_type=GEOJSON)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(body.text, content_type=GEOJSON)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


def layer_view(layer: Layer):
    """The view of one layer, with its own OpenAPI description."""
    parameters = FILTER_PARAMETERS + ([CLUSTER_PARAMETER] if layer.point_only else [])

    @extend_schema(
        operation_id=f"layers_{layer.id.replace('-', '_')}",
        summary=str(layer.title),
        description=f"{layer.description} A GeoJSON FeatureCollection (RFC 7946, WGS84 "
        "longitude/latitude) of what the caller may see.",
        tags=["layers"],
        parameters=parameters,
        responses={
            (200, GEOJSON): OpenApiResponse(
                response=FEATURE_COLLECTION_SCHEMA, description="The layer's features."
            ),
            (400, "application/json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT, description="A parameter is wrong; says which."
            ),
        },
    )
    def get(self, request):
        return self.respond(request)

    name = "".join(part.title() for part in layer.id.split("-")) + "LayerView"
    return type(name, (LayerView,), {"layer_id": layer.id, "get": get}).as_view()
