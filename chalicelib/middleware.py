"""Between Chalice and the handlers: each route's view, errors as problems, and around every
request the settings, kept answers, the headers every answer carries and one log line."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from functools import cache as cached
from typing import Any

from chalice.app import Request, Response

from chalicelib import cache, config, http, telemetry
from chalicelib.config import Settings
from chalicelib.container import CONTAINER, Stats
from chalicelib.errors import ApiError, InternalError, MethodNotAllowed
from chalicelib.routes import Route
from chalicelib.urls import requested_path

log = logging.getLogger(__name__)
Handler = Callable[..., Response]


def view(route: Route, current: Callable[[], Request]) -> Handler:
    """The Chalice view of ``route``: its handler, imported on first use, with the path's
    parameters and the route's options."""

    def handle(**path: str) -> Response:
        request = current()
        return answer(
            request, lambda: _handler(route.handler)(request, route, **path, **route.options)
        )

    return handle


def not_allowed(current: Callable[[], Request]) -> Handler:
    """The view of every other method on a route: a 405 problem naming what is allowed."""

    def handle(**_: str) -> Response:
        request = current()

        def refuse() -> Response:
            raise MethodNotAllowed(request.method, http.READ_METHODS)

        return answer(request, refuse)

    return handle


@cached
def _handler(name: str) -> Handler:
    module, function = name.split(":")
    found: Handler = getattr(importlib.import_module(f"chalicelib.{module}"), function)
    return found


def answer(request: Request, make: Callable[[], Response]) -> Response:
    """Every error becomes problem+json here: Chalice would turn it into its own 500 body."""
    try:
        return make()
    except ApiError as error:
        if isinstance(error, InternalError):
            log.error("%s %s: %s", request.method, requested_path(request), error, exc_info=True)
        return http.problem_response(error, requested_path(request))
    except Exception:
        log.exception("%s %s failed", request.method, requested_path(request))
        return http.problem_response(InternalError("Unexpected error."), requested_path(request))


def common_headers(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """Chalice middleware: the request's settings, read once; its answer (kept or fresh);
    the headers every answer carries, no body for HEAD; and its log and metrics line."""
    with config.for_request() as conf:
        telemetry.configure(conf.log_level)
        started, before = time.perf_counter(), replace(CONTAINER.stats)
        response, source = _answer(request, get_response, conf)
        response = http.finish(response, request.method, conf.data.license)
        _log(request, response, source, time.perf_counter() - started, before, conf)
        return response


def _answer(
    request: Request, get_response: Callable[[Request], Response], conf: Settings
) -> tuple[Response, str]:
    """A fresh kept answer when there is one (no DynamoDB request), else the handler's."""
    key = cache.key(request) if request.method in ("GET", "HEAD") else None
    kept = CONTAINER.responses.get(key, conf.response_cache_ttl) if key else None
    if kept is not None:
        return cache.replay(kept, request.headers.get("if-none-match")), "hit"
    return _kept_on_fault(request, key, get_response(request), conf)


def _kept_on_fault(
    request: Request, key: str | None, response: Response, conf: Settings
) -> tuple[Response, str]:
    """Keep each good GET answer; when DynamoDB fails, answer with the kept one, marked stale."""
    if key is None:
        return response, "miss"
    if response.status_code == 200:
        CONTAINER.responses.put(key, response, conf.cache_max_bytes)
    elif response.status_code == 503:
        kept = CONTAINER.responses.get(key, conf.stale_if_error)
        if kept is not None:
            log.warning("served a kept answer while the store failed")
            stale = cache.replay(kept, request.headers.get("if-none-match"), conf.stale_if_error)
            return stale, "stale"
    return response, "miss"


def _log(
    request: Request, response: Response, source: str, took: float, before: Stats, conf: Any
) -> None:
    stats = CONTAINER.stats
    record = telemetry.RequestRecord(
        request_id=request.context.get("requestId"),
        method=request.method,
        path=requested_path(request),
        status=response.status_code,
        latency_ms=round(took * 1000, 3),
        ddb_requests=stats.calls - before.calls,
        ddb_consumed_rcu=round(stats.consumed - before.consumed, 2),
        ddb_throttles=stats.throttles - before.throttles,
        cache=source,
        cold=CONTAINER.cold,
    )
    telemetry.write(telemetry.line(record, conf.stage))
    CONTAINER.cold = False
