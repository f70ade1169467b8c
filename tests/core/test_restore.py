"""Deleted records are restored from the history by an admin: same id and fields, their
links, and the records their deletion took along."""

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.urls import reverse

from core.apps import portal_app_labels
from core.history import deleted_records, history_entries
from core.models import record_version
from dialogues.models import Dialogue, Insight
from directions.models import DirectionPoint
from projects.models import Milestone, Project
from tests.api.builders import adopted_version
from tests.dialogues.factories import DialogueFactory, InsightFactory, ThemeFactory
from tests.directions.factories import DirectionPointFactory, DirectionVersionFactory
from tests.organisations.factories import OrganisationFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

OSTERSUND = GEOSGeometry(json.dumps({"type": "Point", "coordinates": [14.6357, 63.1792]}), 4326)


def _fields(obj) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in {"location", "modified"}  # the restore is a new version
    }


def test_admin_deletes_a_dialogue_and_restores_it_with_its_links_and_insights(
    admin_client, admin_user
):
    dialogue = DialogueFactory(
        title="Dialog med Trafikverket",
        summary="Om stråk.",
        location=OSTERSUND.transform(3006, clone=True),
    )
    dialogue.organisations.add(OrganisationFactory(name="Trafikverket"))
    dialogue.themes.add(ThemeFactory(name="Infrastruktur"))
    insights = [InsightFactory(dialogue=dialogue), InsightFactory(dialogue=dialogue)]
    dialogue.refresh_from_db()
    before = _fields(dialogue)
    location = dialogue.location

    response = admin_client.post(
        reverse("admin:dialogues_dialogue_delete", args=[dialogue.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Dialogue.objects.exists() and not Insight.objects.exists()

    listing = admin_client.get(reverse("admin:dialogues_dialogue_recoverlist"))
    assert "Dialog med Trafikverket" in listing.content.decode()
    entry = deleted_records(Dialogue).get()
    confirm = reverse("admin:dialogues_dialogue_recover", args=[entry.history_id])
    assert admin_client.get(confirm).status_code == 200
    response = admin_client.post(confirm)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:dialogues_dialogue_change", args=[dialogue.pk])

    restored = Dialogue.objects.get(pk=dialogue.pk)
    assert _fields(restored) == before
    assert restored.location.equals_exact(location, tolerance=1e-6)
    assert [o.name for o in restored.organisations.all()] == ["Trafikverket"]
    assert [t.name for t in restored.themes.all()] == ["Infrastruktur"]
    assert sorted(restored.insights.values_list("pk", flat=True)) == sorted(i.pk for i in insights)
    newest = history_entries(restored, admin_user)[0][0]
    assert newest.reason == "Restored from history"
    assert not deleted_records(Dialogue).exists()


def test_a_project_comes_back_with_its_milestones(admin_client):
    project = ProjectFactory(title="Regional plan")
    Milestone.objects.create(project=project, title="Samråd")
    admin_client.post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"})
    entry = deleted_records(Project).get()
    admin_client.post(reverse("admin:projects_project_recover", args=[entry.history_id]))
    restored = Project.objects.get(pk=project.pk)
    assert restored.title == "Regional plan"
    assert [m.title for m in restored.milestones.all()] == ["Samråd"]


def test_a_record_deleted_twice_is_restored_once(admin_client):
    dialogue = DialogueFactory()
    pk = dialogue.pk
    dialogue.delete()
    entry = deleted_records(Dialogue).get()
    url = reverse("admin:dialogues_dialogue_recover", args=[entry.history_id])
    admin_client.post(url)
    assert Dialogue.objects.filter(pk=pk).exists()
    # The deletion entry no longer lists a deleted record: restoring again is a 404.
    assert admin_client.post(url).status_code == 404


def test_restoring_is_for_admins(client, planner):
    dialogue = DialogueFactory()
    dialogue.delete()
    entry = deleted_records(Dialogue).get()
    client.force_login(planner)
    response = client.post(reverse("admin:dialogues_dialogue_recover", args=[entry.history_id]))
    assert response.status_code == 302  # to the admin's login: planners are not staff
    assert not Dialogue.objects.exists()


PORTAL_APPS = portal_app_labels()


def test_every_portal_model_in_the_admin_keeps_history_and_lists_its_deleted_records(
    admin_client,
):
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    from core.history import has_history

    registered = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PORTAL_APPS
    ]
    assert len(registered) > 10
    for model, model_admin in registered:
        assert isinstance(model_admin, SimpleHistoryAdmin), model
        assert has_history(model), model
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist")
        assert admin_client.get(url).status_code == 200, model


def test_admin_reverts_a_draft_record_to_an_old_version(admin_client):
    from places.models import County

    county = County.objects.create(code="99", name="Gammalt län")
    county.name = "Nytt län"
    county.save()
    old = county.history.get(name="Gammalt län")
    url = reverse("admin:places_county_simple_history", args=[county.pk, old.history_id])
    assert admin_client.get(url).status_code == 200
    # Reverting is a save: it names the stored version it replaces.
    response = admin_client.post(
        url, {"code": "99", "name": "Gammalt län", "record_version": record_version(county)}
    )
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.name == "Gammalt län"


def _delete_in_admin(admin_client, record):
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[record.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302


def _restore_in_admin(admin_client, model, pk):
    deleted = deleted_records(model).get(id=pk)
    opts = model._meta
    return admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[deleted.history_id]),
        follow=True,
    )


def test_a_restored_insight_supports_its_points_again(admin_client):
    """Issue 13, High 2: the links of points to a deleted insight come back with it."""
    insight = InsightFactory()
    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"))
    point.insights.add(insight)
    _delete_in_admin(admin_client, insight)
    assert not point.insights.exists()

    response = _restore_in_admin(admin_client, Insight, insight.pk)
    assert response.status_code == 200
    assert list(point.insights.all()) == [Insight.objects.get(pk=insight.pk)]
    # The point's history says the link came back, and by whom.
    newest = point.history.order_by("-history_date", "-history_id").first()
    assert newest.history_change_reason == "Restored from history"


def test_an_insight_unlinked_before_its_deletion_comes_back_unlinked(admin_client):
    insight = InsightFactory()
    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"))
    point.insights.add(insight)
    point.insights.remove(insight)
    _delete_in_admin(admin_client, insight)
    _restore_in_admin(admin_client, Insight, insight.pk)
    assert Insight.objects.filter(pk=insight.pk).exists()
    assert not point.insights.exists()


def test_an_insight_whose_point_was_adopted_since_is_not_restored(admin_client):
    """Its link would change the adopted version: refused with a message, nothing changes."""
    insight = InsightFactory()
    version = DirectionVersionFactory(status="draft")
    point = DirectionPointFactory(version=version)
    point.insights.add(insight)
    _delete_in_admin(admin_client, insight)
    adopted = adopted_version(direction=version.direction, number=version.number + 1)
    DirectionPoint.objects.filter(pk=point.pk).update(version=adopted)

    response = _restore_in_admin(admin_client, Insight, insight.pk)
    assert response.status_code == 200
    assert "is not restored" in response.content.decode()
    assert not Insight.objects.filter(pk=insight.pk).exists()
    assert not point.insights.exists()
