"""Writing through the API: planners create, change and delete projects, dialogues,
insights, statements of intent (and their draft versions), planning areas and agenda items
of draft minutes. Every change sends the ETag it read in If-Match: missing is 428, stale is
412, and in both cases nothing changes."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from decisions.models import AgendaItem, Meeting
from dialogues.models import Dialogue, Insight
from directions.models import Direction, DirectionVersion
from places.models import PlanningArea
from projects.models import Project
from tests.api.helpers import detail_url, fetch, list_url
from tests.decisions.factories import AgendaItemFactory, MeetingFactory
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.directions.factories import DirectionFactory, DirectionVersionFactory
from tests.geometry import geojson_polygon
from tests.places.factories import PlanningAreaFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SQUARE = geojson_polygon(14.5, 63.1, 14.7, 63.2)


@dataclass
class Writable:
    model: type
    existing: Callable  # a record to change
    new: Callable  # the body of a record to create
    field: str  # a text field to change
    value: str = "Ändrad av integrationen"


WRITABLE = {
    "project": Writable(
        Project,
        lambda: ProjectFactory(),
        lambda: {"diarienummer": "RUN/77/2026", "title": "Nytt projekt"},
        "title",
    ),
    "planningarea": Writable(
        PlanningArea,
        lambda: PlanningAreaFactory(),
        lambda: {"name": "Utvecklingsområde", "kind": "development_area", "geometry": SQUARE},
        "name",
    ),
    "dialogue": Writable(
        Dialogue,
        lambda: DialogueFactory(),
        lambda: {"project": ProjectFactory().pk, "title": "Dialog", "scope": "external"},
        "title",
    ),
    "insight": Writable(
        Insight,
        lambda: InsightFactory(),
        lambda: {"dialogue": DialogueFactory().pk, "kind": "need", "text": "Ett behov"},
        "text",
    ),
    "direction": Writable(
        Direction,
        lambda: DirectionFactory(),
        lambda: {"title": "Viljeinriktning för kollektivtrafiken"},
        "title",
    ),
    "directionversion": Writable(
        DirectionVersion,
        lambda: DirectionVersionFactory(status="draft"),
        lambda: {"direction": DirectionFactory().pk, "note": "Utkast"},
        "note",
    ),
    "agendaitem": Writable(
        AgendaItem,
        lambda: AgendaItemFactory(meeting=MeetingFactory(minutes_status="draft")),
        lambda: {
            "meeting": MeetingFactory(minutes_status="draft").pk,
            "title": "Ärende",
            "kind": "decision",
        },
        "title",
    ),
}
KINDS = sorted(WRITABLE)


@pytest.mark.parametrize("basename", KINDS)
def test_a_planner_token_creates_a_record(planner_token, basename):
    spec = WRITABLE[basename]
    response = planner_token.post(list_url(basename), spec.new(), format="json")
    assert response.status_code == 201, response.content
    obj = spec.model.objects.get(pk=response.json()["id"])
    assert response["Location"] == response.json()["url"]
    assert response["ETag"] == fetch(planner_token, detail_url(basename, obj.pk))[1]
    assert obj.history.get().history_change_reason == "API (Kommunens GIS)"
    assert obj.history.get().history_user.username == "planner"


@pytest.mark.parametrize("basename", KINDS)
def test_a_change_with_the_current_etag_is_saved(planner_token, basename):
    spec = WRITABLE[basename]
    obj = spec.existing()
    url = detail_url(basename, obj.pk)
    _data, etag = fetch(planner_token, url)
    response = planner_token.patch(url, {spec.field: spec.value}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()[spec.field] == spec.value
    assert response["ETag"] != etag
    obj.refresh_from_db()
    assert getattr(obj, spec.field) == spec.value


@pytest.mark.parametrize("basename", KINDS)
def test_a_whole_record_read_and_put_back_is_accepted(planner_token, basename):
    spec = WRITABLE[basename]
    obj = spec.existing()
    url = detail_url(basename, obj.pk)
    data, etag = fetch(planner_token, url)
    data[spec.field] = spec.value
    response = planner_token.put(url, data, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    obj.refresh_from_db()
    assert getattr(obj, spec.field) == spec.value


@pytest.mark.parametrize("basename", KINDS)
def test_a_change_with_a_stale_etag_is_412_and_changes_nothing(planner_token, basename):
    spec = WRITABLE[basename]
    obj = spec.existing()
    url = detail_url(basename, obj.pk)
    _data, stale = fetch(planner_token, url)
    first = planner_token.patch(url, {spec.field: "Först"}, format="json", HTTP_IF_MATCH=stale)
    assert first.status_code == 200
    second = planner_token.patch(url, {spec.field: "Sist"}, format="json", HTTP_IF_MATCH=stale)
    assert second.status_code == 412
    assert second.json()["code"] == "precondition_failed"
    assert second["ETag"] == first["ETag"]
    obj.refresh_from_db()
    assert getattr(obj, spec.field) == "Först"
    gone = planner_token.delete(url, HTTP_IF_MATCH=stale)
    assert gone.status_code == 412
    assert spec.model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("basename", KINDS)
@pytest.mark.parametrize("if_match", [None, "*"])
def test_a_change_without_an_etag_is_428_and_changes_nothing(planner_token, basename, if_match):
    spec = WRITABLE[basename]
    obj = spec.existing()
    before = getattr(obj, spec.field)
    url = detail_url(basename, obj.pk)
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    for response in (
        planner_token.patch(url, {spec.field: spec.value}, format="json", **headers),
        planner_token.put(url, {spec.field: spec.value}, format="json", **headers),
        planner_token.delete(url, **headers),
    ):
        assert response.status_code == 428
        assert response.json()["code"] == "precondition_required"
    obj.refresh_from_db()
    assert getattr(obj, spec.field) == before


@pytest.mark.parametrize("basename", KINDS)
def test_a_weak_etag_never_matches(planner_token, basename):
    spec = WRITABLE[basename]
    obj = spec.existing()
    url = detail_url(basename, obj.pk)
    _data, etag = fetch(planner_token, url)
    response = planner_token.patch(
        url, {spec.field: spec.value}, format="json", HTTP_IF_MATCH=f"W/{etag}"
    )
    assert response.status_code == 412


@pytest.mark.parametrize("basename", KINDS)
def test_a_delete_with_the_current_etag_removes_the_record(planner_session, basename):
    spec = WRITABLE[basename]
    obj = spec.existing()
    url = detail_url(basename, obj.pk)
    _data, etag = fetch(planner_session, url)
    response = planner_session.delete(url, HTTP_IF_MATCH=etag)
    assert response.status_code == 204
    assert not spec.model.objects.filter(pk=obj.pk).exists()
    assert planner_session.get(url).status_code == 404


@pytest.mark.parametrize("basename", KINDS)
def test_a_committee_member_may_not_write(member_session, basename):
    spec = WRITABLE[basename]
    obj = spec.existing()
    url = detail_url(basename, obj.pk)
    _data, etag = fetch(member_session, url)
    response = member_session.patch(url, {spec.field: "x"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 403
    assert member_session.post(list_url(basename), spec.new(), format="json").status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, spec.field) != "x"


# --- adjusted minutes and adopted versions ---------------------------------------------------
@pytest.mark.parametrize(
    "status", [Meeting.MinutesStatus.ADJUSTED, Meeting.MinutesStatus.PUBLISHED]
)
def test_adjusted_minutes_refuse_every_write_with_409(planner_token, admin_user, status):
    meeting = MeetingFactory(minutes_status=status)
    item = AgendaItemFactory(meeting=meeting, title="Som protokollet")
    url = detail_url("agendaitem", item.pk)
    _data, etag = fetch(planner_token, url)
    for response in (
        planner_token.patch(url, {"title": "Ändrad"}, format="json", HTTP_IF_MATCH=etag),
        planner_token.put(url, _data, format="json", HTTP_IF_MATCH=etag),
        planner_token.delete(url, HTTP_IF_MATCH=etag),
        planner_token.post(
            list_url("agendaitem"),
            {"meeting": meeting.pk, "title": "Nytt", "kind": "decision"},
            format="json",
        ),
    ):
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "locked"
        assert "justerat" in response.json()["detail"]
    item.refresh_from_db()
    assert item.title == "Som protokollet"
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_adjusted_minutes_refuse_writes_even_without_if_match(planner_token):
    item = AgendaItemFactory(meeting=MeetingFactory(minutes_status="adjusted"))
    response = planner_token.delete(detail_url("agendaitem", item.pk))
    assert response.status_code == 409
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_adopted_version_does_not_change(planner_token):
    from tests.api.builders import adopted_version

    version = adopted_version(note="Som beslutat")
    url = detail_url("directionversion", version.pk)
    _data, etag = fetch(planner_token, url)
    response = planner_token.patch(url, {"note": "Ändrad"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 409
    assert "new version" in response.json()["detail"]
    version.refresh_from_db()
    assert version.note == "Som beslutat"


def test_a_record_others_refer_to_is_not_deleted(planner_token):
    project = ProjectFactory()
    DialogueFactory(project=project)
    url = detail_url("project", project.pk)
    _data, etag = fetch(planner_token, url)
    response = planner_token.delete(url, HTTP_IF_MATCH=etag)
    assert response.status_code == 409
    assert "dialogues" in response.json()["detail"]
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_change_to_a_record_that_is_not_there_is_404(planner_token):
    response = planner_token.patch(
        detail_url("project", 999999), {"title": "x"}, format="json", HTTP_IF_MATCH='"x"'
    )
    assert response.status_code == 404


def test_a_change_to_something_that_is_not_an_id_is_404(planner_token):
    response = planner_token.put("/api/v1/agenda-items/jö5/", {}, format="json")
    assert response.status_code == 404
