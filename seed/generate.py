"""
Deterministic synthetic data on top of the real case, for load tests and benchmarks.

Everything generated is marked for people: projects have the registry prefix ``GEN``
(``GEN/17/2024``), and every generated record's ``source`` (or title, where there is no
source) says "Genererad testdata". For the program, only its row in ``seed.SeedRecord``
marks it (texts are what planners type): ``--replace`` deletes those rows and what belongs to
them only, and refuses if anything else would go with them. The real case is never touched.
``generate_data(scale=…, seed=…)`` with the same seed gives the same data.

National scale: 21 counties and 290 municipalities (their boundaries from the files shipped in
seed/data/, or another directory of the same files; without them it refuses), 500 projects,
20 000 dialogues with 60 000 insights, 300 meetings, 5 000 agenda items with points and
documents, 2 000 planning areas.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import transaction

from core.maintenance import bypass_minute_locks
from decisions.models import (
    AgendaItem,
    AgendaItemDocument,
    Committee,
    DecisionPoint,
    Document,
    Meeting,
    ProposalPoint,
)
from dialogues.models import Dialogue, Insight, Theme
from organisations.models import Organisation
from places.boundaries import import_boundaries
from places.models import Municipality, PlanningArea
from projects.models import FundingLine, Project
from seed import shipped
from seed.case import load_case
from seed.models import SeedRecord
from seed.records import delete_only_generated, mark, marked

GENERATED = "Genererad testdata"
PREFIX = "GEN"
BATCH = 2000
# The years of generated projects, dialogues and meetings.
YEARS = tuple(range(2019, 2027))


@dataclass(frozen=True)
class Scale:
    name: str
    counties: str  # "one" (Jämtland) or "all"
    projects: int
    dialogues: int
    insights: int
    meetings: int
    agenda_items: int
    planning_areas: int


SCALES = {
    "county": Scale("county", "one", 20, 800, 2_400, 24, 400, 80),
    "national": Scale("national", "all", 500, 20_000, 60_000, 300, 5_000, 2_000),
}

THEMES = [
    ("Kompetensförsörjning", "kompetensforsorjning"),
    ("Infrastruktur och transporter", "infrastruktur"),
    ("Bostadsförsörjning", "bostadsforsorjning"),
    ("Näringsliv", "naringsliv"),
    ("Natur och friluftsliv", "natur"),
    ("Energi och klimat", "energi"),
    ("Digitalisering", "digitalisering"),
    ("Civil beredskap", "beredskap"),
]
PROJECT_WORDS = [
    "Regional utvecklingsplan",
    "Funktionella regioner",
    "Strategisk planering",
    "Rumslig analys",
    "Stråk och noder",
    "Landsbygdsutveckling",
    "Kompetensplattform",
    "Samverkan kring översiktsplanering",
]
INSIGHT_TEXTS = {
    "need": "Behov av gemensamt kunskapsunderlag om {topic}.",
    "precondition": "Förutsättning: samverkan med kommunerna kring {topic}.",
    "demand": "Efterfrågan på att regionen tar en roll i {topic}.",
    "other": "Iakttagelse om {topic}.",
}


@dataclass
class Report:
    counties: int = 0
    municipalities: int = 0
    projects: int = 0
    dialogues: int = 0
    insights: int = 0
    meetings: int = 0
    agenda_items: int = 0
    documents: int = 0
    planning_areas: int = 0

    def __str__(self) -> str:
        return ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in vars(self).items())


def already_generated() -> bool:
    return SeedRecord.objects.filter(origin=SeedRecord.Origin.GENERATED).exists()


# Children before what they belong to (PROTECT keys: a project outlives its dialogues).
DELETION_ORDER = (
    Insight,
    Dialogue,
    PlanningArea,
    AgendaItem,
    Document,
    Meeting,
    Committee,
    Project,
)


def delete_generated() -> None:
    """Remove everything generate_data made, found by its SeedRecord rows, never by a text.
    All or nothing: raises ``SeedRefused`` if a row it did not make would go with it (a
    planner's record in a generated project, real minutes, a point of an adopted version).

    The generated minutes are adjusted, so the database's lock is lifted for this
    transaction (``bypass_minute_locks``, which only the owner role may do); every row it
    then deletes was checked to be generated."""
    generated = marked(SeedRecord.Origin.GENERATED)
    with transaction.atomic(), bypass_minute_locks():
        for model in DELETION_ORDER:
            delete_only_generated(
                model._default_manager.filter(pk__in=generated.get(model, ())), generated
            )
        SeedRecord.objects.filter(origin=SeedRecord.Origin.GENERATED).delete()


def _random_point_in(rng: random.Random, boundary, fallback: Point) -> Point:
    if boundary is None:
        return fallback
    prepared = boundary.prepared
    x0, y0, x1, y1 = boundary.extent
    for _ in range(30):
        candidate = Point(rng.uniform(x0, x1), rng.uniform(y0, y1), srid=boundary.srid)
        if prepared.contains(candidate):
            return candidate
    return fallback


class MissingBoundaries(Exception):
    """The boundary files a scale needs are not in the directory given."""


def boundary_files(scale: str, boundaries_dir: Path) -> list[Path]:
    """The files ``scale`` imports from ``boundaries_dir``: Jämtland's municipalities for the
    county scale, the 21 counties and 290 municipalities for the national one. Raises
    ``MissingBoundaries`` naming the missing ones: synthetic squares in place of real
    boundaries would make every spatial benchmark and map measure the wrong thing."""

    if SCALES[scale].counties == "all":
        names = ["swedish_regions.geojson", "swedish_municipalities.geojson"]
    else:
        names = ["jamtland_municipalities.geojson"]
    files = [boundaries_dir / name for name in names]
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        raise MissingBoundaries(
            f"generate_data --scale {scale} needs the boundary files {', '.join(names)}; "
            f"not found: {', '.join(missing)}"
        )
    return files


def _places(scale_name: str, boundaries_dir: Path):
    """Counties and municipalities: the real case's county always; for national scale all
    21 counties and 290 municipalities, always from boundary files."""

    files = boundary_files(scale_name, boundaries_dir)
    if SCALES[scale_name].counties == "all":
        regions, municipalities = files
        import_boundaries(path=regions, level="county", create=True)
        import_boundaries(path=municipalities, level="municipality", create=True)
    elif Municipality.objects.filter(boundary__isnull=True).exists():
        import_boundaries(path=files[0])
    return list(Municipality.objects.select_related("county").order_by("code"))


def _actors(municipalities: list[Municipality]) -> tuple[dict, Organisation]:
    """Every municipality has its organisation; one region per county. Returns the municipal
    organisations by municipality id and the funding agency."""
    existing_orgs = {o.municipality_id: o for o in Organisation.objects.exclude(municipality=None)}
    new_orgs = [
        Organisation(
            name=f"{m.name} kommun ({m.code})",
            kind=Organisation.Kind.MUNICIPALITY,
            municipality=m,
        )
        for m in municipalities
        if m.pk not in existing_orgs
    ]
    Organisation.objects.bulk_create(new_orgs, batch_size=BATCH)
    municipal_orgs = {o.municipality_id: o for o in Organisation.objects.exclude(municipality=None)}
    agency = Organisation.objects.get(name="Tillväxtverket")
    return municipal_orgs, agency


def _committees(municipalities: list[Municipality]) -> list[tuple]:
    """A generated regional development committee per county: (committee, county, region)."""
    counties = sorted({m.county for m in municipalities}, key=lambda c: c.code)
    committees = []
    for county in counties:
        region, _ = Organisation.objects.get_or_create(
            name=f"Region {county.name} ({GENERATED})", defaults={"kind": Organisation.Kind.REGION}
        )
        org, _ = Organisation.objects.get_or_create(
            name=f"Regional utvecklingsnämnd {county.code} ({GENERATED})",
            defaults={"kind": Organisation.Kind.COMMITTEE, "parent": region},
        )
        committee, created = Committee.objects.get_or_create(
            organisation=org, defaults={"abbreviation": f"R{county.code}"}
        )
        if created:
            mark(SeedRecord.Origin.GENERATED, [committee])
        committees.append((committee, county, region))
    return committees


def _projects(
    spec: Scale,
    rng: random.Random,
    source: str,
    *,
    committees: list[tuple],
    municipalities: list[Municipality],
    agency: Organisation,
) -> list[Project]:
    """Projects with a grant each and up to three municipalities of a county in their scope."""
    projects = []
    for n in range(1, spec.projects + 1):
        start = datetime.date(rng.choice(YEARS), rng.randint(1, 12), 1)
        end = start + datetime.timedelta(days=rng.randint(90, 1100))
        _committee, county, region = committees[n % len(committees)]
        projects.append(
            Project(
                diarienummer=f"{PREFIX}/{n}/{start.year}",
                title=f"{rng.choice(PROJECT_WORDS)} {county.name} {n}",
                summary=f"{GENERATED}: projekt {n} för test och mätning.",
                purpose="Syftet är att pröva portalen i nationell skala.",
                start_date=start,
                end_date=end,
                status=rng.choice(list(Project.Status.values)),
                owner=region,
                is_published=rng.random() < 0.9,
                source=source,
            )
        )
    # bulk_create sets the ids (PostgreSQL, SQLite ≥ 3.35): the rows made here, not whatever
    # else has a GEN/ diarienummer.
    projects = Project.objects.bulk_create(projects, batch_size=BATCH)
    mark(SeedRecord.Origin.GENERATED, projects)
    FundingLine.objects.bulk_create(
        [
            FundingLine(
                project=p,
                kind=FundingLine.Kind.GRANT,
                funder=agency,
                amount=rng.randint(1, 40) * 100_000,
            )
            for p in projects
        ],
        batch_size=BATCH,
    )
    by_county = {}
    for m in municipalities:
        by_county.setdefault(m.county_id, []).append(m)
    scope_links = []
    for i, project in enumerate(projects):
        county = committees[(i + 1) % len(committees)][1]
        for m in rng.sample(by_county[county.pk], k=min(3, len(by_county[county.pk]))):
            scope_links.append(
                Project.municipalities.through(project_id=project.pk, municipality_id=m.pk)
            )
    Project.municipalities.through.objects.bulk_create(scope_links, batch_size=BATCH)
    return projects


def _dialogues(
    spec: Scale,
    rng: random.Random,
    source: str,
    *,
    projects: list[Project],
    municipalities: list[Municipality],
    municipal_orgs: dict,
    themes: list[Theme],
) -> list[Dialogue]:
    """Dialogues with their organisations and themes (ids and municipalities only)."""
    dialogues = []
    for n in range(1, spec.dialogues + 1):
        m = municipalities[rng.randrange(len(municipalities))]
        fallback = m.seat_location or (m.boundary.point_on_surface if m.boundary else None)
        located = rng.random() < 0.7 and fallback is not None
        dialogues.append(
            Dialogue(
                project=projects[rng.randrange(len(projects))],
                title=f"Dialog {n} med {m.name}",
                date=None
                if rng.random() < 0.1
                else datetime.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28)),
                format=rng.choice(list(Dialogue.Format.values)),
                scope=Dialogue.Scope.EXTERNAL,
                municipality=m,
                location=_random_point_in(rng, m.boundary, fallback) if located else None,
                summary=f"{GENERATED}: samtal om {rng.choice(THEMES)[0].lower()}.",
                is_published=rng.random() < 0.9,
                source=source,
            )
        )
    dialogues = Dialogue.objects.bulk_create(dialogues, batch_size=BATCH)
    mark(SeedRecord.Origin.GENERATED, dialogues)
    Dialogue.organisations.through.objects.bulk_create(
        [
            Dialogue.organisations.through(
                dialogue_id=d.pk, organisation_id=municipal_orgs[d.municipality_id].pk
            )
            for d in dialogues
            if d.municipality_id in municipal_orgs
        ],
        batch_size=BATCH,
    )
    Dialogue.themes.through.objects.bulk_create(
        [
            Dialogue.themes.through(dialogue_id=d.pk, theme_id=rng.choice(themes).pk)
            for d in dialogues
        ],
        batch_size=BATCH,
    )
    return dialogues


def _insights(spec: Scale, rng: random.Random, *, dialogues: list[Dialogue]) -> int:
    """The insights, spread over the dialogues in turn; returns how many."""
    kinds = list(Insight.Kind.values)
    insights = []
    for n in range(spec.insights):
        dialogue = dialogues[n % len(dialogues)]
        kind = rng.choice(kinds)
        insights.append(
            Insight(
                dialogue_id=dialogue.pk,
                kind=kind,
                text=INSIGHT_TEXTS[kind].format(topic=rng.choice(THEMES)[0].lower()),
                follow_up_status=rng.choice(list(Insight.FollowUpStatus.values)),
                position=n // len(dialogues),
            )
        )
    mark(SeedRecord.Origin.GENERATED, Insight.objects.bulk_create(insights, batch_size=BATCH))
    return len(insights)


def _meetings(
    spec: Scale, rng: random.Random, source: str, *, committees: list[tuple]
) -> list[Meeting]:
    """Sessions of the committees in turn, one a day per committee; the past ones adjusted."""
    meetings = []
    used_days = set()
    while len(meetings) < spec.meetings:
        committee = committees[len(meetings) % len(committees)][0]
        date = datetime.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))
        if (committee.pk, date) in used_days:
            continue
        used_days.add((committee.pk, date))
        past = date < datetime.date(2026, 11, 1)
        meetings.append(
            Meeting(
                committee=committee,
                date=date,
                kind=Meeting.Kind.SESSION,
                location="Regionens hus",
                minutes_status=Meeting.MinutesStatus.PUBLISHED
                if past
                else Meeting.MinutesStatus.DRAFT,
                adjusted_on=date + datetime.timedelta(days=7) if past else None,
                published_on=date + datetime.timedelta(days=8) if past else None,
                adjusters="Genererad Justerare" if past else "",
                source=source,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    mark(SeedRecord.Origin.GENERATED, meetings)
    return sorted(meetings, key=lambda m: (m.date, m.pk))


def _agenda_items(
    spec: Scale,
    rng: random.Random,
    source: str,
    *,
    meetings: list[Meeting],
    projects: list[Project],
) -> list[AgendaItem]:
    """Agenda items numbered per committee and year, with one proposal and one decision point."""
    numbers: dict[tuple[int, int], int] = {}
    items = []
    for n in range(spec.agenda_items):
        meeting = meetings[n % len(meetings)]
        key = (meeting.committee_id, meeting.date.year)
        numbers[key] = numbers.get(key, 0) + 1
        project = projects[rng.randrange(len(projects))]
        items.append(
            AgendaItem(
                meeting=meeting,
                committee_id=meeting.committee_id,
                year=meeting.date.year,
                number=numbers[key],
                position=n // len(meetings),
                diarienummer=project.diarienummer,
                title=f"Ärende {numbers[key]}: {project.title}",
                kind=rng.choice(list(AgendaItem.Kind.values)),
                summary=f"{GENERATED}: ärende för test och mätning.",
                outcome=AgendaItem.Outcome.AS_PROPOSED if meeting.is_locked else "",
                project=project,
            )
        )
    items = AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    mark(SeedRecord.Origin.GENERATED, items)
    ProposalPoint.objects.bulk_create(
        [
            ProposalPoint(
                agenda_item_id=i.pk, number=1, text="Nämnden föreslås besluta enligt förslaget."
            )
            for i in items
        ],
        batch_size=BATCH,
    )
    DecisionPoint.objects.bulk_create(
        [
            DecisionPoint(agenda_item_id=i.pk, number=1, text="Nämnden beslutar enligt förslaget.")
            for i in items
        ],
        batch_size=BATCH,
    )
    return items


def _documents(rng: random.Random, source: str, *, items: list[AgendaItem]) -> int:
    """One official memo per agenda item (a few secret); returns how many."""
    documents = []
    for i in items:
        secret = rng.random() < 0.05
        documents.append(
            Document(
                title=f"Tjänsteskrivelse ärende {i.pk} ({GENERATED})",
                kind=Document.Kind.OFFICIAL_MEMO,
                is_public=not secret,
                secrecy_reason="OSL 19 kap. 3 § (genererad)" if secret else "",
                project_id=i.project_id,
                source=source,
            )
        )
    documents = Document.objects.bulk_create(documents, batch_size=BATCH)
    mark(SeedRecord.Origin.GENERATED, documents)
    AgendaItemDocument.objects.bulk_create(
        [
            AgendaItemDocument(agenda_item_id=i.pk, document_id=d.pk, position=1)
            for i, d in zip(items, documents, strict=True)
        ],
        batch_size=BATCH,
    )
    return len(documents)


def _planning_areas(
    spec: Scale,
    rng: random.Random,
    source: str,
    *,
    municipalities: list[Municipality],
    projects: list[Project],
) -> int:
    """Small polygons inside municipalities; returns how many."""
    areas = []
    for n in range(1, spec.planning_areas + 1):
        m = municipalities[rng.randrange(len(municipalities))]
        centre = m.seat_location or (
            m.boundary.point_on_surface if m.boundary else Point(480_000, 7_000_000, srid=3006)
        )
        centre = _random_point_in(rng, m.boundary, centre)
        areas.append(
            PlanningArea(
                name=f"Planeringsområde {n} i {m.name}",
                kind=rng.choice(list(PlanningArea.Kind.values)),
                description=f"{GENERATED}.",
                geometry=centre.buffer(rng.uniform(500, 5_000), quadsegs=4),
                project=projects[rng.randrange(len(projects))],
                is_published=rng.random() < 0.9,
                source=source,
            )
        )
    mark(SeedRecord.Origin.GENERATED, PlanningArea.objects.bulk_create(areas, batch_size=BATCH))
    return len(areas)


@transaction.atomic
def generate_data(*, scale: str, seed: int = 1, boundaries_dir: Path = shipped.DATA_DIR) -> Report:
    spec = SCALES[scale]
    boundary_files(scale, boundaries_dir)  # refuse before anything is written
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    source = f"{GENERATED} (generate_data --scale {scale} --seed {seed})"
    report = Report()

    load_case()
    municipalities = _places(scale, boundaries_dir)
    report.municipalities = len(municipalities)
    report.counties = len({m.county_id for m in municipalities})

    municipal_orgs, agency = _actors(municipalities)
    themes = [
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in THEMES
    ]
    committees = _committees(municipalities)
    projects = _projects(
        spec, rng, source, committees=committees, municipalities=municipalities, agency=agency
    )
    report.projects = len(projects)
    dialogues = _dialogues(
        spec,
        rng,
        source,
        projects=projects,
        municipalities=municipalities,
        municipal_orgs=municipal_orgs,
        themes=themes,
    )
    report.dialogues = len(dialogues)
    report.insights = _insights(spec, rng, dialogues=dialogues)
    meetings = _meetings(spec, rng, source, committees=committees)
    report.meetings = len(meetings)
    items = _agenda_items(spec, rng, source, meetings=meetings, projects=projects)
    report.agenda_items = len(items)
    report.documents = _documents(rng, source, items=items)
    report.planning_areas = _planning_areas(
        spec, rng, source, municipalities=municipalities, projects=projects
    )
    return report
