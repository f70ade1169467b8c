from core.access import get_for_user
from decisions.models import AgendaItem, Document, Meeting


def get_meeting_for_user(request, pk, *, write: bool = False) -> Meeting:
    return get_for_user(
        Meeting.objects.select_related("committee__organisation"),
        request.user,
        write=write,
        pk=pk,
    )


def get_agenda_item_for_user(request, pk, *, write: bool = False) -> AgendaItem:
    return get_for_user(
        AgendaItem.objects.select_related("meeting__committee__organisation", "project"),
        request.user,
        write=write,
        pk=pk,
    )


def get_document_for_user(request, pk, *, write: bool = False) -> Document:
    """Documents are locked when any agenda item they underlie is in adjusted minutes."""
    return get_for_user(
        Document.objects.select_related("project"), request.user, write=write, pk=pk
    )
