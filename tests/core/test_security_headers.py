"""Production security: the settings with DEBUG off, the headers of a real response under
them (a fresh process, as a deployment starts), and the Content-Security-Policy that every
page carries in tests and development too."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.places.factories import PlanningAreaFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-test-secret-key-that-is-long-enough-and-random-Xk29fq0ZpL8vN3",
    "ALLOWED_HOSTS": "planering.example.org",
    # No database and no collectstatic needed for the login page.
    "DATABASE_URL": "spatialite:///:memory:",
    "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
# Runs in a process of its own with the production environment: the settings as loaded, and
# the login page asked for over HTTPS, through the proxy, and over plain HTTP.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="planering.example.org")
names = ["DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
         "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "SECURE_CONTENT_TYPE_NOSNIFF",
         "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS", "AXES_FAILURE_LIMIT"]
secure = client.get("/konto/logga-in/", secure=True)
proxied = client.get("/konto/logga-in/", headers={"X-Forwarded-Proto": "https"})
plain = client.get("/konto/logga-in/")
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "headers": dict(secure.headers),
    "csrf_cookie": dict(secure.cookies[settings.CSRF_COOKIE_NAME]),
    "proxied": proxied.status_code,
    "plain": [plain.status_code, plain.headers.get("Location")],
}))
"""


def production(**env: str) -> dict:
    dropped = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("SECURE")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**base, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "planning_portal.settings", **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def deployed():
    return production()


def test_production_sends_hsts_nosniff_referrer_policy_and_frame_denial(deployed):
    headers = deployed["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_production_cookies_are_secure(deployed):
    assert deployed["settings"]["SESSION_COOKIE_SECURE"] is True
    assert deployed["settings"]["SESSION_COOKIE_HTTPONLY"] is True
    assert deployed["settings"]["CSRF_COOKIE_SECURE"] is True
    assert deployed["csrf_cookie"]["secure"] is True
    assert deployed["csrf_cookie"]["samesite"] == "Lax"


def test_production_redirects_plain_http_and_trusts_the_proxys_https(deployed):
    assert deployed["plain"] == [301, "https://planering.example.org/konto/logga-in/"]
    # X-Forwarded-Proto: https from the TLS proxy counts as HTTPS: no redirect loop.
    assert deployed["proxied"] == 200
    assert deployed["settings"]["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_hsts_seconds_preload_and_the_proxy_header_come_from_the_environment():
    configured = production(
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="true",
        SECURE_PROXY_SSL_HEADER="false",
        AXES_FAILURE_LIMIT="8",
    )
    assert configured["headers"]["Strict-Transport-Security"] == (
        "max-age=600; includeSubDomains; preload"
    )
    assert configured["settings"]["SECURE_PROXY_SSL_HEADER"] is None
    assert configured["settings"]["AXES_FAILURE_LIMIT"] == 8
    # Without the proxy header a request via the proxy is plain HTTP: redirected.
    assert configured["proxied"] == 301


def test_development_sends_no_hsts_and_keeps_cookies_usable_over_http():
    development = production(DEBUG="true")
    assert "Strict-Transport-Security" not in development["headers"]
    assert development["settings"]["SESSION_COOKIE_SECURE"] is False
    assert development["plain"][0] == 200
    # The policy is the same as in production, so that development sees what breaks.
    assert "script-src 'self'" in development["headers"]["Content-Security-Policy"]


# --- the Content-Security-Policy, in process -----------------------------------------------


def policy(response) -> dict[str, list[str]]:
    parts = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in parts}


@pytest.mark.django_db
def test_every_page_has_a_policy_without_inline_scripts(client, case):
    found = policy(client.get(reverse("home")))
    assert found["script-src"] == ["'self'"]  # no nonce asked for, none given
    assert found["object-src"] == ["'none'"]
    assert found["base-uri"] == ["'self'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert found["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert "'unsafe-inline'" not in found["style-src"]


@pytest.mark.django_db
def test_the_api_and_its_documentation_carry_the_policy_too(client):
    for url in (reverse("api-docs"), "/api/v1/projects/", "/healthz"):
        assert "object-src 'none'" in client.get(url)["Content-Security-Policy"], url


@pytest.mark.django_db
def test_every_inline_script_of_the_admins_geometry_widget_carries_the_nonce(admin_client):
    area = PlanningAreaFactory()
    response = admin_client.get(reverse("admin:places_planningarea_change", args=[area.pk]))
    (nonce,) = [v for v in policy(response)["script-src"] if v.startswith("'nonce-")]
    content = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", content)
    inline = [attrs for attrs in inline if "application/json" not in attrs]
    assert inline, "the admin's Leaflet widget writes inline set-up code"
    assert all(f'nonce="{nonce[7:-1]}"' in attrs for attrs in inline), inline


@pytest.mark.django_db
def test_the_portals_own_pages_have_no_inline_script(client, planner, case):
    client.force_login(planner)
    for url in (
        reverse("home"),
        reverse("maps:map"),
        reverse("maps:planning_area_create"),
        reverse("dialogues:create"),
        reverse("login"),
    ):
        content = client.get(url).content.decode()
        tags = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", content)
        assert all("application/json" in attrs for attrs in tags), (url, tags)
        assert not re.search(r"\son[a-z]+=", content), url  # no onclick= and friends


def test_the_tiles_host_follows_map_tiles_url():
    configured = production(MAP_TILES_URL="https://{s}.tiles.example.se/{z}/{x}/{y}.png")
    assert (
        "img-src 'self' data: https://*.tiles.example.se"
        in (configured["headers"]["Content-Security-Policy"])
    )
