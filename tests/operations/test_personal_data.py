"""An admin exports a user's data (JSON) and erases a user (deactivate and anonymise)
without breaking the history of official records."""

import datetime
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.history import history_entries
from core.models import record_version
from integrations.models import ApiToken
from integrations.services import token_authenticate, token_create
from operations.personal_data import user_erase
from projects.models import Project
from tests.decisions.factories import MeetingFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_with_traces(client, planner):
    """A planner who changed a project through the page and has an API token."""
    project = ProjectFactory(title="Före")
    client.force_login(planner)
    response = client.post(
        reverse("projects:edit", args=[project.pk]),
        {
            "diarienummer": project.diarienummer,
            "title": "Efter",
            "status": project.status,
            "summary": "",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
            "funding-TOTAL_FORMS": "0",
            "funding-INITIAL_FORMS": "0",
            "record_version": record_version(project),
        },
    )
    assert response.status_code == 302
    client.logout()
    _token, secret = token_create(name="GIS", owner=planner)
    return project, secret


def _export(admin_client, *users) -> dict:
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "export_personal_data", ACTION_CHECKBOX_NAME: [u.pk for u in users]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_admin_exports_a_users_data_as_json_without_token_secrets(
    admin_client, planner, planner_with_traces
):
    project, secret = planner_with_traces
    data = _export(admin_client, planner)
    (user,) = data["users"]
    assert user["account"]["username"] == "planner"
    assert user["account"]["first_name"] == "Pia"
    assert user["groups"] == ["planner"]
    assert {"record": "projects.Project", "id": project.pk, "type": "~"}.items() <= (
        next(e for e in user["history"] if e["record"] == "projects.Project").items()
    )
    (token,) = user["api_tokens"]
    assert token["name"] == "GIS" and token["revoked"] is None
    text = json.dumps(data)
    token_row = ApiToken.objects.get()
    assert secret not in text and token_row.secret_hash not in text
    assert "password" not in text and planner.password not in text


def test_admin_erases_a_user_and_the_history_stays_whole(
    admin_client, admin_user, planner, planner_with_traces
):
    project, secret = planner_with_traces
    meeting = MeetingFactory(date=datetime.date(2026, 3, 1))
    meeting.minutes_status, meeting.adjusted_on = "adjusted", datetime.date(2026, 3, 8)
    meeting.adjusters = "Pia Planerare, Bo Gran"  # an official name the record requires
    meeting._history_user = planner
    meeting.save()
    history_before = Project.history.filter(history_user=planner).count()

    url = reverse("admin:auth_user_changelist")
    confirm = admin_client.post(
        url, {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [planner.pk]}
    )
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    planner.refresh_from_db()
    assert planner.is_active  # nothing happens before the confirmation

    response = admin_client.post(
        url,
        {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [planner.pk], "confirm": "yes"},
    )
    assert response.status_code == 302
    planner.refresh_from_db()
    assert planner.username == f"raderad-{planner.pk}"
    assert (planner.first_name, planner.last_name, planner.email) == ("", "", "")
    assert not planner.has_usable_password()
    assert not planner.is_active and not planner.groups.exists()
    assert ApiToken.objects.get().is_revoked
    assert token_authenticate(secret) is None
    # The history still says the (anonymous) account changed the project, and the
    # official record keeps the names it requires.
    assert Project.history.filter(history_user=planner).count() == history_before
    newest = history_entries(project, admin_user)[0][0]
    assert newest.user == f"raderad-{planner.pk}"
    meeting.refresh_from_db()
    assert meeting.adjusters == "Pia Planerare, Bo Gran"
    # The erased account cannot log in any more.
    # (through the login form: django-axes needs the request)
    fresh = Client()
    for username in ("planner", f"raderad-{planner.pk}"):
        fresh.post(reverse("login"), {"username": username, "password": "correct-horse-battery"})
        assert "_auth_user_id" not in fresh.session


def test_an_erased_users_session_ends(client, planner):
    client.force_login(planner)
    assert client.get(reverse("projects:create")).status_code == 200
    user_erase(user=planner)
    response = client.get(reverse("projects:create"))
    assert response.status_code == 302  # logged out: to the login page


def test_an_admin_cannot_erase_their_own_account(admin_client, admin_user):
    admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [admin_user.pk], "confirm": "yes"},
    )
    admin_user.refresh_from_db()
    assert admin_user.is_active and admin_user.username == "admin"


def test_planners_cannot_export_or_erase(client, planner, outsider):
    client.force_login(planner)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [outsider.pk], "confirm": "yes"},
    )
    assert response.status_code == 302  # not staff: the admin's login page
    outsider.refresh_from_db()
    assert outsider.is_active


def test_the_management_command_exports_and_erases(planner):
    out = io.StringIO()
    call_command("personal_data", "export", "planner", stdout=out)
    assert json.loads(out.getvalue())["account"]["last_name"] == "Planerare"
    call_command("personal_data", "erase", "planner", stdout=io.StringIO())
    planner.refresh_from_db()
    assert planner.username == f"raderad-{planner.pk}" and not planner.is_active
