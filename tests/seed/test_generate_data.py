"""generate_data: deterministic, clearly marked, on top of the real case."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from dialogues.models import Dialogue, Insight
from projects.models import Project
from seed import shipped

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
