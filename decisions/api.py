"""API: decision records — committees, meetings (with an iCalendar feed), agenda items (§)
with their points of *förslag till beslut* and *beslut*, and decision documents.

Agenda items of draft minutes can be changed by editors; once the minutes are adjusted
(*justerat*) the record is official and every write is refused with 409
(``core.access.RecordLocked``). Meetings, their minutes and documents are kept in the portal.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from core.access import check_can_adjust_minutes
from core.api.fields import RefField, StrictIntegerField
from core.api.filters import (
    IdFilter,
    PortalFilterSet,
    date_after_filter,
    date_before_filter,
    search_filter,
)
from core.api.ical import CalendarEvent, build_calendar
from core.api.renderers import CSVRenderer, ICalendarRenderer
from core.api.serializers import PortalModelSerializer, WebUrlField, api_url
from core.api.viewsets import PortalModelViewSet, PortalReadOnlyViewSet
from decisions import services
from decisions.access import get_agenda_item_for_user, get_meeting_for_user
from decisions.models import (
    AgendaItem,
    AgendaItemDocument,
    Committee,
    DecisionPoint,
    Document,
    Meeting,
    ProposalPoint,
)
from decisions.services import AGENDA_ITEM
from projects.api_refs import defer_project
from projects.models import Project


# --- committees ----------------------------------------------------------------------------
class CommitteeSerializer(PortalModelSerializer):
    url = api_url("committee-detail")
    web_url = WebUrlField()
    name = serializers.CharField(source="organisation.name", read_only=True)
    organisation = RefField("organisation-detail", read_only=True)
    parent = RefField("committee-detail", read_only=True, allow_null=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "url",
            "web_url",
            "name",
            "abbreviation",
            "organisation",
            "parent",
            "created",
            "modified",
        ]
        read_only_fields = fields


class CommitteeFilter(PortalFilterSet):
    search = search_filter()
    ordering = django_filters.OrderingFilter(
        fields=[("organisation__name", "name"), "abbreviation", "modified"]
    )

    class Meta:
        model = Committee
        fields = []


class CommitteeViewSet(PortalReadOnlyViewSet):
    """Committees (nämnder) and their presidia. Their meetings as a calendar:
    ``/api/v1/meetings/?format=ics&committee=<id>``."""

    queryset = Committee.objects.select_related("organisation", "parent__organisation")
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter


# --- meetings ------------------------------------------------------------------------------
class MeetingSerializer(PortalModelSerializer):
    url = api_url("meeting-detail")
    web_url = WebUrlField()
    committee = RefField("committee-detail", read_only=True)
    agenda_items = RefField("agendaitem-detail", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "web_url",
            "committee",
            "date",
            "kind",
            "location",
            "minutes_status",
            "adjusted_on",
            "adjusters",
            "published_on",
            "agenda_items",
            "source",
            "created",
            "modified",
        ]
        read_only_fields = fields


class MeetingFilter(PortalFilterSet):
    committee = IdFilter(field_name="committee_id")
    project = IdFilter(
        method="filter_project", label=_("Meetings that dealt with this project (its id).")
    )
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices)
    status = django_filters.ChoiceFilter(
        field_name="minutes_status",
        choices=Meeting.MinutesStatus.choices,
        label=_("The status of the minutes."),
    )
    date_after = date_after_filter("date")
    date_before = date_before_filter("date")
    search = search_filter()
    ordering = django_filters.OrderingFilter(fields=["date", "created", "modified"])

    class Meta:
        model = Meeting
        fields = []

    def filter_project(self, queryset, name, value):
        return queryset.filter(
            pk__in=AgendaItem.objects.filter(project_id=value).values("meeting_id")
        )


class MeetingAdjustSerializer(serializers.Serializer):
    """The registrar's justering (decisions.services.meeting_adjust): irreversible, so it
    needs the JSON literal ``"confirm": true``; incomplete minutes and meetings not yet held
    are refused with 409 naming what is missing."""

    adjusted_on = serializers.DateField()
    adjusters = serializers.CharField(max_length=300)
    confirm = serializers.BooleanField(
        help_text=_("Must be true: after justering nothing in the minutes can be changed.")
    )

    def validate_confirm(self, value):
        # Only an explicit JSON true confirms: not "yes", 1 or a form's "on".
        if self.initial_data.get("confirm") is not True:
            raise serializers.ValidationError(
                _('Confirm the justering with "confirm": true; it cannot be undone.')
            )
        return value


class MeetingViewSet(PortalReadOnlyViewSet):
    """Meetings of committees, with the status of their minutes (draft, adjusted,
    published) and their agenda items.

    ``?format=ics`` is an iCalendar feed of the meetings: all, ``?committee=<id>`` or
    ``?project=<id>`` (the meetings that dealt with the project)."""

    queryset = Meeting.objects.select_related("committee__organisation").prefetch_related(
        Prefetch("agenda_items", AgendaItem.objects.only("id", "meeting_id", "number", "title"))
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    renderer_classes = [JSONRenderer, CSVRenderer, ICalendarRenderer]

    @extend_schema(
        request=MeetingAdjustSerializer,
        responses=MeetingSerializer,
        description=str(MeetingAdjustSerializer.__doc__),
    )
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None, **kwargs):
        """Adjust (justera) the minutes of the meeting: registrars only."""
        try:
            meeting = get_meeting_for_user(request, pk)
        except (TypeError, ValueError, DjangoValidationError) as exc:  # not an id at all
            raise Http404 from exc
        check_can_adjust_minutes(request.user)
        serializer = MeetingAdjustSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = services.meeting_adjust(
            meeting=meeting,
            **serializer.validated_data,
            user=request.user,
            reason=self.get_serializer_context()["change_reason"],
        )
        return self.object_response(meeting)

    def calendar(self, rows, queryset):
        request = self.request
        params = request.query_params
        parts = [_gettext("Meetings")]
        if params.get("committee"):
            committee = (
                Committee.objects.select_related("organisation")
                .filter(pk=params["committee"])
                .first()
            )
            if committee is not None:
                parts.append(str(committee))
        if params.get("project"):
            project = Project.objects.visible_to(request.user).filter(pk=params["project"]).first()
            if project is not None:
                parts.append(project.title)
        description = _gettext(
            "Meetings of the committees of Region Jämtland Härjedalen in regional strategic "
            "planning, from the portal's decision records."
        )
        events = [
            CalendarEvent(
                uid=f"meeting-{meeting.pk}@{request.get_host()}",
                date=meeting.date,
                summary=f"{meeting.committee}: {meeting.get_kind_display()}",
                description="\n".join(str(item) for item in meeting.agenda_items.all()),
                url=request.build_absolute_uri(meeting.get_absolute_url()),
                location=meeting.location,
                created=meeting.created,
                modified=meeting.modified,
            )
            for meeting in rows
        ]
        return build_calendar(name=" – ".join(parts), description=description, events=events)


# --- agenda items --------------------------------------------------------------------------
class NumberedPointSerializer(PortalModelSerializer):
    """A point of a proposal or decision, written with its agenda item (matched by number)."""

    id = serializers.IntegerField(read_only=True)
    number = StrictIntegerField(min_value=1, max_value=32767)

    class Meta:
        model = ProposalPoint
        fields = ["id", "number", "text"]


class DecisionPointNestedSerializer(NumberedPointSerializer):
    class Meta(NumberedPointSerializer.Meta):
        model = DecisionPoint


class LinkedDocumentField(RefField):
    """A document through its link to the agenda item (kept in the record's order)."""

    def to_representation(self, value):
        return super().to_representation(value.document)


class AgendaItemSerializer(PortalModelSerializer):
    url = api_url("agendaitem-detail")
    web_url = WebUrlField()
    meeting = RefField("meeting-detail", queryset=Meeting.objects.all())
    committee = RefField("committee-detail", read_only=True)
    project = RefField(
        "project-detail", queryset=Project.objects.all(), allow_null=True, required=False
    )
    number = StrictIntegerField(
        min_value=1,
        max_value=2**31 - 1,
        allow_null=True,
        required=False,
        help_text=_("The § number; empty when the record does not give it."),
    )
    proposal_points = NumberedPointSerializer(
        many=True, required=False, help_text=_("Förslag till beslut, point by point.")
    )
    decision_points = DecisionPointNestedSerializer(
        many=True, required=False, help_text=_("Beslut, point by point.")
    )
    documents = LinkedDocumentField(
        "document-detail",
        many=True,
        read_only=True,
        source="visible_document_links",
        help_text=_("Beslutsunderlag, in the record's order."),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "url",
            "web_url",
            "meeting",
            "committee",
            "year",
            "number",
            "position",
            "diarienummer",
            "title",
            "kind",
            "summary",
            "outcome",
            "project",
            "proposal_points",
            "decision_points",
            "documents",
            "created",
            "modified",
        ]
        read_only_fields = ["year", "created", "modified"]

    def validate_meeting(self, meeting):
        if self.instance is not None and meeting.pk != self.instance.meeting_id:
            raise serializers.ValidationError(_("An agenda item stays in its meeting."))
        # Adjusted minutes (409) and the points (matched by number):
        # decisions.services.agenda_item_create / agenda_item_update.
        return meeting


class AgendaItemFilter(PortalFilterSet):
    meeting = IdFilter(field_name="meeting_id")
    committee = IdFilter(field_name="committee_id")
    project = IdFilter(field_name="project_id")
    kind = django_filters.ChoiceFilter(choices=AgendaItem.Kind.choices)
    outcome = django_filters.ChoiceFilter(choices=AgendaItem.Outcome.choices)
    date_after = date_after_filter("meeting__date", _("Meetings on or after this date."))
    date_before = date_before_filter("meeting__date", _("Meetings on or before this date."))
    search = search_filter()
    ordering = django_filters.OrderingFilter(
        fields=[("meeting__date", "date"), "number", "position", "modified"]
    )

    class Meta:
        model = AgendaItem
        fields = []


class AgendaItemViewSet(PortalModelViewSet):
    """The paragraphs (§) of meetings: title, case number, *förslag till beslut* and *beslut*
    kept apart (a committee may decide otherwise than proposed), outcome and beslutsunderlag.
    Editors change agenda items of draft minutes; adjusted minutes refuse every write (409)."""

    queryset = AgendaItem.objects.select_related(
        "meeting__committee__organisation", "committee__organisation", "project"
    ).defer(*defer_project())
    serializer_class = AgendaItemSerializer
    filterset_class = AgendaItemFilter
    hidden_relations = {"project": Project}
    access = staticmethod(get_agenda_item_for_user)
    services = AGENDA_ITEM

    def eager(self, queryset):
        documents = (
            AgendaItemDocument.objects.filter(
                document__in=Document.objects.visible_to(self.request.user)
            )
            .select_related("document")
            .order_by("position", "pk")
        )
        return queryset.prefetch_related(
            "proposal_points",
            "decision_points",
            Prefetch("document_links", documents, to_attr="visible_document_links"),
        )


# --- points on their own -------------------------------------------------------------------
class PointFilter(PortalFilterSet):
    agenda_item = IdFilter(field_name="agenda_item_id")
    meeting = IdFilter(field_name="agenda_item__meeting_id")
    search = search_filter()
    ordering = django_filters.OrderingFilter(fields=["number", "modified"])

    class Meta:
        model = DecisionPoint
        fields = []


class ProposalPointSerializer(PortalModelSerializer):
    url = api_url("proposalpoint-detail")
    web_url = WebUrlField(
        path=lambda point: f"{point.agenda_item.get_absolute_url()}#forslag-{point.number}"
    )
    agenda_item = RefField("agendaitem-detail", read_only=True)

    class Meta:
        model = ProposalPoint
        fields = ["id", "url", "web_url", "agenda_item", "number", "text", "created", "modified"]
        read_only_fields = fields


class ProposalPointFilter(PointFilter):
    class Meta:
        model = ProposalPoint
        fields = []


class ProposalPointViewSet(PortalReadOnlyViewSet):
    """The points of *förslag till beslut*, one by one (written with their agenda item)."""

    queryset = ProposalPoint.objects.select_related("agenda_item")
    serializer_class = ProposalPointSerializer
    filterset_class = ProposalPointFilter


class DecisionPointSerializer(ProposalPointSerializer):
    url = api_url("decisionpoint-detail")
    web_url = WebUrlField()
    adopted_directions = RefField(
        "directionversion-detail",
        many=True,
        read_only=True,
        help_text=_("Versions of statements of intent this point adopted."),
    )

    class Meta:
        model = DecisionPoint
        fields = [
            "id",
            "url",
            "web_url",
            "agenda_item",
            "number",
            "text",
            "adopted_directions",
            "created",
            "modified",
        ]
        read_only_fields = fields


class DecisionPointViewSet(PortalReadOnlyViewSet):
    """The points of *beslut*, one by one; a point may adopt a version of a statement of
    intent (written with their agenda item)."""

    queryset = DecisionPoint.objects.select_related("agenda_item")
    serializer_class = DecisionPointSerializer
    filterset_class = PointFilter

    def eager(self, queryset):
        return queryset.with_adopted_directions(self.request.user)


# --- documents -----------------------------------------------------------------------------
class DocumentSerializer(PortalModelSerializer):
    url = api_url("document-detail")
    web_url = WebUrlField()
    project = RefField("project-detail", read_only=True, allow_null=True)
    agenda_items = RefField(
        "agendaitem-detail",
        many=True,
        read_only=True,
        help_text=_("The agenda items this document underlies (beslutsunderlag)."),
    )
    has_file = serializers.SerializerMethodField(help_text=_("Whether the portal holds the file."))
    download_url = serializers.SerializerMethodField(
        help_text=_(
            "Where the file is downloaded (the same permission check as the document), or "
            "null when the portal holds no file."
        )
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "url",
            "web_url",
            "title",
            "kind",
            "date",
            "diarienummer",
            "original_filename",
            "has_file",
            "download_url",
            "is_public",
            "secrecy_reason",
            "project",
            "agenda_items",
            "source",
            "created",
            "modified",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_file(self, document) -> bool:
        return bool(document.file)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, document) -> str | None:
        if not document.file:
            return None
        path = reverse("decisions:document_download", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentFilter(PortalFilterSet):
    project = IdFilter(field_name="project_id")
    agenda_item = IdFilter(field_name="agenda_items")
    meeting = IdFilter(method="filter_meeting", label=_("Documents of this meeting (its id)."))
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices)
    date_after = date_after_filter("date")
    date_before = date_before_filter("date")
    search = search_filter()
    ordering = django_filters.OrderingFilter(fields=["title", "date", "created", "modified"])

    class Meta:
        model = Document
        fields = []

    def filter_meeting(self, queryset, name, value):
        links = AgendaItemDocument.objects.filter(agenda_item__meeting_id=value)
        return queryset.filter(pk__in=links.values("document_id"))


class DocumentViewSet(PortalReadOnlyViewSet):
    """Documents: beslutsunderlag of agenda items and documents of projects. Documents under
    secrecy (OSL) are seen only by the portal's roles."""

    queryset = Document.objects.select_related("project").defer(*defer_project())
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    hidden_relations = {"project": Project}

    def eager(self, queryset):
        items = AgendaItem.objects.visible_to(self.request.user).only("id", "number", "title")
        return queryset.prefetch_related(Prefetch("agenda_items", items))
