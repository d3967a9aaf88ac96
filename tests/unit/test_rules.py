"""Each text rule, its counter-examples, and properties: idempotent, clean text untouched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coop.repair import repair_string
from coop.rules import (
    ligature_rule,
    pinyin_rule,
    punctuation_rule,
    spacing_rule,
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
        ("會長高蕓迪(gāo yún dí)說", "會長高蕓迪說"),  # spaced syllables, one per character
        ("來自長安(cháng ān)路", "來自長安路"),
        ("位于西安(xī'ān)市", "位于西安市"),
        ("长安 (cháng ān) 汽车", "长安汽车"),  # the space after a spaced gloss goes too
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
        "长安(cháng ān dí)",  # three syllables for two characters
        "长安(gāo yún)",  # syllables that are not these characters' readings
        "The word 关系(guānxì) means relations.",  # English glosses Chinese on purpose
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
        ("in various fi elds", "in various fields"),  # the glyph kept, then a space
        ("goods fl ow between", "goods flow between"),
        ("a signifi cant rise", "a significant rise"),
        ("a fi ne day", "a fine day"),
        ("small \ufb01rms", "small \ufb01rms"),  # the glyph itself is the unicode rule's
    ],
)
def test_words_split_by_lost_ligatures_are_joined(damaged, clean):
    assert ligature_rule(damaged)[0] == clean


@pytest.mark.parametrize(
    "kept",
    ["if i am", "a i b", "what if i go", "of i think", "chief i said", "self l value",
     "a shared off ice", "staff list", "self less", "half life"],
)  # fmt: skip
def test_ordinary_text_is_never_joined(kept):
    assert ligature_rule(kept)[0] == kept


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("His Honor.Hu Mingyuan", "His Honor. Hu Mingyuan"),
        ("the Municipal Government,thanked", "the Municipal Government, thanked"),
        ("on trade,investment and", "on trade, investment and"),
        ("the Fair.In 2026", "the Fair. In 2026"),
        ("a year.H.E. the envoy", "a year. H.E. the envoy"),
        ("Dr.Gao said", "Dr. Gao said"),
        ("Note:Both sides", "Note: Both sides"),
        ("visits;talks", "visits; talks"),
        ("On November 5,the fair", "On November 5, the fair"),
        ("In 2025.The fair", "In 2025. The fair"),
        ("(MOFCOM).It said", "(MOFCOM). It said"),
        ('He said:"We will"', 'He said: "We will"'),
    ],
)
def test_missing_spaces_in_english_are_inserted(damaged, clean):
    assert spacing_rule(damaged)[0] == clean


@pytest.mark.parametrize(
    "kept",
    ["H.E. the Consul", "the U.S. partners", "growth of 3.5 per cent", "about 10,000 tonnes",
     "at 10:30 a.m.", "e.g. fruit", "see https://example.org/Port.Visit",
     "write to press@Example.org", "www.Example.com", "mailto:office", "ASP.NET",
     "Sacramento, California", "重庆,美国"],
)  # fmt: skip
def test_abbreviations_numbers_and_addresses_keep_their_marks(kept):
    assert spacing_rule(kept)[0] == kept


def test_a_space_between_chinese_characters_is_removed_in_chinese_text():
    assert spacing_rule("长安 汽车在重庆。") == ("长安汽车在重庆。", [("安 汽", "安汽")])
    assert spacing_rule("Chinese 长安 汽车 brands") == ("Chinese 长安 汽车 brands", [])


def test_spacing_reports_the_whole_word():
    assert spacing_rule("met the Government.The two sides")[1] == [
        ("Government.The", "Government. The")
    ]


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("後,市", "後，市"),
        ("後 , 市", "後，市"),
        ("是;否", "是；否"),
        ("“加州节”,利用", "“加州节”，利用"),
        ("吗?是", "吗？是"),
        ("组团考察(试行)会", "组团考察（试行）会"),
        ('加州"节"开幕', "加州“节”开幕"),
        ("他说：“明年销售额有望翻番，未来可期!”", "他说：“明年销售额有望翻番，未来可期！”"),
        ("谁能不心动?", "谁能不心动？"),
        ("未来可期! 明年再见。", "未来可期！明年再见。"),
        ("同比增长10%,其中出口", "同比增长10%，其中出口"),
        ("时间为10:30,地点在重庆", "时间为10:30，地点在重庆"),
        ("合作共赢!!", "合作共赢！！"),
        ("这是什么?!", "这是什么？！"),
        ("双方开展合作. 加州代表出席。", "双方开展合作。加州代表出席。"),
        ("保障货物准时送达.", "保障货物准时送达。"),
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
        "品味加州-美国加利福尼亚节",  # GB/T 15834's short connecting mark is the hyphen
        "The sign said 欢迎! in red.",  # an English sentence
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
    assert unicode_rule("small \ufb01rms \ufb02ow")[0] == "small firms flow"  # ligature glyphs


# Clean text: real words, Chinese sentences with full-width punctuation, honest parentheses.
ENGLISH_WORDS = st.sampled_from(
    ["if", "i", "am", "a", "b", "official", "brief", "of", "the", "Fair", "California", "off",
     "self", "chief", "l", "specific", "cooperation", "10", "CCISF", "(CCISF)", "Sacramento,",
     "U.S.", "H.E.", "3.5", "10,000", "ice", "e.g.", "fine", "Mr."]
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


def test_a_long_text_without_spaces_is_repaired_word_by_word():
    """Chinese has no spaces: a pattern over the whole text once made this take minutes."""
    text = "重庆与加州开展合作，" * 20_000
    assert repair_string(text) == (text, [])
