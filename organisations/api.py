"""API: the organisations the region works with (read-only)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.fields import RefField
from core.api.filters import CodeFilter, IdFilter, PortalFilterSet, search_filter
from core.api.serializers import PortalModelSerializer, WebUrlField, api_url
from core.api.viewsets import PortalReadOnlyViewSet
from organisations.models import Organisation
from places.api_refs import defer_municipality


class OrganisationSerializer(PortalModelSerializer):
    url = api_url("organisation-detail")
    web_url = WebUrlField()
    parent = RefField("organisation-detail", read_only=True, allow_null=True)
    municipality = RefField("municipality-detail", lookup="code", read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "url",
            "web_url",
            "name",
            "short_name",
            "kind",
            "parent",
            "municipality",
            "created",
            "modified",
        ]
        read_only_fields = fields


class OrganisationFilter(PortalFilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)
    municipality = CodeFilter(
        field_name="municipality__code",
        digits=4,
        label=_("The municipality organisation of this municipality code."),
    )
    parent = IdFilter(field_name="parent_id", label=_("Parts of this organisation (its id)."))
    search = search_filter()
    ordering = django_filters.OrderingFilter(fields=["name", "kind", "modified"])

    class Meta:
        model = Organisation
        fields = []


class OrganisationViewSet(PortalReadOnlyViewSet):
    """The actors: the region and its units, committees, municipalities, Länsstyrelsen,
    Kommunförbundet, government agencies. Dialogues record organisations, never persons."""

    queryset = Organisation.objects.select_related("parent", "municipality").defer(
        *defer_municipality()
    )
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
