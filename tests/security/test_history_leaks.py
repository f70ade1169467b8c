"""
No draft leaks through a history page (SECURITY.md, "History"): a reader sees in a history
exactly what they may see of the record and of every record it names, at that version.

* Records named in the diffs (foreign keys and many-to-many links) pass through
  ``visible_to``: a draft is "(not public)" to readers without a role, never its title.
* Entries from before a record was published (for a child: before its parent was) are not
  shown to them: each history kind gets an earlier draft entry carrying ``MARKER``, which
  the anonymous visitor and the outsider never see and the roles do.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import reverse

from core.history import history_entries, history_kinds, public_history
from dialogues.models import Dialogue
from projects.models import Project
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries
from tests.security.conftest import MARKER

PUBLIC_ROLES = ("anonymous", "outsider")

# What an unpublished row holds in the fields of the models' publication conditions.
DRAFT_VALUES = {
    "is_published": False,
    "is_public": False,
    "status": "draft",
    "minutes_status": "draft",
}


def _has_marker(response) -> bool:
    return MARKER.encode() in response.content.lower()


def _history(obj) -> str:
    return reverse("history", args=[obj.history_kind, obj.pk])


def _public_record(model):
    """A record of ``model`` that the public may read (and so read the history of)."""
    obj = model.objects.visible_to(AnonymousUser()).order_by("pk").first()
    assert obj is not None, f"the world holds no public {model._meta.label}"
    return obj


def _first_public_date(model, pk) -> datetime.datetime:
    return (
        model.history.filter(**{model._meta.pk.attname: pk})
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )


def _add_draft_past(obj) -> None:
    """Give ``obj`` an entry before its first one in which it was a draft: every text field
    carries the marker and its publication fields hold draft values. For a child record the
    entry is older than its parent's first entry (the child was drafted before the parent
    was public)."""
    model = type(obj)
    first = obj.history.order_by("history_date", "history_id").first()
    date = first.history_date
    for name in getattr(model, "history_parents", ()):
        parent_id = getattr(obj, model._meta.get_field(name).attname)
        if parent_id is not None:
            parent = model._meta.get_field(name).related_model
            date = min(date, _first_public_date(parent, parent_id))
    draft = first
    draft.history_id = None
    draft._state.adding = True
    draft.history_date = date - datetime.timedelta(days=1)
    draft.history_type = "+"
    for f in model._meta.concrete_fields:
        if f.name in DRAFT_VALUES and getattr(model, "history_public", None) is not None:
            setattr(draft, f.attname, DRAFT_VALUES[f.name])
        elif isinstance(f, models.CharField | models.TextField) and f.editable and not f.choices:
            setattr(draft, f.attname, f"Arbetsnamn {MARKER}")
    draft.save()
    assert not model.history.filter(public_history(model), history_id=draft.history_id).exists()


def _kinds_with_a_publication_rule():
    return sorted(
        kind
        for kind, model in history_kinds().items()
        if getattr(model, "history_public", None) is not None
        or getattr(model, "history_parents", ())
    )


def test_every_kind_whose_records_can_be_drafts_declares_its_public_history():
    """A model whose ``published()`` hides records says which of its history is public."""
    for kind, model in history_kinds().items():
        hides = str(model.objects.published().query) != str(model.objects.all().query)
        if hides:
            assert kind in _kinds_with_a_publication_rule(), kind


@pytest.mark.parametrize("kind", _kinds_with_a_publication_rule())
def test_drafts_before_publication_are_not_public_history(kind, world, as_role):
    obj = _public_record(history_kinds()[kind])
    _add_draft_past(obj)
    for role in PUBLIC_ROLES:
        response = as_role(role).get(_history(obj))
        assert response.status_code == 200, (kind, role)
        assert not _has_marker(response), (kind, role)
    for role in ("committee_member", "planner", "registrar"):
        response = as_role(role).get(_history(obj))
        assert _has_marker(response), (kind, role)


@pytest.mark.parametrize("kind", sorted(history_kinds()))
def test_no_history_page_names_a_draft_to_the_public(kind, world, as_role):
    """Every kind, as the public reaches it in the world of the security tests (drafts
    named by published records carry the marker)."""
    obj = _public_record(history_kinds()[kind])
    for role in PUBLIC_ROLES:
        response = as_role(role).get(_history(obj))
        assert response.status_code == 200, (kind, role)
        assert not _has_marker(response), (kind, role)


def test_a_published_dialogue_does_not_name_its_draft_project(world, as_role):
    dialogue = Dialogue.objects.get(project=world.draft_project, is_published=True)
    for role in PUBLIC_ROLES:
        response = as_role(role).get(_history(dialogue))
        content = response.content.decode()
        assert not _has_marker(response), role
        assert world.draft_project.diarienummer not in content, role
        assert "(not public)" in content, role
    response = as_role("planner").get(_history(dialogue))
    assert _has_marker(response)
    assert world.draft_project.diarienummer in response.content.decode()


def test_a_link_to_a_draft_is_not_named_by_a_public_history(world, as_role):
    """Many-to-many: a point of the adopted version linked to the draft project."""
    point = world.adopted_version.points.order_by("pk").first()
    point.projects.add(world.draft_project)
    point.save()  # the history keeps the links of each save
    for role in PUBLIC_ROLES:
        response = as_role(role).get(_history(point))
        assert not _has_marker(response), role
        assert "(not public)" in response.content.decode(), role
    assert _has_marker(as_role("planner").get(_history(point)))


def test_the_first_public_entry_shows_the_record_as_published(db, planner):
    project = ProjectFactory(
        is_published=False, title=f"Arbetstitel {MARKER}", summary=f"Intern {MARKER}"
    )
    project.title = "Fjällvägen"
    project.summary = "Sammanfattning"
    project.is_published = True
    project.save()
    project.title = "Fjällvägen 2"
    project.save()

    entries, more = history_entries(project, AnonymousUser())
    assert not more
    assert len(entries) == 2
    first = {c.name: (c.old, c.new) for c in entries[-1].changes}
    assert first["title"] == ("–", "Fjällvägen")
    assert first["summary"] == ("–", "Sammanfattning")
    assert all(MARKER not in c.old + c.new for e in entries for c in e.changes)
    # The roles see the drafts.
    assert len(history_entries(project, planner)[0]) == 3


def test_public_history_page_makes_the_same_queries_for_2_and_20_changes(world, client):
    """core.history's docstring: the dialogue itself (1), the rows (1), the two
    many-to-many fields (2), the related kinds named (project, municipality: 2). The public
    part and the visibility of named records add no query."""
    dialogue = Dialogue.objects.get(project=world.draft_project, is_published=True)
    projects = [world.draft_project, world.project]

    def change(count):
        for n in range(count):
            dialogue.title = f"Titel {n}"
            dialogue.project = projects[n % 2]
            dialogue.save()

    change(2)
    response = assert_constant_queries(client, _history(dialogue), lambda: change(18), expected=6)
    assert len(response.context["entries"]) == 21
    assert not _has_marker(response)
    assert Project.objects.filter(pk=world.draft_project.pk, is_published=False).exists()
