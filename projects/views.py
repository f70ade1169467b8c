from django.shortcuts import get_object_or_404, render

from projects.models import Project


def project_list(request):
    projects = Project.objects.visible_to(request.user).select_related("owner")
    return render(request, "projects/project_list.html", {"projects": projects})


def project_detail(request, pk):
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("owner"), pk=pk
    )
    return render(request, "projects/project_detail.html", {"project": project})
