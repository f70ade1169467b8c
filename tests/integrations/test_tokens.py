"""Integration tokens: stored hashed, shown once, revocable, acting with their user's role."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from integrations.models import ApiToken
from integrations.services import token_authenticate, token_create, token_revoke
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_secret_is_stored_only_as_a_hash(planner):
    token, secret = token_create(name="GIS", owner=planner)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret.startswith(f"rjh_{token.prefix}_")
    assert all(secret.split("_", 2)[2] not in str(value) for value in stored.values())
    assert token.can_write is False


def test_a_token_acts_with_its_users_role(planner):
    draft = ProjectFactory(is_published=False)
    _token, secret = token_create(name="GIS", owner=planner)
    response = bearer(secret).get(PROJECTS)
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [draft.pk]


def test_a_token_of_a_user_without_role_sees_only_published(outsider):
    ProjectFactory(is_published=False)
    published = ProjectFactory(is_published=True)
    _token, secret = token_create(name="GIS", owner=outsider)
    response = bearer(secret).get(PROJECTS)
    assert [p["id"] for p in response.json()["results"]] == [published.pk]


@pytest.mark.parametrize(
    "header",
    ["Bearer rjh_00000000_wrong", "Bearer not-a-token", "Bearer", "Bearer a b"],
)
def test_a_wrong_or_malformed_token_is_401_with_a_bearer_challenge(planner, header):
    token_create(name="GIS", owner=planner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(PROJECTS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "authentication_failed"


def test_the_right_prefix_with_a_wrong_secret_is_refused(planner):
    token, secret = token_create(name="GIS", owner=planner)
    assert token_authenticate(f"rjh_{token.prefix}_{'x' * 43}") is None
    assert (
        bearer(secret[:-1] + ("A" if secret[-1] != "A" else "B")).get(PROJECTS).status_code == 401
    )


def test_a_revoked_token_is_refused(planner):
    token, secret = token_create(name="GIS", owner=planner)
    assert bearer(secret).get(PROJECTS).status_code == 200
    token_revoke(token=token)
    token.refresh_from_db()
    assert token.revoked is not None
    assert bearer(secret).get(PROJECTS).status_code == 401


def test_the_token_of_a_deactivated_user_is_refused(planner):
    _token, secret = token_create(name="GIS", owner=planner)
    planner.is_active = False
    planner.save()
    assert bearer(secret).get(PROJECTS).status_code == 401


def test_last_use_is_recorded(planner):
    token, secret = token_create(name="GIS", owner=planner)
    assert token.last_used is None
    bearer(secret).get(PROJECTS)
    token.refresh_from_db()
    assert token.last_used is not None


def test_other_authorization_schemes_are_left_to_others():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert client.get(PROJECTS).status_code == 200  # read anonymously


# --- admin -------------------------------------------------------------------------------
def test_the_admin_shows_a_new_tokens_secret_once(client, admin_user, planner):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:integrations_apitoken_add"),
        {"name": "Östersunds kommun, GIS", "owner": planner.pk, "can_write": "on"},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(f"rjh_{token.prefix}_")
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert token.can_write and token.owner == planner
    assert token_authenticate(secret) == token
    # Never again: not on the list, not on the token's page.
    listing = client.get(reverse("admin:integrations_apitoken_changelist"))
    page = client.get(reverse("admin:integrations_apitoken_change", args=[token.pk]))
    for later in (listing, page):
        assert later.status_code == 200
        assert secret not in later.content.decode()
        assert f"rjh_{token.prefix}_" in later.content.decode()


def test_the_admin_revokes_tokens_and_never_deletes_them(client, admin_user, planner):
    token, secret = token_create(name="GIS", owner=planner)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:integrations_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.is_revoked
    assert bearer(secret).get(PROJECTS).status_code == 401
    delete = client.get(reverse("admin:integrations_apitoken_delete", args=[token.pk]))
    assert delete.status_code == 403


def test_people_without_admin_rights_cannot_manage_tokens(client, planner):
    client.force_login(planner)
    response = client.get(reverse("admin:integrations_apitoken_add"))
    assert response.status_code == 302  # to the admin login
