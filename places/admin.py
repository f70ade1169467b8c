from django.contrib import admin
from django.urls import path

from core.admin import PortalAdmin
from places.admin_import import boundary_import_view
from places.models import County, Municipality, PlanningArea
from places.services import COUNTY, MUNICIPALITY, PLANNING_AREA


class BoundaryImportMixin:
    """An "Import boundaries" page beside the change list (places.admin_import)."""

    change_list_template = "admin/places/change_list_with_import.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_boundaries_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_boundaries": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_boundaries_view(self, request):
        return boundary_import_view(self, request)


@admin.register(County)
class CountyAdmin(BoundaryImportMixin, PortalAdmin):
    services = COUNTY
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(BoundaryImportMixin, PortalAdmin):
    services = MUNICIPALITY  # stores the point within a written boundary
    list_display = ["code", "name", "county", "seat"]
    list_filter = ["county"]
    search_fields = ["code", "name", "seat"]
    list_select_related = ["county"]


@admin.register(PlanningArea)
class PlanningAreaAdmin(PortalAdmin):
    services = PLANNING_AREA  # no municipality named: those the geometry touches
    list_display = ["name", "kind", "project", "is_published", "modified"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["project", "municipalities"]
    list_select_related = ["project"]
