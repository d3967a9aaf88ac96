"""Text into search terms: one script, character pairs for Chinese, stems for English."""

from __future__ import annotations

import json

import pytest

from chalicelib.search import text
from chalicelib.search.text import read, tokens, words


def terms(value: str) -> list[str]:
    return [t.term for t in tokens(value)]


def test_traditional_reads_as_simplified():
    assert read("數據中心") == read("数据中心") == "数据中心"
    assert read("冷鏈倉儲") == "冷链仓储"


def test_read_keeps_one_character_for_each_so_offsets_hold():
    for value in ("ＣＣＩＳＦ　渝洽會", "ﬁle İstanbul ½", "Straße", "數據中心 Data"):
        assert len(read(value)) == len(value), value
    assert read("ＣＣＩＳＦ") == "ccisf"  # full-width letters are letters


def test_chinese_gives_each_character_and_each_overlapping_pair():
    assert terms("冷链物流") == ["冷", "冷链", "链", "链物", "物", "物流", "流"]


def test_chinese_runs_do_not_pair_across_punctuation_or_latin():
    found = terms("港口，仓库")
    assert "口仓" not in found and "口，" not in found
    assert "库a" not in terms("仓库abc")


def test_positions_count_characters_in_chinese_and_words_in_english():
    zh = [(t.term, t.position) for t in tokens("冷链 仓储") if len(t.term) == 2]
    assert zh == [("冷链", 0), ("仓储", 2)]
    en = [(t.term, t.position) for t in tokens("the cold and the chain")]
    assert en == [("cold", 0), ("chain", 1)]


def test_offsets_point_at_the_text_given():
    value = "新建數據中心"
    for token in tokens(value):
        assert read(value[token.start : token.end]) == token.term


@pytest.mark.parametrize(
    "forms",
    [("centers", "center", "Center"), ("warehousing", "Warehouses", "warehouse"),
     ("investments", "invested", "INVEST"), ("logistics", "logistic")],
)  # fmt: skip
def test_english_words_are_lower_cased_and_stemmed(forms):
    assert len({tuple(terms(form)) for form in forms}) == 1
    assert terms("centers") == ["center"]


def test_stop_words_are_dropped():
    assert terms("the centers of the city") == ["center", "citi"]
    assert words("the and of") == []


def test_a_query_is_words_each_needing_all_its_terms():
    assert words("冷链物流") == [["冷链", "链物", "物流"]]
    assert words("冷") == [["冷"]]
    assert words("cold chain") == [["cold"], ["chain"]]
    assert words("CCISF 渝洽会") == [["ccisf"], ["渝洽", "洽会"]]
    assert words("冷鏈") == words("冷链")


@pytest.mark.parametrize("query", ["", "   ", "!!!", "，。、", "the", "——"])
def test_nothing_to_search_for(query):
    assert words(query) == []


def test_the_script_table_maps_traditional_to_simplified_only():
    table = json.loads(text.TABLE.read_text(encoding="utf-8"))
    assert table["鏈"] == "链" and table["數"] == "数"
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in table.items())
    assert "链" not in table  # a Simplified character is read as itself


def test_the_script_table_is_what_coop_search_table_writes(capsys):
    from coop import cli

    assert cli.main(["search-table", "--check"]) == 0
    assert "is up to date" in capsys.readouterr().out
