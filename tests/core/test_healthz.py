import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_tells_anyone_only_the_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_tells_a_logged_in_non_staff_user_only_the_status(client, planner):
    client.force_login(planner)
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_names_the_versions_to_staff(admin_client):
    body = admin_client.get("/healthz").json()
    assert body["database"]["engine"] == connection.vendor
    assert body["spatial"]["version"][0].isdigit()


@pytest.mark.django_db
def test_healthz_names_the_database_and_spatial_backend_with_the_setting(client, settings):
    settings.HEALTHZ_DETAILS = True
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["engine"] == connection.vendor
    expected = "postgis" if connection.vendor == "postgresql" else "spatialite"
    assert body["spatial"]["backend"] == expected
    assert body["spatial"]["version"][0].isdigit()
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_healthz_answers_503_against_a_real_unreachable_server(tmp_path):
    """A fresh process whose DATABASE_URL points at a port nobody listens on."""
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(r.status_code, r.json()['status'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgis://nobody@127.0.0.1:9/nothing",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "DJANGO_SETTINGS_MODULE": "planning_portal.settings",
        "DEBUG": "true",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "503 unavailable", result.stderr[-2000:]


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
