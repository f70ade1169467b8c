"""Project-wide fixtures: the personas (one per role) and the real case."""

import pytest
from django.contrib.auth.models import Group

from core import roles


def _user(django_user_model, username: str, role: str | None = None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="correct-horse-battery", **extra
    )
    if role:
        # get_or_create: transactional tests flush the groups the migration made.
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
    from core.case import load_case

    load_case()
    from projects.models import Project

    return Project.objects.get(diarienummer="RUN/479/2024")
