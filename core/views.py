from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import mapdata
from core.access import get_for_user, reader_required
from core.history import history_entries, history_model
from core.search import MAX_QUERY_LENGTH, text_search
from decisions.models import Meeting
from dialogues.models import Dialogue
from directions.models import DirectionPoint, DirectionVersion
from places.models import Municipality
from projects.models import Project


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


HOME_LIST_LENGTH = 5


@reader_required
def home(request):
    """The start page: projects, the statements of intent in force, upcoming and recent
    meetings, the latest dialogues and a small map of where dialogues were held.
    A fixed number of queries (pinned in tests/core/test_views_home.py)."""
    user = request.user
    projects = list(
        Project.objects.visible_to(user)
        .select_related("owner")
        .order_by("-start_date", "title")[:HOME_LIST_LENGTH]
    )
    directions_in_force = list(
        DirectionVersion.objects.visible_to(user)
        .filter(status=DirectionVersion.Status.ADOPTED)
        .select_related("direction", "adopted_by__agenda_item__meeting__committee__organisation")
        .prefetch_related(Prefetch("points", queryset=DirectionPoint.objects.order_by("number")))
    )
    meetings = Meeting.objects.visible_to(user).select_related("committee__organisation")
    upcoming = list(meetings.upcoming()[:HOME_LIST_LENGTH])
    recent = list(meetings.past()[:HOME_LIST_LENGTH])
    dialogues = list(
        Dialogue.objects.visible_to(user)
        .select_related("municipality", "project")
        .defer("municipality__boundary", "project__scope")[:HOME_LIST_LENGTH]
    )
    visible_dialogues = Dialogue.objects.visible_to(user)
    places = list(
        Municipality.objects.filter(seat_location__isnull=False)
        .only("name", "code", "seat")  # not the boundaries: only the seats are drawn
        .annotate(
            # A subquery per municipality (an index lookup each), not a join over all dialogues.
            dialogue_count=Subquery(
                visible_dialogues.filter(municipality=OuterRef("pk"))
                .order_by()
                .values("municipality")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            seat_geojson=mapdata.wgs84_geojson("seat_location", precision=5),
        )
        .filter(dialogue_count__gt=0)
        .order_by("name")
    )
    features = mapdata.collection(
        mapdata.feature(
            m.seat_geojson,
            name=m.name,
            url=m.get_absolute_url(),
            label=ngettext(
                "%(place)s: %(count)s dialogue", "%(place)s: %(count)s dialogues", m.dialogue_count
            )
            % {"place": m.name, "count": m.dialogue_count},
        )
        for m in places
    )
    return render(
        request,
        "home.html",
        {
            "projects": projects,
            "directions_in_force": directions_in_force,
            "upcoming_meetings": upcoming,
            "recent_meetings": recent,
            "dialogues": dialogues,
            "places": places,
            "map_features": features,
            "map_config": mapdata.map_config(
                gettext_lazy("Map of places where dialogues were held")
            ),
        },
    )


# --- search ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    model: str
    fields: tuple[str, ...]
    related: tuple[str, ...] = ()


SEARCH_KINDS = [
    SearchKind(
        "projects",
        gettext_lazy("Projects"),
        "projects.Project",
        # The same fields, in the same order, as the API's ?search= (one index serves both).
        ("diarienummer", "title", "summary", "purpose", "background"),
    ),
    SearchKind(
        "dialogues",
        gettext_lazy("Dialogues"),
        "dialogues.Dialogue",
        ("title", "summary"),
        ("municipality",),
    ),
    SearchKind(
        "insights",
        gettext_lazy("Insights"),
        "dialogues.Insight",
        ("text", "response"),
        ("dialogue", "project"),
    ),
    SearchKind(
        "directions",
        gettext_lazy("Statement of intent"),
        "directions.DirectionPoint",
        ("text",),
        ("version__direction",),
    ),
    SearchKind(
        "agenda_items",
        gettext_lazy("Agenda items"),
        "decisions.AgendaItem",
        ("title", "summary", "diarienummer"),
        ("meeting__committee__organisation",),
    ),
    SearchKind(
        "documents",
        gettext_lazy("Documents"),
        "decisions.Document",
        ("title", "diarienummer"),
    ),
]
SEARCH_RESULTS_PER_KIND = 20


@reader_required
def search(request):
    """Search over projects, dialogues, insights, statements of intent, agenda items and
    document titles; results grouped by kind, each only from what the user may see.
    Two queries per kind (the count and the first results)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    groups = []
    if query:
        for kind in SEARCH_KINDS:
            model = apps.get_model(kind.model)
            found = text_search(
                model.objects.visible_to(request.user), query, fields=list(kind.fields)
            )
            if kind.related:
                found = found.select_related(*kind.related)
            count = found.count()
            groups.append(
                {
                    "kind": kind,
                    "count": count,
                    "results": list(found[:SEARCH_RESULTS_PER_KIND]) if count else [],
                }
            )
    total = sum(g["count"] for g in groups)
    return render(
        request,
        "core/search.html",
        {
            "query": query,
            "groups": groups,
            "total": total,
            "per_kind": SEARCH_RESULTS_PER_KIND,
        },
    )


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
