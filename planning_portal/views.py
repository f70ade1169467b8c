"""The portal's own pages, composed of every domain app: the start page and the site search."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.shortcuts import render
from django.utils.translation import gettext_lazy, ngettext

from core import mapdata
from core.access import reader_required
from core.search import MAX_QUERY_LENGTH, text_search
from decisions.models import Meeting
from dialogues.models import Dialogue
from directions.models import DirectionPoint, DirectionVersion
from places.models import Municipality
from projects.models import Project

HOME_LIST_LENGTH = 5


@reader_required
def home(request):
    """The start page: projects, the statements of intent in force, upcoming and recent
    meetings, the latest dialogues and a small map of where dialogues were held.
    A fixed number of queries (pinned in tests/planning_portal/test_views_home.py)."""
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
    """A group of the search page. The fields searched are the model's ``search_fields``, the
    same as the API's ``?search=`` (one index serves both, core.search)."""

    key: str
    label: str
    model: str
    related: tuple[str, ...] = ()


SEARCH_KINDS = [
    SearchKind("projects", gettext_lazy("Projects"), "projects.Project"),
    # The statement of intent itself (its title), beside its points below.
    SearchKind("direction_titles", gettext_lazy("Statements of intent"), "directions.Direction"),
    SearchKind("dialogues", gettext_lazy("Dialogues"), "dialogues.Dialogue", ("municipality",)),
    SearchKind("insights", gettext_lazy("Insights"), "dialogues.Insight", ("dialogue", "project")),
    SearchKind(
        "directions",
        gettext_lazy("Statement of intent"),
        "directions.DirectionPoint",
        ("version__direction",),
    ),
    SearchKind(
        "agenda_items",
        gettext_lazy("Agenda items"),
        "decisions.AgendaItem",
        ("meeting__committee__organisation",),
    ),
    # The texts of förslag till beslut and beslut: what a committee proposed and decided.
    SearchKind(
        "proposal_points",
        gettext_lazy("Proposals for decision"),
        "decisions.ProposalPoint",
        ("agenda_item__meeting__committee__organisation",),
    ),
    SearchKind(
        "decision_points",
        gettext_lazy("Decisions"),
        "decisions.DecisionPoint",
        ("agenda_item__meeting__committee__organisation",),
    ),
    SearchKind("documents", gettext_lazy("Documents"), "decisions.Document"),
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
                model.objects.visible_to(request.user), query, fields=list(model.search_fields)
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
        "planning_portal/search.html",
        {
            "query": query,
            "groups": groups,
            "total": total,
            "per_kind": SEARCH_RESULTS_PER_KIND,
        },
    )
