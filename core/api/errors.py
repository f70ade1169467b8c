"""
One JSON shape for every API error::

    {"status": 400, "code": "invalid", "detail": "…", "errors": {"title": ["…"]}}

``errors`` (only on 400) maps each field to its messages; nested fields are named with dots
(``points.1.text``), problems with the whole object under ``non_field_errors``. Exceptions
from the permission layer and the models are translated here, so that bad input is never a
500: ``Http404`` → 404, ``PermissionDenied`` → 403, ``core.access.RecordLocked`` → 409,
a rule of a service (``core.services.RuleRefused``) → 409 with its reason, a write that lost
the race for its version (``core.services.EditConflict``) → 412,
Django's ``ValidationError`` → 400, a protected or conflicting row → 409, a body larger than
``DATA_UPLOAD_MAX_MEMORY_SIZE`` → 413.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.access import RecordLocked
from core.api.concurrency import PreconditionFailed, etag_for
from core.services import EditConflict, RuleRefused


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("The request conflicts with the current state of the record.")


class PayloadTooLarge(exceptions.APIException):
    """A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses to read it (a
    SuspiciousOperation, which would otherwise be its HTML 400 page)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class Locked(Conflict):
    """A record that does not change any more (adjusted minutes, an adopted version)."""

    default_code = "locked"


VALIDATION_DETAIL = _("The request has errors; see “errors” for a message per field.")


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"a.0.b": ["message", …]}``."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(detail)]}


def validation_error_from_django(exc: DjangoValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError(serializers.as_serializer_error(exc))


def _translate(exc):
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge(
            _("The request body is larger than %(size)s; send less at a time.")
            % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
        )
    if isinstance(exc, TooManyFieldsSent):
        return exceptions.ParseError(_("The request has too many fields."))
    if isinstance(exc, RecordLocked):
        return Locked(str(exc))
    if isinstance(exc, EditConflict):
        # Someone wrote between the If-Match check and the service's claim.
        current = type(exc.record)._base_manager.filter(pk=exc.record.pk).first()
        if current is None:
            return exceptions.NotFound()
        return PreconditionFailed(etag_for(current))
    if isinstance(exc, RuleRefused):
        return Conflict(exc.message, code=exc.code)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        return validation_error_from_django(exc)
    if isinstance(exc, (ProtectedError, RestrictedError)):
        names = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        return Conflict(
            _("Other records refer to this one (%(kinds)s); remove those references first.")
            % {"kinds": ", ".join(names)}
        )
    if isinstance(exc, IntegrityError):
        return Conflict(_("The change conflicts with other records (a duplicate, perhaps)."))
    return exc


def body(status_code: int, code: str, detail, errors: dict | None = None) -> dict:
    data = {"status": status_code, "code": code, "detail": str(detail)}
    if errors is not None:
        data["errors"] = errors
    return data


def exception_handler(exc, context):
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        response.data = body(response.status_code, "invalid", VALIDATION_DETAIL, errors)
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(exc, "default_code", "error")
        if hasattr(detail, "code") and detail.code:
            code = detail.code
        response.data = body(response.status_code, code, detail)
    current_etag = getattr(exc, "current_etag", None)
    if current_etag:
        response["ETag"] = current_etag
    return response


@csrf_exempt  # answers the same 404 to every method; nothing to protect
def not_found(request, *args, **kwargs):
    """Unknown URLs under /api/ answer in JSON like everything else there; a known one
    without its trailing slash is redirected there (308 keeps the method and body)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:  # pragma: no cover - the catch-all resolves everything
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            target = request.path + "/" + (f"?{query}" if query else "")
            return HttpResponseRedirect(target, status=308)
    return JsonResponse(
        body(404, "not_found", _("No API endpoint here; see /api/docs/ for what there is.")),
        status=404,
    )


class ErrorSerializer(serializers.Serializer):
    """The shape of every error response (documented in the OpenAPI schema)."""

    status = serializers.IntegerField(help_text=_("The HTTP status code."))
    code = serializers.CharField(
        help_text=_(
            "A machine-readable reason: invalid, parse_error, not_authenticated, "
            "authentication_failed, permission_denied, not_found, method_not_allowed, "
            "not_acceptable, unsupported_media_type, conflict, locked, precondition_failed, "
            "precondition_required, throttled."
        )
    )
    detail = serializers.CharField(help_text=_("What is wrong, for people."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_(
            "Only on 400: the messages per field; nested fields are named with dots "
            "(points.1.text), problems with the whole object under non_field_errors."
        ),
    )
