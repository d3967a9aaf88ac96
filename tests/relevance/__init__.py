"""The judged query set (judged.yaml) and its measures: whether each query passes, the mean
reciprocal rank of its first expected record, and recall@3."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

JUDGED = Path(__file__).with_name("judged.yaml")
TOP = 3


@dataclass(frozen=True)
class Judgment:
    q: str
    lang: str
    expect: tuple[str, ...] | None  # None: nothing may be found
    absent: tuple[str, ...]
    note: str = ""


def judgments() -> list[Judgment]:
    rows: list[dict[str, Any]] = yaml.safe_load(JUDGED.read_text(encoding="utf-8"))
    return [
        Judgment(
            q=str(row["q"]),
            lang=row.get("lang", "en"),
            expect=None if row.get("expect") == "none" else tuple(row.get("expect") or ()),
            absent=tuple(row.get("absent") or ()),
            note=row.get("note", ""),
        )
        for row in rows
    ]


@dataclass
class Outcome:
    judgment: Judgment
    found: list[str]  # type/id, best first

    @property
    def failures(self) -> list[str]:
        j, found = self.judgment, self.found
        wrong = []
        if j.expect is None and found:
            wrong.append(f"expected nothing, found {found[:TOP]}")
        for ref in j.expect or ():
            if ref not in found[:TOP]:
                wrong.append(f"{ref} not in the top {TOP}: {found[:TOP]}")
        wrong += [f"{ref} found" for ref in j.absent if ref in found]
        return wrong

    @property
    def reciprocal_rank(self) -> float:
        ranks = [self.found.index(r) + 1 for r in self.judgment.expect or () if r in self.found]
        return 1 / min(ranks) if ranks else 0.0

    @property
    def recall(self) -> float:
        expected = self.judgment.expect or ()
        return sum(r in self.found[:TOP] for r in expected) / len(expected)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def ranked(self) -> list[Outcome]:
        """The queries with expected records (MRR and recall are theirs)."""
        return [o for o in self.outcomes if o.judgment.expect]

    @property
    def mrr(self) -> float:
        return sum(o.reciprocal_rank for o in self.ranked) / len(self.ranked)

    @property
    def recall_at_3(self) -> float:
        return sum(o.recall for o in self.ranked) / len(self.ranked)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failures]


def measure(search: Callable[[str, str], list[str]]) -> Report:
    """Every judged query through ``search(q, lang)``, which returns type/id best first."""
    return Report([Outcome(j, search(j.q, j.lang)) for j in judgments()])
