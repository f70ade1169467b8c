#!/usr/bin/env python
"""Measure the map's layer endpoints for the whole country (a benchmark, not a test).

Imports the 21 counties and 290 municipalities of ../shared/data (both with --create), adds
dialogues spread over the municipalities, then times each layer endpoint through Django (the
whole request: URL routing, DRF, the one query, the response) against the database producing
the same kind of GeoJSON FeatureCollection alone (one hand-written SQL statement), and prints
size, times and the ratio.

    .venv/bin/python scripts/bench_layers.py                       # SpatiaLite, a scratch file
    .venv/bin/python scripts/bench_layers.py --database-url postgis://root@127.0.0.1/bench
    make bench

The database is a scratch one: the default SpatiaLite file var/bench-layers.sqlite3 is made
anew each run; a PostGIS database given with --database-url must exist (with the postgis
extension) and is migrated and filled, and should hold nothing else.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="Default: a scratch SpatiaLite file in var/.")
    parser.add_argument("--dialogues", type=int, default=20_000, help="Default: 20 000.")
    parser.add_argument("--repeat", type=int, default=7, help="Timed runs per case.")
    return parser.parse_args()


def setup(database_url: str | None):
    sys.path.insert(0, str(ROOT))
    if database_url is None:
        scratch = ROOT / "var" / "bench-layers.sqlite3"
        scratch.parent.mkdir(exist_ok=True)
        scratch.unlink(missing_ok=True)
        database_url = f"spatialite:///{scratch}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planning_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return database_url


def fill(n_dialogues: int) -> None:
    import datetime
    import random

    from django.core.management import call_command

    from dialogues.models import Dialogue
    from places.models import Municipality
    from projects.models import Project

    call_command(
        "import_boundaries", str(DATA / "swedish_regions.geojson"), "--create", verbosity=0
    )
    call_command(
        "import_boundaries", str(DATA / "swedish_municipalities.geojson"), "--create", verbosity=0
    )
    missing = n_dialogues - Dialogue.objects.count()
    if missing <= 0:
        return
    project, _ = Project.objects.get_or_create(
        diarienummer="RUN/1/2025",
        defaults={
            "title": "Benchmark",
            "is_published": True,
            "start_date": datetime.date(2025, 1, 1),
        },
    )
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    rng = random.Random(4)  # noqa: S311 (test data, not secrets)
    Dialogue.objects.bulk_create(
        [
            Dialogue(
                project=project,
                title=f"Dialog {i}",
                date=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
                scope=Dialogue.Scope.EXTERNAL,
                municipality_id=rng.choice(municipalities),
                is_published=True,
            )
            for i in range(missing)
        ],
        batch_size=2000,
    )


# The database alone producing the same FeatureCollection (the same records, geometry and
# properties) in one hand-written SQL statement: what each endpoint is measured against
# (target: within 1.5×). The placeholders differ between PostGIS and SpatiaLite.
MUNICIPALITIES_SQL = """
    SELECT {obj}('type', 'FeatureCollection', 'features', {agg}(
      {obj}('type', 'Feature', 'id', m.id,
        'geometry', {geo}m.boundary{end_geo},
        'properties', {obj}('code', m.code, 'name', m.name, 'county_code', c.code,
          'county', c.name, 'seat', m.seat,
          'dialogues', (SELECT COUNT(*) FROM dialogues_dialogue d
                        WHERE d.municipality_id = m.id AND d.is_published),
          'url', 'http://testserver/platser/kommuner/' || m.code || '/')))){text}
    FROM places_municipality m JOIN places_county c ON c.id = m.county_id
    WHERE m.boundary IS NOT NULL"""
DIALOGUES_SQL = """
    SELECT {obj}('type', 'FeatureCollection', 'features', {agg}(
      {obj}('type', 'Feature', 'id', d.id,
        'geometry', {geo}COALESCE(d.location, m.seat_location,
                                  ST_PointOnSurface(m.boundary)){end_geo},
        'properties', {obj}('title', d.title, 'date', d.date, 'format', d.format,
          'scope', d.scope, 'project_id', d.project_id, 'diarienummer', p.diarienummer,
          'project_title', p.title, 'municipality_code', m.code, 'municipality', m.name,
          'placement', CASE WHEN d.location IS NOT NULL THEN 'location'
                            WHEN m.seat_location IS NOT NULL THEN 'seat'
                            ELSE 'municipality' END,
          'placement_label', CASE WHEN d.location IS NOT NULL THEN 'Där dialogen hölls'
                                  WHEN m.seat_location IS NOT NULL THEN 'I kommunens centralort'
                                  ELSE 'Inom kommunen' END,
          'url', 'http://testserver/dialoger/' || d.id || '/')))){text}
    FROM dialogues_dialogue d JOIN projects_project p ON p.id = d.project_id
    LEFT JOIN places_municipality m ON m.id = d.municipality_id
    WHERE d.is_published
      AND (d.location IS NOT NULL OR m.seat_location IS NOT NULL OR m.boundary IS NOT NULL)"""
DIALECTS = {
    "postgresql": {
        "obj": "json_build_object",
        "agg": "json_agg",
        "geo": "ST_AsGeoJSON(ST_Transform(",
        "end_geo": ", 4326), 6)::json",
        "text": "::text",
    },
    "sqlite": {
        "obj": "json_object",
        "agg": "json_group_array",
        "geo": "json(AsGeoJSON(ST_Transform(",
        "end_geo": ", 4326), 6))",
        "text": "",
    },
}


def reference_sql(vendor: str, layer_id: str) -> str:
    sql = {"municipalities": MUNICIPALITIES_SQL, "dialogues": DIALOGUES_SQL}[layer_id]
    return sql.format(**DIALECTS[vendor])


def timed(function, repeat: int) -> tuple[float, float, object]:
    function()  # warm up (connection, caches)
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def main() -> None:
    args = parse_args()
    database_url = setup(args.database_url)
    from django.db import connection
    from django.test import Client

    from dialogues.models import Dialogue
    from places.models import County, Municipality

    started = time.perf_counter()
    fill(args.dialogues)
    print(f"Database: {connection.vendor} ({database_url})")
    print(
        f"Data: {County.objects.count()} counties, {Municipality.objects.count()} "
        f"municipalities, {Dialogue.objects.count()} dialogues "
        f"(prepared in {time.perf_counter() - started:.1f} s)\n"
    )
    client = Client()
    cases = [
        ("municipalities", {}, "municipalities"),
        ("municipalities", {"simplify": "500"}, None),
        ("counties", {}, None),
        ("dialogues", {}, "dialogues"),
        ("dialogues", {"cluster": "20000"}, None),
        ("dialogues", {"bbox": "14,63,15,63.5"}, None),
    ]
    header = (
        f"{'layer':<40} {'size':>10} {'median':>9} {'best':>9} "
        f"{'DB median':>10} {'DB best':>9} {'ratio (median, best)':>21}"
    )
    print(header)
    print("-" * len(header))
    for layer_id, params, reference in cases:

        def request(layer_id=layer_id, params=params):
            response = client.get(f"/api/v1/layers/{layer_id}/", params)
            assert response.status_code == 200, response.content[:300]
            return response.content

        median, best, body = timed(request, args.repeat)
        label = layer_id + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        line = f"{label:<40} {len(body) / 1e6:>8.2f}MB {median * 1e3:>7.1f}ms {best * 1e3:>7.1f}ms"
        if reference:
            sql = reference_sql(connection.vendor, reference)

            def alone(sql=sql):
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                    return cursor.fetchone()[0]

            db_median, db_best, _text = timed(alone, args.repeat)
            line += (
                f" {db_median * 1e3:>8.1f}ms {db_best * 1e3:>7.1f}ms"
                f" {median / db_median:>12.2f}× {best / db_best:>6.2f}×"
            )
        print(line)


if __name__ == "__main__":
    main()
