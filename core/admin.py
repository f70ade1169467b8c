from django.contrib.gis.db import models as gis_models
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.forms import SafeGeometryField


class PortalAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
    """Admin for portal models: change history (with reverting to an old version and
    recovering deleted records, see core.restore), Leaflet map widgets for geometry, and
    geometry input checked by core.geo (no user-given CRS ever reaches GDAL)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, gis_models.GeometryField):
            kwargs["form_class"] = SafeGeometryField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history checks only the permission to *view* history before saving a
        # reverted version; saving is a change.
        if request.method == "POST":
            current = self.model._default_manager.filter(pk=object_id).first()
            if current is not None and not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def _stored_is_locked(obj) -> bool:
    """Whether the record *as stored* is locked (``is_locked``: part of adjusted minutes).
    Asked of the stored row, not of ``obj``: simple-history's revert view hands over an old
    version of the record, which may date from before the adjustment."""
    if obj is None or obj.pk is None:
        return False
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return stored is not None and stored.is_locked


class LockedRecordAdmin(PortalAdmin):
    """Records of adjusted (justerade) minutes are read-only in the admin too: their change
    page only shows them, they cannot be deleted (one by one or with the bulk action) nor
    reverted to an old version. The database refuses such changes as well (decisions
    migration 0003); the admin says so before it comes to that.

    ``editable_when_locked`` names fields that may still change (a document's secrecy
    assessment): the page then stays a form with every other field read-only."""

    editable_when_locked: tuple[str, ...] = ()

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return bool(self.editable_when_locked) or not _stored_is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _stored_is_locked(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.editable_when_locked and _stored_is_locked(obj):
            editable = set(self.locked_editable_fields(obj))
            readonly += [
                f.name
                for f in self.model._meta.get_fields()
                if getattr(f, "editable", False)
                and not f.auto_created
                and f.name not in editable
                and f.name not in readonly
                and (f.concrete or f.many_to_many)
            ]
        return readonly

    def locked_editable_fields(self, obj) -> tuple[str, ...]:
        return self.editable_when_locked

    def get_deleted_objects(self, objs, request):
        """Also for the "delete selected" action: locked records count as protected, so
        Django shows why and deletes nothing."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        locked = [obj for obj in objs if obj.is_locked]
        if locked:
            # Shown instead of "your account may not delete …": the reason is the lock.
            perms_needed = set()
            protected = [
                *protected,
                *(
                    _("%(record)s (adjusted minutes: read-only)") % {"record": obj}
                    for obj in locked
                ),
            ]
        return deleted, counts, perms_needed, protected


class LockedInlineMixin:
    """Inlines of a locked record (the points and documents of an agenda item of adjusted
    minutes) are shown, not edited: ``obj`` is the parent record."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _stored_is_locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _stored_is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _stored_is_locked(obj)
