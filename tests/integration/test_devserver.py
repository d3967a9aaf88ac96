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


def test_sync_right_after_make_run_serves_every_item_once():
    """A new user follows the README: `make run`, then /v1/sync at once. The embedded
    DynamoDB has no index lag, so nothing waits out SYNC_SETTLE_SECONDS or comes twice."""
    with coop_serve() as (base, _):
        status, _, raw = fetch(base + "/v1/sync?lang=en&limit=100")
        first = as_json(raw)
        assert (status, len(first["items"]), first["next_page_token"]) == (200, 23, None)
        status, _, raw = fetch(base + "/v1/sync?token=" + first["next_sync_token"])
        later = as_json(raw)
        assert (status, later["items"], later["deleted"]) == (200, [], [])


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
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_conditional_get_over_http(server):
    base, _ = server
    _, headers, _ = fetch(base + "/v1/sectors")
    status, _, raw = fetch(base + "/v1/sectors", **{"If-None-Match": headers["ETag"]})
    assert status == 304 and raw == b""


@pytest.mark.parametrize(
    "path",
    [
        "/v1/sectors",
        "/embed/projects?lang=en",
        "/v1/announcements.atom?lang=en",
        "/oembed.xml?url=http%3A%2F%2F127.0.0.1%2Fembed%2Fprojects",
    ],
)
def test_a_304_carries_no_content_headers(server, path):
    """RFC 9110 15.4.5, as API Gateway answers: no Content-Length: 0, no Content-Type."""
    base, _ = server
    url = base + path.replace("127.0.0.1", base.split("//")[1].replace(":", "%3A"))
    status, headers, _ = fetch(url)
    assert status == 200, url
    status, headers, raw = fetch(url, **{"If-None-Match": headers["ETag"]})
    assert (status, raw) == (304, b"")
    assert "Content-Type" not in headers and "Content-Length" not in headers
    assert headers["ETag"] and headers["Cache-Control"]


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


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        ("GET /v1/sectors HTTP/9.9", 400),  # http.server's 505: the client chose the version
        ("GET /v1/sectors HTTP/x", 400),
        (f"GET /v1/sectors?q={'a' * 70_000} HTTP/1.1", 414),
    ],
)
def test_what_the_http_server_itself_rejects_is_a_4xx_problem(server, request_line, status):
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(server[0])
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(f"{request_line}\r\nHost: x\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, raw = answer.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.0 {status} ".encode()) or head.startswith(
        f"HTTP/1.1 {status} ".encode()
    ), head
    assert b"application/problem+json" in head
    assert as_json(raw)["status"] == status


def test_ctrl_c_stops_the_server(server):
    _, process = server
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=15) == 0


@pytest.fixture
def shared_table(tmp_path) -> Iterator[dict[str, str]]:
    """A DynamoDB of someone else's (moto's server) holding one table, loaded by `coop load`."""
    from moto.server import ThreadedMotoServer

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    own = {
        "DYNAMODB_ENDPOINT_URL": f"http://{host}:{port}",
        "TABLE_NAME": "shared-table",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    yield own
    moto.stop()


def coop(own: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    import os
    import sys

    from tests.conftest import ROOT

    mine = ("AWS_", "TABLE_NAME", "DYNAMODB_ENDPOINT_URL", "PORT")
    env = {k: v for k, v in os.environ.items() if not k.startswith(mine)} | own
    command = [sys.executable, "-m", "coop.cli", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_serve_uses_a_table_named_by_the_environment_as_it_is(shared_table, tmp_path):
    missing = coop(shared_table, "serve")
    assert missing.returncode == 2
    assert "coop create-table" in missing.stderr  # a missing table is named, with the fix

    assert coop(shared_table, "generate", "--count", "3", str(tmp_path)).returncode == 0
    assert coop(shared_table, "create-table").returncode == 0
    assert coop(shared_table, "load", str(tmp_path)).returncode == 0
    with coop_serve(**shared_table) as (base, process):
        status, _, raw = fetch(base + "/v1/projects?lang=en")
        assert status == 200
        served = sorted(p["id"] for p in as_json(raw)["items"])
        assert served == sorted(p.stem for p in (tmp_path / "projects").glob("*.yaml"))
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0


@pytest.mark.parametrize("port", ["abc", "0", "70000"])
def test_a_bad_port_is_named_before_anything_starts(port):
    done = coop({"PORT": port}, "serve")
    assert done.returncode == 2
    assert f"PORT must be a number from 1 to 65535, got {port!r}" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_busy_port_is_a_clear_message_not_a_traceback():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = coop({"PORT": port}, "serve")
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
