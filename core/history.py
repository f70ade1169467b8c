"""
The change history of a record (django-simple-history), as readable entries: who changed
it, when, and what changed field by field, with choices, related records and many-to-many
links shown by name.

Query count: one for the history rows (with their users), one per many-to-many field
(prefetched) and one per kind of related record named in the diffs, whatever the number of
entries. What a reader may see costs no query of its own: the public part of the history is
a condition on the rows' query, the visibility of a named record an annotation on its kind's.

What readers without a role see (SECURITY.md, "History"): a history shows exactly what the
reader may see of the record and of every record it names. Named records they may not see
are shown as "(not public)", never by name. Entries from before the record was published
are not shown: a model says which of its historical rows are public with ``history_public``
(a ``Q`` on its own fields, the condition of its ``published()``); a child record says which
parents make it public with ``history_parents`` (its entries count from the first public
entry of its parent). The first public entry then shows the record as published, with no
earlier value in its "old" column.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import roles

# The records that have a history page declare its URL slug on the model
# (``history_kind = "projekt"``: /historik/projekt/<id>/). Read access is the record's own
# (``visible_to``), checked by core.views.history.


@functools.cache
def history_kinds() -> dict[str, type[models.Model]]:
    """URL slug → model, collected once from the app registry."""
    kinds: dict[str, type[models.Model]] = {}
    for model in apps.get_models():
        kind = getattr(model, "history_kind", None)
        if kind is None or model._meta.proxy:
            continue
        if kind in kinds:
            raise ImproperlyConfigured(
                f"{model._meta.label} and {kinds[kind]._meta.label} share history_kind {kind!r}"
            )
        kinds[kind] = model
    return kinds


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
    return history_kinds().get(kind)


def history_url(obj: models.Model) -> str:
    kind = getattr(obj, "history_kind", None)
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


def public_history(model: type[models.Model]) -> Q:
    """The condition on ``model``'s historical rows that a reader without a role may see:
    the rows in which the record itself was published (``history_public``, the condition of
    its ``published()`` on its own fields, read from the historical row: published *at that
    version*), and for a child record those from its parent's first published entry on
    (``history_parents``: a draft dialogue's insights were drafts too, whatever their own
    fields say). Records without either are public in every version."""
    condition = getattr(model, "history_public", None) or Q()
    for name in getattr(model, "history_parents", ()):
        parent_field = model._meta.get_field(name)
        parent = parent_field.related_model
        first_public = (
            parent.history.model.objects.filter(
                public_history(parent), **{parent._meta.pk.attname: OuterRef(parent_field.attname)}
            )
            .order_by("history_date")
            .values("history_date")[:1]
        )
        condition &= Q(**{f"{parent_field.attname}__isnull": True}) | Q(
            history_date__gte=Subquery(first_public)
        )
    return condition


def history_entries(obj: models.Model, user, *, limit: int = 50) -> tuple[list, bool]:
    """The newest ``limit`` entries of ``obj``'s history, newest first, and whether older
    ones exist. Names of the people who changed it are shown to users with a role; the
    public sees that a member of staff did, and only the public part of the history (the
    module's docstring)."""
    rows = _history_rows(obj)
    show_names = roles.can_read_unpublished(user)
    reader = None
    if not show_names:
        # Drafts before publication are not public history. Filtered in the query, so the
        # oldest public row has no predecessor: its "old" column shows no draft value.
        rows = rows.filter(public_history(type(obj)))
        reader = user
    records = list(rows[: limit + 1])
    return _entries(obj, records, show_names, count=limit, reader=reader), len(records) > limit


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


_NOT_PUBLIC = gettext_lazy("(not public)")


def _named(related_model: type[models.Model], pks: set, reader) -> dict:
    """pk → name of the records of ``related_model`` named in a history; with a ``reader``
    (a user without a role), the ones they may not see (``visible_to``) as "(not public)".
    One query: the visibility is an annotation, not a query per record."""
    qs = related_model._base_manager.filter(pk__in=pks)
    related = _DISPLAY_RELATED.get(related_model._meta.label_lower)
    if related:
        qs = qs.select_related(*related)
    visible_to = getattr(related_model._default_manager, "visible_to", None)
    if reader is None or visible_to is None:
        return {o.pk: str(o) for o in qs}
    if not roles.can_read(reader):
        return {o.pk: str(_NOT_PUBLIC) for o in qs}
    qs = qs.annotate(_reader_sees=Exists(visible_to(reader).filter(pk=OuterRef("pk"))))
    return {o.pk: str(o) if o._reader_sees else str(_NOT_PUBLIC) for o in qs}


def _entries(
    obj: models.Model, records: list, show_names: bool, *, count: int, reader=None
) -> list:
    """Entries for the first ``count`` of ``records`` (newest first); each is compared with
    the record after it. With a ``reader``, related records are named only where the reader
    may see them."""
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
    names = {
        related_model: _named(related_model, pks, reader) for related_model, pks in wanted.items()
    }

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


def _restore_links_to(instance: models.Model, deleted, *, user, reason: str) -> None:
    """The many-to-many links that other records held to the deleted one (a point's
    supporting insights, when the insight is restored): a deletion removes them without a
    change in the other record's history, so the other record's last entry before the
    deletion still lists them. Each comes back as a change of that record (its history says
    so). A link from a locked record (adjusted minutes, an adopted version) would change
    what was decided: the restore is refused instead of coming back without it."""
    model = type(instance)
    for rel in model._meta.related_objects:
        source = rel.related_model
        if not (rel.many_to_many and has_history(source)):
            continue
        tracked = [
            (accessor, column)
            for m2m_field, accessor, column in _m2m_accessors(source.history.model)
            if m2m_field.name == rel.field.name
        ]
        if not tracked:
            continue
        [(accessor, column)] = tracked
        [through] = [
            r.related_model
            for r in source.history.model._meta.related_objects
            if r.get_accessor_name() == accessor
        ]
        candidates = set(
            through.objects.filter(
                **{column: instance.pk}, history__history_date__lte=deleted.history_date
            ).values_list(f"history__{source._meta.pk.attname}", flat=True)
        )
        for linked in source._base_manager.filter(pk__in=candidates).order_by("pk"):
            last = (
                source.history.filter(
                    **{source._meta.pk.attname: linked.pk},
                    history_date__lte=deleted.history_date,
                )
                .order_by("-history_date", "-history_id")
                .first()
            )
            if last is None or not getattr(last, accessor).filter(**{column: instance.pk}).exists():
                continue  # unlinked before the deletion
            if _is_locked(linked):
                raise ValidationError(
                    _(
                        "%(record)s was linked to %(linked)s, which belongs to adjusted "
                        "minutes or an adopted version and does not change: bringing the "
                        "link back would change it, so %(record)s is not restored."
                    )
                    % {"record": deleted, "linked": linked}
                )
            linked._history_user = user
            linked._change_reason = reason
            getattr(linked, rel.field.name).add(instance)


@transaction.atomic
def record_restore(*, deleted, user, reason: str | None = None) -> models.Model:
    """Bring back a deleted record from its deletion entry in the history: the same id and
    fields, its many-to-many links as they were just before (to records that still exist),
    the links other records held to it (``_restore_links_to``),
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

    _restore_links_to(instance, deleted, user=user, reason=reason)

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
