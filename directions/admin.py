from django.contrib import admin

from core.admin import LockedInlineMixin, LockedRecordAdmin, PortalAdmin, save_formset_through
from directions.models import Direction, DirectionPoint, DirectionVersion
from directions.services import DIRECTION, DIRECTION_POINT, DIRECTION_VERSION


class DirectionPointInline(LockedInlineMixin, admin.StackedInline):
    model = DirectionPoint
    extra = 0
    autocomplete_fields = ["insights", "projects"]


@admin.register(Direction)
class DirectionAdmin(PortalAdmin):
    list_display = ["title", "project"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["project"]
    services = DIRECTION


@admin.register(DirectionVersion)
class DirectionVersionAdmin(LockedRecordAdmin):
    list_display = ["direction", "number", "status", "adopted_by"]
    search_fields = ["direction__title", "note"]
    list_filter = ["status"]
    autocomplete_fields = ["direction", "adopted_by"]
    list_select_related = ["direction", "adopted_by"]
    # Proposed and adopted through the version's life (directions.services): the service
    # refuses a status or link set by hand here, with its message.
    readonly_fields = ["proposed_by"]
    inlines = [DirectionPointInline]
    services = DIRECTION_VERSION

    def save_formset(self, request, form, formset, change):
        # The points through their services too (an adopted version's points are locked).
        save_formset_through(
            formset, DIRECTION_POINT, user=request.user, reason=self._reason(request)
        )


@admin.register(DirectionPoint)
class DirectionPointAdmin(LockedRecordAdmin):
    list_display = ["__str__", "version"]
    search_fields = ["text"]
    autocomplete_fields = ["version", "insights", "projects"]
    list_select_related = ["version__direction"]
    services = DIRECTION_POINT
