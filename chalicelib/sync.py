"""Delta sync for offline apps, in the manner of Contentful's Sync API.

``GET /v1/sync`` starts a sync chain; ``GET /v1/sync?token=...`` continues it. Each page
holds changed documents and deletions in change order, with either ``next_page_token``
(more is ready now) or ``next_sync_token`` (caught up: come back later with it).

A token is signed like a cursor and holds the position up to which the client has every
change (``p``), when its chain started (``s``), when it was issued (``t``) and its language
(``l``). Positions are ``<updated_at>#<kind>#<id>``, unique and ordered. A page reads each
change shard after that position (one Query each: ``SYNC_SHARDS`` in all, whatever the table
size). A shard DynamoDB cut short (at ``limit`` items, or at 1 MB) bounds the page: nothing
past its last row is taken, since more of it may come before. Below that bound the merged rows
are complete in every shard; the first ``limit`` are the page, and the last one taken is the
new token's position. An edit made while a client pages gets a later position than anything
the client has read, and reaches it on a later page or sync. Only changes older than
``SYNC_SETTLE_SECONDS`` are served, so a write still landing in the index cannot slip in
behind a client's position. Deletions from well before the chain started are skipped: the
client never had those records (``DELETION_MARGIN`` keeps any it may have had).
"""

from __future__ import annotations

import datetime as dt
import heapq
from typing import Any

from chalicelib import cursors, views
from chalicelib.errors import InvalidParameter
from chalicelib.keys import SYNC_SHARDS
from chalicelib.store import Change, Store
from chalicelib.taxonomy import ALL_LANGS, KINDS, LANGS

BINDING = "sync"
# A tombstone is skipped in a chain only when it is this much older than the chain's first
# read (start - settle): a deletion that was late to land is still delivered.
DELETION_MARGIN = dt.timedelta(minutes=5)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _state(
    secret: bytes, token: str | None, now: dt.datetime, retention_days: int, lang: str
) -> dict[str, Any]:
    if token is None:
        return {"p": "", "s": _iso(now), "t": _iso(now), "l": lang}
    state: dict[str, Any] = cursors.decode(secret, BINDING, token, "token")
    valid = (
        isinstance(state, dict)
        and isinstance(state.get("p"), str)
        and len(state["p"]) <= 300
        and isinstance(state.get("s"), str)
        and isinstance(state.get("t"), str)
        and state.get("l", lang) in (*LANGS, ALL_LANGS)
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
    asked_lang: str | None,
    secret: bytes,
    now: dt.datetime,
    settle_seconds: float,
    retention_days: int,
) -> tuple[dict[str, Any], str]:
    """One page and its language: a chain keeps the language it started in."""
    state = _state(secret, token, now, retention_days, lang)
    chain_lang = state.get("l", lang)  # tokens from before languages were kept: as asked
    if token is not None and asked_lang is not None and lang != chain_lang:
        raise InvalidParameter(
            "lang",
            f"this token syncs lang={chain_lang}; leave lang out, or sync again from the start"
            f" without a token to change language",
        )
    settle = dt.timedelta(seconds=settle_seconds)
    shards = [store.changes(n, state["p"], _iso(now - settle), limit) for n in range(SYNC_SHARDS)]
    cut = [
        shard.rows[-1].position if shard.rows else state["p"]
        for shard in shards
        if not shard.complete
    ]
    bound = min(cut, default=None)
    ready = [
        change
        for change in heapq.merge(*(s.rows for s in shards), key=lambda c: c.position)
        if bound is None or change.position <= bound
    ]
    taken = ready[:limit]
    position = taken[-1].position if taken else state["p"]
    more = len(ready) > limit or bound is not None
    state = {"p": position, "s": state["s"], "t": _iso(now), "l": chain_lang}
    next_token = cursors.encode(secret, BINDING, state)
    skip_before = _iso(dt.datetime.fromisoformat(state["s"]) - settle - DELETION_MARGIN)
    return {
        "items": [_item(c, chain_lang) for c in taken if c.doc is not None],
        "deleted": [
            _deleted(c) for c in taken if c.doc is None and (c.deleted_at or "") >= skip_before
        ],
        "next_page_token": next_token if more else None,
        "next_sync_token": None if more else next_token,
    }, chain_lang


def _item(change: Change, lang: str) -> dict[str, Any]:
    assert change.doc is not None
    return views.shape(KINDS[change.kind], change.doc, lang)


def _deleted(change: Change) -> dict[str, Any]:
    return {"type": change.kind, "id": change.item_id, "deleted_at": change.deleted_at}
