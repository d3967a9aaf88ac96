"""The API's error hierarchy; chalicelib.http maps each to an RFC 9457 problem response.

ApiError                   any error the client may see
├── BadRequest             400: a malformed request
│   └── InvalidParameter   400: one query parameter is wrong; names it
├── NotFound               404: unknown id or route
├── MethodNotAllowed       405: a route that only answers GET and HEAD
├── InternalError          500: a bug; details go to the log, never to the client
├── FormatNotImplemented   501: an oEmbed format we do not serve (oEmbed 1.0, 2.3.4)
└── ServiceUnavailable     503: DynamoDB is throttling, failing or unreachable
"""

from __future__ import annotations

from typing import Any


def shown(value: str, limit: int = 60) -> str:
    """A client's value quoted for an error message, cut short: errors never echo megabytes."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


class ApiError(Exception):
    status = 500
    title = "Internal Server Error"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions
        self.headers: dict[str, str] = {}


class BadRequest(ApiError):
    status = 400
    title = "Bad Request"


class InvalidParameter(BadRequest):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(
            f"{name}: {reason}", **{"invalid-params": [{"name": name, "reason": reason}]}
        )


class NotFound(ApiError):
    status = 404
    title = "Not Found"


class MethodNotAllowed(ApiError):
    status = 405
    title = "Method Not Allowed"

    def __init__(self, method: str, allowed: str) -> None:
        super().__init__(f"{method} is not allowed here; use one of: {allowed}")
        self.headers = {"Allow": allowed}


class InternalError(ApiError):
    pass


class FormatNotImplemented(ApiError):
    """oEmbed's own answer to a format it does not serve (section 2.3.4): the one 5xx a
    client can ask for, by protocol; it names the parameter as a 400 would."""

    status = 501
    title = "Not Implemented"

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(
            f"{name}: {reason}", **{"invalid-params": [{"name": name, "reason": reason}]}
        )


class ServiceUnavailable(ApiError):
    status = 503
    title = "Service Unavailable"

    def __init__(self, detail: str, retry_after: int = 1) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(retry_after)}
