"""
Every URL pattern of the portal × every role: the status each role gets, from one explicit
table, and for writes that a refused role leaves the database as it was.

The patterns come from the URL resolver itself (``get_resolver()``, through every include:
the portal's apps, the REST API's router with its format suffixes, the map layers, downloads,
OGC API, search, history, login, healthz, the API schema and docs, and the Django admin).
``test_every_url_pattern_has_an_entry_in_the_table`` fails when a pattern is added without
saying here who may reach it.

Expected statuses are tuples in the order of ``ROLES``: anonymous, outsider (logged in, no
role), committee member, planner, registrar, administrator. ``LOGIN`` means a redirect to a
login page (the portal's, or the admin's for admin URLs). Each request runs in a savepoint
that is rolled back, so every case meets the same world whatever the cases before it did.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.gis.geos import MultiPolygon
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count, Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.models import record_version
from decisions.models import DecisionPoint, ProposalPoint
from dialogues.models import Insight
from integrations.services import token_create
from maps.layers import LAYERS
from places.models import County, Municipality
from projects.models import FundingLine, Milestone, Project
from tests.decisions.factories import DecisionPointFactory, MeetingFactory
from tests.dialogues.factories import ThemeFactory
from tests.geometry import square
from tests.security.conftest import ROLES
from tests.security.forms import form_data

LOGIN = "login"  # 302 to a login page

#            anonymous  outsider  member  planner  registrar  admin
PUBLIC = (200, 200, 200, 200, 200, 200)
DRAFT = (404, 404, 200, 200, 200, 200)
EDIT = (LOGIN, 403, 403, 200, 200, 200)
LOCKED = (LOGIN, 403, 403, 403, 403, 403)
REGISTRAR = (LOGIN, 403, 403, 403, 200, 200)
STAFF = (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200)
NOT_FOUND = (404, 404, 404, 404, 404, 404)
NOT_ALLOWED = (405, 405, 405, 405, 405, 405)
LOGIN_PAGE = (200, 302, 302, 302, 302, 302)
# Writes: 302 is "saved, see the record" for the roles that may.
SAVE = (LOGIN, 403, 403, 302, 302, 302)
LOCKED_SAVE = LOCKED
REGISTRAR_SAVE = (LOGIN, 403, 403, 403, 302, 302)
STAFF_SAVE = (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 302)
# The REST API: 401 without credentials, 403 for roles that may not edit; an editor's empty
# body is a 400, and a change without If-Match a 428.
API_CREATE = (401, 403, 403, 400, 400, 400)
API_CHANGE = (401, 403, 403, 428, 428, 428)
# A method the resource does not have is a 405 with Allow for everyone, before credentials
# are asked for (core.api.negotiation.MethodFirstMixin): the public schema says it anyway.
API_READ_ONLY = NOT_ALLOWED
API_LOCKED = (401, 403, 403, 409, 409, 409)

REFUSALS = {LOGIN, 401, 403, 404, 405, 409, 428}


@dataclass(frozen=True)
class Form:
    """POST the page's own form as the administrator GETs it (from ``url``, another record's
    form, when this one is locked for everyone), with ``overrides``."""

    url: Callable | None = None
    overrides: dict = field(default_factory=dict)


def form(url=None, **overrides) -> Form:
    return Form(url, overrides)


@dataclass(frozen=True)
class Case:
    method: str
    expect: tuple
    kwargs: dict = field(default_factory=dict)  # values: constants or callables of the world
    args: tuple = ()
    query: object = ""  # a string, or a callable of the world
    data: object = None  # dict, callable of the world, or a Form
    label: str = ""


def get(expect, *, label="", query="", args=(), **kwargs) -> Case:
    return Case("GET", expect, kwargs, args, query, None, label)


def post(expect, data=None, *, label="", args=(), **kwargs) -> Case:
    return Case("POST", expect, kwargs, args, "", data if data is not None else {}, label)


def write(method, expect, data=None, *, label="", **kwargs) -> Case:
    return Case(method, expect, kwargs, (), "", data if data is not None else {}, label)


def today(**delta) -> str:
    return (timezone.localdate() + datetime.timedelta(**delta)).isoformat()


def first_point(version):
    return version.points.order_by("number").first().pk


# --- the portal's pages ----------------------------------------------------------------------

PAGES = {
    "home": [get(PUBLIC)],
    "search": [get(PUBLIC, query="?q=planering"), post(PUBLIC, {"q": "planering"})],
    "history": [
        get(PUBLIC, kind="projekt", pk=lambda w: w.project.pk),
        get(DRAFT, kind="projekt", pk=lambda w: w.draft_project.pk),
        get(DRAFT, kind="dialog", pk=lambda w: w.draft_dialogue.pk),
        get(DRAFT, kind="version", pk=lambda w: w.draft_version.pk),
        get(DRAFT, kind="sammantrade", pk=lambda w: w.draft_meeting.pk),
        get(DRAFT, kind="paragraf", pk=lambda w: w.draft_item.pk),
        get(DRAFT, kind="handling", pk=lambda w: w.secret_document.pk),
        get(DRAFT, kind="planeringsomrade", pk=lambda w: w.draft_area.pk),
        get(NOT_FOUND, kind="okand", pk=lambda w: w.project.pk),
    ],
    "login": [
        get(LOGIN_PAGE),
        post((200, 302, 302, 302, 302, 302), {"username": "planner", "password": "wrong"}),
    ],
    "logout": [get(NOT_ALLOWED), post((302,) * 6)],
    "healthz": [get(PUBLIC), post(NOT_ALLOWED)],
    "robots_txt": [get(PUBLIC), post(NOT_ALLOWED)],
    # the public-sector pages, open to everyone (with PUBLIC_READING off too)
    "pages:accessibility": [get(PUBLIC), post(NOT_ALLOWED)],
    "pages:personal_data": [get(PUBLIC), post(NOT_ALLOWED)],
    "pages:contact": [get(PUBLIC), post(NOT_ALLOWED)],
    "set_language": [get((302,) * 6), post((302,) * 6, {"language": "sv", "next": "/"})],
    # projects
    "projects:list": [get(PUBLIC), get(PUBLIC, query="?status=completed")],
    "projects:detail": [
        get(PUBLIC, pk=lambda w: w.project.pk),
        get(DRAFT, pk=lambda w: w.draft_project.pk),
    ],
    "projects:create": [
        get(EDIT),
        post(SAVE, form(diarienummer="RUN/999/2026", title="Nytt projekt", status="planned")),
    ],
    "projects:edit": [
        get(EDIT, pk=lambda w: w.project.pk),
        get(EDIT, pk=lambda w: w.draft_project.pk),
        post(SAVE, form(title="Ändrad titel"), pk=lambda w: w.project.pk),
        post(SAVE, form(title="Ändrad titel"), pk=lambda w: w.draft_project.pk),
    ],
    # dialogues
    "dialogues:list": [get(PUBLIC), get(PUBLIC, query="?sort=title&kind=need")],
    "dialogues:coverage": [
        get(PUBLIC),
        get(PUBLIC, query=lambda w: f"?project={w.project.pk}"),
        get(DRAFT, query=lambda w: f"?project={w.draft_project.pk}"),
    ],
    "dialogues:detail": [
        get(PUBLIC, pk=lambda w: w.dialogue.pk),
        get(DRAFT, pk=lambda w: w.draft_dialogue.pk),
    ],
    "dialogues:create": [
        get(EDIT),
        post(
            SAVE,
            form(
                title="Ny dialog",
                project=lambda w: w.project.pk,
                format="meeting",
                scope="external",
            ),
        ),
    ],
    "dialogues:edit": [
        get(EDIT, pk=lambda w: w.dialogue.pk),
        get(EDIT, pk=lambda w: w.draft_dialogue.pk),
        post(SAVE, form(title="Ändrad dialog"), pk=lambda w: w.dialogue.pk),
        post(SAVE, form(title="Ändrad dialog"), pk=lambda w: w.draft_dialogue.pk),
    ],
    "dialogues:insight_create": [
        get(EDIT, pk=lambda w: w.dialogue.pk),
        post(SAVE, form(text="Nytt behov", kind="need"), pk=lambda w: w.dialogue.pk),
    ],
    "dialogues:insight_edit": [
        get(EDIT, pk=lambda w: w.insight.pk),
        get(EDIT, pk=lambda w: w.conclusion.pk),
        post(SAVE, form(text="Ändrat behov"), pk=lambda w: w.insight.pk),
    ],
    "dialogues:insight_link": [
        get(EDIT, pk=lambda w: w.insight.pk),
        # No point is preselected (issue 12 §3): the post names one of the draft's points.
        post(
            SAVE,
            form(point=lambda w: w.draft_version.points.exclude(insights=w.insight).first().pk),
            pk=lambda w: w.insight.pk,
        ),
    ],
    # the statement of intent
    "directions:list": [get(PUBLIC)],
    "directions:detail": [get(PUBLIC, pk=lambda w: w.direction.pk)],
    "directions:version": [
        get(PUBLIC, pk=lambda w: w.direction.pk, number=lambda w: w.adopted_version.number),
        get(DRAFT, pk=lambda w: w.direction.pk, number=lambda w: w.draft_version.number),
    ],
    "directions:propose": [
        get((LOGIN, 403, 403, 405, 405, 405), pk=lambda w: w.direction.pk),
        post(SAVE, pk=lambda w: w.direction.pk),
    ],
    "directions:point_add": [
        post(
            SAVE,
            {"text": "En ny punkt"},
            pk=lambda w: w.direction.pk,
            number=lambda w: w.draft_version.number,
        ),
        post(
            LOCKED_SAVE,
            {"text": "En ny punkt"},
            pk=lambda w: w.direction.pk,
            number=lambda w: w.adopted_version.number,
        ),
    ],
    "directions:point_edit": [
        get(EDIT, pk=lambda w: first_point(w.draft_version)),
        get(LOCKED, pk=lambda w: first_point(w.adopted_version)),
        post(SAVE, form(text="Ändrad punkt"), pk=lambda w: first_point(w.draft_version)),
        post(
            LOCKED_SAVE,
            form(
                lambda w: reverse("directions:point_edit", args=[first_point(w.draft_version)]),
                text="Ändrad punkt",
            ),
            pk=lambda w: first_point(w.adopted_version),
        ),
    ],
    "directions:compare": [
        get(
            PUBLIC,
            pk=lambda w: w.direction.pk,
            query=lambda w: f"?fran={w.adopted_version.number}&till={w.adopted_version.number}",
        ),
        get(
            DRAFT,
            pk=lambda w: w.direction.pk,
            query=lambda w: f"?fran={w.adopted_version.number}&till={w.draft_version.number}",
        ),
    ],
    "directions:version_submit": [
        get(EDIT, pk=lambda w: w.direction.pk, number=lambda w: w.draft_version.number),
        get(LOCKED, pk=lambda w: w.direction.pk, number=lambda w: w.adopted_version.number),
        post(
            SAVE,
            lambda w: {
                "proposal_point": _first(ProposalPoint.objects.filter(agenda_item=w.draft_item)),
                "record_version": record_version(w.draft_version),
            },
            pk=lambda w: w.direction.pk,
            number=lambda w: w.draft_version.number,
        ),
    ],
    # The draft of the world was never proposed: the page sends the editor back to it.
    "directions:version_decide": [
        get(SAVE, pk=lambda w: w.direction.pk, number=lambda w: w.draft_version.number),
        get(LOCKED, pk=lambda w: w.direction.pk, number=lambda w: w.adopted_version.number),
    ],
    "directions:point_move": [
        post(SAVE, {"offset": "1"}, pk=lambda w: first_point(w.draft_version)),
        post(LOCKED_SAVE, {"offset": "1"}, pk=lambda w: first_point(w.adopted_version)),
    ],
    "directions:point_delete": [
        post(SAVE, pk=lambda w: first_point(w.draft_version)),
        post(LOCKED_SAVE, pk=lambda w: first_point(w.adopted_version)),
    ],
    # decision records
    "decisions:list": [get(PUBLIC)],
    "decisions:committee": [get(PUBLIC, pk=lambda w: w.committee.pk)],
    "decisions:meeting": [
        get(PUBLIC, pk=lambda w: w.published_meeting.pk),
        get(DRAFT, pk=lambda w: w.draft_meeting.pk),
        get(DRAFT, pk=lambda w: w.adjusted_meeting.pk),
    ],
    "decisions:meeting_create": [
        get(EDIT),
        post(SAVE, form(committee=lambda w: w.committee.pk, date=today(days=60))),
    ],
    "decisions:meeting_edit": [
        get(EDIT, pk=lambda w: w.draft_meeting.pk),
        get(LOCKED, pk=lambda w: w.adjusted_meeting.pk),
        get(LOCKED, pk=lambda w: w.published_meeting.pk),
        post(SAVE, form(location="Ändrad plats"), pk=lambda w: w.draft_meeting.pk),
        post(
            LOCKED_SAVE,
            form(lambda w: reverse("decisions:meeting_edit", args=[w.draft_meeting.pk])),
            pk=lambda w: w.adjusted_meeting.pk,
        ),
    ],
    "decisions:meeting_adjust": [
        get(REGISTRAR, pk=lambda w: w.draft_meeting.pk),
        post(
            REGISTRAR_SAVE,
            {"adjusted_on": today(), "adjusters": "Anna Andersson, Bertil Berg", "confirm": "on"},
            pk=lambda w: w.past_draft_meeting.pk,
        ),
        post(
            (LOGIN, 403, 403, 403, 400, 400),
            {"adjusted_on": today(), "adjusters": "Anna Andersson"},
            label="justering not confirmed",
            pk=lambda w: w.past_draft_meeting.pk,
        ),
        post(
            (LOGIN, 403, 403, 403, 400, 400),
            {"adjusted_on": today(), "adjusters": "Anna Andersson"},
            label="minutes already adjusted",
            pk=lambda w: w.adjusted_meeting.pk,
        ),
    ],
    "decisions:meeting_publish": [
        get((LOGIN, 403, 403, 403, 405, 405), pk=lambda w: w.adjusted_meeting.pk),
        post(REGISTRAR_SAVE, {"published_on": today()}, pk=lambda w: w.adjusted_meeting.pk),
    ],
    "decisions:agenda_item_create": [
        get(EDIT, pk=lambda w: w.draft_meeting.pk),
        get(LOCKED, pk=lambda w: w.adjusted_meeting.pk),
        post(SAVE, form(title="Nytt ärende", kind="decision"), pk=lambda w: w.draft_meeting.pk),
        post(
            LOCKED_SAVE,
            form(
                lambda w: reverse("decisions:agenda_item_create", args=[w.draft_meeting.pk]),
                title="Nytt ärende",
                kind="decision",
            ),
            pk=lambda w: w.adjusted_meeting.pk,
        ),
    ],
    "decisions:agenda_item": [
        get(PUBLIC, pk=lambda w: w.published_item.pk),
        get(DRAFT, pk=lambda w: w.draft_item.pk),
        get(DRAFT, pk=lambda w: w.adjusted_item.pk),
    ],
    "decisions:agenda_item_edit": [
        get(EDIT, pk=lambda w: w.draft_item.pk),
        get(LOCKED, pk=lambda w: w.adjusted_item.pk),
        get(LOCKED, pk=lambda w: w.published_item.pk),
        post(SAVE, form(title="Ändrat ärende"), pk=lambda w: w.draft_item.pk),
        post(
            LOCKED_SAVE,
            form(
                lambda w: reverse("decisions:agenda_item_edit", args=[w.draft_item.pk]),
                title="Ändrat ärende",
            ),
            pk=lambda w: w.adjusted_item.pk,
        ),
    ],
    "decisions:agenda_item_extract": [
        get(PUBLIC, pk=lambda w: w.published_item.pk),
        get(DRAFT, pk=lambda w: w.draft_item.pk),
    ],
    "decisions:document_create": [
        get(EDIT, pk=lambda w: w.draft_item.pk),
        get(LOCKED, pk=lambda w: w.adjusted_item.pk),
        post(SAVE, form(title="Ny handling", kind="appendix"), pk=lambda w: w.draft_item.pk),
        post(
            LOCKED_SAVE,
            form(
                lambda w: reverse("decisions:document_create", args=[w.draft_item.pk]),
                title="Ny handling",
                kind="appendix",
            ),
            pk=lambda w: w.adjusted_item.pk,
        ),
    ],
    "decisions:document": [
        get(PUBLIC, pk=lambda w: w.public_document.pk),
        get(DRAFT, pk=lambda w: w.secret_document.pk),
    ],
    "decisions:document_download": [
        get(PUBLIC, pk=lambda w: w.public_document.pk),
        get(DRAFT, pk=lambda w: w.secret_document.pk),
    ],
    # places and organisations
    "places:list": [get(PUBLIC)],
    "places:county": [get(PUBLIC, code="23"), get(NOT_FOUND, code="99")],
    "places:municipality": [get(PUBLIC, code="2380"), get(NOT_FOUND, code="9999")],
    "places:planning_area_list": [get(PUBLIC)],
    "places:planning_area": [
        get(PUBLIC, pk=lambda w: w.area.pk),
        get(DRAFT, pk=lambda w: w.draft_area.pk),
    ],
    "organisations:list": [get(PUBLIC)],
    "organisations:detail": [get(PUBLIC, pk=lambda w: w.project.owner_id)],
    # the map, its downloads and its planning-area forms
    "maps:map": [
        get(PUBLIC),
        get(PUBLIC, query=lambda w: f"?project={w.project.pk}&kind=infrastructure"),
    ],
    "maps:download": [
        get(PUBLIC, layer_id=layer, fmt=fmt) for layer in LAYERS for fmt in ("geojson", "csv")
    ]
    + [
        get(PUBLIC, layer_id="dialogues", fmt="gpkg"),
        get(NOT_FOUND, layer_id="nothing", fmt="geojson"),
        get(NOT_FOUND, layer_id="dialogues", fmt="shp"),
        post(NOT_ALLOWED, layer_id="dialogues", fmt="geojson"),
    ],
    "maps:planning_area_create": [
        get(EDIT),
        post(
            SAVE,
            form(
                lambda w: reverse("maps:planning_area_edit", args=[w.area.pk]),
                name="Nytt område",
            ),
        ),
    ],
    "maps:planning_area_edit": [
        get(EDIT, pk=lambda w: w.area.pk),
        get(EDIT, pk=lambda w: w.draft_area.pk),
        post(SAVE, form(name="Ändrat område"), pk=lambda w: w.area.pk),
    ],
}

# --- OGC API - Features and the map layers ---------------------------------------------------

DRAFT_FEATURES = {  # collection → the world's record that only roles may see
    "dialogues": lambda w: w.draft_dialogue.pk,
    "project-scopes": lambda w: w.draft_project.pk,
    "planning-areas": lambda w: w.draft_area.pk,
}
PUBLIC_FEATURES = {
    "municipalities": lambda w: w.municipality.pk,
    "counties": lambda w: w.municipality.county_id,
    "dialogues": lambda w: w.dialogue.pk,
    "project-scopes": lambda w: w.project.pk,
    "planning-areas": lambda w: w.area.pk,
}

OGC = {
    "ogc:landing": [get(PUBLIC), post(NOT_ALLOWED)],
    "ogc:api": [get(PUBLIC)],
    "ogc:conformance": [get(PUBLIC)],
    "ogc:collections": [get(PUBLIC)],
    "ogc:collection": [get(PUBLIC, collection_id=c) for c in LAYERS]
    + [get(NOT_FOUND, collection_id="nothing")],
    "ogc:items": [get(PUBLIC, collection_id=c) for c in LAYERS]
    + [post(NOT_ALLOWED, collection_id="dialogues")],
    "ogc:item": [get(PUBLIC, collection_id=c, feature_id=f) for c, f in PUBLIC_FEATURES.items()]
    + [get(DRAFT, collection_id=c, feature_id=f) for c, f in DRAFT_FEATURES.items()],
}

LAYER_URLS = {
    f"layers:{layer}": [get(PUBLIC), post(API_READ_ONLY)]
    + ([get(PUBLIC, query="?cluster=5000")] if LAYERS[layer].point_only else [])
    for layer in LAYERS
}

# --- the REST API ----------------------------------------------------------------------------


def _first(queryset):
    return queryset.order_by("pk").values_list("pk", flat=True).first()


# basename → (a record anyone may read, a record only roles may read or None, what changing
# the readable record answers: API_CHANGE, API_LOCKED for adjusted minutes and adopted
# versions, API_READ_ONLY for resources the API does not change)
API = {
    "project": (lambda w: w.project.pk, lambda w: w.draft_project.pk, API_CHANGE),
    "fundingline": (
        lambda w: _first(FundingLine.objects.filter(project=w.project)),
        lambda w: _first(FundingLine.objects.filter(project=w.draft_project)),
        API_READ_ONLY,
    ),
    "milestone": (
        lambda w: _first(Milestone.objects.filter(project=w.project)),
        lambda w: _first(Milestone.objects.filter(project=w.draft_project)),
        API_READ_ONLY,
    ),
    "organisation": (lambda w: w.project.owner_id, None, API_READ_ONLY),
    "county": (lambda w: "23", None, API_READ_ONLY),
    "municipality": (lambda w: "2380", None, API_READ_ONLY),
    "planningarea": (lambda w: w.area.pk, lambda w: w.draft_area.pk, API_CHANGE),
    "dialogue": (lambda w: w.dialogue.pk, lambda w: w.draft_dialogue.pk, API_CHANGE),
    "insight": (
        lambda w: w.insight.pk,
        lambda w: _first(Insight.objects.filter(dialogue=w.draft_dialogue)),
        API_CHANGE,
    ),
    "direction": (lambda w: w.direction.pk, None, API_CHANGE),
    "directionversion": (lambda w: w.adopted_version.pk, lambda w: w.draft_version.pk, API_LOCKED),
    "directionpoint": (
        lambda w: first_point(w.adopted_version),
        lambda w: first_point(w.draft_version),
        API_READ_ONLY,
    ),
    "committee": (lambda w: w.committee.pk, None, API_READ_ONLY),
    "meeting": (lambda w: w.published_meeting.pk, lambda w: w.draft_meeting.pk, API_READ_ONLY),
    "agendaitem": (lambda w: w.published_item.pk, lambda w: w.draft_item.pk, API_LOCKED),
    "proposalpoint": (
        lambda w: _first(ProposalPoint.objects.filter(agenda_item=w.published_item)),
        lambda w: _first(ProposalPoint.objects.filter(agenda_item=w.draft_item)),
        API_READ_ONLY,
    ),
    "decisionpoint": (
        lambda w: _first(DecisionPoint.objects.filter(agenda_item=w.published_item)),
        lambda w: _first(DecisionPoint.objects.filter(agenda_item=w.draft_item)),
        API_READ_ONLY,
    ),
    "document": (lambda w: w.public_document.pk, lambda w: w.secret_document.pk, API_READ_ONLY),
}


def _api_cases(basename: str, visible, hidden, change: tuple) -> dict:
    lookup = "code" if basename in ("county", "municipality") else "pk"
    detail = [get(PUBLIC, **{lookup: visible})]
    if hidden is not None:
        detail.append(get(DRAFT, **{lookup: hidden}))
    detail += [write(method, change, **{lookup: visible}) for method in ("PUT", "PATCH", "DELETE")]
    return {
        f"{basename}-list": [
            get(PUBLIC),
            get(PUBLIC, query="?format=csv"),
            post(API_READ_ONLY if change == API_READ_ONLY else API_CREATE),
        ],
        f"{basename}-detail": detail,
    }


API_URLS = {
    "api-root": [get(PUBLIC)],
    "api-schema": [get(PUBLIC)],
    "api-docs": [get(PUBLIC)],
    # re_path("^api/"): anything else under api/ is a JSON 404
    "^api/": [Case("GET", NOT_FOUND, label="/api/nothing/")],
}
for _basename, (_visible, _hidden, _change) in API.items():
    API_URLS.update(_api_cases(_basename, _visible, _hidden, _change))
# Justering over the API: registrars only, with an explicit "confirm": true.
API_URLS["meeting-adjust"] = [
    post(
        (401, 403, 403, 403, 200, 200),
        {"adjusted_on": today(), "adjusters": "Anna Andersson", "confirm": True},
        pk=lambda w: w.past_draft_meeting.pk,
    ),
    post(
        (401, 403, 403, 403, 400, 400),
        {"adjusted_on": today(), "adjusters": "Anna Andersson", "confirm": "yes"},
        label="justering not confirmed",
        pk=lambda w: w.past_draft_meeting.pk,
    ),
    post(
        (401, 403, 403, 403, 400, 400),
        {"adjusted_on": today(), "adjusters": "Anna Andersson", "confirm": True},
        label="minutes already adjusted",
        pk=lambda w: w.adjusted_meeting.pk,
    ),
]

# The version's life over the API (directions.api): the adopted version is locked, a draft
# is changed with If-Match only; the comparison reads.
API_URLS.update(
    {
        f"directionversion-{step}": [
            post(API_LOCKED, pk=lambda w: w.adopted_version.pk),
            post(API_CHANGE, pk=lambda w: w.draft_version.pk),
        ]
        for step in ("propose", "decide")
    }
)
API_URLS["directionversion-compare"] = [
    get(
        PUBLIC,
        pk=lambda w: w.adopted_version.pk,
        query=lambda w: f"?with={w.adopted_version.pk}",
    ),
    get(
        DRAFT,
        pk=lambda w: w.draft_version.pk,
        query=lambda w: f"?with={w.adopted_version.pk}",
    ),
]

# --- the Django admin (staff only: everyone else is sent to the admin's login) --------------

# Every model in the admin → what its delete page and the confirmed delete answer the
# administrator (for the model's first record): 200/302 shown and deleted (rolled back
# here); 200/200 the page naming the protected records that prevent it; 403 not allowed:
# records of adjusted minutes and adopted versions are locked (the first agenda item, point,
# meeting, document and version of the case are), tokens are revoked rather than deleted,
# and so a user owning one (the administrator, the first user) is not deleted either.
DELETED = (200, 302)
PROTECTED = (200, 200)
LOCKED_IN_ADMIN = (403, 403)
ADMIN_MODELS = {
    "auth.group": DELETED,
    "auth.user": (200, 403),
    "places.county": PROTECTED,
    "places.municipality": PROTECTED,
    "places.planningarea": DELETED,
    "organisations.organisation": PROTECTED,
    "projects.project": PROTECTED,
    "projects.fundingline": DELETED,
    "projects.milestone": DELETED,
    "dialogues.theme": DELETED,
    "dialogues.dialogue": DELETED,
    "dialogues.insight": DELETED,
    "directions.direction": PROTECTED,
    "directions.directionversion": LOCKED_IN_ADMIN,
    "directions.directionpoint": LOCKED_IN_ADMIN,
    "decisions.committee": PROTECTED,
    "decisions.meeting": LOCKED_IN_ADMIN,
    "decisions.agendaitem": LOCKED_IN_ADMIN,
    "decisions.proposalpoint": LOCKED_IN_ADMIN,
    "decisions.decisionpoint": LOCKED_IN_ADMIN,
    "decisions.document": LOCKED_IN_ADMIN,
    "integrations.apitoken": LOCKED_IN_ADMIN,
}
# Models whose admin keeps django-simple-history's page of one historical version.
ADMIN_WITHOUT_HISTORY_VERSIONS = {"auth.group", "auth.user", "integrations.apitoken"}


def _admin_object(label: str):
    return lambda w: _first(apps.get_model(label).objects.all())


def _admin_history_id(label: str):
    def history_id(world):
        model = apps.get_model(label)
        first = model.history.order_by("pk").first()
        return first.pk if first else 1  # (a world without it only checks the login redirect)

    return history_id


def _admin_cases(label: str, delete: tuple[int, int]) -> dict:
    app, model = label.split(".")
    name = f"admin:{app}_{model}"
    obj = _admin_object(label)
    cases = {
        f"{name}_changelist": [get(STAFF)],
        f"{name}_add": [get(STAFF), post((LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200))],
        f"{name}_history": [get(STAFF, object_id=obj)],
        f"{name}_delete": [
            get((LOGIN,) * 5 + (delete[0],), object_id=obj),
            post((LOGIN,) * 5 + (delete[1],), {"post": "yes"}, object_id=obj),
        ],
        f"{name}_change": [get(STAFF, object_id=obj)],
        # the bare object URL redirects to its change page (for staff)
        f"admin/{app}/{model}/<path:object_id>/": [
            Case("GET", (LOGIN,) * 5 + (302,), label=f"/admin/{app}/{model}/1/")
        ],
    }
    if label not in ADMIN_WITHOUT_HISTORY_VERSIONS:
        cases[f"{name}_simple_history"] = [get(STAFF, args=(obj, _admin_history_id(label)))]
        # Deleted records restored from the history (tests/core/test_restore.py restores one;
        # here: who reaches the pages, and a record that was never deleted is not found).
        cases[f"{name}_recoverlist"] = [get(STAFF)]
        cases[f"{name}_recover"] = [
            get((LOGIN,) * 5 + (404,), history_id=_admin_history_id(label)),
            post((LOGIN,) * 5 + (404,), history_id=_admin_history_id(label)),
        ]
    return cases


ADMIN = {
    "admin:index": [get(STAFF)],
    "admin:login": [get((200, 200, 200, 200, 200, 302))],
    "admin:logout": [get((302, 302, 302, 302, 302, 405)), post((302,) * 6)],
    "admin:password_change": [get(STAFF)],
    "admin:password_change_done": [get(STAFF)],
    "admin:autocomplete": [get((LOGIN,) * 5 + (403,))],
    "admin:jsi18n": [get(STAFF)],
    "admin:view_on_site": [
        get(
            (LOGIN,) * 5 + (302,),
            content_type_id=lambda w: _content_type("projects.project"),
            object_id=lambda w: w.project.pk,
        )
    ],
    "admin:app_list": [get(STAFF, app_label="projects")],
    "admin:auth_user_password_change": [
        get(STAFF, id=lambda w: _first(apps.get_model("auth.user").objects.all()))
    ],
    "admin:places_county_import": [get(STAFF)],
    "admin:places_municipality_import": [get(STAFF)],
    # admin/(?P<url>.*)$: the admin's catch-all
    "admin/(?P<url>.*)$": [Case("GET", (LOGIN,) * 5 + (404,), label="/admin/nothing/")],
}
for _label, _delete in ADMIN_MODELS.items():
    ADMIN.update(_admin_cases(_label, _delete))


def _content_type(label: str) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(apps.get_model(label)).pk


TABLE: dict[str, list[Case]] = {**PAGES, **OGC, **LAYER_URLS, **API_URLS, **ADMIN}


# --- the resolver ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name (with namespace), or the route for unnamed patterns
    route: str
    has_format: bool  # the REST API's format-suffix twin of a pattern


@functools.cache
def all_patterns() -> tuple[Pattern, ...]:
    return tuple(url_patterns())


def url_patterns(patterns=None, prefix: str = "", namespace: str | None = None):
    """Every URL pattern of the portal, walking through includes."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            groups = p.pattern.regex.groupindex
            yield Pattern(name or route, route, "format" in groups)


def test_every_url_pattern_has_an_entry_in_the_table():
    keys = {p.key for p in all_patterns()}
    missing = sorted(keys - TABLE.keys())
    stale = sorted(TABLE.keys() - keys)
    assert not missing, f"URL patterns without expectations (add them to TABLE): {missing}"
    assert not stale, f"TABLE entries for URL patterns that no longer exist: {stale}"


def test_every_table_entry_tries_every_role():
    for key, cases in TABLE.items():
        assert cases, key
        for case in cases:
            assert len(case.expect) == len(ROLES), key


# --- requests --------------------------------------------------------------------------------


def _value(value, world):
    return value(world) if callable(value) else value


def _urls(key: str, case: Case, world) -> list[str]:
    """The URLs of one case: each pattern carrying the key (the API's format-suffix twin as
    ``.json``)."""
    if case.label.startswith("/"):
        return [case.label]
    kwargs = {k: _value(v, world) for k, v in case.kwargs.items()}
    args = [_value(v, world) for v in case.args]
    urls = []
    for has_format in sorted({p.has_format for p in all_patterns() if p.key == key}):
        extra = {"format": "json"} if has_format else {}
        url = reverse(key, args=args) if args else reverse(key, kwargs={**kwargs, **extra})
        url += _value(case.query, world)
        if url not in urls:
            urls.append(url)
    return urls


def fingerprint() -> dict:
    """Rows and the latest change of every table (sessions aside: logging in writes one)."""
    result = {}
    for model in apps.get_models():
        if model is Session:
            continue
        fields = {f.name for f in model._meta.concrete_fields}
        aggregates = {"n": Count("pk")}
        if "modified" in fields:
            aggregates["m"] = Max("modified")
        result[model._meta.label] = model._default_manager.aggregate(**aggregates)
    return result


def _post_data(case: Case, url: str, world, admin_client) -> dict:
    data = case.data
    if isinstance(data, Form):
        page = _value(data.url, world) if data.url else url
        response = admin_client.get(page)
        assert response.status_code == 200, f"{page}: {response.status_code}"
        fields = form_data(response.content.decode())
        for name, value in data.overrides.items():
            fields[name] = [str(_value(value, world))]
        return fields
    return _value(data, world) or {}


def _request(client, method: str, url: str, data):
    if method == "GET":
        return client.get(url)
    if method == "POST" and not url.startswith("/api/"):
        return client.post(url, data)
    # The REST API reads JSON only.
    send = getattr(client, method.lower())
    return send(url, data=json.dumps(data or {}), content_type="application/json")


def _status(response) -> int | str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(
        (reverse("login"), reverse("admin:login"))
    ):
        return LOGIN
    return response.status_code


@pytest.fixture
def url_world(world, settings, admin_user):
    settings.API_THROTTLE_RATES = {k: "100000/minute" for k in ("anon", "token", "user")}
    # The records the table asks for that the page world lacks.
    DecisionPointFactory(agenda_item=world.draft_item)
    # Features for the OGC items of every collection.
    Project.objects.filter(pk=world.project.pk).update(scope=square(470_000, 7_000_000))
    Municipality.objects.filter(pk=world.municipality.pk).update(
        boundary=MultiPolygon(square(470_000, 7_000_000))
    )
    County.objects.filter(pk=world.municipality.county_id).update(
        boundary=MultiPolygon(square(470_000, 7_000_000, size=50_000))
    )
    token_create(name="GIS", owner=admin_user, can_write=False)
    ThemeFactory()
    # Draft minutes of a meeting held: the registrar may adjust them.
    world.past_draft_meeting = MeetingFactory(
        committee=world.committee, date=timezone.localdate() - datetime.timedelta(days=5)
    )
    return world


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_table_says(role, url_world, as_role, admin_user):
    column = ROLES.index(role)
    admin_client = Client()
    admin_client.force_login(admin_user)
    as_role(role)  # creates the persona before the database is fingerprinted
    before = fingerprint()
    wrong = []
    for pattern_key, cases in TABLE.items():
        for case in cases:
            expected = case.expect[column]
            for url in _urls(pattern_key, case, url_world):
                data = (
                    _post_data(case, url, url_world, admin_client)
                    if case.data is not None
                    else None
                )
                client = as_role(role)
                with transaction.atomic():
                    status = _status(_request(client, case.method, url, data))
                    refused = case.method != "GET" and expected in REFUSALS
                    after = fingerprint() if refused else before
                    changed = sorted(k for k in before if before[k] != after[k])
                    transaction.set_rollback(True)
                if status != expected:
                    wrong.append(f"{case.method} {url}: {status}, expected {expected}")
                if changed:
                    wrong.append(
                        f"{case.method} {url}: refused with {status} but changed {changed}"
                    )
    assert not wrong, "\n".join(wrong)


def test_the_fingerprint_sees_a_change_that_a_form_saves(url_world, as_role, admin_user):
    """The "database unchanged" check is not vacuous: the planner's save of the same form
    data that refused roles send does change the fingerprint."""
    admin_client = Client()
    admin_client.force_login(admin_user)
    url = reverse("projects:edit", args=[url_world.project.pk])
    data = _post_data(post(SAVE, form(title="Ändrad titel")), url, url_world, admin_client)
    client = as_role("planner")
    before = fingerprint()
    assert client.post(url, data).status_code == 302
    assert fingerprint() != before
    url_world.project.refresh_from_db()
    assert url_world.project.title == "Ändrad titel"
