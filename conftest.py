"""Project-wide fixtures: the personas (one per role) and the real case."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation

from core import roles


@pytest.fixture(autouse=True)
def english_by_default(settings):
    """Tests read the English msgids: the portal speaks Swedish first (LANGUAGE_CODE "sv",
    with the translations of locale/ compiled), but assertions on messages should not
    depend on a translation's wording. Requests without Accept-Language get English too.
    Tests of the Swedish pages use the ``swedish`` fixture; a browser sends its own
    Accept-Language (the browser tests' sv-SE)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_local_cache():
    """The local-memory cache outlives a test's transaction: start each test with it empty
    (layer responses, throttling counts). A Redis cache is never flushed from here: tests
    that use one give it a key prefix of their own."""
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield


@pytest.fixture
def swedish(settings):
    """The portal as a Swedish visitor sees it."""
    settings.LANGUAGE_CODE = "sv"
    with translation.override("sv"):
        yield


def _user(django_user_model, username: str, role: str | None = None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="correct-horse-battery", **extra
    )
    if role:
        # A migration creates the groups; a transactional (browser) test flushes them away
        # afterwards, so a later one finds them missing.
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def planner(db, django_user_model):
    return _user(
        django_user_model, "planner", roles.PLANNER, first_name="Pia", last_name="Planerare"
    )


@pytest.fixture
def registrar(db, django_user_model):
    return _user(django_user_model, "registrar", roles.REGISTRAR)


@pytest.fixture
def committee_member(db, django_user_model):
    return _user(django_user_model, "member", roles.COMMITTEE_MEMBER)


@pytest.fixture
def outsider(db, django_user_model):
    """Logged in, but with no role in the portal."""
    return _user(django_user_model, "outsider")


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", password="correct-horse-battery", email="admin@example.org"
    )


@pytest.fixture
def case(db):
    """The real case RUN/479/2024, loaded as `make run` loads it."""
    from seed.case import load_case

    load_case()
    from projects.models import Project

    return Project.objects.get(diarienummer="RUN/479/2024")
