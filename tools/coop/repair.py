"""Repair a record: every string through the text rules, every localized text through scripts.

Each finding is a ``Repair`` of one of three kinds, which the report and ``--strict`` read:

    damage   a change to the text as given: the rules of ``coop.rules`` and ``script``
             (a character not of its script); ``--strict`` refuses any
    note     how a derived script was made: ``script-name``; never refused
    review   a derived choice that depends on context: ``script-review``; ``--strict``
             refuses it until the glossary (``content/scripts.yaml``) confirms the phrase
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.taxonomy import LANGS
from coop import scripts
from coop.rules import RULES

LANG_KEYS = frozenset(LANGS)
NOTES = frozenset({"script-name"})
REVIEWS = frozenset({"script-review"})


@dataclass(frozen=True)
class Repair:
    rule: str
    path: str
    before: str
    after: str
    detail: str = ""

    @property
    def kind(self) -> str:
        return "note" if self.rule in NOTES else "review" if self.rule in REVIEWS else "damage"

    def message(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.rule}: {self.before!r} -> {self.after!r}{detail}"

    def __str__(self) -> str:
        return f"{self.path}: {self.message()}"


def repair_string(text: str, path: str = "") -> tuple[str, list[Repair]]:
    """The repaired text, and one Repair per change made (with a little context)."""
    repairs = []
    for name, rule in RULES:
        text, edits = rule(text)
        repairs += [Repair(name, path, before, after) for before, after in edits]
    return text, repairs


def clean(
    value: Any, path: str = "", glossary: scripts.Glossary = scripts.NO_GLOSSARY
) -> tuple[Any, list[Repair]]:
    """Every string repaired, and each localized text's given script normalized; nothing
    derived: what an editor wrote, cleaned."""
    return _walk(value, path, glossary, derive=False)


def repair(
    value: Any, path: str = "", glossary: scripts.Glossary = scripts.NO_GLOSSARY
) -> tuple[Any, list[Repair]]:
    """``clean``, and each localized text given in one Chinese script gets the other."""
    return _walk(value, path, glossary, derive=True)


def _walk(
    value: Any, path: str, glossary: scripts.Glossary, derive: bool
) -> tuple[Any, list[Repair]]:
    """Localized texts are repaired; ids, codes, dates and the source's file name are not."""
    repairs: list[Repair] = []
    if isinstance(value, list):
        items = []
        for i, item in enumerate(value):
            fixed, found = _walk(item, f"{path}[{i}]", glossary, derive)
            items.append(fixed)
            repairs += found
        return items, repairs
    if not isinstance(value, dict):
        return value, repairs
    if value and LANG_KEYS.issuperset(value):
        return localize(value, path, glossary, derive)
    fixed_dict = {}
    for key, item in value.items():
        fixed, found = _walk(item, f"{path}.{key}" if path else str(key), glossary, derive)
        fixed_dict[key] = fixed
        repairs += found
    return fixed_dict, repairs


def localize(
    text: dict[str, Any],
    path: str,
    glossary: scripts.Glossary = scripts.NO_GLOSSARY,
    derive: bool = True,
) -> tuple[dict[str, Any], list[Repair]]:
    """Each string repaired; each Chinese script given normalized; with ``derive``, the one
    Chinese script given also written in the other (an override, both given, is kept)."""
    result, repairs = dict(text), []
    for lang, value in text.items():
        if isinstance(value, str):
            result[lang], found = repair_string(value, f"{path}.{lang}")
            repairs += found
    given = [lang for lang in (scripts.HANS, scripts.HANT) if isinstance(result.get(lang), str)]
    for lang in given:
        result[lang], excerpts = scripts.normalize(result[lang], lang, glossary)
        repairs += [Repair("script", f"{path}.{lang}", b, a) for b, a in excerpts]
    if derive and len(given) == 1:
        target = scripts.other(given[0])
        result[target], choices = scripts.derive(result[given[0]], target, glossary)
        repairs += [
            Repair(c.rule, f"{path}.{target}", c.before, c.after, c.detail) for c in choices
        ]
    return {lang: result[lang] for lang in LANGS if lang in result}, repairs
