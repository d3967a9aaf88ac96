"""Absolute URLs of our pages, widgets, feeds and API, as the public reaches them."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from chalice.app import Request

from chalicelib.config import settings

HOST = re.compile(r"[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?")


def requested_path(request: Request) -> str:
    """The path as requested (``request.path`` is the route template)."""
    return str(request.context.get("path") or request.path)


def base_url(request: Request) -> str:
    """PUBLIC_BASE_URL when the stage sets it; else the request's own scheme, host and stage.

    On API Gateway's default host the stage is part of the path (``/api``); behind
    CloudFront or locally it is not. CloudFront passes the viewer's host on as
    X-Forwarded-Host (a function in the template sets it).
    """
    configured = settings().public_base_url
    if configured:
        return configured
    headers = request.headers
    host = headers.get("x-forwarded-host") or headers.get("host", "")
    if not HOST.fullmatch(host):
        host = "localhost"
    local = host.startswith(("127.", "localhost"))
    scheme = headers.get("x-forwarded-proto", "http" if local else "https").split(",")[0].strip()
    if scheme not in ("http", "https"):
        scheme = "https"
    stage = request.context.get("stage") if host.endswith(".amazonaws.com") else None
    return f"{scheme}://{host}" + (f"/{stage}" if stage else "")


def with_query(url: str, **params: str | None) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{url}?{query}" if query else url


def page(base: str, kind_path: str, item_id: str, lang: str | None = None) -> str:
    return with_query(f"{base}/{kind_path}/{item_id}", lang=lang)


def embed(base: str, kind_path: str, item_id: str | None = None, **params: str | None) -> str:
    path = f"{base}/embed/{kind_path}" + (f"/{item_id}" if item_id else "")
    return with_query(path, **params)
