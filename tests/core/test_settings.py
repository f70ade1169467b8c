"""The settings guards: with DEBUG off the portal refuses to start without a secret key or
allowed hosts, and `check --deploy` finds nothing the README does not explain."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-test-secret-key-that-is-long-enough-and-random-Xk29fq0ZpL8vN3",
    "ALLOWED_HOSTS": "planering.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process; a deployment
    # never has it.
    dropped = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_debug_off_without_secret_key_stops_with_a_clear_message():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="planering.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_off_without_allowed_hosts_stops_with_a_clear_message():
    result = manage("check", DEBUG="false", SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_development_defaults_need_no_configuration():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_nothing_that_the_readme_does_not_explain():
    result = manage("check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    reported = set(re.findall(r"\(([a-z_]+\.[EWI]\d{3})\)", result.stdout + result.stderr))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    unexplained = {check for check in reported if check not in readme}
    assert not unexplained, result.stdout + result.stderr
    # Only the HSTS preload decision is left to the operator; everything else is on.
    assert reported <= {"security.W021"}


def test_a_non_spatial_database_url_is_refused():
    result = manage("check", DATABASE_URL="mysql://root@127.0.0.1/test")
    assert result.returncode != 0
    assert "must name PostgreSQL/PostGIS" in result.stderr


def test_env_example_documents_every_variable_the_settings_read():
    settings_source = (ROOT / "planning_portal" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings_source))
    documented = set(
        re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M)
    )
    assert read, "the pattern found no variables"
    assert read - documented == set()


def test_migrate_runs_as_the_owner_role_when_a_migration_database_url_is_given():
    """Two roles (README, "Two database roles"): MIGRATION_DATABASE_URL is the alias
    `migration`, the same database as DATABASE_URL under the owner role, and the default of
    `migrate --database`; without it, migrate uses default as before."""
    show = (
        "from django.conf import settings; from django.db import connections; "
        "from django.core.management import load_command_class; "
        "command = load_command_class('operations', 'migrate'); "
        "print(command.create_parser('manage.py', 'migrate').parse_args([]).database); "
        "print(sorted(settings.DATABASES)); "
        "print(settings.DATABASES.get('migration', {}).get('USER')); "
        "print(settings.DATABASES.get('migration', {}).get('TEST', {}).get('MIRROR'))"
    )
    url = "postgis://portal_app@127.0.0.1:5432/planning_portal"
    owner = "postgis://portal_owner@127.0.0.1:5432/planning_portal"
    two = manage("shell", "-c", show, DATABASE_URL=url, MIGRATION_DATABASE_URL=owner)
    assert two.returncode == 0, two.stderr
    # The last four lines (Django 5.2's shell first says what it imported).
    assert two.stdout.strip().split("\n")[-4:] == [
        "migration",
        "['default', 'migration']",
        "portal_owner",
        "default",
    ]
    one = manage("shell", "-c", show, DATABASE_URL=url, MIGRATION_DATABASE_URL="")
    assert one.returncode == 0, one.stderr
    assert one.stdout.strip().split("\n")[-4:-1] == ["default", "['default']", "None"]
