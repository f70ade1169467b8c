import datetime

import factory

from decisions.models import AgendaItem, Committee, DecisionPoint, Document, Meeting, ProposalPoint
from organisations.models import Organisation
from tests.organisations.factories import OrganisationFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.COMMITTEE)
    abbreviation = "RUN"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    kind = Meeting.Kind.SESSION
    minutes_status = Meeting.MinutesStatus.DRAFT


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    committee = factory.LazyAttribute(lambda o: o.meeting.committee)
    year = factory.LazyAttribute(lambda o: o.meeting.date.year)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Ärende {n}")
    kind = AgendaItem.Kind.DECISION


class ProposalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalPoint

    agenda_item = factory.SubFactory(AgendaItemFactory)
    number = 1
    text = "Nämnden föreslås besluta."


class DecisionPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionPoint

    agenda_item = factory.SubFactory(AgendaItemFactory)
    number = 1
    text = "Nämnden beslutar."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Handling {n}")
    kind = Document.Kind.OFFICIAL_MEMO
