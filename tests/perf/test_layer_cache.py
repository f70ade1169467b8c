"""The layer endpoints' cache (maps.layers.cached_collection): a repeated request is
answered from the cache, every write to the layer's models shows at once (page forms, the
API, bulk inserts), and what one visibility class sees is never served to another. Run with
the local-memory cache and with Redis (127.0.0.1:6379)."""

import json
import uuid

import pytest
import redis
from django.urls import reverse

from core.models import record_version
from dialogues.models import Dialogue
from tests.api.helpers import detail_url
from tests.dialogues.factories import DialogueFactory
from tests.geometry import OSTERSUND, point
from tests.places.factories import municipality_at
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def layer_cache(request, settings):
    """The default cache as local memory (emptied for every test by the root conftest) or
    as Redis under a key prefix of this test's own (nothing else in Redis is touched)."""
    if request.param == "redis":
        if not _redis_reachable():
            pytest.skip(f"Redis is not reachable at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"portal-test-{uuid.uuid4().hex}",
                "TIMEOUT": 120,
            }
        }
    return request.param


@pytest.fixture
def ostersund():
    return municipality_at(*OSTERSUND, code="2380", name="Östersund")


def layer(client, layer_id="dialogues", **query):
    response = client.get(reverse(f"layers:{layer_id}"), query)
    assert response.status_code == 200, response.content
    return response.json()


def titles(collection) -> set[str]:
    return {feature["properties"]["title"] for feature in collection["features"]}


def test_a_repeated_layer_request_is_answered_from_the_cache(
    client, layer_cache, ostersund, django_assert_num_queries
):
    DialogueFactory(municipality=ostersund, title="Samråd")
    first = client.get(reverse("layers:dialogues"))
    with django_assert_num_queries(1):  # the data version only
        second = client.get(reverse("layers:dialogues"))
    assert second.content == first.content
    assert titles(json.loads(second.content)) == {"Samråd"}


def test_an_edit_through_the_page_form_is_in_the_layer_at_once(
    client, layer_cache, ostersund, planner
):
    dialogue = DialogueFactory(municipality=ostersund, title="Före")
    client.force_login(planner)
    assert titles(layer(client)) == {"Före"}
    response = client.post(
        reverse("dialogues:edit", args=[dialogue.pk]),
        {
            "project": dialogue.project_id,
            "title": "Efter",
            "format": "meeting",
            "scope": "external",
            "municipality": ostersund.pk,
            "is_published": "on",
            "record_version": record_version(dialogue),
        },
    )
    assert response.status_code == 302, response.content
    assert titles(layer(client)) == {"Efter"}


def test_an_edit_and_a_delete_through_the_api_are_in_the_layer_at_once(
    client, layer_cache, ostersund, planner
):
    dialogue = DialogueFactory(municipality=ostersund, title="Före")
    DialogueFactory(municipality=ostersund, title="Kvar")
    client.force_login(planner)
    assert titles(layer(client)) == {"Före", "Kvar"}
    url = detail_url("dialogue", dialogue.pk)
    etag = client.get(url)["ETag"]
    response = client.patch(
        url, {"title": "Efter"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert titles(layer(client)) == {"Efter", "Kvar"}
    response = client.delete(url, HTTP_IF_MATCH=response["ETag"])
    assert response.status_code == 204, response.content
    assert titles(layer(client)) == {"Kvar"}


def test_rows_added_in_bulk_are_in_the_layer_at_once(client, layer_cache, ostersund):
    """generate_data and imports write with bulk_create, which sends no signals."""
    project = ProjectFactory()
    assert layer(client)["features"] == []
    Dialogue.objects.bulk_create(
        Dialogue(
            project=project,
            title=f"Massdialog {n}",
            scope="external",
            is_published=True,
            location=point(*OSTERSUND),
        )
        for n in range(3)
    )
    assert titles(layer(client)) == {"Massdialog 0", "Massdialog 1", "Massdialog 2"}


def test_a_change_to_a_municipality_is_in_the_dialogue_layer_at_once(
    client, layer_cache, ostersund
):
    DialogueFactory(municipality=ostersund, title="Samråd")
    assert layer(client)["features"][0]["properties"]["municipality"] == "Östersund"
    ostersund.name = "Östersunds kommun"
    ostersund.save()
    assert layer(client)["features"][0]["properties"]["municipality"] == "Östersunds kommun"


def test_a_change_of_a_municipality_count_is_in_the_municipality_layer_at_once(
    client, layer_cache, ostersund
):
    count = lambda: layer(client, "municipalities")["features"][0]["properties"]["dialogues"]  # noqa: E731
    assert count() == 0
    DialogueFactory(municipality=ostersund)
    assert count() == 1


def test_drafts_cached_for_a_planner_are_never_served_to_anonymous_visitors(
    client, layer_cache, ostersund, planner
):
    DialogueFactory(municipality=ostersund, title="Publicerad")
    DialogueFactory(municipality=ostersund, title="Utkast", is_published=False)
    client.force_login(planner)
    assert titles(layer(client)) == {"Publicerad", "Utkast"}
    client.logout()
    assert titles(layer(client)) == {"Publicerad"}


def test_what_anonymous_visitors_saw_is_never_served_to_readers_of_drafts(
    client, layer_cache, ostersund, committee_member, outsider
):
    DialogueFactory(municipality=ostersund, title="Publicerad")
    DialogueFactory(municipality=ostersund, title="Utkast", is_published=False)
    assert titles(layer(client)) == {"Publicerad"}
    client.force_login(outsider)  # logged in, no role: sees what anonymous visitors see
    assert titles(layer(client)) == {"Publicerad"}
    client.force_login(committee_member)
    assert titles(layer(client)) == {"Publicerad", "Utkast"}


def test_filters_and_language_have_their_own_cache_entries(client, layer_cache, ostersund):
    first, second = ProjectFactory(), ProjectFactory()
    DialogueFactory(municipality=ostersund, project=first, title="Första")
    DialogueFactory(municipality=ostersund, project=second, title="Andra")
    assert titles(layer(client, project=first.pk)) == {"Första"}
    assert titles(layer(client, project=second.pk)) == {"Andra"}
    english = client.get(reverse("layers:dialogues"), HTTP_ACCEPT_LANGUAGE="en").json()
    swedish = client.get(reverse("layers:dialogues"), HTTP_ACCEPT_LANGUAGE="sv").json()
    labels = {
        feature["properties"]["placement_label"]
        for feature in english["features"] + swedish["features"]
    }
    assert len(labels) == 2  # the same placement, in English and in Swedish


def test_layer_cache_seconds_zero_turns_the_cache_off(
    client, settings, ostersund, monkeypatch, django_assert_num_queries
):
    import maps.layers

    stored = []
    real_set = maps.layers.cache.set

    def spy(key, *args, **kwargs):
        stored.extend([key] if key.startswith("layer:") else [])
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(maps.layers.cache, "set", spy)
    DialogueFactory(municipality=ostersund, title="Samråd")
    client.get(reverse("layers:dialogues"))
    assert stored  # cached with the default

    stored.clear()
    settings.LAYER_CACHE_SECONDS = 0
    with django_assert_num_queries(1):  # the layer itself, no data version
        response = client.get(reverse("layers:dialogues"))
    assert not stored
    assert titles(json.loads(response.content)) == {"Samråd"}
