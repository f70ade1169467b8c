"""
Every write to decision records, for the pages, the API and the admin alike
(core.services): committees, meetings, agenda items with their points of förslag till
beslut and beslut, documents and their links to agenda items; and the workflows: adjusting
(justera) and publishing minutes, adding beslutsunderlag to an agenda item.

Adjusted minutes are an official record: their agenda items, points and documents no longer
change (core.access.RecordLocked); corrections are made as new records. The lock is read from
the *stored* rows: the admin's history revert hands over an old state of the record. The
database refuses such changes too (decisions migration 0003).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import RecordLocked
from core.services import (
    RecordServices,
    RuleRefused,
    Version,
    apply_fields,
    check_unlocked,
    claim_version,
    record_create,
    record_delete,
    record_update,
    remove_record,
    replace_numbered,
    save_record,
    set_many,
)
from core.uploads import original_name
from decisions.models import (
    AgendaItem,
    AgendaItemDocument,
    Committee,
    DecisionPoint,
    Document,
    Meeting,
    ProposalPoint,
)
from decisions.signals import minutes_adjusted

NESTED_POINTS = {"proposal_points": ProposalPoint, "decision_points": DecisionPoint}


# --- committees ----------------------------------------------------------------------------


def committee_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Committee:
    return record_create(Committee, data=data, user=user, reason=reason)


def committee_update(
    *, committee: Committee, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> Committee:
    return record_update(committee, data=data, version=version, user=user, reason=reason)


def committee_delete(*, committee: Committee, version: Version, user=None, reason="") -> None:
    record_delete(committee, version=version, user=user, reason=reason)


# --- meetings ------------------------------------------------------------------------------


# Justering and publication are steps of their own (meeting_adjust, meeting_publish), with
# their rules and their confirmation: no create or update (the admin's change form among
# them) may set these fields around them.
MINUTES_STEP_FIELDS = ("minutes_status", "adjusted_on", "adjusters", "published_on")


def _refuse_minutes_steps(meeting: Meeting, data: Mapping[str, Any]) -> None:
    stored = meeting
    changed = [
        name for name in MINUTES_STEP_FIELDS if name in data and data[name] != getattr(stored, name)
    ]
    if changed:
        raise RuleRefused(
            _(
                "Minutes are adjusted and published through their own steps (the registrar's "
                "Adjust and Publish), not by editing the meeting."
            ),
            code="minutes_step",
        )


@transaction.atomic
def meeting_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Meeting:
    _refuse_minutes_steps(Meeting(), data)
    return record_create(Meeting, data=data, user=user, reason=reason)


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> Meeting:
    """Change a meeting of draft minutes (adjusting and publishing are their own steps)."""
    claim_version(meeting, version)
    check_unlocked(meeting)
    _refuse_minutes_steps(Meeting.objects.get(pk=meeting.pk), data)
    many = apply_fields(meeting, data)
    save_record(meeting, user=user, reason=reason)
    set_many(meeting, many)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, version: Version, user=None, reason: str = "") -> None:
    claim_version(meeting, version)
    check_unlocked(meeting)
    remove_record(meeting, user=user, reason=reason)


def incomplete_minutes_message(meeting: Meeting) -> str:
    """Which decision items of ``meeting`` lack a beslut or an outcome, in the user's words;
    empty when the minutes are complete."""
    lacking = {
        ("decision",): _("%(item)s has no decision (beslut)"),
        ("outcome",): _("%(item)s has no outcome"),
        ("decision", "outcome"): _("%(item)s has neither a decision (beslut) nor an outcome"),
    }
    parts = [
        lacking[tuple(lacks)] % {"item": item}
        for item, lacks in meeting.incomplete_decision_items()
    ]
    if not parts:
        return ""
    return _(
        "The minutes are incomplete and cannot be adjusted: %(items)s. Every decision item "
        "needs a decision and an outcome before justering."
    ) % {"items": "; ".join(parts)}


@transaction.atomic
def meeting_adjust(
    *,
    meeting: Meeting,
    adjusted_on: datetime.date,
    adjusters: str,
    confirm: bool = False,
    user=None,
    reason="",
) -> Meeting:
    """Record that the minutes were adjusted on ``adjusted_on`` by ``adjusters`` (as the
    record names them). From now on the meeting's records are read-only, for good: so the
    meeting must have been held, every decision item must have a decision and an outcome
    (RuleRefused, naming the items), and the caller must ``confirm`` the irreversible step
    explicitly (a ValidationError on ``confirm`` otherwise)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ValidationError(_("The minutes are already adjusted."), code="already_adjusted")
    if not meeting.is_held:
        raise RuleRefused(
            _("The meeting has not been held yet: its minutes cannot be adjusted."),
            code="not_held",
        )
    incomplete = incomplete_minutes_message(meeting)
    if incomplete:
        raise RuleRefused(incomplete, code="incomplete")
    adjusters = " ".join(adjusters.split())
    errors = {}
    if not adjusters:
        errors["adjusters"] = _("Name the members who adjusted the minutes.")
    if adjusted_on < meeting.date:
        errors["adjusted_on"] = _("Minutes cannot be adjusted before the meeting.")
    elif adjusted_on > timezone.localdate():
        errors["adjusted_on"] = _("The adjustment date cannot be in the future.")
    if confirm is not True:
        errors["confirm"] = _(
            "Confirm the justering: afterwards nothing in these minutes can be changed."
        )
    if errors:
        raise ValidationError(errors)
    meeting.minutes_status = Meeting.MinutesStatus.ADJUSTED
    meeting.adjusted_on = adjusted_on
    meeting.adjusters = adjusters
    save_record(meeting, user=user, reason=reason)
    # What the beslut of these minutes decide in higher apps takes effect now, in this
    # transaction (a receiver's refusal undoes the adjustment too): decisions.signals.
    minutes_adjusted.send(sender=Meeting, meeting=meeting, user=user, reason=reason)
    return meeting


@transaction.atomic
def meeting_publish(
    *, meeting: Meeting, published_on: datetime.date | None = None, user=None, reason=""
) -> Meeting:
    """Publish adjusted minutes: from now on everyone may read them."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_status == Meeting.MinutesStatus.DRAFT:
        raise ValidationError(_("Adjust the minutes before publishing them."), code="not_adjusted")
    if meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED:
        raise ValidationError(_("The minutes are already published."), code="already_published")
    published_on = published_on or timezone.localdate()
    if meeting.adjusted_on and published_on < meeting.adjusted_on:
        raise ValidationError(
            {"published_on": _("Minutes cannot be published before they are adjusted.")}
        )
    meeting.minutes_status = Meeting.MinutesStatus.PUBLISHED
    meeting.published_on = published_on
    return save_record(meeting, user=user, reason=reason)


@transaction.atomic
def agenda_item_add_document(
    *, agenda_item: AgendaItem, data: Mapping[str, Any], user=None, reason: str = ""
) -> Document:
    """A new document (``data``: its fields, the uploaded file among them) as the last
    beslutsunderlag of a draft agenda item. The document belongs to the item's project
    too, and keeps its original file name only as metadata (the stored name is
    generated)."""
    if agenda_item.is_locked:
        raise RecordLocked(agenda_item)
    data = dict(data)
    if data.get("project") is None:
        data["project"] = agenda_item.project
    document = document_create(data=data, user=user, reason=reason)
    position = (agenda_item.document_links.aggregate(n=Max("position"))["n"] or 0) + 1
    save_record(
        AgendaItemDocument(agenda_item=agenda_item, document=document, position=position),
        user=user,
        reason=reason,
    )
    return document


# --- agenda items and their points ---------------------------------------------------------


def _save_agenda_item(item: AgendaItem, data: Mapping[str, Any], *, user, reason) -> AgendaItem:
    many = apply_fields(item, data)
    if item.meeting_id is not None and item.meeting.is_locked:  # adding to adjusted minutes
        raise RecordLocked(item)
    save_record(item, user=user, reason=reason)  # clean() sets committee and year
    set_many(item, many)
    for name, model in NESTED_POINTS.items():
        if data.get(name) is not None:
            replace_numbered(
                items=list(data[name]),
                existing=getattr(item, name).all(),
                new=lambda model=model: model(agenda_item=item),
                field=name,
                user=user,
                reason=reason,
            )
    return item


@transaction.atomic
def agenda_item_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> AgendaItem:
    """An agenda item of draft minutes with its points (``proposal_points`` and
    ``decision_points``: numbered dicts)."""
    return _save_agenda_item(AgendaItem(), data, user=user, reason=reason)


@transaction.atomic
def agenda_item_update(
    *, agenda_item: AgendaItem, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> AgendaItem:
    """Change an agenda item of draft minutes; the points given replace its points (matched
    by number), the kinds not given stay as they are."""
    claim_version(agenda_item, version)
    check_unlocked(agenda_item)
    return _save_agenda_item(agenda_item, data, user=user, reason=reason)


@transaction.atomic
def agenda_item_delete(
    *, agenda_item: AgendaItem, version: Version, user=None, reason: str = ""
) -> None:
    claim_version(agenda_item, version)
    check_unlocked(agenda_item)
    remove_record(agenda_item, user=user, reason=reason)


def _point_services(model) -> RecordServices:
    """The same three functions for points of förslag till beslut and of beslut."""

    @transaction.atomic
    def create(*, data, user=None, reason=""):
        point = model()
        apply_fields(point, data)
        if point.agenda_item_id is not None and point.agenda_item.is_locked:
            raise RecordLocked(point)
        return save_record(point, user=user, reason=reason)

    @transaction.atomic
    def update(*, point, data, version, user=None, reason=""):
        claim_version(point, version)
        check_unlocked(point)
        apply_fields(point, data)
        if point.agenda_item.is_locked:  # moved into adjusted minutes
            raise RecordLocked(point)
        return save_record(point, user=user, reason=reason)

    @transaction.atomic
    def delete(*, point, version, user=None, reason=""):
        claim_version(point, version)
        check_unlocked(point)
        remove_record(point, user=user, reason=reason)

    return RecordServices(model=model, arg="point", create=create, update=update, delete=delete)


# --- documents -----------------------------------------------------------------------------

# What the database lets change in a document of adjusted minutes (decisions migration
# 0003): the secrecy assessment (OSL), and the file when it had none yet.
EDITABLE_WHEN_LOCKED = ("is_public", "secrecy_reason")


def document_fields_editable_when_locked(document: Document) -> tuple[str, ...]:
    stored = Document.objects.filter(pk=document.pk).values_list("file", flat=True).first()
    return (*EDITABLE_WHEN_LOCKED, *(() if stored else ("file",)))


def _file_as_field(data: Mapping[str, Any]) -> dict[str, Any]:
    """A form's file value as the model field takes it (``FileField.save_form_data``): None
    is "no new file" (keep the stored one), False is "cleared"."""
    data = dict(data)
    if "file" in data:
        if data["file"] is None:
            del data["file"]
        elif data["file"] is False:
            data["file"] = ""
    return data


def _keep_original_name(document: Document, data: Mapping[str, Any]) -> None:
    # The file is stored under a generated name; the name it came with is kept for the
    # download.
    if "file" in data:
        document.original_filename = original_name(document.file.name) if document.file else ""


@transaction.atomic
def document_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Document:
    document = Document()
    apply_fields(document, _file_as_field(data))
    if document.file and not document.original_filename:
        document.original_filename = original_name(document.file.name)
    return save_record(document, user=user, reason=reason)


@transaction.atomic
def document_update(
    *, document: Document, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> Document:
    """A document of adjusted minutes keeps its facts; only its secrecy assessment (and its
    file, if it had none) may change."""
    claim_version(document, version)
    data = _file_as_field(data)
    stored = Document.objects.get(pk=document.pk)
    if stored.is_locked:
        allowed = set(document_fields_editable_when_locked(document))
        if any(
            name not in allowed and getattr(stored, name, value) != value
            for name, value in data.items()
        ):
            raise RecordLocked(document)
    file_before = stored.file.name
    apply_fields(document, data)
    if "file" in data and (document.file.name or "") != (file_before or ""):
        _keep_original_name(document, data)
    return save_record(document, user=user, reason=reason)


@transaction.atomic
def document_delete(*, document: Document, version: Version, user=None, reason="") -> None:
    claim_version(document, version)
    check_unlocked(document)
    remove_record(document, user=user, reason=reason)


# The links of documents to agenda items (the agenda item's beslutsunderlag, in order): a
# link has no version of its own; the agenda item's form carries that.


@transaction.atomic
def agenda_item_document_create(
    *, data: Mapping[str, Any], user=None, reason=""
) -> AgendaItemDocument:
    link = AgendaItemDocument()
    apply_fields(link, data)
    if link.agenda_item_id is not None and link.agenda_item.is_locked:
        raise RecordLocked(link)
    return save_record(link, user=user, reason=reason)


@transaction.atomic
def agenda_item_document_update(
    *, link: AgendaItemDocument, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> AgendaItemDocument:
    check_unlocked(link)
    apply_fields(link, data)
    if link.agenda_item.is_locked:
        raise RecordLocked(link)
    return save_record(link, user=user, reason=reason)


@transaction.atomic
def agenda_item_document_delete(
    *, link: AgendaItemDocument, version: Version, user=None, reason=""
) -> None:
    check_unlocked(link)
    remove_record(link, user=user, reason=reason)


COMMITTEE = RecordServices(
    model=Committee,
    arg="committee",
    create=committee_create,
    update=committee_update,
    delete=committee_delete,
)
MEETING = RecordServices(
    model=Meeting,
    arg="meeting",
    create=meeting_create,
    update=meeting_update,
    delete=meeting_delete,
)
AGENDA_ITEM = RecordServices(
    model=AgendaItem,
    arg="agenda_item",
    create=agenda_item_create,
    update=agenda_item_update,
    delete=agenda_item_delete,
)
PROPOSAL_POINT = _point_services(ProposalPoint)
DECISION_POINT = _point_services(DecisionPoint)
DOCUMENT = RecordServices(
    model=Document,
    arg="document",
    create=document_create,
    update=document_update,
    delete=document_delete,
)
AGENDA_ITEM_DOCUMENT = RecordServices(
    model=AgendaItemDocument,
    arg="link",
    create=agenda_item_document_create,
    update=agenda_item_document_update,
    delete=agenda_item_document_delete,
)
