"""Chinese scripts: keep the script a text is written in clean, derive the other, and say why.

A localized text gives its Chinese in one script; ``localize`` makes the other. A text that
gives both is the editor's override: each is normalized, and nothing is derived.

    normalize   a character of the given text that is not of its script in context is fixed
                (关 in Traditional text, 系 in 關系, 經 in Simplified): ``script``, one report
                per stretch. A character that any standard writes there is kept: OpenCC's
                s2t and its Taiwan and Hong Kong forms, MediaWiki's zh-hant, zh-tw and zh-hk
                (了解, 台灣, 峰會, 平臺 all stay).
    derive      the other script, word by word: the text is segmented (rjieba) and each word
                converted on its own by OpenCC, so no phrase reaches across a word's edge
                (市长|胡衡华 gives 市長胡衡華; the whole text through OpenCC gives 市長鬍衡華).
                Traditional is read with Taiwan's and Hong Kong's forms first, so the
                particle in 保持著 becomes 着 and 衞 becomes 卫.
    report      ``script-name`` (a note): a name whose characters all take their own forms
                where OpenCC on the whole text would not. ``script-review``: a form that
                depends on context and that no second standard corroborates: a character
                not in its own form where MediaWiki writes the word otherwise (了解 → 瞭解;
                not 头发 → 頭髮 nor 签署 → 簽署, on which both agree), a word OpenCC on the
                whole text writes otherwise (于丹, 街头|发表), a name MediaWiki writes
                otherwise (余华 → 餘華, MediaWiki 余華).

The glossary (``content/scripts.yaml``) maps Simplified phrases to their confirmed
Traditional form; both directions use it first, where it covers whole words, and what it
covers is never reviewed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any, Literal

from chalicelib import taxonomy

HANS, HANT = taxonomy.HANS, taxonomy.HANT
# rjieba's tags for proper nouns: person (nr, nrfg, nrt), place, organisation, other.
NAMES = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})
CONFIRMED = "glossary"
CONFIRM_IN = "scripts.yaml"
NAMED = "a name, each character in its own form"
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
    """OpenCC's conversion into ``script``; Traditional is read with Taiwan's and Hong Kong's
    forms first (保持著 → 保持着, 衞生 → 卫生)."""
    if script == HANT:
        return opencc("s2t", text)
    return opencc("t2s", opencc("hk2t", opencc("tw2t", text)))


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


def _pieces(text: str, script: str, glossary: Glossary) -> list[tuple[int, int, str]]:
    """Words; a glossary phrase (in the given script) replaces the words it covers exactly,
    so 头发 confirmed is never applied inside 街头|发表."""
    spans = words(text, script)
    phrases = glossary if script == HANS else {v: k for k, v in glossary.items()}
    if not phrases:
        return spans
    edges = {start for start, _, _ in spans} | {len(text)}
    pattern = "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))
    confirmed = [
        (m.start(), m.end())
        for m in re.finditer(pattern, text)
        if m.start() in edges and m.end() in edges
    ]
    kept = [s for s in spans if not any(lo <= s[0] < hi for lo, hi in confirmed)]
    return sorted(kept + [(lo, hi, CONFIRMED) for lo, hi in confirmed])


def derive(text: str, script: str, glossary: Glossary = NO_GLOSSARY) -> tuple[str, list[Choice]]:
    """``text`` in ``script``, word by word, with a note on each choice an editor should see."""
    given = other(script)
    phrases = glossary if given == HANS else {v: k for k, v in glossary.items()}
    whole = convert(text, script)
    aligned = len(whole) == len(text)
    out: list[str] = []
    found: list[tuple[int, int, str, str]] = []  # (start, end, rule, why)
    for start, end, tag in _pieces(text, given, glossary):
        word = text[start:end]
        if tag == CONFIRMED:
            out.append(phrases[word])
            continue
        converted = convert(word, script)
        out.append(converted)
        if len(converted) != len(word):
            continue
        as_whole = whole[start:end] if aligned else converted
        rule, why = _judge(word, converted, as_whole, script, tag in NAMES)
        if rule:
            found.append((start, end, rule, why))
    result = "".join(out)
    return result, _choices(text, result, script, found)


def _judge(word: str, converted: str, as_whole: str, script: str, name: bool) -> tuple[str, str]:
    """("script-review", why), ("script-name", why) or ("", ""), for one converted word.

    A review: a character whose form here is not its own alone, unless MediaWiki's tables
    write the word the same (头发 → 頭髮, 签署 → 簽署 are not listed); a word that OpenCC
    on the whole text writes otherwise (于丹, 街头|发表), unless it is a name whose
    characters all take their own forms (市长|胡衡华: a note); a name MediaWiki writes
    otherwise (余华)."""
    usual = "".join(convert(char, script) for char in word)
    standard = mediawiki(word, "zh-hant" if script == HANT else "zh-hans")
    agreed = len(standard) == len(word) and _variants(standard, converted, script)
    reasons = [
        f"{a} alone is {u}"
        for a, b, u in zip(word, converted, usual, strict=True)
        if b != u and not agreed
    ]
    if not agreed and name and not reasons and script == HANT:  # no name loses a distinction
        # towards Simplified, and MediaWiki leaves forms it does not know (車釐子) as they are
        reasons.append(f"MediaWiki writes the name {standard!r}")
    if converted != as_whole:
        if name and converted == usual and not reasons:
            return "script-name", ""
        reasons.append(f"OpenCC on the whole text gives {as_whole!r}")
    if not reasons:
        return "", ""
    pair = (word, converted) if script == HANT else (converted, word)
    keep = f"to keep it, {CONFIRM_IN} takes `{pair[0]}: {pair[1]}` (or the right form)"
    return "script-review", "; ".join([*reasons, keep])


def _choices(
    text: str, result: str, script: str, found: list[tuple[int, int, str, str]]
) -> list[Choice]:
    """Each finding with two characters of context either side; a name's note says what
    OpenCC on the whole text would have written."""
    aligned = len(result) == len(text)
    whole = convert(text, script)
    choices = []
    for start, end, rule, why in found:
        lo, hi = (max(0, start - 2), end + 2) if aligned else (start, end)
        before, after = text[lo:hi], result[lo:hi] if aligned else result
        if rule == "script-name" and len(whole) == len(text):
            why = f"{NAMED}; OpenCC on the whole text gives {whole[lo:hi]!r}"
        choices.append(Choice(rule, before, after, why))
    return choices


def _variants(a: str, b: str, script: str = HANT) -> bool:
    """Whether two texts are the same but for Traditional forms that differ by region (臺/台)."""
    if a == b or script == HANS:
        return a == b
    return any(opencc(config, a) == opencc(config, b) for config in ("t2tw", "t2hk"))


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
    if not len(back) == len(there) == len(text):
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
    """One excerpt per stretch of changed characters, with a little context on each side;
    stretches whose excerpts would overlap share one."""
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    runs: list[list[int]] = []
    for i in changed:
        if runs and i - runs[-1][-1] <= 2 * context:
            runs[-1].append(i)
        else:
            runs.append([i])
    cuts = [(max(0, run[0] - context), run[-1] + 1 + context) for run in runs]
    return [(before[lo:hi], after[lo:hi]) for lo, hi in cuts]


def hans_table() -> str:
    """chalicelib/search/hans.json: each Traditional (or Taiwan or Hong Kong) character whose
    Simplified form differs, and that form, by OpenCC, one to one: search reads text with it
    at run time, where OpenCC is not installed."""
    import json

    table = {}
    for code in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)):
        char = chr(code)
        simple = convert(char, HANS)
        if len(simple) == 1 and simple != char:
            table[char] = simple
    return json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
