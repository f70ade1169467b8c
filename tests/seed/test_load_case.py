"""load_case reproduces the record of Regionala utvecklingsnämnden 2025-05-13 faithfully,
and running it again changes nothing."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from decisions.models import AgendaItem, Document, Meeting
from dialogues.models import Dialogue, Insight
from directions.models import DirectionPoint, DirectionVersion
from organisations.models import Organisation
from places.models import County, Municipality
from projects.models import FundingLine, Project
from seed import case as record
from seed import shipped

SEED = shipped.RECORD
pytestmark = pytest.mark.django_db


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def seed_text() -> str:
    text = SEED.read_text(encoding="utf-8")
    # Page furniture of the PDF extraction, between page 1 and the rest of the text.
    text = re.sub(r"Page \d of \d.*?Utdragsbestyrkande", " ", text, flags=re.S)
    return _words(text)


def all_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"places", "organisations", "projects", "dialogues", "directions", "decisions"}
    }


def test_every_text_of_the_case_is_the_records_own(seed_text):
    texts = [
        *record.SUMMARY_PARAGRAPHS,
        *record.DIRECTION_POINTS,
        *record.PROPOSAL_POINTS,
        *record.DECISION_POINTS,
        record.PURPOSE.split(". ", 1)[0],
        record.BACKGROUND,
        *(text for _kind, text in record.CONCLUSIONS),
    ]
    for text in texts:
        assert _words(text) in seed_text, text[:80]
    for _kind, title in record.DOCUMENTS:
        assert _words(title) in seed_text, title


def test_the_case_is_loaded_as_the_record_gives_it(case):
    project = case
    assert project.diarienummer == "RUN/479/2024"
    assert (project.case_number.prefix, project.case_number.sequence, project.case_number.year) == (
        "RUN",
        479,
        2024,
    )
    assert (project.start_date, project.end_date) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 5, 31),
    )
    assert project.status == Project.Status.COMPLETED
    assert project.owner.name == "Region Jämtland Härjedalen"
    assert sorted(project.municipalities.values_list("code", flat=True)) == [
        "2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380",
    ]  # fmt: skip

    grant, cofinancing = (
        project.funding_lines.get(kind=FundingLine.Kind.GRANT),
        project.funding_lines.get(kind=FundingLine.Kind.CO_FINANCING),
    )
    assert grant.funder.name == "Tillväxtverket"
    assert "anslag 1:1" in cofinancing.programme
    assert grant.amount is None and cofinancing.amount is None  # not in the record

    meetings = Meeting.objects.order_by("date")
    assert [(m.date.isoformat(), m.kind, str(m.committee)) for m in meetings] == [
        ("2025-02-18", "session", "Regionala utvecklingsnämnden"),
        ("2025-03-18", "check_in", "Regionala utvecklingsnämndens presidium"),
        ("2025-05-13", "session", "Regionala utvecklingsnämnden"),
    ]
    # The record only mentions the first two: their minutes are not in the portal.
    assert [m.minutes_status for m in meetings] == ["not_in_portal", "not_in_portal", "published"]
    item = AgendaItem.objects.get(meeting__date=datetime.date(2025, 5, 13))
    assert item.diarienummer == "RUN/479/2024"
    assert item.number is None  # the record does not give the §
    assert [p.text for p in item.proposal_points.all()] == record.PROPOSAL_POINTS
    assert [p.text for p in item.decision_points.all()] == record.DECISION_POINTS
    assert [link.document.title for link in item.document_links.all()] == [
        title for _kind, title in record.DOCUMENTS
    ]
    assert Document.objects.filter(kind="project_report", project=project).count() == 1

    version = DirectionVersion.objects.get()
    assert version.status == DirectionVersion.Status.ADOPTED
    assert version.adopted_by == item.decision_points.get(number=2)
    assert [p.text for p in version.points.all()] == record.DIRECTION_POINTS
    # Which conclusion supports which point is not in the record: the case links none.
    assert not DirectionPoint.insights.through.objects.filter(directionpoint__version=version)


def test_dialogues_are_held_with_every_municipality_and_actor_with_dates_unknown(case):
    dialogues = Dialogue.objects.filter(project=case)
    met = Organisation.objects.filter(dialogues__in=dialogues)
    assert set(met.filter(kind="municipality").values_list("municipality__code", flat=True)) == {
        f.code for f in record.MUNICIPALITIES
    }
    assert met.filter(name="Länsstyrelsen Jämtlands län").exists()
    assert met.filter(name="Kommunförbundet Jämtlands län").exists()
    assert dialogues.filter(scope=Dialogue.Scope.INTERNAL, organisations__kind="region").exists()
    assert dialogues.count() == 11
    assert not dialogues.filter(date__isnull=False).exists()
    assert not dialogues.exclude(format="").exists()
    assert not dialogues.filter(location__isnull=False).exists()
    assert Insight.objects.filter(project=case, dialogue=None).count() == len(record.CONCLUSIONS)


def test_county_and_municipalities_have_their_official_codes(case):
    assert County.objects.get().code == "23"
    assert dict(Municipality.objects.values_list("code", "name")) == {
        "2303": "Ragunda", "2305": "Bräcke", "2309": "Krokom", "2313": "Strömsund",
        "2321": "Åre", "2326": "Berg", "2361": "Härjedalen", "2380": "Östersund",
    }  # fmt: skip


def test_running_load_case_twice_gives_the_same_result_and_no_new_history(case):
    before = all_counts()
    history_before = Project.history.count() + Dialogue.history.count() + Meeting.history.count()
    out = StringIO()
    call_command("load_case", stdout=out)
    assert all_counts() == before
    assert (
        Project.history.count() + Dialogue.history.count() + Meeting.history.count()
        == history_before
    )
    assert "0 records created, 0 updated" in out.getvalue()


def test_load_case_restores_a_changed_fact(case):
    Project.objects.filter(pk=case.pk).update(title="Något annat")
    call_command("load_case", stdout=StringIO())
    case.refresh_from_db()
    assert case.title == record.PROJECT_TITLE


def test_load_case_if_empty_leaves_a_used_database_alone(case):
    Project.objects.filter(pk=case.pk).update(title="Ändrad av en planerare")
    out = StringIO()
    call_command("load_case", "--if-empty", stdout=out)
    case.refresh_from_db()
    assert case.title == "Ändrad av en planerare"
    assert "not loaded" in out.getvalue()


def test_history_records_where_the_case_came_from(case):
    assert case.history.first().history_change_reason.startswith("load_case")
