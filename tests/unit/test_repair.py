"""Each repair rule, its counter-examples, and properties: idempotent, clean text untouched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coop.repair import (
    dominant_script,
    ligature_rule,
    pinyin_rule,
    punctuation_rule,
    repair,
    repair_string,
    script_rule,
    unicode_rule,
)


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("經(jīng)貿(mào)", "經貿"),
        ("領(lǐng)域", "領域"),
        ("節(jié)", "節"),
        ("发(fā)展", "发展"),
        ("經（jīng）", "經"),
        ("經(jing1)", "經"),
        ("經(jing)貿", "經貿"),
        ("女(nü)", "女"),
        ("經貿(jīngmào)合作", "經貿合作"),  # one gloss for two characters
        ("經 (jīng)貿", "經貿"),  # a space before the gloss
    ],
)
def test_pinyin_glosses_are_removed(damaged, clean):
    assert pinyin_rule(damaged)[0] == clean


@pytest.mark.parametrize(
    "kept",
    [
        "渝洽会(CCISF)",
        "（试行）",
        "办法（试行）",
        "甲(a)",
        "经(mào)",
        "(jīng)",
        "Chongqing (jīng)",
        "李(Li)先生",  # a capitalized romanization is the author's
        "The term 关系 (guanxi) matters.",  # English glossing Chinese on purpose
        "经贸(jīngmàoo)",
    ],
)
def test_real_parentheses_stay(kept):
    assert pinyin_rule(kept)[0] == kept


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("government off i cials", "government officials"),
        ("investment brief i ngs of", "investment briefings of"),
        ("the Fair specif i cally holds", "the Fair specifically holds"),
        ("Off i cials", "Officials"),
        ("the off i ce", "the office"),
        ("prof i le", "profile"),
        ("f l ow", "flow"),
        ("F i rst", "First"),
    ],
)
def test_words_split_by_lost_ligatures_are_joined(damaged, clean):
    assert ligature_rule(damaged)[0] == clean


@pytest.mark.parametrize(
    "kept", ["if i am", "a i b", "what if i go", "of i think", "chief i said", "self l value"]
)
def test_ordinary_text_is_never_joined(kept):
    assert ligature_rule(kept)[0] == kept


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("後,市", "後，市"),
        ("後 , 市", "後，市"),
        ("是;否", "是；否"),
        ("品味加州-美国", "品味加州－美国"),
        ("“加州节”,利用", "“加州节”，利用"),
        ("吗?是", "吗？是"),
        ("组团考察(试行)会", "组团考察（试行）会"),
        ('加州"节"开幕', "加州“节”开幕"),
    ],
)
def test_ascii_punctuation_inside_chinese_becomes_full_width(damaged, clean):
    assert punctuation_rule(damaged)[0] == clean


@pytest.mark.parametrize(
    "kept",
    [
        "Sacramento, California",
        "10,000",
        "重庆, USA",
        "a-b",
        "CCISF:",
        "渝洽会(CCISF)期间",
        '"a" 中 "b"',
        'He said "ok".',
        "版本1.5",
        "一.总则 二.目标",  # list numbering
        'The word "文化" means culture.',  # English quoting Chinese keeps its quotes
    ],
)
def test_punctuation_outside_chinese_stays(kept):
    assert punctuation_rule(kept)[0] == kept


def test_unicode_is_normalized_and_whitespace_collapsed():
    assert unicode_rule("Cafe\u0301\u200b  au\tlait\x07 ")[0] == "Café au lait"
    assert unicode_rule("  one  \n\n\n  two ")[0] == "one\ntwo"
    assert unicode_rule("x\ufffey\ufdd0")[0] == "xy"  # noncharacters break XML feeds
    assert unicode_rule("co\xadop\u2060eration")[0] == "cooperation"  # soft hyphen, joiner
    assert unicode_rule("👩\u200d💻")[0] == "👩\u200d💻"  # the zero-width joiner of emoji stays


def test_script_is_derived_and_mixed_text_normalized():
    fixed, repairs = script_rule({"zh-Hant": "備忘錄后", "en": "MOU"}, "title")
    assert fixed == {"zh-Hans": "备忘录后", "zh-Hant": "備忘錄後", "en": "MOU"}
    assert [(r.rule, r.path, r.before, r.after) for r in repairs] == [
        ("script", "title.zh-Hant", "備忘錄后", "備忘錄後")
    ]
    fixed, _ = script_rule({"zh-Hans": "备忘录後"}, "title")
    assert fixed == {"zh-Hans": "备忘录后", "zh-Hant": "備忘錄後"}


@pytest.mark.parametrize(
    "clean",
    [
        "雙方在峰會後舉行會談，台灣與香港的群眾代表出席。",  # Taiwan forms; s2t: 峯, 臺, 羣
        "為了裡面的著落",
        "繼與美國加州首府薩克拉門托市簽訂全面經貿戰略合作諒解備忘錄後",
    ],
)
def test_clean_traditional_text_is_left_as_written(clean):
    fixed, repairs = script_rule({"zh-Hant": clean}, "t")
    assert fixed["zh-Hant"] == clean and repairs == []


def test_each_script_change_is_reported_on_its_own():
    text = "代表團在基于重慶云計算中心，推出建筑、房地產"
    fixed, repairs = script_rule({"zh-Hant": text}, "body")
    assert fixed["zh-Hant"] == "代表團在基於重慶雲計算中心，推出建築、房地產"
    assert [(r.before, r.after) for r in repairs] == [
        ("表團在基于重慶云計算中心", "表團在基於重慶雲計算中心"),
        ("，推出建筑、房地產", "，推出建築、房地產"),
    ]


def test_an_editor_override_in_both_scripts_is_left_alone():
    text = {"zh-Hans": "台湾", "zh-Hant": "台灣"}  # s2t would write 臺灣
    assert script_rule(text, "t") == (text, [])


def test_dominant_script():
    assert dominant_script("繼與美國加州首府") == "zh-Hant"
    assert dominant_script("继与美国加州首府") == "zh-Hans"


def test_repair_reports_rule_path_before_and_after():
    record = {"sections": [{"body": {"en": "off i cials", "zh-Hans": "经贸,合作"}}]}
    fixed, repairs = repair(record)
    assert fixed["sections"][0]["body"] == {
        "zh-Hans": "经贸，合作",
        "zh-Hant": "經貿，合作",
        "en": "officials",
    }
    assert {(r.rule, r.path) for r in repairs} == {
        ("ligature", "sections[0].body.en"),
        ("punctuation", "sections[0].body.zh-Hans"),
    }
    assert str(next(r for r in repairs if r.rule == "ligature")) == (
        "sections[0].body.en: ligature: 'off i cials' -> 'officials'"
    )


# Clean text: real words, Chinese sentences with full-width punctuation, honest parentheses.
ENGLISH_WORDS = st.sampled_from(
    ["if", "i", "am", "a", "b", "official", "brief", "of", "the", "Fair", "California", "off",
     "self", "chief", "l", "specific", "cooperation", "10", "CCISF", "(CCISF)", "Sacramento,"]
)  # fmt: skip
CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8)
ENGLISH = st.lists(ENGLISH_WORDS, min_size=1, max_size=8).map(" ".join)
CHINESE_SENTENCE = st.lists(CHINESE, min_size=1, max_size=4).map(
    lambda parts: "，".join(parts) + "。"
)
CLEAN = st.lists(st.one_of(ENGLISH, CHINESE_SENTENCE), min_size=1, max_size=5).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(CLEAN)
def test_clean_text_is_never_changed(text):
    assert repair_string(text)[0] == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | CLEAN)
def test_repair_is_idempotent(text):
    once, _ = repair_string(text)
    twice, repairs = repair_string(once)
    assert twice == once and repairs == []


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["zh-Hans", "zh-Hant", "en"]), CHINESE, min_size=1))
def test_record_repair_is_idempotent(text):
    once, _ = repair({"title": text})
    assert repair(once) == (once, [])
