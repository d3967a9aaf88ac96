"""An in-memory store with DynamoStore's interface; the contract test keeps the two in step."""

from __future__ import annotations

from typing import Any

from chalicelib.store import keys
from chalicelib.store.dynamodb import Page
from chalicelib.taxonomy import Kind


class FakeStore:
    def __init__(self, items: list[dict[str, Any]] | None = None) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        for item in items or []:
            self.items[item["pk"]["S"]] = item

    def get(self, kind: str, item_id: str) -> dict[str, Any] | None:
        item = self.items.get(keys.item_key(kind, item_id)["pk"]["S"])
        return keys.doc_of(item) if item else None

    def page(
        self, kind: Kind, filters: dict[str, str], limit: int, start: dict[str, str] | None
    ) -> Page:
        _, hash_attr, value = keys.list_index(kind, filters)
        sort_attr = hash_attr[:-2] + "sk"
        members = sorted(
            (i for i in self.items.values() if i.get(hash_attr, {}).get("S") == value),
            key=lambda i: i[sort_attr]["S"],
            reverse=kind.newest_first,
        )
        if start:
            position = [i["pk"]["S"] for i in members].index(start["pk"]) + 1
            members = members[position:]
        chosen = members[:limit]
        last = None
        if len(chosen) == limit:  # like DynamoDB: a full page has a key, even if nothing follows
            tail = chosen[-1]
            last = {"pk": tail["pk"]["S"], hash_attr: value, sort_attr: tail[sort_attr]["S"]}
        return Page(docs=[keys.doc_of(i) for i in chosen], last_key=last)
