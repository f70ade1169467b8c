"""Which rows seed made (``SeedRecord``), and deleting generated data without touching
anything else."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from core.apps import portal_app_labels
from decisions.models import Document, Meeting
from dialogues.models import Dialogue, Theme
from directions.models import Direction
from organisations.models import Organisation
from places.models import County, Municipality, PlanningArea
from projects.models import Project
from seed.models import SeedRecord

BATCH = 2000
# Shared reference data that records point at without owning it: deleting a generated
# dialogue deletes its link to a real organisation, never the organisation.
REFERENCE_MODELS = (Organisation, Municipality, County, Theme)
# The records people make; a database holding any of these that seed did not make is not
# a test database (generate_data refuses it unless told otherwise).
PEOPLES_RECORDS = (Project, Dialogue, Meeting, Document, PlanningArea, Direction)


class SeedRefused(Exception):
    """generate_data would touch a record it did not make; nothing was changed."""


def mark(origin: str, objects: Iterable[models.Model]) -> None:
    """Record ``objects`` (saved, with ids) as made by ``origin``."""
    rows = [
        SeedRecord(
            origin=origin,
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
        )
        for obj in objects
    ]
    SeedRecord.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def marked(origin: str | None = None) -> dict[type[models.Model], set[int]]:
    """The ids seed made, by model (of ``origin`` only when given)."""
    rows = SeedRecord.objects.all()
    if origin:
        rows = rows.filter(origin=origin)
    ids: dict[type[models.Model], set[int]] = defaultdict(set)
    for content_type_id, object_id in rows.values_list("content_type_id", "object_id"):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            ids[model].add(object_id)
    return ids


def records_not_from_seed() -> dict[str, int]:
    """People's records (projects, dialogues, meetings, …) that seed did not make, counted
    per model; empty on a database that only holds the real case and generated data."""
    made = marked()
    counts = {}
    for model in PEOPLES_RECORDS:
        count = model._default_manager.exclude(pk__in=made.get(model, ())).count()
        if count:
            counts[model._meta.verbose_name_plural] = count
    return counts


def _is_generated(obj: models.Model, generated: dict[type[models.Model], set[int]]) -> bool:
    """A row generate_data made, or a row that belongs only to such rows (a funding line of a
    generated project, the link of a generated dialogue to a real organisation)."""
    model = type(obj)
    if model in generated:
        return obj.pk in generated[model]
    labels = portal_app_labels()
    for field in model._meta.concrete_fields:
        related = field.related_model if field.is_relation else None
        if related is None or related in REFERENCE_MODELS or related._meta.app_label not in labels:
            continue
        value = getattr(obj, field.attname)
        if value is not None and value not in generated.get(related, ()):
            return False  # it belongs to a record of people (a real agenda item, a version)
    return True


def delete_only_generated(
    queryset: models.QuerySet, generated: dict[type[models.Model], set[int]]
) -> None:
    """Delete ``queryset`` with what the deletion takes along, after checking that every one
    of those rows is generated; otherwise raise SeedRefused and delete nothing.

    Django's Collector finds what CASCADE would take (a planner's dialogue added to a
    generated project, the link of a generated insight to a point of an adopted version);
    such a row is refused rather than deleted, as is a row a PROTECT key keeps."""
    collector = Collector(using=queryset.db, origin=queryset)
    try:
        collector.collect(queryset)
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
        examples = ", ".join(f"{o._meta.verbose_name} {o.pk} ({o})" for o in list(blocking)[:3])
        raise SeedRefused(
            f"Records that generate_data did not make depend on generated ones: {examples}."
        ) from exc
    collected = [obj for instances in collector.data.values() for obj in instances]
    collected += [obj for fast in collector.fast_deletes for obj in fast]
    for obj in collected:
        if not _is_generated(obj, generated):
            raise SeedRefused(
                f"Deleting the generated data would delete {obj._meta.verbose_name} {obj.pk} "
                f"({obj}), which generate_data did not make."
            )
    collector.delete()
