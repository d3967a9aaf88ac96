"""Delta sync through the routes: initial pages, deltas, deletions, tokens, costs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from chalicelib.api import cursors
from chalicelib.store import dynamodb as store
from chalicelib.store.keys import SYNC_SHARDS
from coop import content, loader
from tests.conftest import TABLE
from tests.fakes import FakeStore
from tests.functional.helpers import (
    apply,
    assert_problem,
    body,
    dynamodb_calls,
    get,
    header,
    sync_all,
)


def test_initial_sync_pages_through_every_item(client):
    pages, token = sync_all(client)
    items = [i for p in pages for i in p["items"]]
    assert len(items) == 23 and len({(i["type"], i["id"]) for i in items}) == 23
    assert all(len(p["items"]) <= 7 for p in pages) and len(pages) >= 4
    assert [d for p in pages for d in p["deleted"]] == []
    copy: dict[tuple[str, str], Any] = {}
    apply(copy, pages)
    # Loaded a moment ago, inside SYNC_OVERLAP_SECONDS: the next sync reads it all again.
    again, _ = sync_all(client, token)
    assert sum(len(p["items"]) for p in again) == 23
    assert apply(copy, again) == [] and len(copy) == 23


def test_delta_has_only_changes_and_deletions(seeded, client, content_copy: Path):
    pages, token = sync_all(client)
    copy: dict[tuple[str, str], Any] = {}
    apply(copy, pages)
    edit = content_copy / "sectors" / "transport.yaml"
    edit.write_text(edit.read_text().replace("en: Transport", "en: Transport and logistics"))
    (content_copy / "festival-products" / "nuts.yaml").unlink()
    ann = next((content_copy / "announcements").glob("*.yaml"))
    ann.write_text(ann.read_text().replace("  - nuts\n", ""))
    loader.load(seeded, TABLE, content.read(content_copy), prune=True)
    pages, _ = sync_all(client, token)
    assert sorted(apply(copy, pages)) == [
        ("announcement", "chongqing-expands-cooperation-with-california", 2),  # lost a product
        ("festival-product", "nuts", 0),  # deleted
        ("sector", "transport", 2),
    ]
    assert copy[("sector", "transport")]["label"] == "Transport and logistics"
    (deleted,) = [d for p in pages for d in p["deleted"]]
    assert (deleted["type"], deleted["id"]) == ("festival-product", "nuts")
    assert deleted["deleted_at"]


def test_lang_all_lets_an_app_switch_language_offline(client):
    pages, _ = sync_all(client, lang="all", limit=100)
    sector = next(i for i in pages[0]["items"] if i["id"] == "transport")
    assert sector["label"] == {"zh-Hans": "交通", "zh-Hant": "交通", "en": "Transport"}


def test_tampered_and_foreign_tokens_are_400(client):
    _, token = sync_all(client, limit=100)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert_problem(get(client, f"/v1/sync?token={flipped}"), 400, "token")
    cursor = body(get(client, "/v1/projects?limit=2"))["next_cursor"]
    assert_problem(get(client, f"/v1/sync?token={cursor}"), 400, "token")
    assert_problem(get(client, "/v1/sync?token=garbage"), 400, "token")


def test_a_token_older_than_retention_asks_for_a_full_resync(client):
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    stamp = old.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    token = cursors.seal(b"test-only-cursor-secret", "sync", {"p": "", "s": stamp, "t": stamp})
    problem = assert_problem(
        get(client, f"/v1/sync?token={token}"), 400, "sync again from the start"
    )
    assert problem["resync"] is True


def test_each_page_costs_one_query_per_shard(client):
    with dynamodb_calls() as seen:
        get(client, "/v1/sync?limit=5")
    assert seen == Counter({"Query": SYNC_SHARDS})


@pytest.mark.parametrize("query", ["?limit=0", "?limit=101", "?token=", "?since=1", "?lang=xx"])
def test_bad_sync_parameters(client, query):
    assert_problem(get(client, "/v1/sync" + query), 400)


def test_the_token_keeps_the_language_its_chain_started_in(client):
    first = body(get(client, "/v1/sync?lang=all&limit=5"))
    token = first["next_page_token"]
    response = get(client, f"/v1/sync?token={token}", **{"Accept-Language": "en"})
    assert header(response, "content-language") == "zh-Hans, zh-Hant, en"
    assert all(isinstance(item["title" if "title" in item else "label"], dict)
               for item in body(response)["items"])  # fmt: skip
    problem = assert_problem(get(client, f"/v1/sync?token={token}&lang=en"), 400, "lang=all")
    assert "sync again from the start" in problem["detail"]
    assert get(client, f"/v1/sync?token={token}&lang=all").status_code == 200


T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def at(seconds: float) -> str:
    moment = T0 + dt.timedelta(seconds=seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def put(shards: FakeStore, item_id: str, when: float, deleted: bool = False) -> None:
    """A project written at ``when``, or its tombstone: the items the loader writes."""
    doc = {"id": item_id, "title": {"en": item_id}, "order": 1}
    meta = {"created_at": at(0), "updated_at": at(when), "version": 1}
    item = loader.item("project", doc, meta)
    shards.put(loader.tombstone(item, at(when)) if deleted else item)


def sync_chain(
    shards: FakeStore, token: str | None, now: float, limit: int, overlap: float = 300
) -> tuple[dict[str, bool], str]:
    """Pages until caught up: ({id: True for live, False for deleted}, next_sync_token)."""
    from chalicelib.api import sync

    seen: dict[str, bool] = {}
    while True:
        windows = sync.Windows(dt.timedelta(), dt.timedelta(seconds=overlap), 30)
        page, _ = sync.page(
            shards, sync.Ask(token, limit, "en", None), b"s",
            T0 + dt.timedelta(seconds=now), windows,
        )  # fmt: skip
        seen.update({item["id"]: True for item in page["items"]})
        seen.update({gone["id"]: False for gone in page["deleted"]})
        token = page["next_page_token"] or page["next_sync_token"]
        if page["next_sync_token"]:
            return seen, token


def test_a_shard_that_dynamodb_cuts_short_loses_nothing():
    shards = FakeStore(cap=2)  # 1 MB reached after 2 rows, well under the page size
    for n in range(28):
        put(shards, f"p{n}", when=n)
    seen, _ = sync_chain(shards, None, now=100, limit=10)
    assert seen == {f"p{n}": True for n in range(28)}


def test_a_deletion_stamped_before_the_chain_began_but_landing_after_is_delivered():
    shards = FakeStore()
    put(shards, "kept", when=0)
    put(shards, "doomed", when=1)
    seen, token = sync_chain(shards, None, now=100, limit=10)
    assert seen == {"kept": True, "doomed": True}
    put(shards, "doomed", when=99, deleted=True)  # stamped at 99, written after the sync at 100
    seen, _ = sync_chain(shards, token, now=110, limit=10)
    assert seen == {"kept": True, "doomed": False}  # kept: read again, inside the overlap


def test_reading_the_overlap_again_still_moves_on_every_page():
    """40 changes inside the overlap, at 3 a page: every page takes rows, each costs one
    read per shard, and the chain that reads them all again ends too."""
    shards = FakeStore()
    for n in range(40):
        put(shards, f"p{n}", when=90 + n / 10)
    reads: list[int] = []
    real = shards.changes

    def counted(shard: int, after: str, until: str, limit: int) -> store.ShardPage:
        reads.append(shard)
        return real(shard, after, until, limit)

    shards.changes = counted  # type: ignore[method-assign]
    seen, token = sync_chain(shards, None, now=100, limit=3)
    assert len(seen) == 40 and len(reads) == SYNC_SHARDS * 14  # ceil(40 / 3) pages
    reads.clear()
    seen, _ = sync_chain(shards, token, now=101, limit=3)
    assert len(seen) == 40 and len(reads) == SYNC_SHARDS * 14
