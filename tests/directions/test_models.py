import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from directions.models import DirectionVersion
from tests.decisions.factories import DecisionPointFactory
from tests.directions.factories import (
    DirectionFactory,
    DirectionPointFactory,
    DirectionVersionFactory,
)

pytestmark = pytest.mark.django_db


def test_point_numbers_are_unique_within_a_version():
    point = DirectionPointFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectionPointFactory(version=point.version, number=1)
    DirectionPointFactory(number=1)  # in another version: fine


def test_version_numbers_are_unique_within_a_direction():
    version = DirectionVersionFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectionVersionFactory(direction=version.direction, number=1)


def test_an_adopted_version_names_its_decision():
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectionVersionFactory(status=DirectionVersion.Status.ADOPTED, adopted_by=None)


def test_only_one_version_is_in_force():
    direction = DirectionFactory()
    DirectionVersionFactory(
        direction=direction, status="adopted", adopted_by=DecisionPointFactory()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectionVersionFactory(
            direction=direction, status="adopted", adopted_by=DecisionPointFactory()
        )
    DirectionVersionFactory(
        direction=direction, status="superseded", adopted_by=DecisionPointFactory()
    )


def test_anonymous_sees_adopted_and_superseded_versions_only():
    direction = DirectionFactory()
    adopted = DirectionVersionFactory(
        direction=direction, status="adopted", adopted_by=DecisionPointFactory()
    )
    DirectionVersionFactory(direction=direction, status="draft")
    assert list(DirectionVersion.objects.visible_to(AnonymousUser())) == [adopted]
