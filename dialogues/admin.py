from django.contrib import admin

from core.admin import PortalAdmin
from dialogues.models import Dialogue, Insight, Theme
from dialogues.services import DIALOGUE, INSIGHT, THEME


class InsightInline(admin.StackedInline):
    model = Insight
    fk_name = "dialogue"
    extra = 0
    autocomplete_fields = ["follow_up_owner"]
    exclude = ["project"]


@admin.register(Theme)
class ThemeAdmin(PortalAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    services = THEME


@admin.register(Dialogue)
class DialogueAdmin(PortalAdmin):
    list_display = ["title", "date", "project", "municipality", "scope", "is_published"]
    list_filter = ["scope", "format", "is_published", "municipality"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["project", "organisations", "municipality", "themes"]
    list_select_related = ["project", "municipality"]
    inlines = [InsightInline]
    services = DIALOGUE


@admin.register(Insight)
class InsightAdmin(PortalAdmin):
    list_display = ["__str__", "kind", "dialogue", "project", "follow_up_status"]
    list_filter = ["kind", "follow_up_status"]
    search_fields = ["text", "response"]
    autocomplete_fields = ["dialogue", "project", "follow_up_owner"]
    list_select_related = ["dialogue", "project"]
    services = INSIGHT
