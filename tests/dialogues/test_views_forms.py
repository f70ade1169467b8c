import html
import json
import re

import pytest
from django.urls import reverse

from core.models import record_version
from dialogues.models import Dialogue, Insight
from directions.models import DirectionVersion
from tests.decisions.factories import DecisionPointFactory
from tests.dialogues.factories import DialogueFactory, InsightFactory, ThemeFactory
from tests.directions.factories import DirectionPointFactory, DirectionVersionFactory
from tests.organisations.factories import OrganisationFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

OSTERSUND = {"type": "Point", "coordinates": [14.6357, 63.1792]}


def dialogue_data(project, **overrides):
    return {
        "project": project.pk,
        "title": "Dialog med Trafikverket",
        "date": "2026-03-12",
        "format": "meeting",
        "scope": "external",
        "summary": "Om stråk.",
        "location": json.dumps(OSTERSUND),
        "is_published": "on",
    } | overrides


def test_planner_creates_a_dialogue_with_a_location_and_new_themes(client, planner):
    project = ProjectFactory()
    organisation = OrganisationFactory()
    existing = ThemeFactory(name="Infrastruktur", slug="infrastruktur")
    client.force_login(planner)
    response = client.post(
        reverse("dialogues:create"),
        dialogue_data(
            project,
            organisations=[organisation.pk],
            themes=[existing.pk],
            new_themes="Kompetensförsörjning, infrastruktur",
        ),
    )
    dialogue = Dialogue.objects.get(title="Dialog med Trafikverket")
    assert response["Location"] == dialogue.get_absolute_url()
    assert dialogue.location.srid == 3006
    wgs84 = dialogue.location.transform(4326, clone=True)
    assert (round(wgs84.x, 4), round(wgs84.y, 4)) == (14.6357, 63.1792)
    assert sorted(t.name for t in dialogue.themes.all()) == [
        "Infrastruktur",
        "Kompetensförsörjning",
    ]
    assert list(dialogue.organisations.all()) == [organisation]


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ({"type": "Point", "coordinates": [63.1792, 14.6357]}, "longitude first"),
        ({"type": "Point", "coordinates": [2.35, 48.85]}, "outside Sweden"),
        (
            {
                "type": "Point",
                "coordinates": [14.6, 63.1],
                "crs": {"type": "name", "properties": {"name": "/etc/passwd"}},
            },
            "Unsupported coordinate reference system",
        ),
        (
            {"type": "Polygon", "coordinates": [[[14, 63], [15, 63], [15, 64], [14, 63]]]},
            "not accepted",
        ),
    ],
)
def test_a_bad_location_is_refused_next_to_the_field_and_the_input_is_kept(
    client, planner, location, message
):
    project = ProjectFactory()
    client.force_login(planner)
    typed = json.dumps(location)
    response = client.post(
        reverse("dialogues:create"), dialogue_data(project, location=typed, title="Behåll")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'value="Behåll"' in content
    # What was typed comes back as typed (escaped), not parsed again.
    assert typed.replace('"', "&quot;") in content
    assert not Dialogue.objects.exists()


def test_the_dialogue_form_uses_the_leaflet_widget_without_inline_script(client, planner):
    client.force_login(planner)
    content = client.get(reverse("dialogues:create")).content.decode()
    assert "data-geometry-widget" in content
    assert "js/geometry-widget.js" in content
    assert "leaflet/leaflet.forms.js" in content
    assert "<script>" not in content.replace('<script type="application/json"', "")
    assert " onclick=" not in content and ' style="' not in content


def test_editing_a_dialogue_shows_its_location_in_wgs84(client, planner):
    from django.contrib.gis.geos import Point

    point = Point(14.6357, 63.1792, srid=4326)
    point.transform(3006)
    dialogue = DialogueFactory(location=point)
    client.force_login(planner)
    content = client.get(reverse("dialogues:edit", args=[dialogue.pk])).content.decode()
    textarea = re.search(r'<textarea id="id_location"[^>]*>([^<]*)</textarea>', content)
    geometry = json.loads(html.unescape(textarea.group(1)))
    assert geometry["type"] == "Point"
    assert [round(c, 4) for c in geometry["coordinates"]] == [14.6357, 63.1792]


def test_planner_adds_insights_and_saves_follow_up(client, planner):
    dialogue = DialogueFactory()
    owner = OrganisationFactory()
    client.force_login(planner)
    response = client.post(
        reverse("dialogues:insight_create", args=[dialogue.pk]),
        {
            "kind": "need",
            "text": "Gemensamt kartunderlag.",
            "position": 1,
            "follow_up_status": "open",
            "add_another": "1",
        },
    )
    assert response["Location"] == reverse("dialogues:insight_create", args=[dialogue.pk])
    insight = dialogue.insights.get()
    response = client.post(
        reverse("dialogues:insight_edit", args=[insight.pk]),
        {
            "kind": "need",
            "text": insight.text,
            "position": 1,
            "response": "Regionen tar fram ett underlag.",
            "follow_up_owner": owner.pk,
            "follow_up_status": "in_progress",
            "record_version": record_version(insight),
        },
    )
    insight.refresh_from_db()
    assert (insight.follow_up_status, insight.follow_up_owner) == ("in_progress", owner)
    assert response["Location"].endswith(f"#insight-{insight.pk}")


def test_committee_member_may_not_add_insights(client, committee_member):
    dialogue = DialogueFactory()
    client.force_login(committee_member)
    response = client.post(
        reverse("dialogues:insight_create", args=[dialogue.pk]),
        {"kind": "need", "text": "Nej.", "position": 1, "follow_up_status": "open"},
    )
    assert response.status_code == 403
    assert not Insight.objects.exists()


def test_an_insight_is_linked_to_a_point_of_a_draft_version(client, planner):
    insight = InsightFactory()
    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"))
    client.force_login(planner)
    response = client.post(
        reverse("dialogues:insight_link", args=[insight.pk]), {"point": point.pk}
    )
    assert response.status_code == 302
    assert list(point.insights.all()) == [insight]


def test_points_of_adopted_versions_are_not_offered_and_refused(client, planner):
    insight = InsightFactory()
    adopted = DirectionPointFactory(
        version=DirectionVersionFactory(
            status=DirectionVersion.Status.ADOPTED, adopted_by=DecisionPointFactory()
        )
    )
    client.force_login(planner)
    page = client.get(reverse("dialogues:insight_link", args=[insight.pk]))
    assert not page.context["has_open_points"]
    response = client.post(
        reverse("dialogues:insight_link", args=[insight.pk]), {"point": adopted.pk}
    )
    assert response.status_code == 200
    assert "Adopted versions do not change" in response.content.decode()
    assert not adopted.insights.exists()


def test_dialogue_detail_lists_insights_with_follow_up_and_supported_points(client):
    dialogue = DialogueFactory()
    insight = InsightFactory(dialogue=dialogue, text="Behov av data", response="Görs.")
    point = DirectionPointFactory(
        version=DirectionVersionFactory(status="adopted", adopted_by=DecisionPointFactory())
    )
    point.insights.add(insight)
    content = client.get(dialogue.get_absolute_url()).content.decode()
    assert "Behov av data" in content
    assert "Görs." in content
    assert point.get_absolute_url() in content


def test_the_small_map_of_a_dialogue_gets_its_location_as_wgs84(client):
    from django.contrib.gis.geos import Point

    point = Point(14.6357, 63.1792, srid=4326)
    point.transform(3006)
    dialogue = DialogueFactory(location=point)
    response = client.get(dialogue.get_absolute_url())
    feature = response.context["map_features"]["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lon, 4), round(lat, 4)) == (14.6357, 63.1792)
    content = response.content.decode()
    assert "63.17920" in content and "14.63570" in content  # the table beside the map


def test_dialogue_page_makes_the_same_queries_for_2_and_20_insights(client, planner):
    from tests.querycount import assert_constant_queries

    dialogue = DialogueFactory()
    version = DirectionVersionFactory(status="draft")

    def add_insights(count):
        for _ in range(count):
            insight = InsightFactory(dialogue=dialogue)
            DirectionPointFactory(version=version).insights.add(insight)
            dialogue.organisations.add(OrganisationFactory())

    add_insights(2)
    client.force_login(planner)
    response = assert_constant_queries(
        client, dialogue.get_absolute_url(), lambda: add_insights(18), expected=8
    )
    assert len(response.context["insights"]) == 20


def test_the_point_select_tells_points_apart_and_chooses_none_by_default(client, planner):
    """Issue 12 §3: every option began with the same 120-character title and point 1 was
    preselected, so one click linked the insight to the wrong point."""
    import re

    title = "Viljeinriktning för strategisk planering i det regionala utvecklingsarbetet " * 2
    version = DirectionVersionFactory(status="draft", direction__title=title.strip())
    DirectionPointFactory(version=version, number=1, text="Regionen ska samordna planeringen.")
    DirectionPointFactory(version=version, number=2, text="Kommunerna ska delta tidigt.")
    insight = InsightFactory()
    client.force_login(planner)
    html = client.get(
        reverse("dialogues:insight_link", args=[insight.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    options = re.findall(r"<option value=\"(\d*)\"([^>]*)>([^<]*)</option>", html)
    assert options[0][0] == "" and "selected" not in "".join(o[1] for o in options[1:])
    labels = [label for value, _attrs, label in options[1:]]
    assert len(set(labels)) == len(labels) == 2
    assert all(len(label) < 120 and title[:40] not in label for label in labels)
    assert "Point 2 (version" in labels[1] and "Kommunerna ska delta" in labels[1]
    assert "<optgroup" in html


def test_linking_without_choosing_a_point_links_nothing(client, planner):
    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"))
    insight = InsightFactory()
    client.force_login(planner)
    response = client.post(reverse("dialogues:insight_link", args=[insight.pk]), {"point": ""})
    assert response.status_code == 200
    assert not point.insights.exists()
