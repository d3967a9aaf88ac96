"""Delta sync for offline apps, in the manner of Contentful's Sync API.

``GET /v1/sync`` starts a sync chain; ``GET /v1/sync?token=...`` continues it. Each page
holds changed documents and deletions in change order, with either ``next_page_token``
(more is ready now) or ``next_sync_token`` (caught up: come back later with it).

Positions are ``<updated_at>#<kind>#<id>``, unique and ordered. A page reads each change
shard after the token's position, up to ``now - SYNC_SETTLE_SECONDS`` (at most one Query each:
``SYNC_SHARDS`` in all, whatever the table size). A shard DynamoDB cut short (at ``limit``
items, or at 1 MB) bounds the page: nothing past its last row is taken, since more of it may
come before. Below that bound the merged rows are complete in every shard; the first
``limit`` are the page, and the last one taken is the next page's position, so a page that
says there is more always moves on.

The change index is a GSI: a write can reach it after later positions were read. With
``lag = SYNC_SETTLE_SECONDS + SYNC_OVERLAP_SECONDS``, a page read at ``now`` holds every
change stamped before ``now - lag`` in the range it covers. The token keeps ``settled``, the
position up to which the client has every change that reached the index within ``lag``, and
the chain that starts from a ``next_sync_token`` reads again from there: what the client
already holds comes again, with a ``version`` it holds, and it drops it. Deletions stamped
more than ``lag`` before the copy's first sync are skipped: the client never had those records.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from typing import Any

from chalicelib.api import tokens, views
from chalicelib.api.tokens import SyncToken
from chalicelib.config import Settings
from chalicelib.errors import InvalidParameter
from chalicelib.store.dynamodb import Change, Store
from chalicelib.store.keys import SYNC_SHARDS
from chalicelib.taxonomy import KINDS


@dataclass(frozen=True)
class Ask:
    """What a client asks for: its token (None to start), page size and language."""

    token: str | None
    limit: int
    lang: str  # negotiated from lang or Accept-Language
    asked_lang: str | None  # the lang parameter itself, if given


@dataclass(frozen=True)
class Windows:
    """The stage's sync windows (docs/data-model.md, "Late index writes")."""

    settle: dt.timedelta
    overlap: dt.timedelta
    retention_days: int

    @classmethod
    def of(cls, conf: Settings) -> Windows:
        return cls(
            dt.timedelta(seconds=conf.sync_settle_seconds),
            dt.timedelta(seconds=conf.sync_overlap_seconds),
            conf.sync_retention_days,
        )


def page(
    store: Store, ask: Ask, secret: bytes, now: dt.datetime, windows: Windows
) -> tuple[dict[str, Any], str]:
    """One page and its language: a chain keeps the language and page size it started with."""
    settle, lag = windows.settle, windows.settle + windows.overlap
    if ask.token is None:
        state = tokens.start(now, ask.lang, ask.limit)
    else:
        retention = windows.retention_days
        state = tokens.decode(secret, ask.token, now=now, retention_days=retention, lag=lag)
    chain_lang = _chain_lang(state, ask)
    limit = state.limit or ask.limit  # the chain's page size, whatever the client sends again
    taken, more = _read(store, state.position, tokens.iso(now - settle), limit)
    position = taken[-1].position if taken else state.position
    settled = _settled(state, position, tokens.iso(now - lag))
    # The next page goes on from the last row; the next chain goes back to what is settled.
    after = SyncToken(position if more else settled, settled, state.started, now, chain_lang, limit)
    next_token = tokens.encode(secret, after)
    skip_before = tokens.iso(state.started - lag)
    return {
        "items": [_item(c, chain_lang) for c in taken if c.doc is not None],
        "deleted": [
            _deleted(c) for c in taken if c.doc is None and (c.deleted_at or "") >= skip_before
        ],
        "next_page_token": next_token if more else None,
        "next_sync_token": None if more else next_token,
    }, chain_lang


def _chain_lang(state: SyncToken, ask: Ask) -> str:
    chain_lang = state.lang or ask.lang  # tokens from before languages were kept: as asked
    if ask.token is not None and ask.asked_lang is not None and ask.lang != chain_lang:
        raise InvalidParameter(
            "lang",
            f"this token syncs lang={chain_lang}; leave lang out, or sync again from the start"
            f" without a token to change language",
        )
    return chain_lang


def _read(store: Store, position: str, until: str, limit: int) -> tuple[list[Change], bool]:
    """The page's changes after ``position``, and whether more are ready now."""
    shards = [store.changes(n, position, until, limit) for n in range(SYNC_SHARDS)]
    cut = [s.rows[-1].position if s.rows else position for s in shards if not s.complete]
    bound = min(cut, default=None)
    ready = [
        change
        for change in heapq.merge(*(s.rows for s in shards), key=lambda c: c.position)
        if bound is None or change.position <= bound
    ]
    return ready[:limit], len(ready) > limit or bound is not None


def _settled(state: SyncToken, position: str, certain: str) -> str:
    """How far the client has every change once this page is applied.

    The page covered ``(state.position, position]`` and saw every change stamped before
    ``certain`` (now - lag) in it. Once an earlier page of the chain left ``settled`` behind
    its position, the gap may still gain late writes, so ``settled`` stays until a new chain.
    """
    if state.settled < state.position:
        return state.settled
    return min(position, max(state.position, certain))


def _item(change: Change, lang: str) -> dict[str, Any]:
    assert change.doc is not None
    return views.shape(KINDS[change.kind], change.doc, lang)


def _deleted(change: Change) -> dict[str, Any]:
    return {"type": change.kind, "id": change.item_id, "deleted_at": change.deleted_at}
