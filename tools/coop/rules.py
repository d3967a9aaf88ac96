"""The text rules of repair, each small, conservative and idempotent, run in this order:

unicode      NFC; control characters dropped; ligature glyphs (ﬁ, ﬂ) spelled out;
             whitespace collapsed (one newline between paragraphs)
pinyin       a pinyin gloss after Chinese characters, ``經(jīng)`` -> ``經``,
             ``長安(cháng ān)`` -> ``長安``: only when the parenthesis spells readings of
             those characters (pypinyin), so ``(CCISF)``, ``（试行）``, ``李(Li)`` stay
ligature     a word split where a fi/fl ligature was lost: ``off i cials``, ``fi elds``,
             ``fl ow``; only when the joined word is a common English word
             (pyspellchecker) and the pieces are not both words, so ``if i am`` stays
spacing      a missing space after ``. , ; : ! ?`` between English words:
             ``Honor.Hu``, ``trade,investment``; ``U.S.``, ``H.E.``, ``3.5``,
             ``10,000``, URLs and e-mail addresses stay
punctuation  ASCII ``, ; : ? !`` inside Chinese, and ``! ?`` ending a Chinese sentence,
             become full-width; ASCII brackets and quotes around Chinese too. The hyphen
             stays: GB/T 15834 writes the short connecting mark as ``-``
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"
Edits = list[tuple[str, str]]

# Up to four characters, then a lowercase gloss of (the last of) them: 經(jīng),
# 經貿(jīngmào), 長安(cháng ān), and, in Chinese text only, 經 (jing1): English writes
# "关系 (guanxi)" on purpose. A capitalized romanization, 李(Li), is the author's and stays.
_GLOSSED = rf"([{CJK}]{{1,4}})"
_SYLLABLES = rf"[{PINYIN}][{PINYIN}1-5]{{0,27}}(?:[ '’][{PINYIN}][{PINYIN}1-5]{{0,7}}){{0,3}}"
_GLOSS_TEXT = rf"[(（]({_SYLLABLES})[)）]"
# Spaced, it may leave a space behind before more Chinese: 长安 (cháng ān) 汽车.
_SPACED_GLOSS = re.compile(_GLOSSED + " ?" + _GLOSS_TEXT + rf"(?: (?=[{CJK}]))?")
# A lost ligature: "off i cials" (a piece ending in f, a lone i or l, the rest), or a kept
# glyph and a space, "fi elds", "fl ow".
_SPLIT = re.compile(r"\b([A-Za-z]*[fF]) ([il]) ([a-z]+)\b")
_KEPT = re.compile(r"\b([A-Za-z]*(?:[fF][fil]|[fF]{2}[il])) ([a-z]+)\b")
# The glyph alone between the two halves: "ef fi cient", "in fl uence".
_ALONE = re.compile(r"\b([A-Za-z]+) ([fF](?:[fil]|f[il])) ([a-z]+)\b")
LIGATURES = ("ff", "fi", "fl", "ffi", "ffl")
MIN_FREQUENCY = 50  # in pyspellchecker's English counts: skips obscure joins
# Between English words, a mark and no space: "Honor.Hu", "trade,investment", "Note:See".
# A full stop needs two letters, a digit or a bracket before it ("In 2025.The",
# "(MOFCOM).It") and a capital after (a word or an initial), so abbreviations (U.S., H.E.,
# e.g.), decimals and domain names stay; a comma between digits (10,000) stays too.
_NO_SPACE = re.compile(
    r"(?:(?<=[A-Za-z][a-z])|(?<=[0-9)]))([.!?])(?=[A-Z][a-z.])"
    r"|(?<=[A-Za-z)])([,;:])(?=[A-Za-z(\"“])|(?<=[0-9])([,;])(?=[A-Za-z])"
)
# In Chinese text, a space between two Chinese characters: 长安 汽车.
_HAN_SPACE = re.compile(rf"(?<=[{CJK}]) +(?=[{CJK}])")
# A word that is an address keeps its marks: a URL, an e-mail address, a domain name, or a
# scheme before its colon (mailto:office).
_ADDRESS = re.compile(
    r"://|@|www\.|\.(?:com|org|net|gov|edu|cn)\b|^(?:https?|mailto|ftp|tel|urn|doi):"
)
# Chinese context: a Chinese character, CJK or full-width punctuation, or a curly quote.
_BEFORE = rf"{CJK}\u3000-\u303f\uff00-\uffef”’"
_AFTER = rf"{CJK}\u3000-\u303f\uff00-\uffef“‘"
# A digit or % before the mark counts too (10%,其中; 10:30,地点), but not a digit after it.
_PUNCT = re.compile(rf"(?<=[{_BEFORE}0-9%])[ \t]*([,;:?!])[ \t]*(?=[{_AFTER}])")
# ! or ? after a Chinese character, ending the sentence: before closing quotes and then the
# end of the line, a space or more Chinese.
_CLOSE = "”’」』）)"
_END = re.compile(rf"(?<=[{CJK}])([?!]+)(?=[{_CLOSE}]*(?:$|\s|[{CJK}“‘]))", re.MULTILINE)
# A full stop after a Chinese character, before more Chinese or the end: 合作. 加州 ->
# 合作。加州. Not after a Chinese numeral: 一.总则 is list numbering.
_STOP = re.compile(rf"(?<=[{CJK}])(?<![一二三四五六七八九十])\.[ \t]*(?=[{CJK}“‘]|$)", re.MULTILINE)
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
_LIGATURES = re.compile("[\ufb00-\ufb06]")


def excerpt(before: str, after: str, width: int = 12) -> tuple[str, str]:
    """The changed stretch of a text, with a little context on each side."""
    start = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), 0)
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b, end_a = end_b - 1, end_a - 1
    lo = max(0, start - width)
    return before[lo : end_b + width], after[lo : end_a + width]


def _sub(
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], str],
    text: str,
    context: int = 1,
) -> tuple[str, Edits]:
    """``pattern.sub`` that also returns each (before, after), with ``context`` characters
    either side."""
    edits: Edits = []

    def record(match: re.Match[str]) -> str:
        new = replace(match)
        if new != match.group(0):
            lo, hi = max(0, match.start() - context), match.end() + context
            edits.append((text[lo:hi], text[lo : match.start()] + new + text[match.end() : hi]))
        return new

    return pattern.sub(record, text), edits


def unicode_rule(text: str) -> tuple[str, Edits]:
    fixed = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    fixed = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), fixed)
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


def _glosses(chars: str, gloss: str) -> bool:
    """Whether ``gloss`` reads the last characters of ``chars``; spaced syllables, one each."""
    syllables = re.split(r"[ '’]", gloss)
    if len(syllables) > 1:
        tail = chars[-len(syllables) :]
        return len(tail) == len(syllables) and all(map(_spells, tail, syllables))
    return any(_spells(chars[-n:], gloss) for n in range(1, len(chars) + 1))


def pinyin_rule(text: str) -> tuple[str, Edits]:
    """In Chinese text only: English that glosses Chinese, 关系(guānxì), does it on purpose."""
    edits: Edits = []
    if not is_chinese(text):
        return text, edits

    def drop(match: re.Match[str]) -> str:
        chars, gloss = match.group(1), match.group(2)
        if not _glosses(chars, gloss):
            return match.group(0)
        at, end = match.end(1), match.end()  # the report shows the gloss and a character around
        edits.append((text[at - 1 : end + 1], text[at - 1] + text[end : end + 1]))
        return chars

    return _SPACED_GLOSS.sub(drop, text), edits


def is_chinese(text: str) -> bool:
    """More Chinese characters than Latin letters outside brackets: a Chinese text, not
    English quoting one."""
    outside = re.sub(r"[(（][^)）]*[)）]", "", text)
    return len(re.findall(f"[{CJK}]", outside)) > len(re.findall("[A-Za-z]", outside))


@cache
def _words() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="en").word_frequency


def _common(word: str) -> bool:
    return bool(_words()[word.lower()] >= MIN_FREQUENCY)


def ligature_rule(text: str) -> tuple[str, Edits]:
    def join(match: re.Match[str]) -> str:
        joined = "".join(match.groups())
        return joined if _common(joined) else match.group(0)

    def join_kept(match: re.Match[str]) -> str:  # "fl ow" joins; "off ice" is two words
        left, right = match.groups()
        bare = left.lower() in LIGATURES
        return join(match) if bare or not (_common(left) and _common(right)) else match.group(0)

    def join_alone(match: re.Match[str]) -> str:  # "if fi ne" stays: its halves are words
        left, _, right = match.groups()
        return match.group(0) if _common(left) and _common(right) else join(match)

    text, edits = _sub(_SPLIT, join, text)
    text, more = _sub(_ALONE, join_alone, text)
    text, most = _sub(_KEPT, join_kept, text)
    return text, edits + more + most


def spacing_rule(text: str) -> tuple[str, Edits]:
    fixed, edits = _english_spaces(text)
    if is_chinese(fixed):
        fixed, joined = _sub(_HAN_SPACE, lambda m: "", fixed)
        edits += joined
    return fixed, edits


def _english_spaces(text: str) -> tuple[str, Edits]:
    """Word by word, so that a long text without spaces (Chinese) stays linear in time."""
    parts = re.split(r"(\s+)", text)
    for i in range(0, len(parts), 2):
        word = parts[i]
        if word and not _ADDRESS.search(word.lower()):
            parts[i] = _NO_SPACE.sub(lambda m: m.group(0) + " ", word)
    fixed = "".join(parts)
    return fixed, _word_edits(text, fixed)


def _word_edits(before: str, after: str) -> Edits:
    """Each whitespace-separated word of ``before`` that changed, with what it became."""
    old, new = before.split(" "), after.split(" ")
    edits, j = [], 0
    for word in old:
        pieces = [new[j]]
        while "".join(pieces) != word and j + len(pieces) < len(new):
            pieces.append(new[j + len(pieces)])
        if len(pieces) > 1:
            edits.append((word, " ".join(pieces)))
        j += len(pieces)
    return edits


def _full_width(match: re.Match[str]) -> str:
    return "".join(FULL_WIDTH[mark] for mark in match.group(1))


def punctuation_rule(text: str) -> tuple[str, Edits]:
    def quoted(match: re.Match[str]) -> str:
        inner = match.group(1)
        return f"“{inner}”" if re.search(f"[{CJK}]", inner) else match.group(0)

    text, edits = _sub(_QUOTED, quoted, text) if is_chinese(text) else (text, [])
    text, more = _sub(_BRACKETS, lambda m: f"（{m.group(1) or m.group(2)}）", text)
    text, most = _sub(_PUNCT, _full_width, text)
    if is_chinese(text):
        text, ends = _sub(_END, _full_width, text)
        text, stops = _sub(_STOP, lambda m: "。", text)
        edits += ends + stops
    return text, edits + more + most


RULES: tuple[tuple[str, Callable[[str], tuple[str, Edits]]], ...] = (
    ("unicode", unicode_rule),
    ("pinyin", pinyin_rule),
    ("ligature", ligature_rule),
    ("spacing", spacing_rule),
    ("punctuation", punctuation_rule),
)
