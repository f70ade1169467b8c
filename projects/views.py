from django.contrib import messages
from django.db.models import F, Min, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import mapdata
from core.access import editor_required, reader_required
from core.formtools import any_errors, formset_children
from core.pagination import paginate
from core.services import EditConflict
from places.models import Municipality, PlanningArea
from projects import services
from projects.access import get_project_for_user
from projects.forms import FundingLineFormSet, MilestoneFormSet, ProjectFilter, ProjectForm
from projects.models import Project
from projects.timeline import project_timeline


@reader_required
def project_list(request):
    """Filter by status, period and municipality; paginated. Constant queries (pinned in
    tests/projects/test_views_list.py)."""
    projects = (
        Project.objects.visible_to(request.user)
        .select_related("owner")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.only("code", "name"))
        )
        .order_by("-start_date", "title")
    )
    filterset = ProjectFilter(request.GET or None, queryset=projects)
    page_obj = paginate(request, filterset.qs)
    return render(
        request,
        "projects/project_list.html",
        {"filter": filterset, "page_obj": page_obj, "filtered": filterset.is_bound},
    )


@reader_required
def project_detail(request, pk):
    project = get_project_for_user(request, pk)
    user = request.user
    dated, undated = project_timeline(project=project, user=user)
    municipalities = list(project.municipalities.order_by("name"))
    features = [
        mapdata.feature(
            mapdata.geometry_geojson(project.scope, simplify=True),
            label=_("Geographic scope of the project"),
        )
    ]
    for municipality in municipalities:
        geometry = municipality.boundary or municipality.seat_location
        features.append(
            mapdata.feature(
                mapdata.geometry_geojson(geometry, simplify=True), label=municipality.name
            )
        )
    funding_lines = list(project.funding_lines.select_related("funder"))
    context = {
        "project": project,
        "timeline": dated,
        "undated": undated,
        "funding_lines": funding_lines,
        # The sum of the amounts the record gives (a line may give none).
        "funding_total": sum(line.amount for line in funding_lines if line.amount is not None),
        "funding_unrecorded": sum(1 for line in funding_lines if line.amount is None),
        # Through the reverse relations: projects sit below the apps that refer to them.
        # In the order the record lists them as beslutsunderlag (the first meeting that
        # listed them, then their place in its list), not alphabetically; documents no agenda
        # item lists come last, by title.
        "documents": project.documents.visible_to(user)
        .annotate(
            first_listed_on=Min("agenda_links__agenda_item__meeting__date"),
            listed_at=Min("agenda_links__position"),
        )
        .order_by(
            F("first_listed_on").asc(nulls_last=True),
            F("listed_at").asc(nulls_last=True),
            "title",
            "pk",
        ),
        "dialogues": project.dialogues.visible_to(user).select_related("municipality"),
        "conclusions": project.conclusions.visible_to(user).prefetch_related(
            Prefetch(
                "direction_points",
                queryset=project.direction_points.model.objects.visible_to(user).select_related(
                    "version__direction"
                ),
            )
        ),
        "direction_points": project.direction_points.visible_to(user).select_related(
            "version__direction"
        ),
        "planning_areas": PlanningArea.objects.visible_to(user).filter(project=project),
        "municipalities": municipalities,
        "map_features": mapdata.collection(features),
        "map_config": mapdata.map_config(gettext_lazy("Map of the project's geographic scope")),
        "has_geometry": any(f is not None for f in features),
    }
    return render(request, "projects/project_detail.html", context)


@editor_required
def project_create(request):
    return _project_form(request, Project())


@editor_required
def project_edit(request, pk):
    return _project_form(request, get_project_for_user(request, pk, write=True))


def _project_form(request, project: Project):
    creating = project.pk is None
    form = ProjectForm(request.POST or None, instance=project)
    milestones = MilestoneFormSet(request.POST or None, instance=project, prefix="milestones")
    funding = FundingLineFormSet(request.POST or None, instance=project, prefix="funding")
    if (
        request.method == "POST"
        and form.is_valid()
        and milestones.is_valid()
        and funding.is_valid()
    ):
        parts = {
            "milestones": formset_children(milestones),
            "funding_lines": formset_children(funding),
            "user": request.user,
        }
        try:
            if creating:
                project = services.project_create(data=form.cleaned_data, **parts)
            else:
                project = services.project_update(
                    project=project, data=form.cleaned_data, version=form.version, **parts
                )
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(
                request,
                (
                    _("The project “%(title)s” was created.")
                    if creating
                    else _("The project was saved.")
                )
                % {"title": project.title},
            )
            return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "formsets": [milestones, funding],
            "milestones": milestones,
            "funding": funding,
            "formsets_have_errors": request.method == "POST" and any_errors(milestones, funding),
            "project": project,
            "creating": creating,
        },
        status=form.status_code,
    )
