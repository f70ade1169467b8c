import pytest
from django.urls import reverse

from directions.models import DirectionVersion
from tests.decisions.factories import DecisionPointFactory
from tests.dialogues.factories import InsightFactory
from tests.directions.factories import (
    DirectionFactory,
    DirectionPointFactory,
    DirectionVersionFactory,
)
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def make_directions(count):
    for _ in range(count):
        direction = DirectionFactory()
        DirectionVersionFactory(
            direction=direction,
            number=1,
            status=DirectionVersion.Status.ADOPTED,
            adopted_by=DecisionPointFactory(),
        )
        DirectionVersionFactory(direction=direction, number=2)


def test_direction_list_makes_the_same_queries_for_2_and_20_statements(client, planner):
    client.force_login(planner)
    make_directions(2)
    response = assert_constant_queries(
        client, reverse("directions:list"), lambda: make_directions(18), expected=6
    )
    assert response.context["page_obj"].paginator.count == 20


def test_anonymous_sees_adopted_versions_but_not_drafts(client):
    make_directions(1)
    adopted, draft = DirectionVersion.objects.order_by("number")
    content = client.get(reverse("directions:list")).content.decode()
    assert adopted.get_absolute_url() in content
    assert draft.get_absolute_url() not in content


def test_direction_page_makes_the_same_queries_for_2_and_20_points(client, planner):
    direction = DirectionFactory()
    version = DirectionVersionFactory(
        direction=direction, number=1, status="adopted", adopted_by=DecisionPointFactory()
    )
    project = ProjectFactory()

    def add_points(count, start):
        for number in range(start, start + count):
            point = DirectionPointFactory(version=version, number=number)
            point.insights.add(InsightFactory(), InsightFactory())
            point.projects.add(project)

    add_points(2, 1)
    client.force_login(planner)
    response = assert_constant_queries(
        client,
        reverse("directions:detail", args=[direction.pk]),
        lambda: add_points(18, 3),
        expected=8,
    )
    assert len(response.context["points"]) == 20
