"""API: counties and municipalities (read-only, found by their SCB codes) and planning areas
(planners create, change and delete them)."""

import django_filters
from django.db.models import Prefetch

from core.api.fields import GeoJSONField, RefField
from core.api.filters import (
    CodeFilter,
    IdFilter,
    PortalFilterSet,
    bbox_filter,
    published_filter,
    search_filter,
)
from core.api.serializers import PortalModelSerializer, WebUrlField, api_url
from core.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet
from places.access import get_planning_area_for_user
from places.api_refs import municipality_refs
from places.models import County, Municipality, PlanningArea
from places.services import PLANNING_AREA
from projects.api_refs import defer_project
from projects.models import Project


# --- counties ------------------------------------------------------------------------------
class CountySerializer(PortalModelSerializer):
    url = api_url("county-detail", lookup="code")
    web_url = WebUrlField()
    municipalities = RefField("municipality-detail", lookup="code", many=True, read_only=True)
    boundary = GeoJSONField(geometry_types=("MultiPolygon",), read_only=True, allow_null=True)

    class Meta:
        model = County
        fields = [
            "id",
            "code",
            "url",
            "web_url",
            "name",
            "municipalities",
            "boundary",
            "created",
            "modified",
        ]
        read_only_fields = fields


class CountyListSerializer(CountySerializer):
    class Meta(CountySerializer.Meta):
        fields = [f for f in CountySerializer.Meta.fields if f != "boundary"]
        read_only_fields = fields


class CountyFilter(PortalFilterSet):
    search = search_filter()
    bbox = bbox_filter("boundary")
    ordering = django_filters.OrderingFilter(fields=["code", "name", "modified"])

    class Meta:
        model = County
        fields = []


class CountyViewSet(PortalReadOnlyViewSet):
    """Counties (län) with their SCB code (two digits), their municipalities and (in the
    detail) their boundary. Map layers of boundaries: /api/v1/layers/."""

    queryset = County.objects.prefetch_related(Prefetch("municipalities", municipality_refs()))
    serializer_class = CountySerializer
    list_serializer_class = CountyListSerializer
    filterset_class = CountyFilter
    lookup_field = "code"
    lookup_value_regex = "[0-9]{2}"


# --- municipalities ------------------------------------------------------------------------
class MunicipalitySerializer(PortalModelSerializer):
    url = api_url("municipality-detail", lookup="code")
    web_url = WebUrlField()
    county = RefField("county-detail", lookup="code", read_only=True)
    organisation = RefField("organisation-detail", read_only=True, allow_null=True)
    seat_location = GeoJSONField(geometry_types=("Point",), read_only=True, allow_null=True)
    boundary = GeoJSONField(geometry_types=("MultiPolygon",), read_only=True, allow_null=True)

    class Meta:
        model = Municipality
        fields = [
            "id",
            "code",
            "url",
            "web_url",
            "name",
            "county",
            "seat",
            "seat_location",
            "organisation",
            "boundary",
            "created",
            "modified",
        ]
        read_only_fields = fields


class MunicipalityListSerializer(MunicipalitySerializer):
    class Meta(MunicipalitySerializer.Meta):
        fields = [f for f in MunicipalitySerializer.Meta.fields if f != "boundary"]
        read_only_fields = fields


class MunicipalityFilter(PortalFilterSet):
    county = CodeFilter(field_name="county__code", digits=2)
    search = search_filter()
    bbox = bbox_filter("boundary")
    ordering = django_filters.OrderingFilter(fields=["code", "name", "modified"])

    class Meta:
        model = Municipality
        fields = []


class MunicipalityViewSet(PortalReadOnlyViewSet):
    """Municipalities (kommuner) with their SCB code (four digits), county, seat and its
    location, the organisation that governs them and (in the detail) their boundary."""

    queryset = Municipality.objects.select_related("county", "organisation").defer(
        "county__boundary"
    )
    serializer_class = MunicipalitySerializer
    list_serializer_class = MunicipalityListSerializer
    filterset_class = MunicipalityFilter
    lookup_field = "code"
    lookup_value_regex = "[0-9]{4}"


# --- planning areas ------------------------------------------------------------------------
class PlanningAreaSerializer(PortalModelSerializer):
    url = api_url("planningarea-detail")
    web_url = WebUrlField()
    geometry = GeoJSONField()
    project = RefField(
        "project-detail", queryset=Project.objects.all(), allow_null=True, required=False
    )
    municipalities = RefField(
        "municipality-detail",
        lookup="code",
        queryset=Municipality.objects.all(),
        many=True,
        required=False,
    )

    class Meta:
        model = PlanningArea
        fields = [
            "id",
            "url",
            "web_url",
            "name",
            "kind",
            "description",
            "geometry",
            "project",
            "municipalities",
            "is_published",
            "source",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]


class PlanningAreaFilter(PortalFilterSet):
    kind = django_filters.ChoiceFilter(choices=PlanningArea.Kind.choices)
    project = IdFilter(field_name="project_id")
    municipality = CodeFilter(field_name="municipalities__code", digits=4)
    published = published_filter()
    search = search_filter()
    bbox = bbox_filter("geometry")
    ordering = django_filters.OrderingFilter(fields=["name", "kind", "created", "modified"])

    class Meta:
        model = PlanningArea
        fields = []


class PlanningAreaViewSet(PortalModelViewSet):
    """Areas that planners draw (development areas, corridors, functional regions…), any
    geometry type, in WGS84. Planners create, change and delete them."""

    queryset = (
        PlanningArea.objects.select_related("project")
        .defer(*defer_project())
        .prefetch_related(Prefetch("municipalities", municipality_refs()))
    )
    serializer_class = PlanningAreaSerializer
    filterset_class = PlanningAreaFilter
    hidden_relations = {"project": Project}
    access = staticmethod(get_planning_area_for_user)
    services = PLANNING_AREA

    def service_data(self, serializer, instance=None) -> dict:
        data = super().service_data(serializer, instance)
        # PUT replaces the whole area: municipalities left out are none named (the service
        # then takes those the geometry touches); PATCH leaves out what it does not change.
        if not serializer.partial:
            data.setdefault("municipalities", [])
        return data
