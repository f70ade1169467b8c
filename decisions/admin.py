from django.contrib import admin

from core.admin import LockedInlineMixin, LockedRecordAdmin, PortalAdmin
from core.uploads import original_name
from decisions.models import (
    AgendaItem,
    AgendaItemDocument,
    Committee,
    DecisionPoint,
    Document,
    Meeting,
    ProposalPoint,
)


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


@admin.register(Meeting)
class MeetingAdmin(LockedRecordAdmin):
    list_display = ["date", "committee", "kind", "minutes_status", "adjusted_on"]
    list_filter = ["committee", "kind", "minutes_status"]
    search_fields = ["location"]
    date_hierarchy = "date"
    list_select_related = ["committee__organisation"]


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedRecordAdmin):
    list_display = ["__str__", "meeting", "kind", "diarienummer", "outcome"]
    list_filter = ["kind", "outcome", "committee"]
    search_fields = ["title", "diarienummer", "summary"]
    autocomplete_fields = ["meeting", "project"]
    list_select_related = ["meeting__committee__organisation"]
    inlines = [ProposalPointInline, DecisionPointInline, AgendaItemDocumentInline]


@admin.register(ProposalPoint)
class ProposalPointAdmin(LockedRecordAdmin):
    list_display = ["__str__", "agenda_item"]
    search_fields = ["text"]
    autocomplete_fields = ["agenda_item"]
    list_select_related = ["agenda_item"]


@admin.register(DecisionPoint)
class DecisionPointAdmin(LockedRecordAdmin):
    list_display = ["__str__", "agenda_item"]
    search_fields = ["text"]
    autocomplete_fields = ["agenda_item"]
    list_select_related = ["agenda_item"]


@admin.register(Document)
class DocumentAdmin(LockedRecordAdmin):
    list_display = ["title", "kind", "date", "is_public", "project"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title", "diarienummer"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]
    # What the database lets change in a document of adjusted minutes (decisions migration
    # 0003): the secrecy assessment (OSL), and the file when it had none yet.
    editable_when_locked = ("is_public", "secrecy_reason")

    def locked_editable_fields(self, obj):
        stored = Document.objects.filter(pk=obj.pk).values_list("file", flat=True).first()
        return (*self.editable_when_locked, *(() if stored else ("file",)))

    def save_model(self, request, obj, form, change):
        # The file is stored under a generated name; the name it came with is kept for the
        # download, as the portal's own upload form does (decisions.services).
        if "file" in form.changed_data:
            obj.original_filename = original_name(obj.file.name) if obj.file else ""
        super().save_model(request, obj, form, change)
