"""Delta sync for offline apps, in the manner of Contentful's Sync API.

``GET /v1/sync`` starts a sync chain; ``GET /v1/sync?token=...`` continues it. Each page
holds changed documents and deletions in change order, with either ``next_page_token``
(more is ready now) or ``next_sync_token`` (caught up: come back later with it).

A token is signed like a cursor and holds the position up to which the client has every
change (``p``), when its chain started (``s``) and when it was issued (``t``). Positions are
``<updated_at>#<kind>#<id>``, unique and ordered. A page reads each change shard after that
position (one Query each: ``SYNC_SHARDS`` in all, whatever the table size), merges them and
takes the first ``limit``: every change up to the last one taken is then in this page or an
earlier one, in any shard, so that last position is the new token's. An edit made while a
client pages gets a later position than anything the client has read, and reaches it on a
later page or sync. Only
changes older than ``SYNC_SETTLE_SECONDS`` are served, so a write still landing in the index
cannot slip in behind a client's position. Deletions before the chain started are skipped:
the client never had those records.
"""

from __future__ import annotations

import datetime as dt
import heapq
from typing import Any

from chalicelib import cursors, views
from chalicelib.errors import InvalidParameter
from chalicelib.keys import SYNC_SHARDS
from chalicelib.store import Change, Store
from chalicelib.taxonomy import KINDS

BINDING = "sync"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _state(
    secret: bytes, token: str | None, now: dt.datetime, retention_days: int
) -> dict[str, Any]:
    if token is None:
        return {"p": "", "s": _iso(now), "t": _iso(now)}
    state: dict[str, Any] = cursors.decode(secret, BINDING, token, "token")
    valid = (
        isinstance(state, dict)
        and isinstance(state.get("p"), str)
        and len(state["p"]) <= 300
        and isinstance(state.get("s"), str)
        and isinstance(state.get("t"), str)
    )
    if not valid:
        raise InvalidParameter("token", "is malformed; pass the token unchanged")
    if state["t"] < _iso(now - dt.timedelta(days=retention_days)):
        error = InvalidParameter(
            "token", f"is older than {retention_days} days; sync again from the start, without it"
        )
        error.extensions["resync"] = True
        raise error
    return state


def page(
    store: Store,
    token: str | None,
    *,
    limit: int,
    lang: str,
    secret: bytes,
    now: dt.datetime,
    settle_seconds: float,
    retention_days: int,
) -> dict[str, Any]:
    state = _state(secret, token, now, retention_days)
    until = _iso(now - dt.timedelta(seconds=settle_seconds))
    shards = [store.changes(n, state["p"], until, limit) for n in range(SYNC_SHARDS)]
    merged = list(heapq.merge(*shards, key=lambda change: change.position))
    taken = merged[:limit]
    position = taken[-1].position if taken else state["p"]
    more = len(merged) > limit or any(len(rows) == limit for rows in shards)
    next_token = cursors.encode(secret, BINDING, {"p": position, "s": state["s"], "t": _iso(now)})
    return {
        "items": [_item(c, lang) for c in taken if c.doc is not None],
        "deleted": [
            _deleted(c) for c in taken if c.doc is None and (c.deleted_at or "") >= state["s"]
        ],
        "next_page_token": next_token if more else None,
        "next_sync_token": None if more else next_token,
    }


def _item(change: Change, lang: str) -> dict[str, Any]:
    assert change.doc is not None
    return views.shape(KINDS[change.kind], change.doc, lang)


def _deleted(change: Change) -> dict[str, Any]:
    return {"type": change.kind, "id": change.item_id, "deleted_at": change.deleted_at}
