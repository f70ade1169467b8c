"""HTML and script in every text field are shown as text: escaped on every page (the
protocol extract and the change history included), handed to scripts only as JSON
(``json_script``), written as data in the exports, and put into map popups and tooltips as
text nodes, never as HTML."""

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.urls import reverse

from tests.page_world import build_world
from tests.security.bad_input import ESCAPED, PORTAL_APPS, XSS
from tests.security.test_page_html import page_urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Fields whose values the database constrains to a form (codes, numbers, choices, slugs).
CONSTRAINED = {"diarienummer", "code", "slug", "username", "password", "abbreviation"}


def text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and not field.choices
            and not field.unique
            and field.name not in CONSTRAINED
            and not field.name.startswith("history_")
            and (field.max_length is None or field.max_length >= len(XSS) + 10)
        ):
            yield field


def fill_every_text_field_with_markup() -> int:
    """Put the payload into every free-text column of every row (keeping empty ones empty,
    which some constraints need). Returns how many columns took it."""
    filled = 0
    for model in apps.get_models():
        if model._meta.app_label not in PORTAL_APPS or model._meta.proxy:
            continue
        for field in text_fields(model):
            rows = model._default_manager.exclude(**{field.name: ""}).exclude(
                **{f"{field.name}__isnull": True}
            )
            value = f"{XSS} {field.name}"
            try:
                with transaction.atomic():
                    changed = rows.update(**{field.name: value})
            except DatabaseError:
                # Some rows are locked by the database (adjusted minutes): the others.
                changed = 0
                for pk in rows.values_list("pk", flat=True):
                    try:
                        with transaction.atomic():
                            changed += rows.filter(pk=pk).update(**{field.name: value})
                    except DatabaseError:
                        continue
            filled += bool(changed)
    return filled


@pytest.fixture
def hostile_world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    filled = fill_every_text_field_with_markup()
    assert filled > 40  # titles, names, summaries, texts, notes, sources, history…
    return world


def assert_escaped(html: str, where: str):
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html, where


@pytest.mark.parametrize("role", ["anonymous", "planner", "admin_user"])
def test_markup_in_every_text_field_is_escaped_on_every_page(hostile_world, role, request, client):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    shown = 0
    for url in page_urls(hostile_world):
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        assert_escaped(html, url)
        shown += ESCAPED in html
    assert shown > 10  # the payload was on the pages, as text


def test_the_protocol_extract_escapes_markup(hostile_world, client, planner):
    client.force_login(planner)
    item = hostile_world.draft_item  # adjusted minutes are locked by the database itself
    html = client.get(reverse("decisions:agenda_item_extract", args=[item.pk])).content.decode()
    assert_escaped(html, "extract")
    assert ESCAPED in html


def test_data_for_scripts_is_json_that_cannot_close_its_script_element(hostile_world, client):
    html = client.get(hostile_world.dialogue.get_absolute_url()).content.decode()
    scripts = re.findall(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert scripts
    for body in scripts:
        assert "<" not in body  # json_script writes < as \u003C
        json.loads(body)
    map_page = client.get(reverse("maps:map")).content.decode()
    assert_escaped(map_page, "map")


def test_map_layers_and_api_carry_markup_as_data(hostile_world, client):
    response = client.get(reverse("layers:planning-areas"))
    assert response.status_code == 200
    names = [f["properties"]["name"] for f in response.json()["features"]]
    assert any(name.startswith(XSS) for name in names)
    api = client.get(reverse("project-detail", args=[hostile_world.project.pk]))
    assert api.json()["title"].startswith(XSS)  # data, as stored; the reader escapes


def test_exports_carry_markup_as_text(hostile_world, client):
    csv_body = client.get(reverse("project-list") + "?format=csv").content.decode()
    assert "<script>alert(" in csv_body and "<img src=x onerror=alert(1)>" in csv_body
    download = client.get(reverse("maps:download", args=["planning-areas", "geojson"]))
    assert download["Content-Type"] == "application/geo+json"
    assert download["Content-Disposition"].startswith("attachment")
    ics = client.get("/api/v1/meetings.ics")
    assert ics["Content-Type"].startswith("text/calendar")


# --- the scripts that draw the maps ----------------------------------------------------------

SCRIPTS = sorted(
    [
        *ROOT.joinpath("static").rglob("*.js"),
        # the apps' own static files; not var/static, where collectstatic gathers libraries
        *(p for p in ROOT.glob("*/static/*/*.js") if p.relative_to(ROOT).parts[0] != "var"),
    ],
)


def test_the_portal_has_map_scripts_to_check():
    names = {p.name for p in SCRIPTS}
    assert {"map.js", "feature-map.js"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_scripts_never_write_data_as_html(script):
    source = script.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, f"{script.name} uses {sink}"
    # Leaflet writes a string given to a popup or tooltip as HTML: they get a function
    # building elements, an element, or a number.
    for call in re.findall(r"\.(?:bindPopup|bindTooltip|setContent)\(([^,\n]*)", source):
        argument = call.strip().rstrip(");")
        allowed = (
            argument.startswith("()")
            or argument.startswith("String(feature.properties.dialogues")
            or (
                re.fullmatch(r"[a-z][A-Za-z]*", argument)
                and re.search(rf"const {argument} = document\.createElement", source)
            )
        )
        assert allowed, f"{script.name}: {call!r} may be HTML"
    # A divIcon's html is HTML too: only numbers go there.
    for html in re.findall(r"html:\s*`([^`]*)`", source):
        assert re.fullmatch(r"<span>\$\{Number\([a-z]+\)\}</span>", html), html


def test_map_popups_are_built_with_text_content():
    source = ROOT.joinpath("maps/static/maps/popups.js").read_text(encoding="utf-8")
    popup = source.split("function popupContent", 1)[1].split("\n}\n", 1)[0]
    assert "textContent" in popup
    assert "innerHTML" not in popup


# --- in the browser --------------------------------------------------------------------------
