import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import roles


def record_version(obj: models.Model) -> str:
    """The version of a record: its ``modified`` timestamp (ISO 8601, microseconds, UTC
    offset). Every save changes it. The API hashes it into the record's ETag
    (core.api.concurrency); edit forms carry it in a hidden field (core.formtools)."""
    return obj.modified.isoformat()


def parse_record_version(value: str) -> datetime.datetime | None:
    """The timestamp of a version from ``record_version``, or None when it is not one."""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo is not None else None


class TimeStampedModel(models.Model):
    """Creation and modification times. ``modified`` drives incremental sync
    (``?modified_since=``) and the optimistic-concurrency version of a record."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class SourcedModel(TimeStampedModel):
    """A record that says where its facts come from (a protocol, a dialogue record,
    generated test data…). Shown on the record's page."""

    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the facts of this record come from, e.g. a protocol."),
    )

    class Meta:
        abstract = True


class VisibleQuerySet(models.QuerySet):
    """The one way readers reach records: ``visible_to(user)``.

    Users with a role (and superusers) see everything, drafts included; anyone else sees the
    ``published()`` part when public reading is on (``PUBLIC_READING``), and nothing when it
    is off. Subclasses say what "published" means for their records.
    """

    def published(self):
        return self

    def visible_to(self, user):
        if roles.can_read_unpublished(user):
            return self
        if not roles.can_read(user):
            return self.none()
        return self.published()
