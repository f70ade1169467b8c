"""Municipalities shown only as references (id, url, name) in other resources of the API:
the columns their names need, not their boundaries."""

from __future__ import annotations

from places.models import Municipality

MUNICIPALITY_HEAVY_FIELDS = ("boundary", "seat_location")


def defer_municipality(prefix: str = "municipality") -> tuple[str, ...]:
    """For ``.defer(*…)`` of a select_related municipality."""
    return tuple(f"{prefix}__{name}" for name in MUNICIPALITY_HEAVY_FIELDS)


def municipality_refs():
    # county: the key a county's prefetch of its municipalities joins on.
    return Municipality.objects.only("id", "code", "name", "county")
