"""
The real case plus one record of every state the pages treat differently: drafts only
roles may see, draft minutes a planner may change, adjusted minutes nobody may change, a
public and a secret document with files. Used by the URL × role table (and the checks of
every page it reaches), the escaping test and the browser tests.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.utils import timezone

from decisions.models import AgendaItem, AgendaItemDocument, Committee, Meeting
from dialogues.models import Dialogue, Insight
from directions.models import Direction, DirectionVersion
from directions.services import direction_propose_version
from places.models import Municipality, PlanningArea
from projects.models import Project
from tests.decisions.factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    ProposalPointFactory,
)
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.geometry import square
from tests.places.factories import PlanningAreaFactory
from tests.projects.factories import MilestoneFactory, ProjectFactory


@dataclass
class World:
    project: Project
    draft_project: Project
    dialogue: Dialogue
    draft_dialogue: Dialogue
    insight: Insight
    conclusion: Insight
    direction: Direction
    adopted_version: DirectionVersion
    draft_version: DirectionVersion
    committee: Committee
    published_meeting: Meeting
    published_item: AgendaItem
    draft_meeting: Meeting
    draft_item: AgendaItem
    adjusted_meeting: Meeting
    adjusted_item: AgendaItem
    public_document: object
    secret_document: object
    municipality: Municipality
    area: PlanningArea
    draft_area: PlanningArea


def build_world() -> World:
    from seed.case import load_case

    load_case()
    project = Project.objects.get(diarienummer="RUN/479/2024")
    MilestoneFactory(
        project=project, title="Projektrapport klar", planned_date=datetime.date(2025, 4, 30)
    )
    municipality = Municipality.objects.get(code="2380")
    dialogue = Dialogue.objects.get(title="Dialog med Östersunds kommun")
    dialogue.location = Point(474_000, 7_006_000, srid=3006)
    dialogue.save()
    insight = InsightFactory(dialogue=dialogue, text="Behov av gemensamt kartunderlag.")
    draft_project = ProjectFactory(is_published=False, title="Utkast till projekt")
    draft_dialogue = DialogueFactory(
        project=project, is_published=False, title="Utkast till dialog"
    )
    InsightFactory(dialogue=draft_dialogue, text="Hemligt utkast.")
    conclusion = Insight.objects.filter(project=project).first()
    direction = Direction.objects.get()
    adopted = direction.versions.get(status=DirectionVersion.Status.ADOPTED)
    draft_version = direction_propose_version(direction=direction)

    committee = Committee.objects.get(abbreviation="RUN")
    published_meeting = Meeting.objects.get(committee=committee, date=datetime.date(2025, 5, 13))
    published_item = published_meeting.agenda_items.get()
    today = timezone.localdate()
    draft_meeting = MeetingFactory(committee=committee, date=today + datetime.timedelta(days=30))
    draft_item = AgendaItemFactory(meeting=draft_meeting, number=None, project=project)
    ProposalPointFactory(agenda_item=draft_item)
    adjusted_meeting = MeetingFactory(
        committee=committee,
        date=today - datetime.timedelta(days=10),
        minutes_status=Meeting.MinutesStatus.ADJUSTED,
        adjusted_on=today - datetime.timedelta(days=3),
        adjusters="Anna Andersson, Bertil Berg",
    )
    adjusted_item = AgendaItemFactory(meeting=adjusted_meeting, number=None)

    public_document = DocumentFactory(title="Bilaga med fil", project=project)
    public_document.file.save("bilaga.pdf", ContentFile(b"%PDF-1.4 public"), save=True)
    AgendaItemDocument.objects.create(
        agenda_item=published_item, document=public_document, position=9
    )
    secret_document = DocumentFactory(
        title="Sekretessbelagd handling", is_public=False, secrecy_reason="OSL 19 kap. 3 §"
    )
    secret_document.file.save("hemlig.pdf", ContentFile(b"%PDF-1.4 secret"), save=True)
    AgendaItemDocument.objects.create(agenda_item=draft_item, document=secret_document)

    area = PlanningAreaFactory(project=project, name="Storsjöbygden")
    area.municipalities.add(municipality)
    draft_area = PlanningAreaFactory(is_published=False, geometry=square(500_000, 7_010_000))
    return World(
        project=project,
        draft_project=draft_project,
        dialogue=dialogue,
        draft_dialogue=draft_dialogue,
        insight=insight,
        conclusion=conclusion,
        direction=direction,
        adopted_version=adopted,
        draft_version=draft_version,
        committee=committee,
        published_meeting=published_meeting,
        published_item=published_item,
        draft_meeting=draft_meeting,
        draft_item=draft_item,
        adjusted_meeting=adjusted_meeting,
        adjusted_item=adjusted_item,
        public_document=public_document,
        secret_document=secret_document,
        municipality=municipality,
        area=area,
        draft_area=draft_area,
    )
