"""The JSON API's handlers: a route's parameters in, a cacheable JSON answer out."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from chalice.app import Request, Response

from chalicelib import http
from chalicelib.api import views
from chalicelib.api.params import list_query, parse_limit
from chalicelib.api.select import Shaping
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
    kind, values = route.kind, route.values(request)
    assert kind is not None
    shaping = Shaping.of(values, kind, _lang(request, values.get("lang")))
    store, query = get_store(), list_query(kind, values)
    page = views.listing(store, kind, query, cursor_secret())
    payload = {
        "items": [shaping.item(kind, doc) for doc in page.docs],
        "next_cursor": page.next_cursor,
        **shaping.includes(store, kind, page.docs),
    }
    return _respond(request, payload, shaping.lang, **next_link(values, page.next_cursor))


def next_link(values: dict[str, str], next_cursor: str | None) -> dict[str, str]:
    """The ``Link`` header of a page that has a next one. A query-only reference resolves
    against the request URL (RFC 3986 5.2), so it stays right behind API Gateway's stage
    prefix and behind CloudFront alike."""
    if next_cursor is None:
        return {}
    target = "?" + urlencode({**values, "cursor": next_cursor})
    return {"Link": f'<{target}>; rel="next"'}


def list_csv(request: Request, route: Route) -> Response:
    """The list as CSV: the same filters, language, fields and paging as its JSON."""
    from chalicelib.api import sheets

    kind, values = route.kind, route.values(request)
    assert kind is not None
    shaping = Shaping.of(values, kind, _lang(request, values.get("lang")))
    page = views.listing(get_store(), kind, list_query(kind, values), cursor_secret())
    table = sheets.render(
        sheets.columns(kind, shaping.lang, shaping.fields),
        (shaping.item(kind, doc) for doc in page.docs),
    )
    return http.cached(
        request,
        table,
        content_type=sheets.MEDIA,
        language=content_language(shaping.lang),
        extra_headers=next_link(values, page.next_cursor),
    )


def search(request: Request, route: Route) -> Response:
    """Search: imported on the first search, so other requests never load it."""
    from chalicelib.search import service

    values = route.values(request)
    lang = _lang(request, values.get("lang"))
    asked = service.parse(values, parse_limit(values.get("limit")))
    payload = service.answer(get_store(), asked, lang, cursor_secret())
    return _respond(request, payload, lang, **next_link(values, payload["next_cursor"]))


def get_item(request: Request, route: Route, item_id: str) -> Response:
    kind, values = route.kind, route.values(request)
    assert kind is not None
    shaping = Shaping.of(values, kind, _lang(request, values.get("lang")))
    store = get_store()
    doc = views.record(store, kind, item_id)
    payload = {**shaping.item(kind, doc), **shaping.includes(store, kind, [doc])}
    return _respond(request, payload, shaping.lang)


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
    page, allow = reference.page(urls.base_url(request))
    # A reference for people: never framed, like the item pages.
    headers = render.page_headers("'none'", allow)
    return http.cached(
        request, page, content_type=render.HTML, language="en", extra_headers=headers
    )


def catalogue(request: Request, route: Route) -> Response:
    from chalicelib import urls
    from chalicelib.api import catalogue

    route.values(request)
    payload = catalogue.catalogue(get_store(), urls.base_url(request), settings().data)
    return _respond(request, payload, "en")
