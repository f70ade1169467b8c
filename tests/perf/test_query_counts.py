"""Every page, API list, layer and OGC item list makes as many queries with many rows as
with few: the page world (the real case and one record of every state) is grown by 18 of
everything each page lists, and every URL is asked again. The counts of single pages are
pinned in their apps' tests; here all of them are held equal across the two sizes, and
the map's are pinned."""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import AgendaItemDocument
from tests.api.helpers import list_url
from tests.decisions.factories import AgendaItemFactory, DocumentFactory, MeetingFactory
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.geometry import point
from tests.page_world import build_world
from tests.places.factories import PlanningAreaFactory
from tests.projects.factories import MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db

_numbers = itertools.count(100)


def grow(world, n: int) -> None:
    """n more of everything the pages below list, published and not."""
    for _ in range(n):
        i = next(_numbers)
        published = i % 3 != 0
        project = ProjectFactory(is_published=published)
        dialogue = DialogueFactory(
            project=world.project,
            municipality=world.municipality,
            title=f"Dialog {i}",
            location=point(14 + i / 1000, 63),
            is_published=published,
        )
        InsightFactory(dialogue=world.dialogue, text=f"Insikt {i}")
        InsightFactory(dialogue=dialogue, text=f"Insikt {i}")
        MilestoneFactory(project=world.project, title=f"Delmål {i}")
        PlanningAreaFactory(project=project, name=f"Område {i}", is_published=published)
        MeetingFactory(
            committee=world.committee, date=datetime.date(2030, 1, 1) + datetime.timedelta(days=i)
        )
        AgendaItemFactory(meeting=world.draft_meeting, number=None, title=f"Dialog ärende {i}")
        document = DocumentFactory(title=f"Dialog handling {i}", project=world.project)
        AgendaItemDocument.objects.create(
            agenda_item=world.draft_item, document=document, position=10 + i
        )


def urls(world, *, reader_of_drafts: bool) -> list[str]:
    pages = [
        reverse("home"),
        reverse("search") + "?q=Dialog",
        reverse("projects:list"),
        reverse("projects:detail", args=[world.project.pk]),
        reverse("dialogues:list"),
        reverse("dialogues:coverage"),
        reverse("dialogues:detail", args=[world.dialogue.pk]),
        reverse("decisions:list"),
        reverse("decisions:committee", args=[world.committee.pk]),
        reverse("places:list"),
        reverse("places:municipality", args=[world.municipality.code]),
        reverse("places:planning_area_list"),
        reverse("places:planning_area", args=[world.area.pk]),
        reverse("directions:list"),
        reverse("directions:detail", args=[world.direction.pk]),
        reverse("organisations:list"),
        reverse("maps:map"),
        list_url("project"),
        list_url("dialogue"),
        list_url("insight"),
        list_url("planningarea"),
        list_url("agendaitem"),
        list_url("document"),
        list_url("dialogue", search="Dialog"),
        *(reverse(f"layers:{layer_id}") for layer_id in LAYER_IDS),
        reverse("layers:dialogues") + "?cluster=20000&bbox=10,55,25,69",
        reverse("ogc:items", args=["dialogues"]) + "?f=json",
    ]
    if reader_of_drafts:
        pages += [
            reverse("decisions:meeting", args=[world.draft_meeting.pk]),
            reverse("decisions:agenda_item", args=[world.draft_item.pk]),
        ]
    return pages


LAYER_IDS = ["municipalities", "counties", "project-scopes", "planning-areas", "dialogues"]


def count_queries(client, url: str) -> int:
    """The queries of one request, with the layer cache empty (a miss)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(captured)


@pytest.mark.parametrize("persona", ["anonymous", "planner"])
def test_every_page_and_list_costs_the_same_queries_with_many_rows(client, persona, request):
    world = build_world()
    if persona == "planner":
        client.force_login(request.getfixturevalue("planner"))
    pages = urls(world, reader_of_drafts=persona == "planner")
    for url in pages:  # per-connection caches (spatial backend version, content types)
        client.get(url)
    grow(world, 2)  # every kind of the search has a match: its results are fetched
    few = {url: count_queries(client, url) for url in pages}
    grow(world, 18)
    many = {url: count_queries(client, url) for url in pages}
    differing = {url: (few[url], many[url]) for url in pages if few[url] != many[url]}
    assert not differing, differing


# The map page: session, user, roles (logged in); projects for the filter; one query per
# table beside the map (five layers). Layers: the data version and the layer (one query on
# a cache hit).
MAP_PAGE = {"anonymous": 6, "planner": 9}
LAYER = {"anonymous": 2, "planner": 5}


@pytest.mark.parametrize("persona", ["anonymous", "planner"])
def test_the_map_page_and_its_layers_are_pinned(client, persona, request):
    world = build_world()
    if persona == "planner":
        client.force_login(request.getfixturevalue("planner"))
    client.get(reverse("maps:map"))
    for size, rows in (("few", 2), ("many", 18)):
        grow(world, rows)
        assert count_queries(client, reverse("maps:map")) == MAP_PAGE[persona], size
        for layer_id in LAYER_IDS:
            url = reverse(f"layers:{layer_id}")
            assert count_queries(client, url) == LAYER[persona], (size, layer_id)
            with CaptureQueriesContext(connection) as cached:
                client.get(url)
            assert len(cached) == LAYER[persona] - 1, (size, layer_id, "cached")
