from django.shortcuts import get_object_or_404, render

from places.models import County, Municipality, PlanningArea


def municipality_list(request):
    municipalities = Municipality.objects.select_related("county").order_by("county__code", "name")
    return render(request, "places/municipality_list.html", {"municipalities": municipalities})


def county_detail(request, code):
    county = get_object_or_404(County, code=code)
    return render(request, "places/county_detail.html", {"county": county})


def municipality_detail(request, code):
    municipality = get_object_or_404(Municipality.objects.select_related("county"), code=code)
    return render(request, "places/municipality_detail.html", {"municipality": municipality})


def planning_area_detail(request, pk):
    area = get_object_or_404(PlanningArea.objects.visible_to(request.user), pk=pk)
    return render(request, "places/planning_area_detail.html", {"area": area})
