from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import roles
from core.access import editor_required, reader_required
from core.pagination import paginate
from core.services import EditConflict, RuleRefused
from dialogues.models import Insight
from directions.access import get_direction_for_user, get_point_for_user, get_version_for_user
from directions.forms import (
    DecideVersionForm,
    DirectionPointForm,
    NewPointForm,
    ProposeVersionForm,
)
from directions.models import Direction, DirectionPoint, DirectionVersion
from directions.services import (
    OPEN_STATUSES,
    compare_versions,
    direction_point_add,
    direction_point_delete,
    direction_point_move,
    direction_point_update,
    direction_propose_version,
    direction_version_name_decision,
    direction_version_propose,
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


def _life_step(request, pk, number, *, form_class, service, field, template, form_kwargs=None):
    """A step of the version's life (propose, name the decision) from its form page."""
    version = get_version_for_user(request, pk, number, write=True)
    form = form_class(request.POST or None, record=version, **(form_kwargs or {}))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version = service(
                direction_version=version,
                **{field: form.cleaned_data[field]},
                version=form.version,
                user=request.user,
            )
        except EditConflict as conflict:
            form.show_conflict(conflict)
            status = form.status_code
        except RuleRefused as refused:
            form.add_error(None, str(refused))
            status = 409
        else:
            return version
    elif form.errors:
        status = 400
    return render(
        request,
        template,
        {"form": form, "version": version, "direction": version.direction},
        status=status,
    )


@editor_required
def version_submit(request, pk, number):
    """Propose a draft through a point of förslag till beslut (it becomes föreslagen)."""
    answer = _life_step(
        request,
        pk,
        number,
        form_class=ProposeVersionForm,
        service=direction_version_propose,
        field="proposal_point",
        template="directions/version_submit.html",
    )
    if isinstance(answer, DirectionVersion):
        messages.success(request, _("The version is proposed."))
        return redirect(answer)
    return answer


@editor_required
def version_decide(request, pk, number):
    """Name the point of beslut that adopts a proposed version (adopted on justering)."""
    version = get_version_for_user(request, pk, number, write=True)
    if version.proposed_by_id is None:
        messages.error(
            request, _("This draft was never proposed: propose it in an agenda item first.")
        )
        return redirect(version)
    answer = _life_step(
        request,
        pk,
        number,
        form_class=DecideVersionForm,
        service=direction_version_name_decision,
        field="decision_point",
        template="directions/version_decide.html",
        form_kwargs={"agenda_item": version.proposed_by.agenda_item},
    )
    if isinstance(answer, DirectionVersion):
        messages.success(
            request,
            _(
                "The decision is named. The version is adopted, and the version in force "
                "superseded, when the minutes are adjusted."
            ),
        )
        return redirect(answer)
    return answer


@editor_required
@require_POST
def point_move(request, pk):
    """Move a point of a draft one place up or down (a button per direction, no script)."""
    point = get_point_for_user(request, pk, write=True)
    try:
        point = direction_point_move(
            point=point,
            offset=int(request.POST.get("offset", "0")),
            version=request.POST.get("record_version", ""),
            user=request.user,
        )
    except (ValueError, ValidationError):
        messages.error(request, _("A point moves one place up or down."))
    except EditConflict:
        messages.error(request, _("Someone changed the point meanwhile; nothing was moved."))
    else:
        messages.success(request, _("Point moved to place %(number)s.") % {"number": point.number})
    return redirect(point.version)


@editor_required
@require_POST
def point_delete(request, pk):
    """Remove a point of a draft (the numbers after it stay as they are)."""
    point = get_point_for_user(request, pk, write=True)
    try:
        direction_point_delete(
            point=point, version=request.POST.get("record_version", ""), user=request.user
        )
    except EditConflict:
        messages.error(request, _("Someone changed the point meanwhile; nothing was removed."))
    else:
        messages.success(request, _("Point %(number)s was removed.") % {"number": point.number})
    return redirect(point.version)


@reader_required
def version_compare(request, pk):
    """Two versions of a statement side by side, point by point (``?fran=1&till=2``,
    version numbers). Constant queries: the versions, the points, their insights and
    projects."""
    direction = get_direction_for_user(request, pk)
    user = request.user
    versions = list(
        DirectionVersion.objects.visible_to(user).filter(direction=direction).order_by("number")
    )
    by_number = {v.number: v for v in versions}
    try:
        old = by_number[int(request.GET.get("fran", ""))]
        new = by_number[int(request.GET.get("till", ""))]
    except (KeyError, ValueError):
        if len(versions) < 2 or request.GET:
            raise Http404(_("No such versions of this statement.")) from None
        old, new = versions[-2], versions[-1]
    rows = compare_versions(
        old,
        new,
        insights=Insight.objects.visible_to(user).select_related("dialogue", "project"),
        projects=Project.objects.visible_to(user),
    )
    return render(
        request,
        "directions/version_compare.html",
        {"direction": direction, "old": old, "new": new, "rows": rows, "versions": versions},
    )
