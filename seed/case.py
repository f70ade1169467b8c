"""
The real case the portal is built around: project RUN/479/2024, *Strategisk planering i det
regionala utvecklingsarbetet*, as the public record of Regionala utvecklingsnämnden's meeting
of 2025-05-13 gives it (``seed/data/protokoll-run-2025-05-13.txt``, shipped with the portal).

Texts are the record's words, verbatim (its line breaks joined; tests compare them with the
record). Facts the record does not give stay empty: the dates, form and participants of the
dialogues, the § numbers, the amounts of funding, who adjusted the minutes and when.

``load_case()`` is idempotent: run again, it changes nothing and writes no history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.gis.geos import Point
from django.db import models, transaction

from core.geo import STORAGE_SRID, WGS84
from decisions.models import (
    AgendaItem,
    AgendaItemDocument,
    Committee,
    DecisionPoint,
    Document,
    Meeting,
    ProposalPoint,
)
from dialogues.models import Dialogue, Insight
from directions.models import Direction, DirectionPoint, DirectionVersion
from organisations.models import Organisation
from places.models import County, Municipality
from projects.models import FundingLine, Project
from seed.models import SeedRecord
from seed.records import mark

SOURCE = "Protokoll, Regionala utvecklingsnämnden 2025-05-13 (RUN/479/2024)"
SOURCE_MENTIONED = (
    "Omnämnt i protokoll, Regionala utvecklingsnämnden 2025-05-13 (RUN/479/2024); "
    "protokollet från detta möte finns inte i portalen."
)
CHANGE_REASON = "load_case: protokoll RUN 2025-05-13"

DIARIENUMMER = "RUN/479/2024"
PROJECT_TITLE = "Strategisk planering i det regionala utvecklingsarbetet"
AGENDA_ITEM_TITLE = "Projekt: Strategisk planering i det regionala utvecklingsarbetet"

# "Sammanfattning", paragraph by paragraph.
SUMMARY_PARAGRAPHS = [
    "Ett förberedande projekt kring strategisk planering i det regionala utvecklingsarbetet har "
    "genomförts för att ta reda på förutsättningar, behov och efterfrågan inom Region Jämtland "
    "Härjedalen och länet. Målet har varit att ta fram förslag på Region Jämtland Härjedalens "
    "viljeinriktning för arbete med regional strategisk planering framöver. Förslag på "
    "viljeinriktning har nu tagits fram för beslut.",
    "Projektet, som har gått under namnet Strategisk planering i det regionala "
    "utvecklingsarbetet - förberedande steg, har genomförts under perioden januari-maj 2025. "
    "Finansieringen för projektet kommer från Tillväxtverket med medfinansiering från statliga "
    "medel för regionala utvecklingsåtgärder (anslag 1:1). Projektet grundar sig i ett "
    "regeringsuppdrag som ett antal myndigheter har fått med målet att öka regionernas "
    "förutsättningar att kunna utgå från ett helhetsperspektiv och ta tillvara synergier i det "
    "regionala utvecklingsarbetet utifrån ett territoriellt perspektiv. Det förberedande "
    "projektet är ett steg inom regeringsuppdraget inför möjligheten för regionerna att söka "
    "pilotprojekt för utveckling av kunskap, metoder och arbetssätt samt framtagande av analys- "
    "och kunskapsunderlag framöver.",
    "Det förberedande projektet har haft förbestämda ramar från Tillväxtverket kring vad som ska "
    "göras. Projektet har gått ut på att kartlägga, förankra och sprida kunskap kring vad "
    "regional strategisk planering är samt identifiera förutsättningar och behov som finns inom "
    "Region Jämtland Härjedalen och länet idag med syfte att stärka kapaciteten för att arbeta "
    "med god samhällsplanering i Jämtlands län. Inom projektet har dialoger och möten "
    "genomförts internt inom Region Jämtland Härjedalen samt tillsammans med länets alla "
    "kommuner, länsstyrelsen och kommunförbundet.",
    "Det förberedande projektets mål har varit att ta fram Region Jämtland Härjedalens "
    "viljeinriktning för arbete med strategisk planering framöver. En viljeinriktning handlar "
    "inte om att fastställa en färdig modell eller arbetssätt, utan mer om att identifiera vilka "
    "steg som är önskade härnäst. Förslagen på viljeinriktning grundar sig i de dialoger och "
    "möten som genomförts inom projektet, internt inom regionen som organisation och externt med "
    "aktörer i länet. Utöver en informationspunkt vid regionala utvecklingsnämndens sammanträde "
    "den 18 februari 2025 har även en avstämning skett med nämndens presidium den 18 mars kring "
    "projektets framfart och tidiga förslag till viljeinriktning. Förslagen på viljeinriktning "
    "är formulerade i fyra punkter. Projektets bakgrund, genomförande och resultat har "
    "sammanställts i en projektrapport som utgör ett underlag och ett stöd till eventuellt "
    "fortsatt arbete framöver.",
    "Projektet har synliggjort att det finns en efterfrågan på att Region Jämtland Härjedalen "
    "tar en roll inom den strategiska planeringen i länet, vilket regionen idag inte har gjort. "
    "En sådan roll kan komplettera andra aktörers roller och skapa mervärden för utvecklingen i "
    "länet utan att regionen tar någon annan aktörs ansvar. Vidare efterfrågas att Region "
    'Jämtland Härjedalen utvecklar det "rumsliga perspektivet" kopplat till det regionala '
    "utvecklingsarbetet, det vill säga, att regionen arbetar med tydligare geografiska "
    "perspektiv. En vidare beskrivning av begreppen rumsligt perspektiv samt strategisk "
    "planering finns i projektrapportens kapitel 2.",
    "En ytterligare slutsats som kan dras är att det önskas att Region Jämtland Härjedalen ser "
    "till att det finns resurser med samhällsplaneringskompetens utifrån flera syften. Dels för "
    "att samla och utveckla det strategiska planeringsarbetet på regional nivå tillsammans med "
    "kommunerna och relevanta aktörer i länet, dels för att samla och utveckla det interna "
    "arbetet med strategisk planering inom Region Jämtland Härjedalen som organisation. Ett "
    "fortsatt arbete och utveckling kan och bör göras tillsammans med kommunerna och andra "
    "relevanta aktörer.",
    "Region Jämtland Härjedalens viljeinriktning för det fortsatta arbetet med strategisk "
    "planering i det regionala utvecklingsarbetet föreslås vara:",
]

# The project's purpose and background, in the record's words (paragraphs 4, 3 and 2).
PURPOSE = (
    "Det förberedande projektets mål har varit att ta fram Region Jämtland Härjedalens "
    "viljeinriktning för arbete med strategisk planering framöver. Projektet har gått ut på att "
    "kartlägga, förankra och sprida kunskap kring vad regional strategisk planering är samt "
    "identifiera förutsättningar och behov som finns inom Region Jämtland Härjedalen och länet "
    "idag med syfte att stärka kapaciteten för att arbeta med god samhällsplanering i Jämtlands "
    "län."
)
BACKGROUND = "Projektet grundar sig" + SUMMARY_PARAGRAPHS[1].split(" Projektet grundar sig", 1)[1]

DIRECTION_TITLE = (
    "Region Jämtland Härjedalens viljeinriktning för det fortsatta arbetet med strategisk "
    "planering i det regionala utvecklingsarbetet"
)
DIRECTION_POINTS = [
    "Region Jämtland Härjedalen vill inleda ett arbete med strategisk planering i syfte att "
    "stärka det regionala utvecklingsarbetet genom att komplettera andra aktörers arbeten och "
    "skapa mervärden för länets utveckling.",
    "Region Jämtland Härjedalen vill utveckla det rumsliga perspektivet i Region Jämtland "
    "Härjedalens arbete med regional utveckling.",
    "Region Jämtland Härjedalen vill utveckla arbetssätt och modeller kring regional strategisk "
    "planering, internt inom den regionala organisationen och externt tillsammans med kommuner "
    "och andra relevanta aktörer.",
    "Region Jämtland Härjedalen avser söka lämpliga projekt för att föra arbetet framåt.",
]

# "Förslag till beslut" and "Beslut" (the committee decided as proposed). "viljeriktning"
# is the record's own spelling.
PROPOSAL_POINTS = [
    "Regionala utvecklingsnämnden godkänner projektrapporten: Strategisk planering i det "
    "regionala utvecklingsarbetet – förberedande steg.",
    "Regionala utvecklingsnämnden antar förslag på viljeriktning för fortsatt arbete med "
    "strategisk planering i det regionala utvecklingsarbetet.",
]
DECISION_POINTS = list(PROPOSAL_POINTS)

# "Beslutsunderlag", in the record's order: (kind, title).
DOCUMENTS = [
    (
        "official_memo",
        "Tjänsteskrivelse Projekt: Strategisk planering i det regionala utvecklingsarbetet – "
        "förberedande steg",
    ),
    (
        "project_report",
        "Projektrapport Strategisk planering i det regionala utvecklingsarbetet - förberedande "
        "steg",
    ),
    (
        "delegation_decision",
        "Delegationsbeslut Projekt: Strategisk planering i det regionala utvecklingsarbetet – "
        "förberedande steg",
    ),
]

# The project's conclusions from its dialogues (kind, text), quoted from the record. Which
# conclusion supports which point of the viljeinriktning the record does not say: that is an
# editorial reading, so the case links none (planners link them in the portal, where the
# history records who and when).
CONCLUSIONS = [
    (
        "demand",
        "Projektet har synliggjort att det finns en efterfrågan på att Region Jämtland "
        "Härjedalen tar en roll inom den strategiska planeringen i länet, vilket regionen idag "
        "inte har gjort. En sådan roll kan komplettera andra aktörers roller och skapa "
        "mervärden för utvecklingen i länet utan att regionen tar någon annan aktörs ansvar.",
    ),
    (
        "demand",
        'Vidare efterfrågas att Region Jämtland Härjedalen utvecklar det "rumsliga '
        'perspektivet" kopplat till det regionala utvecklingsarbetet, det vill säga, att '
        "regionen arbetar med tydligare geografiska perspektiv.",
    ),
    (
        "need",
        "En ytterligare slutsats som kan dras är att det önskas att Region Jämtland Härjedalen "
        "ser till att det finns resurser med samhällsplaneringskompetens utifrån flera syften. "
        "Dels för att samla och utveckla det strategiska planeringsarbetet på regional nivå "
        "tillsammans med kommunerna och relevanta aktörer i länet, dels för att samla och "
        "utveckla det interna arbetet med strategisk planering inom Region Jämtland Härjedalen "
        "som organisation.",
    ),
    (
        "precondition",
        "Ett fortsatt arbete och utveckling kan och bör göras tillsammans med kommunerna och "
        "andra relevanta aktörer.",
    ),
]


@dataclass(frozen=True)
class MunicipalityFact:
    code: str
    name: str
    organisation: str
    seat: str
    # The seat's tätort centre, WGS84 (lon, lat), to two decimals (about a kilometre).
    seat_lonlat: tuple[float, float]


COUNTY_CODE = "23"
COUNTY_NAME = "Jämtlands län"
MUNICIPALITIES = [
    MunicipalityFact("2303", "Ragunda", "Ragunda kommun", "Hammarstrand", (16.34, 63.10)),
    MunicipalityFact("2305", "Bräcke", "Bräcke kommun", "Bräcke", (15.42, 62.75)),
    MunicipalityFact("2309", "Krokom", "Krokoms kommun", "Krokom", (14.45, 63.33)),
    MunicipalityFact("2313", "Strömsund", "Strömsunds kommun", "Strömsund", (15.56, 63.85)),
    MunicipalityFact("2321", "Åre", "Åre kommun", "Järpen", (13.47, 63.35)),
    MunicipalityFact("2326", "Berg", "Bergs kommun", "Svenstavik", (14.43, 62.77)),
    MunicipalityFact("2361", "Härjedalen", "Härjedalens kommun", "Sveg", (14.36, 62.03)),
    MunicipalityFact("2380", "Östersund", "Östersunds kommun", "Östersund", (14.64, 63.18)),
]

REGION = "Region Jämtland Härjedalen"
COMMITTEE = "Regionala utvecklingsnämnden"
PRESIDIUM = "Regionala utvecklingsnämndens presidium"
COUNTY_BOARD = "Länsstyrelsen Jämtlands län"
ASSOCIATION = "Kommunförbundet Jämtlands län"
AGENCY = "Tillväxtverket"

DIALOGUE_SUMMARY = (
    "Dialog inom projektet för att kartlägga förutsättningar, behov och efterfrågan kring "
    "regional strategisk planering. Protokollet anger inte datum, form eller vad som sades "
    "i den enskilda dialogen."
)


@dataclass
class Counter:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    by_model: dict[str, int] = field(default_factory=dict)


def _upsert(counter: Counter, model: type[models.Model], lookup: dict, values: dict):
    """Get the object matching ``lookup`` and bring it to ``values``; save (and so write
    history) only when something differs. Validates with full_clean() before saving."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        counter.created += 1
    else:
        differs = {k for k, v in values.items() if _differs(getattr(obj, k), v)}
        if not differs:
            counter.unchanged += 1
            mark(SeedRecord.Origin.CASE, [obj])  # a case loaded before records were marked
            return obj
        for key in differs:
            setattr(obj, key, values[key])
        counter.changed += 1
    obj._change_reason = CHANGE_REASON
    obj.full_clean()
    obj.save()
    # generate_data tells a test database (the case, generated data) from one with people's
    # records by these rows.
    mark(SeedRecord.Origin.CASE, [obj])
    counter.by_model[model.__name__] = counter.by_model.get(model.__name__, 0) + 1
    return obj


def _differs(current, wanted) -> bool:
    if hasattr(current, "equals_exact") and wanted is not None and current is not None:
        return not current.equals_exact(wanted, tolerance=0.01)
    if isinstance(current, models.Model) or isinstance(wanted, models.Model):
        return getattr(current, "pk", None) != getattr(wanted, "pk", None)
    return current != wanted


def _set_m2m(manager, objects) -> None:
    wanted = {o.pk for o in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(objects)


def _seat(fact: MunicipalityFact) -> Point:
    point = Point(*fact.seat_lonlat, srid=WGS84)
    point.transform(STORAGE_SRID)
    return point


@dataclass
class _Actors:
    """The places, organisations and committees of the case, as the later sections need them."""

    region: Organisation
    municipalities: dict[str, Municipality]  # by code
    municipal_orgs: dict[str, Organisation]  # by municipality code
    county_board: Organisation
    association: Organisation
    agency: Organisation
    committee: Committee
    presidium: Committee


@transaction.atomic
def load_case() -> Counter:
    c = Counter()
    actors = _places_and_actors(c)
    project = _project(c, actors)
    _dialogues(c, project, actors)
    decision_points = _decision_records(c, project, actors)
    _direction(c, project, decision_points=decision_points)
    return c


def _places_and_actors(c: Counter) -> _Actors:
    org = Organisation.Kind
    county = _upsert(c, County, {"code": COUNTY_CODE}, {"name": COUNTY_NAME})
    region = _upsert(c, Organisation, {"name": REGION}, {"kind": org.REGION})
    municipalities = {}
    municipal_orgs = {}
    for fact in MUNICIPALITIES:
        municipality = _upsert(
            c,
            Municipality,
            {"code": fact.code},
            {"name": fact.name, "county": county, "seat": fact.seat, "seat_location": _seat(fact)},
        )
        municipalities[fact.code] = municipality
        municipal_orgs[fact.code] = _upsert(
            c,
            Organisation,
            {"name": fact.organisation},
            {"kind": org.MUNICIPALITY, "municipality": municipality},
        )
    committee_org = _upsert(
        c, Organisation, {"name": COMMITTEE}, {"kind": org.COMMITTEE, "parent": region}
    )
    presidium_org = _upsert(
        c, Organisation, {"name": PRESIDIUM}, {"kind": org.COMMITTEE, "parent": committee_org}
    )
    county_board = _upsert(
        c, Organisation, {"name": COUNTY_BOARD}, {"kind": org.COUNTY_ADMINISTRATIVE_BOARD}
    )
    association = _upsert(
        c, Organisation, {"name": ASSOCIATION}, {"kind": org.MUNICIPAL_ASSOCIATION}
    )
    agency = _upsert(c, Organisation, {"name": AGENCY}, {"kind": org.GOVERNMENT_AGENCY})

    committee = _upsert(
        c, Committee, {"organisation": committee_org}, {"abbreviation": "RUN", "parent": None}
    )
    presidium = _upsert(
        c, Committee, {"organisation": presidium_org}, {"abbreviation": "", "parent": committee}
    )
    return _Actors(
        region=region,
        municipalities=municipalities,
        municipal_orgs=municipal_orgs,
        county_board=county_board,
        association=association,
        agency=agency,
        committee=committee,
        presidium=presidium,
    )


def _project(c: Counter, actors: _Actors) -> Project:
    project = _upsert(
        c,
        Project,
        {"diarienummer": DIARIENUMMER},
        {
            "title": PROJECT_TITLE,
            "summary": SUMMARY_PARAGRAPHS[0],
            "purpose": PURPOSE,
            "background": BACKGROUND,
            # "januari-maj 2025": months, not days (shown as "januari–maj 2025").
            "start_date": datetime.date(2025, 1, 1),
            "end_date": datetime.date(2025, 5, 31),
            "period_precision": Project.PeriodPrecision.MONTH,
            "status": Project.Status.COMPLETED,
            "owner": actors.region,
            "is_published": True,
            "source": SOURCE,
        },
    )
    _set_m2m(project.municipalities, list(actors.municipalities.values()))
    # "internt inom Region Jämtland Härjedalen samt tillsammans med länets alla kommuner,
    # länsstyrelsen och kommunförbundet": not the funder, Tillväxtverket.
    _set_m2m(
        project.dialogue_counterparts, [actors.region, actors.county_board, actors.association]
    )
    _upsert(
        c,
        FundingLine,
        {"project": project, "kind": FundingLine.Kind.GRANT, "funder": actors.agency},
        {"programme": ""},
    )
    _upsert(
        c,
        FundingLine,
        {"project": project, "kind": FundingLine.Kind.CO_FINANCING, "funder": None},
        {"programme": "Statliga medel för regionala utvecklingsåtgärder (anslag 1:1)"},
    )
    return project


def _dialogues(c: Counter, project: Project, actors: _Actors) -> list[Insight]:
    """A dialogue per municipality and per other actor, the region's internal ones, and the
    project's conclusions (insights of the project, not of one dialogue), which it returns."""
    dialogue_common = {
        "summary": DIALOGUE_SUMMARY,
        "is_published": True,
        "source": SOURCE,
    }
    for fact in MUNICIPALITIES:
        dialogue = _upsert(
            c,
            Dialogue,
            {"project": project, "title": f"Dialog med {fact.organisation}"},
            {
                **dialogue_common,
                "scope": Dialogue.Scope.EXTERNAL,
                "municipality": actors.municipalities[fact.code],
            },
        )
        _set_m2m(dialogue.organisations, [actors.municipal_orgs[fact.code]])
    for actor in (actors.county_board, actors.association):
        dialogue = _upsert(
            c,
            Dialogue,
            {"project": project, "title": f"Dialog med {actor.name}"},
            {**dialogue_common, "scope": Dialogue.Scope.EXTERNAL, "municipality": None},
        )
        _set_m2m(dialogue.organisations, [actor])
    dialogue = _upsert(
        c,
        Dialogue,
        {"project": project, "title": f"Interna dialoger inom {REGION}"},
        {**dialogue_common, "scope": Dialogue.Scope.INTERNAL, "municipality": None},
    )
    _set_m2m(dialogue.organisations, [actors.region])

    conclusions = []
    for position, (kind, text) in enumerate(CONCLUSIONS, start=1):
        conclusions.append(
            _upsert(
                c,
                Insight,
                {"project": project, "dialogue": None, "position": position},
                {"kind": kind, "text": text},
            )
        )
    return conclusions


def _decision_records(c: Counter, project: Project, actors: _Actors) -> list[DecisionPoint]:
    """The three meetings that dealt with the project; returns the decision points of
    2025-05-13."""
    published = Meeting.MinutesStatus.PUBLISHED
    # The record only mentions the meetings of 18 February and 18 March: their minutes are
    # not in the portal (issue 12), and nothing is said of what they contain.
    mentioned = Meeting.MinutesStatus.NOT_IN_PORTAL
    info_meeting = _upsert(
        c,
        Meeting,
        {
            "committee": actors.committee,
            "date": datetime.date(2025, 2, 18),
            "kind": Meeting.Kind.SESSION,
        },
        {"minutes_status": mentioned, "source": SOURCE_MENTIONED},
    )
    _upsert(
        c,
        AgendaItem,
        {"meeting": info_meeting, "project": project, "kind": AgendaItem.Kind.INFORMATION},
        {
            "title": f"Informationspunkt: {PROJECT_TITLE}",
            "summary": "Informationspunkt vid regionala utvecklingsnämndens sammanträde den "
            "18 februari 2025.",
            "position": 1,
        },
    )
    check_in = _upsert(
        c,
        Meeting,
        {
            "committee": actors.presidium,
            "date": datetime.date(2025, 3, 18),
            "kind": Meeting.Kind.CHECK_IN,
        },
        {"minutes_status": mentioned, "source": SOURCE_MENTIONED},
    )
    _upsert(
        c,
        AgendaItem,
        {"meeting": check_in, "project": project, "kind": AgendaItem.Kind.CHECK_IN},
        {
            "title": "Avstämning kring projektets framfart och tidiga förslag till viljeinriktning",
            "summary": "Avstämning med nämndens presidium den 18 mars kring projektets framfart "
            "och tidiga förslag till viljeinriktning.",
            "position": 1,
        },
    )
    decision_meeting = _upsert(
        c,
        Meeting,
        {
            "committee": actors.committee,
            "date": datetime.date(2025, 5, 13),
            "kind": Meeting.Kind.SESSION,
        },
        {"minutes_status": published, "source": SOURCE},
    )
    item = _upsert(
        c,
        AgendaItem,
        {"meeting": decision_meeting, "diarienummer": DIARIENUMMER},
        {
            "title": AGENDA_ITEM_TITLE,
            "kind": AgendaItem.Kind.DECISION,
            "summary": agenda_item_summary(),
            "outcome": AgendaItem.Outcome.AS_PROPOSED,
            "project": project,
            "position": 1,
        },
    )
    for number, text in enumerate(PROPOSAL_POINTS, start=1):
        _upsert(c, ProposalPoint, {"agenda_item": item, "number": number}, {"text": text})
    decision_points = [
        _upsert(c, DecisionPoint, {"agenda_item": item, "number": number}, {"text": text})
        for number, text in enumerate(DECISION_POINTS, start=1)
    ]
    for position, (kind, title) in enumerate(DOCUMENTS, start=1):
        document = _upsert(
            c,
            Document,
            {"title": title},
            {"kind": kind, "project": project, "is_public": True, "source": SOURCE},
        )
        _upsert(
            c,
            AgendaItemDocument,
            {"agenda_item": item, "document": document},
            {"position": position},
        )
    return decision_points


def _direction(
    c: Counter,
    project: Project,
    *,
    decision_points: list[DecisionPoint],
) -> None:
    """The viljeinriktning, adopted by decision point 2, with its four points."""
    direction = _upsert(
        c, Direction, {"title": DIRECTION_TITLE}, {"project": project, "source": SOURCE}
    )
    version = _upsert(
        c,
        DirectionVersion,
        {"direction": direction, "number": 1},
        {"status": DirectionVersion.Status.ADOPTED, "adopted_by": decision_points[1]},
    )
    for number, text in enumerate(DIRECTION_POINTS, start=1):
        point = _upsert(c, DirectionPoint, {"version": version, "number": number}, {"text": text})
        # No editorial links in the case (see CONCLUSIONS); a database loaded before loses
        # the ones an earlier case made.
        _set_m2m(point.insights, [])


def agenda_item_summary() -> str:
    """The whole "Sammanfattning" of the agenda item, with the four proposed points."""
    bullets = "\n".join(f"• {point}" for point in DIRECTION_POINTS)
    return "\n\n".join([*SUMMARY_PARAGRAPHS, bullets])
