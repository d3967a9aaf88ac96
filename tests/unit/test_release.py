"""`coop import-release`: splitting, titles, initiatives, warnings, and the seed's equivalence."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models import Announcement
from coop import cli, content, release, repair
from tests.conftest import CONTENT

SEED = CONTENT / "sources" / "000_f28b89d4c8f76528.txt"
ANN_ID = "chongqing-expands-cooperation-with-california"

# Where the editors changed the importer's draft of the seed, and why (docs/content.md).
EDITED = {
    "title.en": "'areas' capitalised like the rest of the title",
    "summary.en": "follows the fuller Chinese lead (capital, Cooperation, expanded, achieved)",
    "sections[0].body.en": "follows the fuller Chinese (several ministers, successfully invited)",
    "sections[1].body.en": "follows the fuller Chinese (infrastructure, transport, invest)",
    "sections[2].heading.en": "the English initiative is one sentence: split into heading and body",
}


def imported(text: str, item_id: str | None = None) -> tuple[dict[str, Any], list[str]]:
    record, warnings = release.draft(text, "sources/x.txt", item_id)
    fixed, _ = repair.repair(record)
    return Announcement.model_validate(fixed).model_dump(mode="json", exclude_none=True), warnings


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return {
            k: v
            for key, item in value.items()
            for k, v in leaves(item, f"{path}.{key}" if path else key).items()
        }
    if isinstance(value, list):
        return {
            k: v for i, item in enumerate(value) for k, v in leaves(item, f"{path}[{i}]").items()
        }
    return {path: value}


def test_seed_import_is_equivalent_to_the_published_announcement():
    draft, _ = imported(SEED.read_text(), ANN_ID)
    draft["source"] = "sources/000_f28b89d4c8f76528.txt"
    published = leaves(content.read(CONTENT).records["announcement"][0].model_dump(mode="json"))
    for path, value in leaves(draft).items():
        if path in EDITED:
            assert published[path] != value, f"{path} is listed as edited but is not"
        else:
            assert published[path] == value, path
    # What editors added on top of the draft: a Chinese title, the English body of the
    # third initiative, and the structured facts.
    added = {p.split(".")[0].split("[")[0] for p in published.keys() - leaves(draft).keys()}
    assert added <= {
        "title", "sections", "publisher", "published_at", "fair", "agreement", "delegation",
        "investment_briefing", "investment_interests", "festival",
    }  # fmt: skip


def test_seed_import_finds_title_lead_and_three_initiatives():
    draft, warnings = imported(SEED.read_text())
    assert draft["id"] == "chongqing-expands-cooperation-areas-with-the-state-of"
    assert draft["title"] == {
        "en": "Chongqing Expands Cooperation areas with the State of California, United States"
    }
    assert draft["summary"]["zh-Hans"].startswith("继与美国加州首府萨克拉门托市")
    assert draft["summary"]["en"].endswith("on the occasion of the 17th CCISF.")
    assert [s["heading"]["zh-Hans"] for s in draft["sections"]] == [
        "加州组团来渝考察",
        "推动双向投资合作",
        "渝洽会专门设立“加州节”",
    ]
    assert (
        draft["sections"][1]["heading"]["en"] == "Bilateral investment cooperation will be boosted"
    )
    assert "only the en text has a title; translate it" in warnings
    assert "en: initiative 3 is one sentence; its body is empty" in warnings


def test_seed_import_is_clean_in_all_three_languages():
    draft, _ = imported(SEED.read_text())
    texts = [v for p, v in leaves(draft).items() if isinstance(v, str) and p != "source"]
    joined = "\n".join(texts)
    for damage in ("(jīng)", "(mào)", "off i cials", "brief i ngs", "specif i cally", ",市"):
        assert damage not in joined
    for path, value in leaves(draft).items():
        if path.endswith("zh-Hant"):
            assert repair.to_hant(value) == value, f"Simplified left in {path}"
        if path.endswith("zh-Hans"):
            assert repair.to_hans(value) == value, f"Traditional left in {path}"


def test_english_first_release():
    zh, en = SEED.read_text().splitlines()[:2], SEED.read_text().splitlines()[2:]
    english_first, _ = imported("\n".join(en + zh), ANN_ID)
    chinese_first, _ = imported(SEED.read_text(), ANN_ID)
    assert english_first == chinese_first


@pytest.mark.parametrize("keep", ["zh", "en"])
def test_single_language_release(keep):
    lines = SEED.read_text().splitlines()
    text = "\n".join(lines[:2] if keep == "zh" else lines[2:])
    draft, warnings = imported(text, "x")
    assert len(draft["sections"]) == 3
    langs = {"zh-Hans", "zh-Hant"} if keep == "zh" else {"en"}
    assert set(draft["summary"]) == langs
    if keep == "zh":
        assert "no title found; the lead's first sentence stands in: edit it" in warnings


def test_mismatched_initiative_counts_warn_and_keep_every_section():
    text = (
        "重庆与加州合作\n继续合作。一是组团考察。代表团来渝。二是推动投资。举办推介会。\n"
        "Chongqing and California\nCooperation goes on. First, a delegation visits. It comes."
    )
    draft, warnings = imported(text, "x")
    assert any("initiative counts differ" in w for w in warnings)
    assert [set(s["heading"]) for s in draft["sections"]] == [
        {"zh-Hans", "zh-Hant", "en"},
        {"zh-Hans", "zh-Hant"},
    ]


def test_out_of_order_numbering_warns():
    _, warnings = imported("标题\n导语。一是甲。乙。三是丙。丁。", "x")
    assert "zh: initiative 2 is numbered '三'" in warnings


def test_cli_writes_the_draft_and_reports_repairs(tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    assert cli.main(["import-release", str(SEED), "-o", str(out), "--id", ANN_ID]) == 0
    err = capsys.readouterr().err
    where = f"repaired {SEED}: record '{ANN_ID}': field"
    assert f"{where} 'summary.zh-Hant': pinyin: '經(jīng)貿' -> '經貿'" in err
    assert f"{where} 'summary.zh-Hant': punctuation: '后,市' -> '后，市'" in err
    assert f"{where} 'sections[0].body.en': ligature: ' off i cials,' -> ' officials,'" in err
    assert f"{where} 'summary.zh-Hant': script: '" in err
    assert "warning: en lead: added the missing full stop" in err
    assert out.read_text().startswith(f"id: {ANN_ID}\n")


def test_cli_does_not_overwrite_a_draft_without_force(tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    out.write_text("an editor's work\n")
    assert cli.main(["import-release", str(SEED), "-o", str(out)]) == 1
    assert f"{out} exists; --force replaces it" in capsys.readouterr().err
    assert out.read_text() == "an editor's work\n"
    assert cli.main(["import-release", str(SEED), "-o", str(out), "--force"]) == 0
    assert out.read_text().startswith("id: ")


def test_a_damaged_ordinal_still_starts_an_initiative():
    damaged = SEED.read_text(encoding="utf-8").replace("First, a", "F i rst, a")
    record, warnings = release.draft(damaged, "x")
    assert record == release.draft(SEED.read_text(encoding="utf-8"), "x")[0]
    assert not any("numbered" in warning for warning in warnings)


def test_a_line_holding_both_languages_is_split_and_warned_of():
    chinese, english = SEED.read_text(encoding="utf-8").split("\nChongqing Expands")
    first, rest = chinese.split("\n", 1)
    joined = f"Chongqing Expands{english.rstrip()}{first}\n{rest}"  # English first, no newline
    record, warnings = release.draft(joined, "x")
    assert record == release.draft(SEED.read_text(encoding="utf-8"), "x")[0]
    assert "line 3 holds both languages; split where the language changes" in warnings


def test_a_chinese_sentence_that_starts_in_english_stays_chinese():
    text = "标题\n重庆与加州签署协议。APEC Business Advisory Council成员出席。一是甲。乙。"
    record, warnings = release.draft(text, "x")
    assert (
        record["summary"]["zh-Hans"]
        == "重庆与加州签署协议。APEC Business Advisory Council成员出席。"
    )
    assert "en" not in record["summary"] and not any("both languages" in w for w in warnings)


def test_cli_strict_refuses_a_damaged_release(tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    assert cli.main(["import-release", str(SEED), "-o", str(out), "--strict"]) == 1
    assert not out.exists()
    assert "damage" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["", "一是", "   \n\n"])
def test_unusable_releases_fail_cleanly(tmp_path, capsys, text):
    path = tmp_path / "release.txt"
    path.write_text(text)
    assert cli.main(["import-release", str(path)]) == 1
    assert "no draft written" in capsys.readouterr().err


def test_abbreviations_do_not_end_a_heading():
    text = (
        "Title of the release\nThe lead.\n"
        "First, a U.S. delegation (approx. 30 people) visits. It meets."
    )
    draft, _ = imported(text, "x")
    assert draft["sections"][0]["heading"]["en"] == "A U.S. delegation (approx. 30 people) visits"
