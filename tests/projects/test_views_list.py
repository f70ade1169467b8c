import pytest
from django.urls import reverse

from tests.organisations.factories import OrganisationFactory
from tests.places.factories import MunicipalityFactory
from tests.projects.factories import ProjectFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def make_projects(count, **extra):
    owner = OrganisationFactory()
    municipalities = [MunicipalityFactory(), MunicipalityFactory()]
    for _ in range(count):
        project = ProjectFactory(owner=owner, **extra)
        project.municipalities.set(municipalities)


def test_project_list_makes_the_same_queries_for_2_and_20_projects(client, planner):
    client.force_login(planner)
    make_projects(2)
    response = assert_constant_queries(
        client, reverse("projects:list"), lambda: make_projects(18), expected=7
    )
    assert response.context["page_obj"].paginator.count == 20


def test_anonymous_project_list_makes_the_same_queries_for_2_and_20_projects(client):
    make_projects(2)
    assert_constant_queries(client, reverse("projects:list"), lambda: make_projects(18), expected=4)


def test_anonymous_sees_only_published_projects(client):
    ProjectFactory(title="Publicerat")
    ProjectFactory(title="Hemligt utkast", is_published=False)
    content = client.get(reverse("projects:list")).content.decode()
    assert "Publicerat" in content
    assert "Hemligt utkast" not in content


def test_committee_member_sees_drafts_marked_as_drafts(client, committee_member):
    ProjectFactory(title="Hemligt utkast", is_published=False)
    client.force_login(committee_member)
    response = client.get(reverse("projects:list"))
    assert "Hemligt utkast" in response.content.decode()


def test_projects_filter_by_status_municipality_and_period(client):
    import datetime

    municipality = MunicipalityFactory()
    wanted = ProjectFactory(
        status="ongoing",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    wanted.municipalities.add(municipality)
    ProjectFactory(status="completed").municipalities.add(municipality)
    ProjectFactory(status="ongoing")  # elsewhere
    ProjectFactory(
        status="ongoing", start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 2, 1)
    ).municipalities.add(municipality)
    response = client.get(
        reverse("projects:list"),
        {"status": "ongoing", "municipality": municipality.pk, "active_from": "2026-03-01"},
    )
    assert list(response.context["page_obj"]) == [wanted]


def test_an_empty_filter_result_says_how_to_see_all_projects(client):
    ProjectFactory(status="ongoing")
    content = client.get(reverse("projects:list"), {"status": "cancelled"}).content.decode()
    assert "No project matches the filters" in content


def test_the_list_paginates_and_out_of_range_pages_show_the_last(client):
    make_projects(25)
    response = client.get(reverse("projects:list"), {"page": 99})
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"].object_list) == 5
