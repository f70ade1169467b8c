"""The full-text search has a GIN index on PostgreSQL on exactly the vector it matches
(core.search.SEARCH_INDEXES), and the queries of the search page and the API use it."""

import pytest
from django.apps import apps
from django.db import connection

from core.search import SEARCH_INDEXES, text_search
from dialogues.models import Dialogue
from planning_portal.api import router
from planning_portal.views import SEARCH_KINDS
from tests.projects.factories import ProjectFactory

INDEXED = {index.model: index for index in SEARCH_INDEXES}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="GIN indexes exist on PostgreSQL only"
)


def test_every_kind_of_the_search_page_searches_the_fields_of_its_index():
    for kind in SEARCH_KINDS:
        assert kind.model in INDEXED, f"{kind.model} is searched without an index"
        assert tuple(kind.fields) == INDEXED[kind.model].fields, kind.model


def test_the_apis_search_of_an_indexed_model_searches_the_fields_of_its_index():
    checked = set()
    for _prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        fields = getattr(filterset, "search_fields", None)
        if not fields:
            continue
        label = filterset._meta.model._meta.label
        if label in INDEXED:
            assert tuple(fields) == INDEXED[label].fields, label
            checked.add(label)
    assert checked == set(INDEXED)


@postgresql_only
@pytest.mark.django_db
def test_every_search_index_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes")
        defined = dict(cursor.fetchall())
    for index in SEARCH_INDEXES:
        assert index.name in defined, index.name
        assert "USING gin (to_tsvector('swedish'::regconfig" in defined[index.name]


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize("index", SEARCH_INDEXES, ids=lambda index: index.model)
def test_the_search_query_can_use_its_index(index):
    """With sequential scans priced out, the plan shows the index: the query's expression is
    the index's (with another expression PostgreSQL would have to read the table anyway)."""
    model = apps.get_model(index.model)
    found = text_search(model.objects.all(), "kommunerna -skola", fields=list(index.fields))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = found.explain()
    assert f"Bitmap Index Scan on {index.name}" in plan, plan


@postgresql_only
@pytest.mark.django_db
def test_a_search_among_thousands_of_dialogues_finds_its_row_through_the_index():
    project = ProjectFactory()
    Dialogue.objects.bulk_create(
        Dialogue(
            project=project,
            title=f"Dialog {n} om kollektivtrafik",
            summary="Samtal om regional planering och bredband.",
            scope=Dialogue.Scope.EXTERNAL,
            is_published=True,
        )
        for n in range(4000)
    )
    Dialogue.objects.filter(pk=Dialogue.objects.order_by("pk")[1234].pk).update(
        summary="Samtal om fjällräddning i kommunerna."
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dialogues_dialogue")
        # Whether the planner prefers the index on its own at this size depends on its
        # statistics; priced out, a table scan shows that the index cannot serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
    found = text_search(Dialogue.objects.all(), "fjällräddningen", fields=["title", "summary"])
    assert found.count() == 1
    plan = found.explain(analyze=True)
    assert "Bitmap Index Scan on dialogues_dialogue_search" in plan, plan
