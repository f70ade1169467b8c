"""
The API's viewsets. Every queryset starts from ``visible_to(request.user)`` — the same rule as
the pages — and is eager: related objects come with ``select_related``/``prefetch_related``,
geometry is transformed to WGS84 GeoJSON by the database, and references to records the user
may not see are nulled by an ``EXISTS`` annotation, so a list costs the same number of queries
for 2 rows as for 500.

Writes go through the app's access helper (``get_<kind>_for_user(request, pk, write=True)``:
404 / 403 / 409 for adjusted minutes), check ``If-Match`` against the current ETag (428 / 412),
validate the input with the serializer and hand it to the model's service (``services``, a
``core.services.RecordServices``): the same functions the pages and the admin call, which
claim the version in their transaction (a lost race is a 412 too) and hold every rule, so
nothing is half-saved and no rule holds on one path only. Serializers validate and represent;
they do not save.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core import roles
from core.access import check_can_edit
from core.api.concurrency import etag_for, version_from_if_match
from core.api.fields import GEOJSON_SUFFIX, VISIBLE_SUFFIX, GeoJSONField
from core.api.negotiation import JSONErrorsMixin
from core.api.renderers import CSVRenderer
from core.geo import wgs84_geojson
from core.services import RecordServices

EXPORT_FORMATS = ("csv", "ics")


class PortalReadOnlyViewSet(JSONErrorsMixin, viewsets.GenericViewSet):
    """List (JSON pages, or all rows as CSV) and retrieve (with an ETag)."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    # No OPTIONS: the OpenAPI schema describes every endpoint (and there is no CORS).
    http_method_names = ["get", "post", "put", "patch", "delete", "head"]
    # A lighter serializer for lists (e.g. without boundaries); the detail has everything.
    list_serializer_class = None
    # Foreign keys to records that may be hidden from this user (a draft project of a
    # published dialogue): field name → the related model, whose visible_to(user) decides.
    hidden_relations: dict[str, type[Model]] = {}

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return super().get_serializer_class()

    def get_renderers(self):
        if self.action != "list":
            return [JSONRenderer()]
        return super().get_renderers()

    # --- querysets ------------------------------------------------------------------------
    def eager(self, queryset: QuerySet) -> QuerySet:
        """select_related/prefetch_related that depend on the user; override as needed."""
        return queryset

    def get_queryset(self) -> QuerySet:
        user = self.request.user
        queryset = self.eager(super().get_queryset().visible_to(user))
        model = queryset.model
        geometry = [f.name for f in model._meta.concrete_fields if isinstance(f, GeometryField)]
        if geometry:
            wanted = {
                field.source
                for field in self.get_serializer_class()().fields.values()
                if isinstance(field, GeoJSONField)
            }
            queryset = queryset.defer(*geometry).annotate(
                **{
                    f"{name}{GEOJSON_SUFFIX}": wgs84_geojson(name)
                    for name in geometry
                    if name in wanted
                }
            )
        if self.hidden_relations and not roles.can_read_unpublished(user):
            queryset = queryset.annotate(
                **{
                    f"{name}{VISIBLE_SUFFIX}": Exists(
                        related.objects.visible_to(user).filter(pk=OuterRef(f"{name}_id"))
                    )
                    for name, related in self.hidden_relations.items()
                }
            )
        return queryset

    # --- reading --------------------------------------------------------------------------
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        export = request.accepted_renderer.format
        if export in EXPORT_FORMATS:
            return self.export(export, queryset)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def export(self, export: str, queryset: QuerySet) -> Response:
        limit = settings.API_EXPORT_MAX_ROWS
        rows = list(queryset[: limit + 1])
        if len(rows) > limit:
            raise ValidationError(
                {
                    "format": [
                        _(
                            "More than %(limit)s records: narrow the selection with filters, "
                            "or page through the JSON."
                        )
                        % {"limit": limit}
                    ]
                }
            )
        filename = f"{self.basename}.{export}"
        if export == "ics":
            return Response(
                self.calendar(rows, queryset),
                headers={"Content-Disposition": f'inline; filename="{filename}"'},
            )
        return Response(
            self.get_serializer(rows, many=True).data,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    def calendar(self, rows: list, queryset: QuerySet) -> bytes:  # pragma: no cover
        raise NotImplementedError

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return Response(self.get_serializer(obj).data, headers={"ETag": etag_for(obj)})

    def object_response(self, obj: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """The record as read after a change, with its new ETag."""
        fresh = self.get_queryset().get(pk=obj.pk)
        data = self.get_serializer(fresh).data
        headers = {"ETag": etag_for(fresh)}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = data["url"]
        return Response(data, status=status_code, headers=headers)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        token = getattr(self.request, "auth", None)
        context["change_reason"] = f"API ({token.name})" if token is not None else "API"
        return context


class PortalModelViewSet(PortalReadOnlyViewSet):
    """Adds create, update (PUT and PATCH) and delete for editors, with If-Match, through the
    model's services."""

    # get_<kind>_for_user(request, pk, *, write=False) from the app's access.py.
    access: Callable[..., Model]
    # The model's service functions (the app's services.py).
    services: RecordServices

    def get_object_for_write(self) -> Model:
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            obj = type(self).access(self.request, lookup, write=True)
        except (TypeError, ValueError, DjangoValidationError) as exc:  # not an id at all
            raise Http404 from exc
        check_can_edit(self.request.user, obj)
        return obj

    def service_data(self, serializer, instance: Model | None = None) -> dict:
        """What the service is given: the validated input (override to reshape nested
        input for the service)."""
        return dict(serializer.validated_data)

    @property
    def change_reason(self) -> str:
        return self.get_serializer_context()["change_reason"]

    def create(self, request, *args, **kwargs):
        check_can_edit(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.services.do_create(
            data=self.service_data(serializer), user=request.user, reason=self.change_reason
        )
        return self.object_response(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        obj = self.get_object_for_write()
        version = version_from_if_match(request, obj)
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        obj = self.services.do_update(
            record=obj,
            data=self.service_data(serializer, obj),
            version=version,
            user=request.user,
            reason=self.change_reason,
        )
        return self.object_response(obj)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        obj = self.get_object_for_write()
        version = version_from_if_match(request, obj)
        self.services.do_delete(
            record=obj, version=version, user=request.user, reason=self.change_reason
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
