"""Login lockout (django-axes) on the portal's login page and the admin's, the password
validators, and `check --deploy` with production settings."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.services import token_create
from tests.core.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the personas' (conftest.py)


def fail(client, username, times, url=None):
    url = url or reverse("login")
    return [
        client.post(url, {"username": username, "password": "not-the-password"})
        for _ in range(times)
    ]


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_failures_below_the_limit_keep_the_login_form(client, planner, settings):
    responses = fail(client, "planner", settings.AXES_FAILURE_LIMIT - 1)
    assert [r.status_code for r in responses] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(reverse("login"), {"username": "planner", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(client)


def test_the_limit_of_failures_locks_the_account_and_says_so_in_swedish(
    client, planner, settings, swedish
):
    assert settings.AXES_FAILURE_LIMIT == 5
    *before, locked = fail(client, "planner", 5)
    assert [r.status_code for r in before] == [200] * 4
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "För många misslyckade inloggningar" in content
    assert "Kontot är låst efter 5 misslyckade inloggningar" in content
    assert "Försök igen om 15 minuter, även med rätt lösenord." in content


def test_the_right_password_is_refused_while_locked(client, planner):
    fail(client, "planner", 5)
    response = client.post(reverse("login"), {"username": "planner", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert not logged_in(client)


def test_the_lock_ends_after_the_cool_off(client, planner):
    fail(client, "planner", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(reverse("login"), {"username": "planner", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(client)


def test_the_limit_and_cool_off_are_settings(client, planner, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    assert [r.status_code for r in fail(client, "planner", 2)] == [200, 429]
    assert "Try again in 1 minute," in fail(client, "planner", 1)[0].content.decode()


def test_one_locked_account_does_not_lock_another(client, planner, registrar):
    fail(client, "planner", 5)
    response = client.post(reverse("login"), {"username": "registrar", "password": PASSWORD})
    assert response.status_code == 302


def test_the_admin_login_is_locked_too_and_shares_the_count(client, admin_user):
    admin_login = reverse("admin:login")
    fail(client, admin_user.username, 3)
    fail(client, admin_user.username, 2, url=admin_login)  # 5 in all
    response = client.post(
        admin_login, {"username": admin_user.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert not logged_in(client)


def test_the_lockout_counts_the_address_the_trusted_proxy_wrote(client, planner, settings):
    # The same rule as the API's throttling (core/client_address.py): with one trusted
    # proxy the rightmost X-Forwarded-For entry is the client; what the client wrote left
    # of it does not make a new address.
    settings.TRUSTED_PROXY_COUNT = 1
    for made_up in range(5):
        client.post(
            reverse("login"),
            {"username": "planner", "password": "not-the-password"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{made_up}, 198.51.100.7",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    response = client.post(
        reverse("login"),
        {"username": "planner", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.0.0.9, 198.51.100.7",
    )
    assert response.status_code == 429


class Clock:
    """The sessions' clock (core.middleware._now), moved by hand: no sleeping."""

    def __init__(self, monkeypatch):
        self.now = 1_800_000_000.0
        # raising=False: without the timeouts (before them) there is no clock to move.
        monkeypatch.setattr("core.middleware._now", lambda: self.now, raising=False)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_an_idle_session_is_logged_out_after_the_idle_timeout(client, planner, clock, settings):
    assert settings.SESSION_IDLE_SECONDS == 8 * 3600
    client.force_login(planner)
    assert client.get(reverse("projects:create")).status_code == 200
    clock.advance(8 * 3600 + 1)
    response = client.get(reverse("projects:create"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not logged_in(client)


def test_a_session_in_use_outlives_the_idle_timeout(client, planner, clock):
    client.force_login(planner)
    for _ in range(4):  # 28 hours, never 8 idle
        assert client.get(reverse("projects:create")).status_code == 200
        clock.advance(7 * 3600)
    assert client.get(reverse("projects:create")).status_code == 200
    assert logged_in(client)


def test_the_idle_timeout_is_a_setting(client, planner, clock, settings):
    settings.SESSION_IDLE_SECONDS = 600
    client.force_login(planner)
    client.get(reverse("home"))
    clock.advance(601)
    client.get(reverse("home"))
    assert not logged_in(client)


def test_a_staff_session_ends_after_its_lifetime_however_busy(client, admin_user, clock, settings):
    assert settings.STAFF_SESSION_MAX_SECONDS == 12 * 3600
    client.force_login(admin_user)
    for _ in range(6):  # a request every 2 hours: never idle
        assert client.get(reverse("admin:index")).status_code == 200
        clock.advance(2 * 3600)
    clock.advance(1)  # 12 h and a second since it began
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert not logged_in(client)


def test_a_non_staff_session_is_not_cut_at_the_staff_lifetime(client, planner, clock):
    client.force_login(planner)
    for _ in range(8):  # 16 hours of work
        client.get(reverse("home"))
        clock.advance(2 * 3600)
    assert client.get(reverse("projects:create")).status_code == 200
    assert logged_in(client)


def test_a_successful_login_resets_the_count_and_keeps_no_log(client, planner):
    fail(client, "planner", 4)
    assert AccessAttempt.objects.filter(username="planner").exists()
    client.post(reverse("login"), {"username": "planner", "password": PASSWORD})
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()
    client.post(reverse("logout"))
    assert [r.status_code for r in fail(client, "planner", 4)] == [200] * 4


def test_api_tokens_are_unaffected_by_a_locked_login(client, planner):
    fail(client, "planner", 5)
    assert AccessAttempt.objects.filter(username="planner").exists()
    _, secret = token_create(name="GIS", owner=planner)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/projects/").status_code == 200


# --- passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("kort-Ord9", "password_too_short"),  # 9 characters; 10 is the minimum
        ("password123", "password_too_common"),
        ("8472910365", "password_entirely_numeric"),
        ("planner2025", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused_by_the_validators(planner, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=planner)
    assert code in {error.code for error in refused.value.error_list}


def test_a_strong_password_passes(planner):
    validate_password("Storsjön-Frösön-2025-vinter", user=planner)


def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_client, django_user_model):
    count = django_user_model.objects.count()
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": "ny", "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert django_user_model.objects.count() == count


# --- deploy checks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "remaining"),
    [({}, {"security.W021"}), ({"SECURE_HSTS_PRELOAD": "true"}, set())],
    ids=["default", "preload-on"],
)
def test_check_deploy_leaves_only_the_hsts_preload_decision(extra, remaining):
    result = manage("check", "--deploy", **PRODUCTION, **extra)
    assert result.returncode == 0, result.stdout + result.stderr
    reported = set(re.findall(r"\(([a-z_]+\.[EWI]\d{3})\)", result.stdout + result.stderr))
    assert reported == remaining, result.stdout + result.stderr
