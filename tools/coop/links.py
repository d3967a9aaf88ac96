"""Links between records, both ways, computed when content is loaded (docs/data-model.md).

An announcement links to the projects and products it names or that name it; a project to
its sector and announcement; a product to its announcement; a sector to its projects. Each
link is ``{"type", "id", "url"}``: ``url`` is the record's path in the API (``/v1/<kind
path>/<id>``), which a client resolves against the URL it asked, as it would an HTML link.
"""

from __future__ import annotations

from typing import Any

from chalicelib.store import keys
from chalicelib.taxonomy import KINDS

Docs = dict[tuple[str, str], dict[str, Any]]  # (kind, id) -> document


def _named(kind: str, doc: dict[str, Any]) -> list[tuple[str, str]]:
    """The records a document names itself: one way of each link."""
    if kind in ("project", "festival-product"):
        named = [("announcement", doc["announcement_id"])]
        return named + ([("sector", doc["sector"])] if doc.get("sector") else [])
    if kind != "announcement":
        return []
    parts = (
        ("investment_briefing", "project_ids", "project"),
        ("investment_interests", "project_ids", "project"),
        ("festival", "product_ids", "festival-product"),
    )
    return [
        (target, ref)
        for part, field, target in parts
        for ref in (doc.get(part) or {}).get(field) or []
    ]


def link(kind: str, item_id: str) -> dict[str, str]:
    return {"type": kind, "id": item_id, "url": f"/v1/{KINDS[kind].path}/{item_id}"}


def _order(docs: Docs, key: tuple[str, str]) -> tuple[int, str]:
    """Links of one kind in the order its list shows them (newest announcement first)."""
    kind = KINDS[key[0]]
    position = keys.sort_key(kind, docs[key]) if key in docs else key[1]
    rank = list(KINDS).index(kind.name)
    return rank, "".join(
        chr(0x10FFFF - ord(c)) for c in position
    ) if kind.newest_first else position


def links(docs: Docs) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Every record's links: what it names, and what names it. Content validation has
    checked that each named record exists (coop.content.check_references)."""
    related: dict[tuple[str, str], set[tuple[str, str]]] = {key: set() for key in docs}
    for key, doc in docs.items():
        for target in _named(key[0], doc):
            related[key].add(target)
            related.setdefault(target, set()).add(key)
    return {
        key: [link(*target) for target in sorted(found, key=lambda t: _order(docs, t))]
        for key, found in related.items()
        if key in docs
    }
