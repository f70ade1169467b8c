"""
Dialogue coverage: which municipalities and actors the dialogues have met, and which not
yet. A municipality counts as met when a dialogue was held in it or its municipal
organisation took part. Four queries whatever the number of dialogues.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from dialogues.models import Dialogue
from organisations.models import Organisation
from places.models import Municipality
from projects.models import Project

# Committees decide; they are not counterparts in the dialogues. Municipalities are
# counted as places (above), not again as actors.
NOT_ACTORS = (Organisation.Kind.COMMITTEE, Organisation.Kind.MUNICIPALITY)


@dataclass
class CoverageRow:
    obj: object
    dialogue_count: int = 0
    last_date: datetime.date | None = None


@dataclass
class Coverage:
    municipalities_met: list[CoverageRow] = field(default_factory=list)
    municipalities_not_met: list[CoverageRow] = field(default_factory=list)
    actors_met: list[CoverageRow] = field(default_factory=list)
    actors_not_met: list[CoverageRow] = field(default_factory=list)
    dialogue_count: int = 0


def dialogue_coverage(*, user, project=None) -> Coverage:
    dialogues = Dialogue.objects.visible_to(user)
    if project is not None:
        dialogues = dialogues.filter(project=project)
    dates: dict[int, datetime.date | None] = {}
    in_municipality: dict[int, set[int]] = defaultdict(set)
    with_actor: dict[int, set[int]] = defaultdict(set)
    for pk, municipality_id, date in dialogues.values_list("pk", "municipality_id", "date"):
        dates[pk] = date
        if municipality_id:
            in_municipality[municipality_id].add(pk)
    through = Dialogue.organisations.through.objects.filter(dialogue__in=dialogues)
    for dialogue_id, organisation_id, municipality_id in through.values_list(
        "dialogue_id", "organisation_id", "organisation__municipality_id"
    ):
        with_actor[organisation_id].add(dialogue_id)
        if municipality_id:
            in_municipality[municipality_id].add(dialogue_id)

    # The municipalities the work concerns: the project's (or all visible projects'),
    # and any that a dialogue met.
    projects = Project.objects.visible_to(user)
    if project is not None:
        projects = projects.filter(pk=project.pk)
    municipalities = Municipality.objects.filter(
        Q(pk__in=projects.values("municipalities")) | Q(pk__in=list(in_municipality))
    ).order_by("name")
    # The actors met, and those the projects' dialogues are for (their counterparts): an
    # organisation no project set out to meet is not "not yet met".
    actors = (
        Organisation.objects.exclude(kind__in=NOT_ACTORS)
        .filter(Q(pk__in=list(with_actor)) | Q(pk__in=projects.values("dialogue_counterparts")))
        .order_by("name")
    )

    result = Coverage(dialogue_count=len(dates))
    for municipality in municipalities:
        row = _row(municipality, in_municipality.get(municipality.pk, set()), dates)
        (result.municipalities_met if row.dialogue_count else result.municipalities_not_met).append(
            row
        )
    for actor in actors:
        row = _row(actor, with_actor.get(actor.pk, set()), dates)
        (result.actors_met if row.dialogue_count else result.actors_not_met).append(row)
    return result


def _row(obj, dialogue_ids: set[int], dates: dict) -> CoverageRow:
    known = [dates[pk] for pk in dialogue_ids if dates.get(pk)]
    return CoverageRow(obj, len(dialogue_ids), max(known) if known else None)
