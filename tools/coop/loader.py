"""Plan and apply a load: validated content in, table items out, nothing lost on the way.

Each stored item carries ``created_at``, ``updated_at`` and ``version`` (also inside its
document, so the API serves them) and ``hash``, a digest of the record's content. A load
compares hashes: an unchanged record keeps its item untouched; a changed one gets a new
``updated_at`` and ``version + 1``. A record no longer in content/ is only listed, unless
``prune`` turns it into a tombstone: its key, kind, id, ``deleted_at``, ``updated_at`` and
``version``, with no document and no list membership, so the API no longer serves it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chalicelib.store import keys
from coop import links, searchindex, table
from coop.searchindex import SearchPlan

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from coop.content import Content

META = ("created_at", "updated_at", "version")
# Written by the loader, not the editors: export leaves them out.
COMPUTED = ("links", "project_record_count", "project_count")
# Bump when keys.to_item changes what it writes, so the next load rewrites every item.
ITEM_FORMAT = "4"  # 3: sectors count project_record_count; 4: every record has links


@dataclass
class Plan:
    add: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    live: dict[str, table.Item] = field(default_factory=dict)  # after the load: what is served
    search: SearchPlan = field(default_factory=SearchPlan)

    def summary(self) -> str:
        return (
            f"{len(self.add)} to add, {len(self.change)} to change, "
            f"{len(self.unchanged)} unchanged, {len(self.remove)} not in content"
        )


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def documents(content: Content) -> dict[str, tuple[str, dict[str, Any]]]:
    """Content documents by key, each with its links; sectors get the number of projects that
    name them."""
    counts: dict[str, int] = {}
    for project in content.records["project"]:
        sector = getattr(project, "sector", None)
        if sector:
            counts[sector] = counts.get(sector, 0) + 1
    dumped = {
        (kind, model.id): model.model_dump(mode="json")
        for kind, models in content.records.items()
        for model in models
    }
    linked = links.links(dumped)
    docs = {}
    for (kind, item_id), doc in dumped.items():
        if kind == "sector":
            # project_count is the first name of the same number, kept within /v1
            doc["project_record_count"] = doc["project_count"] = counts.get(item_id, 0)
        doc["links"] = linked[(kind, item_id)]
        docs[keys.item_key(kind, item_id)["pk"]["S"]] = (kind, doc)
    return docs


def content_hash(doc: dict[str, Any]) -> str:
    return hashlib.sha256((ITEM_FORMAT + keys.encode_doc(doc)).encode()).hexdigest()


def item(kind: str, doc: dict[str, Any], meta: dict[str, Any]) -> table.Item:
    stored = keys.to_item(kind, {**doc, **meta})
    stored.update(keys.change_keys(kind, doc["id"], meta["updated_at"]))
    stored["hash"] = {"S": content_hash(doc)}
    stored["updated_at"] = {"S": meta["updated_at"]}
    stored["version"] = {"N": str(meta["version"])}
    return stored


def tombstone(old: table.Item, at: str) -> table.Item:
    return {
        **keys.item_key(old["kind"]["S"], old["id"]["S"]),
        **keys.change_keys(old["kind"]["S"], old["id"]["S"], at),
        "kind": old["kind"],
        "id": old["id"],
        "deleted_at": {"S": at},
        "updated_at": {"S": at},
        "version": {"N": str(int(old.get("version", {"N": "0"})["N"]) + 1)},
    }


def _meta(old: table.Item | None, at: str) -> dict[str, Any]:
    if old is None:
        return {"created_at": at, "updated_at": at, "version": 1}
    version = int(old.get("version", {"N": "0"})["N"]) + 1
    if "doc" not in old:  # a tombstone coming back
        return {"created_at": at, "updated_at": at, "version": version}
    return {
        "created_at": keys.doc_of(old).get("created_at", at),
        "updated_at": at,
        "version": version,
    }


Build = Callable[[str], table.Item]
"""Makes one item to write, given the time it is written at."""


def plan_items(
    docs: dict[str, tuple[str, dict[str, Any]]], stored: dict[str, table.Item], listed: set[str]
) -> tuple[Plan, list[Build]]:
    """The plan, and how to build the item of each record added or changed."""
    result = Plan()
    builds: list[Build] = []
    for pk, (kind, doc) in sorted(docs.items()):
        old = stored.get(pk)
        if old is not None and "doc" in old and old.get("hash", {}).get("S") == content_hash(doc):
            result.unchanged.append(pk)
            continue
        (result.add if old is None or "doc" not in old else result.change).append(pk)
        builds.append(functools.partial(_build, kind, doc, old))
    result.remove = sorted(listed - docs.keys())
    return result, builds


def _build(kind: str, doc: dict[str, Any], old: table.Item | None, at: str) -> table.Item:
    return item(kind, doc, _meta(old, at))


def load(
    db: DynamoDBClient,
    name: str,
    content: Content,
    *,
    dry_run: bool = False,
    prune: bool = False,
    at: str | None = None,
) -> Plan:
    """Write what differs. ``content`` must have no problems: validation comes first.

    Each batch is stamped with the time it is written (DynamoDB's clock, or ``at`` in tests),
    so the change index never gets an entry older than what a sync client has already read.
    """
    if content.problems:
        raise ValueError("content has problems; nothing was written")
    docs = documents(content)
    with table.ServerClock(db) as server:  # set by the first response, of the Query below
        listed = table.listed_keys(db, name)
        stored = table.get_many(db, name, docs.keys() | listed)
    result, builds = plan_items(docs, stored, listed)
    # The search index of what the API will serve, built before anything is written: an
    # index the table cannot hold stops the load here (searchindex.Outgrown).
    served = _planned(docs, stored, result, at or server(), prune)
    search = searchindex.prepare(db, name, served)
    result.search = search.plan
    if dry_run:
        return result
    written = result.add + result.change
    if prune:
        builds += [functools.partial(tombstone, stored[pk]) for pk in result.remove if pk in stored]
        written += result.remove
    if builds and not at and server.offset is None:
        result.warnings.append(NO_DATE)
    _write(db, name, builds, (lambda: at) if at else server)
    # What the API now serves, for the bulk files: read back, as a retry may restamp an item.
    now = {**stored, **table.get_many(db, name, written)}
    result.live = {pk: item for pk, item in now.items() if "doc" in item}
    searchindex.apply(db, name, search)
    return result


def _planned(
    docs: dict[str, tuple[str, dict[str, Any]]],
    stored: dict[str, table.Item],
    result: Plan,
    moment: str,
    prune: bool,
) -> dict[str, tuple[str, dict[str, Any]]]:
    """What the API will serve after this load, as the search index reads it: the records
    kept as stored, those added or changed as ``moment`` stamps them (the index keeps only
    the day: a batch stamped a little later changes nothing), those not in content unless
    pruned."""
    kept = set(result.unchanged) | (set() if prune else set(result.remove))
    served = {
        pk: (item["kind"]["S"], keys.doc_of(item))
        for pk, item in stored.items()
        if pk in kept and "doc" in item
    }
    for pk in (*result.add, *result.change):
        kind, doc = docs[pk]
        old = stored.get(pk)
        created = keys.doc_of(old).get("created_at") if old and "doc" in old else None
        served[pk] = (kind, {**doc, "created_at": created or moment, "updated_at": moment})
    return served


NO_DATE = (
    "DynamoDB's answers had no Date header: items are stamped by this machine's clock, "
    "which sync trusts to be within 2 s of true"
)


def _write(db: DynamoDBClient, name: str, builds: list[Build], clock: Callable[[], str]) -> None:
    from tqdm import tqdm

    with tqdm(total=len(builds), unit="item", desc="writing", disable=None, leave=False) as bar:
        for start in range(0, len(builds), table.BATCH_WRITE):
            chunk = builds[start : start + table.BATCH_WRITE]
            written_at = clock()
            items = [build(written_at) for build in chunk]
            again = {item["pk"]["S"]: build for item, build in zip(items, chunk, strict=True)}
            table.write(db, name, items, restamp=functools.partial(_restamp, again, clock))
            bar.update(len(chunk))


def _restamp(builds: dict[str, Build], clock: Callable[[], str], item: table.Item) -> table.Item:
    """The item built again, stamped with the time it is sent again."""
    return builds[item["pk"]["S"]](clock())


def export_docs(db: DynamoDBClient, name: str) -> dict[str, list[dict[str, Any]]]:
    """Every live record as its content document: no metadata, nothing computed."""
    docs: dict[str, list[dict[str, Any]]] = {}
    for kind, stored in table.live_items(db, name):
        doc = keys.doc_of(stored)
        for key in (*META, *COMPUTED):
            doc.pop(key, None)
        docs.setdefault(kind, []).append(doc)
    return docs
