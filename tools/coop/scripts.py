"""Chinese scripts: keep the script a text is written in clean, derive the other, and say why.

A localized text gives its Chinese in one script; ``localize`` makes the other. A text that
gives both is the editor's override and is left alone.

    normalize   a character of the given text that is not of its script in context is fixed
                (关 in Traditional text, 系 in 關系, 經 in Simplified): ``script``, one report
                per change. A character that any standard writes there is kept: OpenCC's s2t
                and its Taiwan and Hong Kong forms, MediaWiki's zh-hant, zh-tw and zh-hk
                (了解, 台灣, 峰會, 平臺 all stay).
    derive      the other script, word by word: the text is segmented (rjieba) and each word
                converted on its own by OpenCC, so no phrase reaches across a word's edge
                (市长|胡衡华 gives 市長胡衡華; the whole text through OpenCC gives 市長鬍衡華).
                Where that differs from OpenCC on the whole text: ``script-name`` (a person,
                place or organisation) or ``script-word``. Traditional is read with Taiwan's
                forms first (tw2t), so the particle in 保持著 becomes 着.
    review      a derived word in which a character takes a form other than its own on its
                own (头发 → 頭髮: 发 alone is 發; 发展 → 發展 is not listed), or a name that
                MediaWiki writes otherwise: ``script-review``, until the glossary confirms it.

The glossary (``content/scripts.yaml``) maps Simplified phrases to their confirmed
Traditional form; both directions use it before anything else, and it is never reviewed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any, Literal

HANS, HANT = "zh-Hans", "zh-Hant"
# rjieba's tags for proper nouns: person (nr, nrfg, nrt), place, organisation, other.
NAMES = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})
CONFIRMED = "glossary"
CONFIRM_IN = "scripts.yaml"
Glossary = Mapping[str, str]
NO_GLOSSARY: Glossary = MappingProxyType({})
Variant = Literal["zh-hant", "zh-tw", "zh-hk", "zh-hans", "zh-cn"]


@dataclass(frozen=True)
class Choice:
    """A note on a derived word: how it was converted, or why an editor should look."""

    rule: str
    before: str
    after: str
    detail: str


def other(script: str) -> str:
    return HANT if script == HANS else HANS


@cache
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def opencc(config: str, text: str) -> str:
    return str(_opencc(config).convert(text))


def mediawiki(text: str, variant: Variant) -> str:
    from zhconv_rs import zhconv

    return str(zhconv(text, variant))


@lru_cache(maxsize=1 << 16)
def convert(text: str, script: str) -> str:
    """OpenCC's conversion into ``script``; Traditional is read with Taiwan's forms first."""
    if script == HANT:
        return opencc("s2t", text)
    return opencc("t2s", opencc("tw2t", text))


def to_hans(text: str) -> str:
    return opencc("t2s", text)


def to_hant(text: str) -> str:
    return opencc("s2t", text)


def dominant_script(text: str) -> str:
    """``zh-Hant`` when more characters are Traditional-only than Simplified-only."""
    traditional = sum(1 for a, b in zip(text, to_hans(text), strict=False) if a != b)
    simplified = sum(1 for a, b in zip(text, to_hant(text), strict=False) if a != b)
    return HANT if traditional > simplified else HANS


def words(text: str, script: str) -> list[tuple[int, int, str]]:
    """(start, end, tag) of each word; Traditional text is segmented in its Simplified form."""
    import rjieba

    hans = text if script == HANS else to_hans(text)
    if len(hans) != len(text):
        return [(0, len(text), "x")]
    spans, at = [], 0
    for word, tag in rjieba.tag(hans):
        spans.append((at, at + len(word), tag))
        at += len(word)
    return spans if at == len(text) else [(0, len(text), "x")]


def _pieces(text: str, script: str, glossary: Glossary) -> Iterator[tuple[int, int, str]]:
    """Words, with the glossary's phrases (in the given script) taken first, longest first."""
    phrases = glossary if script == HANS else {v: k for k, v in glossary.items()}
    at = 0
    if phrases:
        pattern = "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))
        for match in re.finditer(pattern, text):
            for start, end, tag in words(text[at : match.start()], script):
                yield at + start, at + end, tag
            yield match.start(), match.end(), CONFIRMED
            at = match.end()
    for start, end, tag in words(text[at:], script):
        yield at + start, at + end, tag


def derive(text: str, script: str, glossary: Glossary = NO_GLOSSARY) -> tuple[str, list[Choice]]:
    """``text`` in ``script``, word by word, with a note on each choice an editor should see."""
    given = other(script)
    phrases = glossary if given == HANS else {v: k for k, v in glossary.items()}
    out: list[str] = []
    found: list[tuple[int, int, str, str]] = []  # (start, end, rule, why)
    for start, end, tag in _pieces(text, given, glossary):
        word = text[start:end]
        converted = phrases[word] if tag == CONFIRMED else convert(word, script)
        out.append(converted)
        review = "" if tag == CONFIRMED else _review(word, converted, script, tag in NAMES)
        if review:
            pair = (word, converted) if script == HANT else (converted, word)
            confirm = f"{CONFIRM_IN} confirms it with `{pair[0]}: {pair[1]}`"
            found.append((start, end, "script-review", f"{review}; {confirm}"))
        elif tag != CONFIRMED and len(converted) == len(word):
            found.append((start, end, "script-name" if tag in NAMES else "script-word", ""))
    result = "".join(out)
    return result, _choices(text, result, convert(text, script), found)


def _choices(
    text: str, result: str, whole: str, found: list[tuple[int, int, str, str]]
) -> list[Choice]:
    """The reviews, and the words whose conversion on their own differs from OpenCC's on the
    whole text (a phrase reaching across the word's edge), each shown with two characters
    of context either side."""
    aligned = len(result) == len(text) == len(whole)
    choices = []
    for start, end, rule, why in found:
        across = aligned and result[start:end] != whole[start:end]
        if not why and not across:
            continue
        lo, hi = (max(0, start - 2), end + 2) if aligned else (start, end)
        note = f"OpenCC on the whole text gives {whole[lo:hi]!r}" if across else ""
        detail = "; ".join(filter(None, (why, note)))
        before, after = text[lo:hi], result[lo:hi] if aligned else result
        choices.append(Choice(rule, before, after, detail))
    return choices


def _review(word: str, converted: str, script: str, name: bool) -> str:
    """Why a converted word needs an editor's look, or ``""``."""
    if len(word) != len(converted):
        return ""
    reasons = [
        f"{a} alone is {convert(a, script)}"
        for a, b in zip(word, converted, strict=True)
        if b != convert(a, script)
    ]
    if name and not reasons and script == HANT:  # names lose no distinction towards Simplified
        standard = mediawiki(word, "zh-hant")
        if len(standard) == len(word) and not _variants(standard, converted):
            reasons.append(f"MediaWiki writes the name {standard!r}")
    return "; ".join(reasons)


def _variants(a: str, b: str) -> bool:
    """Whether two Traditional texts differ only by forms that differ by region (臺/台)."""
    return a == b or any(opencc(config, a) == opencc(config, b) for config in ("t2tw", "t2hk"))


def _standards(text: str, script: str) -> list[str]:
    """``text`` written in ``script`` by each standard we accept, where lengths agree."""
    if script == HANT:
        found = [opencc(c, text) for c in ("s2t", "s2tw", "s2hk")]
        found += [mediawiki(text, v) for v in ("zh-hant", "zh-tw", "zh-hk")]
    else:
        found = [opencc("t2s", opencc(c, text)) for c in ("t2s", "tw2t", "hk2t")]
        found += [mediawiki(text, v) for v in ("zh-hans", "zh-cn")]
    return [s for s in found if len(s) == len(text)]


def normalize(
    text: str, script: str, glossary: Glossary = NO_GLOSSARY
) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with each character that is not of ``script`` in context fixed, and a
    (before, after) excerpt for each changed stretch."""
    there, _ = derive(text, other(script), glossary)
    back, _ = derive(there, script, glossary)
    if len(back) != len(text):
        return text, []
    if len(there) != len(text):
        return text, []
    standards = _standards(there, script)
    fixed = [
        b if _stray(a, b, there[i], [s[i] for s in standards]) else a
        for i, (a, b) in enumerate(zip(text, back, strict=True))
    ]
    result = "".join(fixed)
    return result, _excerpts(text, result)


def _stray(char: str, back: str, there: str, standard: list[str]) -> bool:
    """Whether ``char`` is out of its script: the round trip through the other script puts
    ``back`` where it stood, ``char`` is what the other script writes (so not a form of
    this script's own, like 蕓, which Simplified merges into 芸), and no standard keeps it."""
    return char != back and char == there and char not in standard


def _excerpts(before: str, after: str, context: int = 4) -> list[tuple[str, str]]:
    """One excerpt per stretch of changed characters, with a little context on each side."""
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    runs: list[list[int]] = []
    for i in changed:
        if runs and i - runs[-1][-1] <= 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    cuts = [(max(0, run[0] - context), run[-1] + 1 + context) for run in runs]
    return [(before[lo:hi], after[lo:hi]) for lo, hi in cuts]
