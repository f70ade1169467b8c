import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import FundingLine, Project
from tests.organisations.factories import OrganisationFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_project_with_the_same_diarienummer():
    ProjectFactory(diarienummer="RUN/479/2024")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(diarienummer="RUN/479/2024")


def test_database_refuses_a_diarienummer_in_the_wrong_form():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(diarienummer="run 479-2024")


def test_validation_normalises_and_explains_a_diarienummer():
    project = ProjectFactory.build(diarienummer="run/0479/2024")
    project.full_clean()
    assert project.diarienummer == "RUN/479/2024"
    with pytest.raises(ValidationError) as excinfo:
        ProjectFactory.build(diarienummer="479/2024").full_clean()
    assert "diarienummer" in excinfo.value.message_dict


def test_validation_finds_the_duplicate_whatever_its_spelling():
    ProjectFactory(diarienummer="RUN/479/2024")
    with pytest.raises(ValidationError) as excinfo:
        ProjectFactory.build(diarienummer="run/479/2024").full_clean()
    assert "diarienummer" in excinfo.value.message_dict


def test_case_number_is_parsed():
    project = ProjectFactory.build(diarienummer="RS/12/2025")
    assert project.case_number.prefix == "RS"
    assert project.case_number.sequence == 12
    assert project.case_number.year == 2025


def test_database_refuses_a_project_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(start_date=datetime.date(2025, 5, 1), end_date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        ProjectFactory.build(
            start_date=datetime.date(2025, 5, 1), end_date=datetime.date(2025, 1, 1)
        ).full_clean()


def test_unknown_period_and_amount_stay_empty():
    project = ProjectFactory(start_date=None, end_date=None)
    line = FundingLineFactory(project=project, amount=None)
    project.full_clean()
    line.full_clean()


def test_database_refuses_a_funding_line_without_funder_or_programme():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingLineFactory(funder=None, programme="")


def test_database_refuses_a_negative_amount():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingLineFactory(amount=-1)


def test_funding_line_reads_as_kind_and_source():
    line = FundingLineFactory(funder=OrganisationFactory(name="Tillväxtverket"))
    assert str(line) == "Grant: Tillväxtverket" or "Tillväxtverket" in str(line)
    assert line.kind == FundingLine.Kind.GRANT


def test_every_change_is_kept_in_history(planner):
    project = ProjectFactory(title="Före")
    project.title = "Efter"
    project._history_user = planner
    project.save()
    titles = list(project.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Före", "Efter"]
    assert project.history.first().history_user == planner


def test_project_str_and_url():
    project = ProjectFactory(title="Strategisk planering", diarienummer="RUN/479/2024")
    assert str(project) == "Strategisk planering (RUN/479/2024)"
    assert project.get_absolute_url() == f"/projekt/{project.pk}/"


def test_visible_to_hides_unpublished_projects_from_anonymous(planner):
    from django.contrib.auth.models import AnonymousUser

    published = ProjectFactory(is_published=True)
    draft = ProjectFactory(is_published=False)
    assert list(Project.objects.visible_to(AnonymousUser())) == [published]
    assert set(Project.objects.visible_to(planner)) == {published, draft}


@pytest.mark.parametrize(
    ("start", "end", "precision", "label"),
    [
        ((2025, 1, 1), (2025, 5, 31), "month", "januari–maj 2025"),
        ((2025, 3, 1), (2025, 3, 31), "month", "mars 2025"),
        ((2024, 11, 1), (2025, 2, 28), "month", "november 2024 – februari 2025"),
        ((2025, 1, 1), None, "month", "januari 2025 – …"),
        ((2025, 1, 13), (2025, 5, 31), "day", "13 januari 2025 – 31 maj 2025"),
    ],
)
def test_the_period_is_shown_as_precisely_as_it_is_known(start, end, precision, label, swedish):
    project = ProjectFactory.build(
        start_date=datetime.date(*start),
        end_date=datetime.date(*end) if end else None,
        period_precision=precision,
    )
    assert project.period_label == label


def test_a_period_in_months_runs_from_the_first_to_the_last_of_a_month():
    project = ProjectFactory.build(
        start_date=datetime.date(2025, 1, 2),
        end_date=datetime.date(2025, 5, 30),
        period_precision="month",
    )
    with pytest.raises(ValidationError) as refused:
        project.full_clean(exclude=["diarienummer", "owner"])
    assert set(refused.value.message_dict) == {"start_date", "end_date"}
