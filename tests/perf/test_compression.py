"""Compressed responses (core.middleware.CompressionMiddleware): JSON and GeoJSON always,
HTML for anonymous visitors only (BREACH), never a response with an ETag (If-Match must
keep working), and WhiteNoise's own pre-compressed static files."""

import gzip
import json

import pytest
from django.test import Client
from django.urls import reverse
from whitenoise.compress import Compressor

from tests.api.helpers import detail_url, list_url
from tests.dialogues.factories import DialogueFactory
from tests.geometry import ARE, OSTERSUND
from tests.places.factories import municipality_at

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def dialogues():
    ostersund = municipality_at(*OSTERSUND, code="2380", name="Östersund")
    are = municipality_at(*ARE, code="2321", name="Åre")
    return [
        DialogueFactory(municipality=ostersund if n % 2 else are, title=f"Dialog {n}")
        for n in range(12)
    ]


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def gunzipped_json(response):
    assert response["Content-Encoding"] == "gzip"
    return json.loads(gzip.decompress(response.content))


@pytest.mark.parametrize("layer_id", ["dialogues", "municipalities"])
def test_a_layer_is_gzipped_when_the_client_accepts_it(client, dialogues, layer_id):
    url = reverse(f"layers:{layer_id}")
    plain = client.get(url)
    compressed = client.get(url, **GZIP)
    assert "Content-Encoding" not in plain
    assert gunzipped_json(compressed) == plain.json()
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    assert "accept-encoding" in vary(plain)
    assert "accept-encoding" in vary(compressed)


def test_an_api_list_is_gzipped_and_varies_on_accept_encoding(client, dialogues):
    plain = client.get(list_url("dialogue"))
    compressed = client.get(list_url("dialogue"), **GZIP)
    assert gunzipped_json(compressed) == plain.json()
    assert "accept-encoding" in vary(compressed)


def test_ogc_items_are_gzipped(client, dialogues):
    url = reverse("ogc:items", args=["dialogues"])
    compressed = client.get(url, {"f": "json"}, **GZIP)
    assert compressed.status_code == 200
    assert len(gunzipped_json(compressed)["features"]) == 12


def test_an_object_with_an_etag_stays_uncompressed_so_that_if_match_works(client, planner):
    dialogue = DialogueFactory(summary="Samtal om planering. " * 40)
    client.force_login(planner)
    response = client.get(detail_url("dialogue", dialogue.pk), **GZIP)
    assert "Content-Encoding" not in response
    etag = response["ETag"]
    assert etag.startswith('"')  # strong: gzip would have made it W/"…"
    changed = client.patch(
        detail_url("dialogue", dialogue.pk),
        {"title": "Ny titel"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert changed.status_code == 200, changed.content
    dialogue.refresh_from_db()
    assert dialogue.title == "Ny titel"


def test_pages_are_gzipped_for_anonymous_visitors(client, dialogues):
    response = client.get(reverse("dialogues:list"), **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert b"Dialog 3" in gzip.decompress(response.content)
    assert "accept-encoding" in vary(response)


def test_pages_of_logged_in_users_are_not_gzipped(client, dialogues, planner):
    """They hold unpublished content beside what the request sent (search words): with
    compression, their size would tell a BREACH attacker whether a guess was in the page."""
    client.force_login(planner)
    response = client.get(reverse("search"), {"q": "Dialog"}, **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"Dialog 3" in response.content


def test_whitenoise_serves_static_files_compressed_by_collectstatic(settings, tmp_path):
    """In production collectstatic (CompressedManifestStaticFilesStorage) writes a .gz
    beside every file; WhiteNoise answers with it when the browser accepts gzip."""
    source = settings.BASE_DIR / "maps" / "static" / "maps" / "map.js"
    target = tmp_path / "maps" / "map.js"
    target.parent.mkdir()
    target.write_bytes(source.read_bytes())
    list(Compressor(use_brotli=False).compress(str(target)))
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    client = Client()  # a new handler: WhiteNoise reads STATIC_ROOT when it starts
    response = client.get("/static/maps/map.js", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    body = b"".join(response.streaming_content)
    assert gzip.decompress(body) == source.read_bytes()
    assert len(body) < source.stat().st_size / 2


def test_a_cached_layer_is_compressed_once(client, dialogues):
    """Django pads every gzip body with random bytes, so identical bodies come from the
    cache: compressing a national layer anew for every request would cost more than the
    cache saves."""
    url = reverse("layers:dialogues")
    first = client.get(url, **GZIP)
    second = client.get(url, **GZIP)
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert first.content == second.content
    assert gunzipped_json(second) == client.get(url).json()
    assert "accept-encoding" in vary(second)
