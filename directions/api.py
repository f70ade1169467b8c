"""API: statements of intent (viljeinriktningar), their versions with their points, and the
points on their own. Planners create, change and delete statements and draft or proposed
versions; an adopted (or superseded) version is what the committee decided and does not
change (409) — a change is a new version. Adoption happens by a decision, in the portal."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.access import RecordLocked
from core.api.concurrency import etag_for, version_from_if_match
from core.api.errors import Locked
from core.api.fields import RefField, StrictIntegerField
from core.api.filters import IdFilter, PortalFilterSet, search_filter
from core.api.serializers import (
    PortalModelSerializer,
    WebUrlField,
    api_url,
)
from core.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet
from decisions.models import DecisionPoint, ProposalPoint
from dialogues.models import Insight
from directions.access import get_direction_for_user, get_direction_version_for_user
from directions.models import PUBLIC_STATUSES, Direction, DirectionPoint, DirectionVersion
from directions.services import (
    DIRECTION,
    DIRECTION_VERSION,
    compare_versions,
    direction_version_name_decision,
    direction_version_propose,
)
from projects.api_refs import defer_project, project_refs
from projects.models import Project


# --- statements ----------------------------------------------------------------------------
class DirectionSerializer(PortalModelSerializer):
    url = api_url("direction-detail")
    web_url = WebUrlField()
    project = RefField(
        "project-detail", queryset=Project.objects.all(), allow_null=True, required=False
    )
    versions = RefField(
        "directionversion-detail", many=True, read_only=True, extra=("number", "status")
    )

    class Meta:
        model = Direction
        fields = [
            "id",
            "url",
            "web_url",
            "title",
            "description",
            "project",
            "versions",
            "source",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]


class DirectionFilter(PortalFilterSet):
    project = IdFilter(field_name="project_id")
    search = search_filter()
    ordering = django_filters.OrderingFilter(fields=["title", "created", "modified"])

    class Meta:
        model = Direction
        fields = []


class DirectionViewSet(PortalModelViewSet):
    """A statement of intent as a whole; its text lives in its versions."""

    queryset = Direction.objects.select_related("project").defer(*defer_project())
    serializer_class = DirectionSerializer
    filterset_class = DirectionFilter
    hidden_relations = {"project": Project}
    access = staticmethod(get_direction_for_user)
    services = DIRECTION

    def eager(self, queryset):
        versions = DirectionVersion.objects.visible_to(self.request.user).select_related(
            "direction"
        )
        return queryset.prefetch_related(Prefetch("versions", versions))


# --- versions and their points -------------------------------------------------------------
class PointSerializer(PortalModelSerializer):
    """A point of a version, written with its version (matched by number; the service
    checks the numbers and each point)."""

    id = serializers.IntegerField(read_only=True)
    url = api_url("directionpoint-detail")
    number = StrictIntegerField(min_value=1, max_value=32767)
    insights = RefField("insight-detail", queryset=Insight.objects.all(), many=True, required=False)
    projects = RefField("project-detail", queryset=Project.objects.all(), many=True, required=False)

    class Meta:
        model = DirectionPoint
        fields = ["id", "url", "number", "text", "insights", "projects"]


class DirectionVersionSerializer(PortalModelSerializer):
    url = api_url("directionversion-detail")
    web_url = WebUrlField()
    direction = RefField("direction-detail", queryset=Direction.objects.all())
    number = StrictIntegerField(
        min_value=1,
        max_value=32767,
        required=False,
        help_text=_("The version number; by default the next after the latest."),
    )
    adopted_by = RefField(
        "decisionpoint-detail",
        read_only=True,
        allow_null=True,
        help_text=_(
            "The point of the decision (beslut) that adopts this version: named while it is "
            "proposed, in force once the minutes are adjusted."
        ),
    )
    proposed_by = RefField(
        "proposalpoint-detail",
        read_only=True,
        allow_null=True,
        help_text=_("The point of förslag till beslut that proposed this version."),
    )
    points = PointSerializer(many=True, required=False)

    class Meta:
        model = DirectionVersion
        fields = [
            "id",
            "url",
            "web_url",
            "direction",
            "number",
            "status",
            "proposed_by",
            "adopted_by",
            "note",
            "points",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]

    def validate_direction(self, direction):
        if self.instance is not None and direction.pk != self.instance.direction_id:
            raise serializers.ValidationError(_("A version stays with its statement."))
        return direction

    def validate_status(self, status):
        if status in PUBLIC_STATUSES and (self.instance is None or self.instance.status != status):
            raise serializers.ValidationError(
                _(
                    "A version is adopted by a decision, in the portal; here it is a draft "
                    "or proposed."
                )
            )
        return status


class ProposeSerializer(serializers.Serializer):
    proposal_point = serializers.PrimaryKeyRelatedField(
        queryset=ProposalPoint.objects.all(),
        help_text=_("The point of förslag till beslut that proposes the version."),
    )


class DecideSerializer(serializers.Serializer):
    decision_point = serializers.PrimaryKeyRelatedField(
        queryset=DecisionPoint.objects.all(),
        help_text=_("The point of beslut that adopts the version."),
    )


class PointChangeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    change = serializers.ChoiceField(
        source="kind", choices=["added", "removed", "text", "links", "same"]
    )
    old_text = serializers.CharField(source="old.text", allow_null=True, default=None)
    new_text = serializers.CharField(source="new.text", allow_null=True, default=None)
    insights_added = serializers.ListField(
        child=serializers.IntegerField(), source="ids.insights_added"
    )
    insights_removed = serializers.ListField(
        child=serializers.IntegerField(), source="ids.insights_removed"
    )
    projects_added = serializers.ListField(
        child=serializers.IntegerField(), source="ids.projects_added"
    )
    projects_removed = serializers.ListField(
        child=serializers.IntegerField(), source="ids.projects_removed"
    )


class ComparisonSerializer(serializers.Serializer):
    old = RefField("directionversion-detail", read_only=True, extra=("number", "status"))
    new = RefField("directionversion-detail", read_only=True, extra=("number", "status"))
    points = PointChangeSerializer(many=True)


class DirectionVersionFilter(PortalFilterSet):
    direction = IdFilter(field_name="direction_id")
    status = django_filters.ChoiceFilter(choices=DirectionVersion.Status.choices)
    project = IdFilter(
        field_name="direction__project_id", label=_("Versions of statements of this project.")
    )
    ordering = django_filters.OrderingFilter(fields=["number", "created", "modified"])

    class Meta:
        model = DirectionVersion
        fields = []


ADOPTED_IS_LOCKED = _(
    "This version is adopted (or superseded): it is what the committee decided and does not "
    "change. Make a new version instead."
)


class DirectionVersionViewSet(PortalModelViewSet):
    """The versions of a statement: draft → proposed → adopted (by a decision) → superseded.
    Each has numbered points with the insights that support them and the projects that carry
    them. Points are written with their version; an adopted version does not change."""

    queryset = DirectionVersion.objects.select_related("direction")
    serializer_class = DirectionVersionSerializer
    filterset_class = DirectionVersionFilter
    hidden_relations = {"adopted_by": DecisionPoint, "proposed_by": ProposalPoint}
    access = staticmethod(get_direction_version_for_user)
    # The points given replace the version's points (matched by number; without
    # ``points`` they stay as they are): directions.services.direction_version_set_points.
    services = DIRECTION_VERSION

    def eager(self, queryset):
        user = self.request.user
        points = DirectionPoint.objects.prefetch_related(
            Prefetch("insights", Insight.objects.visible_to(user)),
            Prefetch("projects", project_refs(user)),
        )
        return queryset.select_related("adopted_by", "proposed_by").prefetch_related(
            Prefetch("points", points)
        )

    def get_object_for_write(self):
        try:
            return super().get_object_for_write()
        except RecordLocked as exc:
            raise Locked(ADOPTED_IS_LOCKED) from exc

    # The version's life (directions.services): each step claims the version in If-Match.

    @extend_schema(request=ProposeSerializer, responses=DirectionVersionSerializer)
    @action(detail=True, methods=["post"], serializer_class=ProposeSerializer)
    def propose(self, request, pk=None, **kwargs):
        """A draft becomes proposed: name the point of förslag till beslut that proposes it."""
        obj = self.get_object_for_write()
        version = version_from_if_match(request, obj)
        serializer = ProposeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        obj = direction_version_propose(
            direction_version=obj,
            proposal_point=serializer.validated_data["proposal_point"],
            version=version,
            user=request.user,
            reason=self.change_reason,
        )
        return self._version_response(obj)

    @extend_schema(request=DecideSerializer, responses=DirectionVersionSerializer)
    @action(detail=True, methods=["post"], serializer_class=DecideSerializer)
    def decide(self, request, pk=None, **kwargs):
        """Name the point of beslut that adopts a proposed version; it is adopted (and the
        version in force superseded) when the minutes are adjusted."""
        obj = self.get_object_for_write()
        version = version_from_if_match(request, obj)
        serializer = DecideSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        obj = direction_version_name_decision(
            direction_version=obj,
            decision_point=serializer.validated_data["decision_point"],
            version=version,
            user=request.user,
            reason=self.change_reason,
        )
        return self._version_response(obj)

    def _version_response(self, obj):
        fresh = self.get_queryset().get(pk=obj.pk)
        data = DirectionVersionSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, headers={"ETag": etag_for(fresh)})

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "with",
                int,
                required=True,
                description=str(_("The id of the other version of the same statement.")),
            )
        ],
        responses=ComparisonSerializer,
    )
    @action(detail=True, methods=["get"], serializer_class=ComparisonSerializer)
    def compare(self, request, pk=None, **kwargs):
        """This version compared point by point with another of the same statement (``with``):
        each point added, removed, with changed text or changed links. The ETag is made of
        both versions'."""
        this = self.get_object()
        raw = request.query_params.get("with", "")
        if not raw.isdigit():
            raise ValidationError({"with": [_("Give the id of the other version.")]})
        other = DirectionVersion.objects.visible_to(request.user).filter(pk=int(raw)).first()
        if other is None or other.direction_id != this.direction_id:
            raise ValidationError(
                {"with": [_("No such version of this statement is visible to you.")]}
            )
        user = request.user
        rows = compare_versions(
            other,
            this,
            insights=Insight.objects.visible_to(user),
            projects=Project.objects.visible_to(user),
        )
        data = ComparisonSerializer(
            {"old": other, "new": this, "points": rows}, context=self.get_serializer_context()
        ).data
        etag = etag_for(other).strip('"')[:16] + etag_for(this).strip('"')[:16]
        return Response(data, headers={"ETag": f'"{etag}"'})


class DirectionPointSerializer(PortalModelSerializer):
    url = api_url("directionpoint-detail")
    web_url = WebUrlField()
    version = RefField("directionversion-detail", read_only=True, extra=("number", "status"))
    direction = RefField("direction-detail", source="version.direction", read_only=True)
    insights = RefField("insight-detail", many=True, read_only=True)
    projects = RefField("project-detail", many=True, read_only=True)

    class Meta:
        model = DirectionPoint
        fields = [
            "id",
            "url",
            "web_url",
            "version",
            "direction",
            "number",
            "text",
            "insights",
            "projects",
            "created",
            "modified",
        ]
        read_only_fields = fields


class DirectionPointFilter(PortalFilterSet):
    version = IdFilter(field_name="version_id")
    direction = IdFilter(field_name="version__direction_id")
    status = django_filters.ChoiceFilter(
        field_name="version__status",
        choices=DirectionVersion.Status.choices,
        label=_("The status of the point's version."),
    )
    project = IdFilter(field_name="projects", label=_("Points this project carries (its id)."))
    insight = IdFilter(field_name="insights", label=_("Points this insight supports (its id)."))
    search = search_filter()
    ordering = django_filters.OrderingFilter(fields=["number", "modified"])

    class Meta:
        model = DirectionPoint
        fields = []


class DirectionPointViewSet(PortalReadOnlyViewSet):
    """The points of all versions, to find e.g. which points a project carries
    (``?project=``) or an insight supports (``?insight=``). Written with their version."""

    queryset = DirectionPoint.objects.select_related("version__direction")
    serializer_class = DirectionPointSerializer
    filterset_class = DirectionPointFilter

    def eager(self, queryset):
        user = self.request.user
        return queryset.prefetch_related(
            Prefetch("insights", Insight.objects.visible_to(user)),
            Prefetch("projects", project_refs(user)),
        )
