"""
Workflows of a statement of intent: proposing a new version (a draft copied from the
version in force), editing a draft's points and linking them to the insights that support
them and the projects that carry them. Adopted and superseded versions are what a
committee decided; they do not change (core.access.RecordLocked).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.access import RecordLocked
from dialogues.models import Insight
from directions.models import Direction, DirectionPoint, DirectionVersion
from projects.models import Project

OPEN_STATUSES = (DirectionVersion.Status.DRAFT, DirectionVersion.Status.PROPOSED)


def open_version(direction: Direction) -> DirectionVersion | None:
    """The draft or proposed version being worked on, if any."""
    return direction.versions.filter(status__in=OPEN_STATUSES).order_by("-number").first()


@transaction.atomic
def direction_propose_version(*, direction: Direction) -> DirectionVersion:
    """A new draft version with the points of the version in force (or of the latest
    version), their supporting insights and carrying projects. Refused while another
    draft or proposal is open: work goes on in that one."""
    # Lock the statement's row so that two planners cannot both create version n + 1.
    Direction.objects.select_for_update().filter(pk=direction.pk).first()
    existing = open_version(direction)
    if existing is not None:
        raise ValidationError(
            _("Version %(number)s is already being drafted; continue working on it."),
            code="open_version_exists",
            params={"number": existing.number},
        )
    base = (
        direction.versions.filter(status=DirectionVersion.Status.ADOPTED).first()
        or direction.versions.order_by("-number").first()
    )
    number = (direction.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DirectionVersion(
        direction=direction,
        number=number,
        status=DirectionVersion.Status.DRAFT,
        note=_("Proposed from version %(number)s.") % {"number": base.number} if base else "",
    )
    version.full_clean()
    version.save()
    if base is not None:
        for point in base.points.prefetch_related("insights", "projects").order_by("number"):
            copy = DirectionPoint(version=version, number=point.number, text=point.text)
            copy.full_clean()
            copy.save()
            copy.insights.set(point.insights.all())
            copy.projects.set(point.projects.all())
    return version


def _check_open(point_or_version) -> None:
    if point_or_version.is_locked:
        raise RecordLocked(point_or_version)


@transaction.atomic
def direction_point_update(
    *,
    point: DirectionPoint,
    text: str,
    insights: Iterable[Insight],
    projects: Iterable[Project],
) -> DirectionPoint:
    _check_open(point)
    point.text = text
    point.full_clean()
    point.save()
    point.insights.set(list(insights))
    point.projects.set(list(projects))
    return point


@transaction.atomic
def direction_point_add(*, version: DirectionVersion, text: str) -> DirectionPoint:
    """A new last point of a draft."""
    _check_open(version)
    number = (version.points.aggregate(n=Max("number"))["n"] or 0) + 1
    point = DirectionPoint(version=version, number=number, text=text)
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def direction_point_link_insight(*, point: DirectionPoint, insight: Insight) -> DirectionPoint:
    """Record that ``insight`` supports ``point`` (a point of an open version)."""
    _check_open(point)
    point.insights.add(insight)
    # A new version of the point (and a history entry): an edit form opened before the
    # link would otherwise save its list of insights over it unnoticed.
    point.save(update_fields=["modified"])
    return point
