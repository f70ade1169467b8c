"""Projects shown only as references (id, url, name) in other resources of the API: the
columns their names need, not their scope geometry or long texts."""

from __future__ import annotations

from projects.models import Project

PROJECT_HEAVY_FIELDS = ("scope", "summary", "purpose", "background")


def defer_project(prefix: str = "project") -> tuple[str, ...]:
    """For ``.defer(*…)`` of a select_related project."""
    return tuple(f"{prefix}__{name}" for name in PROJECT_HEAVY_FIELDS)


def project_refs(user):
    return Project.objects.visible_to(user).only("id", "title", "diarienummer")
