"""Language negotiation and localization rules."""

import pytest

from chalicelib.errors import InvalidParameter
from chalicelib.i18n import from_accept_language, localize, match_tag, negotiate


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("ZH", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh-Hant", "zh-Hant"),
        ("zh-Hant-CN", "zh-Hant"),
        ("zh-Hans-HK", "zh-Hans"),
        ("en", "en"),
        ("en-US", "en"),
        ("fr", None),
        ("", None),
        (" en", None),
        ("zh-Latn", None),
        ("zh-Latn-CN", None),
    ],
)
def test_tags_map_to_our_languages(tag, expected):
    assert match_tag(tag) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-FR, en;q=0.8, zh-TW;q=0.9", "zh-Hant"),
        ("en;q=0.5, zh-CN;q=0.6", "zh-Hans"),
        ("zh-HK;q=0, en;q=0.1", "en"),
        ("fr, de", "en"),
        ("*", "en"),
        ("en;q=abc, zh-TW", "zh-Hant"),
        ("en;q=2, zh-TW", "zh-Hant"),
        (";;;,,,", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_accept_language_honours_q_values_and_ignores_junk(header, expected):
    assert from_accept_language(header, default="en") == expected


def test_equal_q_values_keep_header_order():
    assert from_accept_language("zh-TW, en", default="zh-Hans") == "zh-Hant"
    assert from_accept_language("en, zh-TW", default="zh-Hans") == "en"


def test_lang_parameter_wins_over_header():
    assert negotiate("en", "zh-TW", "zh-Hans") == "en"
    assert negotiate("ALL", "zh-TW", "zh-Hans") == "all"
    assert negotiate("zh-tw", None, "en") == "zh-Hant"


@pytest.mark.parametrize("bad", ["fr", "", "*", "zh-Hans;q=1", "x" * 500, " en", "zh-Latn"])
def test_unknown_lang_parameter_is_rejected_by_name(bad):
    with pytest.raises(InvalidParameter) as raised:
        negotiate(bad, None, "en")
    assert raised.value.extensions["invalid-params"][0]["name"] == "lang"
    assert "zh-Hans, zh-Hant, en, all" in raised.value.detail


def test_localize_reports_each_fallback_with_its_path():
    doc = {
        "title": {"zh-Hans": "标题", "en": "Title"},
        "sections": [{"heading": {"en": "Only English"}, "n": 1}],
        "plain": {"code": "x"},
    }
    localized, fallbacks = localize(doc, "zh-Hant")
    assert localized == {
        "title": "标题",
        "sections": [{"heading": "Only English", "n": 1}],
        "plain": {"code": "x"},
    }
    assert fallbacks == {"title": "zh-Hans", "sections[0].heading": "en"}


def test_english_falls_back_to_simplified_before_traditional():
    localized, fallbacks = localize({"t": {"zh-Hant": "繁", "zh-Hans": "简"}}, "en")
    assert localized == {"t": "简"}
    assert fallbacks == {"t": "zh-Hans"}
