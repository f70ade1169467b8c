"""The OpenAPI document (/api/schema/) as a client's code generator reads it: valid OpenAPI 3,
every $ref resolving — on every request, not only the first —, optional authentication on the
reads anonymous clients may make, and the bounds the server enforces stated in the parameters.
Unsupported methods are a 405 with Allow wherever they are asked under /api/."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openapi_spec_validator import validate

from core.api.filters import MAX_ID
from core.geo import BBOX_PATTERN, parse_bbox

pytestmark = pytest.mark.django_db


def served_schema(client) -> dict:
    response = client.get(reverse("api-schema") + "?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def resolve(document: dict, ref: str):
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "put", "post", "delete", "patch", "head", "options", "trace"}:
                yield path, method, operation


def parameters_named(document: dict, name: str) -> list[dict]:
    return [
        p["schema"]
        for _path, _method, operation in operations(document)
        for p in operation.get("parameters", [])
        if p["name"] == name and p["in"] == "query"
    ]


def test_every_reference_resolves_on_every_generation(anonymous):
    # The first generation was right and every later one had 18 dangling
    # GeoJSON…Type references: fetch it three times.
    for _ in range(3):
        document = served_schema(anonymous)
        refs = set(references(document))
        assert len(refs) > 50
        unresolved = []
        for ref in sorted(refs):
            try:
                resolve(document, ref)
            except KeyError:
                unresolved.append(ref)
        assert unresolved == []


def test_the_schema_validates_as_openapi_3(anonymous):
    document = served_schema(anonymous)
    assert document["openapi"].startswith("3.")
    served_schema(anonymous)  # a second generation must be as valid as the first
    validate(served_schema(anonymous))


def test_reads_declare_optional_authentication_and_writes_require_it(anonymous):
    document = served_schema(anonymous)
    reads = writes = 0
    for path, method, operation in operations(document):
        security = operation.get("security", [])
        if method == "get":
            reads += 1
            assert {} in security, path
            assert {"tokenAuth": []} in security, path
        else:
            writes += 1
            assert {} not in security, (method, path)
            assert {"tokenAuth": []} in security, (method, path)
    assert reads >= 39 and writes > 0


def test_with_public_reading_off_reads_require_authentication_too(planner_token, settings):
    settings.PUBLIC_READING = False
    document = served_schema(planner_token)
    for path, _method, operation in operations(document):
        assert {} not in operation.get("security", []), path


def test_the_bounds_the_server_enforces_are_stated(anonymous):
    document = served_schema(anonymous)
    bbox = parameters_named(document, "bbox")
    assert bbox and all(s.get("pattern", "").startswith("^") for s in bbox)
    for schema in parameters_named(document, "project"):
        assert schema == {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    for name in ["page", "page_size"]:
        found = parameters_named(document, name)
        assert found and all(s == {"type": "integer", "minimum": 1} for s in found)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("14.5,62.9,15.2,63.4", True),
        ("-180,-90,180,90", True),
        ("-180.0,-90.00,180.000,90.0", True),
        ("0,0,1,1", True),
        ("007,0,8,1", True),  # float() reads leading zeros, so the pattern does too
        ("180.5,0,181,1", False),
        ("14,90.01,15,91", False),
        ("-181,0,1,1", False),
        ("14,62,15", False),
        ("14,62,15,63,1", False),
        ("1e1,62,15,63", False),
    ],
)
def test_the_bbox_pattern_states_the_ranges(anonymous, text, valid):
    assert bool(re.search(BBOX_PATTERN, text)) is valid
    if valid:
        parse_bbox(text)  # what the schema allows, the server reads
    elif "e" not in text:
        with pytest.raises(ValidationError):
            parse_bbox(text)


@pytest.mark.parametrize("accept", ["application/json", "text/html", "*/*"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects/",
        "/api/v1/projects/1/",
        "/api/v1/layers/dialogues/",
        "/api/v1/",
        "/api/schema/",
    ],
)
def test_unsupported_methods_are_405_with_allow_for_anyone(anonymous, planner_token, url, accept):
    for client in (anonymous, planner_token):
        for method in ("TRACE", "CONNECT"):
            response = client.generic(method, url, HTTP_ACCEPT=accept)
            assert response.status_code == 405, (method, url, accept)
            assert "GET" in response["Allow"]
            assert method not in response["Allow"]
    response = anonymous.put("/api/v1/projects/", HTTP_ACCEPT=accept)
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, HEAD"


@pytest.mark.parametrize(
    "query",
    ["modified_since=", "municipality=", "project=", "published=", "bbox=", "date_after="],
)
def test_an_empty_filter_value_is_a_400_naming_the_parameter(anonymous, query):
    # The schema says what a value looks like; an empty one is none of those.
    name = query.rstrip("=")
    response = anonymous.get(f"/api/v1/dialogues/?{query}")
    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_a_filter_left_out_is_no_filter_and_empty_free_text_too(anonymous):
    assert anonymous.get("/api/v1/dialogues/").status_code == 200
    assert anonymous.get("/api/v1/dialogues/?search=").status_code == 200
    assert anonymous.get("/api/v1/dialogues/?ordering=").status_code == 200
