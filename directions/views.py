from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import roles
from core.access import editor_required, reader_required
from core.pagination import paginate
from core.services import EditConflict, RuleRefused
from dialogues.models import Insight
from directions.access import get_direction_for_user, get_point_for_user, get_version_for_user
from directions.forms import DirectionPointForm, NewPointForm
from directions.models import Direction, DirectionPoint, DirectionVersion
from directions.services import (
    OPEN_STATUSES,
    direction_point_add,
    direction_point_update,
    direction_propose_version,
    open_version,
)
from projects.models import Project


def _points(user):
    """Points with the insights and projects the user may see (two prefetch queries)."""
    return (
        DirectionPoint.objects.select_related("version")
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "insights",
                queryset=Insight.objects.visible_to(user).select_related("dialogue", "project"),
            ),
            Prefetch("projects", queryset=Project.objects.visible_to(user)),
        )
    )


@reader_required
def direction_list(request):
    """Each statement of intent with the version the user may see as current. Constant
    queries (pinned in tests/directions/test_views_list.py)."""
    directions = Direction.objects.visible_to(request.user).prefetch_related(
        Prefetch(
            "versions",
            queryset=DirectionVersion.objects.visible_to(request.user).order_by("-number"),
        )
    )
    return render(
        request, "directions/direction_list.html", {"page_obj": paginate(request, directions)}
    )


@reader_required
def direction_detail(request, pk):
    """The version in force with its points, each with supporting insights and carrying
    projects; all versions and the adopting decision."""
    direction = get_direction_for_user(request, pk)
    user = request.user
    versions = list(
        DirectionVersion.objects.visible_to(user)
        .filter(direction=direction)
        .select_related("adopted_by__agenda_item__meeting__committee__organisation")
        .order_by("-number")
    )
    current = next((v for v in versions if v.status == DirectionVersion.Status.ADOPTED), None)
    points = list(_points(user).filter(version=current)) if current else []
    draft = next((v for v in versions if v.status in OPEN_STATUSES), None)
    return render(
        request,
        "directions/direction_detail.html",
        {
            "direction": direction,
            "versions": versions,
            "current": current,
            "points": points,
            "draft": draft,
        },
    )


@reader_required
def version_detail(request, pk, number):
    version = get_version_for_user(request, pk, number)
    points = list(_points(request.user).filter(version=version))
    return render(
        request,
        "directions/version_detail.html",
        {
            "version": version,
            "direction": version.direction,
            "points": points,
            "new_point_form": NewPointForm(),
            "editable": roles.can_edit(request.user) and not version.is_locked,
        },
    )


@editor_required
@require_POST
def version_propose(request, pk):
    direction = get_direction_for_user(request, pk, write=True)
    try:
        version = direction_propose_version(direction=direction, user=request.user)
    except RuleRefused as refused:
        messages.error(request, str(refused))
        existing = open_version(direction)
        return redirect(existing or direction)
    messages.success(
        request,
        _(
            "Version %(number)s was created as a draft with the points of the version in "
            "force. Edit its points and their links below."
        )
        % {"number": version.number},
    )
    return redirect(version)


@editor_required
@require_POST
def point_add(request, pk, number):
    version = get_version_for_user(request, pk, number, write=True)
    form = NewPointForm(request.POST)
    if form.is_valid():
        point = direction_point_add(
            direction_version=version, text=form.cleaned_data["text"], user=request.user
        )
        messages.success(request, _("Point %(number)s was added.") % {"number": point.number})
        return redirect(point.get_absolute_url())
    points = list(_points(request.user).filter(version=version))
    return render(
        request,
        "directions/version_detail.html",
        {
            "version": version,
            "direction": version.direction,
            "points": points,
            "new_point_form": form,
            "editable": True,
        },
        status=400,
    )


@editor_required
def point_edit(request, pk):
    point = get_point_for_user(request, pk, write=True)
    form = DirectionPointForm(
        request.POST or None,
        record=point,
        initial={
            "text": point.text,
            "insights": point.insights.all(),
            "projects": point.projects.all(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            point = direction_point_update(
                point=point, data=form.cleaned_data, version=form.version, user=request.user
            )
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("Point %(number)s was saved.") % {"number": point.number})
            return redirect(point.get_absolute_url())
    return render(
        request,
        "directions/point_form.html",
        {"form": form, "point": point},
        status=form.status_code,
    )
