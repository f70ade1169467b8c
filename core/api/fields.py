"""
Serializer fields of the API.

* ``RefField``: a related object as ``{"id", "url", "name"}`` (plus e.g. ``code``); accepts
  the id (or the whole object, as read) on input, among the objects the user may see.
* ``GeoJSONField``: geometry as a GeoJSON geometry in WGS84. It is read from an annotation
  the viewset adds (``core.geo.wgs84_geojson``: the database transforms, the rows are
  not touched in Python) and written through ``core.geo.parse_geojson``.
* Strict scalars: JSON types are not coerced (``"title": 5`` is a 400, not ``"5"``).
"""

from __future__ import annotations

import json

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.diarienummer import normalize_diarienummer
from core.geo import STORAGE_SRID, parse_geojson

GEOJSON_SUFFIX = "_geojson"
VISIBLE_SUFFIX = "_visible"


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": _("Expected text (a JSON string).")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": _("Expected true or false.")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": _("Expected a whole number.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=str(data)[:50])
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class DiarienummerField(StrictCharField):
    """A case number, accepted as people write it (``run / 0479 / 2024``) and stored and
    shown canonical (``RUN/479/2024``), via ``core.diarienummer``."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "":
            return value
        try:
            return normalize_diarienummer(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


def api_reverse(view_name: str, kwargs: dict, context: dict) -> str:
    """An absolute URL in the API (without the request's ?format=, unlike DRF's reverse)."""
    path = reverse(view_name, kwargs=kwargs)
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class RefField(serializers.RelatedField):
    """A related object: ``{"id": 5, "url": ".../api/v1/projects/5/", "name": "…"}``.

    ``view_name`` is the API's detail route (``project-detail``); ``lookup`` the attribute in
    its URL (``pk``, or ``code`` for places). ``extra`` names attributes shown beside the
    name. A related record the user may not see (a draft project of a published dialogue)
    is shown as ``null``: the viewset annotates ``<field>_visible`` for such relations.
    On input the field takes the id (or code), or the object as it was read, looked up
    among what ``visible_to(user)`` lets the user see.
    """

    default_error_messages = {
        "does_not_exist": _("There is no %(kind)s %(value)s, or you may not see it."),
        "incorrect_type": _("Expected the %(what)s of a %(kind)s."),
    }

    def __init__(self, view_name: str, *, lookup: str = "pk", extra=(), **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        self.extra = tuple(extra)
        super().__init__(**kwargs)

    # --- output ----------------------------------------------------------------------------
    def get_attribute(self, instance):
        if getattr(instance, f"{self.source_attrs[-1]}{VISIBLE_SUFFIX}", True) is False:
            return None
        return super().get_attribute(instance)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        data = {"id": value.pk}
        if self.lookup != "pk":
            data[self.lookup] = getattr(value, self.lookup)
        data["url"] = api_reverse(
            self.view_name, {self.lookup: getattr(value, self.lookup)}, self.context
        )
        data["name"] = str(value)
        for attr in self.extra:
            data[attr] = getattr(value, attr)
        return data

    # --- input -----------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return "id" if self.lookup == "pk" else self.lookup

    def get_queryset(self):
        request = self.context.get("request")
        return super().get_queryset().visible_to(request.user if request else None)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get(self.key)
        kind = self.queryset.model._meta.verbose_name
        if self.key == "id":
            valid = isinstance(data, int) and not isinstance(data, bool) and 0 < data < 2**63
        else:
            valid = isinstance(data, str) and 0 < len(data) <= 50
        if not valid:
            self.fail("incorrect_type", what=self.key, kind=kind)
        try:
            return self.get_queryset().get(**{self.lookup: data})
        except self.queryset.model.DoesNotExist:
            self.fail("does_not_exist", kind=kind, value=data)


class GeoJSONField(serializers.Field):
    """GeoJSON geometry in WGS84 (RFC 7946). Output comes from the ``<name>_geojson``
    annotation; input goes through ``core.geo.parse_geojson`` (which refuses foreign CRS,
    invalid, empty, enormous and out-of-Sweden geometry, saying which) into SWEREF 99 TM.
    ``geometry_types`` limits what is accepted and tells the schema what comes out."""

    default_error_messages = {"invalid": _("Expected a GeoJSON geometry object.")}

    def __init__(self, *, geometry_types: tuple[str, ...] | None = None, **kwargs):
        self.geometry_types = geometry_types
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, f"{self.source}{GEOJSON_SUFFIX}")

    def to_representation(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("invalid")
        try:
            geom = parse_geojson(data, allowed_types=self.geometry_types, srid=STORAGE_SRID)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        if geom.hasz:
            # RFC 7946 allows an altitude; the portal's columns are two-dimensional.
            ogr = geom.ogr
            ogr.set_3d(False)
            geom = GEOSGeometry(ogr.wkb, srid=geom.srid)
        return geom
