"""The JSON API's handlers: a route's parameters in, a cacheable JSON answer out."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from chalice.app import Request, Response

from chalicelib import http
from chalicelib.api import views
from chalicelib.api.params import list_query, parse_limit
from chalicelib.config import settings
from chalicelib.i18n import content_language, negotiate
from chalicelib.routes import Route
from chalicelib.store.dynamodb import get_store
from chalicelib.store.secret import cursor_secret


def _lang(request: Request, query_lang: str | None) -> str:
    header = request.headers.get("accept-language")
    return negotiate(query_lang, header, settings().default_lang)


def _respond(request: Request, payload: object, lang: str, **headers: str) -> Response:
    return http.cached(
        request,
        http.dumps(payload),
        content_type=http.JSON,
        language=content_language(lang),
        extra_headers=headers,
    )


def list_items(request: Request, route: Route) -> Response:
    assert route.kind is not None
    values = route.values(request)
    lang = _lang(request, values.get("lang"))
    query = list_query(route.kind, values)
    payload = views.listing(get_store(), route.kind, query, lang, cursor_secret())
    return _page(request, values, payload, lang)


def _page(request: Request, values: dict[str, str], payload: dict[str, Any], lang: str) -> Response:
    """A page of a list, with a Link to the next page when there is one."""
    if payload["next_cursor"] is None:
        return _respond(request, payload, lang)
    # A query-only reference resolves against the request URL (RFC 3986 5.2), so the link
    # stays right behind API Gateway's stage prefix and behind CloudFront alike.
    target = "?" + urlencode({**values, "cursor": payload["next_cursor"]})
    return _respond(request, payload, lang, Link=f'<{target}>; rel="next"')


def search(request: Request, route: Route) -> Response:
    """Search: imported on the first search, so other requests never load it."""
    from chalicelib.search import service

    values = route.values(request)
    lang = _lang(request, values.get("lang"))
    asked = service.parse(values, parse_limit(values.get("limit")))
    payload = service.answer(get_store(), asked, lang, cursor_secret())
    return _page(request, values, payload, lang)


def get_item(request: Request, route: Route, item_id: str) -> Response:
    assert route.kind is not None
    lang = _lang(request, route.values(request).get("lang"))
    return _respond(request, views.detail(get_store(), route.kind, item_id, lang), lang)


def sync(request: Request, route: Route) -> Response:
    from chalicelib.api import sync

    values = route.values(request)
    lang = _lang(request, values.get("lang"))
    ask = sync.Ask(values.get("token"), parse_limit(values.get("limit")), lang, values.get("lang"))
    payload, lang = sync.page(
        get_store(), ask, cursor_secret(), dt.datetime.now(dt.UTC), sync.Windows.of(settings())
    )
    return _respond(request, payload, lang)


def openapi(request: Request, route: Route) -> Response:
    from chalicelib import urls
    from chalicelib.api import reference

    route.values(request)
    return _respond(request, reference.served(urls.base_url(request)), "en")


def docs(request: Request, route: Route) -> Response:
    from chalicelib import urls
    from chalicelib.api import reference
    from chalicelib.html import render

    route.values(request)
    page = reference.page(urls.base_url(request))
    # A reference for people: never framed, like the item pages.
    headers = render.page_headers("'none'")
    return http.cached(
        request, page, content_type=render.HTML, language="en", extra_headers=headers
    )
