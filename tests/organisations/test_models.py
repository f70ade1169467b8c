import pytest
from django.db import IntegrityError, transaction

from organisations.models import Organisation
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_a_municipality_organisation_must_name_its_municipality():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=None)


def test_only_a_municipality_organisation_names_a_municipality():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(
            kind=Organisation.Kind.GOVERNMENT_AGENCY, municipality=MunicipalityFactory()
        )


def test_a_municipality_has_one_organisation():
    municipality = MunicipalityFactory()
    OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=municipality)


def test_organisation_names_are_unique():
    OrganisationFactory(name="Tillväxtverket")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name="Tillväxtverket")


def test_an_organisation_is_not_its_own_parent():
    organisation = OrganisationFactory()
    organisation.parent_id = organisation.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        organisation.save()
