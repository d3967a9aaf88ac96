"""HTTP shaping: JSON bodies in UTF-8, strong ETags and 304s, cache headers, problem+json."""

from __future__ import annotations

import base64
import hashlib
import json
from http import HTTPStatus
from typing import Any

from chalice.app import Request, Response

from chalicelib.config import settings
from chalicelib.errors import ApiError

JSON = "application/json; charset=utf-8"
PROBLEM = "application/problem+json; charset=utf-8"
READ_METHODS = "GET, HEAD, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link, Content-Language, Retry-After",
}
# Every answer carries these, errors and 304s included: CORS, and no content sniffing (a
# browser must never read a JSON or problem body that quotes markup as a page).
EVERY_RESPONSE = {**CORS_HEADERS, "X-Content-Type-Options": "nosniff"}


def dumps(payload: Any) -> str:
    """Compact JSON with raw UTF-8: escaping CJK as \\uXXXX would grow bodies by 60%."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def etag_of(body: str) -> str:
    digest = hashlib.sha256(body.encode()).digest()[:16]
    return '"' + base64.urlsafe_b64encode(digest).rstrip(b"=").decode() + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match requires; ``*`` matches any."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def respond(
    body: str,
    *,
    content_type: str,
    if_none_match: str | None,
    max_age: int,
    stale_if_error: int,
    language: str,
    extra_headers: dict[str, str] | None = None,
) -> Response:
    """A cacheable 200 with a strong ETag, or a 304 when the client already has it."""
    etag = etag_of(body)
    headers: dict[str, str | list[str]] = {
        "ETag": etag,
        # Caches may go on serving this while we fail (RFC 5861; CloudFront honours it).
        "Cache-Control": f"public, max-age={max_age}, stale-if-error={stale_if_error}",
        "Vary": "Accept-Language",
        "Content-Language": language,
        **(extra_headers or {}),
    }
    if etag_matches(if_none_match, etag):
        return Response(body="", status_code=304, headers=headers)
    return Response(body=body, status_code=200, headers={"Content-Type": content_type, **headers})


def cached(
    request: Request,
    body: str,
    *,
    content_type: str,
    language: str,
    extra_headers: dict[str, str] | None = None,
) -> Response:
    """``respond`` for a request: its If-None-Match, and the stage's cache lifetimes."""
    conf = settings()
    return respond(
        body,
        content_type=content_type,
        if_none_match=request.headers.get("if-none-match"),
        max_age=conf.cache_max_age,
        stale_if_error=conf.stale_if_error,
        language=language,
        extra_headers=extra_headers,
    )


def problem_response(error: ApiError, instance: str) -> Response:
    problem = {
        "type": "about:blank",
        "title": HTTPStatus(error.status).phrase,
        "status": error.status,
        "detail": error.detail,
        "instance": instance if len(instance) <= 200 else instance[:200] + "…",
        **error.extensions,
    }
    headers: dict[str, str | list[str]] = {
        "Content-Type": PROBLEM,
        "Cache-Control": "no-store",
        **error.headers,
    }
    return Response(body=dumps(problem), status_code=error.status, headers=headers)


def finish(response: Response, method: str, license_url: str | None = None) -> Response:
    """Headers every response carries (and the data's licence, when the stage names one),
    and no body for HEAD."""
    for name, value in EVERY_RESPONSE.items():
        response.headers.setdefault(name, value)
    if license_url:
        licensed = f'<{license_url}>; rel="license"'
        link = response.headers.get("Link")
        response.headers["Link"] = f"{link}, {licensed}" if link else licensed
    if method == "HEAD":
        response.body = ""
    return response
