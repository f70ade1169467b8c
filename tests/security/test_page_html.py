"""
Every HTML page that the URL × role table (``test_url_roles.TABLE``) reaches, whatever its
status (a form, a 403, a 404, a form posted with errors), checked for what every page owes:

- exactly one ``<h1>``;
- nothing a strict Content-Security-Policy refuses, and no asset from elsewhere: no inline
  script, no ``on…=`` attribute, no ``style`` attribute or element;
- every id that an ``aria-describedby`` names exists in the page. Django 5.2 points a
  field at ``<id>_helptext`` and, once it has errors, ``<id>_error``
  (includes/field.html gives those ids); an error under another id is not announced.

The pages come from the table, so a new page is checked as soon as it has its entry there.
Besides the table's own requests, every form in it (a ``form(...)`` case) is posted once
more with its visible fields emptied, so that each form page is seen with its errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security import test_url_roles
from tests.security.test_url_roles import PAGES, TABLE, Form, _post_data, _request, _urls

# The table's world (a fixture): the page world with what the table's cases ask for.
url_world = test_url_roles.url_world

# Not the portal's pages: the Django admin is Django's own (reached only by the
# administrator), and /api/ answers JSON but for its docs, Swagger UI's page drawn by script.
NOT_THE_PORTAL = ("/admin/", "/api/")

H1 = re.compile(r"<h1[\s>]")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
# An asset (not a link: the map's layer table links its records with absolute URLs).
EXTERNAL_ASSET = re.compile(
    r'<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*\s(?:src|href)="(?:https?:)?//',
    re.IGNORECASE,
)
DESCRIBEDBY = re.compile(r'aria-describedby="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)"')


def page_urls(world) -> list[str]:
    """Every URL that the table reads (GET) among the portal's own pages."""
    return [
        url
        for key, cases in PAGES.items()
        for case in cases
        if case.method == "GET"
        for url in _urls(key, case, world)
    ]


def _emptied(data: dict[str, list[str]], html: str) -> dict[str, list[str]]:
    """The form's data with every visible field emptied (hidden ones kept: the record's
    version, the formsets' management forms and row ids)."""
    hidden = set(HIDDEN_INPUT.findall(html))
    return {name: values if name in hidden else [""] for name, values in data.items()}


def html_pages(role: str, world, as_role, admin_client) -> Iterator[tuple[str, str, str]]:
    """(URL name, request, HTML) of every portal page that the table's requests answer
    ``role`` with, and of every form of the table posted emptied. Each request is rolled
    back, as in the table."""
    for key, cases in TABLE.items():
        for case in cases:
            for url in _urls(key, case, world):
                if url.startswith(NOT_THE_PORTAL):
                    continue
                data = None
                if case.data is not None:
                    data = _post_data(case, url, world, admin_client)
                requests = [(case.method, data)]
                if isinstance(case.data, Form):
                    page = admin_client.get(url)
                    if page.status_code == 200:
                        requests.append(("POST", _emptied(data, page.content.decode())))
                for method, body in requests:
                    client = as_role(role)
                    with transaction.atomic():
                        response = _request(client, method, url, body)
                        transaction.set_rollback(True)
                    if response.streaming or "text/html" not in response.get("Content-Type", ""):
                        continue  # downloads, JSON
                    html = response.content.decode()
                    # A page, not a redirect's or a 405's empty body.
                    if html.lstrip().startswith("<!DOCTYPE html>"):
                        yield key, f"{method} {url} ({response.status_code})", html


def problems(html: str) -> list[str]:
    found = []
    if (count := len(H1.findall(html))) != 1:
        found.append(f"{count} <h1>")
    for what, pattern in [
        ("inline script", INLINE_SCRIPT),
        ("event handler attribute", INLINE_HANDLER),
        ("style attribute", STYLE_ATTRIBUTE),
        ("style element", STYLE_ELEMENT),
        ("external asset", EXTERNAL_ASSET),
    ]:
        if pattern.search(html):
            found.append(what)
    ids = set(ID.findall(html))
    for described in DESCRIBEDBY.findall(html):
        for missing in sorted(set(described.split()) - ids):
            found.append(f'aria-describedby names "{missing}", no such id')
    return found


# Three roles see every page there is: the public's, every form (the registrar's include
# adjusting minutes) and the refusals (403, 404, login) in between.
@pytest.mark.parametrize("role", ["anonymous", "registrar", "admin_user"])
def test_every_html_page_has_one_h1_no_inline_script_and_the_ids_it_describes_by(
    role, url_world, as_role, admin_client
):
    wrong, seen, errors_described = [], 0, 0
    for _key, label, html in html_pages(role, url_world, as_role, admin_client):
        seen += 1
        errors_described += '_error"' in html and "aria-describedby" in html
        found = problems(html)
        wrong += [f"{label}: {problem}" for problem in found]
    assert not wrong, "\n".join(wrong)
    # Not vacuous: pages were checked, and (for the roles that may edit) forms with errors.
    assert seen > 50
    assert role == "anonymous" or errors_described > 5


def test_the_checks_see_a_missing_error_id_and_a_second_h1():
    page = '<h1>A</h1><input id="id_a" aria-describedby="id_a_helptext id_a_error">'
    page += '<p id="id_a_helptext">Help</p><p id="id_a-error">Error</p><h1>B</h1>'
    assert problems(page) == ["2 <h1>", 'aria-describedby names "id_a_error", no such id']


# Pages open with public reading off too: logging in, and what machines ask for.
# Open with public reading off too: logging in, probes, and the public-sector pages (the
# accessibility statement must be readable before logging in; they show no records).
ALWAYS_OPEN = {
    "login",
    "healthz",
    "robots_txt",
    "pages:accessibility",
    "pages:personal_data",
    "pages:contact",
}


def test_with_public_reading_off_anonymous_visitors_are_sent_to_log_in(url_world, settings):
    """Every page of the table that the public reads (200, or 404 for what it may not see)
    sends an anonymous visitor to the login page instead."""
    settings.PUBLIC_READING = False
    client = Client()
    wrong = []
    for key, cases in PAGES.items():
        for case in cases:
            if key in ALWAYS_OPEN or case.method != "GET" or case.expect[0] not in (200, 404):
                continue
            for url in _urls(key, case, url_world):
                response = client.get(url)
                if not response.get("Location", "").startswith(reverse("login")):
                    wrong.append(f"{url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert client.get(reverse("login")).status_code == 200
