"""
A project's timeline: its period, milestones, dialogues, and the meetings and decisions
that dealt with it (via agenda items), in date order. Entries without a date are listed
apart and said to be undated; no date is ever guessed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from projects.models import Project


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date | None
    kind: str  # milestone, dialogue, meeting, decision, period
    kind_label: str
    title: str
    url: str = ""
    detail: str = ""


def project_timeline(*, project: Project, user) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """(dated entries in date order, undated entries). Four queries: milestones,
    dialogues, agenda items and their decision points."""
    entries: list[TimelineEntry] = []
    # A period known only in months has no start or end day: the page shows it in months,
    # and the timeline places no event on a day the record never named.
    if project.start_date and not project.period_is_in_months:
        entries.append(
            TimelineEntry(project.start_date, "period", _("Project"), _("The project starts"))
        )
    if project.end_date and not project.period_is_in_months:
        entries.append(
            TimelineEntry(project.end_date, "period", _("Project"), _("The project ends"))
        )
    for milestone in project.milestones.all():
        done = milestone.actual_date is not None
        entries.append(
            TimelineEntry(
                milestone.actual_date or milestone.planned_date,
                "milestone",
                _("Milestone"),
                milestone.title,
                detail=_("reached") if done else (_("planned") if milestone.planned_date else ""),
            )
        )
    # Through the reverse relations: projects sit below dialogues and decisions.
    for dialogue in project.dialogues.visible_to(user):
        entries.append(
            TimelineEntry(
                dialogue.date,
                "dialogue",
                _("Dialogue"),
                dialogue.title,
                url=dialogue.get_absolute_url(),
            )
        )
    agenda_items = project.agenda_items
    decision_point_model = agenda_items.model._meta.get_field("decision_points").related_model
    items = (
        agenda_items.visible_to(user)
        .select_related("meeting__committee__organisation")
        .prefetch_related(
            Prefetch("decision_points", queryset=decision_point_model.objects.order_by("number"))
        )
    )
    for item in items:
        meeting = item.meeting
        is_decision = item.kind == item.Kind.DECISION and (
            item.outcome or item.decision_points.all()
        )
        entries.append(
            TimelineEntry(
                meeting.date,
                "decision" if is_decision else "meeting",
                _("Decision") if is_decision else meeting.get_kind_display(),
                f"{meeting.committee}: {item}",
                url=item.get_absolute_url(),
                detail=item.get_outcome_display() if item.outcome else item.get_kind_display(),
            )
        )
    order = {"period": 0, "milestone": 1, "dialogue": 2, "meeting": 3, "decision": 4}
    dated = sorted(
        (e for e in entries if e.date is not None), key=lambda e: (e.date, order[e.kind])
    )
    undated = [e for e in entries if e.date is None]
    return dated, undated
