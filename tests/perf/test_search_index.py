"""The full-text search has a GIN index on PostgreSQL on exactly the vector it matches
(core.search.search_indexes(), from the models' ``search_fields`` and ``search_index``), and
the queries of the search page and the API use it."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from core.search import AddSearchIndex, search_indexes, text_search
from dialogues.models import Dialogue
from planning_portal.api import router
from planning_portal.views import SEARCH_KINDS
from tests.projects.factories import ProjectFactory

SEARCH_INDEXES = search_indexes()
INDEXED = {index.model: index for index in SEARCH_INDEXES}

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="GIN indexes exist on PostgreSQL only"
)


def test_every_kind_of_the_search_page_has_an_index():
    for kind in SEARCH_KINDS:
        assert kind.model in INDEXED, f"{kind.model} is searched without an index"


def test_the_api_searches_every_indexed_model():
    searched = set()
    for _prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is None or "search" not in filterset.base_filters:
            continue
        model = filterset._meta.model
        assert model.search_fields, f"{model._meta.label} has ?search= but no search_fields"
        searched.add(model._meta.label)
    assert set(INDEXED) <= searched


def test_the_migrations_index_the_fields_the_models_search():
    """A changed ``search_fields`` needs a migration with ``AddSearchIndex`` (same fields,
    same order, the model's ``search_index``): the index serves only its own expression."""
    migrated = {}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for _key, migration in sorted(loader.disk_migrations.items()):  # in order within an app
        for operation in migration.operations:
            if isinstance(operation, AddSearchIndex):
                migrated[operation.name] = tuple(operation.fields)
    for index in SEARCH_INDEXES:
        assert migrated.get(index.name) == index.fields, index.model


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
