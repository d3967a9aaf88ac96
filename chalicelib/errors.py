"""Every exception of chalicelib; the middleware answers each ApiError as an RFC 9457 problem.

Exception
├── ApiError                   any error a client may see: a status, a detail, headers
│   ├── BadRequest             400: a malformed request
│   │   └── InvalidParameter   400: one query parameter is wrong; names it
│   ├── NotFound               404: unknown id or route
│   ├── MethodNotAllowed       405: a route that only answers GET and HEAD
│   ├── InternalError          500: a bug; details go to the log, never to the client
│   ├── FormatNotImplemented   501: an oEmbed format we do not serve (oEmbed 1.0, 2.3.4)
│   └── ServiceUnavailable     503: DynamoDB or SSM is throttling, failing or unreachable
├── ConfigError                the stage is misconfigured: logged, answered as a plain 500
└── MalformedResponse          DynamoDB answered 200 with a body that is no answer; the store
                               answers it as ServiceUnavailable

The content tool's own errors are drawn in tools/coop/errors.py.
"""

from __future__ import annotations

from typing import Any


def shown(value: str, limit: int = 60) -> str:
    """A client's value quoted for an error message, cut short: errors never echo megabytes."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


class ApiError(Exception):
    """An answer other than 200: ``detail`` for the client, ``extensions`` added to the
    problem's members, ``headers`` added to the response."""

    status = 500

    def __init__(
        self,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers: dict[str, str] = dict(headers or {})
        self.extensions: dict[str, Any] = dict(extensions or {})


class BadRequest(ApiError):
    """The request cannot be answered as it is; the detail says what to change."""

    status = 400


class InvalidParameter(BadRequest):
    """One query parameter is wrong: named in the detail and in ``invalid-params``."""

    def __init__(self, name: str, reason: str, **extensions: Any) -> None:
        invalid = [{"name": name, "reason": reason}]
        super().__init__(f"{name}: {reason}", extensions={"invalid-params": invalid, **extensions})


class NotFound(ApiError):
    """No such record, or no such route."""

    status = 404


class MethodNotAllowed(ApiError):
    """A method other than GET, HEAD or OPTIONS; ``Allow`` says which are."""

    status = 405

    def __init__(self, method: str, allowed: str) -> None:
        super().__init__(
            f"{method} is not allowed here; use one of: {allowed}", headers={"Allow": allowed}
        )


class InternalError(ApiError):
    """A bug: the detail is all the client sees, the log has the traceback."""


class FormatNotImplemented(ApiError):
    """oEmbed's own answer to a format it does not serve (section 2.3.4): the one 5xx a
    client can ask for, by protocol; it names the parameter as a 400 would."""

    status = 501

    def __init__(self, name: str, reason: str) -> None:
        invalid = [{"name": name, "reason": reason}]
        super().__init__(f"{name}: {reason}", extensions={"invalid-params": invalid})


class ServiceUnavailable(ApiError):
    """A dependency failed after its retries; ``Retry-After`` says when to try again."""

    status = 503

    def __init__(self, detail: str, retry_after: int = 1) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


class ConfigError(RuntimeError):
    """The stage is misconfigured: a deployment problem, never a client one."""


class MalformedResponse(Exception):
    """DynamoDB answered 200 with a body that is not a DynamoDB answer."""
