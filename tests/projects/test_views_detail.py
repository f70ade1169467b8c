import datetime

import pytest
from django.urls import reverse

from tests.decisions.factories import AgendaItemFactory, DecisionPointFactory, MeetingFactory
from tests.dialogues.factories import DialogueFactory
from tests.projects.factories import MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_timeline_merges_milestones_dialogues_meetings_and_decisions_in_date_order(client):
    project = ProjectFactory(start_date=None, end_date=None)
    MilestoneFactory(project=project, title="Rapport", planned_date=datetime.date(2026, 4, 1))
    DialogueFactory(project=project, title="Dialog i mars", date=datetime.date(2026, 3, 1))
    DialogueFactory(project=project, title="Dialog utan datum", date=None)
    info = AgendaItemFactory(
        project=project,
        kind="information",
        meeting=MeetingFactory(date=datetime.date(2026, 2, 1), minutes_status="published"),
    )
    decision = AgendaItemFactory(
        project=project,
        outcome="as_proposed",
        meeting=MeetingFactory(date=datetime.date(2026, 5, 1), minutes_status="published"),
    )
    DecisionPointFactory(agenda_item=decision)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    timeline = response.context["timeline"]
    assert [(e.date, e.kind) for e in timeline] == [
        (datetime.date(2026, 2, 1), "meeting"),
        (datetime.date(2026, 3, 1), "dialogue"),
        (datetime.date(2026, 4, 1), "milestone"),
        (datetime.date(2026, 5, 1), "decision"),
    ]
    assert timeline[0].url == info.get_absolute_url()
    assert [e.title for e in response.context["undated"]] == ["Dialog utan datum"]
    assert "date not recorded" in response.content.decode()


def test_the_public_timeline_leaves_out_drafts(client):
    project = ProjectFactory()
    DialogueFactory(project=project, is_published=False, title="Utkast")
    AgendaItemFactory(project=project, meeting=MeetingFactory(minutes_status="draft"))
    response = client.get(reverse("projects:detail", args=[project.pk]))
    kinds = [e.kind for e in response.context["timeline"] + response.context["undated"]]
    assert kinds == ["period", "period"]


def test_case_project_page_shows_period_funding_documents_and_scope(client, case, swedish):
    response = client.get(reverse("projects:detail", args=[case.pk]))
    content = response.content.decode()
    # The record says "januari-maj 2025": months, and no day it does not name.
    assert "januari–maj 2025" in content
    assert "1 januari 2025" not in content and "31 maj 2025" not in content
    assert not [e for e in response.context["timeline"] if e.kind == "period"]
    assert "Tillväxtverket" in content
    assert "Statliga medel för regionala utvecklingsåtgärder (anslag 1:1)" in content
    assert "uppgift saknas" in content  # amounts the record does not give
    assert "Projektrapport Strategisk planering" in content
    assert len(response.context["municipalities"]) == 8
    assert response.context["has_geometry"]


def test_case_project_page_lists_the_beslutsunderlag_in_the_records_order(client, case):
    response = client.get(reverse("projects:detail", args=[case.pk]))
    titles = [document.title.split()[0] for document in response.context["documents"]]
    assert titles == ["Tjänsteskrivelse", "Projektrapport", "Delegationsbeslut"]
    content = response.content.decode()
    positions = [content.index(f">{title}") for title in titles]
    assert positions == sorted(positions)


def project_form_data(**overrides):
    data = {
        "diarienummer": "run / 0012 / 2026",
        "title": "Ny regional plan",
        "status": "planned",
        "start_date": "2026-02-01",
        "end_date": "2026-12-31",
        "summary": "Sammanfattning.",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Samråd",
        "milestones-0-planned_date": "2026-06-01",
        "funding-TOTAL_FORMS": "1",
        "funding-INITIAL_FORMS": "0",
        "funding-0-kind": "grant",
        "funding-0-programme": "Anslag 1:1",
        "funding-0-amount": "250000",
    }
    return data | overrides


def test_planner_creates_a_project_with_a_milestone_and_funding(client, planner):
    client.force_login(planner)
    response = client.post(reverse("projects:create"), project_form_data(), follow=True)
    project = response.context["project"]
    project.refresh_from_db()
    assert project.diarienummer == "RUN/12/2026"
    assert [m.title for m in project.milestones.all()] == ["Samråd"]
    assert project.funding_lines.get().amount == 250000
    assert "was created" in response.content.decode()


def test_a_project_that_ends_before_it_starts_is_refused_next_to_the_field(client, planner):
    client.force_login(planner)
    response = client.post(
        reverse("projects:create"), project_form_data(end_date="2026-01-01", title="Behåll mig")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "A project cannot end before it starts." in content
    assert 'value="Behåll mig"' in content
    assert not response.context["project"].pk


def test_committee_member_may_not_edit_a_project(client, committee_member):
    project = ProjectFactory(title="Orört")
    client.force_login(committee_member)
    response = client.post(
        reverse("projects:edit", args=[project.pk]), project_form_data(title="Ändrat")
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title == "Orört"


def test_anonymous_visitors_are_sent_to_log_in_before_editing(client):
    project = ProjectFactory()
    response = client.get(reverse("projects:edit", args=[project.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_project_page_makes_the_same_queries_for_2_and_20_of_each_part(client, planner):
    from decisions.models import AgendaItemDocument
    from tests.decisions.factories import DocumentFactory
    from tests.dialogues.factories import InsightFactory
    from tests.places.factories import MunicipalityFactory
    from tests.projects.factories import FundingLineFactory
    from tests.querycount import assert_constant_queries

    project = ProjectFactory()

    def add_parts(count):
        for _ in range(count):
            MilestoneFactory(project=project)
            FundingLineFactory(project=project)
            DialogueFactory(project=project)
            InsightFactory(dialogue=None, project=project)
            project.municipalities.add(MunicipalityFactory())
            item = AgendaItemFactory(project=project)
            DecisionPointFactory(agenda_item=item)
            document = DocumentFactory(project=project)
            AgendaItemDocument.objects.create(agenda_item=item, document=document)

    add_parts(2)
    client.force_login(planner)
    response = assert_constant_queries(
        client, reverse("projects:detail", args=[project.pk]), lambda: add_parts(18), expected=16
    )
    assert len(response.context["timeline"]) == 2 + 20 + 20 + 20


def test_funding_takes_a_swedish_amount_whatever_the_browser(client, planner):
    """Issue 12 §3: "1 500 000,50" became 150 000 050 kr through ``type=number``."""
    client.force_login(planner)
    response = client.post(
        reverse("projects:create"),
        project_form_data(**{"funding-0-amount": "1 500 000,50"}),
        follow=True,
    )
    project = response.context["project"]
    assert str(project.funding_lines.get().amount) == "1500000.50"


def test_an_ambiguous_amount_is_refused_next_to_the_field(client, planner):
    client.force_login(planner)
    response = client.post(
        reverse("projects:create"), project_form_data(**{"funding-0-amount": "1.500"})
    )
    assert response.status_code == 200
    assert "is ambiguous" in response.content.decode()
    assert not response.context["project"].pk


def test_the_project_page_shows_the_total_of_its_funding(client):
    from tests.projects.factories import FundingLineFactory

    project = ProjectFactory()
    FundingLineFactory(project=project, amount=1_000_000)
    FundingLineFactory(project=project, amount=500_000)
    FundingLineFactory(project=project, amount=None)
    response = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["funding_total"] == 1_500_000
    assert response.context["funding_unrecorded"] == 1
    assert "data-funding-total" in response.content.decode()
