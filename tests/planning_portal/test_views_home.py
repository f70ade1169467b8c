import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.decisions.factories import MeetingFactory
from tests.dialogues.factories import DialogueFactory
from tests.places.factories import MunicipalityFactory
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def make_home_content(count):
    today = timezone.localdate()
    for n in range(count):
        municipality = MunicipalityFactory()
        project = ProjectFactory()
        project.municipalities.add(municipality)
        DialogueFactory(project=project, municipality=municipality)
        MeetingFactory(date=today + datetime.timedelta(days=n + 1))
        MeetingFactory(date=today - datetime.timedelta(days=n + 1), minutes_status="published")


def test_start_page_makes_the_same_queries_for_2_and_20_of_everything(client, planner):
    client.force_login(planner)
    make_home_content(2)
    response = assert_constant_queries(
        client, reverse("home"), lambda: make_home_content(18), expected=9
    )
    assert len(response.context["places"]) == 20
    assert len(response.context["map_features"]["features"]) == 20


def test_start_page_shows_the_case_and_its_statement_in_force(client, case):
    response = client.get(reverse("home"))
    content = response.content.decode()
    assert case.title in content
    assert "Region Jämtland Härjedalen avser söka lämpliga projekt" in content
    assert [v.number for v in response.context["directions_in_force"]] == [1]
    # The case's dialogues name their municipalities: all eight are on the small map.
    assert len(response.context["map_features"]["features"]) == 8


def test_the_small_map_gets_wgs84_geojson_and_its_table_the_same_places(client, case):
    response = client.get(reverse("home"))
    features = response.context["map_features"]["features"]
    ostersund = next(f for f in features if f["properties"]["name"] == "Östersund")
    lon, lat = ostersund["geometry"]["coordinates"]
    assert (round(lon, 2), round(lat, 2)) == (14.64, 63.18)
    content = response.content.decode()
    assert 'id="map-features"' in content
    for feature in features:
        assert feature["properties"]["url"] in content


def test_anonymous_visitors_do_not_see_upcoming_draft_meetings(client):
    MeetingFactory(date=timezone.localdate() + datetime.timedelta(days=3))
    assert client.get(reverse("home")).context["upcoming_meetings"] == []


def test_committee_members_see_upcoming_meetings(client, committee_member):
    meeting = MeetingFactory(date=timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(committee_member)
    assert client.get(reverse("home")).context["upcoming_meetings"] == [meeting]
