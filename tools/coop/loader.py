"""Turn validated content into table items, plan the difference with the table, apply it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chalicelib import keys
from coop import table
from coop.content import Content

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


@dataclass
class Plan:
    add: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.add)} to add, {len(self.change)} to change, "
            f"{len(self.unchanged)} unchanged, {len(self.remove)} not in content"
        )


def documents(content: Content) -> dict[str, tuple[str, dict[str, Any]]]:
    """Stored documents by key; sectors get the number of projects that name them."""
    counts: dict[str, int] = {}
    for project in content.records["project"]:
        sector = getattr(project, "sector", None)
        if sector:
            counts[sector] = counts.get(sector, 0) + 1
    docs = {}
    for kind, models in content.records.items():
        for model in models:
            doc = model.model_dump(mode="json")
            if kind == "sector":
                doc["project_count"] = counts.get(doc["id"], 0)
            docs[keys.item_key(kind, doc["id"])["pk"]["S"]] = (kind, doc)
    return docs


def items(content: Content) -> dict[str, table.Item]:
    return {pk: keys.to_item(kind, doc) for pk, (kind, doc) in documents(content).items()}


def plan(wanted: dict[str, table.Item], stored: dict[str, table.Item], listed: set[str]) -> Plan:
    result = Plan()
    for pk, item in sorted(wanted.items()):
        if pk not in stored:
            result.add.append(pk)
        elif stored[pk] != item:
            result.change.append(pk)
        else:
            result.unchanged.append(pk)
    result.remove = sorted(listed - wanted.keys())
    return result


def load(db: DynamoDBClient, name: str, content: Content, *, dry_run: bool = False) -> Plan:
    """Write what differs. ``content`` must have no problems: validation comes first."""
    if content.problems:
        raise ValueError("content has problems; nothing was written")
    wanted = items(content)
    result = plan(wanted, table.get_many(db, name, wanted), table.listed_keys(db, name))
    if not dry_run:
        table.write(db, name, [wanted[pk] for pk in result.add + result.change], deletes=[])
    return result
