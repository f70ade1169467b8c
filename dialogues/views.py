from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import mapdata
from core.access import editor_required, reader_required
from core.pagination import paginate
from core.services import EditConflict
from dialogues import services
from dialogues.access import get_dialogue_for_user, get_insight_for_user
from dialogues.coverage import dialogue_coverage
from dialogues.forms import (
    SORT_ORDER,
    DialogueFilter,
    DialogueForm,
    InsightForm,
    InsightLinkForm,
)
from dialogues.models import Dialogue, Insight
from directions.models import DirectionPoint
from directions.services import direction_point_link_insight
from organisations.models import Organisation
from projects.models import Project


def _insight_count():
    counts = (
        Insight.objects.filter(dialogue=OuterRef("pk"))
        .order_by()
        .values("dialogue")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


@reader_required
def dialogue_list(request):
    """Filter by municipality, organisation, kind of insight, theme and period; sortable;
    paginated. Constant queries (pinned in tests/dialogues/test_views_list.py)."""
    dialogues = (
        Dialogue.objects.visible_to(request.user)
        .select_related("municipality", "project")
        # The list shows neither geometries nor long texts: fewer bytes to sort and send.
        .defer(
            "summary",
            "location",
            "municipality__boundary",
            "municipality__seat_location",
            "project__summary",
            "project__purpose",
            "project__background",
            "project__scope",
        )
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.only("name")),
            "themes",
        )
        # A subquery, not a join with GROUP BY: SQLite would group by every selected column
        # (geometries included), and the organisation and theme filters join many-to-many
        # tables that would multiply a joined count.
        .annotate(insight_count=_insight_count())
        # Meta.ordering does not apply to aggregated querysets; the sort filter may replace it.
        .order_by(*SORT_ORDER["date_desc"])
    )
    filterset = DialogueFilter(request.GET or None, queryset=dialogues)
    page_obj = paginate(request, filterset.qs)
    return render(
        request,
        "dialogues/dialogue_list.html",
        {"filter": filterset, "page_obj": page_obj, "filtered": _is_filtered(request)},
    )


def _is_filtered(request) -> bool:
    return any(v for k, v in request.GET.items() if k not in ("page", "sort"))


@reader_required
def dialogue_detail(request, pk):
    dialogue = get_dialogue_for_user(request, pk)
    user = request.user
    insights = (
        Insight.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .select_related("follow_up_owner")
        .prefetch_related(
            Prefetch(
                "direction_points",
                queryset=DirectionPoint.objects.visible_to(user).select_related(
                    "version__direction"
                ),
            )
        )
    )
    location = mapdata.geometry_geojson(dialogue.location)
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "organisations": dialogue.organisations.order_by("name"),
            "themes": dialogue.themes.all(),
            "insights": insights,
            "location": location,
            "map_features": mapdata.collection([mapdata.feature(location, label=dialogue.title)]),
            "map_config": mapdata.map_config(gettext_lazy("Map of the dialogue's location")),
        },
    )


@editor_required
def dialogue_create(request):
    initial = {}
    project_id = request.GET.get("project", "")
    if project_id.isdigit():
        initial["project"] = Project.objects.filter(pk=project_id).first()
    return _dialogue_form(request, Dialogue(), initial=initial)


@editor_required
def dialogue_edit(request, pk):
    return _dialogue_form(request, get_dialogue_for_user(request, pk, write=True))


def _dialogue_form(request, dialogue: Dialogue, *, initial=None):
    creating = dialogue.pk is None
    form = DialogueForm(request.POST or None, instance=dialogue, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if creating:
                dialogue = services.dialogue_create(data=form.cleaned_data, user=request.user)
            else:
                dialogue = services.dialogue_update(
                    dialogue=dialogue,
                    data=form.cleaned_data,
                    version=form.version,
                    user=request.user,
                )
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            if creating:
                messages.success(
                    request,
                    _("The dialogue “%(title)s” was created. Add the insights it yielded below.")
                    % {"title": dialogue.title},
                )
            else:
                messages.success(request, _("The dialogue was saved."))
            return redirect(dialogue)
    return render(
        request,
        "dialogues/dialogue_form.html",
        {"form": form, "dialogue": dialogue, "creating": creating},
        status=form.status_code,
    )


@editor_required
def insight_create(request, pk):
    dialogue = get_dialogue_for_user(request, pk, write=True)
    position = (
        dialogue.insights.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    return _insight_form(request, Insight(dialogue=dialogue), initial={"position": position})


@editor_required
def insight_edit(request, pk):
    return _insight_form(request, get_insight_for_user(request, pk, write=True))


def _insight_form(request, insight: Insight, *, initial=None):
    creating = insight.pk is None
    form = InsightForm(request.POST or None, instance=insight, initial=initial)
    if request.method == "POST" and form.is_valid():
        # The form does not show where the insight comes from: the record says it.
        data = {**form.cleaned_data, "dialogue": insight.dialogue, "project": insight.project}
        try:
            if creating:
                insight = services.insight_create(data=data, user=request.user)
            else:
                insight = services.insight_update(
                    insight=insight, data=data, version=form.version, user=request.user
                )
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(
                request, _("The insight was added.") if creating else _("The insight was saved.")
            )
            if creating and "add_another" in request.POST:
                return redirect("dialogues:insight_create", insight.dialogue_id)
            return redirect(insight.get_absolute_url())
    return render(
        request,
        "dialogues/insight_form.html",
        {"form": form, "insight": insight, "creating": creating, "origin": _origin(insight)},
        status=form.status_code,
    )


def _origin(insight: Insight):
    return insight.dialogue if insight.dialogue_id else insight.project


@editor_required
@require_http_methods(["GET", "POST"])
def insight_link(request, pk):
    """Link an insight to a point of an open version of a statement of intent."""
    insight = get_insight_for_user(request, pk)
    form = InsightLinkForm(request.POST or None, insight=insight)
    if request.method == "POST" and form.is_valid():
        point = form.cleaned_data["point"]
        direction_point_link_insight(point=point, insight=insight)
        messages.success(
            request,
            _("The insight now supports point %(number)s of version %(version)s.")
            % {"number": point.number, "version": point.version.number},
        )
        return redirect(insight.get_absolute_url())
    return render(
        request,
        "dialogues/insight_link.html",
        {
            "form": form,
            "insight": insight,
            "origin": _origin(insight),
            "has_open_points": form.fields["point"].queryset.exists(),
        },
    )


@reader_required
def coverage(request):
    """Which municipalities and actors the dialogues have met, and which not yet."""
    projects = Project.objects.visible_to(request.user).order_by("-start_date", "title")
    project = None
    project_id = request.GET.get("project", "")
    if project_id.isdigit():
        project = get_object_or_404(projects, pk=project_id)
    result = dialogue_coverage(user=request.user, project=project)
    return render(
        request,
        "dialogues/coverage.html",
        {"coverage": result, "projects": projects, "project": project},
    )
