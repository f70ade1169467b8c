import pytest
from django.urls import reverse

from organisations.models import Organisation
from tests.dialogues.factories import DialogueFactory
from tests.organisations.factories import OrganisationFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def make_organisations(count):
    parent = OrganisationFactory()
    for _ in range(count):
        organisation = OrganisationFactory(parent=parent)
        DialogueFactory().organisations.add(organisation)


def test_organisations_make_the_same_queries_for_2_and_20_organisations(client, planner):
    client.force_login(planner)
    make_organisations(2)
    response = assert_constant_queries(
        client, reverse("organisations:list"), lambda: make_organisations(18), expected=5
    )
    assert response.context["page_obj"].paginator.count == 22


def test_organisations_filter_by_kind(client):
    OrganisationFactory(name="Trafikverket", kind=Organisation.Kind.GOVERNMENT_AGENCY)
    OrganisationFactory(name="Föreningen", kind=Organisation.Kind.OTHER)
    response = client.get(reverse("organisations:list"), {"kind": "government_agency"})
    assert [o.name for o in response.context["page_obj"]] == ["Trafikverket"]
