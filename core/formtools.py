"""Small pieces shared by the portal's forms, and the edit forms' concurrency check."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TypeVar

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.history import changes_since, display_value
from core.models import parse_record_version, record_version
from core.services import ChildWrite, EditConflict, is_versioned

T = TypeVar("T")


class DateInput(forms.DateInput):
    """The browser's date picker; the value is ISO (YYYY-MM-DD) whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def any_errors(*forms_or_formsets) -> bool:
    """Whether any of the forms or formsets failed validation (for the error summary)."""
    for item in forms_or_formsets:
        if item is None:
            continue
        if hasattr(item, "forms"):
            if item.total_error_count():
                return True
        elif item.errors:
            return True
    return False


def formset_children(formset) -> list[ChildWrite]:
    """A valid inline formset as the nested writes for the parent's service
    (``core.services.write_children``): each changed or deleted form, with the child's
    version as read for this submission (the parent's version, claimed first, guards the
    form as a whole). Unchanged and empty extra forms write nothing."""
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    children = []
    for form in formset.forms:
        record = form.instance if form.instance.pk is not None else None
        if id(form) in deleted:
            if record is not None:
                children.append(ChildWrite(record, {}, version=_version_of(record), delete=True))
        elif form.has_changed():
            children.append(
                ChildWrite(
                    record, form.cleaned_data, version=_version_of(record) if record else None
                )
            )
    return children


def _version_of(record: Model) -> str | None:
    return record_version(record) if is_versioned(type(record)) else None


# --- concurrent edits ----------------------------------------------------------------------

VERSION_FIELD = "record_version"


@dataclass
class ConflictRow:
    """A field that someone else changed after the form was loaded."""

    label: str
    yours: str
    current: str
    changed_by: str
    changed_at: datetime.datetime


@dataclass
class ConflictReport:
    """What changed since the form was loaded: one row per field that others changed (the
    newest change of a field wins)."""

    rows: list[ConflictRow] = field(default_factory=list)


class ConcurrentEditForm:
    """Mixin for edit forms: no silent overwrite when two people edit the same record.

    The form carries the record's version (``core.models.record_version``, the version the
    API's ETag is made from) in a hidden field; the view hands ``form.version`` to the
    record's service, which claims it first in its transaction (``core.services.
    claim_version``). When someone saved the record meanwhile the service raises
    ``EditConflict`` and nothing is saved; the view calls ``form.show_conflict(conflict)``::

        if request.method == "POST" and form.is_valid():
            try:
                dialogue = dialogue_update(
                    dialogue=dialogue, data=form.cleaned_data, version=form.version
                )
            except EditConflict as conflict:
                form.show_conflict(conflict)
            else:
                return redirect(dialogue)
        return render(request, template, {"form": form}, status=form.status_code)

    ``conflict`` then says what changed, by whom and when (django-simple-history), the
    user's input stays in the form, and the hidden field carries the current version, so
    that saving again is a deliberate choice. Views render with ``status=form.status_code``
    (409 on a conflict); templates/includes/edit_conflict.html shows the conflict.

    ModelForms edit their ``instance``; other forms pass the edited record as ``record=``.
    """

    conflict: ConflictReport | None = None

    def __init__(self, *args, record: Model | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record if record is not None else getattr(self, "instance", None)
        if self.is_editing:
            self.fields[VERSION_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=record_version(self.record)
            )

    @property
    def is_editing(self) -> bool:
        return self.record is not None and self.record.pk is not None

    @property
    def version(self) -> datetime.datetime | None:
        """The version of the record that the form was loaded with (None when creating, or
        when the hidden field was missing or garbled: the service then refuses)."""
        if not self.is_editing:
            return None
        return parse_record_version(self.cleaned_data.get(VERSION_FIELD, ""))

    @property
    def status_code(self) -> int:
        return 409 if self.conflict is not None else 200

    def show_conflict(self, conflict: EditConflict) -> None:
        """Show what changed since ``conflict.version``; the next submission is a
        deliberate save over the current version."""
        try:
            current = type(self.record)._base_manager.get(pk=self.record.pk)
        except ObjectDoesNotExist as exc:  # deleted meanwhile
            raise Http404 from exc
        version = conflict.version
        entries = changes_since(current, version) if version else []
        rows: dict[str, ConflictRow] = {}
        for entry in reversed(entries):  # oldest first: the newest change of a field wins
            for change in entry.changes:
                rows[change.name] = ConflictRow(
                    label=change.label,
                    yours=self._input_display(change.name),
                    current=change.new,
                    changed_by=entry.user,
                    changed_at=entry.date,
                )
        self.conflict = ConflictReport(rows=list(rows.values()))
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = record_version(current)

    def _input_display(self, name: str) -> str:
        if name not in self.fields:
            return _("(not on this form)")
        value = self.cleaned_data.get(name)
        if isinstance(value, Model):
            return str(value)
        if isinstance(value, QuerySet | list | tuple):
            return ", ".join(sorted(str(v) for v in value)) or "–"
        return display_value(value, getattr(self.fields[name], "choices", None))
