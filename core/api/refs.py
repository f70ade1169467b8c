"""Querysets for records shown only as references (id, url, name): the columns their names
need, not their boundaries or long texts."""

from __future__ import annotations

PROJECT_HEAVY_FIELDS = ("scope", "summary", "purpose", "background")
MUNICIPALITY_HEAVY_FIELDS = ("boundary", "seat_location")


def defer_project(prefix: str = "project") -> tuple[str, ...]:
    """For ``.defer(*…)`` of a select_related project."""
    return tuple(f"{prefix}__{name}" for name in PROJECT_HEAVY_FIELDS)


def defer_municipality(prefix: str = "municipality") -> tuple[str, ...]:
    return tuple(f"{prefix}__{name}" for name in MUNICIPALITY_HEAVY_FIELDS)


def municipality_refs():
    from places.models import Municipality

    # county: the key a county's prefetch of its municipalities joins on.
    return Municipality.objects.only("id", "code", "name", "county")


def project_refs(user):
    from projects.models import Project

    return Project.objects.visible_to(user).only("id", "title", "diarienummer")
