"""
Optimistic concurrency: every object response carries an ``ETag``, the version of the record
(its pk and ``modified`` timestamp); every change (PUT, PATCH, DELETE) must send it back in
``If-Match``. Without one the answer is ``428 Precondition Required``, with a stale one
``412 Precondition Failed`` — and nothing changes. So two editors cannot overwrite each other's
work unknowingly.
"""

from __future__ import annotations

import hashlib

from django.db.models import Model
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

from core.models import record_version


class PreconditionRequired(APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = _(
        "Send the record's ETag in an If-Match header (fetch the record first): changes "
        "without it could overwrite someone else's."
    )


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = _(
        "The record has changed since you fetched it (If-Match does not match its ETag). "
        "Fetch it again, apply your change to the current version and resend."
    )

    def __init__(self, current_etag: str):
        super().__init__()
        self.current_etag = current_etag


def etag_for(obj: Model) -> str:
    """A strong ETag (quoted) for the current version of a record (core.models.record_version,
    the version the edit pages' forms carry too)."""
    version = f"{obj._meta.label_lower}:{obj.pk}:{record_version(obj)}"
    return '"' + hashlib.sha256(version.encode()).hexdigest()[:32] + '"'


def version_from_if_match(request, obj: Model) -> str:
    """The version of ``obj`` that the client changes: the record's current version when
    ``If-Match`` names its current ETag. Raise 428 when ``If-Match`` is missing (or ``*``,
    which protects nothing) and 412 when no tag in it is the record's current one. Weak
    tags never match (RFC 9110). The service claims the version in its transaction
    (``core.services.claim_version``): a write that lands between this check and the claim
    is a 412 too."""
    check_if_match(request, obj)
    return record_version(obj)


def check_if_match(request, obj: Model) -> None:
    """Raise 428 when ``If-Match`` is missing or ``*``, 412 when it does not match."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    tags = parse_etags(header)
    if tags == ["*"]:
        raise PreconditionRequired()
    current = etag_for(obj)
    if current not in tags:  # also when the header is not a list of quoted tags
        raise PreconditionFailed(current)
