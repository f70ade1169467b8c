"""Records for the API tests: for each resource, one that anonymous clients may see and
one they may not (a draft, an unpublished project's part, minutes not yet published), and
rows with their relations filled for the query-count tests."""

from __future__ import annotations

import itertools

from decisions.models import AgendaItemDocument, Meeting
from directions.models import DirectionVersion
from places.models import County
from tests.decisions.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    DecisionPointFactory,
    DocumentFactory,
    MeetingFactory,
    ProposalPointFactory,
)
from tests.dialogues.factories import DialogueFactory, InsightFactory, ThemeFactory
from tests.directions.factories import (
    DirectionFactory,
    DirectionPointFactory,
    DirectionVersionFactory,
)
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory, PlanningAreaFactory
from tests.projects.factories import FundingLineFactory, MilestoneFactory, ProjectFactory

PUBLISHED = Meeting.MinutesStatus.PUBLISHED
_codes = itertools.count(10)


def municipality():
    """A municipality with a code of its own (the factory's sequence wraps at 100)."""
    return MunicipalityFactory(code=f"23{next(_codes) % 90 + 10:02d}")


def meeting(status=PUBLISHED, **kwargs):
    return MeetingFactory(minutes_status=status, **kwargs)


def county(i: int):
    county = County.objects.create(code=f"{30 + i:02d}", name=f"Län {i}")
    MunicipalityFactory(county=county, code=f"{county.code}01")
    MunicipalityFactory(county=county, code=f"{county.code}02")
    return county


def adopted_version(**kwargs):
    decision = DecisionPointFactory(agenda_item=AgendaItemFactory(meeting=meeting()))
    return DirectionVersionFactory(
        status=DirectionVersion.Status.ADOPTED, adopted_by=decision, **kwargs
    )


def draft_version(**kwargs):
    return DirectionVersionFactory(status=DirectionVersion.Status.DRAFT, **kwargs)


def public_document(**kwargs):
    return DocumentFactory(project=ProjectFactory(is_published=True), **kwargs)


def secret_document(**kwargs):
    return DocumentFactory(
        project=ProjectFactory(is_published=True),
        is_public=False,
        secrecy_reason="OSL 18 kap. 8 §",
        **kwargs,
    )


# basename → (visible to anonymous, hidden from anonymous or None when all is public)
VISIBILITY = {
    "project": (
        lambda: ProjectFactory(is_published=True),
        lambda: ProjectFactory(is_published=False),
    ),
    "fundingline": (
        lambda: FundingLineFactory(project=ProjectFactory(is_published=True)),
        lambda: FundingLineFactory(project=ProjectFactory(is_published=False)),
    ),
    "milestone": (
        lambda: MilestoneFactory(project=ProjectFactory(is_published=True)),
        lambda: MilestoneFactory(project=ProjectFactory(is_published=False)),
    ),
    "organisation": (OrganisationFactory, None),
    "county": (lambda: County.objects.get_or_create(code="23", name="Jämtlands län")[0], None),
    "municipality": (municipality, None),
    "planningarea": (
        lambda: PlanningAreaFactory(is_published=True),
        lambda: PlanningAreaFactory(is_published=False),
    ),
    "dialogue": (
        lambda: DialogueFactory(is_published=True),
        lambda: DialogueFactory(is_published=False),
    ),
    "insight": (
        lambda: InsightFactory(dialogue=DialogueFactory(is_published=True)),
        lambda: InsightFactory(dialogue=DialogueFactory(is_published=False)),
    ),
    "direction": (DirectionFactory, None),
    "directionversion": (adopted_version, draft_version),
    "directionpoint": (
        lambda: DirectionPointFactory(version=adopted_version()),
        lambda: DirectionPointFactory(version=draft_version()),
    ),
    "committee": (CommitteeFactory, None),
    "meeting": (lambda: meeting(PUBLISHED), lambda: meeting(Meeting.MinutesStatus.DRAFT)),
    "agendaitem": (
        lambda: AgendaItemFactory(meeting=meeting(PUBLISHED)),
        lambda: AgendaItemFactory(meeting=meeting(Meeting.MinutesStatus.ADJUSTED)),
    ),
    "proposalpoint": (
        lambda: ProposalPointFactory(agenda_item=AgendaItemFactory(meeting=meeting(PUBLISHED))),
        lambda: ProposalPointFactory(agenda_item=AgendaItemFactory(meeting=meeting("draft"))),
    ),
    "decisionpoint": (
        lambda: DecisionPointFactory(agenda_item=AgendaItemFactory(meeting=meeting(PUBLISHED))),
        lambda: DecisionPointFactory(agenda_item=AgendaItemFactory(meeting=meeting("draft"))),
    ),
    "document": (public_document, secret_document),
}

RESOURCES = list(VISIBILITY)


def key_of(basename: str, obj):
    return obj.code if basename in ("municipality", "county") else obj.pk


# --- rows with their relations, for query counts ---------------------------------------------
def _full_project(i: int):
    project = ProjectFactory(owner=OrganisationFactory(), is_published=True)
    project.municipalities.set([municipality(), municipality()])
    return project


def _full_dialogue(i: int):
    dialogue = DialogueFactory(municipality=municipality(), is_published=True)
    dialogue.organisations.set([OrganisationFactory(), OrganisationFactory()])
    dialogue.themes.set([ThemeFactory(), ThemeFactory()])
    return dialogue


def _full_area(i: int):
    area = PlanningAreaFactory(project=ProjectFactory(is_published=i % 2 == 0))
    area.municipalities.set([municipality()])
    return area


def _full_point(i: int):
    point = DirectionPointFactory(version=adopted_version())
    point.insights.set([InsightFactory()])
    point.projects.set([ProjectFactory(), ProjectFactory(is_published=False)])
    return point


def _full_version(i: int):
    version = adopted_version(direction=DirectionFactory(project=ProjectFactory()))
    for number in (1, 2):
        point = DirectionPointFactory(version=version, number=number)
        point.insights.set([InsightFactory()])
        point.projects.set([ProjectFactory()])
    return version


def _full_agenda_item(i: int):
    item = AgendaItemFactory(meeting=meeting(), project=ProjectFactory(is_published=i % 2 == 0))
    ProposalPointFactory(agenda_item=item)
    DecisionPointFactory(agenda_item=item)
    AgendaItemDocument.objects.create(agenda_item=item, document=public_document())
    AgendaItemDocument.objects.create(agenda_item=item, document=secret_document(), position=1)
    return item


def _full_document(i: int):
    document = public_document()
    for _ in range(2):
        AgendaItemDocument.objects.create(
            agenda_item=AgendaItemFactory(meeting=meeting()), document=document
        )
    return document


def _full_meeting(i: int):
    m = meeting(committee=CommitteeFactory(parent=CommitteeFactory()))
    AgendaItemFactory(meeting=m)
    AgendaItemFactory(meeting=m)
    return m


FULL_ROWS = {
    "project": _full_project,
    "fundingline": lambda i: FundingLineFactory(
        project=ProjectFactory(), funder=OrganisationFactory()
    ),
    "milestone": lambda i: MilestoneFactory(project=ProjectFactory()),
    "organisation": lambda i: OrganisationFactory(parent=OrganisationFactory()),
    "county": county,
    "municipality": lambda i: municipality(),
    "planningarea": _full_area,
    "dialogue": _full_dialogue,
    "insight": lambda i: InsightFactory(follow_up_owner=OrganisationFactory()),
    "direction": lambda i: (
        adopted_version(
            direction=DirectionFactory(project=ProjectFactory(is_published=i % 2 == 0))
        ).direction
    ),
    "directionversion": _full_version,
    "directionpoint": _full_point,
    "committee": lambda i: CommitteeFactory(parent=CommitteeFactory()),
    "meeting": _full_meeting,
    "agendaitem": _full_agenda_item,
    "proposalpoint": lambda i: ProposalPointFactory(
        agenda_item=AgendaItemFactory(meeting=meeting())
    ),
    "decisionpoint": lambda i: adopted_version().adopted_by,
    "document": _full_document,
}
