"""`coop serve` as a user runs it: a real process, real HTTP on loopback, Ctrl-C to stop."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(PORT=str(port), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "coop.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if "Serving the API on" in line:
            break
        if not line and process.poll() is not None:
            pytest.fail("coop serve exited:\n" + "".join(lines))
    assert f"http://127.0.0.1:{port}/" in lines[-1]
    yield f"http://127.0.0.1:{port}", process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
    process.stdout.close()


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


def test_ctrl_c_stops_the_server(server):
    _, process = server
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=15) == 0
