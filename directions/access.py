from core.access import get_for_user
from directions.models import Direction, DirectionPoint, DirectionVersion


def get_direction_for_user(request, pk, *, write: bool = False) -> Direction:
    return get_for_user(Direction.objects.all(), request.user, write=write, pk=pk)


def get_version_for_user(request, direction_pk, number, *, write: bool = False):
    return get_for_user(
        DirectionVersion.objects.select_related(
            "direction",
            "adopted_by__agenda_item__meeting__committee__organisation",
            "proposed_by__agenda_item__meeting__committee__organisation",
        ),
        request.user,
        write=write,
        direction_id=direction_pk,
        number=number,
    )


def get_direction_version_for_user(request, pk, *, write: bool = False) -> DirectionVersion:
    """The same, by the version's own id (as the API addresses it)."""
    return get_for_user(
        DirectionVersion.objects.select_related("direction"), request.user, write=write, pk=pk
    )


def get_point_for_user(request, pk, *, write: bool = False) -> DirectionPoint:
    """Points of adopted versions are locked: a change is a new version."""
    return get_for_user(
        DirectionPoint.objects.select_related("version__direction"),
        request.user,
        write=write,
        pk=pk,
    )
