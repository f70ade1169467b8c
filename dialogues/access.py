from core.access import get_for_user
from dialogues.models import Dialogue, Insight


def get_dialogue_for_user(request, pk, *, write: bool = False) -> Dialogue:
    return get_for_user(
        Dialogue.objects.select_related("project", "municipality"),
        request.user,
        write=write,
        pk=pk,
    )


def get_insight_for_user(request, pk, *, write: bool = False) -> Insight:
    return get_for_user(
        Insight.objects.select_related("dialogue__project", "project", "follow_up_owner"),
        request.user,
        write=write,
        pk=pk,
    )
