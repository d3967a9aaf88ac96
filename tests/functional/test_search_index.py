"""The search index coop load keeps in the content table: written with the records, idempotent,
pruned with them, planned by --dry-run, rebuilt whole when its format changes, split (kept in
part) where a term's list would outgrow an item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from chalicelib.search import postings
from chalicelib.store import keys
from coop import cli, content, loader, searchindex, table
from tests.conftest import CONTENT, TABLE
from tests.functional.helpers import body, get
from tests.strict import MAX_ITEM, item_size

T1, T2 = "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"


def index_items(db: Any) -> dict[str, dict[str, Any]]:
    """Every item of the search index in the table (a Scan: tests only)."""
    found = {}
    for page in db.get_paginator("scan").paginate(TableName=TABLE):
        for item in page["Items"]:
            if item["pk"]["S"].startswith("search#"):
                found[item["pk"]["S"]] = item
    return found


def terms(db: Any) -> set[str]:
    prefix = keys.posting_key("")["pk"]["S"]
    return {pk.removeprefix(prefix) for pk in index_items(db) if pk.startswith(prefix)}


def found_ids(client: Any, q: str) -> list[str]:
    return [i["id"] for i in body(get(client, "/v1/search?" + urlencode({"q": q})))["items"]]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_load_writes_postings_statistics_and_directory(db):
    plan = loader.load(db, TABLE, content.read(CONTENT), at=T1)
    items = index_items(db)
    stats = postings.decode_stats(items["search#stats"]["s"]["S"])
    assert stats.records == 23 and stats.format == postings.FORMAT
    assert set(stats.average) == {"announcement", "project", "festival-product", "sector"}
    listed = {}
    for pk, item in items.items():
        if pk.startswith("search#dir#"):
            listed.update(json.loads(item["d"]["S"]))
    index = {pk: item["hash"]["S"] for pk, item in items.items() if "hash" in item}
    assert listed == index  # the directory lists every term and the statistics, by hash
    assert {"冷链", "冷", "center", "wareh", "ccisf"} <= terms(db)
    assert "冷鏈" not in terms(db)  # one script: Traditional is read as Simplified
    assert plan.search.add == len(terms(db)) + 1 and plan.search.change == plan.search.remove == 0
    cold = json.loads(items["search#t#冷链"]["p"]["S"])
    assert [e[0] for e in cold] == [
        "announcement#chongqing-expands-cooperation-with-california",
        "project#cold-chain-logistics-centers",
    ]  # in record order: kept whole
    assert cold[1][3] == {"t": [6, 0], "s": [21, 15]}  # length in characters, position
    assert all(item_size(item) < MAX_ITEM for item in items.values())


def test_a_second_load_writes_nothing_to_the_index(db, monkeypatch, capsys):
    assert cli.main(["load", "content"]) == 0
    before = index_items(db)
    writes: list[int] = []
    monkeypatch.setattr(table, "write", lambda *a, **k: writes.append(1))
    monkeypatch.setattr(table, "delete", lambda *a, **k: writes.append(1))
    assert cli.main(["load", "content"]) == 0
    assert writes == []
    out = capsys.readouterr().out
    assert "search index: wrote 0 item(s) (0 new), deleted 0," in out
    assert index_items(db) == before


def test_a_changed_record_rewrites_only_its_terms(db, client, content_copy):
    loader.load(db, TABLE, content.read(content_copy), at=T1)
    edit(content_copy / "festival-products" / "nuts.yaml", "en: Nuts", "en: Nuts and pistachios")
    plan = loader.load(db, TABLE, content.read(content_copy), at=T2)
    assert plan.search.add == 1 and plan.search.remove == 0  # pistachio is new
    assert 0 < plan.search.change < 80  # the terms the product has (its date changed), no more
    assert found_ids(client, "pistachios") == ["nuts"]
    edit(content_copy / "festival-products" / "nuts.yaml", "en: Nuts and pistachios", "en: Nuts")
    plan = loader.load(db, TABLE, content.read(content_copy), at=T2)
    assert plan.search.remove == 1 and "pistachio" not in terms(db)
    assert found_ids(client, "pistachios") == []


def test_prune_removes_a_records_terms_and_without_it_the_record_stays_found(
    db, client, content_copy, capsys
):
    (content_copy / "festival-products" / "nuts.yaml").unlink()
    edit(next((content_copy / "announcements").glob("*.yaml")), "  - nuts\n", "")
    assert cli.main(["load", str(content_copy)]) == 0
    # The announcement changed, not its text: the index is as it was.
    assert "search index: wrote 0 item(s)" in capsys.readouterr().out
    assert "nuts" in found_ids(client, "坚果")  # kept, as the API keeps serving it
    assert cli.main(["load", "--prune", str(content_copy)]) == 0
    assert "search index: wrote 0 item" not in capsys.readouterr().out
    nuts = json.loads(index_items(db)["search#t#坚果"]["p"]["S"])
    assert [e[0] for e in nuts] == ["announcement#chongqing-expands-cooperation-with-california"]
    assert found_ids(client, "坚果") == ["chongqing-expands-cooperation-with-california"]
    assert "坚果" in terms(db) and "坚" in terms(db)  # the announcement still names them
    assert postings.decode_stats(index_items(db)["search#stats"]["s"]["S"]).records == 22


def test_dry_run_plans_the_index_and_writes_none_of_it(db, capsys):
    assert cli.main(["load", "--dry-run", "content"]) == 0
    out = capsys.readouterr().out
    assert "search index: would write" in out and "(would be)" in out
    assert index_items(db) == {}


def test_a_new_format_rewrites_every_item(db, client, monkeypatch):
    loader.load(db, TABLE, content.read(CONTENT), at=T1)
    count = len(terms(db)) + 1
    monkeypatch.setattr(postings, "FORMAT", "2")
    monkeypatch.setattr(searchindex, "FORMAT", "2")
    monkeypatch.setattr(postings.Stats.__init__, "__defaults__", ("2",))
    plan = loader.load(db, TABLE, content.read(CONTENT))
    assert plan.search.change == count and plan.search.add == plan.search.remove == 0
    stats = postings.decode_stats(index_items(db)["search#stats"]["s"]["S"])
    assert stats.format == "2"


def test_a_term_too_common_for_one_item_keeps_the_entries_where_it_weighs_most(
    db, client, monkeypatch
):
    monkeypatch.setattr(searchindex, "MAX_BYTES", 400)
    loader.load(db, TABLE, content.read(CONTENT), at=T1)
    item = index_items(db)["search#t#加"]
    kept = json.loads(item["p"]["S"])
    assert item["c"]["BOOL"] is False and int(item["n"]["N"]) > len(kept) >= 1
    assert len(item["p"]["S"].encode()) <= 400
    # the entries where 加 weighs most, best first: the first is what a search for 加 ranks first
    assert kept[0][0].split("#")[1] == found_ids(client, "加")[0]
    # 加 ranks but does not restrict: 冷链's records are all found, and the answer says the
    # common term's list was not read whole
    both = body(get(client, "/v1/search?" + urlencode({"q": "加 冷链"})))
    assert {i["id"] for i in both["items"]} == set(found_ids(client, "冷链"))
    assert both["exhaustive"] is False
    assert body(get(client, "/v1/search?q=%E5%86%B7%E9%93%BE"))["exhaustive"] is True


def test_the_largest_list_is_reported(db):
    plan = loader.load(db, TABLE, content.read(CONTENT), at=T1)
    term, entries = plan.search.largest
    assert entries == max(
        int(i["n"]["N"]) for pk, i in index_items(db).items() if pk.startswith("search#t#")
    )
    assert term and len(term) <= 2


def test_traditional_text_written_apart_is_found(db, client, content_copy):
    """An editor's own zh-Hant (鳳梨, where the Simplified says 菠萝) is indexed too."""
    edit(
        content_copy / "festival-products" / "fresh-fruits.yaml",
        "  zh-Hans: 新鲜水果\n  en: Fresh fruits",
        "  zh-Hans: 新鲜水果菠萝\n  zh-Hant: 新鮮水果鳳梨\n  en: Fresh fruits",
    )
    loader.load(db, TABLE, content.read(content_copy), at=T2)
    assert found_ids(client, "鳳梨") == found_ids(client, "菠萝") == ["fresh-fruits"]
    answer = body(get(client, "/v1/search?" + urlencode({"q": "鳳梨", "lang": "zh-Hant"})))
    title = answer["items"][0]["highlights"][0]
    assert (title["field"], title["text"], title["matches"]) == ("name", "新鮮水果鳳梨", [[4, 6]])
    cold = json.loads(index_items(db)["search#t#冷链"]["p"]["S"])
    project = next(e for e in cold if e[0] == "project#cold-chain-logistics-centers")
    assert project[3]["t"] == [6, 0]  # derived zh-Hant adds nothing: 6 characters, once


def test_the_statistics_are_written_after_the_postings(db, monkeypatch):
    """They hold the format the Lambda checks: written last, they say "new" only when it is."""
    order: list[str] = []
    real = table.write

    def recording(db: Any, name: str, puts: list[Any], restamp: Any = None) -> None:
        order.extend(item["pk"]["S"] for item in puts)
        real(db, name, puts, restamp)

    monkeypatch.setattr(table, "write", recording)
    loader.load(db, TABLE, content.read(CONTENT), at=T1)
    searched = [pk for pk in order if pk.startswith("search#")]
    stats = searched.index("search#stats")
    assert all(pk.startswith("search#dir#") for pk in searched[stats + 1 :])
    assert not any(pk.startswith("search#t#") for pk in searched[stats:])


def test_a_load_cut_short_leaves_no_term_behind(db, client, content_copy, monkeypatch):
    """New terms are listed before they are written: the next load deletes what it no
    longer has, though the load that wrote them never finished."""
    loader.load(db, TABLE, content.read(CONTENT), at=T1)
    edit(content_copy / "festival-products" / "nuts.yaml", "en: Nuts", "en: Nuts pistachios")
    real_delete = table.delete

    def broken(*args: Any) -> None:
        raise RuntimeError("cut short")

    monkeypatch.setattr(table, "delete", broken)
    with pytest.raises(RuntimeError):
        loader.load(db, TABLE, content.read(content_copy), at=T2)
    assert "pistachio" in terms(db)
    monkeypatch.setattr(table, "delete", real_delete)
    plan = loader.load(db, TABLE, content.read(CONTENT), at=T2)
    assert plan.search.remove == 1 and "pistachio" not in terms(db)
    assert found_ids(client, "pistachios") == []


def test_an_index_past_its_directory_is_refused_before_anything_is_written(db, monkeypatch, capsys):
    monkeypatch.setattr(searchindex, "DIRECTORY_BYTES", 50)
    assert cli.main(["load", "content"]) == 1
    assert "more than its directory" in capsys.readouterr().err
    assert index_items(db) == {}
