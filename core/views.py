from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.access import get_for_user, reader_required
from core.history import history_entries, history_model


@require_GET
@never_cache
def healthz(request):
    """Liveness and readiness for load balancers: 200 when the database answers, 503 when it
    cannot be reached. The status is all a load balancer needs; the database engine and the
    versions (what an attacker would look up vulnerabilities for) are told only to staff, or
    to everyone with HEALTHZ_DETAILS on."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        spatial_version = ".".join(str(part) for part in connection.ops.spatial_version)
    except DatabaseError as exc:
        # Not request.user here: finding a logged-in user needs the database.
        body = {"status": "unavailable"}
        if settings.HEALTHZ_DETAILS:
            body["database"] = {"engine": connection.vendor, "error": type(exc).__name__}
        return JsonResponse(body, status=503)
    if not (settings.HEALTHZ_DETAILS or request.user.is_staff):
        return JsonResponse({"status": "ok"})
    backend = "postgis" if connection.vendor == "postgresql" else "spatialite"
    return JsonResponse(
        {
            "status": "ok",
            "database": {"engine": connection.vendor, "version": _database_version()},
            "spatial": {"backend": backend, "version": spatial_version},
        }
    )


# Public pages may be indexed; the API, downloads, accounts, history and search results not.
ROBOTS_TXT = """User-agent: *
Disallow: /admin/
Disallow: /api/
Disallow: /konto/
Disallow: /historik/
Disallow: /sok/
Disallow: /karta/ladda-ner/
"""


@require_GET
def robots_txt(request):
    """For crawlers, whether or not anonymous reading is on. No database query: it is also
    the trivial view `make bench` measures everything else against."""
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


def _database_version() -> str:
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"{major}.{minor}"
    import sqlite3

    return sqlite3.sqlite_version


# --- history -------------------------------------------------------------------------------


@reader_required
def history(request, kind: str, pk: int):
    """Who changed what and when, for any record the user may see."""
    model = history_model(kind)
    if model is None:
        raise Http404
    obj = get_for_user(model.objects.all(), request.user, pk=pk)
    entries, more = history_entries(obj, request.user)
    return render(
        request,
        "core/history.html",
        {"object": obj, "entries": entries, "more": more, "verbose_name": model._meta.verbose_name},
    )


# --- login and logout ----------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        messages.success(
            self.request,
            _("You are logged in as %(name)s.") % {"name": user.get_full_name() or user.username},
        )
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response
