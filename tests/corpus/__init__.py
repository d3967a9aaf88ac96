"""The editors' corpus: releases written by the team, each with damage of known kinds, its
golden draft (``.yaml``) and report (``.report``), and the measure of repair against
``damage.yaml``: per rule, repairs made, false repairs, damage found and left."""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from coop import cli

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = sorted(HERE.glob("*.txt"))
LINE = re.compile(
    r"^(repaired|note|review) .*?: field '(.*?)': ([\w-]+): '(.*)' -> '(.*?)'(?: \(|$)"
)


@dataclass(frozen=True)
class Drafted:
    code: int
    draft: str
    report: str


def run(case: Path) -> Drafted:
    """`coop import-release` on a case, as an editor runs it from the top of the checkout."""
    out, err = io.StringIO(), io.StringIO()
    path = case.relative_to(ROOT)
    argv = [
        "import-release",
        str(path),
        "--id",
        case.stem,
        "--content",
        str(HERE.relative_to(ROOT)),
    ]
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return Drafted(code, out.getvalue(), err.getvalue())


def planted() -> dict[str, list[list[str]]]:
    return yaml.safe_load((HERE / "damage.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass
class Tally:
    made: Counter[str] = field(default_factory=Counter)
    false: Counter[str] = field(default_factory=Counter)
    planted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    false_lines: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def _matches(entry: list[str], line: tuple[str, ...]) -> bool:
    rule, before, after = entry[:3]
    return line[2] == rule and before in line[3] and after in line[4]


def measure(reports: dict[str, str]) -> Tally:
    """Repairs and notes in the reports against the planted damage of each case."""
    tally = Tally()
    for name, entries in planted().items():
        lines = [m.groups() for m in map(LINE.match, reports[name].splitlines()) if m]
        for line in lines:
            if line[0] == "review":
                continue
            tally.made[line[2]] += 1
            if not any(_matches(entry, line) for entry in entries):
                tally.false[line[2]] += 1
                tally.false_lines.append(f"{name}: {line}")
        for entry in entries:
            tally.planted[entry[0]] += 1
            if any(_matches(entry, line) for line in lines):
                tally.found[entry[0]] += 1
            else:
                tally.missed.append(f"{name}: {entry}")
    return tally


def reviews(report: str) -> int:
    return sum(1 for line in report.splitlines() if line.startswith("review "))
