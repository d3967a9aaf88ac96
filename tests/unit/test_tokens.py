"""Sync tokens: named fields in, the compact signed wire format out, and back."""

from __future__ import annotations

import base64
import datetime as dt
import json

from chalicelib.api import tokens
from chalicelib.api.tokens import SyncToken

T = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
LAG = dt.timedelta(seconds=610)


def payload(text: str) -> object:
    part = text.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_the_wire_format_stays_compact_and_round_trips():
    token = SyncToken(
        position="2026-02-28T23:59:00.000Z#sector#transport",
        settled="2026-02-28T23:49:50.000Z",
        started=T - dt.timedelta(days=2),
        issued=T,
        lang="zh-Hant",
    )
    text = tokens.encode(b"key", token)
    assert payload(text) == {
        "b": "sync",
        "k": {
            "p": "2026-02-28T23:59:00.000Z#sector#transport",
            "w": "2026-02-28T23:49:50.000Z",
            "s": "2026-02-27T00:00:00.000Z",
            "t": "2026-03-01T00:00:00.000Z",
            "l": "zh-Hant",
        },
    }
    assert tokens.decode(b"key", text, now=T, retention_days=30, lag=LAG) == token


def test_a_token_from_before_the_settled_mark_is_settled_up_to_issued_minus_lag():
    from chalicelib.api import cursors

    old = {"p": "2026-02-28T23:59:00.000Z#sector#transport", "s": "2026-02-27T00:00:00.000Z",
           "t": "2026-03-01T00:00:00.000Z"}  # fmt: skip
    token = tokens.decode(b"k", cursors.seal(b"k", "sync", old), now=T, retention_days=30, lag=LAG)
    assert (token.position, token.settled, token.lang) == (
        old["p"],
        "2026-02-28T23:49:50.000Z",
        None,
    )
