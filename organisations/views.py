from django.db.models import Count, Q
from django.shortcuts import render

from core.access import get_for_user, reader_required
from core.pagination import paginate
from organisations.models import Organisation


@reader_required
def organisation_list(request):
    """All actors with the number of dialogues they took part in. Constant queries
    (pinned in tests/organisations/test_views_list.py)."""
    kind = request.GET.get("kind", "")
    # Dialogue through the relation: organisations sit below dialogues and do not import them.
    dialogue_model = Organisation._meta.get_field("dialogues").related_model
    organisations = (
        Organisation.objects.visible_to(request.user)
        .select_related("parent")
        .annotate(
            dialogue_count=Count(
                "dialogues", filter=Q(dialogues__in=dialogue_model.objects.visible_to(request.user))
            )
        )
        .order_by("name")
    )
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "page_obj": paginate(request, organisations, per_page=50),
            "kinds": Organisation.Kind.choices,
            "kind": kind,
        },
    )


@reader_required
def organisation_detail(request, pk):
    organisation = get_for_user(
        Organisation.objects.select_related("parent", "municipality"), request.user, pk=pk
    )
    user = request.user
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "children": organisation.children.order_by("name"),
            "dialogues": organisation.dialogues.visible_to(user),
            "projects": organisation.owned_projects.visible_to(user),
            "committee": getattr(organisation, "committee", None),
        },
    )
