"""``GET /v1/search``: a query's parameters in, a ranked, faceted, highlighted page out.

A page costs two DynamoDB requests whatever the table holds: one BatchGetItem for the
query's postings and the statistics, one for the documents of the page (none when nothing
matches); with ``include=links``, one more for the records they link to. The cursor is signed
and bound to the query and its filters; it holds how many results came before and the page
size the chain started with. ``fields=`` cuts each result and its highlights.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from chalicelib.api import cursors, views
from chalicelib.api.cursors import Cursor
from chalicelib.api.params import MAX_LIMIT
from chalicelib.api.select import Selection, included, parse_fields_across, parse_include, project
from chalicelib.errors import InvalidParameter, ServiceUnavailable, shown
from chalicelib.search import rank, text
from chalicelib.search.highlight import highlights
from chalicelib.search.postings import FORMAT
from chalicelib.store.dynamodb import Store
from chalicelib.taxonomy import KINDS, SECTORS

MAX_QUERY = 100  # characters
# Distinct terms in one query: each is one key of the postings' BatchGetItem (100 at most,
# with the statistics), and the item of a very common term is up to MAX_BYTES (100 KB) to
# read and decode: 40 of them stay under 4 MB, far inside BatchGetItem's 16 MB answer.
MAX_TERMS = 40
MAX_OFFSET = 100_000


@dataclass(frozen=True)
class Search:
    words: list[list[str]]
    types: tuple[str, ...]
    sector: str | None
    limit: int
    cursor: str | None
    fields: dict[str, Selection | None] = field(default_factory=dict)  # by kind
    include: bool = False

    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys(t for word in self.words for t in word))

    @property
    def binding(self) -> str:
        return "search|" + json.dumps([self.words, self.types, self.sector], ensure_ascii=False)


def query_words(query: str) -> list[list[str]]:
    """``q``'s words (chalicelib.search.text.words); a 400 when it is too long or holds
    control characters. No words (spaces, punctuation) is the caller's to answer."""
    if len(query) > MAX_QUERY:
        raise InvalidParameter("q", f"must be at most {MAX_QUERY} characters; got {len(query)}")
    if any(ord(char) < 32 and char not in "\t\n\r" or char == "\x7f" for char in query):
        raise InvalidParameter("q", f"must not hold control characters; got {shown(query)}")
    return text.words(query)


def parse(values: dict[str, str], limit: int) -> Search:
    """The query's words and filters; a 400 naming the parameter that is wrong."""
    query = values.get("q", "")
    if not query.strip():
        raise InvalidParameter("q", "is required: the words to search for")
    words = query_words(query)
    if not words:
        reason = "has nothing to search for: only punctuation, spaces or the commonest words"
        raise InvalidParameter("q", f"{reason}; got {shown(query)}")
    given = values["type"].split(",") if "type" in values else []
    types = tuple(sorted(set(given)))
    if any(name not in KINDS for name in types):  # an empty one too: type= filters nothing
        known = ", ".join(KINDS)
        raise InvalidParameter(
            "type",
            f"must be one or more of {known}, separated by commas; got {shown(values['type'])}",
        )
    sector = values.get("sector")
    if sector is not None and sector not in SECTORS:
        raise InvalidParameter(
            "sector", f"must be one of {', '.join(SECTORS)}; got {shown(sector)}"
        )
    kinds = [KINDS[name] for name in types or KINDS]
    fields = parse_fields_across(values.get("fields"), kinds)
    include = parse_include(values.get("include"))
    found = Search(words, types, sector, limit, values.get("cursor"), fields, include)
    if len(found.terms) > MAX_TERMS:
        raise InvalidParameter("q", f"has more than {MAX_TERMS} terms; ask for less at once")
    return found


def answer(store: Store, search: Search, lang: str, secret: bytes) -> dict[str, Any]:
    """``{"items", "next_cursor", "total", "facets", "relaxed", "exhaustive"}`` (and with
    ``include``, ``includes``) for one page of results."""
    offset, limit = _position(search, secret)
    postings, stats = store.postings(search.terms)
    if stats is not None and stats.format != FORMAT:
        raise ServiceUnavailable("The search index is being rebuilt; retry shortly.")
    hits: list[rank.Hit] = []
    chosen: list[rank.Hit] = []
    relaxed = False
    if stats is not None:
        hits = rank.rank(search.words, postings, stats)
        chosen = _chosen(hits, search)
        if not chosen and rank.relaxes(search.words):  # the same postings, asked for less
            loose = rank.rank(search.words, postings, stats, relaxed=True)
            if loose_chosen := _chosen(loose, search):
                hits, chosen, relaxed = loose, loose_chosen, True
    facets = _facets(hits, search)
    page = chosen[offset : offset + limit]
    docs = store.batch_get([hit.key for hit in page])
    terms = set(search.terms)
    items, shown, on_page = [], [], set()
    for hit in page:
        doc = docs.get(hit.key)
        if doc is not None:  # pruned since the index was written: left out
            selection = search.fields.get(hit.kind)
            shaped = views.shape(KINDS[hit.kind], doc, lang)
            found = highlights(doc, shaped, terms, selection)
            items.append({**project(shaped, selection), "score": round(hit.score, 4),
                          "highlights": found})  # fmt: skip
            shown.append(doc)
            on_page.add(hit.key)
    more = offset + limit < len(chosen)
    following = Cursor(offset + limit, limit)
    return {
        "items": items,
        "next_cursor": cursors.encode(secret, search.binding, following) if more else None,
        "total": len(chosen),
        "facets": facets,
        "relaxed": relaxed,
        "exhaustive": all(postings[t].complete for t in search.terms if t in postings),
        **(included(store, shown, lang, on_page) if search.include else {}),
    }


def _position(search: Search, secret: bytes) -> tuple[int, int]:
    """How many results came before this page, and the chain's page size."""
    if search.cursor is None:
        return 0, search.limit
    cursor = cursors.decode(secret, search.binding, search.cursor, MAX_LIMIT)
    if type(cursor.key) is not int or not 0 < cursor.key <= MAX_OFFSET:
        raise cursors.malformed()
    return cursor.key, cursor.limit or search.limit


def _chosen(hits: list[rank.Hit], search: Search) -> list[rank.Hit]:
    """The hits of the types and sector asked for."""
    return [hit for hit in hits if _wanted(hit, search.types, search.sector)]


def _wanted(hit: rank.Hit, types: tuple[str, ...], sector: str | None) -> bool:
    return (not types or hit.kind in types) and (sector is None or hit.sector == sector)


def _facets(hits: list[rank.Hit], search: Search) -> dict[str, dict[str, int]]:
    """Counts by type (among the sector asked for) and by sector (among the types asked for):
    what each other choice would give."""
    types: dict[str, int] = {}
    sectors: dict[str, int] = {}
    for hit in hits:
        if _wanted(hit, (), search.sector):
            types[hit.kind] = types.get(hit.kind, 0) + 1
        if hit.sector and _wanted(hit, search.types, None):
            sectors[hit.sector] = sectors.get(hit.sector, 0) + 1
    return {"type": dict(sorted(types.items())), "sector": dict(sorted(sectors.items()))}
