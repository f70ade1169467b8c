"""The map page: tables of the same features as the map, filters kept in the URL, Leaflet from
the portal's own static files, no inline script, constant queries."""

import json
import re

import pytest
from django.urls import reverse

from tests.dialogues.factories import DialogueFactory
from tests.geometry import ARE, OSTERSUND, box
from tests.places.factories import PlanningAreaFactory, municipality_at
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def config(response, script_id="map-config"):
    match = re.search(
        rf'<script id="{script_id}" type="application/json">(.*?)</script>'.encode(),
        response.content,
        re.S,
    )
    return json.loads(match.group(1))


@pytest.fixture
def mapped():
    ostersund = municipality_at(*OSTERSUND, code="2380", name="Östersund")
    municipality_at(*ARE, code="2321", name="Åre")
    project = ProjectFactory(title="Strategisk planering", scope=box(14, 63))
    dialogue = DialogueFactory(project=project, municipality=ostersund, title="Dialog i Östersund")
    draft = DialogueFactory(project=project, municipality=ostersund, is_published=False)
    area = PlanningAreaFactory(project=project, name="Stråket", kind="infrastructure")
    return {"project": project, "dialogue": dialogue, "draft": draft, "area": area}


def test_map_page_lists_the_features_of_every_layer_in_tables(client, mapped):
    response = client.get(reverse("maps:map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for layer_id in ("municipalities", "dialogues", "project-scopes", "planning-areas"):
        assert f'data-layer-table="{layer_id}"' in html
    assert "Dialog i Östersund" in html
    assert f'href="http://testserver/dialoger/{mapped["dialogue"].pk}/"' in html
    assert mapped["draft"].title not in html  # anonymous: published only
    assert 'href="http://testserver/platser/kommuner/2380/"' in html
    assert "Stråket" in html


def test_map_page_has_no_inline_script_and_no_external_resources(client, mapped):
    html = client.get(reverse("maps:map")).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'type="application/json"' in tag or "src=" in tag, tag
    for src in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html):
        assert src.startswith("/static/"), src
    assert "/static/leaflet/leaflet.js" in html
    assert 'type="module" src="/static/maps/map.js"' in html
    assert " onclick=" not in html and " style=" not in html


def test_the_map_configuration_names_the_layers_tiles_and_legend(client, mapped, settings):
    settings.MAP_TILES_URL = "https://tiles.example.se/{z}/{x}/{y}.png"
    response = client.get(reverse("maps:map"))
    data = config(response)
    assert data["layers"]["dialogues"]["data"] == "/api/v1/layers/dialogues/"
    assert data["layers"]["dialogues"]["total"] == 1
    assert data["coverage"][0]["low"] == data["coverage"][0]["high"] == 0
    # The tiles and the view every map starts from: once per page, from settings.
    defaults = config(response, "map-defaults")
    assert defaults["tiles"]["url"] == "https://tiles.example.se/{z}/{x}/{y}.png"
    assert defaults["center"] == list(settings.LEAFLET_CONFIG["DEFAULT_CENTER"])
    assert defaults["zoom"] == settings.LEAFLET_CONFIG["DEFAULT_ZOOM"]


def test_no_map_script_keeps_a_centre_or_tiles_of_its_own(settings):
    """The map defaults live in settings only (map-common.js reads them from the page)."""
    lat, lon = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
    scripts = [
        *settings.BASE_DIR.joinpath("static", "js").glob("*.js"),
        *settings.BASE_DIR.joinpath("maps", "static", "maps").glob("*.js"),
    ]
    assert len(scripts) >= 4
    for script in scripts:
        source = script.read_text(encoding="utf-8")
        assert str(lat) not in source and str(lon) not in source, script.name
        assert "tile.openstreetmap.org" not in source, script.name


def test_filters_apply_to_the_tables_and_are_kept_in_the_layer_and_download_urls(client, mapped):
    other = ProjectFactory(title="Annat projekt")
    DialogueFactory(project=other, title="Annan dialog", municipality=None)
    query = {"project": mapped["project"].pk, "start": "2026-01-01", "kind": "infrastructure"}
    response = client.get(reverse("maps:map"), query)
    html = response.content.decode()
    assert "Annan dialog" not in html
    assert "Dialog i Östersund" in html
    layer_url = config(response)["layers"]["planning-areas"]["data"]
    assert layer_url == (
        f"/api/v1/layers/planning-areas/?project={mapped['project'].pk}"
        "&start=2026-01-01&kind=infrastructure"
    )
    downloads = config(response)["layers"]["dialogues"]["downloads"]
    assert downloads["csv"].startswith("/karta/ladda-ner/dialogues.csv?project=")
    # The form shows the chosen filters.
    assert 'value="2026-01-01"' in html
    assert f'<option value="{mapped["project"].pk}" selected>' in html


def test_invalid_filters_are_explained_and_ignored(client, mapped):
    response = client.get(reverse("maps:map"), {"start": "2026-06-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "Perioden måste börja innan den slutar" in response.content.decode()
    assert "Dialog i Östersund" in response.content.decode()


def test_planners_see_drafts_and_the_link_to_draw_a_planning_area(client, mapped, planner):
    client.force_login(planner)
    html = client.get(reverse("maps:map")).content.decode()
    assert mapped["draft"].title in html
    assert reverse("maps:planning_area_create") in html


def test_committee_members_get_no_link_to_draw(client, mapped, committee_member):
    client.force_login(committee_member)
    html = client.get(reverse("maps:map")).content.decode()
    assert mapped["draft"].title in html
    assert reverse("maps:planning_area_create") not in html


@pytest.mark.parametrize("rows", [2, 20])
def test_map_page_queries_are_constant(client, django_assert_num_queries, rows):
    municipality = municipality_at(*OSTERSUND)
    for i in range(rows):
        project = ProjectFactory(scope=box(14 + i / 100, 63))
        DialogueFactory(project=project, municipality=municipality)
        PlanningAreaFactory(project=project)
        municipality_at(15 + i / 50, 64, code=f"24{i:02d}")
    # projects for the filter, then one per table (five layers)
    with django_assert_num_queries(6):
        assert client.get(reverse("maps:map")).status_code == 200
