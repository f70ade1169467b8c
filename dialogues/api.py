"""API: dialogues and their insights (planners create, change and delete them), with an
iCalendar feed of the dialogues."""

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

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
from core.api.ical import CalendarEvent, build_calendar
from core.api.renderers import CSVRenderer, ICalendarRenderer
from core.api.serializers import PortalModelSerializer, WebUrlField, api_url
from core.api.viewsets import PortalModelViewSet
from dialogues.access import get_dialogue_for_user, get_insight_for_user
from dialogues.models import Dialogue, Insight, Theme
from dialogues.services import DIALOGUE, INSIGHT
from organisations.models import Organisation
from places.api_refs import defer_municipality
from places.models import Municipality
from projects.api_refs import defer_project
from projects.models import Project


# --- dialogues -----------------------------------------------------------------------------
class DialogueSerializer(PortalModelSerializer):
    url = api_url("dialogue-detail")
    web_url = WebUrlField()
    project = RefField("project-detail", queryset=Project.objects.all())
    organisations = RefField(
        "organisation-detail", queryset=Organisation.objects.all(), many=True, required=False
    )
    municipality = RefField(
        "municipality-detail",
        lookup="code",
        queryset=Municipality.objects.all(),
        allow_null=True,
        required=False,
    )
    location = GeoJSONField(geometry_types=("Point",), allow_null=True, required=False)
    themes = serializers.SlugRelatedField(
        slug_field="slug", queryset=Theme.objects.all(), many=True, required=False
    )

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "url",
            "web_url",
            "project",
            "title",
            "date",
            "format",
            "scope",
            "organisations",
            "municipality",
            "location",
            "summary",
            "themes",
            "is_published",
            "source",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]


class DialogueFilter(PortalFilterSet):
    project = IdFilter(field_name="project_id")
    municipality = CodeFilter(field_name="municipality__code", digits=4)
    organisation = IdFilter(
        field_name="organisations", label=_("Dialogues this organisation took part in (its id).")
    )
    kind = django_filters.ChoiceFilter(
        field_name="format",
        choices=Dialogue.Format.choices,
        label=_("The dialogue's format (meeting, digital, …)."),
    )
    scope = django_filters.ChoiceFilter(choices=Dialogue.Scope.choices)
    theme = django_filters.CharFilter(field_name="themes__slug", label=_("A theme's slug."))
    date_after = date_after_filter("date")
    date_before = date_before_filter("date")
    published = published_filter()
    search = search_filter()
    bbox = bbox_filter("location")
    ordering = django_filters.OrderingFilter(fields=["date", "title", "created", "modified"])

    class Meta:
        model = Dialogue
        fields = []


class DialogueViewSet(PortalModelViewSet):
    """Dialogue meetings within a project, with the organisations that took part (never
    private persons). The date is empty when the record does not give it.

    ``?format=ics`` is an iCalendar feed of the dialogues (all, or ``?project=<id>``);
    dialogues without a known date are left out and the feed's description says how many.
    """

    queryset = (
        Dialogue.objects.select_related("project", "municipality")
        .defer(*defer_project(), *defer_municipality())
        .prefetch_related(
            Prefetch("organisations", Organisation.objects.only("id", "name")),
            Prefetch("themes", Theme.objects.only("id", "slug")),
        )
    )
    serializer_class = DialogueSerializer
    filterset_class = DialogueFilter
    renderer_classes = [JSONRenderer, CSVRenderer, ICalendarRenderer]
    hidden_relations = {"project": Project}
    access = staticmethod(get_dialogue_for_user)
    services = DIALOGUE

    def calendar(self, rows, queryset):
        request = self.request
        dated = [d for d in rows if d.date is not None]
        undated = len(rows) - len(dated)
        project_id = self.request.query_params.get("project")
        project = None
        if project_id:
            project = Project.objects.visible_to(request.user).filter(pk=project_id).first()
        name = _gettext("Dialogues")
        if project is not None:
            name = f"{name} – {project.title}"
        description = _gettext(
            "Dialogues of regional strategic planning, Region Jämtland Härjedalen."
        )
        if undated:
            description += " " + ngettext(
                "%(count)d dialogue without a known date is not in this calendar.",
                "%(count)d dialogues without a known date are not in this calendar.",
                undated,
            ) % {"count": undated}
        events = [
            CalendarEvent(
                uid=f"dialogue-{d.pk}@{request.get_host()}",
                date=d.date,
                summary=d.title,
                description=d.summary,
                url=request.build_absolute_uri(d.get_absolute_url()),
                location=d.municipality.name if d.municipality_id else "",
                created=d.created,
                modified=d.modified,
            )
            for d in dated
        ]
        return build_calendar(name=name, description=description, events=events)


# --- insights ------------------------------------------------------------------------------
class InsightSerializer(PortalModelSerializer):
    url = api_url("insight-detail")
    web_url = WebUrlField()
    dialogue = RefField(
        "dialogue-detail", queryset=Dialogue.objects.all(), allow_null=True, required=False
    )
    project = RefField(
        "project-detail",
        queryset=Project.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("For a project's conclusion across its dialogues; else null."),
    )
    follow_up_owner = RefField(
        "organisation-detail", queryset=Organisation.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Insight
        fields = [
            "id",
            "url",
            "web_url",
            "dialogue",
            "project",
            "kind",
            "text",
            "response",
            "follow_up_owner",
            "follow_up_status",
            "position",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]


class InsightFilter(PortalFilterSet):
    dialogue = IdFilter(field_name="dialogue_id")
    project = IdFilter(
        method="filter_project",
        label=_("Insights of the project's dialogues and the project's own conclusions."),
    )
    kind = django_filters.ChoiceFilter(choices=Insight.Kind.choices)
    status = django_filters.ChoiceFilter(
        field_name="follow_up_status",
        choices=Insight.FollowUpStatus.choices,
        label=_("Follow-up status."),
    )
    organisation = IdFilter(field_name="follow_up_owner_id", label=_("Follow-up owner (id)."))
    municipality = CodeFilter(field_name="dialogue__municipality__code", digits=4)
    search = search_filter()
    ordering = django_filters.OrderingFilter(
        fields=["position", "kind", "follow_up_status", "created", "modified"]
    )

    class Meta:
        model = Insight
        fields = []

    def filter_project(self, queryset, name, value):
        return queryset.filter(Q(project_id=value) | Q(dialogue__project_id=value))


class InsightViewSet(PortalModelViewSet):
    """What dialogues yielded — needs, preconditions, demands — and their follow-up. An
    insight comes from one dialogue, or is a project's conclusion across its dialogues
    (then ``project`` is set instead of ``dialogue``)."""

    queryset = Insight.objects.select_related("dialogue", "project", "follow_up_owner").defer(
        *defer_project(), "dialogue__location", "dialogue__summary"
    )
    serializer_class = InsightSerializer
    filterset_class = InsightFilter
    hidden_relations = {"project": Project}
    access = staticmethod(get_insight_for_user)
    services = INSIGHT
