import datetime

import pytest
from django.urls import reverse

from dialogues.models import Insight
from tests.dialogues.factories import DialogueFactory, InsightFactory, ThemeFactory
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def make_dialogues(count):
    project = ProjectFactory()
    organisations = [OrganisationFactory(), OrganisationFactory()]
    theme = ThemeFactory()
    municipality = MunicipalityFactory()
    for _ in range(count):
        dialogue = DialogueFactory(project=project, municipality=municipality)
        dialogue.organisations.set(organisations)
        dialogue.themes.add(theme)
        InsightFactory(dialogue=dialogue)
        InsightFactory(dialogue=dialogue, kind=Insight.Kind.DEMAND)


def test_dialogue_list_makes_the_same_queries_for_2_and_20_dialogues(client, planner):
    client.force_login(planner)
    make_dialogues(2)
    response = assert_constant_queries(
        client, reverse("dialogues:list"), lambda: make_dialogues(18), expected=10
    )
    assert response.context["page_obj"].paginator.count == 20
    assert response.context["page_obj"][0].insight_count == 2


def test_filtered_and_sorted_dialogue_list_keeps_its_query_count(client, planner):
    client.force_login(planner)
    make_dialogues(2)
    url = reverse("dialogues:list") + "?kind=demand&sort=municipality&date_from=2026-01-01"
    response = assert_constant_queries(client, url, lambda: make_dialogues(18), expected=10)
    assert response.context["page_obj"].paginator.count == 20


def test_dialogues_filter_by_municipality_organisation_kind_theme_and_period(client):
    municipality, organisation, theme = MunicipalityFactory(), OrganisationFactory(), ThemeFactory()
    wanted = DialogueFactory(municipality=municipality, date=datetime.date(2026, 3, 1))
    wanted.organisations.add(organisation)
    wanted.themes.add(theme)
    InsightFactory(dialogue=wanted, kind=Insight.Kind.PRECONDITION)
    other = DialogueFactory(municipality=municipality, date=datetime.date(2026, 3, 1))
    other.organisations.add(organisation)
    InsightFactory(dialogue=other, kind=Insight.Kind.NEED)
    DialogueFactory(date=datetime.date(2025, 1, 1))

    def found(**query):
        response = client.get(reverse("dialogues:list"), query)
        return set(response.context["page_obj"])

    assert found(municipality=municipality.pk) == {wanted, other}
    assert found(organisation=organisation.pk, kind="precondition") == {wanted}
    assert found(theme=theme.pk) == {wanted}
    assert found(date_from="2026-01-01", date_until="2026-12-31") == {wanted, other}


def test_dialogues_sort_undated_last_and_by_title(client):
    undated = DialogueFactory(title="A utan datum", date=None)
    old = DialogueFactory(title="B gammal", date=datetime.date(2025, 1, 1))
    new = DialogueFactory(title="C ny", date=datetime.date(2026, 1, 1))

    def order(sort):
        return list(client.get(reverse("dialogues:list"), {"sort": sort}).context["page_obj"])

    assert order("date_desc") == [new, old, undated]
    assert order("date_asc") == [old, new, undated]
    assert order("title") == [undated, old, new]


def test_anonymous_does_not_see_draft_dialogues(client):
    DialogueFactory(title="Utkast", is_published=False)
    assert client.get(reverse("dialogues:list")).context["page_obj"].paginator.count == 0
