"""
Writes to places: planning areas (the edit pages, the REST API and the admin all call these
functions, so the rule below holds on every path), municipalities and counties (the admin;
``places.boundaries.import_boundaries`` is the boundary import's own service).

The rule of planning areas: an area whose planner named no municipality gets the
municipalities its geometry touches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from core.services import (
    RecordServices,
    Version,
    apply_fields,
    claim_version,
    record_create,
    record_delete,
    record_update,
    save_record,
)
from places.models import County, Municipality, PlanningArea

# --- planning areas --------------------------------------------------------------------------


def _set_municipalities(
    area: PlanningArea, named: Iterable[Municipality] | None, *, creating: bool
) -> None:
    """The municipalities named, or (none named) those the geometry touches. ``named`` is
    None when the caller did not speak of municipalities at all (a PATCH of the name): an
    existing area then keeps its own; a new one gets those its geometry touches."""
    named = list(named) if named is not None else None
    if named:
        area.municipalities.set(named)
    elif named is not None or creating:
        area.municipalities.set(Municipality.objects.filter(boundary__intersects=area.geometry))


@transaction.atomic
def planning_area_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> PlanningArea:
    area = PlanningArea()
    many = apply_fields(area, data)
    save_record(area, reason=reason, user=user)
    _set_municipalities(area, many.get("municipalities"), creating=True)
    return area


@transaction.atomic
def planning_area_update(
    *, area: PlanningArea, data: Mapping[str, Any], version: Version, user=None, reason: str = ""
) -> PlanningArea:
    claim_version(area, version)
    many = apply_fields(area, data)
    save_record(area, reason=reason, user=user)
    _set_municipalities(area, many.get("municipalities"), creating=False)
    return area


def planning_area_delete(
    *, area: PlanningArea, version: Version, user=None, reason: str = ""
) -> None:
    record_delete(area, version=version, user=user, reason=reason)


PLANNING_AREA = RecordServices(
    model=PlanningArea,
    arg="area",
    create=planning_area_create,
    update=planning_area_update,
    delete=planning_area_delete,
)


# --- municipalities and counties -------------------------------------------------------------


def _store_representative_point(municipality: Municipality) -> None:
    # Wherever a boundary is written, the point within it is stored too (see the model).
    Municipality.objects.filter(pk=municipality.pk).set_representative_points()


@transaction.atomic
def municipality_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Municipality:
    municipality = record_create(Municipality, data=data, user=user, reason=reason)
    _store_representative_point(municipality)
    return municipality


@transaction.atomic
def municipality_update(
    *,
    municipality: Municipality,
    data: Mapping[str, Any],
    version: Version,
    user=None,
    reason: str = "",
) -> Municipality:
    record_update(municipality, data=data, version=version, user=user, reason=reason)
    if "boundary" in data:  # one UPDATE; the same point again when the boundary is the same
        _store_representative_point(municipality)
    return municipality


def municipality_delete(
    *, municipality: Municipality, version: Version, user=None, reason: str = ""
) -> None:
    record_delete(municipality, version=version, user=user, reason=reason)


MUNICIPALITY = RecordServices(
    model=Municipality,
    arg="municipality",
    create=municipality_create,
    update=municipality_update,
    delete=municipality_delete,
)


def county_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> County:
    return record_create(County, data=data, user=user, reason=reason)


def county_update(
    *, county: County, data: Mapping[str, Any], version: Version, user=None, reason: str = ""
) -> County:
    return record_update(county, data=data, version=version, user=user, reason=reason)


def county_delete(*, county: County, version: Version, user=None, reason: str = "") -> None:
    record_delete(county, version=version, user=user, reason=reason)


COUNTY = RecordServices(
    model=County, arg="county", create=county_create, update=county_update, delete=county_delete
)
