"""
Full-text search, one function for pages and API alike.

On PostgreSQL: the Swedish text-search configuration (stemming: "kommunerna" finds
"kommun"), websearch syntax ("a -b", quoted phrases), ranked. On SpatiaLite: every word
must occur (case-insensitively) in one of the fields — simpler, but the same interface.
SQLite's own ``LIKE`` and ``lower()`` fold ASCII letters only ("östersund" would not find
"Östersund"), so on SQLite both sides are folded by Python's ``str.casefold`` (registered on
every connection as ``portal_casefold``, :func:`register_sqlite_functions`): Swedish users
type lower case. Å, ä and ö stay letters of their own (no accent stripping: "år" is not "ar").

On PostgreSQL each searched model with many rows has a GIN index on exactly the search
vector that :func:`text_search` writes (:func:`search_indexes`; created by each app's
migration with :class:`AddSearchIndex`), so that the match is a bitmap index scan, not a scan
of the table that computes every row's vector. The index serves a query only when the fields
are the same, in the same order: each searched model declares its ``search_fields`` once, and
the search page, the API's ``?search=`` and the index all read them
(tests/perf/test_search_index.py holds the migrations to it).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.migrations.operations.base import Operation
from django.db.models import F, Func, Q, QuerySet, TextField
from django.db.models.lookups import Contains

SEARCH_CONFIG = "swedish"
MAX_QUERY_LENGTH = 200
SQLITE_CASEFOLD = "portal_casefold"


def _casefold(value):
    return None if value is None else str(value).casefold()


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give every SQLite connection a Unicode case fold (``connection_created``): SQLite's
    ``lower()`` and ``LIKE`` know ASCII only. Deterministic, so SQLite may use it freely."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_CASEFOLD, 1, _casefold, deterministic=True)


class Casefold(Func):
    """``str.casefold`` of a text column on SQLite (see :func:`register_sqlite_functions`)."""

    function = SQLITE_CASEFOLD
    output_field = TextField()


def text_search(queryset: QuerySet, query: str, *, fields: list[str]) -> QuerySet:
    """Filter ``queryset`` to rows matching ``query`` in ``fields``; best matches first on
    PostgreSQL. An empty query matches nothing."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return queryset.none()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        vector = SearchVector(*fields, config=SEARCH_CONFIG)
        return (
            queryset.annotate(search_vector=vector)
            .filter(search_vector=search_query)
            .annotate(search_rank=SearchRank(vector, search_query))
            .order_by("-search_rank", "pk")
        )
    condition = Q()
    for word in query.split():
        word = word.strip('"')
        if not word or word.startswith("-"):
            continue
        any_field = Q()
        for field in fields:
            # Both sides folded the same way: "östersund", "Östersund" and "ÖSTERSUND" agree.
            any_field |= Q(Contains(Casefold(F(field)), word.casefold()))
        condition &= any_field
    return queryset.filter(condition) if condition else queryset.none()


# --- the indexes (PostgreSQL) ----------------------------------------------------------------


@dataclass(frozen=True)
class SearchIndex:
    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    name: str


@functools.cache
def search_indexes() -> tuple[SearchIndex, ...]:
    """The models searched with many rows at national scale, collected from the app registry:
    each declares ``search_fields`` and ``search_index`` (the index's name). The small tables
    searched by the API (counties, municipalities, organisations, committees, meetings,
    funding lines, milestones, statements of intent) declare only ``search_fields``: they are
    read whole faster than through an index."""
    return tuple(
        SearchIndex(model._meta.label, tuple(model.search_fields), model.search_index)
        for model in apps.get_models()
        if getattr(model, "search_index", None) and not model._meta.proxy
    )


def search_index(fields, name: str) -> GinIndex:
    """The GIN index on the very expression :func:`text_search` filters on."""
    return GinIndex(SearchVector(*fields, config=SEARCH_CONFIG), name=name)


class AddSearchIndex(Operation):
    """A migration operation: create the search index on PostgreSQL; nothing on SpatiaLite,
    which has no GIN indexes (its search is the simpler ``icontains`` one). The index is
    not part of the models' state, so the autodetector neither sees nor repeats it."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, fields: list[str], name: str):
        self.model_name = model_name
        self.fields = list(fields)
        self.name = name

    def deconstruct(self):
        return (
            self.__class__.__name__,
            [],
            {"model_name": self.model_name, "fields": self.fields, "name": self.name},
        )

    def state_forwards(self, app_label, state):
        pass

    def _index(self) -> GinIndex:
        return search_index(self.fields, self.name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self._index())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self._index())

    def describe(self):
        return f"Create the search index {self.name} on {self.model_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return self.name
