#!/usr/bin/env python
"""The portal's benchmark (`make bench`; a benchmark, not a test).

Serves the portal under gunicorn on 127.0.0.1 against a bench database with the real case and
national-scale generated data (scripts/harness.py: PostGIS by default, ``--spatialite``), warms
up, then measures each case over HTTP: median and p95 latency of sequential requests,
throughput with N concurrent keep-alive clients, SQL statements per request (the server's
``X-Query-Count``), response bytes (raw, and gzip: as sent, or — marked † — what gzip would make
of it when the server sent it uncompressed). Every figure is also given as a ratio to the
trivial view (``/robots.txt``, no database) measured in the same run. For the map layers the
database alone producing the same GeoJSON — the endpoint's own single SQL statement, and for
the two full layers also a hand-written one — is timed through the database driver in this
process, and endpoint/database is reported.

    make bench                                   # PostGIS (portal_bench on 127.0.0.1)
    make bench ARGS=--spatialite                 # SpatiaLite (var/bench.sqlite3)
    .venv/bin/python scripts/bench.py --requests 60 --concurrency 4,8,16 --only layer

Prints one table and writes it to bench-results/<engine>-<timestamp>.md.
"""

from __future__ import annotations

import argparse
import gzip
import platform
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness

# Targets of issue 7 (2 cores, national data, PostGIS).
PAGE_MEDIAN_RATIO = 10
PAGE_P95_MS = 150
LAYER_DB_RATIO = 1.5
SEARCH_P95_MS = 100
SEARCH_WORD = "infrastruktur"
TIMEOUT = 300  # seconds a request may take before the bench gives up on it


@dataclass
class Case:
    name: str
    kind: str  # baseline, page, api, search-page, search-api, layer, ogc
    path: str
    reference: str | None = None  # hand-written SQL (layers): a key of REFERENCE_SQL
    # measured
    times: list[float] = field(default_factory=list)
    throughput: dict[int, float] = field(default_factory=dict)
    queries: str = "?"
    raw_bytes: int = 0
    gzip_bytes: int = 0
    gzip_by_server: bool = False
    db_times: list[float] = field(default_factory=list)
    ref_times: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return percentile(self.times, 95)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness.add_arguments(parser)
    parser.add_argument("--requests", type=int, default=40, help="sequential timed requests")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
    parser.add_argument(
        "--case-seconds",
        type=float,
        default=20,
        help="at most this long per case sequentially (but at least 5 requests)",
    )
    parser.add_argument(
        "--slow",
        type=float,
        default=3,
        help="no throughput runs for a case whose median is above this many seconds",
    )
    parser.add_argument("--concurrency", default="4,8", help="concurrent clients, e.g. 4,8")
    parser.add_argument("--duration", type=float, default=3, help="seconds per throughput run")
    parser.add_argument("--only", help="only cases whose name or kind contains this")
    return parser.parse_args()


# --- the cases ---------------------------------------------------------------------------
def build_cases() -> list[Case]:
    """URLs of real records in the bench database, as an anonymous visitor sees them."""
    from django.contrib.auth.models import AnonymousUser

    from decisions.models import AgendaItem
    from dialogues.models import Dialogue
    from places.models import Municipality

    anonymous = AnonymousUser()
    dialogues = Dialogue.objects.visible_to(anonymous)
    total = dialogues.count()
    with_insights = dialogues.filter(insights__isnull=False).distinct().order_by("pk")
    dialogue = with_insights[with_insights.count() // 2]
    items = AgendaItem.objects.visible_to(anonymous).order_by("pk")
    item = items[items.count() // 2]
    ostersund = Municipality.objects.get(code="2380")
    deep_page = max(1, total // 20 // 2)
    deep_offset = max(0, total // 2)
    return [
        Case("trivial view (/robots.txt)", "baseline", "/robots.txt"),
        Case("start page", "page", "/"),
        Case("dialogue list", "page", "/dialoger/"),
        Case(f"dialogue list, page {deep_page}", "page", f"/dialoger/?page={deep_page}"),
        Case(
            "dialogue list, filtered",
            "page",
            f"/dialoger/?municipality={ostersund.pk}&kind=need&date_from=2024-01-01&sort=title",
        ),
        Case("dialogue detail", "page", f"/dialoger/{dialogue.pk}/"),
        Case("agenda item", "page", f"/beslut/paragrafer/{item.pk}/"),
        Case("project list", "page", "/projekt/"),
        Case("map page", "page", "/karta/"),
        Case("search page", "search-page", f"/sok/?q={SEARCH_WORD}"),
        Case("search API (dialogues)", "search-api", f"/api/v1/dialogues/?search={SEARCH_WORD}"),
        Case("search API (insights)", "search-api", f"/api/v1/insights/?search={SEARCH_WORD}"),
        Case("API projects", "api", "/api/v1/projects/"),
        Case("API dialogues", "api", "/api/v1/dialogues/"),
        Case(
            f"API dialogues, page {deep_page // 2}",
            "api",
            f"/api/v1/dialogues/?page={deep_page // 2}",
        ),
        Case(
            "API dialogues, filtered",
            "api",
            "/api/v1/dialogues/?municipality=2380&date_after=2024-01-01&ordering=-date",
        ),
        Case("API insights", "api", "/api/v1/insights/"),
        Case("API agenda items", "api", "/api/v1/agenda-items/"),
        Case("API planning areas", "api", "/api/v1/planning-areas/"),
        Case("API municipalities", "api", "/api/v1/municipalities/"),
        Case(
            "layer municipalities (290)",
            "layer",
            "/api/v1/layers/municipalities/",
            reference="municipalities",
        ),
        Case(
            "layer municipalities, simplify=1000",
            "layer",
            "/api/v1/layers/municipalities/?simplify=1000",
        ),
        Case(
            f"layer dialogues (all {total})",
            "layer",
            "/api/v1/layers/dialogues/",
            reference="dialogues",
        ),
        Case(
            "layer dialogues, bbox Östersund",
            "layer",
            "/api/v1/layers/dialogues/?bbox=14.3,63.0,15.0,63.4",
        ),
        Case(
            "layer dialogues, cluster=50000",
            "layer",
            "/api/v1/layers/dialogues/?cluster=50000",
        ),
        Case("layer planning areas", "layer", "/api/v1/layers/planning-areas/"),
        Case("OGC dialogues items", "ogc", "/ogc/collections/dialogues/items?limit=100"),
        Case(
            "OGC dialogues items, deep",
            "ogc",
            f"/ogc/collections/dialogues/items?limit=100&offset={deep_offset}",
        ),
        Case(
            "OGC municipalities items, bbox",
            "ogc",
            "/ogc/collections/municipalities/items?bbox=13,62,16,64",
        ),
    ]


# --- the database alone --------------------------------------------------------------------
# Hand-written, for the two full layers: the same records, geometry and properties as the
# endpoint, in the most direct SQL (carried over from the former scripts/bench_layers.py).
MUNICIPALITIES_SQL = """
    SELECT {obj}('type', 'FeatureCollection', 'features', {agg}(
      {obj}('type', 'Feature', 'id', m.id,
        'geometry', {geo}m.boundary{end_geo},
        'properties', {obj}('code', m.code, 'name', m.name, 'county_code', c.code,
          'county', c.name, 'seat', m.seat,
          'dialogues', (SELECT COUNT(*) FROM dialogues_dialogue d
                        WHERE d.municipality_id = m.id AND d.is_published),
          'url', 'http://127.0.0.1/platser/kommuner/' || m.code || '/')))){text}
    FROM places_municipality m JOIN places_county c ON c.id = m.county_id
    WHERE m.boundary IS NOT NULL"""
DIALOGUES_SQL = """
    SELECT {obj}('type', 'FeatureCollection', 'features', {agg}(
      {obj}('type', 'Feature', 'id', d.id,
        'geometry', {geo}COALESCE(d.location, m.seat_location,
                                  ST_PointOnSurface(m.boundary)){end_geo},
        'properties', {obj}('title', d.title, 'date', d.date, 'format', d.format,
          'scope', d.scope,
          'project_id', CASE WHEN p.is_published THEN d.project_id END,
          'diarienummer', CASE WHEN p.is_published THEN p.diarienummer END,
          'project_title', CASE WHEN p.is_published THEN p.title END,
          'municipality_code', m.code, 'municipality', m.name,
          'placement', CASE WHEN d.location IS NOT NULL THEN 'location'
                            WHEN m.seat_location IS NOT NULL THEN 'seat'
                            ELSE 'municipality' END,
          'placement_label', CASE WHEN d.location IS NOT NULL THEN 'Där dialogen hölls'
                                  WHEN m.seat_location IS NOT NULL THEN 'I kommunens centralort'
                                  ELSE 'Inom kommunen' END,
          'url', 'http://127.0.0.1/dialoger/' || d.id || '/')))){text}
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
REFERENCE_SQL = {"municipalities": MUNICIPALITIES_SQL, "dialogues": DIALOGUES_SQL}


def endpoint_statement(path: str) -> tuple[str, list] | None:
    """The SQL statement (with its parameters) that writes the layer's GeoJSON, captured from
    the endpoint run in this process; None when it ran none (e.g. served from a cache)."""
    from django.db import connection
    from django.test import Client

    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = Client().get(path, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    geojson = [s for s in statements if "asgeojson" in s[0].lower()]
    return max(geojson, key=lambda s: len(s[0])) if geojson else None


def sql_runner(sql: str, params):
    """A function that runs the statement through the database driver (this process's
    connection) and fetches the text it produced."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    return run


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def time_sql(sql: str, params, repeat: int, budget: float) -> list[float]:
    run = sql_runner(sql, params)
    for _ in range(2):
        run()  # warm up: plan caches, pages in memory
    times: list[float] = []
    stop = time.monotonic() + budget
    while len(times) < repeat and (len(times) < 10 or time.monotonic() < stop):
        times.append(timed(run))
    return times


# --- over HTTP -------------------------------------------------------------------------------
def measure_sequential(case: Case, host, args, *, alone=None, reference=None) -> None:
    """Sequential requests; for a layer, each alternated with its statement run alone (and
    the hand-written one), so that endpoint and database see the same machine load."""
    client = harness.Client(host, timeout=TIMEOUT)
    warm_until = time.monotonic() + 5
    for index in range(args.warmup):
        if index and time.monotonic() > warm_until:
            break
        client.request("GET", case.path)
    for function in (alone, reference):
        if function:
            function()
    stop = time.monotonic() + args.case_seconds
    while len(case.times) < args.requests and (len(case.times) < 5 or time.monotonic() < stop):
        started = time.perf_counter()
        response = client.request("GET", case.path)
        case.times.append(time.perf_counter() - started)
        if response.status != 200:
            raise SystemExit(f"{case.path}: {response.status} {response.text[:300]!r}")
        if alone:
            case.db_times.append(timed(alone))
        if reference:
            case.ref_times.append(timed(reference))
    case.queries = response.headers.get("X-Query-Count", "?")
    case.gzip_by_server = response.headers.get("Content-Encoding") == "gzip"
    case.raw_bytes = len(response.text)
    case.gzip_bytes = (
        len(response.body) if case.gzip_by_server else len(gzip.compress(response.text))
    )
    client.close()


def measure_throughput(case: Case, host, clients: int, seconds: float) -> float | None:
    """Requests per second with this many keep-alive clients for about ``seconds`` (a request
    under way at the end is waited for and counted). None, with a note, on any failure."""
    counts = [0] * clients
    errors: list[str] = []
    began = time.monotonic()
    stop_at = began + seconds

    def worker(index: int) -> None:
        client = harness.Client(host, timeout=TIMEOUT)
        try:
            while time.monotonic() < stop_at and not errors:
                response = client.request("GET", case.path)
                if response.status != 200:
                    errors.append(f"{response.status} with {clients} clients")
                    return
                counts[index] += 1
        except Exception as exc:  # a timeout or reset is reported, not raised
            errors.append(f"{type(exc).__name__} with {clients} clients")
        finally:
            client.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        case.notes.append(errors[0])
        return None
    return sum(counts) / (time.monotonic() - began)


# --- the table -------------------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def ratio(value: float, base: float) -> str:
    if not base:
        return "–"
    r = value / base
    return f"{r:.1f}×" if r >= 1 else f"{r:.2g}×"


def size(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def verdict(case: Case, base: Case) -> str:
    checks = []
    if case.kind in ("page", "api", "ogc", "search-page", "search-api"):
        checks.append(
            (f"median ≤ {PAGE_MEDIAN_RATIO}× base", case.median <= PAGE_MEDIAN_RATIO * base.median)
        )
        checks.append((f"p95 < {PAGE_P95_MS} ms", case.p95 * 1000 < PAGE_P95_MS))
    if case.kind.startswith("search"):
        checks.append((f"p95 < {SEARCH_P95_MS} ms", case.p95 * 1000 < SEARCH_P95_MS))
    if case.kind == "layer" and case.db_times:
        checks.append(
            (
                f"≤ {LAYER_DB_RATIO}× DB",
                case.median <= LAYER_DB_RATIO * statistics.median(case.db_times),
            )
        )
    if not checks:
        return ""
    missed = [name for name, ok in checks if not ok]
    return "met" if not missed else "NOT met: " + ", ".join(missed)


def table(cases: list[Case], levels: list[int]) -> str:
    base = cases[0]
    head = ["case", "median ms", "p95 ms"]
    head += [f"req/s ×{n}" for n in levels]
    head += ["queries", "bytes", "gzip", "DB ms", "endpoint/DB", "hand SQL ms", "targets"]
    rows = [head, ["---"] * len(head)]
    for case in cases:
        row = [
            case.name,
            f"{ms(case.median)} ({ratio(case.median, base.median)})",
            f"{ms(case.p95)} ({ratio(case.p95, base.p95)})",
        ]
        for n in levels:
            value = case.throughput.get(n)
            row.append(f"{value:.0f} ({ratio(value, base.throughput.get(n, 0))})" if value else "–")
        row.append(case.queries)
        row.append(size(case.raw_bytes))
        row.append(size(case.gzip_bytes) + ("" if case.gzip_by_server else " †"))
        if case.db_times:
            db = statistics.median(case.db_times)
            row += [ms(db), f"{case.median / db:.2f}×"]
        else:
            row += ["", ""]
        row.append(ms(statistics.median(case.ref_times)) if case.ref_times else "")
        row.append(
            "; ".join([verdict(case, base) if case is not base else "(baseline)", *case.notes])
        )
        rows.append(row)
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def main() -> None:
    args = parse_args()
    levels = [int(n) for n in args.concurrency.split(",") if n.strip()]
    bench = harness.configure(args)
    counts = harness.prepare(bench, args)
    from django.db import connection, connections

    cases = build_cases()
    if args.only:
        cases = [cases[0]] + [c for c in cases[1:] if args.only in c.name or args.only in c.kind]
    # The layers' own statements, captured in this process before gunicorn starts; each is
    # then timed alone between the layer's HTTP requests (the server idle meanwhile).
    statements = {c.path: endpoint_statement(c.path) for c in cases if c.kind == "layer"}
    connections.close_all()

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with harness.Server(bench, args) as server:
        for case in cases:
            alone = sql_runner(*statements[case.path]) if statements.get(case.path) else None
            reference = None
            if case.reference:
                sql = REFERENCE_SQL[case.reference].format(**DIALECTS[connection.vendor])
                reference = sql_runner(sql, [])
            measure_sequential(case, server.host, args, alone=alone, reference=reference)
            if case.median > args.slow:
                case.notes.append(f"no throughput run: median > {args.slow:g} s")
            else:
                for n in levels:
                    case.throughput[n] = measure_throughput(case, server.host, n, args.duration)
            print(
                "; ".join(
                    [
                        f"  {case.name}: median {ms(case.median)} ms, p95 {ms(case.p95)} ms",
                        *(f"{v:.0f} req/s ×{n}" for n, v in case.throughput.items() if v),
                        *case.notes,
                    ]
                )
            )
            connections.close_all()

    import django

    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    text = "\n".join(
        [
            f"# Benchmark, {bench.engine}, {started}",
            "",
            f"- Data: {', '.join(f'{n} {k}' for k, n in counts.items())} "
            "(real case + generate_data --scale national)",
            f"- Server: gunicorn gthread, {args.workers} workers × {args.threads} threads, "
            f"DEBUG off, {'Redis' if bench.env.get('REDIS_URL') else 'local-memory'} cache; "
            f"Django {django.get_version()}, Python {platform.python_version()}, "
            f"{platform.machine()} with {__import__('os').cpu_count()} cores "
            f"(load average before: {' '.join(load) or '?'}; the CPU may be shared)",
            f"- Sequential: up to {args.warmup} warm-up (≤ 5 s), then up to {args.requests} "
            "requests per case "
            f"(≥ 5, ≤ {args.case_seconds:.0f} s); throughput: {args.duration:.0f} s with each "
            "number of keep-alive clients; anonymous visitor, Accept-Encoding: gzip",
            "- Ratios in brackets: to the trivial view in this run. queries: SQL statements the "
            "server ran for the request. gzip: bytes as sent; † = sent uncompressed, the figure "
            "is what gzip would make of it.",
            "- DB ms: the endpoint's own GeoJSON statement run alone through the database "
            "driver (median), alternating with the endpoint's requests; hand SQL ms: a "
            "hand-written statement for the same collection.",
            f"- Targets: pages, API lists, OGC: median ≤ {PAGE_MEDIAN_RATIO}× the trivial view "
            f"and p95 < {PAGE_P95_MS} ms; search p95 < {SEARCH_P95_MS} ms; layers ≤ "
            f"{LAYER_DB_RATIO}× the database alone.",
            "",
            table(cases, levels),
            "",
        ]
    )
    print()
    print(text)
    path = harness.write_results(bench.engine, text)
    print(f"Written to {path.relative_to(harness.ROOT)}")


if __name__ == "__main__":
    main()
