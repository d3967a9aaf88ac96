"""`coop serve` as a user runs it: a real process, real HTTP on loopback, Ctrl-C to stop."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from tests.integration.conftest import coop_serve

pytestmark = pytest.mark.integration
LANGS = ("zh-Hans", "zh-Hant", "en")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with coop_serve() as running:
        yield running


def fetch(url: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urlopen(Request(url, method=method, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()


def as_json(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"))


def test_every_endpoint_answers_over_http(server):
    base, _ = server
    for path in (
        "/v1/announcements",
        "/v1/announcements/chongqing-expands-cooperation-with-california",
        "/v1/projects?sector=transport",
        "/v1/projects/data-operation-centers",
        "/v1/festival-products?category=nuts",
        "/v1/festival-products/red-wine",
        "/v1/sectors",
    ):
        status, headers, raw = fetch(base + path, **{"Accept-Language": "zh-TW"})
        assert status == 200, path
        assert headers["Content-Language"] == "zh-Hant"
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        assert as_json(raw)


def test_paging_over_http_follows_the_link_header(server):
    base, _ = server
    status, headers, raw = fetch(base + "/v1/projects?limit=5&lang=en")
    assert status == 200
    link = headers["Link"]
    target = link[1 : link.index(">")]
    assert target.startswith("?")
    status, _, second = fetch(base + "/v1/projects" + target)
    assert status == 200
    assert len(as_json(raw)["items"]) == len(as_json(second)["items"]) == 5


def test_unknown_route_is_a_404_problem_like_the_deployed_gateway(server):
    base, _ = server
    status, headers, raw = fetch(base + "/v2/nothing")
    assert status == 404
    assert headers["Content-Type"] == "application/problem+json; charset=utf-8"
    assert as_json(raw)["instance"] == "/v2/nothing"


def test_conditional_get_over_http(server):
    base, _ = server
    _, headers, _ = fetch(base + "/v1/sectors")
    status, _, raw = fetch(base + "/v1/sectors", **{"If-None-Match": headers["ETag"]})
    assert status == 304 and raw == b""


def test_cors_preflight(server):
    base, _ = server
    status, headers, _ = fetch(
        base + "/v1/projects",
        method="OPTIONS",
        Origin="https://partner.example",
        **{
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in headers["Access-Control-Allow-Headers"]
    methods = sorted(m.strip() for m in headers["Access-Control-Allow-Methods"].split(","))
    assert methods == ["GET", "HEAD", "OPTIONS"]  # the 405 routes are not offered


def test_head_never_has_a_body_and_the_connection_survives(server):
    import http.client
    from urllib.parse import urlsplit

    host = urlsplit(server[0]).netloc
    connection = http.client.HTTPConnection(host, timeout=10)
    for path, status in (("/nope", 404), ("/v1/projects", 200), ("/v1/sectors", 200)):
        connection.request("HEAD", path)
        response = connection.getresponse()
        assert (response.status, response.read()) == (status, b"")
    connection.close()


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "QUERY", "FOO", "get"])
def test_any_other_method_is_a_405_problem(server, method):
    status, headers, raw = fetch(server[0] + "/v1/projects", method=method)
    assert status == 405 and headers["Allow"] == "GET, HEAD, OPTIONS"
    assert headers["Content-Type"] == "application/problem+json; charset=utf-8"
    assert as_json(raw)["status"] == 405


def test_every_method_goes_through_the_one_at_a_time_lock():
    from coop.gateway import ProblemRequestHandler

    for method in ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"):
        handler = getattr(ProblemRequestHandler, f"do_{method}")
        assert handler is ProblemRequestHandler._generic_handle, method


def test_concurrent_requests_do_not_see_each_others_parameters(server):
    """Chalice keeps the request on the app object; a browser loads many frames at once."""
    base, _ = server
    urls = [f"{base}/embed/projects?lang={lang}&limit={n}" for n in (2, 4) for lang in LANGS] * 8

    def language(url: str) -> tuple[str, str]:
        status, headers, _ = fetch(url)
        assert status == 200
        return url, headers["Content-Language"]

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(language, urls))
    assert [got for _, got in answers] == [url.split("lang=")[1].split("&")[0] for url in urls]


def test_ctrl_c_stops_the_server(server):
    _, process = server
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=15) == 0
