from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import mapdata
from core.access import editor_required, get_for_user, reader_required
from core.pagination import paginate
from core.services import EditConflict
from dialogues.models import Dialogue
from places import services
from places.access import get_municipality_for_user, get_planning_area_for_user
from places.forms import PlanningAreaForm
from places.models import County, Municipality, PlanningArea
from projects.models import Project


@reader_required
def municipality_list(request):
    """Counties, municipalities with the number of projects and dialogues concerning them,
    and planning areas. Constant queries (pinned in tests/places/test_views_list.py)."""
    user = request.user
    municipalities = (
        Municipality.objects.select_related("county")
        .annotate(
            project_count=Count(
                "projects",
                filter=Q(projects__in=Project.objects.visible_to(user)),
                distinct=True,
            ),
            dialogue_count=Count(
                "dialogues",
                filter=Q(dialogues__in=Dialogue.objects.visible_to(user)),
                distinct=True,
            ),
        )
        .order_by("county__code", "name")
    )
    areas = _planning_areas(user).order_by("-modified")
    return render(
        request,
        "places/municipality_list.html",
        {
            "page_obj": paginate(request, municipalities, per_page=50),
            "areas": areas[:AREAS_ON_PLACES_PAGE],
            "area_count": areas.count(),
        },
    )


AREAS_ON_PLACES_PAGE = 10


def _planning_areas(user):
    return (
        PlanningArea.objects.visible_to(user)
        .select_related("project")
        .prefetch_related("municipalities")
    )


@reader_required
def planning_area_list(request):
    """All planning areas the user may see, paginated. Constant queries (pinned in
    tests/places/test_views_list.py)."""
    areas = _planning_areas(request.user).order_by("name")
    return render(request, "places/planning_area_list.html", {"page_obj": paginate(request, areas)})


@reader_required
def county_detail(request, code):
    county = get_for_user(County.objects.all(), request.user, code=code)
    municipalities = county.municipalities.order_by("name")
    return render(
        request,
        "places/county_detail.html",
        {"county": county, "municipalities": municipalities},
    )


@reader_required
def municipality_detail(request, code):
    municipality = get_municipality_for_user(request, code)
    user = request.user
    features = [
        mapdata.feature(
            mapdata.geometry_geojson(municipality.boundary, simplify=True),
            label=str(municipality),
        ),
        mapdata.feature(
            mapdata.geometry_geojson(municipality.seat_location),
            label=municipality.seat or str(municipality),
        ),
    ]
    organisation = getattr(municipality, "organisation", None)
    return render(
        request,
        "places/municipality_detail.html",
        {
            "municipality": municipality,
            "organisation": organisation,
            "projects": Project.objects.visible_to(user).filter(municipalities=municipality),
            "dialogues": Dialogue.objects.visible_to(user)
            .filter(Q(municipality=municipality) | Q(organisations__municipality=municipality))
            .distinct(),
            "planning_areas": PlanningArea.objects.visible_to(user).filter(
                municipalities=municipality
            ),
            "seat": mapdata.geometry_geojson(municipality.seat_location),
            "map_features": mapdata.collection(features),
            "map_config": mapdata.map_config(
                gettext_lazy("Map of the municipality's boundary and seat")
            ),
            "has_geometry": any(f is not None for f in features),
        },
    )


@reader_required
def planning_area_detail(request, pk):
    area = get_planning_area_for_user(request, pk)
    geometry = mapdata.geometry_geojson(area.geometry, simplify=True)
    return render(
        request,
        "places/planning_area_detail.html",
        {
            "area": area,
            "municipalities": area.municipalities.order_by("name"),
            "map_features": mapdata.collection([mapdata.feature(geometry, label=area.name)]),
            "map_config": mapdata.map_config(gettext_lazy("Map of the planning area")),
            "area_km2": area.geometry.area / 1_000_000 if area.geometry.dims == 2 else None,
            "length_km": area.geometry.length / 1000 if area.geometry.dims == 1 else None,
            "centroid": mapdata.geometry_geojson(area.geometry.centroid),
        },
    )


# --- drawing planning areas (routed under /karta/, beside the map: places.urls) -------------


@editor_required
def planning_area_create(request):
    form = PlanningAreaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        area = services.planning_area_create(data=form.cleaned_data, user=request.user)
        messages.success(request, _("The planning area “%(name)s” was saved.") % {"name": area})
        return redirect(area)
    return render(request, "places/planning_area_form.html", {"form": form, "area": None})


@editor_required
def planning_area_edit(request, pk):
    area = get_planning_area_for_user(request, pk, write=True)
    original_name = area.name  # an invalid form still writes its values onto the instance
    form = PlanningAreaForm(request.POST or None, instance=area, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.planning_area_update(
                area=area, data=form.cleaned_data, version=form.version, user=request.user
            )
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("The planning area “%(name)s” was saved.") % {"name": area})
            return redirect(area)
    return render(
        request,
        "places/planning_area_form.html",
        {"form": form, "area": area, "original_name": original_name},
        status=form.status_code,
    )
