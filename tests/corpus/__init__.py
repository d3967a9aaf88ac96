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

from coop import cli, repair

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


def _core(before: str, after: str) -> tuple[str, str]:
    """What an edit changes: both sides without their common beginning and end."""
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return before[head : len(before) - tail], after[head : len(after) - tail]


def _matches(entry: list[str], line: tuple[str, ...]) -> bool:
    """The same rule making the same change at the same place: the line's excerpts hold the
    entry's, or both hold the same change with a character of context (with or without the
    spaces: the draft joins a paragraph's Chinese lines without them)."""
    rule, before, after = entry[:3]
    if line[2] != rule:
        return False
    if before in line[3] and after in line[4]:
        return True
    return any(
        _same_change(b, a, line)
        for b, a in ((before, after), (before.replace(" ", ""), after.replace(" ", "")))
    )


def _same_change(before: str, after: str, line: tuple[str, ...]) -> bool:
    core, _ = _core(before, after)
    at = before.find(core)
    context = before[max(0, at - 1) : at + len(core) + 1]
    return _core(before, after) == _core(line[3], line[4]) and context in line[3]


def texts(draft: str) -> str:
    """Every text of a draft, as loading makes it (both scripts), NUL between texts."""
    localized, _ = repair.repair(yaml.safe_load(draft))
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.append(value)

    walk(localized)
    return "\x00".join(found)


def measure(drafts: dict[str, Drafted]) -> Tally:
    """Repairs and notes in the reports against the planted damage of each case. A planted
    damage is found by a report line that makes its change, or when its text, spaces aside,
    is in no text of the draft (a missing space before an initiative is mended by splitting
    there)."""
    tally = Tally()
    for name, entries in planted().items():
        report, drafted = drafts[name].report, texts(drafts[name].draft)
        lines = [m.groups() for m in map(LINE.match, report.splitlines()) if m]
        for line in lines:
            if line[0] == "review":
                continue
            tally.made[line[2]] += 1
            if not any(_matches(entry, line) for entry in entries):
                tally.false[line[2]] += 1
                tally.false_lines.append(f"{name}: {line}")
        for entry in entries:
            tally.planted[entry[0]] += 1
            gone = entry[1].replace(" ", "") not in drafted.replace(" ", "")
            if any(_matches(entry, line) for line in lines) or gone:
                tally.found[entry[0]] += 1
            else:
                tally.missed.append(f"{name}: {entry}")
    return tally


def broken_traps(drafts: dict[str, Drafted]) -> list[str]:
    """Correct text that looks like damage (traps.yaml), changed by the draft."""
    traps = yaml.safe_load((HERE / "traps.yaml").read_text(encoding="utf-8"))
    return [
        f"{name}: {trap}"
        for name, kept in traps.items()
        for trap in kept
        if trap not in texts(drafts[name].draft)
    ]


def reviews(report: str) -> int:
    return sum(1 for line in report.splitlines() if line.startswith("review "))
