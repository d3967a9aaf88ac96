"""Records as CSV (RFC 4180): UTF-8 with a byte-order mark, a header row, a row per record.

Columns are the item's leaf fields in the models' order (``fair.name``), or those a selection
names; with ``lang=all`` a text has one column per language (``title.zh-Hans``). A list is one
cell, its elements in order: codes one a line (``sections.id``, ``links.id``), texts separated
by a blank line, since a text may have paragraphs of its own (each kept on a line of its own).
So the n-th line of ``sections.id`` and the n-th block of ``sections.heading`` and
``sections.body`` belong to the same section (an empty one where an element has no value).
``fallbacks`` is one ``path: language`` a line. A cell that a spreadsheet would run as a
formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) starts with a
``'`` instead, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from chalicelib.api import document
from chalicelib.taxonomy import ALL_LANGS, LANGS, Kind

BOM = "\ufeff"
MEDIA = "text/csv; charset=utf-8; header=present"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ALWAYS = ("type", "id", "fallbacks")
BREAKS = re.compile(r"(?:\r\n?|\n)+")  # within a text of a list: one line break, never a blank line


class Column(NamedTuple):
    name: str
    field: document.Field
    lang: str | None  # the language of a text's column, with lang=all


def _selected(path: str, selection: frozenset[str] | None) -> bool:
    return selection is None or path in ALWAYS or document.covered(path, selection)


def columns(kind: Kind, lang: str, selection: frozenset[str] | None = None) -> list[Column]:
    found = []
    for field in document.fields(kind):
        if not (field.leaf and _selected(field.path, selection)):
            continue
        if field.text and lang == ALL_LANGS:
            found += [Column(f"{field.path}.{each}", field, each) for each in LANGS]
        else:
            found.append(Column(field.path, field, None))
    return found


def _values(value: Any, parts: list[str]) -> list[Any]:
    """The values at a path; a list on the way gives one per element (None where empty)."""
    if isinstance(value, list):
        return [found for each in value for found in _values(each, parts)]
    if not parts or value is None:
        return [value]
    return _values(value.get(parts[0]) if isinstance(value, dict) else None, parts[1:])


def _text(value: Any, lang: str | None) -> str:
    if value is None:
        return ""
    if lang is not None and isinstance(value, dict):
        return _text(value.get(lang), None)
    if isinstance(value, dict):  # fallbacks
        return "\n".join(f"{path}: {served}" for path, served in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(item: dict[str, Any], column: Column) -> str:
    values = _values(item, column.field.path.split("."))
    texts = [_text(value, column.lang) for value in values]
    if not column.field.many:
        return neutralised((texts or [""])[0])
    if column.field.text:
        return neutralised("\n\n".join(BREAKS.sub("\n", text) for text in texts))
    return neutralised("\n".join(texts))


def render(cols: list[Column], items: Iterable[dict[str, Any]]) -> str:
    """The whole CSV text, starting with its byte-order mark; lines end in CRLF."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.name for column in cols)
    writer.writerows([cell(item, column) for column in cols] for item in items)
    return out.getvalue()
