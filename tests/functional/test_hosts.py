"""Prod names only its public hosts in links, whatever Host or X-Forwarded-Host a request
sends straight to API Gateway (docs/deploy.md, "Which host links name")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws

from chalicelib.store import dynamodb as store
from chalicelib.store import keys
from coop import content, loader, template
from tests.conftest import CONTENT, ROOT
from tests.functional.helpers import assert_problem, body, get, header

CLOUDFRONT = "d111111abcdef8.cloudfront.net"  # what the stack writes into the parameter
EXECUTE_API = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"
ANN = "chongqing-expands-cooperation-with-california"
PROJECT = "data-operation-centers"

# Each surface that writes absolute URLs, and one URL it must write (literal, on purpose).
SURFACES = {
    "/embed/projects?lang=en": f"https://{CLOUDFRONT}/projects/{PROJECT}?lang=en",
    f"/embed/announcements/{ANN}?lang=en": f"https://{CLOUDFRONT}/announcements/{ANN}?lang=en",
    f"/projects/{PROJECT}?lang=en": f"https://{CLOUDFRONT}/projects/{PROJECT}?lang=zh-Hant",
    f"/oembed?url=https%3A%2F%2F{CLOUDFRONT}%2Fprojects%2F{PROJECT}": (
        f"https://{CLOUDFRONT}/embed/projects/{PROJECT}"
    ),
    "/v1/announcements.atom?lang=en": f"https://{CLOUDFRONT}/announcements/{ANN}?lang=en",
    "/v1/announcements.json?lang=en": f"https://{CLOUDFRONT}/embed/announcements?lang=en",
    "/v1/openapi.json": f'"servers":[{{"url":"https://{CLOUDFRONT}"}}]',
    "/docs": f'href="https://{CLOUDFRONT}/v1/openapi.json"',
}
SPOOFS = [{"Host": "evil.example"}, {"Host": EXECUTE_API, "X-Forwarded-Host": "evil.example"}]


def template_variables() -> dict[str, str]:
    """The function's environment as the prod template sets it (its literal values)."""
    resources = template.merge_template("prod")["Resources"]
    variables = resources["APIHandler"]["Properties"]["Environment"]["Variables"]
    return {name: value for name, value in variables.items() if isinstance(value, str)}


@pytest.fixture
def prod(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Client, Any]]:
    """The app on the prod stage (.chalice/config.json plus the template's variables) over
    moto: coop-prod with the seed, and the hosts parameter as the stack writes it."""
    from app import app

    variables = template_variables()
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        db = store.client()
        db.create_table(**keys.table_definition("coop-prod"))
        loader.load(db, "coop-prod", content.read(CONTENT))
        ssm = boto3.client("ssm", region_name="us-east-1")
        ssm.put_parameter(Name=variables["PUBLIC_HOSTS_PARAMETER"], Value=CLOUDFRONT, Type="String")
        with Client(app, stage_name="prod", project_dir=str(ROOT)) as client:
            yield client, ssm


def text(response: Any) -> str:
    assert response.status_code == 200, response.body
    return str(response.body.decode())


@pytest.mark.parametrize("spoof", SPOOFS, ids=["Host", "X-Forwarded-Host"])
@pytest.mark.parametrize("path", list(SURFACES))
def test_a_spoofed_host_gets_links_on_the_public_host(prod, path, spoof):
    client, _ = prod
    page = text(get(client, path, **spoof))
    assert SURFACES[path] in page.replace("&amp;", "&")
    assert "evil.example" not in page


@pytest.mark.parametrize("path", list(SURFACES))
def test_a_spoofed_host_gets_what_cloudfront_gets(prod, path):
    client, _ = prod
    through_cloudfront = get(client, path, Host=EXECUTE_API, **{"X-Forwarded-Host": CLOUDFRONT})
    direct = get(client, path, Host=EXECUTE_API)
    spoofed = get(client, path, Host=EXECUTE_API, **{"X-Forwarded-Host": "evil.example"})
    assert text(through_cloudfront) == text(direct) == text(spoofed)
    assert header(spoofed, "etag") == header(through_cloudfront, "etag")


def test_oembed_refuses_urls_on_a_host_the_request_names(prod):
    client, _ = prod
    evil = quote(f"https://evil.example/projects/{PROJECT}", safe="")
    for spoof in SPOOFS:
        assert_problem(get(client, f"/oembed?url={evil}", **spoof), 404)


def test_links_name_the_host_the_viewer_used_when_it_is_public(prod, monkeypatch):
    client, _ = prod
    monkeypatch.setenv("PUBLIC_HOSTS", "api.example.org")
    alias = {"Host": EXECUTE_API, "X-Forwarded-Host": "API.example.org"}
    assert "https://api.example.org/projects/" in text(get(client, "/embed/projects", **alias))
    distribution = {"Host": EXECUTE_API, "X-Forwarded-Host": CLOUDFRONT}
    assert f"https://{CLOUDFRONT}/projects/" in text(get(client, "/embed/projects", **distribution))
    # Any other host: the first public host (PUBLIC_HOSTS, then the parameter's).
    spoofed = text(get(client, "/embed/projects", Host="evil.example"))
    assert "https://api.example.org/projects/" in spoofed and CLOUDFRONT not in spoofed
    # oEmbed takes URLs on every public host, and on no other.
    for host in ("api.example.org", CLOUDFRONT):
        url = quote(f"https://{host}/embed/projects", safe="")
        assert get(client, f"/oembed?url={url}", Host="evil.example").status_code == 200


def test_a_configured_url_wins_and_oembed_still_knows_the_distribution(prod, monkeypatch):
    client, _ = prod
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://api.example.org/")
    openapi = get(client, "/v1/openapi.json", **{"X-Forwarded-Host": CLOUDFRONT})
    assert body(openapi)["servers"] == [{"url": "https://api.example.org"}]
    url = quote(f"https://{CLOUDFRONT}/embed/projects", safe="")
    data = body(get(client, f"/oembed?url={url}", Host="evil.example"))
    assert data["html"].startswith('<iframe src="https://api.example.org/embed/projects"')


def test_prod_with_no_public_host_writes_no_link_but_still_serves_json(prod, monkeypatch):
    client, _ = prod
    monkeypatch.delenv("PUBLIC_HOSTS_PARAMETER")
    for path in SURFACES:
        response = get(client, path, Host="evil.example")
        problem = assert_problem(response, 500)
        assert "evil.example" not in json.dumps(problem)
    item = get(client, f"/v1/projects/{PROJECT}?lang=en", Host="evil.example")
    assert item.status_code == 200 and body(item)["id"] == PROJECT


def test_a_public_host_that_is_not_a_host_is_a_500_not_a_link(prod, monkeypatch):
    client, ssm = prod
    name = template_variables()["PUBLIC_HOSTS_PARAMETER"]
    ssm.put_parameter(Name=name, Value="https://x.example/", Type="String", Overwrite=True)
    assert_problem(get(client, "/embed/projects", Host="evil.example"), 500)


def test_the_hosts_parameter_is_read_once_per_container(prod, monkeypatch):
    from chalicelib.store import dynamodb as store_module

    client, _ = prod
    made: list[str] = []
    original = store_module.aws_client

    def counted(service: Any) -> Any:
        made.append(service)
        return original(service)

    monkeypatch.setattr(store_module, "aws_client", counted)
    for path in SURFACES:
        text(get(client, path, Host="evil.example"))
    assert made == ["ssm"]
