"""API: projects (planners create, change and delete them), their funding lines and
milestones (read-only)."""

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from core.api.fields import GeoJSONField, RefField
from core.api.filters import (
    CodeFilter,
    IdFilter,
    PortalFilterSet,
    bbox_filter,
    date_after_filter,
    date_before_filter,
    published_filter,
    search_filter,
)
from core.api.serializers import PortalModelSerializer, WebUrlField, api_url
from core.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet
from organisations.models import Organisation
from places.api_refs import municipality_refs
from places.models import Municipality
from projects.access import get_project_for_user
from projects.api_refs import defer_project
from projects.models import FundingLine, Milestone, Project
from projects.services import PROJECT


# --- projects ------------------------------------------------------------------------------
class ProjectSerializer(PortalModelSerializer):
    url = api_url("project-detail")
    web_url = WebUrlField()
    owner = RefField(
        "organisation-detail",
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
    )
    municipalities = RefField(
        "municipality-detail",
        lookup="code",
        queryset=Municipality.objects.all(),
        many=True,
        required=False,
    )
    scope = GeoJSONField(allow_null=True, required=False)

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "web_url",
            "diarienummer",
            "title",
            "summary",
            "purpose",
            "background",
            "start_date",
            "end_date",
            "period_precision",
            "status",
            "owner",
            "municipalities",
            "scope",
            "is_published",
            "source",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]


class ProjectFilter(PortalFilterSet):
    status = django_filters.ChoiceFilter(choices=Project.Status.choices)
    municipality = CodeFilter(
        field_name="municipalities__code",
        digits=4,
        label=_("Projects that concern this municipality (its four-digit code)."),
    )
    organisation = IdFilter(
        method="filter_organisation",
        label=_("Projects this organisation owns or funds (its id)."),
    )
    date_after = django_filters.DateFilter(
        method="filter_date_after",
        label=_("Projects not ended before this date (an unknown end counts as open)."),
    )
    date_before = django_filters.DateFilter(
        method="filter_date_before",
        label=_("Projects started on or before this date (an unknown start counts as open)."),
    )
    published = published_filter()
    search = search_filter()
    bbox = bbox_filter("scope")
    ordering = django_filters.OrderingFilter(
        fields=["title", "diarienummer", "start_date", "end_date", "created", "modified"]
    )

    class Meta:
        model = Project
        fields = []

    def filter_organisation(self, queryset, name, value):
        funded = FundingLine.objects.filter(funder_id=value).values("project_id")
        return queryset.filter(Q(owner_id=value) | Q(pk__in=funded))

    def filter_date_after(self, queryset, name, value):
        return queryset.filter(Q(end_date__gte=value) | Q(end_date__isnull=True))

    def filter_date_before(self, queryset, name, value):
        return queryset.filter(Q(start_date__lte=value) | Q(start_date__isnull=True))


class ProjectViewSet(PortalModelViewSet):
    """Regional development projects under their diarienummer (e.g. RUN/479/2024). Planners
    create, change and delete them; the diarienummer is accepted as people write it
    (``run / 0479 / 2024``) and stored canonical."""

    queryset = Project.objects.select_related("owner").prefetch_related(
        Prefetch("municipalities", municipality_refs())
    )
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    access = staticmethod(get_project_for_user)
    services = PROJECT


# --- funding lines -------------------------------------------------------------------------
class FundingLineSerializer(PortalModelSerializer):
    url = api_url("fundingline-detail")
    web_url = WebUrlField(
        path=lambda line: f"{line.project.get_absolute_url()}#finansiering-{line.pk}"
    )
    project = RefField("project-detail", read_only=True)
    funder = RefField("organisation-detail", read_only=True, allow_null=True)

    class Meta:
        model = FundingLine
        fields = [
            "id",
            "url",
            "web_url",
            "project",
            "kind",
            "funder",
            "programme",
            "amount",
            "note",
            "created",
            "modified",
        ]
        read_only_fields = fields


class FundingLineFilter(PortalFilterSet):
    project = IdFilter(field_name="project_id")
    organisation = IdFilter(field_name="funder_id", label=_("Lines of this funder (its id)."))
    kind = django_filters.ChoiceFilter(choices=FundingLine.Kind.choices)
    search = search_filter()
    ordering = django_filters.OrderingFilter(fields=["kind", "amount", "modified"])

    class Meta:
        model = FundingLine
        fields = []


class FundingLineViewSet(PortalReadOnlyViewSet):
    """Where a project's money comes from: grants and co-financing, by funder and/or
    programme; the amount is empty when the record does not give it."""

    queryset = FundingLine.objects.select_related("project", "funder").defer(*defer_project())
    serializer_class = FundingLineSerializer
    filterset_class = FundingLineFilter


# --- milestones ----------------------------------------------------------------------------
class MilestoneSerializer(PortalModelSerializer):
    url = api_url("milestone-detail")
    web_url = WebUrlField(
        path=lambda milestone: f"{milestone.project.get_absolute_url()}#milstolpe-{milestone.pk}"
    )
    project = RefField("project-detail", read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "url",
            "web_url",
            "project",
            "title",
            "description",
            "planned_date",
            "actual_date",
            "created",
            "modified",
        ]
        read_only_fields = fields


class MilestoneFilter(PortalFilterSet):
    project = IdFilter(field_name="project_id")
    date_after = date_after_filter("planned_date", _("Planned on or after this date."))
    date_before = date_before_filter("planned_date", _("Planned on or before this date."))
    search = search_filter()
    ordering = django_filters.OrderingFilter(
        fields=["planned_date", "actual_date", "title", "modified"]
    )

    class Meta:
        model = Milestone
        fields = []


class MilestoneViewSet(PortalReadOnlyViewSet):
    """A project's milestones, planned and reached."""

    queryset = Milestone.objects.select_related("project").defer(*defer_project())
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
