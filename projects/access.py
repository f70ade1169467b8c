from core.access import get_for_user
from projects.models import Project


def get_project_for_user(request, pk, *, write: bool = False) -> Project:
    return get_for_user(Project.objects.select_related("owner"), request.user, write=write, pk=pk)
