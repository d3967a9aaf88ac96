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


def encode(secret: bytes, binding: str, key: Any, limit: int | None = None) -> str:
    fields = {"b": binding, "k": key} if limit is None else {"b": binding, "k": key, "n": limit}
    payload = json.dumps(fields, separators=(",", ":"), sort_keys=True)
    raw = payload.encode()
    return f"{_b64(raw)}.{_b64(_mac(secret, raw))}"


def malformed(param: str = "cursor") -> InvalidParameter:
    return InvalidParameter(param, "is malformed; pass it on exactly as you received it")


def decode(secret: bytes, binding: str, cursor: str, param: str = "cursor") -> Any:
    """The position a cursor holds (to be checked by the caller); else a 400 naming ``cursor``.

    Only the canonical encoding is accepted, so no two strings are the same cursor.
    """
    return _content(secret, binding, cursor, param).get("k")


def page_size(secret: bytes, binding: str, cursor: str, maximum: int) -> int | None:
    """The page size a cursor's chain started with (None for a cursor that has none)."""
    size = _content(secret, binding, cursor, "cursor").get("n")
    if size is None:
        return None
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= maximum:
        raise malformed()
    return size


def _content(secret: bytes, binding: str, cursor: str, param: str) -> dict[str, Any]:
    if len(cursor) > MAX_LENGTH or not SHAPE.fullmatch(cursor):
        raise malformed(param)
    payload_part, mac_part = cursor.split(".")
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
