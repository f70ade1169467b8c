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
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
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
from decisions.models import DecisionPoint, Meeting, ProposalPoint
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


# The status and the committee's links move only through the life's services below
# (propose, name the decision, adopt on adjustment); a generic write leaves them as stored.
LIFE_FIELDS = ("status", "proposed_by", "adopted_by")


def _save_version(
    direction_version: DirectionVersion, data: Mapping[str, Any], *, user, reason: str
) -> DirectionVersion:
    stored = {name: getattr(direction_version, name) for name in LIFE_FIELDS}
    if direction_version.pk is None:
        stored = {"status": DirectionVersion.Status.DRAFT, "proposed_by": None, "adopted_by": None}
    for name in LIFE_FIELDS:
        if name in data and data[name] != stored[name]:
            raise RuleRefused(
                _(
                    "A version is proposed through an agenda item and adopted when the minutes "
                    "of its decision are adjusted; its status is not set by hand."
                ),
                code="status_by_life",
            )
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


@transaction.atomic
def direction_point_move(
    *, point: DirectionPoint, offset: int, version: Version, user=None, reason: str = ""
) -> DirectionPoint:
    """Move a point of an open version one place up (``offset=-1``) or down (``+1``): it
    swaps numbers with its neighbour. At the first or last place nothing moves."""
    claim_version(point, version)
    check_unlocked(point)
    if offset not in (-1, 1):
        raise ValidationError({"offset": _("A point moves one place up or down.")})
    siblings = DirectionPoint.objects.filter(version_id=point.version_id)
    neighbour = (
        siblings.filter(number__lt=point.number).order_by("-number").first()
        if offset < 0
        else siblings.filter(number__gt=point.number).order_by("number").first()
    )
    if neighbour is None:
        return point
    mine, theirs = point.number, neighbour.number
    # The numbers are unique per version: the point waits on a free number while its
    # neighbour takes its place.
    point.number = (siblings.aggregate(n=Max("number"))["n"] or 0) + 1
    save_record(point, user=user, reason=reason)
    neighbour.number = mine
    save_record(neighbour, user=user, reason=reason)
    point.number = theirs
    return save_record(point, user=user, reason=reason)


# --- the version's life: proposed, adopted, superseded -------------------------------------


def _locked_version(direction_version: DirectionVersion) -> DirectionVersion:
    return DirectionVersion.objects.select_for_update().get(pk=direction_version.pk)


@transaction.atomic
def direction_version_propose(
    *,
    direction_version: DirectionVersion,
    proposal_point: ProposalPoint,
    version: Version,
    user=None,
    reason: str = "",
) -> DirectionVersion:
    """A draft becomes *föreslagen*: the point of förslag till beslut that proposes it is
    named. The agenda item's minutes must still be open (draft)."""
    claim_version(direction_version, version)
    direction_version = _locked_version(direction_version)
    if direction_version.status != DirectionVersion.Status.DRAFT:
        raise RuleRefused(
            _("Only a draft is proposed; this version is %(status)s.")
            % {"status": direction_version.get_status_display().lower()},
            code="not_draft",
        )
    if proposal_point.is_locked:
        raise RuleRefused(
            _("The minutes of this agenda item are adjusted; propose in an open agenda item."),
            code="proposal_locked",
        )
    direction_version.status = DirectionVersion.Status.PROPOSED
    direction_version.proposed_by = proposal_point
    return save_record(direction_version, user=user, reason=reason)


@transaction.atomic
def direction_version_name_decision(
    *,
    direction_version: DirectionVersion,
    decision_point: DecisionPoint,
    version: Version,
    user=None,
    reason: str = "",
) -> DirectionVersion:
    """The beslut adopts a proposed version: its point is named now (in draft minutes); the
    version becomes *antagen* when those minutes are adjusted (``adopt_decided_versions``)."""
    claim_version(direction_version, version)
    direction_version = _locked_version(direction_version)
    if direction_version.status not in OPEN_STATUSES:
        raise RuleRefused(_("This version is already adopted or superseded."), code="not_proposed")
    # A version marked proposed before proposals went through agenda items names none.
    if direction_version.status == DirectionVersion.Status.DRAFT or (
        direction_version.proposed_by_id is None
    ):
        raise RuleRefused(
            _("This draft was never proposed: propose it in an agenda item first."),
            code="not_proposed",
        )
    if decision_point.is_locked:
        raise RuleRefused(
            _("The minutes of this decision are adjusted; a decision is named in open minutes."),
            code="decision_locked",
        )
    if decision_point.agenda_item_id != direction_version.proposed_by.agenda_item_id:
        raise RuleRefused(
            _("The decision must be in the agenda item that proposed the version (%(item)s).")
            % {"item": direction_version.proposed_by.agenda_item},
            code="other_agenda_item",
        )
    other = (
        DirectionVersion.objects.filter(adopted_by=decision_point)
        .exclude(pk=direction_version.pk)
        .first()
    )
    if other is not None:
        raise RuleRefused(
            _("This decision already adopts %(version)s; one decision adopts one version.")
            % {"version": other},
            code="decision_taken",
        )
    direction_version.adopted_by = decision_point
    return save_record(direction_version, user=user, reason=reason)


def adopt_decided_versions(*, meeting: Meeting, user=None, reason: str = "") -> list:
    """The versions whose beslut are in ``meeting`` become *antagen*, and the version each
    replaces *ersatt*. Called in ``decisions.services.meeting_adjust``'s transaction (through
    ``decisions.signals.minutes_adjusted``): the adjustment and the adoptions are one change.
    The previous version is superseded before the new one is adopted, so the one-adopted
    constraint holds after every statement. A refusal is a ValidationError (what the
    adjusting page shows), which undoes the adjustment too."""
    adopted = []
    decided = (
        DirectionVersion.objects.select_for_update()
        .filter(adopted_by__agenda_item__meeting=meeting)
        .select_related("direction")
        .order_by("pk")
    )
    for direction_version in decided:
        if direction_version.status != DirectionVersion.Status.PROPOSED:
            continue  # e.g. the real case's version 1, adopted when its record was loaded
        if direction_version.proposed_by_id is None:
            raise ValidationError(
                _("%(version)s was never proposed in an agenda item; it is not adopted.")
                % {"version": direction_version}
            )
        Direction.objects.select_for_update().filter(pk=direction_version.direction_id).first()
        for previous in direction_version.direction.versions.filter(
            status=DirectionVersion.Status.ADOPTED
        ):
            previous.status = DirectionVersion.Status.SUPERSEDED
            save_record(previous, user=user, reason=reason)
        direction_version.status = DirectionVersion.Status.ADOPTED
        adopted.append(save_record(direction_version, user=user, reason=reason))
    return adopted


def _on_minutes_adjusted(sender, *, meeting, user=None, reason="", **kwargs):
    adopt_decided_versions(meeting=meeting, user=user, reason=reason)


# --- comparing two versions ----------------------------------------------------------------


@dataclass
class PointChange:
    """One row of a comparison: the point numbered ``number`` in each version (or None)."""

    number: int
    old: DirectionPoint | None
    new: DirectionPoint | None
    insights_added: list = field(default_factory=list)
    insights_removed: list = field(default_factory=list)
    projects_added: list = field(default_factory=list)
    projects_removed: list = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if self.old.text != self.new.text:
            return "text"
        if self.links_changed:
            return "links"
        return "same"

    @property
    def ids(self) -> dict[str, list[int]]:
        """The ids of the links added and removed (for the API)."""
        return {
            name: [record.pk for record in getattr(self, name)]
            for name in ("insights_added", "insights_removed", "projects_added", "projects_removed")
        }

    @property
    def links_changed(self) -> bool:
        return bool(
            self.insights_added
            or self.insights_removed
            or self.projects_added
            or self.projects_removed
        )


def compare_versions(
    old: DirectionVersion, new: DirectionVersion, *, insights=None, projects=None
) -> list[PointChange]:
    """The two versions point by point, matched by number: added, removed, changed text,
    changed links (supporting insights, carrying projects). ``insights`` and ``projects``
    are the querysets the reader may see (visible_to): three queries whatever the size."""
    points = DirectionPoint.objects.filter(version__in=[old, new]).order_by("number")
    if insights is not None:
        points = points.prefetch_related(Prefetch("insights", insights))
    else:
        points = points.prefetch_related("insights")
    if projects is not None:
        points = points.prefetch_related(Prefetch("projects", projects))
    else:
        points = points.prefetch_related("projects")
    by_version: dict[int, dict[int, DirectionPoint]] = {old.pk: {}, new.pk: {}}
    for point in points:
        by_version[point.version_id][point.number] = point
    rows = []
    for number in sorted(set(by_version[old.pk]) | set(by_version[new.pk])):
        a, b = by_version[old.pk].get(number), by_version[new.pk].get(number)
        row = PointChange(number=number, old=a, new=b)
        if a is not None and b is not None:
            for name in ("insights", "projects"):
                before = {r.pk: r for r in getattr(a, name).all()}
                after = {r.pk: r for r in getattr(b, name).all()}
                setattr(row, f"{name}_added", [after[k] for k in sorted(set(after) - set(before))])
                setattr(
                    row, f"{name}_removed", [before[k] for k in sorted(set(before) - set(after))]
                )
        rows.append(row)
    return rows


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
