"""The search index's stored form: what coop load writes for each term, and reads back here.

A term's item holds one entry per record it is in, as compact JSON:
``[ref, sector, date, {field: [length, position, ...]}]`` where ``ref`` is ``kind#id``,
``sector`` the record's sector code (or ""), ``date`` its ``published_at`` or ``created_at``
(ties rank newest first), and for each field the term is in (``t`` title, ``s`` summary,
``b`` body) the field's length in the term's stream and the term's first positions there.
The statistics item holds the record count and, for each kind and stream, the average length
of each field: a long announcement is measured against announcements, not products.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from chalicelib.taxonomy import EN, HANS, HANT, Kind

# Bump when what is indexed or how it is stored changes: coop load then writes every item of
# the index anew, and until it has, searches answer 503 rather than misread the old one.
FORMAT = "1"
FIELDS = ("t", "s", "b")  # title, summary, body
MAX_POSITIONS = 16  # per term and field: enough to find phrases, and items stay small


@dataclass(frozen=True)
class Entry:
    ref: str  # kind#id
    sector: str
    date: str
    fields: dict[str, list[int]] = field(default_factory=dict)  # [length, *positions]

    @property
    def kind(self) -> str:
        return self.ref.split("#", 1)[0]

    def encode(self) -> list[Any]:
        return [self.ref, self.sector, self.date, self.fields]


@dataclass(frozen=True)
class Postings:
    """One term's entries; ``count`` is how many records have it, ``complete`` whether every
    one of them is here (a very common term keeps only the entries where it weighs most)."""

    entries: list[Entry]
    count: int
    complete: bool


@dataclass(frozen=True)
class Stats:
    records: int
    average: dict[str, dict[str, dict[str, float]]]  # kind -> stream -> field -> length
    format: str = FORMAT

    def encode(self) -> str:
        data = {"f": self.format, "n": self.records, "a": self.average}
        return json.dumps(data, separators=(",", ":"))


def decode_entries(text: str) -> list[Entry]:
    return [Entry(ref, sector, date, fields) for ref, sector, date, fields in json.loads(text)]


def encode_entries(entries: list[Entry]) -> str:
    return json.dumps([e.encode() for e in entries], ensure_ascii=False, separators=(",", ":"))


def decode_stats(text: str) -> Stats:
    data = json.loads(text)
    return Stats(records=int(data["n"]), average=data["a"], format=str(data.get("f")))


def read_items(
    terms: list[str], items: dict[str, dict[str, Any]]
) -> tuple[dict[str, Postings], Stats | None]:
    """Each term's postings and the statistics, from the index's items by key (those that
    exist among chalicelib.store.keys.posting_key and search_stats)."""
    from chalicelib.store import keys

    found = {}
    for term in terms:
        item = items.get(keys.posting_key(term)["pk"]["S"])
        if item is not None:
            entries = decode_entries(item["p"]["S"])
            found[term] = Postings(entries, int(item["n"]["N"]), item["c"]["BOOL"])
    stats = items.get(keys.search_stats()["pk"]["S"])
    return found, decode_stats(stats["s"]["S"]) if stats else None


def texts(kind: Kind, doc: dict[str, Any]) -> dict[str, dict[str, str]]:
    """A stored document's searchable text by field (t, s, b) and language (zh, en): its
    title, its summary, and everything else it says. The Chinese is the Simplified text, and
    the Traditional text too where an editor wrote it apart (鳳梨 beside 菠萝): where it is
    derived, it reads the same and would only count every term twice."""
    from chalicelib.search.text import read

    found: dict[str, dict[str, list[str]]] = {f: {"zh": [], "en": []} for f in FIELDS}
    for path, text in localized(doc):
        top = path[0]
        name = "t" if top == kind.title else "s" if top == "summary" else "b"
        simplified, traditional, english = (text.get(lang) for lang in (HANS, HANT, EN))
        if isinstance(simplified, str):
            found[name]["zh"].append(simplified)
        if isinstance(traditional, str) and read(traditional) != read(simplified or ""):
            found[name]["zh"].append(traditional)
        if isinstance(english, str):
            found[name]["en"].append(english)
    return {f: {lang: "\n".join(parts) for lang, parts in by.items()} for f, by in found.items()}


Path = tuple[str | int, ...]


def localized(value: Any, path: Path = ()) -> list[tuple[Path, dict[str, Any]]]:
    """Every text of a stored document (a dict by language), with where it is:
    ``("sections", 0, "body")``. Codes, ids and times are not texts."""
    if isinstance(value, dict):
        if value and path and (HANS in value or EN in value):
            return [(path, value)]
        return [t for key, item in value.items() for t in localized(item, (*path, key))]
    if isinstance(value, list):
        return [t for i, item in enumerate(value) for t in localized(item, (*path, i))]
    return []
