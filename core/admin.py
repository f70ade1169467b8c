from django.contrib import messages
from django.contrib.gis.db import models as gis_models
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.access import RecordLocked
from core.forms import SafeGeometryField
from core.history import deleted_records, has_history, record_restore


class PortalAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
    """Admin for portal models: change history (with reverting to an old version and
    recovering deleted records, see core.restore), Leaflet map widgets for geometry, and
    geometry input checked by core.geo (no user-given CRS ever reaches GDAL)."""

    change_list_template = "admin/portal/change_list.html"

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

    # --- deleted records, restored from the history (core.history.record_restore) ---

    def get_urls(self):
        if not has_history(self.model):
            return super().get_urls()
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "recover/",
                self.admin_site.admin_view(self.recover_list_view),
                name=f"{prefix}_recoverlist",
            ),
            path(
                "recover/<int:history_id>/",
                self.admin_site.admin_view(self.recover_view),
                name=f"{prefix}_recover",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_recover_deleted": has_history(self.model) and self.has_recover_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def has_recover_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def recover_list_view(self, request):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return self._recover_response(
            request,
            _("Deleted %(records)s") % {"records": self.opts.verbose_name_plural},
            {"deleted": deleted_records(self.model)[:200]},
        )

    def recover_view(self, request, history_id: int):
        """Confirm (GET) and restore (POST) one deleted record with what its deletion took
        along."""
        if not self.has_recover_permission(request):
            raise PermissionDenied
        deleted = get_object_or_404(deleted_records(self.model), history_id=history_id)
        if request.method == "POST":
            try:
                restored = record_restore(deleted=deleted, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                self.message_user(
                    request,
                    _("“%(record)s” was restored from the history.") % {"record": restored},
                    messages.SUCCESS,
                )
                change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
                return redirect(reverse(change, args=[restored.pk]))
        return self._recover_response(
            request, _("Restore %(record)s") % {"record": deleted}, {"record": deleted}
        )

    def _recover_response(self, request, title: str, context: dict):
        return TemplateResponse(
            request,
            "admin/portal/recover.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.opts,
                **context,
            },
        )


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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (_RefuseAddingToLockedMinutes, form), {})

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
                *(_("%(record)s (locked: read-only)") % {"record": obj} for obj in locked),
            ]
        return deleted, counts, perms_needed, protected


class _RefuseAddingToLockedMinutes:
    """A new record in adjusted minutes (an agenda item of an adjusted meeting, a point of
    its agenda item) would change them too; the database guards only updates and deletes."""

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk is not None:
            return
        try:
            locked = bool(self.instance.is_locked)
        except (ObjectDoesNotExist, ValueError):  # no parent chosen yet; not linked yet
            return
        if locked:
            self.add_error(None, RecordLocked(self.instance).args[0])


class LockedInlineMixin:
    """Inlines of a locked record (the points and documents of an agenda item of adjusted
    minutes) are shown, not edited: ``obj`` is the parent record."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _stored_is_locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _stored_is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _stored_is_locked(obj)
