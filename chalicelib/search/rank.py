"""Which records match a query, and in what order: BM25 over weighted fields, with a bonus
where the query's terms stand next to each other, ties broken by the newest.

A record matches when it has every term of the query whose postings are complete. A term in
so many records that its item keeps only the entries where it weighs most
(postings.Postings.complete is false) cannot tell which other records have it, so it does
not restrict the matches, only ranks them (the answer says it is not exhaustive): at scale,
`cold chain logistics` must still find the cold-chain project, whose entry for the common
`logistics` may not be among those kept. A query of such terms only matches the records of
any of them. When nothing matches, a search may ask again ``relaxed``: a Chinese word of four
characters or more then needs two thirds of its pairs, so 数据中心 finds 数据运营中心 (数据
and 中心, not 据中).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chalicelib.search.postings import FIELDS, Entry, Postings, Stats
from chalicelib.search.text import is_han

WEIGHTS = {"t": 3.0, "s": 2.0, "b": 1.0}  # title above summary above body
K1, B = 1.2, 0.75
ADJACENT = 0.5  # the most a record gains when every pair of query terms stands together
RELAXED_FROM = 3  # pairs in a Chinese word (four characters) before a relaxed search needs fewer


@dataclass(frozen=True)
class Hit:
    ref: str
    score: float
    sector: str
    date: str

    @property
    def key(self) -> tuple[str, str]:
        """(kind, id)"""
        kind, item_id = self.ref.split("#", 1)
        return kind, item_id

    @property
    def kind(self) -> str:
        return self.key[0]


def stream(term: str) -> str:
    """``zh`` for Chinese characters and pairs, ``en`` for words."""
    return "zh" if is_han(term) else "en"


def impact(entry: Entry, term: str, count: int, stats: Stats) -> float:
    """One term's BM25F share of one record's score."""
    averages = stats.average.get(entry.kind, {}).get(stream(term), {})
    weighted = 0.0
    for name, (length, *positions) in entry.fields.items():
        average = averages.get(name) or 1.0
        weighted += WEIGHTS[name] * len(positions) / (1 - B + B * length / average)
    idf = math.log(1 + (stats.records - count + 0.5) / (count + 0.5))
    return idf * weighted * (K1 + 1) / (weighted + K1)


def rank(
    words: list[list[str]], postings: dict[str, Postings], stats: Stats, relaxed: bool = False
) -> list[Hit]:
    """Every matching record, best first. ``words``: the query's words, each as its terms
    (chalicelib.search.text.words). A record matches when it has every term of every word;
    ``relaxed``, when it has at least two thirds of each Chinese word's pairs."""
    terms = list(dict.fromkeys(t for word in words for t in word))
    found = {t: {e.ref: e for e in postings[t].entries} for t in terms if t in postings}
    needs = _needs(words, postings, relaxed)
    whole = [found.get(t, {}) for t in terms if t not in postings or postings[t].complete]
    if relaxed or not whole:  # any record of any term, then each word's needs
        refs = {ref for entries in found.values() for ref in entries}
    else:  # the records of the shortest whole list that are in every other whole one
        shortest = min(whole, key=len)
        refs = {ref for ref in shortest if all(ref in entries for entries in whole)}
    links = _links(words)
    hits = []
    for ref in refs:
        if any(sum(ref in found.get(t, ()) for t in word) < need for word, need in needs):
            continue
        entries = {t: found[t][ref] for t in terms if ref in found.get(t, ())}
        score = sum(impact(e, t, postings[t].count, stats) for t, e in entries.items())
        together = sum(1 for a, b, step in links if _next_to(entries.get(a), entries.get(b), step))
        bonus = 1 + ADJACENT * together / len(links) if links else 1.0
        first = next(iter(entries.values()))
        hits.append(Hit(ref, score * bonus, first.sector, first.date))
    hits.sort(key=lambda hit: hit.ref)
    hits.sort(key=lambda hit: hit.date, reverse=True)
    hits.sort(key=lambda hit: round(hit.score, 9), reverse=True)
    return hits


def relaxes(words: list[list[str]]) -> bool:
    """Whether ``relaxed`` asks for less than all: a Chinese word of four characters or more."""
    return any(len(word) >= RELAXED_FROM and stream(word[0]) == "zh" for word in words)


def _needs(
    words: list[list[str]], postings: dict[str, Postings], relaxed: bool
) -> list[tuple[list[str], int]]:
    """Each word's terms that restrict the matches (those whose lists are whole, and those no
    record has), and how many of them a record needs: all, or when ``relaxed`` two thirds of
    a long Chinese word's."""
    needs = []
    for word in words:
        restricting = [t for t in word if t not in postings or postings[t].complete]
        need = len(restricting)
        if relaxed and len(word) >= RELAXED_FROM and stream(word[0]) == "zh":
            need = math.ceil(need * 2 / 3)
        needs.append((restricting, need))
    return needs


def _links(words: list[list[str]]) -> list[tuple[str, str, int]]:
    """Each pair of the query's terms that stand next to each other when the query's text
    does, and how far apart their positions are then: the next pair of a Chinese run starts
    one character on; the next word starts after the last one's text."""
    links = [(a, b, 1) for word in words for a, b in zip(word, word[1:], strict=False)]
    for before, after in zip(words, words[1:], strict=False):
        a, b = before[-1], after[0]
        if stream(a) == stream(b):
            links.append((a, b, len(a) if stream(a) == "zh" else 1))
    return links


def _next_to(a: Entry | None, b: Entry | None, step: int) -> bool:
    if a is None or b is None:
        return False
    for name in FIELDS:
        first, second = a.fields.get(name), b.fields.get(name)
        if first and second and {p + step for p in first[1:]} & set(second[1:]):
            return True
    return False
