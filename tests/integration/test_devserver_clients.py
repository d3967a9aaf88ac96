"""`coop serve` with clients that stall: none of them may keep the others waiting."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from tests.integration.conftest import coop_serve

pytestmark = pytest.mark.integration

# Generous: an answer takes milliseconds; the server gives a stalled client 5 s.
PATIENCE = 30


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with coop_serve() as running:
        yield running


def connect(base: str) -> socket.socket:
    address = urlsplit(base)
    return socket.create_connection((address.hostname, address.port), timeout=PATIENCE)


def answered(base: str) -> int:
    """Another client's plain GET: its status (a timeout raises)."""
    with urlopen(base + "/v1/sectors?lang=en", timeout=PATIENCE) as response:
        assert json.loads(response.read())["items"]
        return int(response.status)


def everything(sock: socket.socket) -> bytes:
    """What the server sends until it closes the connection."""
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    return answer


def problem_of(answer: bytes) -> tuple[bytes, dict[str, object]]:
    head, _, raw = answer.partition(b"\r\n\r\n")
    assert b"Content-Type: application/problem+json" in head, head
    return head.split(b"\r\n")[0], json.loads(raw)


def test_a_client_that_never_sends_its_body_blocks_no_one(server):
    base, _ = server
    with connect(base) as silent:
        silent.sendall(b"POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
        time.sleep(0.5)  # let the server start on it first
        assert answered(base) == 200
        # The silent client is told why, then dropped, once its time is up.
        status_line, problem = problem_of(everything(silent))
    assert status_line.split(b" ")[1] == b"408"
    assert problem["status"] == 408 and "body" in str(problem["detail"])


def test_a_body_sent_a_byte_at_a_time_holds_only_its_own_connection(server):
    base, _ = server
    with connect(base) as slow:
        slow.sendall(b"POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        stop = threading.Event()

        def trickle() -> None:  # quicker than the server's timeout: never idle, never done
            while not stop.wait(0.5):
                slow.sendall(b"x")

        sender = threading.Thread(target=trickle, daemon=True)
        sender.start()
        try:
            time.sleep(0.5)
            assert answered(base) == 200
        finally:
            stop.set()
            sender.join(timeout=PATIENCE)


def test_an_idle_connection_is_closed(server):
    base, _ = server
    with connect(base) as idle:
        assert idle.recv(1) == b""  # the server hangs up; it used to wait for good
    assert answered(base) == 200


@pytest.mark.parametrize(
    ("length", "status", "mention"),
    [
        ("ten", 400, "Content-Length"),
        ("-1", 400, "Content-Length"),
        (str(10 * 1024 * 1024 + 1), 413, "10485760"),
    ],
)
def test_a_bad_or_huge_content_length_is_a_4xx_problem(server, length, status, mention):
    base, _ = server
    with connect(base) as sock:
        sock.sendall(
            f"POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n".encode()
        )
        status_line, problem = problem_of(everything(sock))
    assert status_line.split(b" ")[1] == str(status).encode()
    assert problem["status"] == status and mention in str(problem["detail"])
    assert answered(base) == 200


def test_a_body_that_stops_short_is_a_400(server):
    base, _ = server
    with connect(base) as sock:
        sock.sendall(b"POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        sock.shutdown(socket.SHUT_WR)  # the client is done sending: 3 bytes of 10
        status_line, problem = problem_of(everything(sock))
    assert status_line.split(b" ")[1] == b"400"
    assert problem["status"] == 400 and "Content-Length" in str(problem["detail"])


def test_a_post_with_its_whole_body_is_still_the_405_problem(server):
    base, _ = server
    with connect(base) as sock:
        sock.sendall(
            b"POST /v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n"
            b'Connection: close\r\n\r\n{"a":1}'
        )
        status_line, problem = problem_of(everything(sock))
    assert status_line.split(b" ")[1] == b"405" and problem["status"] == 405


@pytest.mark.parametrize("query", ["加州", "加", "冷链物流"])
def test_a_query_typed_in_chinese_and_sent_raw_is_answered(server, query):
    """curl sends what is typed as raw UTF-8; 加 (E5 8A A0) holds a byte Latin-1 reads as a
    space, which split the request line: a 400 before the fix."""
    base, _ = server
    with connect(base) as client:
        client.sendall(b"GET /v1/search?lang=en&q=" + query.encode() + b" HTTP/1.1\r\n"
                       b"Host: x\r\nConnection: close\r\n\r\n")  # fmt: skip
        head, _, raw = everything(client).partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 200 OK", head
    assert json.loads(raw)["items"]
