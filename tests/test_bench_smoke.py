"""The pieces of `make bench` and `make loadtest` (scripts/) on tiny data, so that they do not
rot: the query-count wrapper, the layers' statements timed alone, the hand-written SQL giving
the same features as the endpoints, and the load test's check of acknowledged writes.
No timing is asserted."""

import importlib
import json
import sys
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_started
from django.db import close_old_connections, connection

from core.api.concurrency import etag_for
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.places.factories import MunicipalityFactory

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
harness = importlib.import_module("harness")
bench = importlib.import_module("bench")
loadtest = importlib.import_module("loadtest")


def wsgi_get(application, path: str) -> dict:
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered["status"] = status
        answered["headers"] = dict(headers)

    # As Django's test client does: the test's transaction keeps its connection.
    request_started.disconnect(close_old_connections)
    try:
        b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
    return answered


@pytest.mark.django_db
def test_counting_application_sends_the_number_of_queries():
    application = harness.counting_application()
    robots = wsgi_get(application, "/robots.txt")
    assert robots["status"].startswith("200")
    assert robots["headers"]["X-Query-Count"] == "0"
    health = wsgi_get(application, "/healthz")
    assert health["status"].startswith("200")
    assert int(health["headers"]["X-Query-Count"]) >= 1


@pytest.fixture
def layer_data(db):
    municipality = MunicipalityFactory(code="2380", name="Östersund")
    DialogueFactory.create_batch(3, municipality=municipality)
    DialogueFactory(municipality=municipality, is_published=False)
    return municipality


@pytest.mark.parametrize("layer", ["municipalities", "dialogues"])
def test_hand_written_sql_gives_the_endpoints_features(layer_data, client, layer):
    endpoint = json.loads(client.get(f"/api/v1/layers/{layer}/").content)
    with connection.cursor() as cursor:
        cursor.execute(bench.REFERENCE_SQL[layer].format(**bench.DIALECTS[connection.vendor]))
        alone = json.loads(cursor.fetchone()[0])
    assert sorted(f["id"] for f in alone["features"]) == sorted(
        f["id"] for f in endpoint["features"]
    )
    assert set(alone["features"][0]["properties"]) == set(endpoint["features"][0]["properties"])


def test_layer_statement_is_captured_and_timed_alone(layer_data):
    sql, params = bench.endpoint_statement("/api/v1/layers/dialogues/")
    assert "asgeojson" in sql.lower()
    times = bench.time_sql(sql, params, 3, budget=0)
    assert len(times) == 3


def test_table_marks_targets_against_the_baseline():
    base = bench.Case("trivial", "baseline", "/robots.txt", times=[0.001] * 3)
    fast = bench.Case("fast", "api", "/a", times=[0.005] * 3, queries="2")
    slow = bench.Case("slow", "page", "/b", times=[0.2] * 3)
    layer = bench.Case("layer", "layer", "/c", times=[0.02] * 3, db_times=[0.01] * 3)
    text = bench.table([base, fast, slow, layer], [])
    rows = {line.split(" | ")[0].strip("| "): line for line in text.splitlines()}
    assert rows["fast"].endswith("| met |")
    assert "NOT met: median ≤ 10× base, p95 < 150 ms" in rows["slow"]
    assert "NOT met: ≤ 1.5× DB" in rows["layer"]
    assert "2.00×" in rows["layer"]


@pytest.mark.django_db
def test_loadtest_finds_every_acknowledged_write():
    dialogue = DialogueFactory(summary="lt-1")
    insight = InsightFactory(dialogue=dialogue, text="lt-2")
    writes = [
        loadtest.Write("dialogue", dialogue.pk, {"summary": "lt-1"}, etag_for(dialogue)),
        loadtest.Write(
            "insight", insight.pk, {"text": "lt-2", "dialogue": dialogue.pk, "kind": "need"}
        ),
    ]
    problems, checked = loadtest.verify(writes)
    assert problems == []
    assert checked == {"dialogue": 1, "insight": 1}


@pytest.mark.django_db
def test_loadtest_reports_lost_and_overwritten_writes():
    dialogue = DialogueFactory(summary="lt-1")
    first_etag = etag_for(dialogue)
    dialogue.summary = "lt-unacknowledged"
    dialogue.save()
    writes = [
        loadtest.Write("dialogue", dialogue.pk, {"summary": "lt-1"}, first_etag),
        loadtest.Write("dialogue-change", dialogue.pk, {"summary": "lt-lost"}, '"stale"'),
        loadtest.Write("insight", 999_999, {"text": "lt-3", "dialogue": dialogue.pk}),
        loadtest.Write("insight-form", None, {"text": "lt-4", "dialogue": dialogue.pk}),
    ]
    problems, _checked = loadtest.verify(writes)
    assert any("state is from no acknowledged write" in p for p in problems)
    assert any("lt-lost" in p and "not in history" in p for p in problems)
    assert any("insight 999999" in p for p in problems)
    assert any("lt-4" in p for p in problems)
    assert len(problems) == 4
