"""An HTTP endpoint in front of moto's server that fails DynamoDB calls on purpose.

``plan(n)`` picks what happens to the n-th request (0-based): ``pass`` forwards it;
``throttle`` and ``error`` answer as DynamoDB does (400 ThrottlingException, 500
InternalServerError); ``timeout`` answers nothing until after the client gave up;
``malformed`` answers 200 with a truncated body; ``reset`` drops the connection.
"""

from __future__ import annotations

import http.server
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

AMZ_JSON = "application/x-amz-json-1.0"
FAULTS = {
    "throttle": (400, "ThrottlingException", "Rate of requests exceeds the allowed throughput."),
    "error": (500, "InternalServerError", "Internal server error"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    """Applies the proxy's plan to each DynamoDB call."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        proxy: FaultProxy = self.server.proxy  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        fault = proxy.next_fault()
        if fault == "pass":
            self._forward(proxy.upstream, body)
        elif fault in FAULTS:
            status, code, message = FAULTS[fault]
            error = {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": message}
            self._answer(status, json.dumps(error).encode())
        elif fault == "malformed":
            self._answer(200, b'{"Items":[{"doc":{"M":{"id":{"S":"trunc')
        elif fault == "timeout":
            time.sleep(proxy.stall_seconds)
            self.close_connection = True
        elif fault == "reset":
            self.close_connection = True
        else:
            raise ValueError(fault)

    def _forward(self, upstream: str, body: bytes) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        request = urllib.request.Request(
            upstream + self.path, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                self._answer(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            self._answer(error.code, error.read(), dict(error.headers))

    def _answer(self, status: int, raw: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {"Content-Type": AMZ_JSON}).items():
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class FaultProxy:
    def __init__(self, upstream: str, stall_seconds: float = 1.0) -> None:
        self.upstream = upstream.rstrip("/")
        self.stall_seconds = stall_seconds
        self.plan: Callable[[int], str] = lambda n: "pass"
        self.seen: list[str] = []
        self._numbers = itertools.count()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.proxy = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def next_fault(self) -> str:
        fault = self.plan(next(self._numbers))
        self.seen.append(fault)
        return fault

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def always(self, fault: str) -> None:
        self._numbers, self.seen = itertools.count(), []
        self.plan = lambda n: fault

    def every_other(self, fault: str) -> None:
        """The fault on the 1st, 3rd, 5th... call; the others pass."""
        self._numbers, self.seen = itertools.count(), []
        self.plan = lambda n: fault if n % 2 == 0 else "pass"
