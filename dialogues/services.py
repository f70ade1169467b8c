"""The write path of dialogues, their insights and themes: pages, the API and the admin
(its inlines and bulk deletion included) all call these, so the rules here hold on every
path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.services import (
    RecordServices,
    RuleRefused,
    Version,
    apply_fields,
    claim_version,
    locked_links,
    record_create,
    record_delete,
    record_update,
    remove_record,
    save_record,
    set_many,
)
from dialogues.models import Dialogue, Insight, Theme
from places.models import Municipality


# --- themes --------------------------------------------------------------------------------
@transaction.atomic
def themes_get_or_create(*, names: list[str]) -> list[Theme]:
    """The themes named (matched on their slug, so “Infrastruktur” and “infrastruktur” are
    one theme), created where missing."""
    themes = []
    for name in names:
        name = " ".join(name.split())[:100]
        slug = slugify(name)[:100]
        if not slug:
            continue
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            theme = save_record(Theme(name=name, slug=slug))
        themes.append(theme)
    return themes


def theme_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Theme:
    return record_create(Theme, data=data, user=user, reason=reason)


def theme_update(
    *, theme: Theme, data: Mapping[str, Any], version: Version = None, user=None, reason=""
) -> Theme:
    """A theme has no version (no ``modified``): the row is only locked."""
    return record_update(theme, data=data, version=version, user=user, reason=reason)


def theme_delete(*, theme: Theme, version: Version = None, user=None, reason: str = "") -> None:
    record_delete(theme, version=version, user=user, reason=reason)


THEME = RecordServices(
    model=Theme, arg="theme", create=theme_create, update=theme_update, delete=theme_delete
)


# --- the rule: what a committee decided keeps its supporting insights ----------------------
def refuse_if_supporting_decided_points(insights: models.QuerySet) -> None:
    """Refuse removing ``insights`` while one supports a point of an adopted or superseded
    version of a statement of intent: the link is part of what the committee decided (the
    point's ``is_locked``). Links to points of draft or proposed versions go with the
    insight. Directions is a higher layer: its points are reached through the relation."""
    for point in locked_links(insights, "direction_points", select_related=("version__direction",)):
        raise RuleRefused(
            _(
                "An insight supports point %(number)s of %(version)s (%(status)s); what "
                "was decided does not change, so the insight is not deleted."
            )
            % {
                "number": point.number,
                "version": point.version,
                "status": point.version.get_status_display().lower(),
            },
            code="supports_decided_point",
        )


# --- dialogues -----------------------------------------------------------------------------
def _new_theme_names(data: Mapping[str, Any]) -> list[str]:
    """The page's “new themes” field: names separated by commas."""
    return [n for n in (data.get("new_themes") or "").split(",") if n.strip()]


def _derive_municipality(dialogue: Dialogue) -> None:
    """A dialogue placed by a point but given no municipality is in the municipality whose
    boundary holds the point (as planning areas take theirs from their geometry): otherwise
    place and municipality contradict, and coverage says "not met" for a municipality the
    map shows the dialogue in (issue 12 §3). A municipality given is kept."""
    if dialogue.municipality_id is None and dialogue.location is not None:
        dialogue.municipality = (
            Municipality.objects.filter(boundary__contains=dialogue.location)
            .order_by("code")
            .first()
        )


def _write_dialogue(dialogue: Dialogue, data: Mapping[str, Any], *, user, reason) -> Dialogue:
    many = apply_fields(dialogue, data)
    _derive_municipality(dialogue)
    save_record(dialogue, reason=reason, user=user)
    set_many(dialogue, many)
    if names := _new_theme_names(data):
        dialogue.themes.add(*themes_get_or_create(names=names))
    return dialogue


@transaction.atomic
def dialogue_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Dialogue:
    """A new dialogue; ``data["new_themes"]`` (comma-separated) adds themes, created where
    missing."""
    return _write_dialogue(Dialogue(), data, user=user, reason=reason)


@transaction.atomic
def dialogue_update(
    *, dialogue: Dialogue, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> Dialogue:
    claim_version(dialogue, version)
    return _write_dialogue(dialogue, data, user=user, reason=reason)


@transaction.atomic
def dialogue_delete(*, dialogue: Dialogue, version: Version, user=None, reason: str = "") -> None:
    """Its insights go with it (restored with it from the history), unless one supports a
    point of an adopted or superseded version: then nothing is deleted."""
    claim_version(dialogue, version)
    refuse_if_supporting_decided_points(Insight.objects.filter(dialogue=dialogue))
    remove_record(dialogue, user=user, reason=reason)


DIALOGUE = RecordServices(
    model=Dialogue,
    arg="dialogue",
    create=dialogue_create,
    update=dialogue_update,
    delete=dialogue_delete,
)


# --- insights ------------------------------------------------------------------------------
def insight_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Insight:
    return record_create(Insight, data=data, user=user, reason=reason)


def insight_update(
    *, insight: Insight, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> Insight:
    return record_update(insight, data=data, version=version, user=user, reason=reason)


@transaction.atomic
def insight_delete(*, insight: Insight, version: Version, user=None, reason: str = "") -> None:
    """Refused (``RuleRefused``) while the insight supports a point of an adopted or
    superseded version; its links to draft and proposed points go with it."""
    claim_version(insight, version)
    refuse_if_supporting_decided_points(Insight.objects.filter(pk=insight.pk))
    remove_record(insight, user=user, reason=reason)


INSIGHT = RecordServices(
    model=Insight,
    arg="insight",
    create=insight_create,
    update=insight_update,
    delete=insight_delete,
)
