"""
The base of the API's serializers: every object has its ``id``, ``url`` (in the API) and
``web_url`` (its page); input is strict (unknown fields and wrong JSON types are a 400 naming
them). Serializers validate and represent; the viewset hands what they validated to the
model's services (core.services), which ``full_clean()`` (field rules, named database
constraints, uniqueness) before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db import models
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from core.api import fields
from core.fields import DiarienummerField as DiarienummerModelField


class StrictInputMixin:
    # Unknown fields are a 400 naming them. Read-only fields (id, url…) sent back as they
    # were read are ignored, so that a record can be read, changed and PUT back. (A comment,
    # not a docstring: the OpenAPI schema would show it on every serializer.)

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            unknown = {str(key): [_("Unknown field.")] for key in data if key not in self.fields}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """The record's page in the portal, as an absolute URL: ``get_absolute_url()``, or
    ``path(obj)`` for records shown on their parent's page."""

    def __init__(self, *, path: Callable[[Model], str] | None = None, **kwargs):
        self.path = path
        kwargs["read_only"] = True
        kwargs.setdefault("source", "*")
        kwargs.setdefault("help_text", _("The record's page in the portal."))
        super().__init__(**kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        path = self.path(obj) if self.path else obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The record in the API, as an absolute URL."""

    def __init__(self, view_name: str, *, lookup: str = "pk", **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        kwargs["read_only"] = True
        kwargs.setdefault("source", "*")
        kwargs.setdefault("help_text", _("The record in the API."))
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return fields.api_reverse(
            self.view_name, {self.lookup: getattr(obj, self.lookup)}, self.context
        )


def api_url(view_name: str, *, lookup: str = "pk") -> ApiUrlField:
    return ApiUrlField(view_name, lookup=lookup)


class PortalModelSerializer(StrictInputMixin, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: fields.StrictCharField,
        models.TextField: fields.StrictCharField,
        models.BooleanField: fields.StrictBooleanField,
        models.IntegerField: fields.StrictIntegerField,
        models.PositiveIntegerField: fields.StrictIntegerField,
        models.PositiveSmallIntegerField: fields.StrictIntegerField,
        models.SmallIntegerField: fields.StrictIntegerField,
        models.BigIntegerField: fields.StrictIntegerField,
        models.DateField: fields.StrictDateField,
        DiarienummerModelField: fields.DiarienummerField,
    }
    serializer_choice_field = fields.StrictChoiceField

    def get_validators(self):
        # The model's full_clean() checks uniqueness and constraints, in one place.
        return []

    # Serializers validate and represent; they do not save. The viewset hands the validated
    # data to the model's services (core.services), the one write path of pages, API and
    # admin alike.
    def create(self, validated_data):
        raise NotImplementedError("the viewset writes through the model's services")

    def update(self, instance, validated_data):
        raise NotImplementedError("the viewset writes through the model's services")

    def run_validation(self, data=empty):
        # A body that is not a JSON object (a list, a string) is named as such.
        if data is not empty and data is not None and not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        _("Expected a JSON object with the record's fields.")
                    ]
                }
            )
        return super().run_validation(data)
