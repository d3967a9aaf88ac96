"""Text repair for pasted releases: each rule is small, conservative, idempotent and reported.

Rules, in the order they run on every string:

    unicode      NFC, control characters dropped, whitespace collapsed (one newline between
                 paragraphs)
    pinyin       a pinyin gloss after a Chinese character, ``經(jīng)`` -> ``經``; only when the
                 parenthesis holds a reading of that character (pypinyin), so ``(CCISF)``,
                 ``（试行）`` and ``甲(a)`` stay
    ligature     a word split by a lost fi/fl ligature, ``off i cials`` -> ``officials``; only
                 a lone i or l after a piece ending in f, and only when the joined word is a
                 common English word (pyspellchecker), so ``if i am`` and ``a i b`` stay
    punctuation  ASCII , ; : ? ! - between Chinese characters (or their punctuation and
                 quotes) becomes full-width

Then each localized text's Chinese is put in its scripts with OpenCC (``script``): a text
given in one script gets the other, ``zh-Hans = t2s(...)`` and ``zh-Hant = s2t(...)``, and the
given one is normalized to its own script. A text that gives both is the editor's override
and conversion leaves it alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
LANG_KEYS = frozenset({"zh-Hans", "zh-Hant", "en"})
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "-": "－"}
PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"

# Up to four characters, then a lowercase gloss of the last of them: 經(jīng), 經貿(jīngmào),
# and, in Chinese text only, 經 (jing1): English writes "关系 (guanxi)" on purpose. A
# capitalized romanization, 李(Li), is the author's and stays.
_GLOSSED = rf"([{CJK}]{{1,4}})"
_GLOSS_TEXT = rf"[(（]([{PINYIN}][{PINYIN}1-5]{{0,27}})[)）]"
_GLOSS = re.compile(_GLOSSED + _GLOSS_TEXT)
_SPACED_GLOSS = re.compile(_GLOSSED + " ?" + _GLOSS_TEXT)
_SPLIT = re.compile(r"\b([A-Za-z]*[fF]) ([il]) ([a-z]+)\b")
MIN_FREQUENCY = 50  # in pyspellchecker's English counts: skips obscure joins
# Chinese context: a Chinese character, CJK or full-width punctuation, or a curly quote.
_BEFORE = rf"{CJK}\u3000-\u303f\uff00-\uffef”’"
_AFTER = rf"{CJK}\u3000-\u303f\uff00-\uffef“‘"
_PUNCT = re.compile(rf"(?<=[{_BEFORE}])[ \t]*([,;:?!-])[ \t]*(?=[{_AFTER}])")
# ASCII brackets around Chinese next to Chinese, 考察(试行); in Chinese text, double quotes
# around Chinese, 加州"节", taken in pairs from the left so that "a" 中 "b" stays as it is.
_BRACKETS = re.compile(
    rf"(?<=[{CJK}])\(([^()]*[{CJK}][^()]*)\)|\(([^()]*[{CJK}][^()]*)\)(?=[{CJK}])"
)
_QUOTED = re.compile(r'"([^"]*)"')
# Control characters, soft hyphen, zero-width space, word joiner, BOM, and noncharacters (not
# allowed in XML feeds). The zero-width joiner stays: emoji sequences need it.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u200b\u2060\ufeff\ufdd0-\ufdef\ufffe\uffff]"
)


@dataclass(frozen=True)
class Repair:
    rule: str
    path: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}: {self.before!r} -> {self.after!r}"


def excerpt(before: str, after: str, width: int = 12) -> tuple[str, str]:
    """The changed stretch of a text, with a little context on each side."""
    start = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), 0)
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b, end_a = end_b - 1, end_a - 1
    lo = max(0, start - width)
    return before[lo : end_b + width], after[lo : end_a + width]


Edits = list[tuple[str, str]]


def _sub(
    pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], text: str
) -> tuple[str, Edits]:
    """``pattern.sub`` that also returns each (before, after), with a character either side."""
    edits: Edits = []

    def record(match: re.Match[str]) -> str:
        new = replace(match)
        if new != match.group(0):
            lo, hi = max(0, match.start() - 1), match.end() + 1
            edits.append((text[lo:hi], text[lo : match.start()] + new + text[match.end() : hi]))
        return new

    return pattern.sub(record, text), edits


def unicode_rule(text: str) -> tuple[str, Edits]:
    fixed = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    lines = (" ".join(line.split()) for line in fixed.splitlines())
    fixed = "\n".join(line for line in lines if line)
    return fixed, [excerpt(text, fixed)] if fixed != text else []


@cache
def _readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    readings = [
        *pinyin(char, heteronym=True, style=Style.TONE)[0],
        *pinyin(char, heteronym=True, style=Style.TONE3)[0],
        *pinyin(char, heteronym=True, style=Style.NORMAL)[0],
        *pinyin(char, heteronym=True, style=Style.NORMAL, v_to_u=True)[0],
    ]
    return frozenset(r.lower() for r in readings)


def _spells(chars: str, gloss: str) -> bool:
    """Whether ``gloss`` is a reading of ``chars``, one syllable per character."""
    if not chars:
        return not gloss
    return any(
        gloss.startswith(reading) and _spells(chars[1:], gloss[len(reading) :])
        for reading in _readings(chars[0])
    )


def pinyin_rule(text: str) -> tuple[str, Edits]:
    edits: Edits = []

    def drop(match: re.Match[str]) -> str:
        chars, gloss = match.group(1), match.group(2)
        if not any(_spells(chars[-n:], gloss) for n in range(1, len(chars) + 1)):
            return match.group(0)
        at, end = match.end(1), match.end()  # the report shows the gloss and a character around
        edits.append((text[at - 1 : end + 1], text[at - 1] + text[end : end + 1]))
        return chars

    return (_SPACED_GLOSS if _is_chinese(text) else _GLOSS).sub(drop, text), edits


def _is_chinese(text: str) -> bool:
    """More Chinese characters than Latin letters outside brackets: a Chinese text, not
    English quoting one."""
    outside = re.sub(r"[(（][^)）]*[)）]", "", text)
    return len(re.findall(f"[{CJK}]", outside)) > len(re.findall("[A-Za-z]", outside))


@cache
def _words() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="en").word_frequency


def ligature_rule(text: str) -> tuple[str, Edits]:
    def join(match: re.Match[str]) -> str:
        left, middle, right = match.groups()
        words = _words()
        joined = f"{left}{middle}{right}"
        return joined if words[joined.lower()] >= MIN_FREQUENCY else match.group(0)

    return _sub(_SPLIT, join, text)


def punctuation_rule(text: str) -> tuple[str, Edits]:
    def quoted(match: re.Match[str]) -> str:
        inner = match.group(1)
        return f"“{inner}”" if re.search(f"[{CJK}]", inner) else match.group(0)

    text, edits = _sub(_QUOTED, quoted, text) if _is_chinese(text) else (text, [])
    text, more = _sub(_BRACKETS, lambda m: f"（{m.group(1) or m.group(2)}）", text)
    text, most = _sub(_PUNCT, lambda m: FULL_WIDTH[m.group(1)], text)
    return text, edits + more + most


RULES: tuple[tuple[str, Callable[[str], tuple[str, Edits]]], ...] = (
    ("unicode", unicode_rule),
    ("pinyin", pinyin_rule),
    ("ligature", ligature_rule),
    ("punctuation", punctuation_rule),
)


def repair_string(text: str, path: str = "") -> tuple[str, list[Repair]]:
    """The repaired text, and one Repair per change made (with a little context)."""
    repairs = []
    for name, rule in RULES:
        text, edits = rule(text)
        repairs += [Repair(name, path, before, after) for before, after in edits]
    return text, repairs


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_hans(text: str) -> str:
    return str(_converter("t2s").convert(text))


def to_hant(text: str) -> str:
    return str(_converter("s2t").convert(text))


@cache
def _standard_forms(char: str) -> frozenset[str]:
    """The Taiwan and Hong Kong standard forms of a Traditional character: 峯 → 峰, 臺 → 台."""
    return frozenset({_converter("t2tw").convert(char), _converter("t2hk").convert(char)})


def normalize_hant(text: str) -> str:
    """``s2t`` for the Simplified characters in a Traditional text, keeping the forms a Taiwan
    or Hong Kong writer uses, which ``s2t`` alone would change (峰會 → 峯會, 台灣 → 臺灣)."""
    converted = to_hant(text)
    if len(converted) != len(text):
        return converted
    return "".join(
        a if a in _standard_forms(b) else b for a, b in zip(text, converted, strict=True)
    )


def _each_change(before: str, after: str, gap: int = 3) -> list[tuple[str, str]]:
    """One excerpt per stretch of changed characters (texts of one length), else one in all."""
    if len(before) != len(after):
        return [excerpt(before, after)]
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    runs: list[list[int]] = []
    for i in changed:
        if runs and i - runs[-1][-1] <= gap:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [
        (before[max(0, r[0] - 4) : r[-1] + 5], after[max(0, r[0] - 4) : r[-1] + 5]) for r in runs
    ]


def script_rule(text: dict[str, Any], path: str) -> tuple[dict[str, Any], list[Repair]]:
    """Fill the missing Chinese script from the given one; normalize the given one."""
    hans, hant = text.get("zh-Hans"), text.get("zh-Hant")
    if not isinstance(hans, str) and not isinstance(hant, str) or (hans and hant):
        return text, []
    repairs, fixed = [], dict(text)
    source = hans if isinstance(hans, str) else hant
    assert isinstance(source, str)
    given = "zh-Hans" if isinstance(hans, str) else "zh-Hant"
    if given == "zh-Hans":
        fixed["zh-Hans"] = normal = to_hans(source)
        fixed["zh-Hant"] = to_hant(source)
    else:
        fixed["zh-Hant"] = normal = normalize_hant(source)
        fixed["zh-Hans"] = to_hans(source)
    for before, after in _each_change(source, normal):
        repairs.append(Repair("script", f"{path}.{given}", before, after))
    return {lang: fixed[lang] for lang in ("zh-Hans", "zh-Hant", "en") if lang in fixed}, repairs


def repair(value: Any, path: str = "") -> tuple[Any, list[Repair]]:
    """Repair every string in a record; localized texts also get their Chinese scripts."""
    if isinstance(value, str):
        return repair_string(value, path)
    repairs: list[Repair] = []
    if isinstance(value, list):
        items = []
        for i, item in enumerate(value):
            fixed, found = repair(item, f"{path}[{i}]")
            items.append(fixed)
            repairs += found
        return items, repairs
    if isinstance(value, dict):
        fixed_dict = {}
        for key, item in value.items():
            fixed, found = repair(item, f"{path}.{key}" if path else str(key))
            fixed_dict[key] = fixed
            repairs += found
        if fixed_dict and LANG_KEYS.issuperset(fixed_dict):
            fixed_dict, found = script_rule(fixed_dict, path)
            repairs += found
        return fixed_dict, repairs
    return value, repairs


def dominant_script(text: str) -> str:
    """``zh-Hant`` when more characters are Traditional-only than Simplified-only."""
    traditional = sum(1 for a, b in zip(text, to_hans(text), strict=False) if a != b)
    simplified = sum(1 for a, b in zip(text, to_hant(text), strict=False) if a != b)
    return "zh-Hant" if traditional > simplified else "zh-Hans"
