"""The rules of projects' services hold on every write path: page, API and admin."""

import pytest
from django.urls import reverse

from core.models import record_version
from projects.models import Milestone, Project
from projects.services import project_update
from tests.projects.factories import MilestoneFactory, ProjectFactory
from tests.write_paths import PATHS, Target, client_for, open_edit, refused, submit

pytestmark = pytest.mark.django_db


def _target(**kwargs) -> Target:
    project = ProjectFactory(**kwargs)
    return Target(project, reverse("projects:edit", args=[project.pk]), "project")


def _client(path, planner, admin_user):
    return client_for(path, planner if path in ("page", "api") else admin_user)


@pytest.mark.parametrize("path", PATHS)
def test_a_save_over_a_version_changed_meanwhile_changes_nothing(path, planner, admin_user):
    target = _target()
    client = _client(path, planner, admin_user)
    opened = open_edit(path, client, target)
    fresh = Project.objects.get(pk=target.record.pk)
    project_update(project=fresh, data={"title": "Den andras"}, version=record_version(fresh))
    response = submit(path, client, target, opened, {"title": "Min titel"})
    refused(path, response)
    assert response.status_code == {"page": 409, "api": 412, "admin": 200}[path]
    if path != "api":
        assert "Min titel" in response.content.decode()
    target.record.refresh_from_db()
    assert target.record.title == "Den andras"


@pytest.mark.parametrize("path", PATHS)
def test_a_taken_diarienummer_is_refused_and_nothing_changes(path, planner, admin_user):
    ProjectFactory(diarienummer="RUN/479/2024")
    target = _target(title="Före")
    before = target.record.diarienummer
    client = _client(path, planner, admin_user)
    opened = open_edit(path, client, target)
    response = submit(
        path, client, target, opened, {"diarienummer": "RUN/479/2024", "title": "Efter"}
    )
    refused(path, response)
    assert response.status_code != 302
    target.record.refresh_from_db()
    assert (target.record.diarienummer, target.record.title) == (before, "Före")


@pytest.mark.parametrize("path", PATHS)
def test_a_diarienummer_as_people_write_it_is_stored_canonical(path, planner, admin_user):
    target = _target()
    client = _client(path, planner, admin_user)
    opened = open_edit(path, client, target)
    response = submit(path, client, target, opened, {"diarienummer": "run / 0479 / 2024"})
    assert response.status_code in (200, 302), response.content[:1000]
    target.record.refresh_from_db()
    assert target.record.diarienummer == "RUN/479/2024"


@pytest.mark.parametrize("path", ["page", "admin"])
def test_milestones_of_the_form_are_written_with_the_project(path, planner, admin_user):
    """The page's formset and the admin's inline both end in the milestone services."""
    target = _target()
    kept = MilestoneFactory(project=target.record, title="Kvar")
    gone = MilestoneFactory(project=target.record, title="Borta")
    client = _client(path, planner, admin_user)
    opened = open_edit(path, client, target)
    prefix = "milestones"  # the formset and the inline alike
    rows = {
        v: k[: -len("-id")] for k, v in opened.items() if k.startswith(prefix) and k.endswith("-id")
    }
    changes = {
        f"{rows[str(kept.pk)]}-title": "Ändrad",
        f"{rows[str(gone.pk)]}-DELETE": "on",
    }
    response = submit(path, client, target, opened, changes)
    assert response.status_code == 302, response.content[:2000]
    assert list(target.record.milestones.values_list("title", flat=True)) == ["Ändrad"]
    assert not Milestone.objects.filter(pk=gone.pk).exists()


@pytest.mark.parametrize("path", ["api", "admin", "admin-bulk"])
def test_a_project_whose_conclusion_supports_an_adopted_point_is_not_deleted(
    path, planner, admin_user
):
    """Deleting a project takes its conclusions along: not while one supports a point of
    an adopted version (there is no page that deletes a project)."""
    from tests.api.builders import adopted_version
    from tests.dialogues.factories import InsightFactory
    from tests.directions.factories import DirectionPointFactory

    target = _target()
    conclusion = InsightFactory(dialogue=None, project=target.record)
    point = DirectionPointFactory(version=adopted_version(), number=3)
    point.insights.add(conclusion)
    client = _client(path, planner, admin_user)
    if path == "api":
        etag = client.get(target.api_url)["ETag"]
        response = client.delete(target.api_url, HTTP_IF_MATCH=etag)
        assert response.status_code == 409
        assert "point 3" in response.json()["detail"]
    else:
        if path == "admin":
            response = client.post(target.admin_url("delete"), {"post": "yes"}, follow=True)
        else:
            response = client.post(
                reverse("admin:projects_project_changelist"),
                {
                    "action": "delete_selected",
                    "_selected_action": [target.record.pk],
                    "post": "yes",
                },
                follow=True,
            )
        assert "point 3" in response.content.decode()
    assert Project.objects.filter(pk=target.record.pk).exists()
    assert list(point.insights.all()) == [conclusion]
