from core.access import get_for_user
from places.models import Municipality, PlanningArea


def get_municipality_for_user(request, code, *, write: bool = False) -> Municipality:
    return get_for_user(
        Municipality.objects.select_related("county"), request.user, write=write, code=code
    )


def get_planning_area_for_user(request, pk, *, write: bool = False) -> PlanningArea:
    return get_for_user(
        PlanningArea.objects.select_related("project"), request.user, write=write, pk=pk
    )
