from django.contrib import admin

from core.admin import LockedInlineMixin, LockedRecordAdmin, PortalAdmin, save_formset_through
from decisions.models import (
    AgendaItem,
    AgendaItemDocument,
    Committee,
    DecisionPoint,
    Document,
    Meeting,
    ProposalPoint,
)
from decisions.services import (
    AGENDA_ITEM,
    AGENDA_ITEM_DOCUMENT,
    COMMITTEE,
    DECISION_POINT,
    DOCUMENT,
    EDITABLE_WHEN_LOCKED,
    MEETING,
    MINUTES_STEP_FIELDS,
    PROPOSAL_POINT,
    document_fields_editable_when_locked,
)

# The services of each inline's rows.
INLINE_SERVICES = {
    ProposalPoint: PROPOSAL_POINT,
    DecisionPoint: DECISION_POINT,
    AgendaItemDocument: AGENDA_ITEM_DOCUMENT,
}


class ProposalPointInline(LockedInlineMixin, admin.TabularInline):
    model = ProposalPoint
    extra = 0


class DecisionPointInline(LockedInlineMixin, admin.TabularInline):
    model = DecisionPoint
    extra = 0


class AgendaItemDocumentInline(LockedInlineMixin, admin.TabularInline):
    model = AgendaItemDocument
    extra = 0
    autocomplete_fields = ["document"]


@admin.register(Committee)
class CommitteeAdmin(PortalAdmin):
    list_display = ["__str__", "abbreviation", "parent"]
    search_fields = ["organisation__name", "abbreviation"]
    autocomplete_fields = ["organisation", "parent"]
    list_select_related = ["organisation", "parent__organisation"]
    services = COMMITTEE


@admin.register(Meeting)
class MeetingAdmin(LockedRecordAdmin):
    list_display = ["date", "committee", "kind", "minutes_status", "adjusted_on"]
    list_filter = ["committee", "kind", "minutes_status"]
    search_fields = ["location"]
    date_hierarchy = "date"
    list_select_related = ["committee__organisation"]
    services = MEETING
    # Justering (with its completeness check and confirmation) and publication are the
    # registrar's steps on the meeting's page; the admin shows them only.
    readonly_fields = MINUTES_STEP_FIELDS


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedRecordAdmin):
    list_display = ["__str__", "meeting", "kind", "diarienummer", "outcome"]
    list_filter = ["kind", "outcome", "committee"]
    search_fields = ["title", "diarienummer", "summary"]
    autocomplete_fields = ["meeting", "project"]
    list_select_related = ["meeting__committee__organisation"]
    inlines = [ProposalPointInline, DecisionPointInline, AgendaItemDocumentInline]
    services = AGENDA_ITEM

    def save_formset(self, request, form, formset, change):
        # Points and document links through their services too (locks of adjusted minutes).
        save_formset_through(
            formset,
            INLINE_SERVICES[formset.model],
            user=request.user,
            reason=self._reason(request),
        )


@admin.register(ProposalPoint)
class ProposalPointAdmin(LockedRecordAdmin):
    list_display = ["__str__", "agenda_item"]
    search_fields = ["text"]
    autocomplete_fields = ["agenda_item"]
    list_select_related = ["agenda_item"]
    services = PROPOSAL_POINT


@admin.register(DecisionPoint)
class DecisionPointAdmin(LockedRecordAdmin):
    list_display = ["__str__", "agenda_item"]
    search_fields = ["text"]
    autocomplete_fields = ["agenda_item"]
    list_select_related = ["agenda_item"]
    services = DECISION_POINT


@admin.register(Document)
class DocumentAdmin(LockedRecordAdmin):
    list_display = ["title", "kind", "date", "is_public", "project"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title", "diarienummer"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]
    services = DOCUMENT
    # What the database lets change in a document of adjusted minutes (decisions.services).
    editable_when_locked = EDITABLE_WHEN_LOCKED

    def locked_editable_fields(self, obj):
        return document_fields_editable_when_locked(obj)
