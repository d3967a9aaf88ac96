"""The OpenAPI document: valid 3.1, generated (never hand-edited), served, and readable."""

from __future__ import annotations

import json

from openapi_spec_validator import validate

import app
from chalicelib import reference
from coop import cli, openapi
from tests.functional.helpers import body, get, header


def test_committed_document_is_what_the_routes_and_models_generate(capsys):
    """The snapshot: a change to a route, field or enum shows up as a diff of openapi.json."""
    assert cli.main(["openapi", "--check"]) == 0, capsys.readouterr().err


def test_document_is_valid_openapi_31():
    document = reference.document()
    validate(document)
    assert document["openapi"] == "3.1.0"


def test_every_route_is_documented_with_its_errors_and_headers():
    document = reference.document()
    assert set(document["paths"]) == set(app.app.routes)
    listing = document["paths"]["/v1/projects"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {
        "lang",
        "sector",
        "direction",
        "limit",
        "cursor",
    }
    assert {"200", "304", "400", "405", "503"} <= set(listing["responses"])
    assert {"ETag", "Link", "Content-Language", "Cache-Control"} <= set(
        listing["responses"]["200"]["headers"]
    )
    problem = listing["responses"]["400"]["content"]["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/Problem"}


def test_examples_come_from_the_seed():
    document = reference.document()
    example = document["paths"]["/v1/festival-products/{item_id}"]["get"]["responses"]["200"]
    assert example["content"]["application/json"]["example"]["name"] == "Fresh fruits"


def test_a_route_without_documentation_fails_generation():
    try:
        openapi.document([*app.app.routes, "/v1/secret"])
    except ValueError as error:
        assert "/v1/secret" in str(error)
    else:
        raise AssertionError("an undocumented route went through")


def test_served_document_names_this_server(client):
    response = get(client, "/v1/openapi.json")
    assert response.status_code == 200 and header(response, "etag")
    assert body(response)["servers"] == [{"url": "http://localhost"}]


def test_docs_page(client):
    response = get(client, "/docs")
    assert header(response, "content-type") == "text/html; charset=utf-8"
    page = response.body.decode()
    assert "GET /v1/sync" in page and "openapi.json" in page
    assert json.loads(get(client, "/v1/openapi.json").body)["info"]["title"] in page
