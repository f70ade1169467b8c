from django.shortcuts import get_object_or_404, render

from organisations.models import Organisation


def organisation_list(request):
    organisations = Organisation.objects.select_related("parent")
    return render(request, "organisations/organisation_list.html", {"organisations": organisations})


def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), pk=pk)
    return render(request, "organisations/organisation_detail.html", {"organisation": organisation})
