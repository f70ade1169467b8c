"""An avstämning with the presidium (issue 12 §2.2): a presidium is part of its committee, not a
nämnd of its own, and a check-in is not a sammanträde with §."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from decisions.models import AgendaItem, Meeting
from decisions.services import agenda_item_create
from tests.decisions.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def check_in() -> Meeting:
    committee = CommitteeFactory()
    presidium = CommitteeFactory(parent=committee)
    meeting = MeetingFactory(
        committee=presidium,
        date=datetime.date(2025, 3, 18),
        kind=Meeting.Kind.CHECK_IN,
        minutes_status=Meeting.MinutesStatus.NOT_IN_PORTAL,
    )
    AgendaItemFactory(
        meeting=meeting, number=None, kind=AgendaItem.Kind.CHECK_IN, title="Projektets framfart"
    )
    return meeting


def test_a_topic_of_a_check_in_carries_no_paragraph_number():
    meeting = MeetingFactory(kind=Meeting.Kind.CHECK_IN)
    with pytest.raises(ValidationError) as error:
        agenda_item_create(
            data={"meeting": meeting, "number": 4, "title": "Avstämning", "kind": "check_in"}
        )
    assert "number" in error.value.message_dict
    assert not AgendaItem.objects.exists()
    agenda_item_create(data={"meeting": meeting, "title": "Avstämning", "kind": "check_in"})
    assert AgendaItem.objects.get().number is None


def test_the_presidium_is_listed_under_its_committee_not_as_a_committee(client, check_in):
    presidium = check_in.committee
    page = client.get(reverse("decisions:list")).content.decode()
    committees = page.split('id="committees"')[1].split("</section>")[0]
    # The committee first, its presidium in the list nested beneath it.
    nested = committees.index("<ul>")
    assert committees.index(presidium.parent.get_absolute_url()) < nested
    assert committees.index(presidium.get_absolute_url()) > nested
    assert committees.count(presidium.get_absolute_url()) == 1


def test_a_check_in_shows_topics_without_a_paragraph_column(client, check_in):
    page = client.get(check_in.get_absolute_url()).content.decode()
    assert f"Check-in with {check_in.committee}" in page
    assert "Topics" in page
    assert '<th scope="col">§</th>' not in page
    item = check_in.agenda_items.get()
    item_page = client.get(item.get_absolute_url()).content.decode()
    assert "not given in the record" not in item_page
