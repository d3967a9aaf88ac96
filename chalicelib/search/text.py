"""Text into search terms, the same way for the index (coop load) and for a query.

Text is NFKC-normalized and lower-cased, and each Traditional character is read as its
Simplified form (hans.json, made from OpenCC by ``coop search-table``), so 數據中心 and
数据中心 give the same terms, and an offset in the text is an offset in what was read.

    Chinese   every character (a one-character query matches it) and every overlapping pair
              of characters of a run: 冷链物流 -> 冷 链 物 流 冷链 链物 物流
    English   words, lower-cased, accents dropped, without stop words, stemmed by Snowball's
              English stemmer (to its fixed point): centers -> center, warehouses -> wareh;
              a word of another script (Cyrillic, kana) is one term as it is

Each term has a position in its stream (Chinese characters, or English words) so that a
query's terms can be found next to each other.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

# Han ideographs: the unified block, extension A, compatibility ideographs, extensions B-H.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
IS_HAN = re.compile(rf"[{HAN}]")
# A run of Han characters, or a word of any other script (letters and digits, an apostrophe
# inside: california's).
RUN = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+(?:'[^\W_{HAN}]+)?")
APOSTROPHES = {"\u2019": "'", "\u02bc": "'", "\u2032": "'", "\uff07": "'"}
# The commonest English function words: they say nothing about what a record is about.
STOP_WORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "over",
        "she",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
    )
)
TABLE = Path(__file__).with_name("hans.json")


@dataclass(frozen=True)
class Token:
    term: str
    stream: str  # "zh" or "en"
    position: int  # in its stream
    start: int  # where the term's text begins in the text given
    end: int


@cache
def _hans() -> dict[str, str]:
    loaded: dict[str, str] = json.loads(TABLE.read_text(encoding="utf-8"))
    return loaded


@cache
def _stemmer() -> Any:
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()


def read(text: str) -> str:
    """``text`` as terms are found in it: one character for each of ``text``'s characters."""
    return "".join(map(_fold, text))


@lru_cache(maxsize=20_000)
def _fold(char: str) -> str:
    """One character as search reads it: NFKC (full-width letters are letters), lower case,
    the accents of a letter dropped (é is e), a typographic apostrophe as ', and a
    Traditional character as its Simplified form. Always one character: offsets hold."""
    normal = unicodedata.normalize("NFKC", char).lower()
    if len(normal) != 1:  # ﬁ, İ and the like keep their one place
        normal = char.lower() if len(char.lower()) == 1 else char
    normal = APOSTROPHES.get(normal, normal)
    if normal > "\x7f" and not IS_HAN.match(normal):
        base = unicodedata.normalize("NFD", normal)
        if len(base) > 1 and all(unicodedata.combining(mark) for mark in base[1:]):
            normal = base[0]
    return _hans().get(normal, normal)


def is_han(term: str) -> bool:
    return bool(IS_HAN.match(term))


@lru_cache(maxsize=100_000)  # a text repeats its words: the loader stems each once
def stem(word: str) -> str:
    """Snowball's English stem, taken again until it stays the same: one pass gives
    warehousing -> wareh but warehouse -> warehous; a second pass brings both to wareh."""
    stemmer = _stemmer()
    for _ in range(3):
        stemmed = str(stemmer.stemWord(word))
        if stemmed == word:
            break
        word = stemmed
    return word


def tokens(text: str) -> Iterator[Token]:
    """The terms of ``text``, in order, with their positions and offsets."""
    zh = en = 0
    for match in RUN.finditer(read(text)):
        run, at = match.group(), match.start()
        if not is_han(run):
            if run not in STOP_WORDS:
                yield Token(_word(run), "en", en, at, match.end())
                en += 1
            continue
        for i, char in enumerate(run):
            yield Token(char, "zh", zh + i, at + i, at + i + 1)
            if i + 1 < len(run):
                yield Token(run[i : i + 2], "zh", zh + i, at + i, at + i + 2)
        zh += len(run)


def _word(run: str) -> str:
    """An English word's stem; a word of another script as it is."""
    return stem(run) if run.isascii() else run


def words(query: str) -> list[list[str]]:
    """A query's words, each as the terms that must all be found for it: a Chinese run as its
    pairs (or its one character), another word as its stem. Stop words are left out."""
    found = []
    for match in RUN.finditer(read(query)):
        run = match.group()
        if not is_han(run):
            if run not in STOP_WORDS:
                found.append([_word(run)])
        elif len(run) == 1:
            found.append([run])
        else:
            found.append([run[i : i + 2] for i in range(len(run) - 1)])
    return found
