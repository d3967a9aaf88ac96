"""Language negotiation (?lang=, Accept-Language, stage default) and localization with fallback."""

from __future__ import annotations

import re
from typing import Any

from chalicelib.errors import InvalidParameter, shown
from chalicelib.taxonomy import ALL_LANGS, FALLBACK_CHAIN, HANS, HANT, LANGS

TRADITIONAL_REGIONS = {"tw", "hk", "mo"}
WELL_FORMED = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_LANG_SET = frozenset(LANGS)


def match_tag(tag: str) -> str | None:
    """Map a BCP 47 tag to one of ours: script subtag first, then region, then bare ``zh``."""
    if not WELL_FORMED.fullmatch(tag):
        return None
    subtags = tag.lower().split("-")
    if subtags[0] == "en":
        return "en"
    scripts = [s for s in subtags[1:] if len(s) == 4 and s.isalpha()]
    if subtags[0] != "zh" or scripts not in ([], ["hans"], ["hant"]):
        return None  # zh-Latn (pinyin) and the like are not Chinese characters
    if scripts:
        return HANT if scripts == ["hant"] else HANS
    return HANT if TRADITIONAL_REGIONS.intersection(subtags[1:]) else HANS


def _weighted(header: str) -> list[tuple[float, int, str]]:
    ranges = []
    for position, part in enumerate(header.split(",")):
        tag, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if tag and 0 < quality <= 1:
            ranges.append((-quality, position, tag))
    return sorted(ranges)


def from_accept_language(header: str | None, default: str) -> str:
    """The best of our languages by q-value; ``*`` means the default. A bad header is ignored."""
    for _, _, tag in _weighted(header or ""):
        if tag == "*":
            return default
        lang = match_tag(tag)
        if lang:
            return lang
    return default


def negotiate(query_lang: str | None, accept_language: str | None, default: str) -> str:
    """``?lang=`` wins, then Accept-Language, then the stage default. May return ``all``."""
    if query_lang is None:
        return from_accept_language(accept_language, default)
    if query_lang.lower() == ALL_LANGS:
        return ALL_LANGS
    lang = match_tag(query_lang)
    if lang is None:
        accepted = ", ".join((*LANGS, ALL_LANGS))
        raise InvalidParameter("lang", f"must be one of {accepted}; got {shown(query_lang)}")
    return lang


def content_language(lang: str) -> str:
    return ", ".join(LANGS) if lang == ALL_LANGS else lang


def localize(value: Any, lang: str) -> tuple[Any, dict[str, str]]:
    """Replace every localized text by its ``lang`` string; report fields that fell back.

    A localized text is an object whose keys are language tags. The report maps a field's
    path (``sections[0].heading``) to the language actually served. With ``all`` each text
    keeps all three tags, a missing one filled along its chain (reported as ``name.zh-Hant``).
    """
    fallbacks: dict[str, str] = {}
    return _walk(value, lang, "", fallbacks), fallbacks


def _walk(value: Any, lang: str, path: str, fallbacks: dict[str, str]) -> Any:
    if isinstance(value, dict):
        if value and _LANG_SET.issuperset(value):
            return _pick(value, lang, path, fallbacks)
        return {
            key: _walk(item, lang, f"{path}.{key}" if path else key, fallbacks)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_walk(item, lang, f"{path}[{i}]", fallbacks) for i, item in enumerate(value)]
    return value


def _pick(text: dict[str, str], lang: str, path: str, fallbacks: dict[str, str]) -> Any:
    if lang == ALL_LANGS:  # every tag present, each filled along its own chain
        return {each: _pick(text, each, f"{path}.{each}", fallbacks) for each in LANGS}
    if text.get(lang):
        return text[lang]
    for other in FALLBACK_CHAIN[lang]:
        if text.get(other):
            fallbacks[path] = other
            return text[other]
    return None
