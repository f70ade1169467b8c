from django import forms
from django.contrib import messages
from django.contrib.gis.db import models as gis_models
from django.core.exceptions import (
    ImproperlyConfigured,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.access import RecordLocked
from core.forms import SafeGeometryField
from core.formtools import VERSION_FIELD, formset_children
from core.history import deleted_records, has_history, record_restore
from core.models import record_version
from core.services import (
    EditConflict,
    RecordServices,
    RuleRefused,
    as_version,
    is_versioned,
    services_for,
    write_children,
)

CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved this record after you opened it; nothing was saved. Your input is "
    "kept below: open the record again in another tab to see the current version, then save "
    "again to replace it."
)


class _VersionedAdminForm:
    """The admin's side of ``core.services.claim_version``: the change form carries the
    record's version in a hidden field, and a save over a version that is no longer the
    stored one is a form error (the input stays). The check reads the stored version under a
    row lock (``select_for_update``) inside the admin's transaction, so the service's claim
    in ``save_model`` cannot lose a race afterwards (SQLite's IMMEDIATE transactions write
    one at a time)."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        stored = (
            type(self.instance)
            ._base_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("modified", flat=True)
            .first()
        )
        if stored is None or as_version(cleaned.get(VERSION_FIELD)) != stored:
            raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")
        return cleaned


class PortalAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
    """Admin for portal models: change history (with reverting to an old version and
    recovering deleted records, see ``record_restore``), Leaflet map widgets for geometry,
    and geometry input checked by core.geo (no user-given CRS ever reaches GDAL).

    Every write goes through the model's services (``services``, the same functions the
    pages and the API call): saving a change form or a reverted old version, deleting one
    record or many. The change form carries the record's version (no silent overwrite of a
    concurrent edit); a rule's refusal is a message, never a 500."""

    change_list_template = "admin/portal/change_list.html"
    change_form_template = "admin/portal/change_form.html"
    object_history_form_template = "admin/portal/object_history_form.html"
    # The model's service functions (the app's services.py). None is transitional, for
    # admins not yet on their services: Django saves and deletes (the version is still
    # checked on the change form).
    services: RecordServices | None = None

    # --- the version on the change form ---

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None or not is_versioned(self.model):
            return form
        # The *stored* version: the history revert view hands over an old version of the
        # record, whose own ``modified`` is history.
        stored = type(obj)._base_manager.filter(pk=obj.pk).first()
        version = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            initial=record_version(stored) if stored is not None else "",
        )
        return type(form.__name__, (_VersionedAdminForm, form), {VERSION_FIELD: version})

    def get_fieldsets(self, request, obj=None):
        # The hidden version is rendered by the change form template (block form_top),
        # not as a row of a fieldset.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != VERSION_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    # --- writes through the services ---

    def _reason(self, request) -> str:
        return _("Admin")

    def _services(self) -> RecordServices:
        if self.services is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} writes {self.model._meta.label}: name its services."
            )
        return self.services

    def save_model(self, request, obj, form, change):
        services = self._services()
        if change:
            saved = services.do_update(
                record=obj,
                data=self._model_data(form),
                version=form.cleaned_data.get(VERSION_FIELD),
                user=request.user,
                reason=self._reason(request),
            )
        else:
            saved = services.do_create(
                data=self._model_data(form), user=request.user, reason=self._reason(request)
            )
        # The admin goes on with ``obj`` (the redirect, the inlines, the log entry): make it
        # the saved record.
        obj.__dict__.update(saved.__dict__)

    def _model_data(self, form) -> dict:
        """The form's fields as the service's ``data``: every model field on the form."""
        names = {f.name for f in self.model._meta.get_fields() if getattr(f, "editable", False)}
        return {k: v for k, v in form.cleaned_data.items() if k in names}

    def save_related(self, request, form, formsets, change):
        # The service set the many-to-many fields; the inlines save through their own
        # save_formset.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """An inline's rows through the child's services (``services_for`` its model), in
        the admin's transaction: a child's rule refuses the whole save."""
        services = services_for(formset.model)
        if services is None:
            raise ImproperlyConfigured(f"{formset.model._meta.label} has no services.")
        deleted = {id(f) for f in formset.deleted_forms} if formset.can_delete else set()
        # What Django's change message reads (construct_change_message).
        formset.changed_objects = [
            (f.instance, f.changed_data)
            for f in formset.forms
            if f.instance.pk is not None and id(f) not in deleted and f.has_changed()
        ]
        formset.deleted_objects = [
            f.instance for f in formset.forms if f.instance.pk is not None and id(f) in deleted
        ]
        formset.new_objects = write_children(
            parent=formset.instance,
            fk=formset.fk.name,
            children=formset_children(formset),
            services=services,
            user=request.user,
            reason=self._reason(request),
        )

    def delete_model(self, request, obj):
        self._services().do_delete(
            record=obj,
            # The confirmation shows no form: the version is the one just read, in the
            # delete view's transaction. A theme has none.
            version=record_version(obj) if is_versioned(self.model) else None,
            user=request.user,
            reason=self._reason(request),
        )

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form checks the record's version; a rule of a service (a lock read from the
        # stored row, an inline's row that may not go, a rule the form cannot see) refuses in
        # the admin's transaction: nothing is saved, and the message says why, never a 500.
        # Django's own PermissionDenied (no change permission) stays a 403.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (RuleRefused, EditConflict, ValidationError, RecordLocked) as refused:
            return self._refused(request, refused, object_id, add=object_id is None)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        # A service's refusal (RecordLocked among them) is a message; Django's own
        # PermissionDenied (no delete permission: a locked record's page) stays a 403.
        except (RuleRefused, EditConflict, ValidationError, RecordLocked) as refused:
            return self._refused(request, refused, object_id)

    def changelist_view(self, request, extra_context=None):
        try:
            with transaction.atomic():
                return self._changelist_view(request, extra_context)
        except (RuleRefused, EditConflict, ValidationError) as refused:
            return self._refused(request, refused)

    def _refused(self, request, refused, object_id=None, *, add=False):
        """A rule refused a delete (one or a bulk action): nothing changed; say why."""
        if isinstance(refused, EditConflict):
            message = str(CONFLICT_MESSAGE)
        elif isinstance(refused, ValidationError):
            message = " ".join(refused.messages)
        else:
            message = str(refused)
        self.message_user(request, message, messages.ERROR)
        if add:
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_add"))
        if object_id is not None:
            change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
            return redirect(reverse(change, args=[object_id]))
        changelist = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        return redirect(reverse(changelist))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, gis_models.GeometryField):
            kwargs["form_class"] = SafeGeometryField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history checks only the permission to *view* history before saving a
        # reverted version; saving is a change, through save_model and so the services,
        # in one transaction (the version check locks the row).
        if request.method == "POST":
            current = self.model._default_manager.filter(pk=object_id).first()
            if current is not None and not self.has_change_permission(request, current):
                raise PermissionDenied
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except (RuleRefused, EditConflict, ValidationError) as refused:
            return self._refused(request, refused, object_id)

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

    def _changelist_view(self, request, extra_context=None):
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


def save_formset_through(formset, services: RecordServices, *, user, reason: str) -> None:
    """Save an admin inline formset through the child model's services instead of
    ``formset.save()`` (override ``save_formset`` with it): every deleted, changed and new
    row is one service call, so the child's rules (locks, numbering) hold in the admin too.
    Each row claims the version it was read at (the parent's form carries the parent's).
    Sets what ``formset.save()`` would, for the admin's change message."""
    fk = formset.fk.name
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = list(formset.deleted_forms)
    for form in deleted:
        if form.instance.pk is None:
            continue
        services.do_delete(
            record=form.instance, version=_row_version(form), user=user, reason=reason
        )
        formset.deleted_objects.append(form.instance)
    for form in formset.forms:
        if form in deleted or not form.has_changed():
            continue
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("id", "DELETE")}
        data[fk] = formset.instance
        if form.instance.pk is None:
            formset.new_objects.append(services.do_create(data=data, user=user, reason=reason))
        else:
            saved = services.do_update(
                record=form.instance,
                data=data,
                version=_row_version(form),
                user=user,
                reason=reason,
            )
            formset.changed_objects.append((saved, form.changed_data))


def _row_version(form):
    # Rows without a ``modified`` (a link record) have no version of their own; their
    # service does not claim one.
    return record_version(form.instance) if hasattr(form.instance, "modified") else None


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
