"""Chinese scripts: the given script kept clean, the other derived without corrupting names or
correct words, and every choice that depends on context reported."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coop.repair import Repair, localize, repair
from coop.scripts import HANS, HANT, derive, dominant_script, normalize


def found(text: dict[str, str], glossary: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    _, repairs = localize(text, "t", glossary or {})
    return [(r.rule, r.path, r.before, r.after) for r in repairs]


def test_a_name_after_a_title_is_not_corrupted():
    fixed, repairs = localize({"zh-Hans": "市长胡衡华会见代表团"}, "title")
    assert fixed["zh-Hant"] == "市長胡衡華會見代表團"  # OpenCC alone: 市長鬍衡華
    assert [(r.rule, r.before, r.after) for r in repairs] == [
        ("script-name", "市长胡衡华会见", "市長胡衡華會見")
    ]
    assert repairs[0].detail == (
        "a name, each character in its own form; OpenCC on the whole text gives '市長鬍衡華會見'"
    )
    assert repairs[0].kind == "note"


def test_a_phrase_across_two_words_is_not_applied():
    fixed, repairs = localize({"zh-Hans": "他在长安街头发表讲话。"}, "t")
    assert fixed["zh-Hant"] == "他在長安街頭發表講話。"  # not 頭髮表
    assert repairs[0].detail.startswith("OpenCC on the whole text gives '髮表'")


def test_a_stray_simplified_character_is_fixed_in_context():
    fixed, repairs = repair({"t": {"zh-Hant": "雙方建立關(guān)系協調機制"}})
    assert fixed["t"]["zh-Hant"] == "雙方建立關係協調機制"
    assert [(r.rule, r.before, r.after) for r in repairs] == [
        ("pinyin", "關(guān)系", "關系"),
        ("script", "方建立關系協調機制", "方建立關係協調機制"),
    ]


def test_a_taiwanese_particle_becomes_simplified_zhe():
    fixed, repairs = localize({"zh-Hant": "雙方保持著定期溝通"}, "t")
    assert fixed["zh-Hans"] == "双方保持着定期沟通"
    assert repairs == []


def test_a_correct_word_in_traditional_is_left_alone():
    fixed, repairs = localize({"zh-Hant": "加深相互了解"}, "t")
    assert fixed["zh-Hant"] == "加深相互了解"  # s2t alone would write 瞭解
    assert repairs == []


@pytest.mark.parametrize(
    "clean",
    [
        "雙方在峰會後舉行會談，台灣與香港的群眾代表出席。",  # Taiwan forms; s2t: 峯, 臺, 羣
        "為了裡面的著落",
        "繼與美國加州首府薩克拉門托市簽訂全面經貿戰略合作諒解備忘錄後",
        "利用保稅港區獲批進口水果口岸平臺",  # the seed's own form
        "台商協會會長葛蕓迪介紹情況",  # 蕓 is Traditional: Simplified merges it into 芸
        "香港企業可了解重慶的營運方式",
    ],
)
def test_clean_traditional_text_is_left_as_written(clean):
    fixed, repairs = localize({"zh-Hant": clean}, "t")
    assert fixed["zh-Hant"] == clean
    assert [r for r in repairs if r.kind == "damage"] == []


def test_each_script_change_is_reported_on_its_own():
    text = "代表團在基于重慶云計算中心，推出建筑、房地產"
    fixed, repairs = localize({"zh-Hant": text}, "body")
    assert fixed["zh-Hant"] == "代表團在基於重慶雲計算中心，推出建築、房地產"
    assert [(r.before, r.after) for r in repairs] == [  # overlapping stretches share one
        ("表團在基于重慶云計算中心", "表團在基於重慶雲計算中心"),
        ("，推出建筑、房地產", "，推出建築、房地產"),
    ]


def test_a_stray_traditional_character_in_simplified_is_fixed():
    fixed, repairs = localize({"zh-Hans": "共同开发经贸與物流通道"}, "t")
    assert fixed["zh-Hans"] == "共同开发经贸与物流通道"
    assert ("script", "t.zh-Hans", "开发经贸與物流通道", "开发经贸与物流通道") in found(
        {"zh-Hans": "共同开发经贸與物流通道"}
    )
    assert fixed["zh-Hant"] == "共同開發經貿與物流通道"


def test_the_seed_platform_stays_as_the_source_has_it():
    fixed, repairs = localize({"zh-Hans": "保税港区获批进口水果口岸平台"}, "t")
    assert fixed["zh-Hant"] == "保稅港區獲批進口水果口岸平臺"
    assert repairs == []  # 台 alone is 臺: nothing to review


def test_a_context_dependent_form_is_listed_for_review():
    _, repairs = localize({"zh-Hans": "双方在会上发布了消息"}, "t")
    [review] = [r for r in repairs if r.rule == "script-review"]
    assert (review.before, review.after, review.kind) == ("会上发布了消", "會上發佈了消", "review")
    assert review.detail == (
        "布 alone is 布; to keep it, scripts.yaml takes `发布: 發佈` (or the right form)"
    )


def test_a_form_both_standards_write_is_not_listed():
    # 发 alone is 發 and 签 alone is 籤, but OpenCC and MediaWiki agree on 頭髮 and 簽署
    assert found({"zh-Hans": "他的头发很长，双方签署协议。"}) == []
    assert found({"zh-Hans": "推动经济发展"}) == []


def test_a_phrase_opencc_reads_across_words_is_listed():
    fixed, repairs = localize({"zh-Hans": "于丹教授讲话"}, "t")  # 于|丹: 於丹, OpenCC: 于丹
    assert [r.rule for r in repairs] == ["script-review"]
    assert "OpenCC on the whole text gives '于'" in repairs[0].detail
    fixed, repairs = localize({"zh-Hans": "饼干很干"}, "t")
    assert [(r.rule, r.after) for r in repairs] == [("script-review", "乾很幹")]


def test_the_glossary_confirms_a_form_in_both_directions():
    glossary = {"发布": "發佈"}
    fixed, repairs = localize({"zh-Hans": "双方在会上发布了消息"}, "t", glossary)
    assert fixed["zh-Hant"] == "雙方在會上發佈了消息" and repairs == []
    fixed, repairs = localize({"zh-Hant": "雙方在會上發佈了消息"}, "t", glossary)
    assert fixed["zh-Hans"] == "双方在会上发布了消息" and repairs == []


def test_the_glossary_applies_to_whole_words_only():
    fixed, repairs = localize({"zh-Hans": "他在长安街头发表讲话"}, "t", {"头发": "頭髮"})
    assert fixed["zh-Hant"] == "他在長安街頭發表講話"  # not 頭髮表
    assert [r.rule for r in repairs] == ["script-review"]  # OpenCC alone writes 頭髮表


def test_the_glossary_can_say_what_opencc_does_not():
    fixed, repairs = localize({"zh-Hans": "余华的小说"}, "t", {"余华": "余華"})
    assert fixed["zh-Hant"] == "余華的小說" and repairs == []


def test_a_name_written_otherwise_by_mediawiki_is_reviewed():
    _, repairs = localize({"zh-Hans": "余华的小说"}, "t")  # OpenCC: 餘華; MediaWiki: 余華
    assert [(r.rule, r.before, r.after) for r in repairs] == [
        ("script-review", "余华的小", "餘華的小")
    ]
    assert "MediaWiki writes the name '余華'" in repairs[0].detail


def test_hong_kong_forms_become_simplified():
    fixed, repairs = localize({"zh-Hant": "香港衞生署與市衞生健康委敍談"}, "t")
    assert fixed["zh-Hans"] == "香港卫生署与市卫生健康委叙谈"
    assert repairs == []


def test_an_override_is_kept_but_each_script_is_checked():
    text = {"zh-Hans": "台湾", "zh-Hant": "台灣"}  # s2t would write 臺灣
    assert localize(text, "t") == (text, [])
    fixed, repairs = localize({"zh-Hans": "冷链", "zh-Hant": "冷链"}, "t")
    assert fixed == {"zh-Hans": "冷链", "zh-Hant": "冷鏈"}
    assert [(r.rule, r.path) for r in repairs] == [("script", "t.zh-Hant")]


def test_derive_keeps_length_and_reports_nothing_for_plain_text():
    text, choices = derive("重庆与加州开展合作。", HANT)
    assert text == "重慶與加州開展合作。" and choices == []


def test_dominant_script():
    assert dominant_script("繼與美國加州首府") == HANT
    assert dominant_script("继与美国加州首府") == HANS


def test_repair_report_names_rule_path_before_after_and_detail():
    report = Repair("script-review", "t.zh-Hant", "头发", "頭髮", "发 alone is 發")
    assert str(report) == "t.zh-Hant: script-review: '头发' -> '頭髮' (发 alone is 發)"


HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(HAN, st.sampled_from([HANS, HANT]))
def test_normalize_is_idempotent(text, script):
    once, _ = normalize(text, script)
    assert normalize(once, script) == (once, [])


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["zh-Hans", "zh-Hant", "en"]), HAN, min_size=1))
def test_record_repair_is_idempotent(text):
    once, _ = repair({"title": text})
    assert repair(once) == (once, [])
