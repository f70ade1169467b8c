import pytest
from django.urls import reverse

from core.models import record_version
from directions.models import DirectionVersion
from tests.decisions.factories import DecisionPointFactory
from tests.dialogues.factories import InsightFactory
from tests.directions.factories import (
    DirectionFactory,
    DirectionPointFactory,
    DirectionVersionFactory,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted():
    version = DirectionVersionFactory(
        direction=DirectionFactory(), number=1, status="adopted", adopted_by=DecisionPointFactory()
    )
    DirectionPointFactory(version=version, number=1, text="Punkt ett.")
    return version


def test_planner_proposes_a_new_version_and_lands_on_the_draft(client, planner, adopted):
    client.force_login(planner)
    response = client.post(reverse("directions:propose", args=[adopted.direction_id]))
    draft = DirectionVersion.objects.get(status="draft")
    assert response["Location"] == draft.get_absolute_url()
    assert draft.points.get().text == "Punkt ett."


def test_proposing_again_leads_to_the_open_draft_with_a_message(client, planner, adopted):
    client.force_login(planner)
    client.post(reverse("directions:propose", args=[adopted.direction_id]))
    response = client.post(reverse("directions:propose", args=[adopted.direction_id]), follow=True)
    assert "already being drafted" in response.content.decode()
    assert DirectionVersion.objects.filter(status="draft").count() == 1


def test_committee_member_may_not_propose_a_version(client, committee_member, adopted):
    client.force_login(committee_member)
    response = client.post(reverse("directions:propose", args=[adopted.direction_id]))
    assert response.status_code == 403
    assert not DirectionVersion.objects.filter(status="draft").exists()


def test_proposing_is_a_post(client, planner, adopted):
    client.force_login(planner)
    assert client.get(reverse("directions:propose", args=[adopted.direction_id])).status_code == 405


def test_planner_edits_a_draft_point_and_its_links(client, planner):
    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"), text="Gammal")
    insight, project = InsightFactory(), ProjectFactory()
    client.force_login(planner)
    response = client.post(
        reverse("directions:point_edit", args=[point.pk]),
        {
            "text": "Ny text",
            "insights": [insight.pk],
            "projects": [project.pk],
            "record_version": record_version(point),
        },
    )
    assert response["Location"] == point.get_absolute_url()
    point.refresh_from_db()
    assert point.text == "Ny text"
    assert list(point.insights.all()) == [insight]
    assert list(point.projects.all()) == [project]


def test_an_empty_text_is_refused_and_the_links_are_kept(client, planner):
    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"), text="Kvar")
    insight = InsightFactory()
    client.force_login(planner)
    response = client.post(
        reverse("directions:point_edit", args=[point.pk]), {"text": "", "insights": [insight.pk]}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert response.context["form"]["insights"].value() == [str(insight.pk)]
    point.refresh_from_db()
    assert point.text == "Kvar"


def test_adopted_points_cannot_be_edited_even_by_the_admin(client, admin_user, adopted):
    client.force_login(admin_user)
    point = adopted.points.get()
    response = client.post(reverse("directions:point_edit", args=[point.pk]), {"text": "Ändrad"})
    assert response.status_code == 403
    point.refresh_from_db()
    assert point.text == "Punkt ett."


def test_planner_adds_a_point_to_a_draft(client, planner):
    version = DirectionVersionFactory(status="draft")
    client.force_login(planner)
    client.post(
        reverse("directions:point_add", args=[version.direction_id, version.number]),
        {"text": "En ny punkt."},
    )
    assert version.points.get().text == "En ny punkt."


def test_the_direction_page_shows_points_with_visible_insights_only(client, adopted):
    point = adopted.points.get()
    public = InsightFactory(text="Offentlig insikt")
    hidden = InsightFactory(text="Utkastinsikt")
    hidden.dialogue.is_published = False
    hidden.dialogue.save()
    point.insights.add(public, hidden)
    content = client.get(reverse("directions:detail", args=[adopted.direction_id])).content.decode()
    assert "Offentlig insikt" in content
    assert "Utkastinsikt" not in content
    assert adopted.adopted_by.get_absolute_url() in content
