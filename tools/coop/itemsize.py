"""Item sizes as DynamoDB counts them, for the items a load writes; a record over 400 KB fails."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from coop import loader

if TYPE_CHECKING:
    from coop.content import Content

LIMIT = 400 * 1024  # DynamoDB's item size limit, in bytes
# The metadata a load adds, at its largest: stamps are always 24 characters; a version of
# 9 digits is a billion changes away.
WORST_META = {
    "created_at": "2026-01-01T00:00:00.000Z",
    "updated_at": "2026-01-01T00:00:00.000Z",
    "version": 999_999_999,
}


def size(item: dict[str, Any]) -> int:
    """Bytes by the DynamoDB developer guide's "Item sizes and formats": each attribute's name
    and value in UTF-8; a number 1 byte per two significant digits, plus 1."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict[str, Any]) -> int:
    ((kind, data),) = value.items()
    if kind == "S":
        return len(data.encode())
    if kind == "N":
        digits = Decimal(data).normalize().as_tuple().digits
        return (len(digits) + 1) // 2 + 1
    raise ValueError(f"the loader writes no attribute of type {kind}")


def oversized(content: Content) -> Iterator[tuple[str, str, int]]:
    """(kind, id, bytes) of each record whose item would be over the limit."""
    for kind, doc in loader.documents(content).values():
        stored = size(loader.item(kind, doc, WORST_META))
        if stored > LIMIT:
            yield kind, doc["id"], stored
