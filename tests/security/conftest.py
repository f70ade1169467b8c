"""
The world of the security tests: the real case and every state the pages treat differently
(tests/page_world.py), with each record that the public must not see carrying one marker
string in its title or text, so that a leak anywhere (a page, a search result, a map layer,
a download, an export) is found by looking for the marker in the response.
"""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache

from decisions.models import AgendaItem, AgendaItemDocument, Document, Meeting, ProposalPoint
from dialogues.models import Dialogue, Insight
from directions.models import DirectionPoint
from places.models import PlanningArea
from projects.models import Project
from tests.dialogues.factories import DialogueFactory
from tests.geometry import square
from tests.page_world import World, build_world
from tests.places.factories import PlanningAreaFactory
from tests.projects.factories import FundingLineFactory, MilestoneFactory

# One word, so that full-text search (Swedish stemming on PostgreSQL) finds it as it is.
MARKER = "qzxhemligt"

# The six roles every URL is asked as, in the order of the expectation tables.
ROLES = ("anonymous", "outsider", "committee_member", "planner", "registrar", "admin_user")


def mark(model, pk: int, **fields: str) -> None:
    """Put the marker into text fields of a record (queryset update: no history rows)."""
    model.objects.filter(pk=pk).update(**{k: f"{v} {MARKER}" for k, v in fields.items()})


def build_secret_world() -> World:
    w = build_world()
    # Drafts and unpublished records, marked.
    mark(Project, w.draft_project.pk, title="Utkast till projekt", summary="Utkast")
    Project.objects.filter(pk=w.draft_project.pk).update(scope=square(480_000, 7_000_000))
    MilestoneFactory(project=w.draft_project, title=f"Milstolpe {MARKER}")
    FundingLineFactory(project=w.draft_project, programme=f"Anslag {MARKER}")
    mark(Dialogue, w.draft_dialogue.pk, title="Utkast till dialog", summary="Utkast")
    Dialogue.objects.filter(pk=w.draft_dialogue.pk).update(
        municipality=w.municipality, location=Point(476_000, 7_004_000, srid=3006)
    )
    for insight in Insight.objects.filter(dialogue=w.draft_dialogue):
        mark(Insight, insight.pk, text="Hemligt utkast")
    # A published dialogue of a draft project: the dialogue is public, its project is not.
    DialogueFactory(
        project=w.draft_project,
        title="Publicerad dialog i ett utkastprojekt",
        municipality=w.municipality,
        location=Point(478_000, 7_002_000, srid=3006),
    )
    PlanningAreaFactory(
        project=w.draft_project,
        name="Publicerat område i ett utkastprojekt",
        geometry=square(490_000, 7_020_000),
    )
    for point in DirectionPoint.objects.filter(version=w.draft_version):
        mark(DirectionPoint, point.pk, text="Utkast till punkt")
    mark(Meeting, w.draft_meeting.pk, location="Sammanträdesrum")
    mark(AgendaItem, w.draft_item.pk, title="Ärende i utkast", summary="Utkast")
    for point in ProposalPoint.objects.filter(agenda_item=w.draft_item):
        mark(ProposalPoint, point.pk, text="Förslag")
    mark(PlanningArea, w.draft_area.pk, name="Utkast till område", description="Utkast")
    # A non-public document belonging to the published project and to the published
    # agenda item as well: it stays hidden wherever those are shown.
    mark(Document, w.secret_document.pk, title="Sekretessbelagd handling")
    Document.objects.filter(pk=w.secret_document.pk).update(project=w.project)
    AgendaItemDocument.objects.create(
        agenda_item=w.published_item, document=w.secret_document, position=10
    )
    for obj in (w.draft_project, w.draft_dialogue, w.draft_item, w.secret_document, w.draft_area):
        obj.refresh_from_db()
    return w


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Layer caches and API throttling counts live in the cache, which outlives a test.
    cache.clear()
    yield build_secret_world()
    cache.clear()


@pytest.fixture
def as_role(request, client):
    """``as_role(role)``: the test client logged in as that persona (or anonymous)."""

    def login(role: str):
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return login
