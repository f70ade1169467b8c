import pytest
from django.db import connection

from core.search import text_search
from projects.models import Project
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_every_word_must_match_and_case_does_not_matter():
    wanted = ProjectFactory(title="Strategisk planering i länet", summary="Rumsligt perspektiv")
    ProjectFactory(title="Strategisk upphandling", summary="Inget annat")
    found = text_search(Project.objects.all(), "STRATEGISK perspektiv", fields=["title", "summary"])
    assert list(found) == [wanted]


def test_an_empty_query_finds_nothing():
    ProjectFactory()
    assert not text_search(Project.objects.all(), "   ", fields=["title"]).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_swedish_stemming_on_postgresql():
    wanted = ProjectFactory(title="Dialoger med kommunerna")
    assert list(text_search(Project.objects.all(), "kommun", fields=["title"])) == [wanted]
