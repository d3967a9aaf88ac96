"""The search index coop load keeps beside the records: each term's postings, the statistics,
and a directory of terms with their hashes, so that a load writes only what changed.

Items (keys in chalicelib.store.keys): ``search#t#<term>`` with the term's entries;
``search#stats``; ``search#dir#<n>`` for n in 0..1023, each the terms whose key hashes to it
and a 48-bit hash of each term's item. A load reads the directory (one BatchGetItem per 100
buckets), writes the items that differ and deletes the terms no record has any more.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chalicelib.search import text
from chalicelib.search.postings import (
    FORMAT,
    MAX_POSITIONS,
    Entry,
    Stats,
    encode_entries,
    texts,
)
from chalicelib.search.rank import impact
from chalicelib.store import keys
from chalicelib.taxonomy import KINDS
from coop import table
from coop.errors import Outgrown

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# A term's item stays well under DynamoDB's 400 KB: past this, a term keeps the entries where
# it weighs most (a term that common restricts nothing: chalicelib.search.rank).
MAX_BYTES = 100_000
BUCKETS = 1024  # directory items: each lists the terms whose key hashes to it
DIRECTORY_BYTES = 350_000  # a bucket's JSON, under DynamoDB's 400 KB item


@dataclass
class SearchPlan:
    add: int = 0
    change: int = 0
    remove: int = 0
    unchanged: int = 0
    largest: tuple[str, int] = ("", 0)  # the term with the most entries, and how many
    cut: int = 0  # terms kept in part (longer than MAX_BYTES)
    size: int = 0  # bytes of every posting list stored

    def summary(self, dry_run: bool) -> str:
        verb = "would write" if dry_run else "wrote"
        term, entries = self.largest
        terms = self.add + self.change + self.unchanged - 1  # less the statistics
        return (
            f"search index: {verb} {self.add + self.change} item(s) ({self.add} new), deleted"
            f" {self.remove}{' (would be)' if dry_run else ''}, {self.unchanged} unchanged;"
            f" {terms} terms in {self.size / 1e6:.1f} MB, {self.cut} kept in part;"
            f" the longest list: {term}, {entries} record(s)"
        )


@dataclass
class Index:
    entries: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    stats: Stats = field(default_factory=lambda: Stats(0, {}))


def build(docs: dict[str, tuple[str, dict[str, Any]]]) -> Index:
    """The postings of every record in ``docs`` (key -> kind, served document), and the
    statistics: the record count and, for each kind, the average length of each field."""
    index = Index()
    totals: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    counts: dict[str, int] = defaultdict(int)
    for _, (kind, doc) in sorted(docs.items()):
        ref = f"{kind}#{doc['id']}"
        sector = doc["id"] if kind == "sector" else doc.get("sector") or ""
        # The newest first on ties: the day published, else the day first loaded; not
        # updated_at, which would rewrite every term of a record at each edit.
        date = str(doc.get("published_at") or doc.get("created_at") or "")[:10]
        counts[kind] += 1
        found: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for name, by_lang in texts(KINDS[kind], doc).items():
            for stream, length in _add(found, name, _streams(by_lang)).items():
                totals[kind][stream][name] += length
        for term, fields in found.items():
            index.entries[term].append(Entry(ref, sector, date, fields))
    average = {
        kind: {s: {f: n / counts[kind] for f, n in by.items()} for s, by in streams.items()}
        for kind, streams in totals.items()
    }
    index.stats = Stats(len(docs), average)
    return index


def _streams(by_lang: dict[str, str]) -> list[text.Token]:
    """A field's Chinese terms from its Chinese text and its words from its English text;
    from the other language's text when the field lacks one."""
    chinese, english = by_lang["zh"] or by_lang["en"], by_lang["en"] or by_lang["zh"]
    return [t for t in text.tokens(chinese) if t.stream == "zh"] + [
        t for t in text.tokens(english) if t.stream == "en"
    ]


def _add(found: dict[str, dict[str, list[int]]], name: str, tokens: Any) -> dict[str, int]:
    """Each token's position under its term and field; the length of each stream."""
    lengths: dict[str, int] = defaultdict(int)
    seen = list(tokens)
    for token in seen:
        lengths[token.stream] = max(lengths[token.stream], token.position + 1)
    for token in seen:
        positions = found[token.term].setdefault(name, [lengths[token.stream]])
        if len(positions) <= MAX_POSITIONS:
            positions.append(token.position)
    return lengths


def items(index: Index) -> dict[str, table.Item]:
    """Every item of the index: each term's, and the statistics'."""
    made = {keys.search_stats()["pk"]["S"]: _stats_item(index.stats)}
    for term, entries in index.entries.items():
        key = keys.posting_key(term)
        made[key["pk"]["S"]] = _posting_item(key, term, entries, index.stats)
    return made


def _stats_item(stats: Stats) -> table.Item:
    body = stats.encode()
    return {**keys.search_stats(), "s": {"S": body}, "hash": {"S": _hash(body)}}


def _posting_item(key: table.Item, term: str, entries: list[Entry], stats: Stats) -> table.Item:
    """A term's item: every entry, in record order; past MAX_BYTES, the entries where the term
    weighs most, best first, as many as fit."""
    body = encode_entries(entries)
    kept = len(entries)
    if len(body.encode()) > MAX_BYTES:
        ranked = sorted(entries, key=lambda e: (-impact(e, term, len(entries), stats), e.ref))
        size, kept = 2, 0  # the brackets
        for entry in ranked:
            size += len(json.dumps(entry.encode(), ensure_ascii=False).encode()) + 1
            if size > MAX_BYTES:
                break
            kept += 1
        body = encode_entries(ranked[:kept])
    return {
        **key,
        "p": {"S": body},
        "n": {"N": str(len(entries))},
        "c": {"BOOL": kept == len(entries)},
        "hash": {"S": _hash(f"{body}|{len(entries)}")},
    }


def _hash(body: str) -> str:
    return hashlib.sha256((FORMAT + body).encode()).hexdigest()[:12]


def bucket(pk: str) -> int:
    return int.from_bytes(hashlib.sha256(pk.encode()).digest()[:4], "big") % BUCKETS


def directory(listing: dict[str, str]) -> dict[str, table.Item]:
    """The directory items of ``listing`` (pk -> hash), by bucket: every bucket, empty or not.
    A bucket past DIRECTORY_BYTES is refused before anything is written."""
    listed: dict[int, dict[str, str]] = defaultdict(dict)
    for pk, hashed in listing.items():
        listed[bucket(pk)][pk] = hashed
    made = {}
    for n in range(BUCKETS):
        body = json.dumps(listed.get(n, {}), ensure_ascii=False, sort_keys=True)
        if len(body.encode()) > DIRECTORY_BYTES:
            raise Outgrown(
                f"the search index has {len(listing):,} terms, more than its directory of"
                f" {BUCKETS} items holds; raise BUCKETS in tools/coop/searchindex.py"
            )
        made[keys.search_directory(n)["pk"]["S"]] = {**keys.search_directory(n), "d": {"S": body}}
    return made


@dataclass
class Update:
    """What a load changes in the index, computed before anything is written: the postings
    that differ, the terms no record has any more, the statistics (None if unchanged), and
    the directory buckets to write before the postings and after them."""

    plan: SearchPlan
    puts: list[table.Item]
    gone: list[str]
    stats: table.Item | None
    before: list[table.Item]
    after: list[table.Item]


def prepare(db: DynamoDBClient, name: str, docs: dict[str, tuple[str, dict[str, Any]]]) -> Update:
    """The index of ``docs`` against the one stored."""
    made = items(build(docs))
    old = _stored_directory(db, name)
    plan = SearchPlan()
    changed = []
    for pk, item in sorted(made.items()):
        before = old.get(pk)
        if before == item["hash"]["S"]:
            plan.unchanged += 1
            continue
        plan.add += before is None
        plan.change += before is not None
        changed.append(item)
    gone = sorted(old.keys() - made.keys())
    plan.remove = len(gone)
    counts = [(int(item["n"]["N"]), pk) for pk, item in made.items() if "n" in item]
    most, term = max(counts, default=(0, ""))
    plan.largest = (term.removeprefix(keys.posting_key("")["pk"]["S"]), most)
    postings = [item for item in made.values() if "p" in item]
    plan.cut = sum(not item["c"]["BOOL"] for item in postings)
    plan.size = sum(len(item["p"]["S"].encode()) for item in postings)
    stats_pk = keys.search_stats()["pk"]["S"]
    stats = next((item for item in changed if item["pk"]["S"] == stats_pk), None)
    puts = [item for item in changed if item["pk"]["S"] != stats_pk]
    # Before the postings: the old directory with every new term listed, unwritten (an empty
    # hash), so that a load cut short leaves no term the next load would not see.
    stored = directory(old)
    listed = directory({**old, **{i["pk"]["S"]: "" for i in changed if i["pk"]["S"] not in old}})
    final = directory({pk: item["hash"]["S"] for pk, item in made.items()})
    return Update(
        plan,
        puts,
        gone,
        stats,
        before=[item for pk, item in listed.items() if item != stored[pk]],
        after=[item for pk, item in final.items() if item != listed[pk]],
    )


def apply(db: DynamoDBClient, name: str, update: Update) -> None:
    """The new terms listed, the postings written, the terms gone deleted, then the
    statistics, which hold the format the Lambda checks, and the directory as it now is."""
    if not (update.puts or update.gone or update.stats):
        return
    table.write(db, name, update.before)
    table.write(db, name, update.puts)
    table.delete(db, name, update.gone)
    table.write(db, name, [update.stats] if update.stats else [])
    table.write(db, name, update.after)


def _stored_directory(db: DynamoDBClient, name: str) -> dict[str, str]:
    """pk -> hash of every index item the table holds, from its directory."""
    pks = [keys.search_directory(n)["pk"]["S"] for n in range(BUCKETS)]
    found: dict[str, str] = {}
    for item in table.get_many(db, name, pks).values():
        found.update(json.loads(item["d"]["S"]))
    return found
