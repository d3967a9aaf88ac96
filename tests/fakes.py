"""An in-memory store with every method of the Store protocol; the contract test
(tests/functional/test_store_contract.py) runs the same assertions on it and on DynamoDB."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.store import keys
from chalicelib.store.dynamodb import BATCH_GET, Change, Page, ShardPage, Store, change_of
from chalicelib.taxonomy import Kind

if TYPE_CHECKING:
    from chalicelib.store.dynamodb import Found


class FakeStore(Store):
    """Items as the loader writes them. Like DynamoDB, a change read stops at ``limit`` rows
    or at ``cap`` rows (standing in for 1 MB), and says whether it stopped early."""

    def __init__(self, items: list[dict[str, Any]] | None = None, cap: int = 10_000) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.cap = cap
        for item in items or []:
            self.put(item)

    def put(self, item: dict[str, Any]) -> None:
        self.items[item["pk"]["S"]] = item

    def get(self, kind: str, item_id: str) -> dict[str, Any] | None:
        item = self.items.get(keys.item_key(kind, item_id)["pk"]["S"])
        return keys.doc_of(item) if item and "doc" in item else None

    def batch_get(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        assert len(wanted) <= BATCH_GET
        found = {key: self.get(*key) for key in wanted}
        return {key: doc for key, doc in found.items() if doc is not None}

    def page(
        self, kind: Kind, filters: dict[str, str], limit: int, start: dict[str, str] | None
    ) -> Page:
        index = keys.list_index(kind, filters)
        members = sorted(
            (i for i in self.items.values() if i.get(index.hash_attr, {}).get("S") == index.value),
            key=lambda i: i[index.sort_attr]["S"],
            reverse=kind.newest_first,
        )
        if start:
            position = [i["pk"]["S"] for i in members].index(start["pk"]) + 1
            members = members[position:]
        chosen = members[:limit]
        last = None
        if len(chosen) == limit:  # like DynamoDB: a full page has a key, even if nothing follows
            tail = chosen[-1]
            last = {"pk": tail["pk"]["S"], index.hash_attr: index.value}
            last[index.sort_attr] = tail[index.sort_attr]["S"]
        return Page(docs=[keys.doc_of(i) for i in chosen], last_key=last)

    def changes(self, shard: int, after: str, until: str, limit: int) -> ShardPage:
        index = keys.change_index(shard)
        ready = sorted(
            (i for i in self.items.values() if i.get(index.hash_attr, {}).get("S") == index.value
             and after < i[index.sort_attr]["S"] <= until),
            key=lambda i: i[index.sort_attr]["S"],
        )  # fmt: skip
        rows: list[Change] = [change_of(i, index.sort_attr) for i in ready[: min(limit, self.cap)]]
        return ShardPage(rows, complete=len(rows) == len(ready))

    def postings(self, terms: list[str]) -> Found:
        from chalicelib.search.postings import read_items

        return read_items(terms, self.items)
