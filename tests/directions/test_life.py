"""The version's life: proposed through an agenda item, adopted when the minutes of its beslut
are adjusted (the version in force superseded in the same transaction), compared point by
point, its points reordered while a draft."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import record_version
from core.services import RuleRefused
from decisions.models import Meeting
from decisions.services import meeting_adjust
from directions.models import DirectionVersion
from directions.services import (
    compare_versions,
    direction_point_move,
    direction_propose_version,
    direction_version_name_decision,
    direction_version_propose,
    direction_version_update,
)
from tests.decisions.factories import (
    AgendaItemFactory,
    DecisionPointFactory,
    MeetingFactory,
    ProposalPointFactory,
)
from tests.dialogues.factories import InsightFactory
from tests.directions.factories import (
    DirectionFactory,
    DirectionPointFactory,
    DirectionVersionFactory,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def in_force():
    direction = DirectionFactory()
    version = DirectionVersionFactory(
        direction=direction, number=1, status="adopted", adopted_by=DecisionPointFactory()
    )
    DirectionPointFactory(version=version, number=1, text="Ett.")
    DirectionPointFactory(version=version, number=2, text="Två.")
    return version


def proposed_in_open_minutes():
    """Version 2 drafted from version 1, proposed in § of an open meeting in the past."""
    first = in_force()
    draft = direction_propose_version(direction=first.direction)
    item = AgendaItemFactory(
        meeting=MeetingFactory(date=datetime.date(2026, 3, 2)), outcome="as_proposed"
    )
    proposal = ProposalPointFactory(agenda_item=item)
    draft = direction_version_propose(
        direction_version=draft, proposal_point=proposal, version=record_version(draft)
    )
    return first, draft, item


def adjust(meeting):
    return meeting_adjust(
        meeting=meeting,
        adjusted_on=datetime.date(2026, 3, 5),
        adjusters="Anna Andersson",
        confirm=True,
    )


def test_a_draft_is_proposed_through_a_point_of_forslag_till_beslut():
    _first, draft, item = proposed_in_open_minutes()
    draft.refresh_from_db()
    assert draft.status == DirectionVersion.Status.PROPOSED
    assert draft.proposed_by.agenda_item == item


def test_adjusting_the_minutes_adopts_the_version_and_supersedes_the_one_in_force():
    first, draft, item = proposed_in_open_minutes()
    decision = DecisionPointFactory(agenda_item=item)
    draft = direction_version_name_decision(
        direction_version=draft, decision_point=decision, version=record_version(draft)
    )
    draft.refresh_from_db()
    assert draft.status == DirectionVersion.Status.PROPOSED  # not before the justering
    adjust(item.meeting)
    draft.refresh_from_db()
    first.refresh_from_db()
    assert (draft.status, draft.adopted_by) == (DirectionVersion.Status.ADOPTED, decision)
    assert first.status == DirectionVersion.Status.SUPERSEDED


def test_a_failure_mid_adoption_leaves_nothing_changed():
    first, draft, item = proposed_in_open_minutes()
    decision = DecisionPointFactory(agenda_item=item)
    direction_version_name_decision(
        direction_version=draft, decision_point=decision, version=record_version(draft)
    )
    real_save = __import__("directions.services", fromlist=["save_record"]).save_record
    calls = []

    def failing_save(record, **kwargs):
        calls.append(record)
        if len(calls) == 2:  # the superseded version is saved, then the adopted one fails
            raise IntegrityError("simulated failure")
        return real_save(record, **kwargs)

    with (
        mock.patch("directions.services.save_record", failing_save),
        pytest.raises(IntegrityError),
    ):
        adjust(item.meeting)
    first.refresh_from_db()
    draft.refresh_from_db()
    item.meeting.refresh_from_db()
    assert first.status == DirectionVersion.Status.ADOPTED
    assert draft.status == DirectionVersion.Status.PROPOSED
    assert item.meeting.minutes_status == Meeting.MinutesStatus.DRAFT


def test_adopting_a_draft_never_proposed_is_refused():
    first = in_force()
    draft = direction_propose_version(direction=first.direction)
    with pytest.raises(RuleRefused, match="never proposed"):
        direction_version_name_decision(
            direction_version=draft,
            decision_point=DecisionPointFactory(),
            version=record_version(draft),
        )


def test_two_versions_in_one_decision_are_refused():
    _first, draft, item = proposed_in_open_minutes()
    decision = DecisionPointFactory(agenda_item=item)
    direction_version_name_decision(
        direction_version=draft, decision_point=decision, version=record_version(draft)
    )
    other = DirectionVersionFactory(
        status="proposed", proposed_by=ProposalPointFactory(agenda_item=item, number=2)
    )
    with pytest.raises(RuleRefused, match="one decision adopts one version"):
        direction_version_name_decision(
            direction_version=other, decision_point=decision, version=record_version(other)
        )
    # and the database, should a writer skip the service
    other.adopted_by = decision
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_a_decision_of_another_agenda_item_or_locked_minutes_is_refused():
    _first, draft, _item = proposed_in_open_minutes()
    with pytest.raises(RuleRefused, match="agenda item that proposed"):
        direction_version_name_decision(
            direction_version=draft,
            decision_point=DecisionPointFactory(),
            version=record_version(draft),
        )


def test_proposing_twice_or_in_adjusted_minutes_is_refused():
    _first, draft, _item = proposed_in_open_minutes()
    with pytest.raises(RuleRefused, match="Only a draft is proposed"):
        direction_version_propose(
            direction_version=draft,
            proposal_point=ProposalPointFactory(),
            version=record_version(draft),
        )
    second = in_force()
    draft2 = direction_propose_version(direction=second.direction)
    closed = ProposalPointFactory(
        agenda_item=AgendaItemFactory(
            meeting=MeetingFactory(minutes_status="adjusted", adjusted_on=datetime.date(2027, 1, 1))
        )
    )
    with pytest.raises(RuleRefused, match="adjusted"):
        direction_version_propose(
            direction_version=draft2, proposal_point=closed, version=record_version(draft2)
        )


def test_the_status_is_not_set_by_hand():
    first = in_force()
    draft = direction_propose_version(direction=first.direction)
    with pytest.raises(RuleRefused, match="not set by hand"):
        direction_version_update(
            direction_version=draft, data={"status": "proposed"}, version=record_version(draft)
        )


def test_points_move_up_and_down_in_a_draft():
    first = in_force()
    draft = direction_propose_version(direction=first.direction)
    second = draft.points.get(number=2)
    direction_point_move(point=second, offset=-1, version=record_version(second))
    assert list(draft.points.order_by("number").values_list("text", flat=True)) == ["Två.", "Ett."]
    top = draft.points.get(number=1)
    direction_point_move(point=top, offset=-1, version=record_version(top))  # already first
    assert draft.points.get(number=1).text == "Två."
    top.refresh_from_db()
    with pytest.raises(ValidationError):
        direction_point_move(point=top, offset=5, version=record_version(top))


def test_versions_compare_point_by_point():
    first = in_force()
    insight, project = InsightFactory(), ProjectFactory()
    draft = direction_propose_version(direction=first.direction)
    draft.points.filter(number=1).update(text="Ett, ändrat.")
    draft.points.get(number=2).insights.add(insight)
    draft.points.get(number=2).projects.add(project)
    DirectionPointFactory(version=draft, number=3, text="Tre.")
    rows = compare_versions(first, draft)
    assert [(r.number, r.kind) for r in rows] == [(1, "text"), (2, "links"), (3, "added")]
    assert rows[1].insights_added == [insight] and rows[1].projects_added == [project]
    assert [(r.number, r.kind) for r in compare_versions(draft, first)][2] == (3, "removed")
