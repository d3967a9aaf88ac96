"""What API Gateway itself answers for an unknown route: a 404 problem, not its bare 403;
and, for `coop serve`, what CloudFront answers at /bulk/*: the bucket's files.

The deployed API gets this body from a gateway response in the template; the local
server gets it from ProblemRequestHandler. Both use the constants below.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from chalice.local import ChaliceRequestHandler, ForbiddenError, LocalGatewayException

from chalicelib.http import CORS_HEADERS, EVERY_RESPONSE, PROBLEM, READ_METHODS, dumps

UNKNOWN_ROUTE_DETAIL = "No such route. Routes are listed in README.md under /v1."
# A connection that sends or reads nothing for this long is dropped (after a 408 problem
# if it owes the rest of a body).
IDLE_SECONDS = 5
# API Gateway refuses a larger payload with a 413; nothing here reads more.
MAX_BODY = 10 * 1024 * 1024


def unknown_route_problem(path: str) -> str:
    return dumps(
        {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": UNKNOWN_ROUTE_DETAIL,
            "instance": path,
        }
    )


def percent_encoded(request_line: bytes) -> bytes:
    """A request line with every byte past ASCII percent-encoded, as a browser sends a URL.
    curl sends a query typed in Chinese (`?q=加州`) as raw UTF-8; http.server reads the line
    as Latin-1 and splits it on any whitespace, and the UTF-8 of about one Chinese character
    in ten holds 0x85 or 0xA0, which Latin-1 reads as whitespace: the request was a 400."""
    return b"".join(b"%%%02X" % byte if byte > 0x7F else bytes([byte]) for byte in request_line)


class ProblemRequestHandler(ChaliceRequestHandler):
    """chalice local's handler, answering as the deployed gateway does: unknown routes and
    anything the HTTP server itself rejects get problem+json, and HEAD never gets a body.

    Requests reach the app one at a time, as in a Lambda container: Chalice keeps the
    current request on the app object, so two threads inside it would read each other's
    parameters (a browser loading six widget frames at once did, in CI).

    Only the app is one at a time. A request is read whole, headers and body, before it
    waits for its turn, and its answer is written after; every read and write of a
    connection gives up after ``timeout`` seconds. A client that stalls (a Content-Length
    and no body, a connection left open) holds its own thread, never the others.
    """

    _one_at_a_time = threading.Lock()
    timeout = IDLE_SECONDS  # socketserver sets it on each connection
    # /bulk/<key> -> (body, headers), or None when there is no such file; set by coop serve.
    bulk: Callable[[str], tuple[bytes, dict[str, str]] | None] | None = None

    def _generic_handle(self) -> None:
        request = self._read_request()
        if request is None:
            return
        bulk = type(self).bulk  # a plain function, not a method
        if bulk is not None and self.path.startswith("/bulk/"):
            self._bulk_file(bulk)
            return
        headers, body = request
        answer: dict[str, Any] | LocalGatewayException
        with self._one_at_a_time:
            try:
                answer = self.local_gateway.handle_request(
                    method=self.command, path=self.path, headers=headers, body=body
                )
            except LocalGatewayException as error:
                answer = error
        if isinstance(answer, LocalGatewayException):
            self._send_error_response(answer)
            return
        answer = self._handle_binary(answer)
        headers = {**answer["headers"], **answer["multiValueHeaders"]}
        self._send_http_response(answer["statusCode"], headers, answer["body"])

    def _bulk_file(self, read: Callable[[str], tuple[bytes, dict[str, str]] | None]) -> None:
        """As CloudFront serves the bucket: GET and HEAD, the object's own headers."""
        if self.command not in ("GET", "HEAD"):
            self._not_allowed()
            return
        found = read(self.path.split("?", 1)[0].lstrip("/"))
        if found is None:
            headers = {"Content-Type": PROBLEM, "Cache-Control": "no-store", **EVERY_RESPONSE}
            self._send_http_response(404, headers, unknown_route_problem(self.path).encode())
            return
        body, headers = found
        self._send_http_response(200, {**headers, **CORS_HEADERS}, body)

    def parse_request(self) -> bool:
        line: bytes = self.raw_requestline  # type: ignore[has-type]  # set by http.server
        self.raw_requestline = percent_encoded(line)
        return bool(super().parse_request())

    # chalice binds its own _generic_handle to these names; bind ours instead.
    do_GET = do_HEAD = do_OPTIONS = do_POST = do_PUT = do_PATCH = do_DELETE = _generic_handle

    def _read_request(self) -> tuple[dict[str, str], bytes | None] | None:
        """Headers and body; None, having answered a 4xx problem, when the body cannot be
        read: a Content-Length that is not a size or is over MAX_BODY, or a body that stops
        short or stalls."""
        raw = self.headers.get("content-length", "0").strip()
        if not (raw.isascii() and raw.isdigit()):
            self.send_error(400, explain=f"Content-Length must be a number of bytes; got {raw!r}")
            return None
        length = int(raw)
        if length > MAX_BODY:
            self.send_error(413, explain=f"a body may be at most {MAX_BODY} bytes; got {length}")
            return None
        try:
            body = self.rfile.read(length) if length else None
        except TimeoutError:
            self.send_error(408, explain=f"the body did not arrive within {self.timeout} s")
            return None
        if body is not None and len(body) < length:
            self.send_error(400, explain=f"the body ended before Content-Length ({length} bytes)")
            return None
        return dict(self.headers), body

    def _send_error_response(self, error: LocalGatewayException) -> None:
        if not isinstance(error, ForbiddenError):
            super()._send_error_response(error)
            return
        path = self.path.split("?", 1)[0]
        headers = {"Content-Type": PROBLEM, "Cache-Control": "no-store", **EVERY_RESPONSE}
        self._send_http_response(404, headers, unknown_route_problem(path).encode())

    def _send_http_response(self, code: int, headers: Any, body: str | bytes | None) -> None:
        """HEAD gets no body; a 304 gets no body and no content headers (RFC 9110, 15.4.5),
        where chalice local would add ``Content-Length: 0`` and ``application/json``."""
        if self.command != "HEAD" and code != HTTPStatus.NOT_MODIFIED:
            super()._send_http_response(code, headers, body)
            return
        dropped = ("content-length", "content-type") if code == HTTPStatus.NOT_MODIFIED else ()
        self.send_response(code)
        self._send_headers(
            {k: v for k, v in headers.items() if k.lower() not in ("content-length", *dropped)}
        )

    def _not_allowed(self) -> None:
        """Every resource here answers GET and HEAD only: any other method is a 405."""
        body = dumps(
            {
                "type": "about:blank",
                "title": "Method Not Allowed",
                "status": 405,
                "detail": f"{self.command} is not allowed here; use one of: {READ_METHODS}",
                "instance": self.path.split("?", 1)[0],
            }
        )
        self.send_response(405)
        headers = {"Content-Type": PROBLEM, "Allow": READ_METHODS, **EVERY_RESPONSE}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own errors (unknown method, huge header, bad request line)."""
        if code == HTTPStatus.NOT_IMPLEMENTED:  # a method http.server has no do_X for
            self._not_allowed()
            return
        if code == HTTPStatus.HTTP_VERSION_NOT_SUPPORTED:  # the client's choice: a 4xx
            code, explain = HTTPStatus.BAD_REQUEST, f"{message}; use HTTP/1.1 or HTTP/1.0"
        # An unparsed request line leaves HTTP/0.9, which answers a bare body without a status.
        self.request_version = "HTTP/1.0"
        title = HTTPStatus(code).phrase
        detail = explain or message or title
        body = dumps({"type": "about:blank", "title": title, "status": code, "detail": detail})
        self.send_response(code, message)
        headers = {"Content-Type": PROBLEM, "Connection": "close", **EVERY_RESPONSE}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(body.encode())
