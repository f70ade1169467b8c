from django.contrib import admin

from core.admin import PortalAdmin
from places.models import County, Municipality, PlanningArea


@admin.register(County)
class CountyAdmin(PortalAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(PortalAdmin):
    list_display = ["code", "name", "county", "seat"]
    list_filter = ["county"]
    search_fields = ["code", "name", "seat"]
    list_select_related = ["county"]


@admin.register(PlanningArea)
class PlanningAreaAdmin(PortalAdmin):
    list_display = ["name", "kind", "project", "is_published", "modified"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["project", "municipalities"]
    list_select_related = ["project"]
