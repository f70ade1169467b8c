import pytest
from django.urls import reverse

from tests.decisions.factories import AgendaItemFactory, DocumentFactory, MeetingFactory
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.directions.factories import DirectionPointFactory
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def groups_of(response) -> dict[str, list]:
    return {g["kind"].key: list(g["results"]) for g in response.context["groups"]}


def test_search_finds_every_kind_and_groups_the_results(client, planner):
    project = ProjectFactory(title="Kollektivtrafik i länet")
    dialogue = DialogueFactory(title="Dialog om kollektivtrafik")
    insight = InsightFactory(text="Behov av bättre kollektivtrafik")
    point = DirectionPointFactory(text="Regionen vill stärka kollektivtrafik.")
    item = AgendaItemFactory(title="Plan för kollektivtrafik")
    document = DocumentFactory(title="Underlag kollektivtrafik")
    client.force_login(planner)
    response = client.get(reverse("search"), {"q": "kollektivtrafik"})
    groups = groups_of(response)
    assert groups["projects"] == [project]
    assert groups["dialogues"] == [dialogue]
    assert groups["insights"] == [insight]
    assert groups["directions"] == [point]
    assert groups["agenda_items"] == [item]
    assert groups["documents"] == [document]
    assert response.context["total"] == 6


def test_anonymous_search_finds_only_published_records(client):
    ProjectFactory(title="Hemligt vindkraftsprojekt", is_published=False)
    public = ProjectFactory(title="Öppet vindkraftsprojekt")
    AgendaItemFactory(title="Vindkraft i utkast", meeting=MeetingFactory(minutes_status="draft"))
    DirectionPointFactory(text="Vindkraft i ett utkast")
    response = client.get(reverse("search"), {"q": "vindkraftsprojekt"})
    assert groups_of(response)["projects"] == [public]
    response = client.get(reverse("search"), {"q": "utkast"})
    assert response.context["total"] == 0


def test_an_empty_query_shows_the_form_and_no_results(client):
    ProjectFactory()
    response = client.get(reverse("search"), {"q": "   "})
    assert response.status_code == 200
    assert response.context["groups"] == []


def test_search_makes_the_same_queries_for_2_and_20_hits(client, planner):
    def make(count):
        for _ in range(count):
            ProjectFactory(title="Planering av vägar")
            DialogueFactory(title="Planering av vägar")
            InsightFactory(text="Planering av vägar")

    make(2)
    client.force_login(planner)
    response = assert_constant_queries(
        client, reverse("search") + "?q=planering", lambda: make(18), expected=15
    )
    # Each insight's dialogue ("Samtal om planering.") matches too. Three kinds more than
    # before (statements of intent, proposals, decisions): one count query each.
    assert response.context["total"] == 80


# --- issue 12 §3: what search missed ---------------------------------------------------------


def test_search_finds_the_texts_of_proposals_and_decisions(client, planner):
    from tests.decisions.factories import DecisionPointFactory, ProposalPointFactory

    proposal = ProposalPointFactory(text="Nämnden godkänner projektrapporten.")
    decision = DecisionPointFactory(text="Regionala utvecklingsnämnden godkänner projektrapporten.")
    client.force_login(planner)
    response = client.get(reverse("search"), {"q": "godkänner projektrapporten"})
    groups = groups_of(response)
    assert groups["proposal_points"] == [proposal]
    assert groups["decision_points"] == [decision]
    assert f"#forslag-{proposal.number}" in response.content.decode()


def test_search_finds_the_title_of_a_statement_of_intent(client, planner):
    from tests.directions.factories import DirectionFactory

    direction = DirectionFactory(title="Viljeinriktning för strategisk planering")
    client.force_login(planner)
    response = client.get(reverse("search"), {"q": "viljeinriktning"})
    assert groups_of(response)["direction_titles"] == [direction]


@pytest.mark.parametrize("query", ["östersund", "ÖSTERSUND", "Östersund"])
def test_search_is_case_consistent_for_swedish_letters(client, planner, query):
    dialogue = DialogueFactory(title="Dialog med Östersunds kommun om Åre och Älvdalen")
    client.force_login(planner)
    response = client.get(reverse("search"), {"q": query})
    assert groups_of(response)["dialogues"] == [dialogue]


@pytest.mark.parametrize("query", ["åre", "ÅRE", "älvdalen"])
def test_search_folds_å_ä_ö_at_the_start_of_a_word(client, planner, query):
    dialogue = DialogueFactory(title="Dialog med Östersunds kommun om Åre och Älvdalen")
    client.force_login(planner)
    response = client.get(reverse("search"), {"q": query})
    assert groups_of(response)["dialogues"] == [dialogue]


def test_the_api_search_filter_folds_swedish_letters_too(client, planner):
    dialogue = DialogueFactory(title="Dialog med Östersunds kommun", is_published=True)
    client.force_login(planner)
    response = client.get("/api/v1/dialogues/", {"search": "östersunds"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [dialogue.pk]
