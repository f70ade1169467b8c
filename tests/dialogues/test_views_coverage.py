import pytest
from django.urls import reverse

from organisations.models import Organisation
from tests.dialogues.factories import DialogueFactory
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def names(rows):
    return [row.obj.name for row in rows]


def test_coverage_of_the_case_has_met_all_eight_municipalities(client, case):
    coverage = client.get(reverse("dialogues:coverage")).context["coverage"]
    assert len(coverage.municipalities_met) == 8
    assert coverage.municipalities_not_met == []
    assert "Länsstyrelsen Jämtlands län" in names(coverage.actors_met)
    # The funder is not a counterpart of the dialogues the record describes.
    assert "Tillväxtverket" not in names(coverage.actors_met + coverage.actors_not_met)


def test_coverage_tells_met_from_not_yet_met(client):
    project = ProjectFactory()
    met_place, met_org_place, not_met = (
        MunicipalityFactory(name="Plats"),
        MunicipalityFactory(name="Medverkande"),
        MunicipalityFactory(name="Ej mött"),
    )
    project.municipalities.set([met_place, met_org_place, not_met])
    municipal_org = OrganisationFactory(
        name="Medverkande kommun", kind=Organisation.Kind.MUNICIPALITY, municipality=met_org_place
    )
    agency = OrganisationFactory(name="Trafikverket", kind=Organisation.Kind.GOVERNMENT_AGENCY)
    boverket = OrganisationFactory(name="Boverket", kind=Organisation.Kind.GOVERNMENT_AGENCY)
    OrganisationFactory(name="Ingen motpart", kind=Organisation.Kind.GOVERNMENT_AGENCY)
    DialogueFactory(project=project, municipality=met_place).organisations.add(agency)
    DialogueFactory(project=project).organisations.add(municipal_org)
    draft_only = OrganisationFactory(name="Bara i utkast", kind=Organisation.Kind.OTHER)
    DialogueFactory(project=project, is_published=False).organisations.add(draft_only)
    project.dialogue_counterparts.set([boverket, draft_only])

    coverage = client.get(reverse("dialogues:coverage")).context["coverage"]
    assert names(coverage.municipalities_met) == ["Medverkande", "Plats"]
    assert names(coverage.municipalities_not_met) == ["Ej mött"]
    assert names(coverage.actors_met) == ["Trafikverket"]
    assert names(coverage.actors_not_met) == ["Bara i utkast", "Boverket"]


def test_coverage_can_be_limited_to_one_project(client):
    first, second = ProjectFactory(), ProjectFactory()
    place = MunicipalityFactory()
    first.municipalities.add(place)
    DialogueFactory(project=second, municipality=place)
    response = client.get(reverse("dialogues:coverage"), {"project": first.pk})
    assert names(response.context["coverage"].municipalities_not_met) == [place.name]


def test_coverage_of_a_draft_project_is_404_for_the_public(client):
    draft = ProjectFactory(is_published=False)
    assert client.get(reverse("dialogues:coverage"), {"project": draft.pk}).status_code == 404


def test_coverage_makes_the_same_queries_for_2_and_20_dialogues(client, planner):
    project = ProjectFactory()

    def make(count):
        for _ in range(count):
            municipality = MunicipalityFactory()
            project.municipalities.add(municipality)
            DialogueFactory(project=project, municipality=municipality).organisations.add(
                OrganisationFactory()
            )

    make(2)
    client.force_login(planner)
    response = assert_constant_queries(
        client, reverse("dialogues:coverage"), lambda: make(18), expected=8
    )
    assert len(response.context["coverage"].municipalities_met) == 20
