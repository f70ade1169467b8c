"""Who reads what through the API: the same rules as the pages (visible_to), for anonymous
clients, tokens acting with their user's role, and logged-in users."""

import pytest
from rest_framework.test import APIClient

from tests.api.builders import RESOURCES, VISIBILITY, key_of
from tests.api.helpers import detail_url, list_url
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def listed(client, basename: str) -> set:
    response = client.get(list_url(basename, page_size=500))
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("basename", RESOURCES)
def test_anonymous_clients_read_published_records_only(anonymous, basename):
    visible, hidden = VISIBILITY[basename]
    shown = visible()
    assert shown.pk in listed(anonymous, basename)
    detail = anonymous.get(detail_url(basename, key_of(basename, shown)))
    assert detail.status_code == 200
    assert detail.json()["id"] == shown.pk
    assert detail["ETag"].startswith('"')
    assert detail.json()["url"].endswith(detail_url(basename, key_of(basename, shown)))
    assert detail.json()["web_url"].startswith("http://testserver/")
    if hidden is not None:
        draft = hidden()
        assert draft.pk not in listed(anonymous, basename)
        response = anonymous.get(detail_url(basename, key_of(basename, draft)))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("basename", [b for b in RESOURCES if VISIBILITY[b][1] is not None])
def test_roles_read_drafts_with_a_token_or_a_session(planner_token, member_session, basename):
    draft = VISIBILITY[basename][1]()
    for client in (planner_token, member_session):
        assert draft.pk in listed(client, basename)
        assert client.get(detail_url(basename, key_of(basename, draft))).status_code == 200


@pytest.mark.parametrize("basename", [b for b in RESOURCES if VISIBILITY[b][1] is not None])
def test_a_token_of_a_user_without_a_role_reads_like_the_public(outsider_token, basename):
    draft = VISIBILITY[basename][1]()
    assert draft.pk not in listed(outsider_token, basename)


def test_without_public_reading_anonymous_clients_must_authenticate(anonymous, settings):
    settings.PUBLIC_READING = False
    ProjectFactory(is_published=True)
    response = anonymous.get(list_url("project"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "not_authenticated"


def test_without_public_reading_a_token_still_reads(outsider_token, settings):
    settings.PUBLIC_READING = False
    project = ProjectFactory(is_published=True)
    assert listed(outsider_token, "project") == {project.pk}


def test_the_api_root_lists_the_resources(anonymous):
    response = anonymous.get("/api/v1/")
    assert response.status_code == 200
    assert response.json()["projects"].endswith("/api/v1/projects/")


def test_anonymous_clients_cannot_write(anonymous):
    response = anonymous.post(list_url("project"), {"title": "x"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_read_only_token_never_writes_even_for_a_planner(read_only_token):
    response = read_only_token.post(
        list_url("project"), {"diarienummer": "RUN/1/2026", "title": "Nytt"}, format="json"
    )
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    from projects.models import Project

    assert not Project.objects.exists()


@pytest.mark.parametrize("fixture", ["member_token", "outsider_token", "member_session"])
def test_users_whose_role_may_not_edit_cannot_write(request, fixture):
    client = request.getfixturevalue(fixture)
    response = client.post(
        list_url("project"), {"diarienummer": "RUN/1/2026", "title": "Nytt"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_session_must_send_the_csrf_token_to_write(planner):
    client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(planner)
    body = {"diarienummer": "RUN/1/2026", "title": "Nytt"}
    refused = client.post(list_url("project"), body, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    token = "portal" * 5 + "ok"  # a CSRF secret is 32 letters and digits
    client.cookies["csrftoken"] = token
    accepted = client.post(list_url("project"), body, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


# --- no existence oracle through filters -----------------------------------------------------
def _published_children_of_a_draft_project():
    from tests.dialogues.factories import DialogueFactory, InsightFactory

    draft = ProjectFactory(is_published=False)
    dialogue = DialogueFactory(project=draft, is_published=True)
    InsightFactory(dialogue=dialogue)
    return draft, dialogue


@pytest.mark.parametrize("basename", ["dialogue", "insight"])
def test_filtering_by_a_hidden_project_answers_as_a_project_that_does_not_exist(
    anonymous, basename
):
    draft, _dialogue = _published_children_of_a_draft_project()
    missing = draft.pk + 1000
    hidden = anonymous.get(list_url(basename, project=draft.pk))
    absent = anonymous.get(list_url(basename, project=missing))
    assert hidden.status_code == absent.status_code == 200
    assert hidden.json()["results"] == absent.json()["results"] == []
    assert hidden.json()["count"] == absent.json()["count"] == 0


@pytest.mark.parametrize("basename", ["dialogue", "insight"])
def test_a_role_that_sees_the_project_filters_by_it(planner_token, basename):
    draft, _dialogue = _published_children_of_a_draft_project()
    response = planner_token.get(list_url(basename, project=draft.pk))
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
