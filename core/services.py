r"""
The one write path. Every change to a portal record — an edit page, the REST API, the admin
(change, delete, bulk delete, history revert) — calls the record's service functions in its
app's ``services.py``; a rule written there holds on every path.

A service is keyword-only and typed, runs in one transaction and starts it by claiming the
version the editor read (``claim_version``)::

    @transaction.atomic
    def dialogue_update(*, dialogue, data, version, user=None, reason="") -> Dialogue:
        claim_version(dialogue, version)
        ...  # rules, apply ``data``, full_clean(), save()

Callers turn the domain exceptions into their own answers:

* ``EditConflict``: someone saved the record after the editor read it. Pages answer 409 with
  what changed (``ConcurrentEditForm.show_conflict``), the API 412 with the current ETag, the
  admin a message on the form with the input kept.
* ``RuleRefused``: a rule of the domain refuses the change (e.g. deleting an insight that
  supports a point of an adopted version). Pages and the admin show the message; the API
  answers 409 with it.
* ``core.access.RecordLocked``: part of adjusted minutes or an adopted version (403 on pages,
  409 in the API).
* Django's ``ValidationError``: bad data (a form error, a 400 naming the field).

Generic callers (the API's viewsets, ``core.admin.PortalAdmin``) find a model's services
through a ``RecordServices`` declared next to them in the app's ``services.py``
(``services_for(model)`` once that module is imported). Nested records written with their
parent (a project's milestones from a page formset, an admin inline) are ``ChildWrite``
records that the parent's service hands to ``write_children``: they end in the child's own
services.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import RecordLocked
from core.models import parse_record_version, record_version


class EditConflict(Exception):
    """The record changed after the editor read it (optimistic concurrency): nothing was
    saved. ``record`` is the record as the editor had it, ``version`` the version they read."""

    def __init__(self, record: models.Model, version: datetime.datetime | None):
        self.record = record
        self.version = version
        super().__init__(f"{record._meta.label} {record.pk} changed since {version}")


class RuleRefused(Exception):
    """A rule of the domain refuses the change; ``message`` says why, in the user's terms."""

    def __init__(self, message: str, *, code: str = "refused"):
        self.message = message
        self.code = code
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)


Version = datetime.datetime | str | None


def as_version(value: Version) -> datetime.datetime | None:
    """A version from a form's hidden field (``record_version`` text) or a datetime."""
    if isinstance(value, datetime.datetime):
        return value
    return parse_record_version(value or "")


def is_versioned(model: type[models.Model]) -> bool:
    """Whether records of ``model`` carry a version (a ``modified`` time) to claim."""
    return any(f.name == "modified" for f in model._meta.concrete_fields)


def claim_version(record: models.Model, version: Version) -> None:
    """Claim ``record`` at ``version`` for the caller's transaction, or raise EditConflict.

    Call it first inside the service's ``transaction.atomic``. It is one conditional UPDATE
    of ``modified`` (``WHERE pk = … AND modified = <version>``): it holds the row's write lock
    until the commit, so of two simultaneous saves with the same version only one matches
    (PostgreSQL re-evaluates the condition after the first commits; SQLite's IMMEDIATE
    transactions write one at a time). A missing or unreadable version is a conflict too:
    an update must say which version it changes.

    A model without a version (no ``modified``, e.g. a theme) has nothing to compare: its
    row is only locked for the transaction."""
    model = type(record)
    if not is_versioned(model):
        model._base_manager.select_for_update().filter(pk=record.pk).exists()
        return
    claimed = as_version(version)
    if (
        claimed is None
        or model._base_manager.filter(pk=record.pk, modified=claimed).update(
            modified=timezone.now()
        )
        != 1
    ):
        raise EditConflict(record, claimed)


def current_version(record: models.Model) -> str:
    """The version to claim when the caller itself just read the record under its own lock
    (e.g. the admin's delete confirmation, which shows no form)."""
    return record_version(record)


def apply_fields(record: models.Model, data: Mapping[str, Any]) -> dict[str, Any]:
    """Set the concrete fields named in ``data`` on ``record``; return the many-to-many
    values (set them after saving with ``set_many``). Keys that are not fields of the model
    are left to the service (nested records, formsets)."""
    many: dict[str, Any] = {}
    concrete = {f.name: f for f in record._meta.concrete_fields}
    m2m = {f.name for f in record._meta.many_to_many}
    for name, value in data.items():
        if name in m2m:
            many[name] = value
        elif name in concrete and not concrete[name].primary_key:
            setattr(record, name, value)
    return many


def set_many(record: models.Model, many: Mapping[str, Iterable[models.Model]]) -> None:
    for name, values in many.items():
        getattr(record, name).set(list(values))


def save_record(record: models.Model, *, reason: str = "", user=None) -> models.Model:
    """``full_clean()`` then ``save()``, with the history's reason and user."""
    record.full_clean()
    if reason:
        record._change_reason = reason
    if user is not None and getattr(user, "is_authenticated", False):
        record._history_user = user
    record.save()
    return record


_REGISTRY: dict[type[models.Model], RecordServices] = {}


def services_for(model: type[models.Model]) -> RecordServices | None:
    """The ``RecordServices`` declared for ``model`` (None when its app declares none)."""
    return _REGISTRY.get(model)


@dataclass(frozen=True)
class RecordServices:
    """A model's service functions, for the generic callers (API viewsets, admin).

    ``arg`` is the keyword the app's functions take the record by (``project=``), so the
    functions keep their own readable signatures::

        PROJECT = RecordServices(
            model=Project, arg="project",
            create=project_create, update=project_update, delete=project_delete,
        )
    """

    model: type[models.Model]
    arg: str
    create: Callable[..., models.Model] | None = None
    update: Callable[..., models.Model] | None = None
    delete: Callable[..., None] | None = None

    def __post_init__(self):
        _REGISTRY[self.model] = self

    def do_create(self, *, data: Mapping[str, Any], user=None, reason: str = "") -> models.Model:
        if self.create is None:
            raise RuleRefused(_("This kind of record is not created here."))
        return self.create(data=data, user=user, reason=reason)

    def do_update(
        self,
        *,
        record: models.Model,
        data: Mapping[str, Any],
        version: Version,
        user=None,
        reason: str = "",
    ) -> models.Model:
        if self.update is None:
            raise RuleRefused(_("This kind of record is not changed here."))
        return self.update(
            **{self.arg: record}, data=data, version=version, user=user, reason=reason
        )

    def do_delete(
        self, *, record: models.Model, version: Version, user=None, reason: str = ""
    ) -> None:
        if self.delete is None:
            raise RuleRefused(_("This kind of record is not deleted here."))
        self.delete(**{self.arg: record}, version=version, user=user, reason=reason)


@dataclass(frozen=True)
class ChildWrite:
    """One nested record to write with its parent: create it (``record`` None), change it,
    or ``delete`` it. ``version`` is the child's version as the editor read it."""

    record: models.Model | None
    data: Mapping[str, Any]
    version: Version = None
    delete: bool = False


def write_children(
    *,
    parent: models.Model,
    fk: str,
    children: Iterable[ChildWrite],
    services: RecordServices,
    user=None,
    reason: str = "",
) -> list[models.Model]:
    """Write ``children`` of ``parent`` (linked by the foreign key ``fk``) through their own
    services, in the caller's transaction: deletions first (a replaced child may free a
    unique value), then changes and new ones. A child's rule or conflict undoes the whole
    write. Returns the records created."""
    children = list(children)
    created = []
    for child in children:
        if child.delete and child.record is not None and child.record.pk is not None:
            services.do_delete(record=child.record, version=child.version, user=user, reason=reason)
    for child in children:
        if child.delete:
            continue
        data = {**child.data, fk: parent}
        if child.record is None or child.record.pk is None:
            created.append(services.do_create(data=data, user=user, reason=reason))
        else:
            services.do_update(
                record=child.record, data=data, version=child.version, user=user, reason=reason
            )
    return created


def locked_links(
    records: models.QuerySet, relation: str, *, select_related: tuple[str, ...] = ()
) -> list[models.Model]:
    """The records linked to ``records`` through the many-to-many ``relation`` that are
    locked (``is_locked``: part of adjusted minutes or an adopted version). Deleting
    ``records`` would remove those links from what was decided. One query; the linked model
    is reached through the relation, so a lower app need not import the higher one."""
    field = records.model._meta.get_field(relation)
    linked = field.related_model
    reverse = field.field.name if field.auto_created else field.related_query_name()
    return [
        record
        for record in linked._default_manager.filter(**{f"{reverse}__in": records})
        .select_related(*select_related)
        .order_by("pk")
        .distinct()
        if record.is_locked
    ]


# --- the plain case: a record without rules beyond its model's ------------------------------
# App services build on these and add their rules (locks, derived fields, nested records).


@transaction.atomic
def record_create(
    model: type[models.Model], *, data: Mapping[str, Any], user=None, reason: str = ""
) -> models.Model:
    record = model()
    many = apply_fields(record, data)
    save_record(record, reason=reason, user=user)
    set_many(record, many)
    return record


@transaction.atomic
def record_update(
    record: models.Model,
    *,
    data: Mapping[str, Any],
    version: Version,
    user=None,
    reason: str = "",
) -> models.Model:
    claim_version(record, version)
    many = apply_fields(record, data)
    save_record(record, reason=reason, user=user)
    set_many(record, many)
    return record


@transaction.atomic
def record_delete(record: models.Model, *, version: Version, user=None, reason: str = "") -> None:
    claim_version(record, version)
    remove_record(record, user=user, reason=reason)


def remove_record(record: models.Model, *, user=None, reason: str = "") -> None:
    """``delete()`` with the history's reason and user; for a service that claimed the
    version itself and checked its rules."""
    if reason:
        record._change_reason = reason
    if user is not None and getattr(user, "is_authenticated", False):
        record._history_user = user
    record.delete()


def replace_numbered(
    *,
    items: list[Mapping[str, Any]],
    existing: models.QuerySet,
    new: Callable[[], models.Model],
    field: str,
    user=None,
    reason: str = "",
    fields: tuple[str, ...] = ("text",),
    many_to_many: tuple[str, ...] = (),
) -> None:
    """Make ``existing`` (the numbered points of one parent) what ``items`` say: points are
    matched by ``number``, missing ones removed, new ones made with ``new()``; each is
    ``full_clean()``-ed. Raises one ValidationError naming every bad item as
    ``<field>.<index>.<name>`` (``points.1.text``), for a form, the API and the admin alike;
    the caller's transaction undoes what was done."""
    numbers = [item["number"] for item in items]
    if len(numbers) != len(set(numbers)):
        raise ValidationError({field: _("Each point has its own number.")})
    current = {point.number: point for point in existing}
    for point in existing.exclude(number__in=numbers):
        if reason:
            point._change_reason = reason
        point.delete()
    errors: dict[str, Any] = {}
    for index, item in enumerate(items):
        point = current.get(item["number"]) or new()
        point.number = item["number"]
        for name in fields:
            if name in item:
                setattr(point, name, item[name])
        try:
            save_record(point, reason=reason, user=user)  # full_clean() first
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"{field}.{index}.{name}"] = messages
            continue
        set_many(point, {name: item[name] for name in many_to_many if name in item})
    if errors:
        raise ValidationError(errors)


def check_unlocked(record: models.Model) -> None:
    """Raise ``core.access.RecordLocked`` when ``record`` *as stored* is locked (``is_locked``:
    part of adjusted minutes or an adopted version). Asked of the stored row, not of
    ``record``: the admin's history revert hands over an old state of the record, which may
    date from before the lock."""
    if record.pk is None:
        return
    stored = type(record)._base_manager.filter(pk=record.pk).first()
    if stored is not None and stored.is_locked:
        raise RecordLocked(stored)
