from django.shortcuts import get_object_or_404, render

from dialogues.models import Dialogue


def dialogue_list(request):
    dialogues = Dialogue.objects.visible_to(request.user).select_related("project", "municipality")
    return render(request, "dialogues/dialogue_list.html", {"dialogues": dialogues})


def dialogue_detail(request, pk):
    dialogue = get_object_or_404(
        Dialogue.objects.visible_to(request.user).select_related("project", "municipality"), pk=pk
    )
    return render(request, "dialogues/dialogue_detail.html", {"dialogue": dialogue})
