"""One write path: each rule of directions.services holds on the page, over the API and in
the admin alike, and a refused write changes nothing. Run on SpatiaLite and PostGIS (the
one-open-version rule is a database constraint too)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from core.formtools import VERSION_FIELD
from core.history import deleted_records
from core.models import record_version
from directions.models import DirectionPoint, DirectionVersion
from tests.api.builders import adopted_version
from tests.decisions.factories import DecisionPointFactory
from tests.directions.factories import (
    DirectionPointFactory,
    DirectionVersionFactory,
)

pytestmark = pytest.mark.django_db

PATHS = ["page", "api", "admin"]


@pytest.fixture
def api(planner):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(planner)
    return client


@pytest.fixture
def writer(client, planner, admin_user, api):
    """The client of each path: a planner on the pages and the API, an administrator in
    the admin."""

    def for_path(path):
        if path == "api":
            return api
        client.force_login(admin_user if path == "admin" else planner)
        return client

    return for_path


def _etag(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


def _state():
    """What the rules protect, to compare before and after a refused write."""
    return (
        sorted(DirectionVersion.objects.values_list("pk", "number", "status", "note", "modified")),
        sorted(DirectionPoint.objects.values_list("pk", "version_id", "number", "text")),
    )


def _points_inline(version=None, rows=()):
    """The admin's points inline (prefix ``points``) with ``rows`` of (point, number, text)."""
    existing = [row for row in rows if row[0] is not None]
    data = {
        "points-TOTAL_FORMS": str(len(rows)),
        "points-INITIAL_FORMS": str(len(existing)),
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "1000",
    }
    for index, (point, number, text) in enumerate(rows):
        data |= {
            f"points-{index}-id": point.pk if point else "",
            f"points-{index}-version": version.pk if version else "",
            f"points-{index}-number": str(number),
            f"points-{index}-text": text,
        }
    return data


def _version_admin_data(version, **changes):
    return {
        "direction": version.direction_id,
        "number": version.number,
        "status": version.status,
        "adopted_by": version.adopted_by_id or "",
        "note": version.note,
        VERSION_FIELD: record_version(version),
        **_points_inline(version, [(p, p.number, p.text) for p in version.points.all()]),
    } | changes


# --- one open version per statement ---------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_a_second_open_version_is_refused_on_every_path(writer, path):
    adopted = adopted_version(number=1)
    direction = adopted.direction
    draft = DirectionVersionFactory(direction=direction, number=2, status="draft")
    before = _state()
    client = writer(path)
    if path == "page":
        response = client.post(reverse("directions:propose", args=[direction.pk]), follow=True)
        assert response.redirect_chain[-1][0] == draft.get_absolute_url()
        assert "already being drafted" in response.content.decode()
    elif path == "api":
        response = client.post(
            reverse("directionversion-list"),
            {"direction": direction.pk, "points": [{"number": 1, "text": "Ny"}]},
            format="json",
        )
        assert response.status_code == 409, response.content
        assert "already being drafted" in response.json()["detail"]
    else:
        response = client.post(
            reverse("admin:directions_directionversion_add"),
            {
                "direction": direction.pk,
                "number": 3,
                "status": "proposed",
                "adopted_by": "",
                "note": "",
                **_points_inline(rows=[(None, 1, "Ny")]),
            },
        )
        assert response.status_code == 200  # the form again, with the error and the input
        assert "already being drafted" in response.content.decode()
    assert _state() == before


def test_the_database_refuses_a_second_open_version():
    draft = DirectionVersionFactory(status="draft", number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectionVersion.objects.create(direction=draft.direction, number=2, status="proposed")
    # An adopted version beside the draft is fine (the twin constraint: one adopted).
    adopted_version(direction=draft.direction, number=3)


# --- an adopted version does not change -----------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_a_point_of_an_adopted_version_does_not_change_on_any_path(writer, path):
    version = adopted_version(number=1)
    point = DirectionPointFactory(version=version, number=1, text="Beslutad")
    before = _state()
    client = writer(path)
    if path == "page":
        response = client.post(
            reverse("directions:point_edit", args=[point.pk]),
            {"text": "Ändrad", VERSION_FIELD: record_version(point)},
        )
        assert response.status_code == 403
        response = client.post(
            reverse("directions:point_add", args=[version.direction_id, version.number]),
            {"text": "Tillagd"},
        )
        assert response.status_code == 403
    elif path == "api":
        url = reverse("directionversion-detail", args=[version.pk])
        etag = _etag(client, url)
        response = client.patch(
            url, {"points": [{"number": 1, "text": "Ändrad"}]}, format="json", HTTP_IF_MATCH=etag
        )
        assert response.status_code == 409
        assert response.json()["code"] == "locked"
        assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 409
    else:
        response = client.post(
            reverse("admin:directions_directionpoint_change", args=[point.pk]),
            {
                "version": version.pk,
                "number": 1,
                "text": "Ändrad",
                VERSION_FIELD: record_version(point),
            },
        )
        assert response.status_code == 403
        response = client.post(
            reverse("admin:directions_directionpoint_delete", args=[point.pk]), {"post": "yes"}
        )
        assert response.status_code == 403
        response = client.post(
            reverse("admin:directions_directionpoint_add"),
            {"version": version.pk, "number": 2, "text": "Tillagd"},
        )
        assert response.status_code == 200  # the form again, saying why
        assert "read-only" in response.content.decode()
    assert _state() == before


def test_history_revert_of_an_adopted_version_is_refused(client, admin_user):
    draft = DirectionVersionFactory(status="draft", number=1, note="Utkast")
    old = draft.history.get()
    adopted_version(direction=draft.direction, number=2)
    DirectionVersion.objects.filter(pk=draft.pk).update(
        status="superseded",
        adopted_by=DecisionPointFactory(),  # one decision, one version
    )
    before = _state()
    client.force_login(admin_user)
    url = reverse(
        "admin:directions_directionversion_simple_history", args=[draft.pk, old.history_id]
    )
    draft.refresh_from_db()
    response = client.post(url, _version_admin_data(draft, status="draft", adopted_by=""))
    assert response.status_code == 403
    assert _state() == before


def test_a_deleted_point_is_not_restored_into_an_adopted_version(client, admin_user):
    """The admin's "restore deleted record" is the only restore path."""
    version = DirectionVersionFactory(status="draft", number=1)
    point = DirectionPointFactory(version=version, number=1, text="Struken")
    point.delete()
    adopted_version(direction=version.direction, number=2)
    DirectionVersion.objects.filter(pk=version.pk).update(
        status="superseded",
        adopted_by=DecisionPointFactory(),  # one decision, one version
    )
    deleted = deleted_records(DirectionPoint).get()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:directions_directionpoint_recover", args=[deleted.history_id]),
        follow=True,
    )
    assert response.status_code == 200
    assert "is not restored" in response.content.decode()
    assert not DirectionPoint.objects.filter(pk=point.pk).exists()


# --- no silent overwrite --------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_an_edit_over_a_version_saved_meanwhile_is_refused_on_every_path(writer, path):
    point = DirectionPointFactory(version=DirectionVersionFactory(status="draft"), text="Start")
    stale = record_version(point)
    point_url = reverse("directionversion-detail", args=[point.version_id])
    client = writer(path)
    stale_etag = _etag(client, point_url) if path == "api" else None
    # Someone else saves first.
    point.text = "Deras"
    point.save()
    point.version.note = "Deras anteckning"
    point.version.save()
    before = _state()
    if path == "page":
        response = client.post(
            reverse("directions:point_edit", args=[point.pk]),
            {"text": "Min", VERSION_FIELD: stale},
        )
        assert response.status_code == 409
        assert response.context["form"]["text"].value() == "Min"  # the input is kept
    elif path == "api":
        response = client.patch(
            point_url,
            {"points": [{"number": point.number, "text": "Min"}]},
            format="json",
            HTTP_IF_MATCH=stale_etag,
        )
        assert response.status_code == 412
    else:
        response = client.post(
            reverse("admin:directions_directionpoint_change", args=[point.pk]),
            {
                "version": point.version_id,
                "number": point.number,
                "text": "Min",
                VERSION_FIELD: stale,
            },
        )
        assert response.status_code == 200
        assert "Someone else saved this record" in response.content.decode()
        assert response.context["adminform"].form["text"].value() == "Min"
    assert _state() == before


# --- nested points are checked by the service -----------------------------------------------


@pytest.mark.parametrize("path", ["api", "admin"])
def test_bad_points_of_a_version_are_refused_and_nothing_is_saved(writer, path):
    """The points of a version are written with it over the API and in the admin (the
    pages edit them one by one, where the form refuses an empty text)."""
    version = DirectionVersionFactory(status="draft", number=1, note="Före")
    DirectionPointFactory(version=version, number=1, text="Ett")
    before = _state()
    client = writer(path)
    if path == "api":
        url = reverse("directionversion-detail", args=[version.pk])
        response = client.patch(
            url,
            {
                "note": "Efter",
                "points": [{"number": 1, "text": "Ett"}, {"number": 1, "text": "Två"}],
            },
            format="json",
            HTTP_IF_MATCH=_etag(client, url),
        )
        assert response.status_code == 400
        assert "points" in response.json()["errors"]
    else:
        point = version.points.get()
        response = client.post(
            reverse("admin:directions_directionversion_change", args=[version.pk]),
            _version_admin_data(version, note="Efter")
            | _points_inline(version, [(point, 1, "Ett"), (None, 1, "Två")]),
        )
        assert response.status_code == 200
    assert _state() == before


def test_a_point_of_a_draft_changes_in_the_admin_through_its_service(client, admin_user):
    version = DirectionVersionFactory(status="draft", number=1)
    point = DirectionPointFactory(version=version, number=1, text="Ett")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:directions_directionversion_change", args=[version.pk]),
        _version_admin_data(version, note="Ny anteckning")
        | _points_inline(version, [(point, 1, "Ett, ändrad"), (None, 2, "Två")]),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert [(p.number, p.text) for p in version.points.all()] == [(1, "Ett, ändrad"), (2, "Två")]
    assert point.history.first().history_change_reason == "Admin"
