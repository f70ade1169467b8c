"""
The OpenAPI description of the API's conventions (drf-spectacular), so that the schema
matches what the API really answers:

* every operation documents its error responses in the one error shape (``Error``);
* objects come with an ``ETag`` header, changes require ``If-Match`` (428/412 documented);
* lists document ``?format=csv`` (and ``ics`` where there is a calendar) with their media
  types; error responses are always JSON;
* references to related objects and GeoJSON geometry (RFC 7946, WGS84) have their real shapes.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from core.api.errors import ErrorSerializer

EXPORT_MEDIA_TYPES = {"text/csv", "text/calendar"}

_POSITION = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 3,
    "description": "longitude, latitude (WGS84)",
}
_LINE = {"type": "array", "items": _POSITION, "minItems": 2}
_RING = {"type": "array", "items": _POSITION, "minItems": 4}
_POLYGON = {"type": "array", "items": _RING, "minItems": 1}


def _geometry(kind: str, coordinates: dict) -> dict:
    return {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {"type": {"type": "string", "enum": [kind]}, "coordinates": coordinates},
    }


GEOMETRIES = {
    "Point": _geometry("Point", _POSITION),
    "MultiPoint": _geometry("MultiPoint", {"type": "array", "items": _POSITION}),
    "LineString": _geometry("LineString", _LINE),
    "MultiLineString": _geometry("MultiLineString", {"type": "array", "items": _LINE}),
    "Polygon": _geometry("Polygon", _POLYGON),
    "MultiPolygon": _geometry("MultiPolygon", {"type": "array", "items": _POLYGON}),
    "GeometryCollection": {
        "type": "object",
        "required": ["type", "geometries"],
        "properties": {
            "type": {"type": "string", "enum": ["GeometryCollection"]},
            "geometries": {"type": "array", "items": {"type": "object"}},
        },
    },
}


class GeoJSONFieldExtension(OpenApiSerializerFieldExtension):
    """A GeoJSON geometry object in WGS84 (RFC 7946), as a named component."""

    target_class = "core.api.fields.GeoJSONField"
    match_subclasses = True

    def _types(self) -> list[str]:
        return list(self.target.geometry_types or GEOMETRIES)

    def get_name(self):
        types = self._types()
        return f"GeoJSON{types[0]}" if len(types) == 1 else "GeoJSONGeometry"

    def map_serializer_field(self, auto_schema, direction):
        types = self._types()
        description = str(
            _(
                "GeoJSON geometry in WGS84 longitude/latitude (RFC 7946). On input also with "
                "a “crs” member naming EPSG:3006 (SWEREF 99 TM)."
            )
        )
        # Copies, never the module's dicts: drf-spectacular's enum post-processing replaces
        # each "type" enum by a $ref *in place*, so the second schema generation (every
        # request to /api/schema/ after the first) found no enum left, created no
        # GeoJSON…Type component and served 18 operations with a dangling $ref.
        if len(types) == 1:
            return {**copy.deepcopy(GEOMETRIES[types[0]]), "description": description}
        return {
            "oneOf": [copy.deepcopy(GEOMETRIES[t]) for t in types],
            "description": description,
        }


class RefFieldExtension(OpenApiSerializerFieldExtension):
    """A related object: ``{id, url, name}`` out; its id (or code), or that object, in."""

    target_class = "core.api.fields.RefField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        key_schema = (
            {"type": "integer", "minimum": 1}
            if field.key == "id"
            else {"type": "string", "pattern": "^[0-9]+$"}
        )
        if direction == "request":
            return {
                "oneOf": [
                    key_schema,
                    {
                        "type": "object",
                        "required": [field.key],
                        "properties": {field.key: key_schema},
                    },
                ],
                "description": str(
                    _("The %(key)s of the related record (or the object as read).")
                    % {"key": field.key}
                ),
            }
        properties = {"id": {"type": "integer"}}
        if field.key != "id":
            properties[field.key] = {"type": "string"}
        properties["url"] = {"type": "string", "format": "uri"}
        properties["name"] = {"type": "string"}
        for attr in field.extra:
            properties[attr] = {}
        return {
            "type": "object",
            "required": list(properties),
            "properties": properties,
            "description": str(_("A related record: its id, its URL in the API and its name.")),
        }


def error_component(auto_schema) -> dict:
    component = auto_schema.resolve_serializer(ErrorSerializer, "response")
    return component.ref


ERROR_DESCRIPTIONS = {
    "400": _("Invalid input: a message per field in “errors”."),
    "401": _("Not authenticated: log in, or send a valid token (Authorization: Bearer …)."),
    "403": _("Not allowed: your role (or a read-only token) may not do this."),
    "404": _("No such record, or you may not see it."),
    "406": _("The requested format is not available here."),
    "409": _(
        "The record does not change (adjusted minutes, an adopted version), or other records "
        "refer to it."
    ),
    "412": _("If-Match does not match the current ETag: fetch the record again."),
    "415": _("Send JSON (Content-Type: application/json)."),
    "428": _("Send If-Match with the record's ETag."),
    "429": _("Too many requests: wait as Retry-After says."),
}


class PortalAutoSchema(AutoSchema):
    def get_auth(self):
        """Reads answer anonymous clients while PUBLIC_READING is on (core.api.permissions):
        say so with the empty requirement ``{}`` (authentication optional), as drf-spectacular
        does for DRF's own AllowAny / IsAuthenticatedOrReadOnly but cannot know of the
        portal's permission. Writes keep their requirement."""
        auths = super().get_auth()
        if self.method in ("GET", "HEAD") and settings.PUBLIC_READING and {} not in auths:
            auths = [{}, *auths]
        return auths

    def get_tags(self):
        # /api/v1/<resource>/… → "<resource>"
        parts = [p for p in self.path.split("/") if p]
        return [parts[2]] if len(parts) > 2 and parts[:2] == ["api", "v1"] else super().get_tags()

    def _is_write(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH", "DELETE")

    def _is_change(self) -> bool:
        return self.method in ("PUT", "PATCH", "DELETE")

    def _is_list(self) -> bool:
        return getattr(self.view, "action", None) == "list"

    def _has_object(self) -> bool:
        return "{" in self.path

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._is_change():
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=True,
                    description=str(
                        _(
                            "The ETag of the record as you read it. Missing: 428; not the "
                            "current one: 412, and nothing changes."
                        )
                    ),
                )
            )
        if self.method in ("GET", "PUT", "PATCH", "POST") and not self._is_list():
            parameters.append(
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=["200", "201"],
                    description=str(_("The version of the record; send it as If-Match.")),
                )
            )
        if self._is_list():
            formats = [r.format for r in self.view.get_renderers()]
            parameters.append(
                OpenApiParameter(
                    "format",
                    OpenApiTypes.STR,
                    OpenApiParameter.QUERY,
                    enum=formats,
                    description=str(
                        _(
                            "json (default, paged), csv (all matching rows, ;-separated, UTF-8 "
                            "with BOM, for Excel) or ics (iCalendar, where offered)."
                        )
                    ),
                )
            )
        return parameters

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        for media_type, content in response.get("content", {}).items():
            if media_type in EXPORT_MEDIA_TYPES:
                content["schema"] = {"type": "string"}
        return response

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = error_component(self)
        codes = ["401", "403", "406", "429"]
        if self._is_list():
            codes += ["400", "404"]
        if self._has_object():
            codes.append("404")
        if self._is_write():
            codes += ["400", "409", "415"]
        if self._is_change():
            codes += ["412", "428"]
        for code in sorted(set(codes)):
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": error}},
                    "description": str(ERROR_DESCRIPTIONS[code]),
                },
            )
        return responses
