"""Schemathesis against the live schema (/api/schema/), through the WSGI application, for an
anonymous client and for a planner's write token: generated requests — valid and invalid —
must never get a 5xx, and every response must match the schema (status code, content type,
headers, body). The real case is loaded so that ids lead somewhere.

The example count is kept small so that the suite stays fast (it runs on both databases);
raise SCHEMATHESIS_EXAMPLES to look harder."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from integrations.services import token_create

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_headers_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
        },
    }
)
HYPOTHESIS = hypothesis_settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
)


@pytest.fixture
def api_schema(db, case, settings):
    """The schema as the portal serves it, bound to the WSGI application."""
    settings.API_THROTTLE_RATES = {}  # fuzzing is not abuse
    # The WSGI handler closes "old" database connections at the end of each request;
    # in a test that would end the test's transaction. Django's test client does the same.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def planner_bearer(planner):
    _token, secret = token_create(name="Schemathesis", owner=planner, can_write=True)
    return {"Authorization": f"Bearer {secret}"}


def exercise(schema, headers: dict | None = None) -> None:
    """Every operation, with valid and with invalid input. (Schemathesis' own pytest
    parametrisation relies on pytest internals that pytest 9.2 no longer has; this drives
    the same strategies and checks through its public API.)"""
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @HYPOTHESIS
            @given(operation.as_strategy(generation_mode=mode))
            def call(case):
                # Schemathesis asks for gzip like any HTTP client, but its WSGI transport
                # does not decode it (tests/perf/test_compression.py checks the gzip).
                case.call_and_validate(headers={"Accept-Encoding": "identity", **(headers or {})})

            try:
                call()
            except Unsatisfiable:  # e.g. no invalid input exists for a plain GET
                continue
            except Exception as exc:
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.slow
def test_the_api_keeps_its_schema_for_anonymous_clients(api_schema):
    exercise(api_schema)


@pytest.mark.slow
def test_the_api_keeps_its_schema_for_a_planner_token(api_schema, planner_bearer):
    exercise(api_schema, planner_bearer)


# --- every check and every phase (opt-in: minutes, not seconds) ------------------------------
# SCHEMATHESIS_ALL_PHASES=1 runs what an independent client runs (`st run --checks all` with
# the examples, coverage, fuzzing and stateful phases) in-process through the WSGI
# application: besides the checks above, schema-valid requests must be accepted
# (positive_data_acceptance), schema-violating ones refused (negative_data_rejection),
# unsupported methods answered 405 with Allow, and so on.
ALL_PHASES = os.environ.get("SCHEMATHESIS_ALL_PHASES", "") not in ("", "0")

ALL_CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {
            phase: {"enabled": True} for phase in ("examples", "coverage", "fuzzing", "stateful")
        },
        "checks": {"enabled": True},
        "headers": {"Accept-Encoding": "identity"},
        # One thread: the test database (SQLite in memory) is one connection.
        "workers": 1,
    }
)


def failures_of_every_phase(schema) -> list[str]:
    from schemathesis.engine import Status, events, from_schema

    failures = []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.status == Status.FAILURE:
            # One line per failed check, with its request as curl, to reproduce it.
            found = {
                (check.name, check.failure_info.code_sample if check.failure_info else "")
                for nodes in event.recorder.checks.values()
                for check in nodes
                if check.status == Status.FAILURE
            }
            failures += [
                f"{event.label} [{event.phase}] {name}: {sample}" for name, sample in sorted(found)
            ]
        elif isinstance(event, events.NonFatalError):
            failures.append(f"{event.label}: {event.info.message}")
    return failures


@pytest.fixture
def api_schema_all_phases(transactional_db, case, settings):
    """As ``api_schema``, with the data committed: schemathesis' engine sends its requests
    from a thread of its own, with a database connection of its own, which would wait on
    the test's open transaction ("database table is locked" on SQLite)."""
    settings.API_THROTTLE_RATES = {}
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/schema/", get_wsgi_application(), config=ALL_CONFIG
        )
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.skipif(not ALL_PHASES, reason="SCHEMATHESIS_ALL_PHASES=1 runs every phase")
def test_every_check_and_phase_passes_for_anonymous_clients(api_schema_all_phases):
    failures = failures_of_every_phase(api_schema_all_phases)
    assert not failures, "\n".join(failures)
