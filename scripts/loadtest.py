#!/usr/bin/env python
"""The portal's load test (`make loadtest`; a benchmark-style script, not part of the suite).

Serves the portal under gunicorn on 127.0.0.1 against the bench database (scripts/harness.py:
PostGIS by default, ``--spatialite``), then runs N concurrent clients (default 50) for a
while (default 60 s), each on its own keep-alive connection, mixing

* reads: pages (start, dialogue list and detail, projects, map, search, agenda items), API
  lists, map layers (bbox, simplified, clustered, now and then all 20 000 dialogues);
* writes as a planner: over the API with a write token, creating dialogues and insights and
  changing dialogues with ``If-Match`` (a few "hot" dialogues shared by every client, so that
  conflicts — 412 — happen), and through the pages, logged in, adding insights with the form.

Every acknowledged write (201/200 from the API, the redirect after a form) is recorded with its
content. At the end: counts by status, latencies, and a check in the database that every
acknowledged write is there (a dialogue's final state is the write whose ETag it carries; each
earlier acknowledged change is in its history). Prints the result, writes it to
bench-results/loadtest-<engine>-<timestamp>.md, removes what it created (``--keep`` keeps it)
and exits non-zero on any 5xx, any transport error, or any lost write.

    make loadtest                              # PostGIS, 50 clients, 60 s
    make loadtest ARGS="--spatialite --clients 20 --seconds 30"
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness

SOURCE = "Lasttest (scripts/loadtest.py)"
HOT_DIALOGUES = 5
TIMEOUT = 120  # seconds; a request not answered by then counts as a transport error


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    harness.add_arguments(parser)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long (60 s)")
    parser.add_argument(
        "--writes", type=float, default=0.2, help="share of operations that write (0.2)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the records it created")
    parser.add_argument(
        "--exclude",
        type=re.compile,
        help="leave out the reads whose path matches this regular expression, "
        "e.g. '^/dialoger/(\\?|$)' for the dialogue list",
    )
    return parser.parse_args()


@dataclass
class World:
    """What the clients need to know of the bench database."""

    token: str
    project_id: int
    dialogue_ids: list[int]
    hot_ids: list[int]
    agenda_item_ids: list[int]
    municipality_codes: list[str]
    dialogue_pages: int
    run: str


@dataclass
class Write:
    kind: str  # "dialogue", "dialogue-change", "insight", "insight-form"
    id: int | None
    content: dict
    etag: str = ""


@dataclass
class Stats:
    statuses: collections.Counter = field(default_factory=collections.Counter)
    by_operation: dict[str, list[float]] = field(
        default_factory=lambda: collections.defaultdict(list)
    )
    operation_statuses: dict[str, collections.Counter] = field(
        default_factory=lambda: collections.defaultdict(collections.Counter)
    )
    errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def prepare_world(run: str) -> World:
    from django.contrib.auth.models import AnonymousUser

    from decisions.models import AgendaItem
    from dialogues.models import Dialogue
    from places.models import Municipality
    from projects.models import Project

    anonymous = AnonymousUser()
    planner = harness.bench_planner()
    dialogues = list(
        Dialogue.objects.visible_to(anonymous).order_by("pk").values_list("pk", flat=True)
    )
    rng = random.Random(7)  # noqa: S311 - choosing test records
    return World(
        token=harness.write_token(planner),
        project_id=Project.objects.filter(diarienummer__startswith="GEN/", is_published=True)
        .order_by("pk")
        .values_list("pk", flat=True)[0],
        dialogue_ids=rng.sample(dialogues, 500),
        hot_ids=dialogues[-HOT_DIALOGUES:],
        agenda_item_ids=list(
            AgendaItem.objects.visible_to(anonymous)
            .order_by("?")
            .values_list("pk", flat=True)[:200]
        ),
        municipality_codes=list(Municipality.objects.values_list("code", flat=True)),
        dialogue_pages=len(dialogues) // 20,
        run=run,
    )


class Visitor:
    """One client: an anonymous reader who is also a planner (token and session)."""

    def __init__(
        self, index: int, world: World, stats: Stats, host, *, writes: float, forms: bool, exclude
    ):
        self.index, self.world, self.stats = index, world, stats
        self.write_share, self.exclude = writes, exclude
        self.rng = random.Random(index)  # noqa: S311 - load pattern, not secrets
        self.client = harness.Client(host, timeout=TIMEOUT)
        self.session = harness.Client(host, timeout=TIMEOUT) if forms else None
        self.own_dialogues: list[int] = []
        self.sequence = 0

    # --- bookkeeping ---------------------------------------------------------------------
    def tag(self) -> str:
        self.sequence += 1
        return f"lt-{self.world.run}-{self.index}-{self.sequence}"

    def call(self, operation: str, method: str, path: str, *, client=None, body=None, headers=None):
        client = client or self.client
        started = time.perf_counter()
        try:
            response = client.request(method, path, body=body, headers=headers)
        except Exception as exc:
            client.close()
            with self.stats.lock:
                self.stats.errors.append(f"{method} {path}: {type(exc).__name__}: {exc}")
                self.stats.statuses["transport error"] += 1
            return None
        elapsed = time.perf_counter() - started
        with self.stats.lock:
            self.stats.statuses[response.status] += 1
            self.stats.by_operation[operation].append(elapsed)
            self.stats.operation_statuses[operation][response.status] += 1
            if response.status >= 500:
                self.stats.server_errors.append(
                    f"{response.status} {method} {path}: {response.text[:200]!r}"
                )
        return response

    def api_headers(self, **extra) -> dict:
        return {
            "Authorization": f"Bearer {self.world.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            **extra,
        }

    # --- reads ---------------------------------------------------------------------------
    def read(self) -> None:
        w, rng = self.world, self.rng
        page = rng.randrange(1, w.dialogue_pages + 1)
        dialogue = rng.choice(w.dialogue_ids)
        lon, lat = rng.uniform(12, 20), rng.uniform(56, 67)
        choices = [
            ("page", "/"),
            ("page", "/dialoger/"),
            ("page", f"/dialoger/?page={page}"),
            ("page", f"/dialoger/{dialogue}/"),
            ("page", f"/beslut/paragrafer/{rng.choice(w.agenda_item_ids)}/"),
            ("page", "/projekt/"),
            ("page", "/karta/"),
            ("page", "/sok/?q=infrastruktur"),
            ("api", f"/api/v1/dialogues/?page={rng.randrange(1, w.dialogue_pages * 20 // 50)}"),
            ("api", f"/api/v1/dialogues/{dialogue}/"),
            ("api", f"/api/v1/insights/?dialogue={dialogue}"),
            ("api", "/api/v1/projects/"),
            ("api", f"/api/v1/dialogues/?municipality={rng.choice(w.municipality_codes)}"),
            ("layer", "/api/v1/layers/municipalities/?simplify=1000"),
            ("layer", f"/api/v1/layers/dialogues/?bbox={lon},{lat},{lon + 1},{lat + 0.5}"),
            ("layer", "/api/v1/layers/dialogues/?cluster=50000"),
            ("ogc", "/ogc/collections/dialogues/items?limit=100"),
        ]
        choices.append(("layer", "/api/v1/layers/dialogues/"))  # the whole country's points
        weights = [1.0] * (len(choices) - 1) + [(len(choices) - 1) / 49]  # that one: 2 %
        if self.exclude:
            kept = [i for i, (_k, path) in enumerate(choices) if not self.exclude.search(path)]
            choices, weights = [choices[i] for i in kept], [weights[i] for i in kept]
        kind, path = rng.choices(choices, weights)[0]
        self.call(f"read {kind}", "GET", path)

    # --- writes --------------------------------------------------------------------------
    def write(self) -> None:
        roll = self.rng.random()
        if roll < 0.25 or not self.own_dialogues:
            self.create_dialogue()
        elif roll < 0.6:
            target = (
                self.rng.choice(self.world.hot_ids)
                if self.rng.random() < 0.5
                else self.rng.choice(self.own_dialogues)
            )
            self.change_dialogue(target)
        elif roll < 0.85 or self.session is None:
            self.create_insight()
        else:
            self.insight_form()

    def record(self, write: Write) -> None:
        with self.stats.lock:
            self.stats.writes.append(write)

    def create_dialogue(self) -> None:
        tag = self.tag()
        content = {
            "project": self.world.project_id,
            "title": f"Lasttest {tag}",
            "scope": "external",
            "format": "meeting",
            "date": "2026-03-01",
            "municipality": self.rng.choice(self.world.municipality_codes),
            "summary": tag,
            "source": SOURCE,
            "is_published": True,
        }
        response = self.call(
            "write API: create dialogue",
            "POST",
            "/api/v1/dialogues/",
            body=json.dumps(content).encode(),
            headers=self.api_headers(),
        )
        if response is not None and response.status == 201:
            created = response.json()
            self.own_dialogues.append(created["id"])
            self.record(
                Write(
                    "dialogue",
                    created["id"],
                    {"title": content["title"], "summary": tag},
                    response.headers["ETag"],
                )
            )

    def change_dialogue(self, pk: int) -> None:
        response = self.call(
            "write API: read before change",
            "GET",
            f"/api/v1/dialogues/{pk}/",
            headers=self.api_headers(),
        )
        if response is None or response.status != 200:
            return
        tag = self.tag()
        response = self.call(
            "write API: change dialogue (If-Match)",
            "PATCH",
            f"/api/v1/dialogues/{pk}/",
            body=json.dumps({"summary": tag}).encode(),
            headers=self.api_headers(**{"If-Match": response.headers["ETag"]}),
        )
        if response is not None and response.status == 200:
            self.record(Write("dialogue-change", pk, {"summary": tag}, response.headers["ETag"]))

    def create_insight(self) -> None:
        tag = self.tag()
        dialogue = self.rng.choice(self.own_dialogues or self.world.dialogue_ids)
        content = {"dialogue": dialogue, "kind": "need", "text": tag}
        response = self.call(
            "write API: create insight",
            "POST",
            "/api/v1/insights/",
            body=json.dumps(content).encode(),
            headers=self.api_headers(),
        )
        if response is not None and response.status == 201:
            self.record(Write("insight", response.json()["id"], {"text": tag, **content}))

    def login(self) -> bool:
        response = self.call("page: login form", "GET", "/konto/logga-in/", client=self.session)
        token = csrf_token(response)
        if not token:
            return False
        response = self.call(
            "page: log in",
            "POST",
            "/konto/logga-in/",
            client=self.session,
            body=urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": harness.BENCH_USER,
                    "password": harness.BENCH_PASSWORD,
                }
            ).encode(),
            headers=self.form_headers("/konto/logga-in/"),
        )
        return response is not None and response.status == 302

    def form_headers(self, path: str) -> dict:
        host, port = self.session.host
        return {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{host}:{port}{path}",
            "Origin": f"http://{host}:{port}",
        }

    def insight_form(self) -> None:
        if "sessionid" not in self.session.cookies and not self.login():
            return
        dialogue = self.rng.choice(self.own_dialogues or self.world.dialogue_ids)
        path = f"/dialoger/{dialogue}/insikter/ny/"
        response = self.call("write page: insight form", "GET", path, client=self.session)
        token = csrf_token(response)
        if not token:
            return
        tag = self.tag()
        response = self.call(
            "write page: add insight",
            "POST",
            path,
            client=self.session,
            body=urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "kind": "precondition",
                    "text": tag,
                    "response": "",
                    "follow_up_owner": "",
                    "follow_up_status": "open",
                    "position": "0",
                }
            ).encode(),
            headers=self.form_headers(path),
        )
        if response is not None and response.status == 302:
            self.record(Write("insight-form", None, {"text": tag, "dialogue": dialogue}))

    # --- the loop ------------------------------------------------------------------------
    def run(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.rng.random() < self.write_share:
                self.write()
            else:
                self.read()
        self.client.close()
        if self.session:
            self.session.close()


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(response) -> str | None:
    if response is None or response.status != 200:
        return None
    match = CSRF_INPUT.search(response.text)
    return match.group(1).decode() if match else None


# --- verification ------------------------------------------------------------------------------
def verify(writes: list[Write]) -> tuple[list[str], dict[str, int]]:
    """Every acknowledged write in the database: returns (problems, counts verified)."""
    from core.api.concurrency import etag_for
    from dialogues.models import Dialogue, Insight

    problems: list[str] = []
    checked: collections.Counter = collections.Counter()
    by_dialogue: dict[int, list[Write]] = collections.defaultdict(list)
    for write in writes:
        if write.kind in ("dialogue", "dialogue-change"):
            by_dialogue[write.id].append(write)
    dialogues = Dialogue.objects.in_bulk(list(by_dialogue))
    history = set(Dialogue.history.filter(id__in=list(by_dialogue)).values_list("id", "summary"))
    for pk, acknowledged in by_dialogue.items():
        dialogue = dialogues.get(pk)
        if dialogue is None:
            problems.append(f"dialogue {pk}: acknowledged but not in the database")
            continue
        current = etag_for(dialogue)
        final = [w for w in acknowledged if w.etag == current]
        if not final:
            problems.append(f"dialogue {pk}: its state is from no acknowledged write")
        else:
            for name, value in final[-1].content.items():
                if getattr(dialogue, name) != value:
                    problems.append(
                        f"dialogue {pk}: {name} is {getattr(dialogue, name)!r}, "
                        f"the last acknowledged write said {value!r}"
                    )
        for write in acknowledged:
            if (pk, write.content["summary"]) not in history:
                problems.append(
                    f"dialogue {pk}: acknowledged change {write.content} not in history"
                )
            checked[write.kind] += 1
    insights = [w for w in writes if w.kind == "insight"]
    found = set(
        Insight.objects.filter(pk__in=[w.id for w in insights]).values_list(
            "pk", "text", "dialogue_id"
        )
    )
    for write in insights:
        if (write.id, write.content["text"], write.content["dialogue"]) not in found:
            problems.append(f"insight {write.id}: acknowledged {write.content} not in the database")
        checked["insight"] += 1
    forms = [w for w in writes if w.kind == "insight-form"]
    found_texts = set(
        Insight.objects.filter(text__in=[w.content["text"] for w in forms]).values_list(
            "text", "dialogue_id"
        )
    )
    for write in forms:
        if (write.content["text"], write.content["dialogue"]) not in found_texts:
            problems.append(f"insight from the form {write.content} not in the database")
        checked["insight-form"] += 1
    return problems, dict(checked)


def clean_up(run: str) -> None:
    from dialogues.models import Dialogue, Insight

    Insight.objects.filter(text__startswith=f"lt-{run}-").delete()
    Insight.objects.filter(dialogue__source=SOURCE).delete()
    Dialogue.objects.filter(source=SOURCE).delete()


# --- report ------------------------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def report(args, bench, stats: Stats, elapsed: float, problems, checked, started: str) -> str:
    total = sum(stats.statuses.values())
    classes = collections.Counter()
    for status, n in stats.statuses.items():
        classes[f"{status // 100}xx" if isinstance(status, int) else status] += n
    lines = [
        f"# Load test, {bench.engine}, {started}",
        "",
        f"- {args.clients} clients for {args.seconds:.0f} s ({elapsed:.1f} s measured), "
        f"{args.writes:.0%} of operations write"
        + (f", reads matching {args.exclude.pattern!r} left out" if args.exclude else "")
        + f"; gunicorn gthread {args.workers} workers × "
        f"{args.threads} threads on 127.0.0.1, DEBUG off, "
        f"{'Redis' if bench.env.get('REDIS_URL') else 'local-memory'} cache",
        f"- {total} requests, {total / elapsed:.0f} per second",
        "- By status class: " + ", ".join(f"{k}: {v}" for k, v in sorted(classes.items())),
        "- By status: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(stats.statuses.items(), key=str)),
        f"- Acknowledged writes: {len(stats.writes)}; verified in the database: "
        + ", ".join(f"{k} {v}" for k, v in sorted(checked.items()))
        + f"; lost or wrong: {len(problems)}",
        f"- 5xx: {len(stats.server_errors)}; transport errors: {len(stats.errors)}",
        "",
        "| operation | requests | statuses | median ms | p95 ms | max ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for operation in sorted(stats.by_operation):
        times = sorted(stats.by_operation[operation])
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        codes = ", ".join(
            f"{k}: {v}" for k, v in sorted(stats.operation_statuses[operation].items())
        )
        lines.append(
            f"| {operation} | {len(times)} | {codes} | {ms(statistics.median(times))} | "
            f"{ms(p95)} | {ms(times[-1])} |"
        )
    for title, items in (
        ("5xx responses", stats.server_errors),
        ("Transport errors", stats.errors),
        ("Lost or wrong writes", problems),
    ):
        if items:
            lines += ["", f"## {title} (first 20 of {len(items)})", ""]
            lines += [f"- {item}" for item in items[:20]]
    verdict = "PASSED" if not (stats.server_errors or stats.errors or problems) else "FAILED"
    lines += [
        "",
        f"**{verdict}**: zero 5xx, zero transport errors, every acknowledged write present.",
        "",
    ]
    if verdict == "FAILED":
        lines[-2] = f"**{verdict}**: see above."
    return "\n".join(lines)


def main() -> int:
    args = parse_args()
    bench = harness.configure(args)
    harness.prepare(bench, args)
    run = time.strftime("%H%M%S")
    world = prepare_world(run)
    from django.db import connections

    connections.close_all()
    stats = Stats()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with harness.Server(bench, args) as server:
        visitors = [
            Visitor(
                i,
                world,
                stats,
                server.host,
                writes=args.writes,
                forms=i % 5 == 0,
                exclude=args.exclude,
            )
            for i in range(args.clients)
        ]
        print(f"{args.clients} clients for {args.seconds:.0f} s …")
        began = time.monotonic()
        deadline = began + args.seconds
        threads = [threading.Thread(target=v.run, args=(deadline,)) for v in visitors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    problems, checked = verify(stats.writes)
    text = report(args, bench, stats, elapsed, problems, checked, started)
    print()
    print(text)
    path = harness.write_results(f"loadtest-{bench.engine}", text)
    print(f"Written to {path.relative_to(harness.ROOT)}")
    if not args.keep:
        clean_up(run)
    return 1 if stats.server_errors or stats.errors or problems else 0


if __name__ == "__main__":
    sys.exit(main())
