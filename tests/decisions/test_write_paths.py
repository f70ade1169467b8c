"""One write path: each rule of decisions.services holds on the page, over the API and in
the admin alike, and a refused write changes nothing. Run on SpatiaLite and PostGIS (the
database's triggers guard adjusted minutes too)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from core.formtools import VERSION_FIELD
from core.history import deleted_records, record_restore
from core.models import record_version
from decisions.models import (
    AgendaItem,
    AgendaItemDocument,
    DecisionPoint,
    Document,
    Meeting,
    ProposalPoint,
)
from tests.decisions.factories import (
    AgendaItemFactory,
    DecisionPointFactory,
    DocumentFactory,
    MeetingFactory,
    ProposalPointFactory,
)

pytestmark = pytest.mark.django_db

PATHS = ["page", "api", "admin"]


@pytest.fixture
def writer(client, planner, admin_user):
    """The client of each path: a planner on the pages and the API, an administrator in
    the admin."""

    def for_path(path):
        if path == "api":
            api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
            api.force_login(planner)
            return api
        client.force_login(admin_user if path == "admin" else planner)
        return client

    return for_path


def _adjust(meeting: Meeting) -> None:
    meeting.minutes_status = "adjusted"
    meeting.adjusted_on = meeting.date + datetime.timedelta(days=7)
    meeting.adjusters = "Anna Ek, Bo Gran"
    meeting.save()


@pytest.fixture
def item():
    """A draft agenda item with a point of each kind and a document."""
    meeting = MeetingFactory(date=datetime.date(2026, 3, 1))
    item = AgendaItemFactory(meeting=meeting, title="Regional plan", number=5)
    ProposalPointFactory(agenda_item=item, number=1, text="Föreslås.")
    DecisionPointFactory(agenda_item=item, number=1, text="Beslutas.")
    AgendaItemDocument.objects.create(agenda_item=item, document=DocumentFactory(title="PM"))
    return item


def _state():
    return (
        sorted(AgendaItem.objects.values_list("pk", "title", "number", "modified")),
        sorted(ProposalPoint.objects.values_list("pk", "agenda_item_id", "number", "text")),
        sorted(DecisionPoint.objects.values_list("pk", "agenda_item_id", "number", "text")),
        sorted(AgendaItemDocument.objects.values_list("pk", "agenda_item_id", "document_id")),
        sorted(Document.objects.values_list("pk", "title", "modified")),
    )


def _formset(prefix, rows):
    """A formset of (point, number, text) rows; ``prefix`` as the page or admin names it."""
    existing = [row for row in rows if row[0] is not None]
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(existing)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (point, number, text) in enumerate(rows):
        data |= {
            f"{prefix}-{index}-id": point.pk if point else "",
            f"{prefix}-{index}-number": str(number),
            f"{prefix}-{index}-text": text,
        }
    return data


def _rows(item, name):
    return [(p, p.number, p.text) for p in getattr(item, name).order_by("number")]


def _page_data(item, *, version=None, proposals=None, **changes):
    return {
        "number": item.number,
        "position": item.position,
        "diarienummer": item.diarienummer,
        "title": item.title,
        "kind": item.kind,
        "summary": item.summary,
        "outcome": item.outcome,
        "project": "",
        VERSION_FIELD: version or record_version(item),
        **_formset("proposal", proposals or _rows(item, "proposal_points")),
        **_formset("decision", _rows(item, "decision_points")),
    } | changes


def _admin_data(item, *, version=None, proposals=None, **changes):
    links = list(item.document_links.all())
    data = {
        "meeting": item.meeting_id,
        "number": item.number,
        "position": item.position,
        "diarienummer": item.diarienummer,
        "title": item.title,
        "kind": item.kind,
        "summary": item.summary,
        "outcome": item.outcome,
        "project": "",
        VERSION_FIELD: version or record_version(item),
        **_formset("proposal_points", proposals or _rows(item, "proposal_points")),
        **_formset("decision_points", _rows(item, "decision_points")),
        "document_links-TOTAL_FORMS": str(len(links)),
        "document_links-INITIAL_FORMS": str(len(links)),
        "document_links-MIN_NUM_FORMS": "0",
        "document_links-MAX_NUM_FORMS": "1000",
    }
    for index, link in enumerate(links):
        data |= {
            f"document_links-{index}-id": link.pk,
            f"document_links-{index}-agenda_item": item.pk,
            f"document_links-{index}-document": link.document_id,
            f"document_links-{index}-position": link.position,
        }
    return data | changes


def _api_url(item):
    return reverse("agendaitem-detail", args=[item.pk])


def _etag(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


# --- adjusted minutes do not change ---------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_adjusted_minutes_do_not_change_on_any_path(writer, item, path):
    _adjust(item.meeting)
    item.refresh_from_db()
    before = _state()
    client = writer(path)
    if path == "page":
        edit = reverse("decisions:agenda_item_edit", args=[item.pk])
        assert client.post(edit, _page_data(item, title="Ändrad")).status_code == 403
        upload = reverse("decisions:document_create", args=[item.pk])
        assert client.post(upload, {"title": "Sen", "kind": "appendix"}).status_code == 403
        create = reverse("decisions:agenda_item_create", args=[item.meeting_id])
        assert client.post(create, _page_data(item, title="Ny", number=6)).status_code == 403
    elif path == "api":
        url = _api_url(item)
        etag = _etag(client, url)
        response = client.patch(
            url,
            {"title": "Ändrad", "decision_points": [{"number": 1, "text": "Annat"}]},
            format="json",
            HTTP_IF_MATCH=etag,
        )
        assert response.status_code == 409
        assert response.json()["code"] == "locked"
        assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 409
        response = client.post(
            reverse("agendaitem-list"),
            {"meeting": item.meeting_id, "title": "Ny", "kind": "decision"},
            format="json",
        )
        assert response.status_code == 409
    else:
        change = reverse("admin:decisions_agendaitem_change", args=[item.pk])
        assert client.post(change, _admin_data(item, title="Ändrad")).status_code == 403
        delete = reverse("admin:decisions_agendaitem_delete", args=[item.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        point = item.decision_points.get()
        response = client.post(
            reverse("admin:decisions_decisionpoint_change", args=[point.pk]),
            {"agenda_item": item.pk, "number": 1, "text": "Annat", VERSION_FIELD: "x"},
        )
        assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("kind", ["agenda_item", "point", "document"])
def test_a_deleted_record_of_adjusted_minutes_is_not_restored(client, admin_user, item, kind):
    """The admin's "restore deleted record" (its only path): refused with a message, never
    a 500 from the database's trigger."""
    if kind == "agenda_item":
        record = AgendaItem.objects.get(pk=item.pk)
        item.document_links.all().delete()  # a document's link protects nothing here
    elif kind == "point":
        record = item.decision_points.get()
    else:
        # The document itself is not part of the minutes once unlinked; its link was.
        record = item.document_links.get()
    model = type(record)
    pk = record.pk
    record.delete()
    _adjust(item.meeting)
    before = _state()
    client.force_login(admin_user)
    deleted = deleted_records(model).get(id=pk)
    if model is AgendaItemDocument:  # no admin of its own: the service path the admin uses
        with pytest.raises(ValidationError, match="is not restored"):
            record_restore(deleted=deleted, user=admin_user)
    else:
        opts = model._meta
        response = client.post(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[deleted.history_id]),
            follow=True,
        )
        assert response.status_code == 200
        assert "is not restored" in response.content.decode()
    assert not model.objects.filter(pk=pk).exists()
    assert _state() == before


# --- no silent overwrite --------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_an_edit_over_a_version_saved_meanwhile_is_refused_on_every_path(writer, item, path):
    stale = record_version(item)
    client = writer(path)
    stale_etag = _etag(client, _api_url(item)) if path == "api" else None
    item.title = "Deras titel"
    item.save()  # someone else saves first
    before = _state()
    if path == "page":
        response = client.post(
            reverse("decisions:agenda_item_edit", args=[item.pk]),
            _page_data(item, version=stale, title="Min titel"),
        )
        assert response.status_code == 409
        assert response.context["form"]["title"].value() == "Min titel"
    elif path == "api":
        response = client.patch(
            _api_url(item), {"title": "Min titel"}, format="json", HTTP_IF_MATCH=stale_etag
        )
        assert response.status_code == 412
    else:
        response = client.post(
            reverse("admin:decisions_agendaitem_change", args=[item.pk]),
            _admin_data(item, version=stale, title="Min titel"),
        )
        assert response.status_code == 200
        assert "Someone else saved this record" in response.content.decode()
        assert response.context["adminform"].form["title"].value() == "Min titel"
    assert _state() == before


# --- nested points --------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_points_with_one_number_twice_are_refused_on_every_path(writer, item, path):
    before = _state()
    client = writer(path)
    point = item.proposal_points.get()
    twice = [(point, 1, "Föreslås."), (None, 1, "Också ett")]
    if path == "page":
        response = client.post(
            reverse("decisions:agenda_item_edit", args=[item.pk]),
            _page_data(item, proposals=twice, title="Ändrad"),
        )
        assert response.status_code == 200  # the form again, with the error
        assert response.context["proposals"].total_error_count()
    elif path == "api":
        url = _api_url(item)
        response = client.patch(
            url,
            {
                "title": "Ändrad",
                "proposal_points": [{"number": 1, "text": "a"}, {"number": 1, "text": "b"}],
            },
            format="json",
            HTTP_IF_MATCH=_etag(client, url),
        )
        assert response.status_code == 400
        assert "proposal_points" in response.json()["errors"]
    else:
        response = client.post(
            reverse("admin:decisions_agendaitem_change", args=[item.pk]),
            _admin_data(item, proposals=twice, title="Ändrad"),
        )
        assert response.status_code == 200
    assert _state() == before


@pytest.mark.parametrize("path", PATHS)
def test_points_of_a_draft_item_are_saved_through_the_service(writer, item, path):
    client = writer(path)
    point = item.proposal_points.get()
    rows = [(point, 1, "Föreslås, ändrat."), (None, 2, "Tillagt.")]
    if path == "page":
        response = client.post(
            reverse("decisions:agenda_item_edit", args=[item.pk]),
            _page_data(item, proposals=rows),
        )
    elif path == "api":
        url = _api_url(item)
        response = client.patch(
            url,
            {"proposal_points": [{"number": n, "text": t} for _p, n, t in rows]},
            format="json",
            HTTP_IF_MATCH=_etag(client, url),
        )
    else:
        response = client.post(
            reverse("admin:decisions_agendaitem_change", args=[item.pk]),
            _admin_data(item, proposals=rows),
        )
    assert response.status_code in (200, 302), response.content[:2000]
    if path != "api":
        assert response.status_code == 302
    assert [(p.number, p.text) for p in item.proposal_points.order_by("number")] == [
        (1, "Föreslås, ändrat."),
        (2, "Tillagt."),
    ]
    point.refresh_from_db()
    assert point.text == "Föreslås, ändrat."  # the same record, changed
