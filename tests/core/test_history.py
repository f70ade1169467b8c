import pytest
from django.urls import reverse

from core.history import history_entries
from core.models import record_version
from tests.dialogues.factories import DialogueFactory, ThemeFactory
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_history_shows_who_changed_which_field_from_what_to_what(client, planner):
    client.force_login(planner)
    project = ProjectFactory(title="Före", status="planned")
    client.post(
        reverse("projects:edit", args=[project.pk]),
        {
            **_project_data(project),
            "title": "Efter",
            "status": "ongoing",
        },
    )
    entries, more = history_entries(project, planner)
    assert not more
    newest = entries[0]
    assert newest.user == "Pia Planerare"
    assert newest.type_label == "Changed"
    changes = {c.label: (c.old, c.new) for c in newest.changes}
    assert changes["title"] == ("Före", "Efter")
    assert changes["status"] == ("Planned", "Ongoing")
    assert entries[-1].type_label == "Created"


def _project_data(project):
    return {
        "diarienummer": project.diarienummer,
        "title": project.title,
        "status": project.status,
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "summary": project.summary,
        "is_published": "on",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "funding-TOTAL_FORMS": "0",
        "funding-INITIAL_FORMS": "0",
        "record_version": record_version(project),
    }


def test_related_records_and_links_are_shown_by_name():
    dialogue = DialogueFactory()
    organisation = OrganisationFactory(name="Trafikverket")
    dialogue.organisations.add(organisation)
    dialogue.themes.add(ThemeFactory(name="Infrastruktur"))
    municipality = MunicipalityFactory(name="Krokom")
    dialogue.municipality = municipality
    dialogue.save()
    entries, _more = history_entries(dialogue, None)
    all_changes = {c.label: c.new for e in entries for c in e.changes}
    assert all_changes["municipality"] == "Krokom"
    assert all_changes["participating organisations"] == "Trafikverket"
    assert all_changes["themes"] == "Infrastruktur"


def test_the_public_sees_that_staff_changed_a_record_but_not_who(client, planner):
    project = ProjectFactory()
    client.force_login(planner)
    client.post(
        reverse("projects:edit", args=[project.pk]), _project_data(project) | {"title": "Ny"}
    )
    client.logout()
    content = client.get(reverse("history", args=["projekt", project.pk])).content.decode()
    assert "A member of staff" in content
    assert "Pia Planerare" not in content


def test_history_page_makes_the_same_queries_for_2_and_20_changes(client, planner):
    project = ProjectFactory()
    project.municipalities.add(MunicipalityFactory())

    def change(count):
        for n in range(count):
            project.title = f"Titel {n}"
            project.owner = OrganisationFactory()
            project.save()

    change(2)
    client.force_login(planner)
    response = assert_constant_queries(
        client, reverse("history", args=["projekt", project.pk]), lambda: change(18), expected=9
    )
    assert len(response.context["entries"]) == 22


def test_history_of_a_draft_is_hidden_from_the_public(client):
    draft = ProjectFactory(is_published=False)
    assert client.get(reverse("history", args=["projekt", draft.pk])).status_code == 404
