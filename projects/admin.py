from django.contrib import admin

from core.admin import PortalAdmin
from projects.models import FundingLine, Milestone, Project
from projects.services import FUNDING_LINE, MILESTONE, PROJECT


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0
    autocomplete_fields = ["funder"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(PortalAdmin):
    list_display = ["diarienummer", "title", "status", "start_date", "end_date", "is_published"]
    list_filter = ["status", "is_published"]
    search_fields = ["diarienummer", "title", "summary"]
    autocomplete_fields = ["owner", "municipalities", "dialogue_counterparts"]
    inlines = [FundingLineInline, MilestoneInline]
    services = PROJECT


@admin.register(FundingLine)
class FundingLineAdmin(PortalAdmin):
    list_display = ["project", "kind", "funder", "programme", "amount"]
    list_filter = ["kind"]
    autocomplete_fields = ["project", "funder"]
    list_select_related = ["project", "funder"]
    services = FUNDING_LINE


@admin.register(Milestone)
class MilestoneAdmin(PortalAdmin):
    list_display = ["title", "project", "planned_date", "actual_date"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]
    services = MILESTONE
