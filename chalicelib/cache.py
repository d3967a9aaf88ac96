"""Recent good answers kept in the warm container, bounded in bytes: replayed or served stale."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass

from chalice.app import MultiDict, Request, Response


@dataclass(frozen=True)
class Kept:
    body: str
    headers: dict[str, str]
    stored: float  # time.monotonic()
    size: int


class ResponseCache:
    """Least recently used first out, once the bodies and headers pass ``max_bytes``."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, Kept] = OrderedDict()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, key: str, response: Response, max_bytes: int) -> None:
        body = response.body if isinstance(response.body, str) else ""
        headers = {k: v for k, v in response.headers.items() if isinstance(v, str)}
        size = len(key) + len(body.encode()) + sum(len(k) + len(v) for k, v in headers.items())
        self.drop(key)
        if size > max_bytes // 4:  # one huge answer must not flush everything else
            return
        self._entries[key] = Kept(body, headers, time.monotonic(), size)
        self.bytes += size
        while self.bytes > max_bytes:
            _, oldest = self._entries.popitem(last=False)
            self.bytes -= oldest.size

    def get(self, key: str, max_age: float) -> Kept | None:
        kept = self._entries.get(key)
        if kept is None or max_age <= 0 or time.monotonic() - kept.stored > max_age:
            return None
        self._entries.move_to_end(key)
        return kept

    def drop(self, key: str) -> None:
        kept = self._entries.pop(key, None)
        if kept is not None:
            self.bytes -= kept.size

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0


def key(request: Request) -> str:
    """What makes two GET/HEAD requests the same answer: path, query, Accept-Language, and
    the host and scheme the links in it are written for (chalicelib.urls)."""
    from chalicelib.urls import requested_path  # urls reads parameters kept in the container

    path = requested_path(request)
    params = request.query_params
    if isinstance(params, MultiDict):
        query = sorted((name, value) for name in params for value in params.getlist(name))
    else:
        query = sorted((params or {}).items())
    headers = request.headers
    varying = ("accept-language", "x-forwarded-host", "host", "x-forwarded-proto")
    return json.dumps([path, query, *(headers.get(name, "") for name in varying)])


def replay(kept: Kept, if_none_match: str | None, stale_if_error: int | None = None) -> Response:
    """A kept 200 (or a 304 if the client has it) with its ``Age``. With ``stale_if_error``
    it is served because DynamoDB failed: marked stale, and no cache may keep it."""
    from chalicelib.http import etag_matches

    headers: dict[str, str | list[str]] = {
        **kept.headers,
        "Age": str(int(time.monotonic() - kept.stored)),
    }
    if stale_if_error is not None:
        headers["Cache-Control"] = f"public, max-age=0, stale-if-error={stale_if_error}"
        headers["Warning"] = '110 - "Response is Stale"'
    if etag_matches(if_none_match, kept.headers.get("ETag", "")):
        headers.pop("Content-Type", None)
        return Response(body="", status_code=304, headers=headers)
    return Response(body=kept.body, status_code=200, headers=headers)
