"""/api/v1/projects/, /funding-lines/, /milestones/: fields, filters, validation."""

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from projects.models import Project
from tests.api.helpers import detail_url, errors, fetch, ids, list_url
from tests.dialogues.factories import DialogueFactory
from tests.geometry import square
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory
from tests.projects.factories import FundingLineFactory, MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_project_has_ids_links_and_related_records_with_names(anonymous):
    owner = OrganisationFactory(name="Region Jämtland Härjedalen")
    project = ProjectFactory(diarienummer="RUN/479/2024", owner=owner, scope=square())
    project.municipalities.set([MunicipalityFactory(code="2380", name="Östersund")])
    data = anonymous.get(detail_url("project", project.pk)).json()
    assert data["id"] == project.pk
    assert data["url"] == f"http://testserver/api/v1/projects/{project.pk}/"
    assert data["web_url"] == f"http://testserver/projekt/{project.pk}/"
    assert data["owner"] == {
        "id": owner.pk,
        "url": f"http://testserver/api/v1/organisations/{owner.pk}/",
        "name": "Region Jämtland Härjedalen",
    }
    assert data["municipalities"] == [
        {
            "id": project.municipalities.get().pk,
            "code": "2380",
            "url": "http://testserver/api/v1/municipalities/2380/",
            "name": "Östersund",
        }
    ]


def test_geometry_is_geojson_in_wgs84(anonymous):
    project = ProjectFactory(scope=square(480_000, 7_000_000, 10_000))
    scope = anonymous.get(detail_url("project", project.pk)).json()["scope"]
    assert scope["type"] == "Polygon"
    lon, lat = scope["coordinates"][0][0]
    assert 14 < lon < 15 and 63 < lat < 63.2  # near Östersund, longitude first
    assert all(len(str(c).split(".")[-1]) <= 6 for c in (lon, lat))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "completed"}, ["done"]),
        ({"municipality": "2380"}, ["östersund"]),
        ({"date_after": "2025-06-01"}, ["ongoing", "open"]),
        ({"date_before": "2024-12-31"}, ["done", "open"]),
        ({"date_after": "2025-01-01", "date_before": "2025-01-31"}, ["done", "ongoing", "open"]),
        ({"search": "kollektivtrafik"}, ["ongoing"]),
        ({"bbox": "14.0,62.9,15.0,63.5"}, ["östersund"]),
        ({"bbox": "20.0,67.0,21.0,68.0"}, []),
        ({"bbox": "-10,-10,0,0"}, []),
    ],
)
def test_projects_are_filtered(anonymous, query, expected):
    projects = {
        "done": ProjectFactory(
            status=Project.Status.COMPLETED,
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2025, 1, 31),
        ),
        "ongoing": ProjectFactory(
            title="Kollektivtrafik i länet",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        ),
        "open": ProjectFactory(start_date=None, end_date=None),
        "östersund": ProjectFactory(
            start_date=datetime.date(2025, 2, 1),
            end_date=datetime.date(2025, 5, 1),
            scope=square(470_000, 6_990_000, 5_000),
        ),
    }
    projects["östersund"].municipalities.set([MunicipalityFactory(code="2380")])
    found = set(ids(anonymous.get(list_url("project", **query))))
    assert found == {projects[name].pk for name in expected}


def test_projects_of_an_organisation_are_those_it_owns_or_funds(anonymous):
    region = OrganisationFactory()
    owned = ProjectFactory(owner=region)
    funded = FundingLineFactory(funder=region).project
    ProjectFactory()
    assert set(ids(anonymous.get(list_url("project", organisation=region.pk)))) == {
        owned.pk,
        funded.pk,
    }


def test_incremental_sync_with_modified_since_and_stable_ordering(anonymous):
    old = ProjectFactory()
    Project.objects.filter(pk=old.pk).update(modified=timezone.now() - datetime.timedelta(days=3))
    since = (timezone.now() - datetime.timedelta(days=1)).astimezone(datetime.UTC)
    new = [ProjectFactory() for _ in range(3)]
    query = {"modified_since": since.strftime("%Y-%m-%dT%H:%M:%SZ"), "ordering": "modified"}
    assert ids(anonymous.get(list_url("project", **query))) == [p.pk for p in new]
    assert old.pk in ids(anonymous.get(list_url("project")))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"municipality": "23"}, "municipality"),
        ({"organisation": "region"}, "organisation"),
        ({"organisation": str(2**70)}, "organisation"),
        ({"date_after": "13/5/2025"}, "date_after"),
        ({"modified_since": "yesterday"}, "modified_since"),
        ({"bbox": "14,63,15"}, "bbox"),
        ({"bbox": "15,63,14,64"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"ordering": "secret"}, "ordering"),
        ({"published": "maybe"}, "published"),
        ({"page": "first"}, "page"),
        ({"page_size": "-1"}, "page_size"),
    ],
)
def test_a_filter_value_that_cannot_be_read_is_a_400_naming_it(anonymous, query, field):
    response = anonymous.get(list_url("project", **query))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(errors(response)) == [field]


def test_ordering_by_a_field_and_descending(anonymous):
    b, a, c = (ProjectFactory(title=t) for t in ("B", "A", "C"))
    assert ids(anonymous.get(list_url("project", ordering="title"))) == [a.pk, b.pk, c.pk]
    assert ids(anonymous.get(list_url("project", ordering="-title"))) == [c.pk, b.pk, a.pk]


def test_pages_have_a_count_and_links_and_a_size_cap(anonymous, settings):
    settings.API_MAX_PAGE_SIZE = 3
    for _ in range(7):
        ProjectFactory()
    first = anonymous.get(list_url("project", page_size=100)).json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["previous"] is None
    second = anonymous.get(first["next"]).json()
    assert second["previous"] is not None and "page=2" in first["next"]
    last = anonymous.get(list_url("project", page_size=100, page=3)).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert anonymous.get(list_url("project", page=4)).status_code == 404


# --- writing ------------------------------------------------------------------------------
def test_a_project_is_created_with_its_relations_and_geometry(planner_token):
    owner = OrganisationFactory()
    MunicipalityFactory(code="2380")
    MunicipalityFactory(code="2361")
    body = {
        "diarienummer": "run / 0012 / 2026",
        "title": "Kollektivtrafik i länet",
        "status": "planned",
        "start_date": "2026-01-01",
        "owner": owner.pk,
        "municipalities": ["2380", {"code": "2361", "name": "ignored"}],
        "scope": {"type": "Point", "coordinates": [14.64, 63.18, 312.0]},
        "is_published": True,
    }
    response = planner_token.post(list_url("project"), body, format="json")
    assert response.status_code == 201, response.content
    project = Project.objects.get()
    assert project.diarienummer == "RUN/12/2026"
    assert project.owner == owner
    assert sorted(project.municipalities.values_list("code", flat=True)) == ["2361", "2380"]
    assert project.scope.srid == 3006 and not project.scope.hasz
    assert project.scope.distance(Point(484_000, 7_008_000, srid=3006)) < 5_000


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"diarienummer": "479/2024"}, "diarienummer"),
        ({"title": 5}, "title"),
        ({"title": None}, "title"),
        ({"status": "finished"}, "status"),
        ({"status": 1}, "status"),
        ({"start_date": "13 maj"}, "start_date"),
        ({"start_date": 20250513}, "start_date"),
        ({"is_published": "yes"}, "is_published"),
        ({"owner": 999999}, "owner"),
        ({"owner": "1"}, "owner"),
        ({"owner": True}, "owner"),
        ({"municipalities": "2380"}, "municipalities"),
        ({"municipalities": ["9999"]}, "municipalities"),
        ({"scope": "POINT(14 63)"}, "scope"),
        ({"scope": {"type": "Point", "coordinates": [2.35, 48.85]}}, "scope"),
        ({"scope": {"type": "Circle", "coordinates": [14, 63]}}, "scope"),
        (
            {
                "scope": {
                    "type": "Point",
                    "coordinates": [480000, 7000000],
                    "crs": {"type": "name", "properties": {"name": "/etc/passwd"}},
                }
            },
            "scope",
        ),
        ({"colour": "green"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(planner_token, body, field):
    base = {"diarienummer": "RUN/1/2026", "title": "Projekt"}
    response = planner_token.post(list_url("project"), {**base, **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in errors(response)
    assert not Project.objects.exists()


def test_model_rules_and_uniqueness_are_400s(planner_token):
    ProjectFactory(diarienummer="RUN/479/2024")
    body = {"diarienummer": "RUN/479/2024", "title": "Dubblett"}
    assert "diarienummer" in errors(planner_token.post(list_url("project"), body, format="json"))
    body = {
        "diarienummer": "RUN/480/2024",
        "title": "Baklänges",
        "start_date": "2026-01-01",
        "end_date": "2025-01-01",
    }
    response = planner_token.post(list_url("project"), body, format="json")
    assert errors(response) == {"non_field_errors": ["A project cannot end before it starts."]}


def test_a_self_intersecting_geometry_is_refused_with_the_reason(planner_token):
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[14, 63], [15, 64], [15, 63], [14, 64], [14, 63]]],
    }
    response = planner_token.post(
        list_url("project"),
        {"diarienummer": "RUN/1/2026", "title": "x", "scope": bowtie},
        format="json",
    )
    assert "crosses itself" in errors(response)["scope"][0]


def test_a_patch_changes_only_what_it_names(planner_token):
    project = ProjectFactory(summary="Behålls", scope=square())
    project.municipalities.set([MunicipalityFactory(code="2380")])
    url = detail_url("project", project.pk)
    _data, etag = fetch(planner_token, url)
    response = planner_token.patch(url, {"status": "completed"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    project.refresh_from_db()
    assert (project.status, project.summary) == ("completed", "Behålls")
    assert list(project.municipalities.values_list("code", flat=True)) == ["2380"]
    assert project.scope is not None


# --- funding lines and milestones ----------------------------------------------------------
def test_funding_lines_are_filtered_by_project_funder_and_kind(anonymous):
    funder = OrganisationFactory(name="Tillväxtverket")
    grant = FundingLineFactory(funder=funder, kind="grant", amount="250000.00")
    FundingLineFactory(kind="co_financing")
    assert ids(anonymous.get(list_url("fundingline", organisation=funder.pk))) == [grant.pk]
    assert ids(anonymous.get(list_url("fundingline", project=grant.project_id))) == [grant.pk]
    assert ids(anonymous.get(list_url("fundingline", kind="grant"))) == [grant.pk]
    data = anonymous.get(detail_url("fundingline", grant.pk)).json()
    assert data["amount"] == "250000.00"
    assert data["funder"]["name"] == "Tillväxtverket"
    assert data["web_url"].endswith(f"/projekt/{grant.project_id}/#finansiering-{grant.pk}")


def test_milestones_are_filtered_by_their_planned_date(anonymous):
    early = MilestoneFactory(planned_date=datetime.date(2025, 3, 1))
    MilestoneFactory(planned_date=datetime.date(2025, 9, 1))
    query = {"date_before": "2025-06-30"}
    assert ids(anonymous.get(list_url("milestone", **query))) == [early.pk]


def test_funding_lines_and_milestones_are_read_only(planner_token):
    line = FundingLineFactory()
    response = planner_token.patch(detail_url("fundingline", line.pk), {}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_a_dialogue_of_a_draft_project_shows_no_project_to_the_public(anonymous, planner_token):
    dialogue = DialogueFactory(project=ProjectFactory(is_published=False), is_published=True)
    assert anonymous.get(detail_url("dialogue", dialogue.pk)).json()["project"] is None
    assert planner_token.get(detail_url("dialogue", dialogue.pk)).json()["project"] is not None
