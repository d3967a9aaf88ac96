"""`coop import-release`: turn a pasted bilingual press release into a draft announcement.

The release is split into its Chinese and English parts (either may come first, or be
missing). In each part the first line is the title when it reads like one (short, no final
punctuation); the text up to the first numbered initiative is the lead; each initiative
(一是/二是/… or First,/Second,/…) becomes a section whose heading is its first sentence.
Sections are paired by position, with a warning where the counts differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from coop.scripts import dominant_script

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
# Kana, Hangul, Cyrillic, Greek, Arabic, Hebrew, Thai: a line in a third language.
OTHER_SCRIPT = re.compile(
    r"[\u3041-\u3096\u30a1-\u30fa\uac00-\ud7af\u0400-\u04ff\u0370-\u03ff\u0590-\u06ff\u0e00-\u0e7f]"
)
# English characters per Chinese character in a translation: about 4 in the seed.
RATIO = (1.5, 9.0)
# Initiatives are numbered 一是 .. 九十九是 and First, .. Ninety-ninth,; a number out of
# sequence is warned of.
ZH_DIGITS = "一二三四五六七八九"
_FIRSTS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth")
_TEENS = ("Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth",
          "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth")  # fmt: skip
_TENS = ("Twent", "Thirt", "Fort", "Fift", "Sixt", "Sevent", "Eight", "Ninet")


def _zh_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (
        (ZH_DIGITS[tens - 1] if tens > 1 else "")
        + ("十" if tens else "")
        + (ZH_DIGITS[ones - 1] if ones else "")
    )


def _en_ordinal(n: int) -> str:
    if n < 10:
        return _FIRSTS[n - 1]
    if n < 20:
        return _TEENS[n - 10]
    tens, ones = divmod(n, 10)
    stem = _TENS[tens - 2]
    return f"{stem}ieth" if not ones else f"{stem}y-{_FIRSTS[ones - 1].lower()}"


ZH_NUMBERS = tuple(_zh_number(n) for n in range(1, 100))
EN_ORDINALS = tuple(_en_ordinal(n) for n in range(1, 100))
_ZH_ALTERNATIVES = "|".join(sorted(ZH_NUMBERS, key=len, reverse=True))
ZH_MARKER = re.compile(rf"(?:^|(?<=[。！？]))({_ZH_ALTERNATIVES})是", re.MULTILINE)
# An ordinal may itself carry a lost ligature ("F i rst"); repair joins it later.
_ORDINALS = "|".join(re.sub("([Ff])([il])", r"\1 ?\2 ?", word) for word in EN_ORDINALS)
EN_MARKER = re.compile(rf"(?:^|(?<=[.!?] )|(?<=[a-z][.!?]))({_ORDINALS})(?:ly)?, ", re.MULTILINE)
# Where one line holds both languages: a Chinese sentence end, then English; or an English
# sentence end (and its quote), then Chinese.
BOUNDARY = re.compile(
    r"(?<=[。！？])\s*(?=[A-Z])|(?:(?<=[.!?][”\"])|(?<=[.!?]))\s*(?=[\u3400-\u9fff])"
)
TITLE_MAX = {"zh": 40, "en": 140}


@dataclass
class Part:
    lang: str
    title: str | None = None
    lead: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)


def language(line: str) -> str | None:
    """zh for a line mostly in Chinese characters, or ending as a Chinese sentence does; en
    for one with Latin letters; None for neither (numbers, rules, kana, Hangul, Cyrillic)."""
    chinese, latin = len(CJK.findall(line)), len(LATIN.findall(line))
    if len(OTHER_SCRIPT.findall(line)) * 2 > chinese + latin or not (chinese or latin):
        return None
    ends_in_chinese = line.rstrip("”’」』）)").endswith(("。", "！", "？"))
    return "zh" if chinese and (chinese >= latin / 4 or ends_in_chinese) else "en"


def split_parts(text: str, warnings: list[str]) -> dict[str, list[str]]:
    """Lines by language, in order; a language that comes back after the other is warned of,
    and so is a line in neither, which is left out."""
    parts: dict[str, list[str]] = {}
    previous = None
    for number, line in enumerate(text.splitlines(), 1):
        pieces = [piece.strip() for piece in BOUNDARY.split(line)]
        if len(pieces) > 1 and len({language(piece) for piece in pieces}) > 1:
            warnings.append(f"line {number} holds both languages; split where the language changes")
        for piece in filter(None, pieces):
            lang = language(piece)
            if lang is None:
                warnings.append(f"line {number} is in neither language, left out: {piece[:40]!r}")
                continue
            if lang in parts and previous != lang:
                warnings.append(f"the {lang} text is interrupted by the other language; joined")
            parts.setdefault(lang, []).append(piece)
            previous = lang
    return parts


def _compare_parts(parts: dict[str, list[str]], warnings: list[str]) -> None:
    """A part missing, or parts of very different length: the editor may have pasted half."""
    for lang, name in (("zh", "Chinese"), ("en", "English")):
        if parts and lang not in parts:
            warnings.append(f"the release has no {name} text; the draft has one language only")
    if len(parts) < 2:
        return
    chinese = sum(len(CJK.findall(line)) for line in parts["zh"])
    english = sum(len(line) for line in parts["en"])
    ratio = english / max(chinese, 1)
    if not RATIO[0] <= ratio <= RATIO[1]:
        warnings.append(
            f"the parts differ in length: {english} English characters for {chinese} Chinese "
            f"({ratio:.1f} to 1, where {RATIO[0]}–{RATIO[1]} is usual); was part of one pasted?"
        )


def _is_title(lang: str, lines: list[str]) -> bool:
    first = lines[0]
    return len(lines) > 1 and len(first) <= TITLE_MAX[lang] and first[-1] not in "。.!?！？"


# An English sentence ends at . ! ? followed by a capital or quote (or the end), unless the
# word before is an abbreviation or an initial: "U.S. delegation", "approx. 3.5 bn" go on.
# A lost space does not hide an end after a lowercase word: "the Fair.In 2026".
EN_END = re.compile(r"[.!?](?=\s+[A-Z“\"(]|$)|(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")
ABBREVIATIONS = {
    "approx",
    "etc",
    "mr",
    "ms",
    "mrs",
    "dr",
    "no",
    "st",
    "vs",
    "e.g",
    "i.e",
    "inc",
    "co",
}


def _sentence_end(lang: str, text: str) -> re.Match[str] | None:
    if lang == "zh":
        return re.search(r"。|！|？", text)
    for end in EN_END.finditer(text):
        word = text[: end.start()].rsplit(None, 1)[-1].lstrip('(“"') if end.start() else ""
        initial = len(word) >= 1 and word[-1].isupper() and (len(word) == 1 or word[-2] == ".")
        if word.lower() not in ABBREVIATIONS and not initial:
            return end
    return None


def _first_sentence(lang: str, text: str) -> tuple[str, str]:
    end = _sentence_end(lang, text)
    if end is None:
        return text.rstrip(), ""
    return text[: end.start()].strip(), text[end.end() :].strip()


def parse_part(lang: str, lines: list[str], warnings: list[str]) -> Part:
    part = Part(lang)
    if _is_title(lang, lines):
        part.title, lines = lines[0], lines[1:]
    text = "\n".join(lines)
    marker = ZH_MARKER if lang == "zh" else EN_MARKER
    found = list(marker.finditer(text))
    part.lead = _join(lang, text[: found[0].start()] if found else text)
    expected = ZH_NUMBERS if lang == "zh" else EN_ORDINALS
    for index, match in enumerate(found):
        if index >= len(expected) or match.group(1).replace(" ", "") != expected[index]:
            warnings.append(f"{lang}: initiative {index + 1} is numbered {match.group(1)!r}")
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        heading, body = _first_sentence(lang, _join(lang, text[match.end() : end]))
        if lang == "en":
            heading = heading[:1].upper() + heading[1:]
        if not body:
            warnings.append(f"{lang}: initiative {index + 1} is one sentence; its body is empty")
        part.sections.append((heading, body))
    return part


def _join(lang: str, text: str) -> str:
    """Lines of one paragraph run together: without a space in Chinese, with one in English."""
    return ("" if lang == "zh" else " ").join(line.strip() for line in text.splitlines()).strip()


def _slug(text: str, limit: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "announcement"


def _sentence(text: str) -> str:
    """Lead and bodies end with a full stop, as the English lead of the seed did not."""
    return text if not text or text[-1] in ".!?。！？”\"')" else text + "."


def _added_stops(parts: dict[str, Part]) -> list[str]:
    texts = [("lead", p.lead) for p in parts.values() if p.lang == "en"]
    texts += [
        (f"initiative {n} body", body)
        for p in parts.values() if p.lang == "en"
        for n, (_, body) in enumerate(p.sections, 1)
    ]  # fmt: skip
    return [
        f"en {name}: added the missing full stop"
        for name, text in texts
        if text and _sentence(text) != text
    ]


def _localized(values: dict[str, str], script: str, sentences: bool = True) -> dict[str, str]:
    """Chinese goes under the release's script; repair derives the other."""
    texts = {}
    for lang, value in values.items():
        if value and lang == "zh":
            texts[script] = value
        elif value:
            texts["en"] = _sentence(value) if sentences else value
    return texts


def _titles(parts: dict[str, Part], warnings: list[str]) -> dict[str, str]:
    titles = {lang: part.title for lang, part in parts.items() if part.title}
    if not titles:
        warnings.append("no title found; the lead's first sentence stands in: edit it")
        titles = {lang: _first_sentence(lang, part.lead)[0] for lang, part in parts.items()}
        for lang, title in titles.items():
            if len(title) > TITLE_MAX[lang]:
                warnings.append(
                    f"{lang}: the stand-in title is {len(title)} characters; shorten it"
                )
    elif len(titles) < len(parts):
        warnings.append(f"only the {', '.join(titles)} text has a title; translate it")
    return {lang: title for lang, title in titles.items() if title}


def _sections(parts: dict[str, Part], script: str, warnings: list[str]) -> list[dict[str, Any]]:
    """Initiatives paired by position, with a warning where the counts differ."""
    counts = {lang: len(part.sections) for lang, part in parts.items()}
    if len(set(counts.values())) > 1:
        warnings.append(f"initiative counts differ: {counts}; unmatched sections have one language")
    sections = []
    for index in range(max(counts.values(), default=0)):
        present = {lang: p.sections[index] for lang, p in parts.items() if index < len(p.sections)}
        heading = {lang: h for lang, (h, _) in present.items()}
        body = {lang: b for lang, (_, b) in present.items()}
        sections.append(
            {
                "id": f"initiative-{index + 1}",
                "heading": _localized(heading, script, False),
                "body": _localized(body, script) or None,
            }
        )
    return sections


def draft(text: str, source: str, item_id: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """The draft record (before repair and validation) and the warnings for the editor.

    All of the release's Chinese goes under one script, the one most of it is written in:
    a short heading alone (加深相互了解) cannot tell.
    """
    warnings: list[str] = []
    lines_by_lang = split_parts(text, warnings)
    _compare_parts(lines_by_lang, warnings)
    script = dominant_script("".join(lines_by_lang.get("zh", [])))
    parts = {lang: parse_part(lang, lines, warnings) for lang, lines in lines_by_lang.items()}
    warnings += _added_stops(parts)
    sections = _sections(parts, script, warnings)
    titles = _titles(parts, warnings)
    record = {
        "id": item_id or _slug(titles.get("en", "")),
        "title": _localized(titles, script, False),
        "summary": _localized({lang: part.lead for lang, part in parts.items()}, script),
        "sections": sections,
        "source": source,
    }
    return record, warnings
