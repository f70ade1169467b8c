"""Small pieces shared by the portal's forms, and the edit forms' concurrency check."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import changes_since, display_value
from core.models import parse_record_version, record_version

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


def save_with_formsets(form, *formsets) -> Model:
    """Save a valid ModelForm, then its inline formsets against the saved record."""
    obj = form.save()
    for formset in formsets:
        formset.instance = obj
        formset.save()
    return obj


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
class EditConflict:
    """What changed since the form was loaded: one row per field that others changed (the
    newest change of a field wins)."""

    rows: list[ConflictRow] = field(default_factory=list)


class ConcurrentEditForm:
    """Mixin for edit forms: no silent overwrite when two people edit the same record.

    The form carries the record's version (``core.models.record_version``, the version the
    API's ETag is made from) in a hidden field. ``save_unless_changed(save)`` saves only when
    the record still has that version; otherwise it saves nothing, and ``conflict`` says
    what changed, by whom and when (django-simple-history), the user's input stays in the
    form, and the hidden field now carries the current version, so that saving again is a
    deliberate choice. Views render the form with ``status=form.status_code`` (409 on a
    conflict); templates/includes/edit_conflict.html shows the conflict.

    ModelForms edit their ``instance``; other forms pass the edited record as ``record=``.
    """

    conflict: EditConflict | None = None

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
    def status_code(self) -> int:
        return 409 if self.conflict is not None else 200

    def save_unless_changed(self, save: Callable[[], T]) -> T | None:
        """Run ``save()`` (which saves the valid form) in one transaction with the version
        check, or return None and set ``conflict`` when the record changed meanwhile.

        The check is a conditional UPDATE of ``modified`` (``WHERE modified = <the form's
        version>``), the transaction's first statement: it holds the row's write lock until
        the commit, so of two simultaneous saves with the same version only one matches
        (PostgreSQL re-evaluates the condition after the first commits; SQLite writes one
        at a time)."""
        if not self.is_editing:
            with transaction.atomic():
                return save()
        model = type(self.record)
        version = parse_record_version(self.cleaned_data.get(VERSION_FIELD, ""))
        with transaction.atomic():
            claimed = version is not None and (
                model._base_manager.filter(pk=self.record.pk, modified=version).update(
                    modified=timezone.now()
                )
                == 1
            )
            if claimed:
                return save()
        self._show_conflict(version)
        return None

    def _show_conflict(self, version) -> None:
        try:
            current = type(self.record)._base_manager.get(pk=self.record.pk)
        except ObjectDoesNotExist as exc:  # deleted meanwhile
            raise Http404 from exc
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
        self.conflict = EditConflict(rows=list(rows.values()))
        # The next submission is a deliberate save over the current version.
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
