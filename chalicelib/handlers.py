"""Glue between Chalice requests and the views: parameters in, HTTP response out."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Concatenate, ParamSpec
from urllib.parse import urlencode

from chalice.app import Request, Response

from chalicelib import cache, config, http, telemetry
from chalicelib.api import views
from chalicelib.api.params import PAGING, list_query, parse_limit, single_values
from chalicelib.config import Settings, settings
from chalicelib.errors import ApiError, InternalError, MethodNotAllowed
from chalicelib.i18n import content_language, negotiate
from chalicelib.store.dynamodb import STATS, get_store
from chalicelib.store.secret import cursor_secret
from chalicelib.taxonomy import Kind
from chalicelib.urls import requested_path

log = logging.getLogger(__name__)
P = ParamSpec("P")


def problems(
    handler: Callable[Concatenate[Request, P], Response],
) -> Callable[Concatenate[Request, P], Response]:
    """Every error becomes problem+json here: Chalice would turn it into its own 500 body."""

    def answer(request: Request, /, *args: P.args, **kwargs: P.kwargs) -> Response:
        try:
            return handler(request, *args, **kwargs)
        except ApiError as error:
            if isinstance(error, InternalError):
                log.error(
                    "%s %s: %s", request.method, requested_path(request), error, exc_info=True
                )
            return http.problem_response(error, requested_path(request))
        except Exception:
            log.exception("%s %s failed", request.method, requested_path(request))
            return http.problem_response(
                InternalError("Unexpected error."), requested_path(request)
            )

    return answer


def _lang(request: Request, query_lang: str | None) -> str:
    header = request.headers.get("accept-language")
    return negotiate(query_lang, header, settings().default_lang)


def _respond(request: Request, payload: object, lang: str, **headers: str) -> Response:
    body = http.dumps(payload)
    return http.cached(
        request,
        body,
        content_type=http.JSON,
        language=content_language(lang),
        extra_headers=headers,
    )


@problems
def list_items(request: Request, kind: Kind) -> Response:
    values = single_values(request.query_params, ("lang", *kind.filters, *PAGING))
    lang = _lang(request, values.get("lang"))
    query = list_query(kind, values)
    payload = views.listing(get_store(), kind, query, lang, cursor_secret())
    if payload["next_cursor"] is None:
        return _respond(request, payload, lang)
    # A query-only reference resolves against the request URL (RFC 3986 5.2), so the link
    # stays right behind API Gateway's stage prefix and behind CloudFront alike.
    target = "?" + urlencode({**values, "cursor": payload["next_cursor"]})
    return _respond(request, payload, lang, Link=f'<{target}>; rel="next"')


@problems
def get_item(request: Request, kind: Kind, item_id: str) -> Response:
    values = single_values(request.query_params, ("lang",))
    lang = _lang(request, values.get("lang"))
    return _respond(request, views.detail(get_store(), kind, item_id, lang), lang)


@problems
def not_allowed(request: Request) -> Response:
    raise MethodNotAllowed(request.method, http.READ_METHODS)


_cold = True


def common_headers(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """Chalice middleware: a fresh kept answer when there is one (no DynamoDB request), a
    stale one when DynamoDB fails, the headers every response carries, no body for HEAD,
    and the request's log and metrics line."""
    with config.for_request() as conf:
        return _observed(request, get_response, conf)


def _observed(
    request: Request, get_response: Callable[[Request], Response], conf: Settings
) -> Response:
    global _cold
    telemetry.configure(conf.log_level)
    started = time.perf_counter()
    calls, consumed, throttles = STATS.calls, STATS.consumed, STATS.throttles
    key = cache.key(request) if request.method in ("GET", "HEAD") else None
    kept = cache.RESPONSES.get(key, conf.response_cache_ttl) if key else None
    if kept is not None:
        response, source = cache.replay(kept, request.headers.get("if-none-match")), "hit"
    else:
        response, source = _kept_on_fault(request, key, get_response(request), conf)
    response = http.finish(response, request.method)
    record = telemetry.RequestRecord(
        request_id=request.context.get("requestId"),
        method=request.method,
        path=requested_path(request),
        status=response.status_code,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
        ddb_requests=STATS.calls - calls,
        ddb_consumed_rcu=round(STATS.consumed - consumed, 2),
        ddb_throttles=STATS.throttles - throttles,
        cache=source,
        cold=_cold,
    )
    telemetry.write(telemetry.line(record, conf.stage))
    _cold = False
    return response


def _kept_on_fault(
    request: Request, key: str | None, response: Response, conf: Settings
) -> tuple[Response, str]:
    """Keep each good GET answer; when DynamoDB fails, answer with the kept one, marked stale."""
    if key is None:
        return response, "miss"
    if response.status_code == 200:
        cache.RESPONSES.put(key, response, conf.cache_max_bytes)
    elif response.status_code == 503:
        kept = cache.RESPONSES.get(key, conf.stale_if_error)
        if kept is not None:
            log.warning("served a kept answer while the store failed")
            stale = cache.replay(kept, request.headers.get("if-none-match"), conf.stale_if_error)
            return stale, "stale"
    return response, "miss"


# HTML, oEmbed and feeds import their modules on first use: JSON requests never pay for them.


@problems
def embed_list(request: Request, kind: Kind) -> Response:
    from chalicelib.html import pages

    return pages.listing(request, kind)


@problems
def html_item(request: Request, kind: Kind, item_id: str, *, embed: bool) -> Response:
    from chalicelib.html import pages

    return pages.item(request, kind, item_id, embed=embed)


@problems
def oembed(request: Request, endpoint_format: str | None = None) -> Response:
    from chalicelib.html import oembed

    return oembed.respond(request, endpoint_format)


@problems
def feed(request: Request, kind: str) -> Response:
    from chalicelib.html import feeds

    return feeds.atom(request) if kind == "atom" else feeds.json_feed(request)


@problems
def sync(request: Request) -> Response:
    import datetime as dt

    from chalicelib.api import sync

    values = single_values(request.query_params, ("lang", "limit", "token"))
    lang = _lang(request, values.get("lang"))
    conf = settings()
    payload, lang = sync.page(
        get_store(),
        values.get("token"),
        limit=parse_limit(values.get("limit")),
        lang=lang,
        asked_lang=values.get("lang"),
        secret=cursor_secret(),
        now=dt.datetime.now(dt.UTC),
        settle_seconds=conf.sync_settle_seconds,
        overlap_seconds=conf.sync_overlap_seconds,
        retention_days=conf.sync_retention_days,
    )
    return _respond(request, payload, lang)


@problems
def openapi(request: Request) -> Response:
    from chalicelib import urls
    from chalicelib.api import reference

    single_values(request.query_params, ())
    return _respond(request, reference.served(urls.base_url(request)), "en")


@problems
def docs(request: Request) -> Response:
    from chalicelib import urls
    from chalicelib.api import reference
    from chalicelib.html import render

    single_values(request.query_params, ())
    page = reference.page(urls.base_url(request))
    # A reference for people: never framed, like the item pages.
    headers = render.page_headers("'none'")
    return http.cached(
        request, page, content_type=render.HTML, language="en", extra_headers=headers
    )
