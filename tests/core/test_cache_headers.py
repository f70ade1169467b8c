"""No shared cache keeps what one person may see (core.middleware.PrivateCacheMiddleware):
answers to a logged-in session or a token are ``private, no-store`` and vary on ``Cookie``
and ``Authorization``; anonymous answers keep their headers."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from integrations.services import token_create
from tests.api.helpers import detail_url, list_url
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part}


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.fixture
def token_client(planner):
    _token, secret = token_create(name="Kommunens GIS", owner=planner, can_write=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def assert_private(response):
    assert response.status_code == 200, response.content
    assert cache_control(response) == {"private", "no-store"}
    assert {"cookie", "authorization"} <= vary(response)


def test_a_page_of_a_logged_in_user_is_private(client, planner):
    client.force_login(planner)
    assert_private(client.get(reverse("projects:list")))


def test_a_token_api_object_is_private_and_keeps_its_etag(token_client):
    project = ProjectFactory()
    response = token_client.get(detail_url("project", project.pk))
    assert_private(response)
    assert response["ETag"].startswith('"')


def test_a_token_api_list_is_private(token_client):
    assert_private(token_client.get(list_url("project")))


def test_a_csv_export_with_a_token_is_private(token_client):
    FundingLineFactory()
    response = token_client.get(list_url("fundingline", format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert_private(response)


def test_an_anonymous_page_keeps_what_it_had(client):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 200
    # Public and cacheable as before (its Vary: Cookie is the session middleware's).
    assert "Cache-Control" not in response
    assert "authorization" not in vary(response)


def test_an_anonymous_api_answer_varies_on_authorization_but_stays_public(client):
    response = client.get(list_url("project"))
    assert response.status_code == 200
    assert "Cache-Control" not in response
    assert "authorization" in vary(response)


def test_the_admins_never_cache_stays(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "no-store" in cache_control(response)
    assert "private" in cache_control(response)
