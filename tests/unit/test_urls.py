"""The URLs links start with: the configured one, the requested host, and API Gateway's stage."""

from __future__ import annotations

import pytest
from chalice.app import Request

from chalicelib import urls


def request(host: str, stage: str = "api", **headers: str) -> Request:
    event = {
        "multiValueQueryStringParameters": None,
        "headers": {"host": host, **headers},
        "pathParameters": None,
        "requestContext": {"httpMethod": "GET", "resourcePath": "/docs", "stage": stage,
                           "path": f"/{stage}/docs"},
        "httpMethod": "GET",
        "body": None,
        "stageVariables": None,
        "isBase64Encoded": False,
    }  # fmt: skip
    return Request(event)


@pytest.fixture
def stage(monkeypatch):
    for name in ("PUBLIC_BASE_URL", "PUBLIC_HOSTS", "PUBLIC_HOSTS_PARAMETER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STAGE", "dev")
    return monkeypatch


def test_the_configured_url_wins_over_every_header(stage):
    stage.setenv("PUBLIC_BASE_URL", "https://coop.example.org/")
    asked = request("abc.execute-api.us-east-1.amazonaws.com", **{"x-forwarded-host": "x.y"})
    assert urls.base_url(asked) == "https://coop.example.org"


def test_api_gateways_own_host_keeps_its_stage_in_the_path(stage):
    asked = request("abc.execute-api.us-east-1.amazonaws.com", stage="api")
    assert urls.base_url(asked) == "https://abc.execute-api.us-east-1.amazonaws.com/api"


def test_behind_cloudfront_the_stage_is_not_in_the_path(stage):
    asked = request("abc.execute-api.us-east-1.amazonaws.com",
                    **{"x-forwarded-host": "d111.cloudfront.net"})  # fmt: skip
    assert urls.base_url(asked) == "https://d111.cloudfront.net"


def test_this_machine_is_plain_http(stage):
    assert urls.base_url(request("127.0.0.1:8000")) == "http://127.0.0.1:8000"
    assert urls.base_url(request("localhost")) == "http://localhost"


def test_a_public_host_list_names_only_its_hosts(stage):
    stage.setenv("PUBLIC_HOSTS", "coop.example.org, d111.cloudfront.net")
    assert urls.base_url(request("evil.example")) == "https://coop.example.org"
    assert urls.base_url(request("d111.cloudfront.net")) == "https://d111.cloudfront.net"


def test_page_and_embed_urls():
    base = "https://coop.example.org"
    assert urls.page(base, "projects", "p", "en") == "https://coop.example.org/projects/p?lang=en"
    assert urls.page(base, "projects", "p") == "https://coop.example.org/projects/p"
    assert urls.embed(base, "projects", sector="transport", lang=None) == (
        "https://coop.example.org/embed/projects?sector=transport"
    )
