"""Workflows around dialogues that touch more than one record."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from dialogues.models import Dialogue, Theme


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
            theme = Theme(name=name, slug=slug)
            theme.full_clean()
            theme.save()
        themes.append(theme)
    return themes


@transaction.atomic
def dialogue_save(*, form, new_theme_names: list[str]) -> Dialogue:
    """Save a validated DialogueForm, adding the themes typed as new ones."""
    dialogue = form.save()
    if new_theme_names:
        dialogue.themes.add(*themes_get_or_create(names=new_theme_names))
    return dialogue
