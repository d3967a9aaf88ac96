"""Where a query's terms are in the text served: spans into each field's text, not markup.

Offsets hold for the text as served: terms are found in it as the index reads it (one
character of read text for each character served), so 冷鏈 asked finds 冷链 in zh-Hans.
Only the texts the index holds are searched for terms: not ids, codes or times.
"""

from __future__ import annotations

from typing import Any

from chalicelib.search.postings import Path, localized
from chalicelib.search.text import tokens
from chalicelib.taxonomy import LANGS


def spans(text: str, terms: set[str]) -> list[list[int]]:
    """[start, end] of each stretch of ``text`` holding one of ``terms``, merged."""
    found = sorted((t.start, t.end) for t in tokens(text) if t.term in terms)
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def highlights(
    doc: dict[str, Any], item: dict[str, Any], terms: set[str], fields: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """For each text of the stored ``doc`` where a term is found in the served ``item``, in
    the document's order: the field's path, its text and the matches. With lang=all, one
    entry for each language of a field (``title.zh-Hant``). With ``fields`` (``fields=``),
    only the texts chosen: a highlight would otherwise carry a text the client left out."""
    found = []
    for path, _ in localized(doc):
        if fields is not None and not _chosen(path, fields):
            continue
        value = _at(item, path)
        served = value.items() if isinstance(value, dict) else [(None, value)]
        for lang, text in served:
            if isinstance(text, str) and (lang is None or lang in LANGS):
                matches = spans(text, terms)
                if matches:
                    name = _name(path) + (f".{lang}" if lang else "")
                    found.append({"field": name, "text": text, "matches": matches})
    return found


def _chosen(path: Path, fields: frozenset[str]) -> bool:
    """Whether a text's path (``("sections", 0, "body")``) is in a ``fields=`` selection
    (``sections``, ``sections.body``)."""
    names = [part for part in path if isinstance(part, str)]
    return any(".".join(names[:n]) in fields for n in range(1, len(names) + 1))


def _at(item: Any, path: Path) -> Any:
    for part in path:
        if isinstance(part, int):
            item = item[part] if isinstance(item, list) and part < len(item) else None
        else:
            item = item.get(part) if isinstance(item, dict) else None
    return item


def _name(path: Path) -> str:
    """``("sections", 0, "body")`` -> ``sections[0].body``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
