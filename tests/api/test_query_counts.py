"""Every list answers with the same number of queries for 2 rows as for 20: related records
come with select_related/prefetch_related, geometry is transformed in the database, and
hidden references are nulled by an EXISTS in the main query. The counts are pinned."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.builders import FULL_ROWS
from tests.api.helpers import list_url

pytestmark = pytest.mark.django_db

# Anonymous: COUNT + the page + one query per prefetched relation.
ANONYMOUS = {
    "project": 3,
    "fundingline": 2,
    "milestone": 2,
    "organisation": 2,
    "county": 3,
    "municipality": 2,
    "planningarea": 3,
    "dialogue": 4,
    "insight": 2,
    "direction": 3,
    "directionversion": 5,
    "directionpoint": 4,
    "committee": 2,
    "meeting": 3,
    "agendaitem": 5,
    "proposalpoint": 2,
    "decisionpoint": 3,
    "document": 3,
}
# A token adds its lookup (with its user) and the user's roles.
TOKEN_EXTRA = 2


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def rows(basename, start, stop):
    for i in range(start, stop):
        FULL_ROWS[basename](i)


def warm_up(client):
    # The first spatial query of a connection asks for the SpatiaLite version once.
    client.get(list_url("municipality"))


@pytest.mark.parametrize("basename", sorted(FULL_ROWS))
def test_a_list_costs_the_same_queries_for_2_rows_as_for_20(anonymous, basename):
    warm_up(anonymous)
    url = list_url(basename)
    rows(basename, 0, 2)
    few = count_queries(anonymous, url)
    rows(basename, 2, 20)
    many = count_queries(anonymous, url)
    assert (few, many) == (ANONYMOUS[basename], ANONYMOUS[basename])


@pytest.mark.parametrize("basename", sorted(FULL_ROWS))
def test_a_list_read_with_a_token_costs_the_same_for_2_rows_as_for_20(planner_token, basename):
    warm_up(planner_token)  # also records the token's last use, which is written once a minute
    url = list_url(basename)
    rows(basename, 0, 2)
    few = count_queries(planner_token, url)
    rows(basename, 2, 20)
    many = count_queries(planner_token, url)
    assert few == many == ANONYMOUS[basename] + TOKEN_EXTRA


@pytest.mark.parametrize("basename", sorted(FULL_ROWS))
def test_the_csv_export_costs_the_same_for_2_rows_as_for_20(anonymous, basename):
    warm_up(anonymous)
    url = list_url(basename, format="csv")
    rows(basename, 0, 2)
    few = count_queries(anonymous, url)
    rows(basename, 2, 20)
    assert count_queries(anonymous, url) == few == ANONYMOUS[basename] - 1  # no COUNT
