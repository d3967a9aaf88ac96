"""The OpenAPI document: valid 3.1, generated (never hand-edited), served, and readable."""

from __future__ import annotations

import json

from openapi_spec_validator import validate

import app
from chalicelib.api import document as reference
from coop import cli
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
    # What a reader needs without opening the JSON: values, fields, the sync flow.
    assert "one of architecture | real-estate |" in page
    assert "<summary>ProjectItem</summary>" in page and "<code>next_sync_token</code>" in page
    assert "follow <code>next_page_token</code>" in page and "`" not in page.split("<body>")[1]


SEED_IDS = {
    "announcements": "chongqing-expands-cooperation-with-california",
    "projects": "data-operation-centers",
    "festival-products": "red-wine",
}
# oEmbed checks its url before anything else: probes of the other parameters need one.
OEMBED_URL = "url=http%3A%2F%2Flocalhost%2Fprojects%2Fdata-operation-centers&"
GIVEN = {"/oembed": OEMBED_URL, "/oembed.xml": OEMBED_URL}
# Values that are wrong for a parameter that takes any text: too long.
BAD = {("/embed/search", "q"): "x" * 101}


def test_each_route_reads_exactly_the_query_parameters_it_documents(client):
    """The document's parameters are written beside the handlers: this keeps them equal.

    A JSON route names what it accepts when given an unknown parameter; that list must be
    the documented one. Pages and oEmbed ignore unknown parameters, so there each documented
    parameter must at least be read: a bad value is a 4xx that names it.
    """
    for path, item in reference.document()["paths"].items():
        kind = next((k for k in SEED_IDS if f"/{k}/" in path), None)
        url = path.replace("{item_id}", SEED_IDS[kind]) if kind else path
        documented = {p["name"] for p in item["get"]["parameters"] if p["in"] == "query"}
        response = get(client, f"{url}?zz-undocumented=1")
        detail = body(response)["detail"] if response.status_code == 400 else ""
        if "is not a parameter of this endpoint" in detail:
            accepted = detail.split("(accepted: ")[1].rstrip(")").split(", ")
            assert set(accepted) - {"none"} == documented, path
            continue
        for name in documented:
            value = BAD.get((path, name), "%E2%80%BDbad")
            bad = get(client, f"{url}?{GIVEN.get(path, '')}{name}={value}")
            statuses = {"400", "404", "501"} & set(item["get"]["responses"])
            assert str(bad.status_code) in statuses, (path, name)  # 501: oEmbed's unknown format
            if bad.status_code in (400, 501):
                assert name in body(bad)["detail"], (path, name, body(bad))


def test_a_sector_says_it_counts_records_and_keeps_the_old_name_deprecated():
    sector = reference.document()["components"]["schemas"]["SectorItem"]["properties"]
    assert sector["project_record_count"]["description"].startswith(
        "How many project records /v1/projects?sector= lists: records, not projects."
    )
    assert sector["project_count"]["deprecated"] is True


def served(client, path: str, query: str = "", **headers: str):
    return get(client, f"{path}{'?' + query if query else ''}", **headers)


def answers(client, route) -> list[tuple[int, str | None]]:
    """What a route answers: a good request, a revalidation, a bad parameter, an unknown id."""
    kind = route.kind
    path = route.path.replace("{item_id}", kind.example) if kind else route.path
    good = OEMBED_URL.rstrip("&") if route.path.startswith("/oembed") else ""
    first = served(client, path, good)
    found = [(first.status_code, header(first, "content-type"))]
    etag = header(first, "etag") or ""
    again = served(client, path, good, **{"If-None-Match": etag})
    found.append((again.status_code, None))
    for name in route.accepted or ("zz",):
        bad = served(client, path, f"{good}&{name}=%E2%80%BDbad".lstrip("&"))
        found.append((bad.status_code, header(bad, "content-type")))
    if kind and "{item_id}" in route.path:
        missing = served(client, route.path.replace("{item_id}", "no-such-id"))
        found.append((missing.status_code, header(missing, "content-type")))
    if route.path.startswith("/oembed"):
        xml = served(client, path, f"{good}&format=xml")
        found.append((xml.status_code, header(xml, "content-type")))
    return found


def test_every_status_and_media_type_served_is_in_the_document(client):
    """Each route, asked well and badly: every status it answers is documented for its path,
    and every media type of a 200 or an error is documented for that status."""
    from chalicelib.routes import ROUTES

    paths = reference.document()["paths"]
    for route in ROUTES:
        responses = paths[route.path]["get"]["responses"]
        for status, media in answers(client, route):
            assert str(status) in responses, (route.path, status)
            if media is not None and status != 304:
                documented = responses[str(status)].get("content", {})
                assert media.split(";")[0] in documented, (route.path, status, media)
