from django.shortcuts import get_object_or_404, render

from directions.models import Direction, DirectionVersion


def direction_list(request):
    return render(
        request, "directions/direction_list.html", {"directions": Direction.objects.all()}
    )


def direction_detail(request, pk):
    direction = get_object_or_404(Direction, pk=pk)
    versions = DirectionVersion.objects.visible_to(request.user).filter(direction=direction)
    return render(
        request, "directions/direction_detail.html", {"direction": direction, "versions": versions}
    )


def version_detail(request, pk, number):
    version = get_object_or_404(
        DirectionVersion.objects.visible_to(request.user).select_related("direction"),
        direction_id=pk,
        number=number,
    )
    return render(request, "directions/version_detail.html", {"version": version})
