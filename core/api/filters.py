"""
Filters shared by the API's resources (django-filter). A value that cannot be read is a 400
naming the parameter; parameters a resource does not know are ignored.

* ``modified_since`` (ISO 8601, e.g. ``2025-05-13T00:00:00Z``): records changed at or after
  that moment, for incremental sync (ask again with the largest ``modified`` seen; order by
  ``modified`` so that paging is stable: ``?ordering=modified``);
* ``date_after`` / ``date_before`` (``YYYY-MM-DD``, inclusive): the period;
* ``bbox`` (``minlon,minlat,maxlon,maxlat`` in WGS84): spatial resources whose geometry
  intersects the box — compared in the storage system (SWEREF 99 TM) after transforming
  the box (``core.geo.bbox_in_storage_srid``, as the map's layers do), so that the spatial
  index serves;
* ``search``: full-text search (``core.search.text_search``);
* ``ordering``: one of the listed fields, ``-`` for descending; ties are broken by id.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override

from core.geo import BBOX_PATTERN, bbox_in_storage_srid, parse_bbox
from core.search import text_search

MAX_ID = 2**63 - 1


def _document(filter_, schema: dict) -> None:
    """The OpenAPI schema of this filter (drf-spectacular reads it from the instance), with
    the filter's label as its description."""
    set_override(filter_, "field", {**schema, "description": filter_.label})


class IdField(forms.IntegerField):
    """An id: a whole number in the database's range (larger ones are a 400, not a 500)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """An id of a record of another resource (``?project=12``). The id of a record the
    client may not see answers exactly as an id that does not exist, an empty list (see
    ``PortalFilterSet.filter_queryset``): otherwise a published dialogue of a draft project
    would confirm the draft's id."""

    field_class = IdField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("An id (a whole number)."))
        super().__init__(*args, **kwargs)
        _document(self, {"type": "integer", "minimum": 1, "maximum": MAX_ID})

    def target_model(self, model):
        """The model the id names: the field's related model (``project_id``, ``organisations``,
        ``dialogue__project_id``), else, for a filter with a method, the model named like the
        filter (``project``)."""
        current = model
        try:
            for part in self.field_name.removesuffix("_id").split("__"):
                current = current._meta.get_field(part).related_model
        except (FieldDoesNotExist, AttributeError):
            current = None
        if current is not None:
            return current
        return next((m for m in apps.get_models() if m._meta.model_name == self.field_name), None)


CODE_MESSAGES = {
    2: _("A county code: two digits, e.g. 23."),
    4: _("A municipality code: four digits, e.g. 2380."),
}


class CodeFilter(django_filters.CharFilter):
    """A municipality (four digits) or county (two digits) code."""

    def __init__(self, *args, digits: int, **kwargs):
        message = CODE_MESSAGES[digits]
        kwargs["validators"] = [RegexValidator(rf"^[0-9]{{{digits}}}$", message)]
        kwargs.setdefault("label", message)
        super().__init__(*args, **kwargs)
        _document(self, {"type": "string", "pattern": rf"^[0-9]{{{digits}}}$"})


class TrueFalseField(forms.TypedChoiceField):
    """``true`` or ``false``, nothing else (a typo is a 400, not "no filter")."""

    def __init__(self, **kwargs):
        kwargs["choices"] = [("true", "true"), ("false", "false")]
        kwargs["coerce"] = lambda value: value == "true"
        kwargs["empty_value"] = None
        super().__init__(**kwargs)


class TrueFalseFilter(django_filters.Filter):
    field_class = TrueFalseField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _document(self, {"type": "boolean"})


NO_BOX = object()  # a bbox that misses Sweden: nothing can match


class BBoxField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        box = bbox_in_storage_srid(parse_bbox(value))
        return NO_BOX if box is None else box


class BBoxFilter(django_filters.Filter):
    field_class = BBoxField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _document(self, {"type": "string", "pattern": BBOX_PATTERN})

    def filter(self, qs, value):
        if value is None:
            return qs
        if value is NO_BOX:
            return qs.none()
        return qs.filter(**{f"{self.field_name}__intersects": value})


class SinceField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment, handed to the database in UTC (PostgreSQL refuses offsets
    beyond ±15:59 that Python accepts)."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise forms.ValidationError(_("The moment is out of range."), code="invalid") from exc


class SinceFilter(django_filters.IsoDateTimeFilter):
    field_class = SinceField


class PortalFilterSet(django_filters.FilterSet):
    """Base of every resource's filters: ``modified_since`` for all; ``search`` (declared
    with :func:`search_filter`) over the model's ``search_fields``."""

    modified_since = SinceFilter(
        field_name="modified",
        lookup_expr="gte",
        label=_(
            "Only records changed at or after this moment (ISO 8601, e.g. "
            "2025-05-13T08:00:00Z), for incremental sync."
        ),
    )

    def is_valid(self) -> bool:
        """An empty value (``?modified_since=``) is a 400 like any other unreadable one:
        django-filter would read it as "no filter", which the OpenAPI document does not say
        (an empty string is no date-time, no code), so a client could not tell a typo from
        a filter that matched everything. Leave the parameter out for "no filter"."""
        valid = super().is_valid()
        if not self.is_bound:
            return valid
        for name, field in self.form.fields.items():
            # Free text (search) may be empty, and so may ordering (an empty list: the default
            # order), as their schemas allow; a value with a form (a code, a box, a date, a
            # number, a choice) may not.
            free_text = type(field) is forms.CharField and not any(
                isinstance(v, RegexValidator) for v in field.validators
            )
            is_list = isinstance(self.filters.get(name), django_filters.OrderingFilter)
            if self.data.get(name) == "" and name in self.data and not (free_text or is_list):
                self.form.add_error(name, _("Give a value, or leave the parameter out."))
        return valid and not self.form.errors

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return queryset
        return text_search(queryset, value, fields=list(queryset.model.search_fields))

    def _names_a_hidden_record(self) -> bool:
        user = getattr(self.request, "user", None)
        for name, filter_ in self.filters.items():
            value = self.form.cleaned_data.get(name)
            if not isinstance(filter_, IdFilter) or value is None:
                continue
            target = filter_.target_model(self.queryset.model)
            records = target._default_manager.all() if target is not None else None
            if records is None or not hasattr(records, "visible_to"):
                continue
            # One query; an id that does not exist is "hidden" too, and answers the same.
            if not records.visible_to(user).filter(pk=value).exists():
                return True
        return False

    def filter_queryset(self, queryset):
        if self._names_a_hidden_record():
            queryset = queryset.none()
        queryset = super().filter_queryset(queryset)
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not {"pk", "-pk", "id", "-id"} & {o for o in ordering if isinstance(o, str)}:
            ordering.append("pk")
        return queryset.order_by(*ordering)


def published_filter() -> TrueFalseFilter:
    return TrueFalseFilter(
        field_name="is_published",
        label=_("Only published (true) or unpublished (false) records."),
    )


def search_filter() -> django_filters.CharFilter:
    return django_filters.CharFilter(
        method="filter_search",
        label=_("Full-text search (Swedish stemming on PostgreSQL; every word must match)."),
    )


def bbox_filter(field_name: str) -> BBoxFilter:
    return BBoxFilter(
        field_name=field_name,
        label=_(
            "Only records whose geometry intersects this box: minlon,minlat,maxlon,maxlat in "
            "WGS84 (EPSG:4326), e.g. 13.0,62.5,15.5,63.8."
        ),
    )


def date_after_filter(field_name: str, what: str = "") -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr="gte",
        label=what or _("On or after this date (YYYY-MM-DD)."),
    )


def date_before_filter(field_name: str, what: str = "") -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr="lte",
        label=what or _("On or before this date (YYYY-MM-DD)."),
    )
