"""Opaque paging cursors: the DynamoDB position, bound to one list and signed with HMAC-SHA256.

A cursor is ``base64url(payload) "." base64url(mac)`` where payload is the JSON
``{"b": binding, "k": last_evaluated_key, "n": page_size}``, the binding names the endpoint
and its filters (``project|direction=...``), and mac is the first 16 bytes of
HMAC-SHA256(secret, payload). A chain keeps the page size it started with (``n``), whatever
``limit`` a client sends again with the cursor. Clients must treat cursors as opaque.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from chalicelib.errors import InvalidParameter

MAX_LENGTH = 1024
MAC_BYTES = 16
SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).digest()[:MAC_BYTES]


@dataclass(frozen=True)
class Cursor:
    """Where a list's next page starts (the DynamoDB key it reads after), and the page size
    its chain started with (None in cursors issued before chains kept it)."""

    key: Any
    limit: int | None = None


def encode(secret: bytes, binding: str, cursor: Cursor) -> str:
    extra = {} if cursor.limit is None else {"n": cursor.limit}
    return seal(secret, binding, cursor.key, **extra)


def decode(secret: bytes, binding: str, text: str, maximum: int) -> Cursor:
    """The cursor ``text`` holds (its key is for the caller to check); else a 400 naming
    ``cursor``. A page size outside 1..``maximum`` is malformed."""
    content = unseal(secret, binding, text, "cursor")
    size = content.get("n")
    if size is not None and (type(size) is not int or not 1 <= size <= maximum):
        raise malformed()
    return Cursor(content.get("k"), size)


def seal(secret: bytes, binding: str, state: Any, **extra: Any) -> str:
    """``state`` (and ``extra``), bound to ``binding`` and signed: the wire form."""
    payload = json.dumps({"b": binding, "k": state, **extra}, separators=(",", ":"), sort_keys=True)
    raw = payload.encode()
    return f"{_b64(raw)}.{_b64(_mac(secret, raw))}"


def malformed(param: str = "cursor") -> InvalidParameter:
    return InvalidParameter(param, "is malformed; pass it on exactly as you received it")


def unseal(secret: bytes, binding: str, text: str, param: str) -> dict[str, Any]:
    """What ``seal`` wrote, once its signature and binding are checked; else a 400 naming
    ``param``. Only the canonical encoding is accepted, so no two strings are the same."""
    if len(text) > MAX_LENGTH or not SHAPE.fullmatch(text):
        raise malformed(param)
    payload_part, mac_part = text.split(".")
    try:
        raw, mac = _unb64(payload_part), _unb64(mac_part)
    except ValueError:  # binascii.Error is a ValueError
        raise malformed(param) from None
    if _b64(raw) != payload_part or _b64(mac) != mac_part:
        raise malformed(param)
    if not hmac.compare_digest(mac, _mac(secret, raw)):
        raise InvalidParameter(param, "has an invalid signature; pass it on exactly as received")
    try:
        content = json.loads(raw)
    except ValueError:
        raise malformed(param) from None
    if not isinstance(content, dict) or content.get("b") != binding:
        raise InvalidParameter(
            param, "was issued for a different list or filters; start again without it"
        )
    return content
