"""One contract, two stores: the in-memory fake and DynamoStore on moto answer alike."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.errors import InternalError
from chalicelib.store import keys
from chalicelib.store.dynamodb import DynamoStore
from chalicelib.store.keys import SYNC_SHARDS
from chalicelib.taxonomy import ANNOUNCEMENT, PROJECT, SECTOR
from coop import content, loader, searchindex, table
from tests.conftest import CONTENT, TABLE
from tests.fakes import FakeStore

DATED = [
    keys.to_item("announcement", {"id": f"dated-{day}", "published_at": day, "title": {"en": day}})
    for day in ("2013-05-01", "2014-01-01")
]
META = {
    "created_at": "2026-01-01T00:00:00.000Z",
    "updated_at": "2026-01-01T00:00:00.000Z",
    "version": 1,
}
DOCS = loader.documents(content.read(CONTENT))
SEED = [loader.item(k, doc, META) for k, doc in DOCS.values()]
# The search index beside the records, as coop load writes it: no list or change shows it.
INDEX = list(searchindex.items(searchindex.build(DOCS)).values())
ITEMS = SEED + DATED + INDEX


@pytest.fixture(params=["fake", "dynamodb"])
def store(request, db) -> Any:
    if request.param == "fake":
        return FakeStore(ITEMS)
    table.write(db, TABLE, ITEMS)
    return DynamoStore(db, TABLE)


def walk(store, kind, filters, limit) -> list[str]:
    ids, start = [], None
    while True:
        page = store.page(kind, filters, limit, start)
        ids += [doc["id"] for doc in page.docs]
        if page.last_key is None:
            return ids
        start = page.last_key


def test_get_returns_the_document_or_none(store):
    assert store.get("project", "key-projects-transport")["sector"] == "transport"
    assert store.get("project", "missing") is None
    assert store.get("sector", "key-projects-transport") is None


@pytest.mark.parametrize("limit", [1, 2, 3, 11, 20])
def test_paging_visits_each_record_once_in_order(store, limit):
    assert walk(store, PROJECT, {}, limit) == [
        d["id"]
        for d in sorted(
            (keys.doc_of(i) for i in SEED if i["kind"]["S"] == "project"),
            key=lambda d: d["order"],
        )
    ]


def test_filters_select_by_index(store):
    assert walk(store, PROJECT, {"sector": "transport"}, 5) == ["key-projects-transport"]
    examined = walk(store, PROJECT, {"direction": "examined-in-chongqing"}, 5)
    assert len(examined) == 3
    assert (
        walk(store, PROJECT, {"sector": "transport", "direction": "examined-in-chongqing"}, 5) == []
    )


def test_sectors_carry_project_record_counts(store):
    docs = store.page(SECTOR, {}, 100, None).docs
    assert {d["id"]: d["project_record_count"] for d in docs}["new-energy"] == 1


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_announcements_are_newest_first_and_undated_last(store, limit):
    assert walk(store, ANNOUNCEMENT, {}, limit) == [
        "dated-2014-01-01",
        "dated-2013-05-01",
        "chongqing-expands-cooperation-with-california",
    ]


def every_change(store, after: str, until: str, limit: int) -> list[str]:
    return [
        change.position
        for shard in range(SYNC_SHARDS)
        for change in store.changes(shard, after, until, limit).rows
    ]


def test_the_change_index_holds_each_record_once_by_its_last_write(store):
    positions = every_change(store, "", "9999", 100)
    assert sorted(p.split("#", 1)[1] for p in positions) == sorted(
        i["pk"]["S"]
        for i in SEED  # the dated two were written without change keys
    )
    assert all(p.startswith("2026-01-01T00:00:00.000Z#") for p in positions)


def test_a_change_read_is_bounded_and_says_when_it_stopped_early(store):
    shard = next(n for n in range(SYNC_SHARDS) if len(every_shard(store, n)) > 2)
    first = store.changes(shard, "", "9999", 2)
    assert len(first.rows) == 2 and not first.complete
    rest = store.changes(shard, first.rows[-1].position, "9999", 100)
    assert rest.complete and first.rows[-1].position < rest.rows[0].position
    empty = store.changes(shard, "", "2025", 100)  # before every write
    assert (empty.rows, empty.complete) == ([], True)


def test_a_reversed_range_asks_nothing_and_is_empty(store):
    """DynamoDB refuses BETWEEN with its bounds reversed: the store never sends one."""
    page = store.changes(0, "2026-06-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", 10)
    assert (page.rows, page.complete) == ([], True)


def every_shard(store, shard: int) -> list[str]:
    return [c.position for c in store.changes(shard, "", "9999", 100).rows]


def test_postings_come_with_the_statistics_and_only_for_terms_indexed(store):
    found, stats = store.postings(["冷链", "center", "nothing-like-it"])
    assert set(found) == {"冷链", "center"}
    assert stats is not None and stats.records == len(SEED)
    assert {e.ref for e in found["冷链"].entries} == {
        "project#cold-chain-logistics-centers",
        "announcement#chongqing-expands-cooperation-with-california",
    }
    assert found["冷链"].complete and found["冷链"].count == len(found["冷链"].entries)


def test_no_index_means_no_statistics(db):
    assert FakeStore(SEED).postings(["冷链"]) == ({}, None)
    table.write(db, TABLE, SEED)
    assert DynamoStore(db, TABLE).postings(["冷链"]) == ({}, None)


def test_documents_are_the_live_ones_asked_for(store):
    wanted = [("project", "key-projects-transport"), ("sector", "transport"), ("project", "x")]
    found = store.batch_get(wanted)
    assert set(found) == {("project", "key-projects-transport"), ("sector", "transport")}
    assert found[("sector", "transport")]["id"] == "transport"
    assert store.batch_get([]) == {}


def test_a_hundred_keys_at_most_in_one_batch_get(db):
    store = DynamoStore(db, TABLE)
    assert store.batch_get([("project", f"p{n}") for n in range(100)]) == {}
    with pytest.raises(InternalError):
        store.batch_get([("project", f"p{n}") for n in range(101)])
