"""
Workflows of decision records: adjusting (justera) and publishing minutes, and adding
beslutsunderlag to an agenda item. Adjusted minutes are an official record: their agenda
items, points and documents no longer change (core.access.RecordLocked); corrections are
made as new records.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import RecordLocked
from core.uploads import original_name
from decisions.models import AgendaItem, AgendaItemDocument, Document, Meeting


@transaction.atomic
def meeting_adjust(*, meeting: Meeting, adjusted_on: datetime.date, adjusters: str) -> Meeting:
    """Record that the minutes were adjusted on ``adjusted_on`` by ``adjusters`` (as the
    record names them). From now on the meeting's records are read-only."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ValidationError(_("The minutes are already adjusted."), code="already_adjusted")
    adjusters = " ".join(adjusters.split())
    errors = {}
    if not adjusters:
        errors["adjusters"] = _("Name the members who adjusted the minutes.")
    if adjusted_on < meeting.date:
        errors["adjusted_on"] = _("Minutes cannot be adjusted before the meeting.")
    elif adjusted_on > timezone.localdate():
        errors["adjusted_on"] = _("The adjustment date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    meeting.minutes_status = Meeting.MinutesStatus.ADJUSTED
    meeting.adjusted_on = adjusted_on
    meeting.adjusters = adjusters
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_publish(*, meeting: Meeting, published_on: datetime.date | None = None) -> Meeting:
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
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def agenda_item_add_document(*, agenda_item: AgendaItem, document: Document) -> Document:
    """Save a new document as the last beslutsunderlag of a draft agenda item. The
    document belongs to the item's project too, and keeps its original file name only as
    metadata (the stored name is generated)."""
    if agenda_item.is_locked:
        raise RecordLocked(agenda_item)
    if document.file and not document.original_filename:
        document.original_filename = original_name(document.file.name)
    if document.project_id is None:
        document.project_id = agenda_item.project_id
    document.full_clean()
    document.save()
    position = (agenda_item.document_links.aggregate(n=Max("position"))["n"] or 0) + 1
    link = AgendaItemDocument(agenda_item=agenda_item, document=document, position=position)
    link.full_clean()
    link.save()
    return document
