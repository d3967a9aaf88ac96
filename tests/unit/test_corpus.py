"""The editors' corpus: every release drafts as committed, every planted damage is repaired
(or known to be left), nothing else is changed, and no Chinese character changes silently."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml

from coop import decode
from coop.release import split_parts
from tests.corpus import CASES, LINE, broken_traps, measure, planted, reviews, run

IDS = [case.stem for case in CASES]
ENCODINGS = (
    "UTF-16 (with a byte-order mark)",
    "UTF-16BE (detected)",
    "UTF-32 (with a byte-order mark)",
    "UTF-32LE (detected)",
    "UTF-8 with a byte-order mark",
    "Big5 (detected)",
    "GB18030 (detected)",
)
DRAFTS = {case.stem: run(case) for case in CASES}
HAN = re.compile(r"[\u3400-\u9fff]")
MARKER = re.compile(r"(?:^|(?<=[。！？.]))[一二三四五六七八九十]是", re.MULTILINE)


def test_the_corpus_covers_both_scripts_both_orders_and_every_encoding():
    assert len(CASES) >= 12
    reports = "".join(d.report for d in DRAFTS.values())
    for encoding in ENCODINGS:
        assert f"read as {encoding}" in reports
    drafts = [yaml.safe_load(d.draft) for d in DRAFTS.values()]
    assert {script for d in drafts for script in d["summary"]} == {"zh-Hans", "zh-Hant", "en"}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_release_drafts_as_committed(case: Path):
    drafted = DRAFTS[case.stem]
    assert drafted.code == 0, drafted.report
    assert drafted.draft == case.with_suffix(".yaml").read_text(encoding="utf-8")
    assert drafted.report == case.with_suffix(".report").read_text(encoding="utf-8")


def test_every_planted_damage_is_repaired_and_nothing_else():
    tally = measure(DRAFTS)
    assert tally.false_lines == []
    known = [f"{name}: {entry}" for name, entries in planted().items() for entry in entries
             if entry[3:] == ["missed"]]  # fmt: skip
    assert tally.missed == known  # a fix for a known miss must update damage.yaml


def test_correct_text_that_looks_damaged_is_left_alone():
    assert broken_traps(DRAFTS) == []


def test_the_review_list_stays_short():
    counts = {name: reviews(d.report) for name, d in DRAFTS.items()}
    assert sum(counts.values()) == 5
    assert max(counts.values()) <= 2


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_no_chinese_character_changes_without_a_line_on_the_report(case: Path):
    chinese = "\n".join(split_parts(decode.read(case)[0], []).get("zh", []))
    given = "".join(HAN.findall(MARKER.sub("", chinese)))  # 一是, 二是 become sections
    draft = yaml.safe_load(DRAFTS[case.stem].draft)
    drafted = "".join(HAN.findall("".join(_given_texts(draft))))
    reported = [m.groups() for m in map(LINE.match, DRAFTS[case.stem].report.splitlines()) if m]
    changes = {(b, a) for _, _, rule, before, after in reported if rule == "script"
               for b, a in zip(before, after, strict=True) if b != a}  # fmt: skip
    matcher = difflib.SequenceMatcher(None, given, drafted, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        assert op != "delete", given[i1:i2]  # an insertion is a stand-in title, from the lead
        if op == "replace":
            assert set(zip(given[i1:i2], drafted[j1:j2], strict=True)) <= changes


def _given_texts(value: object, chinese: bool = False) -> list[str]:
    """The draft's Chinese texts in their order."""
    if isinstance(value, dict):
        return [
            text
            for key, item in value.items()
            for text in _given_texts(item, key in ("zh-Hans", "zh-Hant"))
        ]
    if isinstance(value, list):
        return [t for item in value for t in _given_texts(item)]
    return [value] if isinstance(value, str) and chinese else []
