import pytest
from django.core.exceptions import ValidationError

from core.access import RecordLocked
from core.models import record_version
from core.services import RuleRefused
from directions.models import DirectionVersion
from directions.services import (
    direction_point_add,
    direction_point_link_insight,
    direction_point_update,
    direction_propose_version,
)
from tests.decisions.factories import DecisionPointFactory
from tests.dialogues.factories import InsightFactory
from tests.directions.factories import (
    DirectionFactory,
    DirectionPointFactory,
    DirectionVersionFactory,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def adopted_version():
    direction = DirectionFactory()
    return DirectionVersionFactory(
        direction=direction, number=1, status="adopted", adopted_by=DecisionPointFactory()
    )


def test_proposing_a_new_version_copies_the_points_in_force_with_their_links():
    version = adopted_version()
    insight, project = InsightFactory(), ProjectFactory()
    first = DirectionPointFactory(version=version, number=1, text="Ett.")
    first.insights.add(insight)
    first.projects.add(project)
    DirectionPointFactory(version=version, number=2, text="Två.")

    draft = direction_propose_version(direction=version.direction)

    draft.refresh_from_db()
    assert (draft.number, draft.status) == (2, DirectionVersion.Status.DRAFT)
    assert [(p.number, p.text) for p in draft.points.all()] == [(1, "Ett."), (2, "Två.")]
    copy = draft.points.get(number=1)
    assert list(copy.insights.all()) == [insight]
    assert list(copy.projects.all()) == [project]
    # The adopted version keeps its own points untouched.
    assert version.points.count() == 2


def test_only_one_version_is_drafted_at_a_time():
    version = adopted_version()
    direction_propose_version(direction=version.direction)
    with pytest.raises(RuleRefused, match="already being drafted"):
        direction_propose_version(direction=version.direction)
    assert version.direction.versions.count() == 2


def test_draft_points_change_and_links_are_replaced():
    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"), text="Gammal")
    point.insights.add(InsightFactory())
    wanted = InsightFactory()
    project = ProjectFactory()
    direction_point_update(
        point=point,
        data={"text": "Ny", "insights": [wanted], "projects": [project]},
        version=record_version(point),
    )
    point.refresh_from_db()
    assert point.text == "Ny"
    assert list(point.insights.all()) == [wanted]
    assert list(point.projects.all()) == [project]


def test_points_of_an_adopted_version_do_not_change():
    point = DirectionPointFactory(version=adopted_version(), text="Beslutad")
    with pytest.raises(RecordLocked):
        direction_point_update(
            point=point,
            data={"text": "Ändrad", "insights": [], "projects": []},
            version=record_version(point),
        )
    with pytest.raises(RecordLocked):
        direction_point_link_insight(point=point, insight=InsightFactory())
    with pytest.raises(RecordLocked):
        direction_point_add(direction_version=point.version, text="Ny punkt")
    point.refresh_from_db()
    assert point.text == "Beslutad"
    assert not point.insights.exists()


def test_a_new_point_comes_last():
    version = DirectionVersionFactory(status="draft")
    DirectionPointFactory(version=version, number=1)
    DirectionPointFactory(version=version, number=3)
    assert direction_point_add(direction_version=version, text="Fyra").number == 4


def test_an_empty_point_text_is_refused():
    version = DirectionVersionFactory(status="draft")
    with pytest.raises(ValidationError):
        direction_point_add(direction_version=version, text="")
    assert not version.points.exists()
