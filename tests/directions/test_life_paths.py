"""The version's life on every path: the pages (propose, name the decision, adjust the
minutes, compare, reorder), the REST API (409/400, ETags) and the admin, with pinned query
counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import record_version
from directions.models import DirectionVersion
from directions.services import direction_propose_version, direction_version_propose
from tests.decisions.factories import (
    AgendaItemFactory,
    DecisionPointFactory,
    MeetingFactory,
    ProposalPointFactory,
)
from tests.dialogues.factories import InsightFactory
from tests.directions.factories import (
    DirectionFactory,
    DirectionPointFactory,
    DirectionVersionFactory,
)
from tests.write_paths import PATHS, Target, client_for, open_edit, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def first():
    version = DirectionVersionFactory(
        direction=DirectionFactory(), number=1, status="adopted", adopted_by=DecisionPointFactory()
    )
    for number in (1, 2):
        DirectionPointFactory(version=version, number=number, text=f"Punkt {number}.")
    return version


@pytest.fixture
def draft(first):
    return direction_propose_version(direction=first.direction)


@pytest.fixture
def item():
    return AgendaItemFactory(
        meeting=MeetingFactory(date=datetime.date(2026, 3, 2)), outcome="as_proposed"
    )


def _state():
    return list(DirectionVersion.objects.order_by("pk").values_list("status", "adopted_by"))


def test_the_pages_walk_version_2_from_proposal_to_adoption(
    client, planner, registrar, first, draft, item
):
    proposal = ProposalPointFactory(agenda_item=item)
    decision = DecisionPointFactory(agenda_item=item)
    client.force_login(planner)
    base = [draft.direction_id, draft.number]
    url = reverse("directions:version_submit", args=base)
    response = client.post(
        url, {"proposal_point": proposal.pk, "record_version": record_version(draft)}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "proposed"
    url = reverse("directions:version_decide", args=base)
    response = client.post(
        url, {"decision_point": decision.pk, "record_version": record_version(draft)}
    )
    assert response.status_code == 302
    client.force_login(registrar)
    response = client.post(
        reverse("decisions:meeting_adjust", args=[item.meeting_id]),
        {"adjusted_on": "2026-03-05", "adjusters": "Anna Andersson", "confirm": "on"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, draft.status) == ("superseded", "adopted")


def test_proposing_in_adjusted_minutes_is_refused_on_the_page(client, planner, draft):
    closed = ProposalPointFactory(
        agenda_item=AgendaItemFactory(
            meeting=MeetingFactory(minutes_status="adjusted", adjusted_on=datetime.date(2027, 1, 1))
        )
    )
    client.force_login(planner)
    before = _state()
    response = client.post(
        reverse("directions:version_submit", args=[draft.direction_id, draft.number]),
        {"proposal_point": closed.pk, "record_version": record_version(draft)},
    )
    assert response.status_code == 400  # not among the choices: open minutes only
    assert _state() == before


@pytest.mark.parametrize("path", PATHS)
def test_adopting_a_draft_never_proposed_is_refused_on_every_path(path, admin_user, draft):
    decision = DecisionPointFactory()
    client = client_for(path, admin_user)
    before = _state()
    if path == "page":
        response = client.post(
            reverse("directions:version_decide", args=[draft.direction_id, draft.number]),
            {"decision_point": decision.pk, "record_version": record_version(draft)},
            follow=True,
        )
        assert "never proposed" in response.content.decode()
    elif path == "api":
        etag = client.get(reverse("directionversion-detail", args=[draft.pk]))["ETag"]
        response = client.post(
            reverse("directionversion-decide", args=[draft.pk]),
            {"decision_point": decision.pk},
            format="json",
            HTTP_IF_MATCH=etag,
        )
        assert response.status_code == 409
        assert "never proposed" in response.json()["detail"]
    else:
        target = Target(record=draft, page=None, api="directionversion")
        opened = open_edit(path, client, target)
        response = submit(
            path, client, target, opened, {"status": "adopted", "adopted_by": decision.pk}
        )
        # The admin's form refuses it (the model's constraints: version 1 is in force), and
        # the service would too ("not set by hand").
        html = response.content.decode()
        assert "errornote" in html or "not set by hand" in html
    assert _state() == before


def test_api_proposes_names_the_decision_and_refuses_two_versions_in_one_decision(
    planner, first, draft, item
):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(planner)
    proposal = ProposalPointFactory(agenda_item=item)
    decision = DecisionPointFactory(agenda_item=item)
    url = reverse("directionversion-propose", args=[draft.pk])
    assert client.post(url, {"proposal_point": proposal.pk}, format="json").status_code == 428
    etag = client.get(reverse("directionversion-detail", args=[draft.pk]))["ETag"]
    response = client.post(url, {"proposal_point": proposal.pk}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "proposed"
    assert response.json()["proposed_by"]["id"] == proposal.pk
    response = client.post(
        reverse("directionversion-decide", args=[draft.pk]),
        {"decision_point": decision.pk},
        format="json",
        HTTP_IF_MATCH=response["ETag"],
    )
    assert response.status_code == 200, response.content
    other = DirectionVersionFactory(
        status="proposed", proposed_by=ProposalPointFactory(agenda_item=item, number=2)
    )
    etag = client.get(reverse("directionversion-detail", args=[other.pk]))["ETag"]
    response = client.post(
        reverse("directionversion-decide", args=[other.pk]),
        {"decision_point": decision.pk},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 409
    assert "one decision adopts one version" in response.json()["detail"]
    response = client.post(
        reverse("directionversion-decide", args=[other.pk]),
        {"decision_point": "x"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 400


def test_api_compares_two_versions(planner, first, draft):
    draft.points.filter(number=1).update(text="Punkt 1, ändrad.")
    insight = InsightFactory()
    draft.points.get(number=2).insights.add(insight)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(planner)
    response = client.get(reverse("directionversion-compare", args=[draft.pk]), {"with": first.pk})
    assert response.status_code == 200
    assert response["ETag"]
    points = response.json()["points"]
    assert [(p["number"], p["change"]) for p in points] == [(1, "text"), (2, "links")]
    assert points[1]["insights_added"] == [insight.pk]
    assert points[0]["old_text"] == "Punkt 1." and points[0]["new_text"] == "Punkt 1, ändrad."
    for bad in ("", "x", str(DirectionVersionFactory().pk)):
        response = client.get(reverse("directionversion-compare", args=[draft.pk]), {"with": bad})
        assert response.status_code == 400
    # The public sees no draft to compare with.
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("directionversion-compare", args=[first.pk]), {"with": draft.pk}
    )
    assert response.status_code == 400


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_comparison_page_shows_the_table_in_constant_queries(client, planner, first, draft):
    client.force_login(planner)
    url = reverse("directions:compare", args=[first.direction_id]) + "?fran=1&till=2"
    response = client.get(url)
    html = response.content.decode()
    assert "<table" in html and "<caption>" in html and 'scope="row"' in html
    small = _page_queries(client, url)
    for number in range(3, 23):
        point = DirectionPointFactory(version=draft, number=number, text=f"Ny punkt {number}.")
        point.insights.add(InsightFactory())
    assert _page_queries(client, url) == small
    assert "Ny punkt 22." in client.get(url).content.decode()


def test_points_are_reordered_and_removed_on_the_page(client, planner, draft):
    client.force_login(planner)
    second = draft.points.get(number=2)
    response = client.post(
        reverse("directions:point_move", args=[second.pk]),
        {"offset": "-1", "record_version": record_version(second)},
    )
    assert response.status_code == 302
    assert draft.points.get(number=1).text == "Punkt 2."
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Move point 1 down" in page and "Move point 2 up" in page
    point = draft.points.get(number=2)
    client.post(
        reverse("directions:point_delete", args=[point.pk]),
        {"record_version": record_version(point)},
    )
    assert list(draft.points.values_list("text", flat=True)) == ["Punkt 2."]


def test_a_proposed_version_shows_where_it_was_proposed(client, planner, draft, item):
    proposal = ProposalPointFactory(agenda_item=item)
    direction_version_propose(
        direction_version=draft, proposal_point=proposal, version=record_version(draft)
    )
    client.force_login(planner)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Proposed in" in page and "Name the decision that adopts this version" in page


def test_the_api_comparison_runs_in_constant_queries(planner, first, draft):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(planner)
    url = reverse("directionversion-compare", args=[draft.pk]) + f"?with={first.pk}"
    # The session's first request records when it was last seen (SessionTimeoutMiddleware).
    _page_queries(client, url)
    small = _page_queries(client, url)
    for number in range(3, 23):
        point = DirectionPointFactory(version=draft, number=number, text=f"Ny punkt {number}.")
        point.insights.add(InsightFactory())
    assert _page_queries(client, url) == small
