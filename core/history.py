"""
The change history of a record (django-simple-history), as readable entries: who changed
it, when, and what changed field by field, with choices, related records and many-to-many
links shown by name.

Query count: one for the history rows (with their users), one per many-to-many field
(prefetched) and one per kind of related record named in the diffs, whatever the number of
entries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import roles

# URL slug → model: the records that have a history page. Read access is the record's own
# (``visible_to``), checked by core.views.history.
HISTORY_KINDS = {
    "projekt": "projects.Project",
    "dialog": "dialogues.Dialogue",
    "insikt": "dialogues.Insight",
    "viljeinriktning": "directions.Direction",
    "version": "directions.DirectionVersion",
    "punkt": "directions.DirectionPoint",
    "namnd": "decisions.Committee",
    "sammantrade": "decisions.Meeting",
    "paragraf": "decisions.AgendaItem",
    "handling": "decisions.Document",
    "kommun": "places.Municipality",
    "lan": "places.County",
    "planeringsomrade": "places.PlanningArea",
    "organisation": "organisations.Organisation",
}
_KIND_OF_MODEL = {label.lower(): kind for kind, label in HISTORY_KINDS.items()}

# Related records whose __str__ reaches further than their own row.
_DISPLAY_RELATED = {
    "decisions.committee": ["organisation"],
    "decisions.meeting": ["committee__organisation"],
    "directions.directionversion": ["direction"],
}

# Bookkeeping fields that every save touches; they say nothing a reader needs.
_SKIPPED_FIELDS = {"id", "created", "modified"}

TYPE_LABELS = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}


def history_model(kind: str) -> type[models.Model] | None:
    label = HISTORY_KINDS.get(kind)
    return apps.get_model(label) if label else None


def history_url(obj: models.Model) -> str:
    kind = _KIND_OF_MODEL.get(obj._meta.label_lower)
    return reverse("history", args=[kind, obj.pk]) if kind else ""


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    name: str = ""  # the model field's name


@dataclass
class HistoryEntry:
    date: object
    user: str
    kind: str
    type_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in _SKIPPED_FIELDS and not f.many_to_many
    ]


def _m2m_accessors(history_model_: type[models.Model]) -> list:
    """(field, accessor on the historical record, column of the target id) for each
    many-to-many field that the history keeps."""
    result = []
    for m2m in getattr(history_model_, "_history_m2m_fields", []):
        for rel in history_model_._meta.related_objects:
            through = rel.related_model
            target = [
                f
                for f in through._meta.fields
                if f.is_relation and f.related_model is m2m.related_model and f.name != "history"
            ]
            if rel.field.name == "history" and target:
                result.append((m2m, rel.get_accessor_name(), target[0].attname))
                break
    return result


def _user_label(record, show_names: bool) -> str:
    user = record.history_user
    if user is None:
        return _("The system")
    if not show_names:
        return _("A member of staff")
    return user.get_full_name() or user.get_username()


def display_value(value, choices=None) -> str:
    """A field's value as a reader sees it: choice labels, yes/no, Swedish-style dates,
    a geometry's kind and size. (Related records are named by the callers.)"""
    if value is None or value == "":
        return "–"
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return formats.date_format(value, "j F Y")
    if isinstance(value, GEOSGeometry):
        return _("%(type)s with %(count)s points") % {
            "type": value.geom_type,
            "count": value.num_coords,
        }
    return str(value)


def _history_rows(obj: models.Model):
    m2m = _m2m_accessors(obj.history.model)
    return (
        obj.history.select_related("history_user")
        .prefetch_related(*[accessor for _f, accessor, _c in m2m])
        .order_by("-history_date", "-history_id")
    )


def history_entries(obj: models.Model, user, *, limit: int = 50) -> tuple[list, bool]:
    """The newest ``limit`` entries of ``obj``'s history, newest first, and whether older
    ones exist. Names of the people who changed it are shown to users with a role; the
    public sees that a member of staff did."""
    records = list(_history_rows(obj)[: limit + 1])
    show_names = roles.can_read_unpublished(user)
    return _entries(obj, records, show_names, count=limit), len(records) > limit


def changes_since(obj: models.Model, version: datetime.datetime) -> list[HistoryEntry]:
    """The entries of the saves after ``version`` (a ``modified`` timestamp, see
    core.models.record_version), newest first, each compared with the one before: what
    others changed since an edit form was loaded (for editors, so with names)."""
    rows = _history_rows(obj)
    records = list(rows.filter(modified__gt=version))
    baseline = rows.filter(modified__lte=version).first()
    count = len(records)
    if baseline is not None:
        records.append(baseline)
    return _entries(obj, records, True, count=count)


def _entries(obj: models.Model, records: list, show_names: bool, *, count: int) -> list:
    """Entries for the first ``count`` of ``records`` (newest first); each is compared with
    the record after it."""
    model = type(obj)
    fields = _tracked_fields(model)
    m2m = _m2m_accessors(obj.history.model)

    # Names of related records and m2m targets: one query per related model.
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for record in records:
        for f in fields:
            if f.is_relation:
                value = getattr(record, f.attname)
                if value is not None:
                    wanted[f.related_model].add(value)
        for m2m_field, accessor, column in m2m:
            for row in getattr(record, accessor).all():
                wanted[m2m_field.related_model].add(getattr(row, column))
    names: dict[type[models.Model], dict] = {}
    for related_model, pks in wanted.items():
        qs = related_model._base_manager.filter(pk__in=pks)
        related = _DISPLAY_RELATED.get(related_model._meta.label_lower)
        if related:
            qs = qs.select_related(*related)
        names[related_model] = {o.pk: str(o) for o in qs}

    def display(f: models.Field, value) -> str:
        if value is None or value == "":
            return "–"
        if f.is_relation:
            return names.get(f.related_model, {}).get(
                value, _("(removed, id %(id)s)") % {"id": value}
            )
        return display_value(value, f.flatchoices if f.choices else None)

    def m2m_names(record, m2m_field, accessor, column) -> set[str]:
        targets = names.get(m2m_field.related_model, {})
        return {targets.get(getattr(row, column), "?") for row in getattr(record, accessor).all()}

    entries = []
    for index, record in enumerate(records[:count]):
        previous = records[index + 1] if index + 1 < len(records) else None
        entry = HistoryEntry(
            date=record.history_date,
            user=_user_label(record, show_names),
            kind=record.history_type,
            type_label=str(TYPE_LABELS.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
        )
        if record.history_type != "-":
            for f in fields:
                new = getattr(record, f.attname)
                old = getattr(previous, f.attname) if previous is not None else None
                if previous is None and new in (None, ""):
                    continue
                if previous is not None and old == new:
                    continue
                entry.changes.append(
                    FieldChange(
                        str(f.verbose_name),
                        display(f, old) if previous else "–",
                        display(f, new),
                        f.name,
                    )
                )
            for m2m_field, accessor, column in m2m:
                new_set = m2m_names(record, m2m_field, accessor, column)
                old_set = m2m_names(previous, m2m_field, accessor, column) if previous else set()
                if new_set != old_set:
                    entry.changes.append(
                        FieldChange(
                            str(m2m_field.verbose_name),
                            ", ".join(sorted(old_set)) or "–",
                            ", ".join(sorted(new_set)) or "–",
                            m2m_field.name,
                        )
                    )
        entries.append(entry)
    return entries


# --- restoring deleted records ---------------------------------------------------------------

# Children deleted by the same cascade as their parent get their deletion entries within
# this window of the parent's (one transaction, moments apart; post_delete order varies).
CASCADE_WINDOW = datetime.timedelta(seconds=10)


def has_history(model: type[models.Model]) -> bool:
    return getattr(model._meta, "simple_history_manager_attribute", None) is not None


def deleted_records(model: type[models.Model]):
    """The deletion entries of ``model``'s records that do not exist any more, newest first
    (with the user who deleted them)."""
    existing = model._base_manager.values("pk")
    return (
        model.history.model.objects.filter(history_type="-")
        .exclude(**{f"{model._meta.pk.attname}__in": existing})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def _is_locked(instance: models.Model) -> bool:
    try:
        return bool(getattr(instance, "is_locked", False))
    except (ObjectDoesNotExist, ValueError):  # its parent is gone too, or it has no pk yet
        return False


@transaction.atomic
def record_restore(*, deleted, user, reason: str | None = None) -> models.Model:
    """Bring back a deleted record from its deletion entry in the history: the same id and
    fields, its many-to-many links as they were just before (to records that still exist),
    and the records that its deletion took with it (cascade), recursively. The restore is
    an entry of its own in each record's history ("Restored from history", by ``user``).
    Raises ValidationError when the record exists or would now break a rule."""
    model = deleted.instance_type
    pk = getattr(deleted, model._meta.pk.attname)
    if model._base_manager.filter(pk=pk).exists():
        raise ValidationError(
            _("%(record)s exists; only deleted records are restored.") % {"record": deleted}
        )
    reason = reason or _("Restored from history")
    instance = deleted.instance
    if _is_locked(instance):
        # A deleted point of an adopted version, a deleted item of adjusted minutes: bringing
        # it back would change what the committee decided (RecordLocked's rule).
        raise ValidationError(
            _(
                "%(record)s belonged to adjusted minutes or an adopted version, which do not "
                "change; it is not restored. Record a correction as a new record instead."
            )
            % {"record": deleted}
        )
    instance._history_user = user
    instance._change_reason = reason
    instance.full_clean(validate_unique=True)
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except DatabaseError as exc:  # a database lock (adjusted minutes' triggers) refused it
        raise ValidationError(
            _("The database refused to restore %(record)s: %(reason)s")
            % {"record": deleted, "reason": str(exc).splitlines()[0]}
        ) from exc
    # auto_now_add set a new creation time; the record was created when it was.
    created = {
        f.attname: getattr(deleted, f.attname)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False)
    }
    if created:
        model._base_manager.filter(pk=pk).update(**created)
        for name, value in created.items():
            setattr(instance, name, value)

    history = model.history.model.objects.filter(**{model._meta.pk.attname: pk})
    before = (
        history.filter(history_date__lte=deleted.history_date)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if before is not None:
        for m2m_field, accessor, column in _m2m_accessors(model.history.model):
            ids = [getattr(row, column) for row in getattr(before, accessor).all()]
            alive = m2m_field.related_model._base_manager.filter(pk__in=ids)
            getattr(instance, m2m_field.name).set(alive)

    for rel in model._meta.related_objects:
        child_model = rel.related_model
        if not (rel.one_to_many and rel.on_delete is models.CASCADE and has_history(child_model)):
            continue
        children = deleted_records(child_model).filter(
            **{rel.field.attname: pk},
            history_date__range=(
                deleted.history_date - CASCADE_WINDOW,
                deleted.history_date + CASCADE_WINDOW,
            ),
        )
        seen = set()
        for child in children:  # newest deletion entry of each child first
            child_pk = getattr(child, child_model._meta.pk.attname)
            if child_pk not in seen:
                seen.add(child_pk)
                record_restore(deleted=child, user=user, reason=reason)
    return instance
