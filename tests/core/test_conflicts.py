"""Concurrent edits on the pages: every edit form carries the record's version; a save over a
version that changed meanwhile saves nothing, answers 409 with the user's input kept and what
changed (by whom, when), and the next save is deliberate."""

import json
import threading
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from core import roles
from core.formtools import VERSION_FIELD
from core.models import record_version
from tests.decisions.factories import AgendaItemFactory, MeetingFactory
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.directions.factories import DirectionPointFactory, DirectionVersionFactory
from tests.places.factories import PlanningAreaFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[14.6, 63.15], [14.7, 63.15], [14.7, 63.25], [14.6, 63.25], [14.6, 63.15]]],
}


def _empty_formset(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


@dataclass
class Kind:
    """One kind of edit form: how to make a record, its edit URL, valid data with the
    edited text field set to ``value``, and that field's name."""

    name: str
    make: Any
    url: str
    data: Any
    field: str = "title"


KINDS = [
    Kind(
        "project",
        lambda: ProjectFactory(),
        "projects:edit",
        lambda obj, value: {
            "diarienummer": obj.diarienummer,
            "title": value,
            "status": obj.status,
            "start_date": "2026-02-01",
            "end_date": "2026-12-31",
            "summary": "Sammanfattning.",
            **_empty_formset("milestones"),
            **_empty_formset("funding"),
        },
    ),
    Kind(
        "dialogue",
        lambda: DialogueFactory(),
        "dialogues:edit",
        lambda obj, value: {
            "project": obj.project_id,
            "title": value,
            "date": "2026-03-12",
            "format": "meeting",
            "scope": "external",
            "summary": "Om stråk.",
        },
    ),
    Kind(
        "insight",
        lambda: InsightFactory(),
        "dialogues:insight_edit",
        lambda obj, value: {
            "kind": "need",
            "text": value,
            "position": 1,
            "follow_up_status": "open",
        },
        field="text",
    ),
    Kind(
        "direction point",
        lambda: DirectionPointFactory(version=DirectionVersionFactory(status="draft")),
        "directions:point_edit",
        lambda obj, value: {"text": value},
        field="text",
    ),
    Kind(
        "planning area",
        lambda: PlanningAreaFactory(),
        "maps:planning_area_edit",
        lambda obj, value: {
            "name": value,
            "kind": "infrastructure",
            "description": "Ett stråk.",
            "geometry": json.dumps(SQUARE),
        },
        field="name",
    ),
    Kind(
        "meeting",
        lambda: MeetingFactory(),
        "decisions:meeting_edit",
        lambda obj, value: {
            "committee": obj.committee_id,
            "date": obj.date.isoformat(),
            "kind": "session",
            "location": value,
        },
        field="location",
    ),
    Kind(
        "agenda item",
        lambda: AgendaItemFactory(),
        "decisions:agenda_item_edit",
        lambda obj, value: {
            "number": obj.number,
            "position": 1,
            "title": value,
            "kind": obj.kind,
            **_empty_formset("proposal"),
            **_empty_formset("decision"),
        },
    ),
]


@pytest.fixture
def other_planner(django_user_model):
    user = django_user_model.objects.create_user(
        username="planner2", password="x", first_name="Olle", last_name="Andersson"
    )
    user.groups.add(Group.objects.get_or_create(name=roles.PLANNER)[0])
    return user


def _version_on_page(response) -> str:
    return response.context["form"][VERSION_FIELD].value()


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_the_second_save_gets_a_conflict_that_keeps_its_input(client, planner, other_planner, kind):
    record = kind.make()
    url = reverse(kind.url, args=[record.pk])
    client.force_login(planner)
    version = _version_on_page(client.get(url))
    assert version == record_version(record)

    # Another planner opens the same form and saves first.
    from django.test import Client

    other = Client()
    other.force_login(other_planner)
    theirs = other.post(url, kind.data(record, "Deras ändring") | {VERSION_FIELD: version})
    assert theirs.status_code == 302

    mine = client.post(url, kind.data(record, "Min ändring") | {VERSION_FIELD: version})

    assert mine.status_code == 409
    record.refresh_from_db()
    assert getattr(record, kind.field) == "Deras ändring"  # nothing of mine was saved
    form = mine.context["form"]
    assert form[kind.field].value() == "Min ändring"  # my input is kept in the form
    rows = {row.label: row for row in form.conflict.rows}
    label = str(type(record)._meta.get_field(kind.field).verbose_name)
    assert rows[label].yours == "Min ändring"
    assert rows[label].current == "Deras ändring"
    assert rows[label].changed_by == "Olle Andersson"
    content = mine.content.decode()
    assert "Someone else changed this record" in content
    assert "Olle Andersson" in content
    # The form now carries the current version: saving again is deliberate, and wins.
    assert _version_on_page(mine) == record_version(record)
    again = client.post(
        url, kind.data(record, "Min ändring") | {VERSION_FIELD: _version_on_page(mine)}
    )
    assert again.status_code == 302
    record.refresh_from_db()
    assert getattr(record, kind.field) == "Min ändring"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_save_without_the_version_is_a_conflict_and_changes_nothing(client, planner, kind):
    record = kind.make()
    before = getattr(record, kind.field)
    client.force_login(planner)
    url = reverse(kind.url, args=[record.pk])
    for version in (None, "not a version", "2026-01-01T10:00:00"):  # missing, junk, naive
        data = kind.data(record, "Blind ändring")
        if version is not None:
            data[VERSION_FIELD] = version
        response = client.post(url, data)
        assert response.status_code == 409
        assert response.context["form"][kind.field].value() == "Blind ändring"
        record.refresh_from_db()
        assert getattr(record, kind.field) == before


def test_the_conflict_lists_the_fields_others_changed_and_not_mine(client, planner, other_planner):
    from tests.organisations.factories import OrganisationFactory

    dialogue = DialogueFactory(summary="Gammal")
    url = reverse("dialogues:edit", args=[dialogue.pk])
    client.force_login(planner)
    version = _version_on_page(client.get(url))
    # Someone else changes the summary and the organisations through the model.
    organisation = OrganisationFactory(name="Trafikverket")
    dialogue.summary = "Deras sammanfattning"
    dialogue._history_user = other_planner
    dialogue.save()
    dialogue.organisations.add(organisation)

    kind = KINDS[1]
    response = client.post(
        url, kind.data(dialogue, "Min rubrik") | {"summary": "Gammal", VERSION_FIELD: version}
    )
    assert response.status_code == 409
    rows = {row.label: row for row in response.context["form"].conflict.rows}
    assert set(rows) == {"summary", "participating organisations"}
    assert rows["summary"].current == "Deras sammanfattning"
    assert rows["summary"].yours == "Gammal"
    assert rows["participating organisations"].current == "Trafikverket"
    assert rows["participating organisations"].yours == "–"
    assert rows["summary"].changed_by == "Olle Andersson"


def test_a_record_deleted_meanwhile_answers_404(client, planner):
    dialogue = DialogueFactory()
    url = reverse("dialogues:edit", args=[dialogue.pk])
    client.force_login(planner)
    version = _version_on_page(client.get(url))
    data = KINDS[1].data(dialogue, "Sent") | {VERSION_FIELD: version}
    dialogue.delete()
    assert client.post(url, data).status_code == 404


def test_creating_needs_no_version(client, planner):
    dialogue = DialogueFactory()
    client.force_login(planner)
    response = client.post(reverse("dialogues:create"), KINDS[1].data(dialogue, "Ny"))
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: PostgreSQL")
def test_two_simultaneous_saves_with_one_version_cannot_both_pass(planner):
    """Two threads (two connections) save forms loaded on the same version at the same
    moment: whatever the interleaving, exactly one saves and the other gets the conflict."""
    from core.services import EditConflict
    from dialogues.forms import DialogueForm
    from dialogues.services import dialogue_update

    dialogue = DialogueFactory()
    version = record_version(dialogue)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def save(text: str) -> None:
        try:
            from dialogues.models import Dialogue

            instance = Dialogue.objects.get(pk=dialogue.pk)
            form = DialogueForm(
                KINDS[1].data(dialogue, text) | {VERSION_FIELD: version}, instance=instance
            )
            assert form.is_valid(), form.errors
            barrier.wait()
            try:
                results[text] = dialogue_update(
                    dialogue=instance, data=form.cleaned_data, version=form.version
                )
            except EditConflict:
                results[text] = None
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [text for text, result in results.items() if result is not None]
    assert len(results) == 2 and len(saved) == 1
    dialogue.refresh_from_db()
    assert dialogue.title == saved[0]


def test_linking_an_insight_meanwhile_is_a_change_the_point_form_notices(client, planner):
    from directions.services import direction_point_link_insight

    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"))
    url = reverse("directions:point_edit", args=[point.pk])
    client.force_login(planner)
    version = _version_on_page(client.get(url))
    insight = InsightFactory()
    direction_point_link_insight(point=point, insight=insight)

    response = client.post(url, {"text": "Ny text", VERSION_FIELD: version})
    assert response.status_code == 409
    assert list(point.insights.all()) == [insight]  # the link was not saved away
