"""Clients for the API tests: anonymous, integration tokens (read-only and write) and a
planner logged in with a session. They ask for English (Accept-Language) so that tests can
read the messages; Swedish, the default, is tested on its own."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from integrations.services import token_create


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttling counts in the cache, which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


def english_client() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def anonymous():
    return english_client()


def _token_client(owner, *, can_write: bool) -> APIClient:
    _token, secret = token_create(name="Kommunens GIS", owner=owner, can_write=can_write)
    client = english_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.secret = secret
    return client


@pytest.fixture
def planner_token(planner):
    """An integration token acting as a planner, granted write."""
    return _token_client(planner, can_write=True)


@pytest.fixture
def read_only_token(planner):
    """A token acting as a planner but not granted write: it only reads."""
    return _token_client(planner, can_write=False)


@pytest.fixture
def member_token(committee_member):
    return _token_client(committee_member, can_write=True)


@pytest.fixture
def outsider_token(outsider):
    return _token_client(outsider, can_write=True)


@pytest.fixture
def planner_session(planner):
    client = english_client()
    client.force_login(planner)
    return client


@pytest.fixture
def member_session(committee_member):
    client = english_client()
    client.force_login(committee_member)
    return client
