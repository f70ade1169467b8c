"""generate_data: deterministic, clearly marked, on top of the real case."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from decisions.models import AgendaItem, Document, Meeting
from dialogues.models import Dialogue, Insight
from directions.models import Direction, DirectionPoint
from projects.models import Project
from seed import shipped
from tests.decisions.factories import AgendaItemFactory, DocumentFactory, MeetingFactory
from tests.dialogues.factories import DialogueFactory
from tests.directions.factories import DirectionFactory
from tests.projects.factories import ProjectFactory

DATA = shipped.DATA_DIR
pytestmark = pytest.mark.django_db


def fingerprint() -> str:
    rows = Dialogue.objects.order_by("title").values_list(
        "title", "date", "format", "municipality__code", "is_published"
    )
    located = Dialogue.objects.order_by("title").values_list("location", flat=True)
    text = repr(list(rows)) + repr([p.wkt if p else None for p in located])
    text += repr(
        list(Insight.objects.order_by("dialogue__title", "position").values_list("kind", "text"))
    )
    return hashlib.sha256(text.encode()).hexdigest()


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_data", "--scale", "county", *args, stdout=out)
    return out.getvalue()


def test_county_scale_is_generated_on_top_of_the_real_case():
    out = generate()
    assert "800 dialogues, 2400 insights" in out
    assert Project.objects.filter(diarienummer="RUN/479/2024").exists()
    generated = Project.objects.filter(diarienummer__startswith="GEN/")
    assert generated.count() == 20
    assert not generated.exclude(source__startswith="Genererad testdata").exists()
    assert (
        not Dialogue.objects.filter(project__in=generated)
        .exclude(source__startswith="Genererad testdata")
        .exists()
    )


def test_the_same_seed_gives_the_same_data():
    generate("--seed", "7")
    first = fingerprint()
    generate("--seed", "7", "--replace")
    assert fingerprint() == first
    generate("--seed", "8", "--replace")
    assert fingerprint() != first


def test_a_second_run_reuses_the_data():
    generate()
    count = Dialogue.objects.count()
    assert "already present" in generate()
    assert Dialogue.objects.count() == count


def test_replace_leaves_the_real_case_alone(case):
    generate()
    generate("--replace")
    case.refresh_from_db()
    assert case.dialogues.count() == 11
    assert Project.objects.filter(diarienummer__startswith="GEN/").count() == 20


GENERATED_SOURCE = "Genererad testdata (generate_data --scale county --seed 1)"


def test_replace_never_deletes_records_whose_source_a_planner_wrote_like_the_generator(case):
    """Issue 13, Medium 5: --replace selected rows by the free-text source and deleted real,
    published minutes (and could take a statement of intent). Only rows it made go now."""
    generate()
    minutes = MeetingFactory(
        date=datetime.date(2025, 6, 10),
        minutes_status=Meeting.MinutesStatus.PUBLISHED,
        adjusted_on=datetime.date(2025, 6, 17),
        published_on=datetime.date(2025, 6, 18),
        adjusters="Anna Andersson",
        source=GENERATED_SOURCE,
    )
    item = AgendaItemFactory(meeting=minutes, title="Ärende som justerats")
    direction = DirectionFactory(title="Viljeinriktning av en planerare", source=GENERATED_SOURCE)
    document = DocumentFactory(title="Handling av en planerare", source=GENERATED_SOURCE)

    generate("--replace", "--allow-other-records")

    assert Meeting.objects.filter(pk=minutes.pk, adjusters="Anna Andersson").exists()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert Direction.objects.filter(pk=direction.pk).exists()
    assert Document.objects.filter(pk=document.pk).exists()
    assert Project.objects.filter(diarienummer__startswith="GEN/").count() == 20


def test_it_refuses_a_database_holding_peoples_records_unless_told(case):
    ProjectFactory(title="Ett riktigt projekt")
    with pytest.raises(CommandError, match="neither load_case nor generate_data"):
        generate()
    assert not Project.objects.filter(diarienummer__startswith="GEN/").exists()
    assert "Generated" in generate("--allow-other-records")


def test_replace_refuses_to_take_a_planners_record_along_and_deletes_nothing(case):
    generate()
    generated_project = Project.objects.filter(diarienummer__startswith="GEN/").first()
    planners = DialogueFactory(project=generated_project, title="En planerares dialog")
    dialogues = Dialogue.objects.count()
    with pytest.raises(CommandError, match="did not make"):
        generate("--replace", "--allow-other-records")
    assert Dialogue.objects.filter(pk=planners.pk).exists()
    assert Dialogue.objects.count() == dialogues  # all or nothing


def test_replace_refuses_to_unlink_an_insight_from_a_statement_of_intent(case):
    generate()
    point = DirectionPoint.objects.filter(version__direction__project=case).first()
    insight = Insight.objects.filter(dialogue__project__diarienummer__startswith="GEN/").first()
    DirectionPoint.insights.through.objects.create(directionpoint=point, insight=insight)
    with pytest.raises(CommandError, match="did not make"):
        generate("--replace")
    assert point.insights.filter(pk=insight.pk).exists()
