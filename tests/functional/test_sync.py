"""Delta sync through the routes: initial pages, deltas, deletions, tokens, costs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from chalicelib import cursors, store
from chalicelib.keys import SYNC_SHARDS
from coop import content, loader
from tests.conftest import TABLE
from tests.functional.helpers import assert_problem, body, get


def sync_all(
    client, token: str | None = None, limit: int = 7, lang: str = "en"
) -> tuple[list[Any], str]:
    """Every page until caught up: the pages, and the next_sync_token."""
    pages = []
    while True:
        query = f"?lang={lang}&limit={limit}" + (f"&token={token}" if token else "")
        response = get(client, "/v1/sync" + query)
        assert response.status_code == 200, response.body
        page = body(response)
        pages.append(page)
        if page["next_sync_token"]:
            assert page["next_page_token"] is None
            return pages, page["next_sync_token"]
        token = page["next_page_token"]


def test_initial_sync_pages_through_every_item(client):
    pages, token = sync_all(client)
    items = [i for p in pages for i in p["items"]]
    assert len(items) == 23 and len({(i["type"], i["id"]) for i in items}) == 23
    assert all(len(p["items"]) <= 7 for p in pages) and len(pages) >= 4
    assert [d for p in pages for d in p["deleted"]] == []
    again = body(get(client, f"/v1/sync?token={token}"))
    assert again["items"] == [] and again["deleted"] == [] and again["next_sync_token"]


def test_delta_has_only_changes_and_deletions(seeded, client, content_copy: Path):
    _, token = sync_all(client)
    edit = content_copy / "sectors" / "transport.yaml"
    edit.write_text(edit.read_text().replace("en: Transport", "en: Transport and logistics"))
    (content_copy / "festival-products" / "nuts.yaml").unlink()
    ann = next((content_copy / "announcements").glob("*.yaml"))
    ann.write_text(ann.read_text().replace("  - nuts\n", ""))
    loader.load(seeded, TABLE, content.read(content_copy), prune=True)
    pages, _ = sync_all(client, token)
    items = [i for p in pages for i in p["items"]]
    assert {(i["type"], i["id"]) for i in items} == {
        ("sector", "transport"),
        ("announcement", "chongqing-expands-cooperation-with-california"),  # lost a product id
    }
    sector = next(i for i in items if i["type"] == "sector")
    assert (sector["label"], sector["version"]) == ("Transport and logistics", 2)
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
    token = cursors.encode(b"test-only-cursor-secret", "sync", {"p": "", "s": stamp, "t": stamp})
    problem = assert_problem(
        get(client, f"/v1/sync?token={token}"), 400, "sync again from the start"
    )
    assert problem["resync"] is True


def test_each_page_costs_one_query_per_shard(client):
    seen: Counter[str] = Counter()

    def record(model, **_):
        seen[model.name] += 1

    store.client().meta.events.register("before-call.dynamodb", record)
    get(client, "/v1/sync?limit=5")
    store.client().meta.events.unregister("before-call.dynamodb", record)
    assert seen == Counter({"Query": SYNC_SHARDS})


@pytest.mark.parametrize("query", ["?limit=0", "?limit=101", "?token=", "?since=1", "?lang=xx"])
def test_bad_sync_parameters(client, query):
    assert_problem(get(client, "/v1/sync" + query), 400)
