"""Repair of whole records: every string, every localized text, and the kind of each finding."""

from __future__ import annotations

from coop.repair import clean, repair


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


def test_clean_keeps_the_given_script_only():
    record = {"title": {"zh-Hant": "繼與美國加州,後", "en": "Honor.Hu"}}
    given, repairs = clean(record)
    assert given == {"title": {"zh-Hant": "繼與美國加州，後", "en": "Honor. Hu"}}
    assert [r.rule for r in repairs] == ["punctuation", "spacing"]


def test_each_finding_has_a_kind():
    _, repairs = repair(
        {
            "a": {"zh-Hans": "市长胡衡华会见"},  # a note: the name is converted on its own
            "b": {"zh-Hans": "会上发布"},  # a review: 布 takes another form, and MediaWiki 發布
            "c": {"zh-Hans": "经贸,合作"},  # damage
        }
    )
    assert {(r.path, r.kind) for r in repairs} == {
        ("a.zh-Hant", "note"),
        ("b.zh-Hant", "review"),
        ("c.zh-Hans", "damage"),
    }


def test_non_text_values_pass_through():
    record = {"id": "x", "order": 3, "tags": ["a", None], "when": None}
    assert repair(record) == (record, [])
