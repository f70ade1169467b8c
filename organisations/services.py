"""The write path of organisations (the admin writes them; the API and pages only read)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.services import RecordServices, Version, record_create, record_delete, record_update
from organisations.models import Organisation


def organisation_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Organisation:
    return record_create(Organisation, data=data, user=user, reason=reason)


def organisation_update(
    *, organisation: Organisation, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> Organisation:
    return record_update(organisation, data=data, version=version, user=user, reason=reason)


def organisation_delete(
    *, organisation: Organisation, version: Version, user=None, reason: str = ""
) -> None:
    """Refused by the database (``PROTECT``) while projects, funding lines or insights name
    the organisation."""
    record_delete(organisation, version=version, user=user, reason=reason)


ORGANISATION = RecordServices(
    model=Organisation,
    arg="organisation",
    create=organisation_create,
    update=organisation_update,
    delete=organisation_delete,
)
