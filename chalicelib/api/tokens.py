"""Sync tokens: where a delta-sync chain stands, signed like a list cursor (chalicelib.cursors).

On the wire a token is the cursor encoding, under the binding ``sync``, of the compact
``{"p": position, "w": settled, "s": started, "t": issued, "l": lang, "n": page size}``.
Tokens issued before ``w``, ``l`` or ``n`` existed still decode (``decode`` says how). Every
field is parsed and bounded: a token signed with our key but holding anything we never write
is a 400 naming ``token``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, TypeGuard

from chalicelib.api import cursors
from chalicelib.api.params import MAX_LIMIT
from chalicelib.api.views import ID_PATTERN
from chalicelib.errors import InvalidParameter
from chalicelib.taxonomy import ALL_LANGS, KINDS, LANGS

BINDING = "sync"
STAMP = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"
_KIND = "|".join(map(re.escape, KINDS))
# Empty (before everything), a bare stamp (a settled mark) or <updated_at>#<kind>#<id>.
POSITION = re.compile(rf"(?:({STAMP})(?:#(?:{_KIND})#{ID_PATTERN.pattern})?)?")
EARLIEST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # no token is older than the API
# Containers' clocks differ a little: a time up to this far ahead of ours is still believed.
CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class SyncToken:
    position: str  # p: the next page reads the changes after this position
    settled: str  # w: the client has every change at or before it (docs/data-model.md)
    started: dt.datetime  # s: when this copy's first sync began
    issued: dt.datetime  # t: when this token was issued; it expires SYNC_RETENTION_DAYS later
    lang: str | None  # l: the chain's language; None in tokens from before it was kept
    limit: int | None = None  # n: the page size the chain started with; kept whatever is sent


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def start(now: dt.datetime, lang: str, limit: int) -> SyncToken:
    """The state of a chain that starts without a token: nothing read yet."""
    return SyncToken(position="", settled="", started=now, issued=now, lang=lang, limit=limit)


def encode(secret: bytes, token: SyncToken) -> str:
    wire: dict[str, str | int] = {"p": token.position, "w": token.settled}
    wire |= {"s": iso(token.started), "t": iso(token.issued)}
    if token.lang is not None:
        wire["l"] = token.lang
    if token.limit is not None:
        wire["n"] = token.limit
    return cursors.seal(secret, BINDING, wire)


def decode(
    secret: bytes, text: str, *, now: dt.datetime, retention_days: int, lag: dt.timedelta
) -> SyncToken:
    """The token's state; else a 400 naming ``token`` (with ``resync`` once it has expired).

    A token without ``w`` (from before late index writes were allowed for) is taken as
    settled up to its position or ``issued - lag``, whichever is earlier.
    """
    token = _parse(cursors.unseal(secret, BINDING, text, "token").get("k"), now, lag)
    if token is None:
        raise InvalidParameter("token", "is malformed; pass the token unchanged")
    if token.issued < now - dt.timedelta(days=retention_days):
        raise InvalidParameter(
            "token",
            f"is older than {retention_days} days; sync again from the start, without it",
            resync=True,
        )
    return token


def _parse(wire: Any, now: dt.datetime, lag: dt.timedelta) -> SyncToken | None:
    if not isinstance(wire, dict) or wire.get("l", LANGS[0]) not in (*LANGS, ALL_LANGS):
        return None
    started, issued = _moment(wire.get("s")), _moment(wire.get("t"))
    if started is None or issued is None or issued > now + CLOCK_SKEW:
        return None
    position = wire.get("p")
    if not _is_position(position, issued):
        return None
    settled = wire.get("w", min(position, iso(issued - lag)))
    if not _is_position(settled, issued) or settled > position or started > issued + CLOCK_SKEW:
        return None
    limit = wire.get("n")
    if limit is not None and not (type(limit) is int and 1 <= limit <= MAX_LIMIT):
        return None
    return SyncToken(position, settled, started, issued, wire.get("l"), limit)


def _moment(value: Any) -> dt.datetime | None:
    """A stamp as we write it, from EARLIEST on; None for anything else."""
    if not isinstance(value, str) or not re.fullmatch(STAMP, value):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:  # month 13, day 45, hour 25
        return None
    return moment if moment >= EARLIEST else None


def _is_position(value: Any, issued: dt.datetime) -> TypeGuard[str]:
    """A position we could have written: its form, and a stamp no later than the token's."""
    match = POSITION.fullmatch(value) if isinstance(value, str) else None
    if match is None or match.group(1) is None:
        return match is not None  # "" is the start
    moment = _moment(match.group(1))
    return moment is not None and moment <= issued + CLOCK_SKEW
