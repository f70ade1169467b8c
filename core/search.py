"""
Full-text search, one function for pages and API alike.

On PostgreSQL: the Swedish text-search configuration (stemming: "kommunerna" finds
"kommun"), websearch syntax ("a -b", quoted phrases), ranked. On SpatiaLite: every word
must occur (case-insensitively) in one of the fields — simpler, but the same interface.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

SEARCH_CONFIG = "swedish"
MAX_QUERY_LENGTH = 200


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
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition) if condition else queryset.none()
