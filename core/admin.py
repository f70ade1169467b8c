from django.contrib import admin
from django.contrib.gis.db import models as gis_models
from django.http import Http404
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.forms import SafeGeometryField


class PortalAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
    """Admin for portal models: change history, Leaflet map widgets for geometry, and
    geometry input checked by core.geo (no user-given CRS ever reaches GDAL)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, gis_models.GeometryField):
            kwargs["form_class"] = SafeGeometryField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # Records of adjusted minutes and adopted versions of a statement of intent do not
    # change, in the admin either (as core.access.check_can_edit says for pages and API):
    # their change page is read-only and they cannot be deleted.
    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "is_locked", False):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "is_locked", False):
            return False
        return super().has_delete_permission(request, obj)

    # Models without django-simple-history (themes) keep Django's own history page; the
    # simple-history views would fail on them with a server error.
    def _has_simple_history(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    @property
    def object_history_template(self):
        return "simple_history/object_history.html" if self._has_simple_history() else None

    def history_view(self, request, object_id, extra_context=None):
        if not self._has_simple_history():
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._has_simple_history():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)
