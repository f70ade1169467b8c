"""The write-path framework (core.services, core.admin.PortalAdmin): claiming a version,
the race for it, and the admin's version check and revert through the services."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from core.models import record_version
from core.services import EditConflict, claim_version, services_for
from dialogues.models import Dialogue, Theme
from dialogues.services import DIALOGUE, dialogue_update
from tests.dialogues.factories import DialogueFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_claiming_the_current_version_wins_and_moves_the_version():
    dialogue = DialogueFactory()
    version = record_version(dialogue)
    claim_version(dialogue, version)
    assert record_version(Dialogue.objects.get(pk=dialogue.pk)) != version


@pytest.mark.parametrize("stale", ["old", "", "not a version", None])
def test_claiming_another_version_loses_and_changes_nothing(stale):
    dialogue = DialogueFactory()
    current = record_version(dialogue)
    version = "2020-01-01T00:00:00+00:00" if stale == "old" else stale
    with pytest.raises(EditConflict) as conflict:
        claim_version(dialogue, version)
    assert conflict.value.record == dialogue
    assert record_version(Dialogue.objects.get(pk=dialogue.pk)) == current


def test_a_record_without_a_version_is_claimed_without_one():
    theme = ThemeFactory()
    claim_version(theme, None)  # a theme has no ``modified``: only the row lock


def test_services_are_found_by_their_model():
    assert services_for(Dialogue) is DIALOGUE
    assert services_for(type("Unregistered", (), {})) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: PostgreSQL")
def test_two_simultaneous_service_calls_with_one_version_cannot_both_pass():
    """Two threads (two connections) call the service with the same version at the same
    moment: whatever the interleaving, exactly one saves, the other gets EditConflict."""
    dialogue = DialogueFactory()
    version = record_version(dialogue)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def save(title: str) -> None:
        try:
            instance = Dialogue.objects.get(pk=dialogue.pk)
            barrier.wait()
            try:
                dialogue_update(dialogue=instance, data={"title": title}, version=version)
                results[title] = "saved"
            except EditConflict:
                results[title] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["conflict", "saved"]
    [winner] = [title for title, result in results.items() if result == "saved"]
    dialogue.refresh_from_db()
    assert dialogue.title == winner


def _admin_change_data(dialogue, **changes) -> dict:
    return {
        "project": dialogue.project_id,
        "title": dialogue.title,
        "date": dialogue.date.isoformat(),
        "format": dialogue.format,
        "scope": dialogue.scope,
        "summary": dialogue.summary,
        "is_published": "on",
        "insights-TOTAL_FORMS": "0",
        "insights-INITIAL_FORMS": "0",
        **changes,
    }


def test_the_admin_refuses_a_save_over_a_changed_version_and_keeps_the_input(admin_client):
    dialogue = DialogueFactory(title="Före")
    version = record_version(dialogue)
    dialogue_update(dialogue=dialogue, data={"title": "Den andras"}, version=version)
    url = reverse("admin:dialogues_dialogue_change", args=[dialogue.pk])
    response = admin_client.post(
        url, _admin_change_data(dialogue, title="Min titel", record_version=version)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record" in page
    assert 'value="Min titel"' in page
    dialogue.refresh_from_db()
    assert dialogue.title == "Den andras"


def test_the_admin_without_a_version_saves_nothing(admin_client):
    dialogue = DialogueFactory(title="Före")
    url = reverse("admin:dialogues_dialogue_change", args=[dialogue.pk])
    response = admin_client.post(url, _admin_change_data(dialogue, title="Min titel"))
    assert response.status_code == 200
    dialogue.refresh_from_db()
    assert dialogue.title == "Före"


def test_the_admin_saves_through_the_service(admin_client):
    dialogue = DialogueFactory(title="Före")
    url = reverse("admin:dialogues_dialogue_change", args=[dialogue.pk])
    response = admin_client.post(
        url,
        _admin_change_data(dialogue, title="Efter", record_version=record_version(dialogue)),
    )
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.title == "Efter"
    assert dialogue.history.first().history_change_reason == "Admin"


def test_the_admin_reverts_through_the_service_on_the_stored_version(admin_client):
    dialogue = DialogueFactory(title="Gammal")
    dialogue_update(dialogue=dialogue, data={"title": "Ny"}, version=record_version(dialogue))
    old = dialogue.history.get(title="Gammal")
    url = reverse("admin:dialogues_dialogue_simple_history", args=[dialogue.pk, old.history_id])
    stale = old.modified.isoformat()
    response = admin_client.post(
        url, _admin_change_data(dialogue, title="Gammal", record_version=stale)
    )
    assert response.status_code == 200
    dialogue.refresh_from_db()
    assert dialogue.title == "Ny"
    response = admin_client.post(
        url,
        _admin_change_data(dialogue, title="Gammal", record_version=record_version(dialogue)),
    )
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.title == "Gammal"
    assert dialogue.history.first().history_change_reason == "Admin"


def test_the_admin_changes_a_theme_which_has_no_version(admin_client):
    theme = ThemeFactory(name="Före", slug="fore")
    url = reverse("admin:dialogues_theme_change", args=[theme.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"name": "Efter", "slug": "efter"})
    assert response.status_code == 302
    assert Theme.objects.get(pk=theme.pk).name == "Efter"


def test_the_admin_deletes_a_theme_which_has_no_version(admin_client):
    theme = ThemeFactory(name="Borta", slug="borta")
    url = reverse("admin:dialogues_theme_delete", args=[theme.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()
