"""
Every page × every role: the status each answers, and exactly one <h1> on every page that
answers 200. Roles: anonymous, committee member, planner, registrar, administrator, and a
logged-in user with no role (treated like the public for reading).

Reading: published records 200 for all; drafts 404 for those who may not see them (the
record is not confirmed to exist). Writing: anonymous visitors are sent to log in (302),
roles that may not edit get 403, and records of adjusted minutes are locked (403) for
everyone, the administrator included.
"""

import re

import pytest
from django.urls import reverse

from tests.page_world import build_world

ROLES = ["anonymous", "committee_member", "planner", "registrar", "admin_user", "outsider"]

# Expected status per role, in the order of ROLES.
PUBLIC = (200, 200, 200, 200, 200, 200)
DRAFT = (404, 200, 200, 200, 200, 404)
EDIT = (302, 403, 200, 200, 200, 403)
LOCKED = (302, 403, 403, 403, 403, 403)
REGISTRAR = (302, 403, 403, 200, 200, 403)
LOGIN = (200, 302, 302, 302, 302, 302)


def pages(w):
    """(name, url, expected statuses) for every page of the portal's pages."""
    return [
        ("home", reverse("home"), PUBLIC),
        ("search", reverse("search") + "?q=planering", PUBLIC),
        ("login", reverse("login"), LOGIN),
        # projects
        ("project list", reverse("projects:list"), PUBLIC),
        ("project list filtered", reverse("projects:list") + "?status=completed", PUBLIC),
        ("project", reverse("projects:detail", args=[w.project.pk]), PUBLIC),
        ("draft project", reverse("projects:detail", args=[w.draft_project.pk]), DRAFT),
        ("project create", reverse("projects:create"), EDIT),
        ("project edit", reverse("projects:edit", args=[w.project.pk]), EDIT),
        ("draft project edit", reverse("projects:edit", args=[w.draft_project.pk]), EDIT),
        # dialogues
        ("dialogue list", reverse("dialogues:list"), PUBLIC),
        ("dialogue list sorted", reverse("dialogues:list") + "?sort=title&kind=need", PUBLIC),
        ("coverage", reverse("dialogues:coverage"), PUBLIC),
        ("coverage of project", reverse("dialogues:coverage") + f"?project={w.project.pk}", PUBLIC),
        ("dialogue", reverse("dialogues:detail", args=[w.dialogue.pk]), PUBLIC),
        ("draft dialogue", reverse("dialogues:detail", args=[w.draft_dialogue.pk]), DRAFT),
        ("dialogue create", reverse("dialogues:create"), EDIT),
        ("dialogue edit", reverse("dialogues:edit", args=[w.dialogue.pk]), EDIT),
        ("insight create", reverse("dialogues:insight_create", args=[w.dialogue.pk]), EDIT),
        ("insight edit", reverse("dialogues:insight_edit", args=[w.insight.pk]), EDIT),
        ("conclusion edit", reverse("dialogues:insight_edit", args=[w.conclusion.pk]), EDIT),
        ("insight link", reverse("dialogues:insight_link", args=[w.insight.pk]), EDIT),
        # statement of intent
        ("direction list", reverse("directions:list"), PUBLIC),
        ("direction", reverse("directions:detail", args=[w.direction.pk]), PUBLIC),
        ("adopted version", w.adopted_version.get_absolute_url(), PUBLIC),
        ("draft version", w.draft_version.get_absolute_url(), DRAFT),
        (
            "adopted point edit",
            reverse("directions:point_edit", args=[w.adopted_version.points.first().pk]),
            LOCKED,
        ),
        (
            "draft point edit",
            reverse("directions:point_edit", args=[w.draft_version.points.first().pk]),
            EDIT,
        ),
        # decision records
        ("decision records", reverse("decisions:list"), PUBLIC),
        ("committee", reverse("decisions:committee", args=[w.committee.pk]), PUBLIC),
        ("published meeting", reverse("decisions:meeting", args=[w.published_meeting.pk]), PUBLIC),
        ("draft meeting", reverse("decisions:meeting", args=[w.draft_meeting.pk]), DRAFT),
        ("adjusted meeting", reverse("decisions:meeting", args=[w.adjusted_meeting.pk]), DRAFT),
        ("agenda item", reverse("decisions:agenda_item", args=[w.published_item.pk]), PUBLIC),
        ("draft agenda item", reverse("decisions:agenda_item", args=[w.draft_item.pk]), DRAFT),
        (
            "protocol extract",
            reverse("decisions:agenda_item_extract", args=[w.published_item.pk]),
            PUBLIC,
        ),
        ("draft extract", reverse("decisions:agenda_item_extract", args=[w.draft_item.pk]), DRAFT),
        ("meeting create", reverse("decisions:meeting_create"), EDIT),
        ("draft meeting edit", reverse("decisions:meeting_edit", args=[w.draft_meeting.pk]), EDIT),
        (
            "adjusted meeting edit",
            reverse("decisions:meeting_edit", args=[w.adjusted_meeting.pk]),
            LOCKED,
        ),
        (
            "published meeting edit",
            reverse("decisions:meeting_edit", args=[w.published_meeting.pk]),
            LOCKED,
        ),
        (
            "agenda item create",
            reverse("decisions:agenda_item_create", args=[w.draft_meeting.pk]),
            EDIT,
        ),
        (
            "agenda item create in adjusted minutes",
            reverse("decisions:agenda_item_create", args=[w.adjusted_meeting.pk]),
            LOCKED,
        ),
        (
            "draft agenda item edit",
            reverse("decisions:agenda_item_edit", args=[w.draft_item.pk]),
            EDIT,
        ),
        (
            "adjusted agenda item edit",
            reverse("decisions:agenda_item_edit", args=[w.adjusted_item.pk]),
            LOCKED,
        ),
        (
            "published agenda item edit",
            reverse("decisions:agenda_item_edit", args=[w.published_item.pk]),
            LOCKED,
        ),
        ("document create", reverse("decisions:document_create", args=[w.draft_item.pk]), EDIT),
        (
            "document create in adjusted minutes",
            reverse("decisions:document_create", args=[w.adjusted_item.pk]),
            LOCKED,
        ),
        (
            "adjust draft minutes",
            reverse("decisions:meeting_adjust", args=[w.draft_meeting.pk]),
            REGISTRAR,
        ),
        ("public document", reverse("decisions:document", args=[w.public_document.pk]), PUBLIC),
        ("secret document", reverse("decisions:document", args=[w.secret_document.pk]), DRAFT),
        (
            "public download",
            reverse("decisions:document_download", args=[w.public_document.pk]),
            PUBLIC,
        ),
        (
            "secret download",
            reverse("decisions:document_download", args=[w.secret_document.pk]),
            DRAFT,
        ),
        # places and organisations
        ("places", reverse("places:list"), PUBLIC),
        ("planning areas", reverse("places:planning_area_list"), PUBLIC),
        ("county", reverse("places:county", args=["23"]), PUBLIC),
        ("municipality", reverse("places:municipality", args=[w.municipality.code]), PUBLIC),
        ("planning area", reverse("places:planning_area", args=[w.area.pk]), PUBLIC),
        ("draft planning area", reverse("places:planning_area", args=[w.draft_area.pk]), DRAFT),
        ("organisations", reverse("organisations:list"), PUBLIC),
        ("organisation", reverse("organisations:detail", args=[w.project.owner_id]), PUBLIC),
        # history
        ("project history", reverse("history", args=["projekt", w.project.pk]), PUBLIC),
        ("draft project history", reverse("history", args=["projekt", w.draft_project.pk]), DRAFT),
        ("dialogue history", reverse("history", args=["dialog", w.dialogue.pk]), PUBLIC),
        ("insight history", reverse("history", args=["insikt", w.insight.pk]), PUBLIC),
        ("direction history", reverse("history", args=["viljeinriktning", w.direction.pk]), PUBLIC),
        ("version history", reverse("history", args=["version", w.adopted_version.pk]), PUBLIC),
        ("draft version history", reverse("history", args=["version", w.draft_version.pk]), DRAFT),
        (
            "point history",
            reverse("history", args=["punkt", w.adopted_version.points.first().pk]),
            PUBLIC,
        ),
        ("committee history", reverse("history", args=["namnd", w.committee.pk]), PUBLIC),
        (
            "meeting history",
            reverse("history", args=["sammantrade", w.published_meeting.pk]),
            PUBLIC,
        ),
        (
            "draft meeting history",
            reverse("history", args=["sammantrade", w.draft_meeting.pk]),
            DRAFT,
        ),
        ("agenda item history", reverse("history", args=["paragraf", w.published_item.pk]), PUBLIC),
        ("document history", reverse("history", args=["handling", w.public_document.pk]), PUBLIC),
        (
            "secret document history",
            reverse("history", args=["handling", w.secret_document.pk]),
            DRAFT,
        ),
        ("municipality history", reverse("history", args=["kommun", w.municipality.pk]), PUBLIC),
        ("county history", reverse("history", args=["lan", w.municipality.county_id]), PUBLIC),
        ("area history", reverse("history", args=["planeringsomrade", w.area.pk]), PUBLIC),
        (
            "organisation history",
            reverse("history", args=["organisation", w.project.owner_id]),
            PUBLIC,
        ),
        ("unknown history kind", reverse("history", args=["okand", w.project.pk]), (404,) * 6),
    ]


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def client_for(role, request, client):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_table_says(role, world, request, client):
    client = client_for(role, request, client)
    column = ROLES.index(role)
    wrong = []
    for name, url, expected in pages(world):
        status = client.get(url).status_code
        if status != expected[column]:
            wrong.append(f"{name} {url}: {status}, expected {expected[column]}")
    assert wrong == []


@pytest.mark.parametrize("role", ["anonymous", "planner", "registrar"])
def test_every_page_has_exactly_one_h1(role, world, request, client):
    client = client_for(role, request, client)
    wrong = []
    for name, url, _expected in pages(world):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        count = len(re.findall(r"<h1[\s>]", response.content.decode()))
        if count != 1:
            wrong.append(f"{name} {url}: {count} <h1>")
    assert wrong == []


def test_forbidden_and_missing_pages_have_one_h1_too(world, client, committee_member):
    client.force_login(committee_member)
    forbidden = client.get(reverse("projects:edit", args=[world.project.pk]))
    missing = client.get("/projekt/999999/")
    for response in (forbidden, missing):
        assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1


def test_locked_pages_say_that_corrections_are_new_records(world, client, registrar):
    client.force_login(registrar)
    response = client.get(reverse("decisions:agenda_item_edit", args=[world.adjusted_item.pk]))
    assert response.status_code == 403
    assert "Corrections are made as new records" in response.content.decode()


def test_with_public_reading_off_anonymous_visitors_are_sent_to_log_in(world, client, settings):
    settings.PUBLIC_READING = False
    for name, url, _expected in pages(world):
        if name == "login":
            continue
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
    assert client.get(reverse("login")).status_code == 200


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)
EXTERNAL_ASSET = re.compile(r'\s(?:src|href)="(?:https?:)?//', re.IGNORECASE)


@pytest.mark.parametrize("role", ["anonymous", "registrar"])
def test_no_page_has_inline_script_inline_style_or_external_assets(role, world, request, client):
    """Ready for a strict Content-Security-Policy; the portal serves its own assets."""
    client = client_for(role, request, client)
    wrong = []
    for name, url, _expected in pages(world):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        content = response.content.decode()
        for label, pattern in [
            ("inline script", INLINE_SCRIPT),
            ("event handler attribute", INLINE_HANDLER),
            ("external asset", EXTERNAL_ASSET),
        ]:
            if pattern.search(content):
                wrong.append(f"{name}: {label}")
        if ' style="' in content:
            wrong.append(f"{name}: style attribute")
    assert wrong == []
