"""The settings for running on several machines exist and work where this machine allows:
Redis (a local service here) for cache and sessions, read replicas through a router, and
S3-compatible storage for uploads (configuration only: no object store here)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_django(code: str, **env: str) -> dict:
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "planning_portal.settings",
        "DEBUG": "true",
        **env,
    }
    script = "import django, json; django.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def redis_is_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_redis_url_puts_the_cache_and_sessions_in_redis():
    out = run_django(
        "from django.conf import settings; from django.core.cache import cache\n"
        "cache.set('portal-test-key', 'hej', 30)\n"
        "print(json.dumps({'backend': settings.CACHES['default']['BACKEND'],"
        " 'value': cache.get('portal-test-key'), 'sessions': settings.SESSION_ENGINE}))",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert out == {
        "backend": "django.core.cache.backends.redis.RedisCache",
        "value": "hej",
        "sessions": "django.contrib.sessions.backends.cached_db",
    }


def test_without_redis_the_cache_is_local_memory():
    out = run_django(
        "from django.conf import settings\n"
        "print(json.dumps({'backend': settings.CACHES['default']['BACKEND']}))",
        REDIS_URL="",
    )
    assert out["backend"] == "django.core.cache.backends.locmem.LocMemCache"


def test_replicas_take_the_reads_and_the_primary_the_writes():
    out = run_django(
        "from projects.models import Project\n"
        "from django.db import router\n"
        "print(json.dumps({'read': router.db_for_read(Project), "
        "'write': router.db_for_write(Project), 'qs': Project.objects.all().db}))",
        DATABASE_URL="postgis://root@127.0.0.1:5432/postgres",
        DATABASE_REPLICA_URLS="postgis://root@127.0.0.1:5432/postgres",
    )
    assert out == {"read": "replica1", "write": "default", "qs": "replica1"}


def test_a_bucket_name_puts_uploads_on_s3_compatible_storage():
    out = run_django(
        "from django.core.files.storage import storages\n"
        "default_storage = storages['default']\n"
        "print(json.dumps({'storage': type(default_storage).__name__,"
        " 'bucket': default_storage.bucket_name, 'endpoint': default_storage.endpoint_url}))",
        AWS_STORAGE_BUCKET_NAME="planeringsportal",
        AWS_S3_ENDPOINT_URL="https://s3.example.internal",
    )
    assert out == {
        "storage": "S3Storage",
        "bucket": "planeringsportal",
        "endpoint": "https://s3.example.internal",
    }
