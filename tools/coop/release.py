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

from coop.repair import dominant_script

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
ZH_NUMBERS = "一二三四五六七八九十"
EN_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")
ZH_MARKER = re.compile(rf"(?:^|(?<=[。！？]))([{ZH_NUMBERS}])是", re.MULTILINE)
# An ordinal may itself carry a lost ligature ("F i rst"); repair joins it later.
_ORDINALS = "|".join(re.sub("([Ff])([il])", r"\1 ?\2 ?", word) for word in EN_ORDINALS)
EN_MARKER = re.compile(rf"(?:^|(?<=[.!?] ))({_ORDINALS})(?:ly)?, ", re.MULTILINE)
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


def language(line: str) -> str:
    """zh for a line mostly in Chinese characters, or ending as a Chinese sentence does."""
    chinese, latin = len(CJK.findall(line)), len(LATIN.findall(line))
    ends_in_chinese = line.rstrip("”’」』）)").endswith(("。", "！", "？"))
    return "zh" if chinese and (chinese >= latin / 4 or ends_in_chinese) else "en"


def split_parts(text: str, warnings: list[str]) -> dict[str, list[str]]:
    """Lines by language, in order; a language that comes back after the other is warned of."""
    parts: dict[str, list[str]] = {}
    previous = None
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        pieces = [piece.strip() for piece in BOUNDARY.split(line)]
        if len(pieces) > 1 and len({language(piece) for piece in pieces}) > 1:
            warnings.append(f"line {number} holds both languages; split where the language changes")
        lines += pieces
    for line in lines:
        if not line:
            continue
        lang = language(line)
        if lang in parts and previous != lang:
            warnings.append(f"the {lang} text is interrupted by the other language; joined")
        parts.setdefault(lang, []).append(line)
        previous = lang
    return parts


def _is_title(lang: str, lines: list[str]) -> bool:
    first = lines[0]
    return len(lines) > 1 and len(first) <= TITLE_MAX[lang] and first[-1] not in "。.!?！？"


# An English sentence ends at . ! ? followed by a capital or quote (or the end), unless the
# word before is an abbreviation or an initial: "U.S. delegation", "approx. 3.5 bn" go on.
EN_END = re.compile(r"[.!?](?=\s+[A-Z“\"(]|$)")
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
        if match.group(1).replace(" ", "") != expected[index]:
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


def _localized(values: dict[str, str], sentences: bool = True) -> dict[str, str]:
    """Chinese goes under the script it is mostly written in; repair derives the other."""
    texts = {}
    for lang, value in values.items():
        if value and lang == "zh":
            texts[dominant_script(value)] = value
        elif value:
            texts["en"] = _sentence(value) if sentences else value
    return texts


def draft(text: str, source: str, item_id: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """The draft record (before repair and validation) and the warnings for the editor."""
    warnings: list[str] = []
    parts = {
        lang: parse_part(lang, lines, warnings)
        for lang, lines in split_parts(text, warnings).items()
    }
    warnings += _added_stops(parts)
    counts = {lang: len(part.sections) for lang, part in parts.items()}
    if len(set(counts.values())) > 1:
        warnings.append(f"initiative counts differ: {counts}; unmatched sections have one language")
    titles = {lang: part.title for lang, part in parts.items() if part.title}
    if not titles:
        warnings.append("no title found; the lead's first sentence stands in: edit it")
        titles = {lang: _first_sentence(lang, part.lead)[0] for lang, part in parts.items()}
    elif len(titles) < len(parts):
        warnings.append(f"only the {', '.join(titles)} text has a title; translate it")
    sections = []
    for index in range(max(counts.values(), default=0)):
        present = {lang: p.sections[index] for lang, p in parts.items() if index < len(p.sections)}
        sections.append(
            {
                "id": f"initiative-{index + 1}",
                "heading": _localized({lang: h for lang, (h, _) in present.items()}, False),
                "body": _localized({lang: b for lang, (_, b) in present.items()}) or None,
            }
        )
    record = {
        "id": item_id or _slug(titles.get("en", "") or ""),
        "title": _localized({lang: title for lang, title in titles.items() if title}, False),
        "summary": _localized({lang: part.lead for lang, part in parts.items()}),
        "sections": sections,
        "source": source,
    }
    return record, warnings
