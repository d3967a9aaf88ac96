"""`coop import-release`: splitting, titles, initiatives, warnings, and the seed's equivalence."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from coop import cli, content, release, repair, scripts
from coop.models import Announcement
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
            assert scripts.to_hant(value) == value, f"Simplified left in {path}"
        if path.endswith("zh-Hans"):
            assert scripts.to_hans(value) == value, f"Traditional left in {path}"


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


def test_a_release_pasted_three_times_warns_of_its_numbering(tmp_path, capsys):
    """Nine initiatives numbered 一二三一二三一二三 and First..Third three times."""
    seed = SEED.read_text(encoding="utf-8")
    pasted = tmp_path / "thrice.txt"
    pasted.write_text("\n".join([seed] * 3), encoding="utf-8")
    out = tmp_path / "draft.yaml"
    assert cli.main(["import-release", str(pasted), "--id", "x", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    for n, (zh, en) in enumerate(
        zip("一二三一二三", ["First", "Second", "Third"] * 2, strict=True), 4
    ):
        assert f"warning: zh: initiative {n} is numbered '{zh}'\n" in err
        assert f"warning: en: initiative {n} is numbered '{en}'\n" in err
    assert "initiative 3 is numbered" not in err and "Traceback" not in err
    sections = yaml.safe_load(out.read_text(encoding="utf-8"))["sections"]
    assert [s["id"] for s in sections] == [f"initiative-{n}" for n in range(1, 10)]


def test_initiatives_past_ten_are_sections_in_both_languages():
    zh = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    en = "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth"
    text = "标题\n导语。" + "".join(f"{n}是事项{i}。说明{i}。" for i, n in enumerate(zh, 1))
    text += "\nThe title\nThe lead. " + " ".join(
        f"{word}, item {i}. Detail {i}." for i, word in enumerate(en.split(), 1)
    )
    draft, warnings = imported(text, "x")
    assert not [w for w in warnings if "numbered" in w or "counts differ" in w]
    assert len(draft["sections"]) == 12
    assert draft["sections"][11]["heading"] == {
        "zh-Hans": "事项12", "zh-Hant": "事項12", "en": "Item 12"
    }  # fmt: skip


def test_a_twenty_first_initiative_is_warned_of():
    text = "标题\n导语。" + "".join(f"一是事项{i}。说明。" for i in range(21))
    _, warnings = imported(text, "x")
    assert "zh: initiative 21 is numbered '一'" in warnings


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


@pytest.mark.parametrize(
    ("text", "message"),
    [("", ": is empty\n"), ("   \n\n", ": holds only white space\n"), ("一是", "no draft written")],
)
def test_unusable_releases_fail_cleanly(tmp_path, capsys, text, message):
    path = tmp_path / "release.txt"
    path.write_text(text)
    assert cli.main(["import-release", str(path)]) == 1
    assert message in capsys.readouterr().err


def test_abbreviations_do_not_end_a_heading():
    text = (
        "Title of the release\nThe lead.\n"
        "First, a U.S. delegation (approx. 30 people) visits. It meets."
    )
    draft, _ = imported(text, "x")
    assert draft["sections"][0]["heading"]["en"] == "A U.S. delegation (approx. 30 people) visits"


ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be", "gb18030"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_release_in_another_encoding_gives_the_same_draft(tmp_path, capsys, encoding):
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_text(encoding="utf-8").encode(encoding))
    assert cli.main(["import-release", str(path), "--id", ANN_ID]) == 0
    draft, err = capsys.readouterr()
    assert cli.main(["import-release", str(SEED), "--id", ANN_ID]) == 0
    assert draft == capsys.readouterr().out
    assert f"note: {path} read as " in err


def test_a_big5_release_is_read_as_big5(tmp_path, capsys):
    path = tmp_path / "release.txt"
    path.write_bytes("重慶與加州簽署合作備忘錄\n雙方同意加強聯繫。\n".encode("big5"))
    assert cli.main(["import-release", str(path), "--id", "x"]) == 0
    out, err = capsys.readouterr()
    assert f"note: {path} read as Big5 (detected)" in err
    assert "zh-Hant: 重慶與加州簽署合作備忘錄" in out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "is not text in any of UTF-8, UTF-16"),
        (b"\x00\x01\x02\x03" * 64, "is not text in any of"),
        (b"\xff\xfe\x00\xd8", "is not valid UTF-16"),
    ],
)
def test_an_unreadable_release_is_one_line_and_no_draft(tmp_path, capsys, data, message):
    path, out = tmp_path / "release.txt", tmp_path / "draft.yaml"
    path.write_bytes(data)
    assert cli.main(["import-release", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, capsys):
    path = tmp_path / "release.txt"
    with path.open("wb") as handle:
        handle.truncate(3_000_000)
    assert cli.main(["import-release", str(path)]) == 1
    assert "is 3,000,000 bytes; a release is text of at most 2,000,000" in capsys.readouterr().err


def test_a_missing_file_is_one_line(tmp_path, capsys):
    assert cli.main(["import-release", str(tmp_path / "nope.txt")]) == 1
    assert (
        capsys.readouterr().err
        == f"cannot read {tmp_path / 'nope.txt'}: No such file or directory\n"
    )


def test_sentences_split_where_a_space_was_lost_and_a_title_is_one_sentence():
    text = (
        "The week opened on Friday with fruit flown in through the bonded port.In three days "
        "it drew 20,000 visitors. Organisers expect more next year."
    )
    draft, warnings = imported(text, "x")
    assert draft["title"]["en"] == (
        "The week opened on Friday with fruit flown in through the bonded port"
    )
    assert "no title found; the lead's first sentence stands in: edit it" in warnings


def test_parts_of_very_different_length_are_warned_of():
    english = " ".join(["The two cities will exchange students every year for three weeks."] * 8)
    _, warnings = imported(f"两市互派学生。\n{english}", "x")
    assert any(w.startswith("the parts differ in length: ") for w in warnings)
    _, warnings = imported(SEED.read_text(), "x")
    assert not any(w.startswith("the parts differ in length") for w in warnings)


def test_a_missing_part_and_a_line_in_neither_language_are_warned_of():
    _, warnings = imported("Port Visit\n2026-04-08\nA delegation visited the port.\n* * *", "x")
    assert "line 2 is in neither language, left out: '2026-04-08'" in warnings
    assert "line 4 is in neither language, left out: '* * *'" in warnings
    assert "the release has no Chinese text; the draft has one language only" in warnings
    _, warnings = imported("重庆与加州\n合作继续。\n충칭과 캘리포니아", "x")
    assert "line 3 is in neither language, left out: '충칭과 캘리포니아'" in warnings


def test_a_release_in_traditional_keeps_all_its_chinese_in_traditional():
    record, _ = release.draft("重慶與灣區企業合作\n雙方交流。一是加深相互了解。參觀數據中心。", "x")
    assert record["sections"][0]["heading"] == {"zh-Hant": "加深相互了解"}  # no 瞭解


def test_the_draft_keeps_the_script_the_release_is_written_in(tmp_path, capsys):
    assert cli.main(["import-release", str(SEED), "--id", ANN_ID]) == 0
    draft = capsys.readouterr().out
    assert "zh-Hant: 繼與美國加州首府" in draft and "zh-Hans:" not in draft


def test_the_source_file_name_is_kept_as_it_is(tmp_path, capsys):
    path = tmp_path / "Mayor.Meets,Delegation.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["import-release", str(path), "--id", "x"]) == 0
    assert "source: sources/Mayor.Meets,Delegation.txt" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("glossary", "message"),
    [
        ("[unclosed", "cannot be read"),
        ("头发: 頭\n", "'頭' must be Chinese characters, one for each of the phrase's"),
        (None, "is not a folder"),
    ],
)
def test_an_unusable_glossary_writes_no_draft(tmp_path, capsys, glossary, message):
    folder = tmp_path / "content"
    if glossary is not None:
        folder.mkdir()
        (folder / "scripts.yaml").write_text(glossary, encoding="utf-8")
    argv = ["import-release", str(SEED), "--content", str(folder), "-o", str(tmp_path / "d.yaml")]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and "no draft written: the glossary cannot be used" in err
    assert not (tmp_path / "d.yaml").exists()


def test_initiatives_past_twenty_are_sections_too():
    zh = "".join(f"{release.ZH_NUMBERS[n]}是第{n + 1}项。内容。" for n in range(23))
    en = " ".join(f"{release.EN_ORDINALS[n]}, item {n + 1}. Body." for n in range(23))
    record, warnings = release.draft(f"标题\n导语。{zh}\nTitle\nLead. {en}", "x")
    assert len(record["sections"]) == 23 and not any("numbered" in w for w in warnings)
    assert record["sections"][22]["heading"] == {"zh-Hans": "第23项", "en": "Item 23"}
    assert release.ZH_NUMBERS[20] == "二十一" and release.EN_ORDINALS[20] == "Twenty-first"
