"""Table and index definition, key builders and item <-> document mapping.

This is the only module that knows key strings. Layout (docs/data-model.md):

- base table, hash key ``pk = "<kind>#<id>"``: one item per record, read by ``GetItem``;
- ``gsi1`` .. ``gsi4``, keys ``g<n>pk`` / ``g<n>sk``: one list per kind and per
  combination of its filters. Index ``n = 1 + mask`` where bit ``i`` of ``mask`` is set
  when the kind's ``i``-th filter is used, and the partition value is
  ``"<kind>|<filter>=<value>|..."`` in the kind's filter order. A record is put in an
  index only when it has a value for every filter of that index (sparse indexes).
"""

from __future__ import annotations

import hashlib
import json
from itertools import combinations
from typing import Any, NamedTuple

from chalicelib.taxonomy import KINDS, Kind

HASH_KEY = "pk"
INDEXES = 4  # every subset of at most two filters
CHANGES = 5  # the change index, gsi5
SYNC_SHARDS = 4

Item = dict[str, dict[str, str]]


def table_definition(table_name: str) -> dict[str, Any]:
    """``CreateTable`` arguments; tests, the dev server and the template all use these."""
    numbers = range(1, CHANGES + 1)
    index_attrs = [f"g{n}{part}" for n in numbers for part in ("pk", "sk")]
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": HASH_KEY, "KeyType": "HASH"}],
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in [HASH_KEY, *index_attrs]
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": f"gsi{n}",
                "KeySchema": [
                    {"AttributeName": f"g{n}pk", "KeyType": "HASH"},
                    {"AttributeName": f"g{n}sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for n in numbers
        ],
    }


def item_key(kind: str, item_id: str) -> Item:
    return {HASH_KEY: {"S": f"{kind}#{item_id}"}}


# The manifest of the published dataset (counts, newest change, bulk files), written by
# `coop load` and read by /data.json: an item of no list and no change index.
DATASET = ("meta", "dataset")


def dataset_item(manifest: dict[str, Any]) -> Item:
    kind, item_id = DATASET
    return {**item_key(kind, item_id), "kind": {"S": kind}, "id": {"S": item_id},
            "doc": {"S": encode_doc(manifest)}}  # fmt: skip


class Index(NamedTuple):
    """One list in one index: the index, its key attributes, and the hash value that selects
    the list."""

    name: str
    hash_attr: str
    sort_attr: str
    value: str


def _index(number: int, value: str) -> Index:
    return Index(f"gsi{number}", f"g{number}pk", f"g{number}sk", value)


def list_index(kind: Kind, filters: dict[str, str]) -> Index:
    """The list of ``kind`` with these filters."""
    mask = sum(1 << i for i, name in enumerate(kind.filters) if name in filters)
    value = kind.name + "".join(f"|{f}={filters[f]}" for f in kind.filters if f in filters)
    return _index(mask + 1, value)


def is_start_key(kind: Kind, filters: dict[str, str], key: Any) -> bool:
    """Whether ``key`` can be an ExclusiveStartKey of this list (cursors are checked with it)."""
    index = list_index(kind, filters)
    return (
        isinstance(key, dict)
        and set(key) == {HASH_KEY, index.hash_attr, index.sort_attr}
        and all(isinstance(v, str) and 0 < len(v) <= 1024 for v in key.values())
        and key[index.hash_attr] == index.value
        and key[HASH_KEY].startswith(f"{kind.name}#")
    )


def sort_key(kind: Kind, doc: dict[str, Any]) -> str:
    """Announcements sort by publication date (undated last when newest first), others by order."""
    if kind.newest_first:
        return f"{doc.get('published_at') or '0000-00-00'}#{doc['id']}"
    return f"{int(doc.get('order') or 0):08d}#{doc['id']}"


def shard(kind: str, item_id: str) -> int:
    digest = hashlib.sha256(f"{kind}#{item_id}".encode()).digest()
    return digest[0] % SYNC_SHARDS


def change_keys(kind: str, item_id: str, updated_at: str) -> Item:
    """The change-index keys of a record or tombstone last written at ``updated_at``."""
    index = change_index(shard(kind, item_id))
    return {
        index.hash_attr: {"S": index.value},
        index.sort_attr: {"S": f"{updated_at}#{kind}#{item_id}"},
    }


def change_index(shard_number: int) -> Index:
    """One shard of the change index."""
    return _index(CHANGES, f"changes#{shard_number}")


def posting_key(term: str) -> Item:
    """A search term's postings (chalicelib.search.postings)."""
    return {HASH_KEY: {"S": f"search#t#{term}"}}


def search_stats() -> Item:
    return {HASH_KEY: {"S": "search#stats"}}


def search_directory(bucket: int) -> Item:
    """One bucket of the search index's directory of terms (tools/coop/searchindex.py)."""
    return {HASH_KEY: {"S": f"search#dir#{bucket}"}}


def encode_doc(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def to_item(kind_name: str, doc: dict[str, Any]) -> Item:
    """The stored item for one validated record: its key, document and list memberships."""
    kind = KINDS[kind_name]
    item: Item = {
        **item_key(kind.name, doc["id"]),
        "kind": {"S": kind.name},
        "id": {"S": doc["id"]},
        "doc": {"S": encode_doc(doc)},
    }
    sk = sort_key(kind, doc)
    for size in range(len(kind.filters) + 1):
        for used in combinations(kind.filters, size):
            values = {name: doc.get(name) for name in used}
            if all(isinstance(v, str) for v in values.values()):
                index = list_index(kind, values)  # type: ignore[arg-type]
                item[index.hash_attr] = {"S": index.value}
                item[index.sort_attr] = {"S": sk}
    return item


def doc_of(item: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(item["doc"]["S"])
    return loaded


def plain_key(key: dict[str, Any]) -> dict[str, str]:
    """A ``LastEvaluatedKey`` as plain strings, for cursors."""
    return {name: value["S"] for name, value in key.items()}


def dynamo_key(plain: dict[str, str]) -> Item:
    return {name: {"S": value} for name, value in plain.items()}
