"""Ranking: BM25 over weighted fields, pairs next to each other first, ties newest first."""

from __future__ import annotations

from typing import Any

from chalicelib.search.postings import Entry, Postings, Stats, read_items
from chalicelib.search.rank import rank, relaxes
from chalicelib.search.text import words
from coop import searchindex

# As long as the texts the tests look for, so that each field is as long as its average and
# the fields' weights alone order the matches.
FILLER = {"zh-Hans": "一段说明", "en": "nothing"}


def record(ident: str, title: str = "", summary: str = "", body: str = "", **more: Any) -> Any:
    doc = {
        "id": ident,
        "title": {"zh-Hans": title or FILLER["zh-Hans"], "en": title or FILLER["en"]},
        "summary": {"zh-Hans": summary or FILLER["zh-Hans"], "en": summary or FILLER["en"]},
        "details": {"zh-Hans": body or FILLER["zh-Hans"], "en": body or FILLER["en"]},
        "sector": None,
        "created_at": "2026-01-01T00:00:00.000Z",
        **more,
    }
    return "project", doc


def refs(records: list[Any], query: str, relaxed: bool = False) -> list[str]:
    built = searchindex.items(searchindex.build({f"{k}#{d['id']}": (k, d) for k, d in records}))
    asked = words(query)
    postings, stats = read_items([t for w in asked for t in w], built)
    assert stats is not None
    return [hit.ref.split("#")[1] for hit in rank(asked, postings, stats, relaxed)]


def test_title_above_summary_above_body():
    records = [
        record("in-body", body="仓储设施 warehousing"),
        record("in-title", title="仓储设施 warehousing"),
        record("in-summary", summary="仓储设施 warehousing"),
        record("elsewhere"),
    ]
    assert refs(records, "仓储") == ["in-title", "in-summary", "in-body"]
    assert refs(records, "warehousing") == ["in-title", "in-summary", "in-body"]


def test_a_rare_term_weighs_more_than_a_common_one():
    records = [
        record("rare", summary="港口 苹果"),
        *(record(f"c{n}", summary="港口") for n in range(5)),
    ]
    assert refs(records, "港口 苹果") == ["rare"]
    ranked = refs(records, "港口")
    assert len(ranked) == 6


def test_every_pair_of_a_chinese_query_is_required():
    records = [
        record("whole", summary="新建冷链物流中心"),
        record("part", summary="冷链与其他物品"),
    ]
    assert refs(records, "冷链物流") == ["whole"]
    assert refs(records, "冷链") == ["part", "whole"] or refs(records, "冷链") == ["whole", "part"]


def test_one_character_matches_that_character():
    records = [record("has", summary="红色的酒"), record("not", summary="白色的水")]
    assert refs(records, "酒") == ["has"]


def test_adjacent_pairs_rank_above_scattered_ones():
    # Both hold 冷链 and 链物 and 物流; only one holds them as one run.
    records = [
        record("scattered", summary="冷链很长，链物很多，物流很快"),
        record("adjacent", summary="冷链物流很快，这里很长很多"),
    ]
    assert refs(records, "冷链物流") == ["adjacent", "scattered"]
    records = [
        record("apart", summary="chain of cold rooms"),
        record("together", summary="cold chain rooms of"),
    ]
    assert refs(records, "cold chain") == ["together", "apart"]


def test_ties_go_to_the_newest_then_by_reference():
    """Newest by when the record was first loaded: an edit does not make it newer."""
    records = [
        record("b-old", summary="葡萄", created_at="2026-01-01T00:00:00.000Z"),
        record("a-old", summary="葡萄", created_at="2026-01-01T00:00:00.000Z"),
        record("new", summary="葡萄", created_at="2026-03-01T00:00:00.000Z"),
    ]
    assert refs(records, "葡萄") == ["new", "a-old", "b-old"]


def test_a_published_date_wins_over_the_load_time():
    records = [
        record("older", summary="葡萄", published_at="2013-05-01"),
        record("newer", summary="葡萄", published_at="2014-05-01"),
    ]
    assert refs(records, "葡萄") == ["newer", "older"]


def test_no_record_has_a_term_so_nothing_matches():
    assert refs([record("x", summary="港口")], "港湾") == []
    assert refs([record("x", summary="port")], "port harbour") == []


def test_relaxed_asks_two_thirds_of_a_long_chinese_word():
    records = [record("split", summary="数据运营中心"), record("half", summary="数据服务")]
    assert refs(records, "数据中心") == []
    assert (
        relaxes(words("数据中心"))
        and not relaxes(words("数据"))
        and not relaxes(words("data centre"))
    )
    assert refs(records, "数据中心", relaxed=True) == ["split"]


def test_a_term_kept_only_in_part_ranks_but_does_not_restrict():
    """A record outside the entries kept may have the term: a rare term with a common one
    still finds it (at scale, `cold chain logistics`), below the record known to have both."""
    stats = Stats(10_000, {"project": {"zh": {"s": 4.0}}})
    a, b = Entry("project#a", "", "", {"s": [4, 0]}), Entry("project#b", "", "", {"s": [4, 2]})
    postings = {
        "港口": Postings([a, b], count=2, complete=True),
        "城市": Postings([a], count=3000, complete=False),  # b may have it too: not kept
    }
    assert [h.ref for h in rank([["港口"], ["城市"]], postings, stats)] == [
        "project#a", "project#b",
    ]  # fmt: skip
    assert [h.ref for h in rank([["城市"]], postings, stats)] == ["project#a"]
    postings["港口"] = Postings([b], count=1, complete=True)
    assert [h.ref for h in rank([["港口"], ["城市"]], postings, stats)] == ["project#b"]
    missing = {"城市": postings["城市"]}  # a term no record has restricts to nothing
    assert rank([["港口"], ["城市"]], missing, stats) == []
