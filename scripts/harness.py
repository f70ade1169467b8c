"""The shared harness of `make bench` and `make loadtest` (scripts/bench.py, scripts/loadtest.py).

* A bench database of its own: PostGIS by default (``portal_bench`` on 127.0.0.1, created with
  the postgis extension when missing), SpatiaLite with ``--spatialite`` (``var/bench.sqlite3``),
  or any ``--database-url``. It is migrated, and the real case plus national-scale generated
  data are loaded once (``generate_data`` sees its own marked records and skips; ``--regenerate``
  makes them anew).
* Production-like settings: DEBUG off, a secret key, ALLOWED_HOSTS, no HTTPS redirect or
  secure cookies (no TLS on 127.0.0.1), WhiteNoise with collected static files, persistent
  database connections, Redis for cache/sessions/throttle counts when it answers on
  127.0.0.1:6379. The API's throttles are raised: every client here is one address.
* gunicorn on 127.0.0.1:<free port>, stopped at the end. The WSGI application is Django's,
  wrapped (only here) to send ``X-Query-Count``: the number of SQL statements the request ran.
* A small HTTP client on http.client with keep-alive, one connection per thread.

This process also sets Django up with the same settings, for the preparation and for timing
SQL directly; connections are closed before gunicorn starts.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
RESULTS = ROOT / "bench-results"
PG_SERVER = "postgis://root@127.0.0.1:5432"
PG_BENCH_DATABASE = "portal_bench"
REDIS = ("127.0.0.1", 6379)
BENCH_USER = "bench-planerare"
BENCH_PASSWORD = "bench-planerare-" + "losenord"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("database and server")
    group.add_argument(
        "--spatialite", action="store_true", help="SpatiaLite (var/bench.sqlite3), not PostGIS."
    )
    group.add_argument(
        "--database-url",
        help=f"Any bench database (default: {PG_SERVER}/{PG_BENCH_DATABASE}, created if missing).",
    )
    group.add_argument("--seed", type=int, default=1, help="generate_data's seed (default 1).")
    group.add_argument(
        "--regenerate", action="store_true", help="Delete and generate the national data again."
    )
    group.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 1) * 2 + 1,
        help="gunicorn worker processes (default: 2 × cores + 1).",
    )
    group.add_argument(
        "--threads", type=int, default=2, help="threads per gunicorn worker (default 2)."
    )
    group.add_argument("--no-redis", action="store_true", help="Local-memory cache even if Redis.")


@dataclass
class Bench:
    engine: str  # "postgis" or "spatialite"
    database_url: str
    env: dict[str, str]


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _ensure_postgis_database(url: str) -> None:
    """Create the bench database with the postgis extension when it does not exist."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    conninfo = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": urllib.parse.unquote(parts.username or "") or None,
        "password": urllib.parse.unquote(parts.password or "") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating PostgreSQL database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')  # name from our own default or URL
    with psycopg.connect(dbname=name, autocommit=True, **conninfo) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def configure(args: argparse.Namespace) -> Bench:
    """Environment for the bench database and production-like settings; Django set up here."""
    if args.database_url:
        url = args.database_url
    elif args.spatialite:
        url = f"spatialite:///{VAR / 'bench.sqlite3'}"
    else:
        url = f"{PG_SERVER}/{PG_BENCH_DATABASE}"
    engine = "spatialite" if url.startswith(("spatialite:", "sqlite:")) else "postgis"
    if engine == "postgis":
        _ensure_postgis_database(url)
    VAR.mkdir(exist_ok=True)
    secret_file = VAR / "bench-secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
    env = {
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secret_file.read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # No TLS on 127.0.0.1: no redirect to https, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_PROXY_SSL_HEADER": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        "STATIC_ROOT": str(VAR / "bench-static"),
        "MEDIA_ROOT": str(VAR / "bench-media"),
        # Every client here comes from 127.0.0.1: the per-address throttles would measure
        # themselves (429), not the portal.
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_TOKEN": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
        "LOG_LEVEL": "WARNING",
    }
    if not args.no_redis and _redis_answers():
        env["REDIS_URL"] = f"redis://{REDIS[0]}:{REDIS[1]}/0"
        env["CACHE_KEY_PREFIX"] = f"bench-{engine}"
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "planning_portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return Bench(engine=engine, database_url=url, env=env)


def prepare(bench: Bench, args: argparse.Namespace) -> dict[str, int]:
    """Migrate, collect static files, load the real case and national data (once), make the
    bench planner; returns the counts of the main records."""
    from django.core.management import call_command

    from dialogues.models import Dialogue, Insight
    from places.models import Municipality

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # The bench database is the harness's own, and the load test's writes stay in it: say so
    # explicitly (generate_data refuses a database with records it did not make otherwise).
    generate = ["generate_data", "--scale", "national", "--seed", str(args.seed)]
    generate.append("--allow-other-records")
    if args.regenerate:
        generate.append("--replace")
    call_command(*generate)
    bench_planner()
    if bench.env.get("REDIS_URL"):
        from django.core.cache import cache

        cache.clear()  # the prefix is the bench's own; nothing cached from an earlier run
    counts = {
        "municipalities": Municipality.objects.count(),
        "dialogues": Dialogue.objects.count(),
        "insights": Insight.objects.count(),
    }
    print(
        f"Bench database ready in {time.monotonic() - started:.0f} s ({bench.engine}): "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
    )
    return counts


def bench_planner():
    """The planner the load test writes as (pages: password; API: a write token)."""
    from django.contrib.auth.models import Group, User

    user, _created = User.objects.get_or_create(username=BENCH_USER)
    user.set_password(BENCH_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="planner"))
    return user


def write_token(user) -> str:
    from integrations.services import token_create

    _token, text = token_create(
        name=f"Load test {time.strftime('%F %T')}", owner=user, can_write=True
    )
    return text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def counting_application():
    """Django's WSGI application, with ``X-Query-Count`` on every response (gunicorn calls
    this factory; only the harness serves it). Django calls start_response after the view
    has run, so the count is complete for all but streaming responses."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    django_app = get_wsgi_application()

    def application(environ, start_response):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("X-Query-Count", str(count))], exc_info)

        with connections["default"].execute_wrapper(counter):
            return django_app(environ, start)

    return application


class Server:
    """gunicorn on 127.0.0.1:<free port> with the bench settings; a context manager."""

    def __init__(self, bench: Bench, args: argparse.Namespace):
        self.bench, self.args = bench, args
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = VAR / f"bench-gunicorn-{bench.engine}.log"

    @property
    def host(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def __enter__(self) -> Server:
        from django.db import connections

        connections.close_all()
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        command = [
            gunicorn,
            "--pythonpath",
            f"{ROOT},{ROOT / 'scripts'}",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(self.args.threads),
            "--keep-alive",
            "30",
            "--backlog",
            "256",
            "--access-logfile",
            "-",
            "--access-logformat",
            '%(s)s %(m)s "%(U)s" %(M)sms',
            "--no-control-socket",  # several servers (bench, load test, others) side by side
            "harness:counting_application()",
        ]
        env = {**os.environ, **self.bench.env, "PYTHONUNBUFFERED": "1"}
        self.log_file = self.log.open("w")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start; see {self.log}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _headers, body = Client(self.host).get("/healthz")
                if status == 200:
                    health = json.loads(body)
                    print(
                        f"gunicorn on 127.0.0.1:{self.port}: {self.args.workers} workers × "
                        f"{self.args.threads} threads, {health['spatial']['backend']} "
                        f"{health['spatial']['version']}, log {self.log.relative_to(ROOT)}"
                    )
                    return self
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            # Graceful: workers finish their requests (gunicorn's graceful timeout is 30 s).
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            # Its own session: no worker may outlive the server (and write after the load
            # test has checked the database).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log_file.close()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # as received (compressed when the server compressed it)

    @property
    def text(self) -> bytes:
        if self.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(self.body)
        return self.body

    def json(self):
        return json.loads(self.text)


class Client:
    """One keep-alive HTTP/1.1 connection (a thread's own); reconnects when the server
    closed it. Asks for gzip like a browser."""

    def __init__(self, host: tuple[str, int], *, timeout: float = 60):
        self.host, self.timeout = host, timeout
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        headers = {"Accept-Encoding": "gzip", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(*self.host, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                raw = self.connection.getresponse()
                data = raw.read()
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                # The server may have closed an idle keep-alive connection: a GET is retried
                # once on a new one; a write is not (its outcome is unknown, not acknowledged).
                self.close()
                if attempt == 2 or method != "GET":
                    raise
                continue
            for value in raw.headers.get_all("Set-Cookie") or []:
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if raw.will_close:
                self.close()
            return Response(raw.status, raw.headers, data)
        raise AssertionError("unreachable")

    def get(self, path: str, headers: dict | None = None):
        response = self.request("GET", path, headers=headers)
        return response.status, response.headers, response.text

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def write_results(name: str, text: str) -> Path:
    """bench-results/<name>-<timestamp>.md (the directory is not versioned)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.md"
    path.write_text(text)
    return path
