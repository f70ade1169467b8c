"""
Every write to a statement of intent, its versions and their points, for the pages, the
API and the admin alike (core.services): proposing a new version (a draft copied from the
version in force), editing a draft's points and linking them to the insights that support
them and the projects that carry them.

Two rules hold on every path:

* one open (draft or proposed) version per statement at a time: work goes on in that one
  (``RuleRefused``; the database guards it too, ``directions_version_one_open``);
* adopted and superseded versions are what a committee decided; they and their points do
  not change (``core.access.RecordLocked``). The lock is read from the *stored* row: the
  admin's history revert hands over an old (draft) state of an adopted version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.access import RecordLocked
from core.services import (
    RecordServices,
    RuleRefused,
    Version,
    apply_fields,
    check_unlocked,
    claim_version,
    record_create,
    record_delete,
    record_update,
    remove_record,
    replace_numbered,
    save_record,
    set_many,
)
from dialogues.models import Insight
from directions.models import OPEN_STATUSES, Direction, DirectionPoint, DirectionVersion


def open_version(direction: Direction) -> DirectionVersion | None:
    """The draft or proposed version being worked on, if any."""
    return direction.versions.filter(status__in=OPEN_STATUSES).order_by("-number").first()


def _refuse_second_open(direction: Direction, *, other_than: DirectionVersion | None = None):
    """One open version per statement. The statement's row is locked first, so that two
    editors cannot both open one (the partial unique constraint would refuse the second
    with an IntegrityError instead of this message)."""
    Direction.objects.select_for_update().filter(pk=direction.pk).first()
    existing = direction.versions.filter(status__in=OPEN_STATUSES)
    if other_than is not None and other_than.pk is not None:
        existing = existing.exclude(pk=other_than.pk)
    existing = existing.order_by("-number").first()
    if existing is not None:
        raise RuleRefused(
            _("Version %(number)s is already being drafted; continue working on it.")
            % {"number": existing.number},
            code="open_version_exists",
        )


# --- statements ----------------------------------------------------------------------------


def direction_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Direction:
    return record_create(Direction, data=data, user=user, reason=reason)


def direction_update(
    *, direction: Direction, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> Direction:
    return record_update(direction, data=data, version=version, user=user, reason=reason)


def direction_delete(*, direction: Direction, version: Version, user=None, reason="") -> None:
    """A statement with versions is protected by them (``ProtectedError``)."""
    record_delete(direction, version=version, user=user, reason=reason)


# --- versions ------------------------------------------------------------------------------


def _save_version(
    direction_version: DirectionVersion, data: Mapping[str, Any], *, user, reason: str
) -> DirectionVersion:
    many = apply_fields(direction_version, data)
    if direction_version.status in OPEN_STATUSES:
        _refuse_second_open(direction_version.direction, other_than=direction_version)
    save_record(direction_version, reason=reason, user=user)
    set_many(direction_version, many)
    if data.get("points") is not None:
        direction_version_set_points(
            direction_version=direction_version, points=data["points"], user=user, reason=reason
        )
    return direction_version


@transaction.atomic
def direction_version_create(
    *, data: Mapping[str, Any], user=None, reason: str = ""
) -> DirectionVersion:
    """A version with its points (``data["points"]``: numbered dicts); by default numbered
    after the latest."""
    direction_version = DirectionVersion()
    data = dict(data)
    if data.get("number") is None and data.get("direction") is not None:
        latest = data["direction"].versions.aggregate(n=Max("number"))["n"]
        data["number"] = (latest or 0) + 1
    return _save_version(direction_version, data, user=user, reason=reason)


@transaction.atomic
def direction_version_update(
    *,
    direction_version: DirectionVersion,
    data: Mapping[str, Any],
    version: Version,
    user=None,
    reason: str = "",
) -> DirectionVersion:
    """Change a draft or proposed version; ``data["points"]``, when given, replace its
    points (matched by number)."""
    claim_version(direction_version, version)
    check_unlocked(direction_version)
    return _save_version(direction_version, data, user=user, reason=reason)


@transaction.atomic
def direction_version_delete(
    *, direction_version: DirectionVersion, version: Version, user=None, reason: str = ""
) -> None:
    claim_version(direction_version, version)
    check_unlocked(direction_version)
    remove_record(direction_version, user=user, reason=reason)


def direction_version_set_points(
    *,
    direction_version: DirectionVersion,
    points: Iterable[Mapping[str, Any]],
    user=None,
    reason: str = "",
) -> None:
    """The points given replace the version's points (matched by number; the others are
    removed), each with its insights and projects when given."""
    check_unlocked(direction_version)
    replace_numbered(
        items=list(points),
        existing=direction_version.points.all(),
        new=lambda: DirectionPoint(version=direction_version),
        field="points",
        user=user,
        reason=reason,
        many_to_many=("insights", "projects"),
    )


@transaction.atomic
def direction_propose_version(*, direction: Direction, user=None, reason="") -> DirectionVersion:
    """A new draft version with the points of the version in force (or of the latest
    version), their supporting insights and carrying projects. Refused while another
    draft or proposal is open: work goes on in that one."""
    _refuse_second_open(direction)
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
    save_record(version, user=user, reason=reason)
    if base is not None:
        for point in base.points.prefetch_related("insights", "projects").order_by("number"):
            copy = DirectionPoint(version=version, number=point.number, text=point.text)
            save_record(copy, user=user, reason=reason)
            copy.insights.set(point.insights.all())
            copy.projects.set(point.projects.all())
    return version


# --- points --------------------------------------------------------------------------------


@transaction.atomic
def direction_point_create(
    *, data: Mapping[str, Any], user=None, reason: str = ""
) -> DirectionPoint:
    """A point of an open version (the admin's points, one by one or inline)."""
    point = DirectionPoint()
    many = apply_fields(point, data)
    if point.version_id is not None and point.version.is_locked:
        raise RecordLocked(point.version)
    save_record(point, user=user, reason=reason)
    set_many(point, many)
    return point


@transaction.atomic
def direction_point_update(
    *,
    point: DirectionPoint,
    data: Mapping[str, Any],
    version: Version,
    user=None,
    reason: str = "",
) -> DirectionPoint:
    """Change a point of an open version: its text, the insights that support it and the
    projects that carry it."""
    claim_version(point, version)
    check_unlocked(point)
    if "version" in data and data["version"].is_locked:  # moved into an adopted version
        raise RecordLocked(data["version"])
    many = apply_fields(point, data)
    save_record(point, user=user, reason=reason)
    set_many(point, many)
    return point


@transaction.atomic
def direction_point_delete(
    *, point: DirectionPoint, version: Version, user=None, reason: str = ""
) -> None:
    claim_version(point, version)
    check_unlocked(point)
    remove_record(point, user=user, reason=reason)


@transaction.atomic
def direction_point_add(
    *, direction_version: DirectionVersion, text: str, user=None, reason: str = ""
) -> DirectionPoint:
    """A new last point of a draft."""
    check_unlocked(direction_version)
    number = (direction_version.points.aggregate(n=Max("number"))["n"] or 0) + 1
    point = DirectionPoint(version=direction_version, number=number, text=text)
    return save_record(point, user=user, reason=reason)


@transaction.atomic
def direction_point_link_insight(
    *, point: DirectionPoint, insight: Insight, user=None, reason: str = ""
) -> DirectionPoint:
    """Record that ``insight`` supports ``point`` (a point of an open version)."""
    check_unlocked(point)
    point.insights.add(insight)
    # A new version of the point (and a history entry): an edit form opened before the
    # link would otherwise save its list of insights over it unnoticed.
    return save_record(point, user=user, reason=reason)


DIRECTION = RecordServices(
    model=Direction,
    arg="direction",
    create=direction_create,
    update=direction_update,
    delete=direction_delete,
)
# ``version`` is the edited record's version (core.services), so a version of a statement
# is handed over as ``direction_version``.
DIRECTION_VERSION = RecordServices(
    model=DirectionVersion,
    arg="direction_version",
    create=direction_version_create,
    update=direction_version_update,
    delete=direction_version_delete,
)
DIRECTION_POINT = RecordServices(
    model=DirectionPoint,
    arg="point",
    create=direction_point_create,
    update=direction_point_update,
    delete=direction_point_delete,
)
