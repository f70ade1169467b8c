import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from decisions.models import AgendaItem, AgendaItemDocument, Document, Meeting
from tests.decisions.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    DecisionPointFactory,
    DocumentFactory,
    MeetingFactory,
    ProposalPointFactory,
)

pytestmark = pytest.mark.django_db


def test_paragraph_numbers_are_unique_per_committee_and_year():
    committee = CommitteeFactory()
    first = AgendaItemFactory(
        meeting=MeetingFactory(committee=committee, date=datetime.date(2025, 2, 18)), number=5
    )
    later_meeting = MeetingFactory(committee=committee, date=datetime.date(2025, 5, 13))
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=later_meeting, number=5)
    # the next year, or another committee, may use § 5 again
    AgendaItemFactory(
        meeting=MeetingFactory(committee=committee, date=datetime.date(2026, 1, 20)), number=5
    )
    AgendaItemFactory(meeting=MeetingFactory(date=datetime.date(2025, 5, 13)), number=5)
    assert first.number == 5


def test_full_clean_derives_committee_and_year_and_reports_the_duplicate():
    committee = CommitteeFactory()
    AgendaItemFactory(
        meeting=MeetingFactory(committee=committee, date=datetime.date(2025, 2, 18)), number=7
    )
    item = AgendaItem(
        meeting=MeetingFactory(committee=committee, date=datetime.date(2025, 9, 1)),
        number=7,
        title="Ärende",
        kind=AgendaItem.Kind.DECISION,
    )
    with pytest.raises(ValidationError, match="already used this year"):
        item.full_clean()
    assert (item.committee_id, item.year) == (committee.pk, 2025)


def test_unknown_paragraph_numbers_do_not_collide():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, number=None)
    AgendaItemFactory(meeting=meeting, number=None)


def test_proposal_and_decision_points_are_numbered_uniquely_and_apart():
    item = AgendaItemFactory()
    ProposalPointFactory(agenda_item=item, number=1)
    DecisionPointFactory(agenda_item=item, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalPointFactory(agenda_item=item, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionPointFactory(agenda_item=item, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionPointFactory(agenda_item=item, number=0)


def test_a_document_that_is_not_public_needs_a_secrecy_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(is_public=False, secrecy_reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(is_public=True, secrecy_reason="OSL 19 kap. 3 §")
    DocumentFactory(is_public=False, secrecy_reason="OSL 19 kap. 3 §")


def test_draft_minutes_have_no_adjustment_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(
            minutes_status=Meeting.MinutesStatus.DRAFT, adjusted_on=datetime.date(2026, 1, 2)
        )


def test_minutes_are_not_adjusted_before_the_meeting():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(
            date=datetime.date(2026, 5, 1),
            minutes_status=Meeting.MinutesStatus.ADJUSTED,
            adjusted_on=datetime.date(2026, 4, 1),
        )


def test_adjusted_minutes_lock_their_agenda_items():
    item = AgendaItemFactory(meeting=MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT))
    assert not item.is_locked
    item.meeting.minutes_status = Meeting.MinutesStatus.ADJUSTED
    assert item.is_locked


def test_a_document_is_linked_once_per_agenda_item():
    item, document = AgendaItemFactory(), DocumentFactory()
    AgendaItemDocument.objects.create(agenda_item=item, document=document)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemDocument.objects.create(agenda_item=item, document=document)


def test_anonymous_sees_public_documents_of_published_minutes_only():
    published = AgendaItemFactory(meeting=MeetingFactory(minutes_status="published"))
    draft = AgendaItemFactory(meeting=MeetingFactory(minutes_status="draft"))
    public = DocumentFactory(title="Publik")
    secret = DocumentFactory(title="Sekretess", is_public=False, secrecy_reason="OSL 19 kap. 3 §")
    unpublished = DocumentFactory(title="Ännu inte publicerad")
    AgendaItemDocument.objects.create(agenda_item=published, document=public)
    AgendaItemDocument.objects.create(agenda_item=published, document=secret)
    AgendaItemDocument.objects.create(agenda_item=draft, document=unpublished)
    assert list(Document.objects.visible_to(AnonymousUser())) == [public]
    assert list(AgendaItem.objects.visible_to(AnonymousUser())) == [published]


def test_uploaded_files_are_stored_under_generated_names():
    from decisions.models import document_upload_to

    name = document_upload_to(None, "Protokoll <script>.PDF")
    assert name.startswith("documents/")
    assert name.endswith(".pdf")
    assert "script" not in name
