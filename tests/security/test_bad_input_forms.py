"""Bad input to the portal's forms gets a form error next to the field that says what is
wrong (or, for a body Django will not read at all, a 400 page), and the database is
unchanged: form data that is not UTF-8, oversized bodies, fields the form does not have,
wrong types, dates out of range, diarienummer in wrong forms and bad geometry."""

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from places.models import PlanningArea
from projects.models import Project
from tests.decisions.factories import AgendaItemFactory, MeetingFactory
from tests.projects.factories import ProjectFactory
from tests.security.bad_input import (
    BAD_GEOMETRIES,
    SQUARE,
    database_state,
    million_vertex_polygon,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_client(client, planner):
    client.force_login(planner)
    return client


@pytest.fixture
def before():
    ProjectFactory(diarienummer="RUN/479/2024", title="Strategisk planering")
    return database_state()


def project_data(**overrides) -> dict:
    data = {
        "diarienummer": "RUN/12/2026",
        "title": "Nytt projekt",
        "status": "planned",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "summary": "Sammanfattning",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "funding-TOTAL_FORMS": "0",
        "funding-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post_project(client, **overrides):
    return client.post(reverse("projects:create"), project_data(**overrides))


def field_errors(response, field: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    return form.errors.get(field, [])


def test_good_project_data_is_saved(planner_client):
    assert post_project(planner_client).status_code == 302
    assert Project.objects.get().diarienummer == "RUN/12/2026"


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("start_date", "0000-01-01", "valid date"),
        ("start_date", "10000-01-01", "valid date"),
        ("end_date", "2026-02-30", "valid date"),
        ("end_date", "31/12/2026", "valid date"),
        ("status", "finished-ish", "valid choice"),
        ("owner", "Regionen", "valid choice"),
        ("owner", "999999", "valid choice"),
        ("municipalities", "9999", "valid choice"),
        ("title", "", "required"),
        ("title", "x" * 10_000, "at most"),
        ("title", "Null\x00byte", "Null characters are not allowed"),
    ],
)
def test_wrong_values_are_form_errors_next_to_the_field(
    planner_client, before, field, value, words
):
    response = post_project(planner_client, **{field: value})
    assert any(words in message for message in field_errors(response, field)), response.context[
        "form"
    ].errors
    assert database_state() == before


def test_an_end_before_the_start_is_a_form_error(planner_client, before):
    response = post_project(planner_client, start_date="2026-06-01", end_date="2026-05-31")
    assert "A project cannot end before it starts." in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize(
    "value",
    [
        "RUN-479-2024",
        "479/2024",
        "RUN/0/2024",
        "RUN/1/1899",
        "RUN/1/2101",
        "RUN/1234567/2024",
        "RUN/٤٧٩/2024",
        "<b>RUN</b>/1/2024",
    ],
)
def test_diarienummer_in_wrong_forms_are_form_errors(planner_client, before, value):
    response = post_project(planner_client, diarienummer=value)
    errors = field_errors(response, "diarienummer")
    assert errors and all(errors)
    assert database_state() == before


def test_a_diarienummer_as_people_write_it_is_stored_canonical(planner_client):
    assert post_project(planner_client, diarienummer=" run / 0012 / 2026 ").status_code == 302
    assert Project.objects.get().diarienummer == "RUN/12/2026"


def test_fields_the_form_does_not_have_are_ignored(planner_client, planner):
    response = post_project(
        planner_client, created="1999-01-01T00:00:00Z", id="4711", is_superuser="on"
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.pk != 4711 and project.created.year > 1999
    planner.refresh_from_db()
    assert not planner.is_superuser


def test_a_bad_milestone_saves_neither_the_project_nor_its_milestones(planner_client, before):
    response = post_project(
        planner_client,
        **{
            "milestones-TOTAL_FORMS": "2",
            "milestones-0-title": "Start",
            "milestones-0-planned_date": "2026-02-01",
            "milestones-1-title": "Slut",
            "milestones-1-planned_date": "10000-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["milestones"].errors[1]["planned_date"]
    assert database_state() == before


def test_a_form_that_is_not_utf8_is_a_400_and_changes_nothing(planner_client, before):
    body = urlencode(project_data()) + "&title=%FF%FEBrutet"
    response = planner_client.generic(
        "POST",
        reverse("projects:create"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert database_state() == before


def test_a_latin1_form_is_refused_rather_than_saved_with_replacement_characters(
    planner_client, before
):
    body = urlencode(project_data(title="Åre kommun"), encoding="latin-1")
    response = planner_client.generic(
        "POST",
        reverse("projects:create"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert database_state() == before


def multipart_body(fields: dict[str, bytes], boundary: bytes = b"BoUnDaRy") -> bytes:
    """A multipart/form-data body with each field's bytes as they are (no re-encoding)."""
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (boundary, name.encode(), value)
        for name, value in fields.items()
    ]
    return b"".join(parts) + b"--%s--\r\n" % boundary


@pytest.mark.parametrize("title", ["Åre kommun".encode("latin-1"), b"\xff\xfeBrutet"])
def test_a_multipart_form_that_is_not_utf8_is_a_400_and_changes_nothing(
    planner_client, before, title
):
    fields = {k: v.encode() for k, v in project_data().items()}
    fields["title"] = title
    response = planner_client.generic(
        "POST",
        reverse("projects:create"),
        multipart_body(fields),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert database_state() == before


def test_a_multipart_form_in_utf8_is_saved(planner_client, before):
    fields = {k: v.encode() for k, v in project_data(title="Åre kommun").items()}
    response = planner_client.generic(
        "POST",
        reverse("projects:create"),
        multipart_body(fields),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert response.status_code == 302, response.content
    assert Project.objects.filter(title="Åre kommun").exists()


def test_an_oversized_form_is_a_400_page_and_changes_nothing(planner_client, before):
    response = post_project(planner_client, summary="x" * 3_000_000)
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert database_state() == before


def test_too_many_fields_is_a_400_and_changes_nothing(planner_client, before):
    extra = {f"noise{i}": "x" for i in range(1100)}
    response = post_project(planner_client, **extra)
    assert response.status_code == 400
    assert database_state() == before


# --- geometry --------------------------------------------------------------------------------


def area_data(geometry) -> dict:
    return {
        "name": "Nytt stråk",
        "kind": "infrastructure",
        "description": "Ett stråk.",
        "geometry": geometry if isinstance(geometry, str) else json.dumps(geometry),
    }


@pytest.mark.parametrize(
    "what, geometry, words", BAD_GEOMETRIES, ids=[b[0] for b in BAD_GEOMETRIES]
)
def test_bad_geometry_is_a_form_error_saying_what_is_wrong(
    planner_client, before, what, geometry, words
):
    response = planner_client.post(reverse("maps:planning_area_create"), area_data(geometry))
    errors = " ".join(field_errors(response, "geometry"))
    assert words.replace("'", "") in errors.replace("'", ""), errors
    assert database_state() == before


@pytest.mark.parametrize("value", ["", "null", "{}", "[]", '"Point"', "{" * 5000, "NaN"])
def test_geometry_text_that_is_no_geometry_is_a_form_error(planner_client, before, value):
    response = planner_client.post(reverse("maps:planning_area_create"), area_data(value))
    assert field_errors(response, "geometry")
    assert database_state() == before


def test_a_million_vertex_polygon_is_refused_and_changes_nothing(planner_client, before):
    response = planner_client.post(
        reverse("maps:planning_area_create"), area_data(million_vertex_polygon())
    )
    assert response.status_code == 400
    assert "too many vertices" in response.content.decode()
    assert database_state() == before


def test_a_geometry_over_the_vertex_cap_is_a_form_error_when_the_body_may_be_large(
    planner_client, before, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    response = planner_client.post(
        reverse("maps:planning_area_create"), area_data(million_vertex_polygon())
    )
    errors = " ".join(field_errors(response, "geometry"))
    assert "more than 200 000 vertices" in errors
    assert database_state() == before


def test_a_dialogue_location_that_is_not_a_point_in_sweden_is_refused(planner_client, before):
    project = Project.objects.get()
    for location in (SQUARE, {"type": "Point", "coordinates": [2.35, 48.85]}):
        response = planner_client.post(
            reverse("dialogues:create"),
            {
                "project": project.pk,
                "title": "Dialog",
                "format": "meeting",
                "scope": "external",
                "location": json.dumps(location),
            },
        )
        assert field_errors(response, "location")
    assert database_state() == before


def test_an_agenda_item_with_a_bad_diarienummer_and_number_changes_nothing(planner_client):
    meeting = MeetingFactory(minutes_status="draft")
    AgendaItemFactory(meeting=meeting)
    before = database_state()
    response = planner_client.post(
        reverse("decisions:agenda_item_create", args=[meeting.pk]),
        {
            "number": "-3",
            "position": "ett",
            "diarienummer": "RUN/1/99",
            "title": "Ärende",
            "kind": "decision",
            "proposal-TOTAL_FORMS": "1",
            "proposal-INITIAL_FORMS": "0",
            "proposal-0-number": "x",
            "proposal-0-text": "Förslag",
            "decision-TOTAL_FORMS": "0",
            "decision-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"number", "position", "diarienummer"} <= set(form.errors)
    assert database_state() == before
    assert PlanningArea.objects.count() == 0
