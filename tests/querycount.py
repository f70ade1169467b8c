"""Pinning the number of queries of a page: the same with few rows and with many."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url: str) -> tuple[int, object]:
    """The number of database queries one GET of ``url`` makes, and the response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(captured), response


def assert_constant_queries(client, url: str, add_rows, *, expected: int) -> object:
    """GET ``url``, call ``add_rows()`` (which adds many more rows), GET it again: both
    must make exactly ``expected`` queries. Returns the second response.

    A first, unmeasured GET warms per-connection caches (the spatial backend's version,
    content types) that would otherwise count once."""
    client.get(url)
    few, _response = queries_of(client, url)
    add_rows()
    many, response = queries_of(client, url)
    assert (few, many) == (expected, expected), (
        f"{url}: {few} queries with few rows, {many} with many; pinned at {expected}"
    )
    return response
