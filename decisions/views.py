from django.shortcuts import get_object_or_404, render

from decisions.models import AgendaItem, Committee, Document, Meeting


def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("committee__organisation")
    return render(request, "decisions/meeting_list.html", {"meetings": meetings})


def committee_detail(request, pk):
    committee = get_object_or_404(Committee.objects.select_related("organisation"), pk=pk)
    return render(request, "decisions/committee_detail.html", {"committee": committee})


def meeting_detail(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee__organisation"), pk=pk
    )
    return render(request, "decisions/meeting_detail.html", {"meeting": meeting})


def agenda_item_detail(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related(
            "meeting__committee__organisation"
        ),
        pk=pk,
    )
    return render(request, "decisions/agenda_item_detail.html", {"item": item})


def document_detail(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    return render(request, "decisions/document_detail.html", {"document": document})
