from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    """Liveness and readiness for load balancers: 200 with the database engine and spatial
    backend, 503 when the database cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        spatial_version = ".".join(str(part) for part in connection.ops.spatial_version)
    except DatabaseError as exc:
        return JsonResponse(
            {
                "status": "unavailable",
                "database": {"engine": connection.vendor, "error": type(exc).__name__},
            },
            status=503,
        )
    backend = "postgis" if connection.vendor == "postgresql" else "spatialite"
    return JsonResponse(
        {
            "status": "ok",
            "database": {"engine": connection.vendor, "version": _database_version()},
            "spatial": {"backend": backend, "version": spatial_version},
        }
    )


def _database_version() -> str:
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"{major}.{minor}"
    import sqlite3

    return sqlite3.sqlite_version


def home(request):
    return render(request, "home.html")
