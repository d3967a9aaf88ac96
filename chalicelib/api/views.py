"""Read functions: fetch through the store and return API-shaped, localized data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chalicelib.api import cursors
from chalicelib.api.params import MAX_LIMIT, ListQuery
from chalicelib.errors import NotFound, shown
from chalicelib.i18n import localize
from chalicelib.store import keys
from chalicelib.store.dynamodb import Store
from chalicelib.taxonomy import Kind

ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?")


def shape(kind: Kind, doc: dict[str, Any], lang: str) -> dict[str, Any]:
    """One item as served: its type, its fields in ``lang`` and which fields fell back."""
    localized, fallbacks = localize({"type": kind.name, **doc}, lang)
    return {**localized, "fallbacks": fallbacks}


def record(store: Store, kind: Kind, item_id: str) -> dict[str, Any]:
    """One stored document, every language; a 404 for an unknown id."""
    doc = store.get(kind.name, item_id) if ID_PATTERN.fullmatch(item_id) else None
    if doc is None:
        raise NotFound(f"There is no {kind.name} with id {shown(item_id)}.")
    return doc


def detail(store: Store, kind: Kind, item_id: str, lang: str) -> dict[str, Any]:
    return shape(kind, record(store, kind, item_id), lang)


def binding(kind: Kind, query: ListQuery) -> str:
    return kind.name + "".join(f"|{name}={value}" for name, value in sorted(query.filters.items()))


@dataclass(frozen=True)
class Listing:
    """One page of a list: stored documents, and the cursor of the next page (None on the
    last), which keeps the page size its chain started with."""

    docs: list[dict[str, Any]]
    next_cursor: str | None


def listing(store: Store, kind: Kind, query: ListQuery, secret: bytes) -> Listing:
    bound = binding(kind, query)
    start, limit = None, query.limit
    if query.cursor is not None:
        cursor = cursors.decode(secret, bound, query.cursor, MAX_LIMIT)
        if not keys.is_start_key(kind, query.filters, cursor.key):
            raise cursors.malformed()
        start, limit = cursor.key, cursor.limit or limit
    page = store.page(kind, query.filters, limit, start)
    last = page.last_key
    next_cursor = cursors.encode(secret, bound, cursors.Cursor(last, limit)) if last else None
    return Listing(page.docs, next_cursor)


def first_items(store: Store, kind: Kind, query: ListQuery, lang: str) -> list[dict[str, Any]]:
    """The first page only, for widgets and feeds (which take no cursor)."""
    page = store.page(kind, query.filters, query.limit, None)
    return [shape(kind, doc, lang) for doc in page.docs]
