"""Content files: read and validate content/<kind>/<id>.yaml, check references, dump canonically."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from chalicelib.taxonomy import KINDS, SECTORS
from coop import errors, itemsize, repair, scripts, yamlfile
from coop.models import MODELS, Announcement, FestivalProduct, Project, Record

__all__ = ["Content", "Problem", "Record", "dump", "read"]

SOURCES_DIR = "sources"
GLOSSARY = "scripts.yaml"
WHERE = "records are <kind folder>/<id>.yaml (docs/editing.md)"
CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str
    kind: str = "problem"  # or a repair's kind: damage, note, review

    def __str__(self) -> str:
        return f"{self.file}: record {self.record!r}: field {self.field!r}: {self.message}"


@dataclass
class Content:
    """Validated records by kind, in file order; ``problems`` empty means loadable."""

    records: dict[str, list[Record]] = field(default_factory=lambda: {k: [] for k in KINDS})
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    stems: set[tuple[str, str]] = field(default_factory=set)  # (kind, file stem), even if invalid
    problems: list[Problem] = field(default_factory=list)
    repairs: list[Problem] = field(default_factory=list)
    glossary: dict[str, str] = field(default_factory=dict)

    def count(self) -> int:
        return sum(len(items) for items in self.records.values())


def dump(model: Record, glossary: scripts.Glossary = scripts.NO_GLOSSARY) -> str:
    """The one canonical text of a record: export writes it, and content/ is kept in it.

    Of a text in both Chinese scripts, the one that loading would derive from the other
    unchanged and without a review is left out (``zh-Hant`` first): a text keeps both only
    where they are the editor's override.
    """
    data = _without_derived(model.model_dump(mode="json", exclude_none=True), glossary)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


def _without_derived(value: Any, glossary: scripts.Glossary) -> Any:
    if isinstance(value, list):
        return [_without_derived(item, glossary) for item in value]
    if not isinstance(value, dict):
        return value
    if isinstance(value.get(scripts.HANS), str) and isinstance(value.get(scripts.HANT), str):
        for given in (scripts.HANS, scripts.HANT):
            derived, choices = scripts.derive(value[given], scripts.other(given), glossary)
            reviewed = any(choice.rule in repair.REVIEWS for choice in choices)
            if derived == value[scripts.other(given)] and not reviewed:
                return {k: v for k, v in value.items() if k != scripts.other(given)}
        return value
    return {key: _without_derived(item, glossary) for key, item in value.items()}


def read(root: Path, *, strict: bool = False) -> Content:
    """Every file, repaired then validated; with ``strict`` a needed repair is a problem."""
    content = Content()
    content.problems.extend(_outside_layout(root))
    if not root.is_dir():
        content.problems.append(Problem(str(root), "-", "-", "is not a folder"))
    content.glossary = read_glossary(root / GLOSSARY, content.problems)
    for kind in KINDS.values():
        for path in sorted((root / kind.path).glob("*.y*ml")):
            _read_file(content, kind.name, path)
    if strict:
        content.problems.extend(
            Problem(p.file, p.record, p.field, f"{LEFTOVER[p.kind]} ({p.message})")
            for p in content.repairs
            if p.kind in LEFTOVER
        )
    content.problems.extend(check_references(content))  # an invalid file still counts as there
    content.problems.extend(
        Problem(content.files[(kind, record)], record, "-", _TOO_LARGE.format(size=size))
        for kind, record, size in itemsize.oversized(content)
    )
    return content


_TOO_LARGE = f"makes a DynamoDB item of {{size:,}} bytes; the limit is {itemsize.LIMIT:,} (400 KB)"


LEFTOVER = {"damage": "leftover damage", "review": f"unconfirmed (confirm it in {GLOSSARY})"}


def read_glossary(path: Path, problems: list[Problem] | None = None) -> dict[str, str]:
    """Confirmed conversions, Simplified phrase: Traditional phrase; {} when there is none."""
    problems = [] if problems is None else problems
    if not path.exists():
        return {}
    try:
        data = yamlfile.load(path) or {}
    except errors.Unreadable as error:
        problems.append(Problem(str(path), "-", "-", str(error)))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(str(path), "-", "-", "must map Simplified to Traditional"))
        return {}
    glossary = {}
    for hans, hant in data.items():
        if not (isinstance(hans, str) and isinstance(hant, str)):
            problems.append(Problem(str(path), "-", str(hans), "both sides must be text"))
        elif not (CJK.match(hans) and CJK.match(hant) and len(hans) == len(hant)):
            message = f"{hant!r} must be Chinese characters, one for each of the phrase's"
            problems.append(Problem(str(path), "-", hans, message))
        else:
            glossary[hans] = hant
    return glossary


def _outside_layout(root: Path) -> Iterator[Problem]:
    """Files and folders that would silently not be loaded (dotfiles are an editor's own)."""
    for entry in sorted(root.iterdir()) if root.is_dir() else []:
        if entry.name.startswith(".") or entry.name in (SOURCES_DIR, GLOSSARY):
            continue
        if not entry.is_dir():
            yield Problem(str(entry), "-", "-", f"is not loaded: {WHERE}")
        elif not _is_kind_dir(entry.name):
            yield Problem(str(entry), "-", "-", "is not a content folder")
        else:
            for inner in sorted(entry.iterdir()):
                if not inner.name.startswith(".") and not inner.name.endswith((".yaml", ".yml")):
                    yield Problem(str(inner), "-", "-", f"is not loaded: {WHERE}")


def _is_kind_dir(name: str) -> bool:
    return any(kind.path == name for kind in KINDS.values())


def _read_file(content: Content, kind: str, path: Path) -> None:
    shown = str(path)
    content.stems.add((kind, path.stem))
    try:
        data = yamlfile.load(path)
    except errors.Unreadable as error:
        content.problems.append(Problem(shown, path.stem, "-", str(error)))
        return
    record = str(data.get("id", path.stem)) if isinstance(data, dict) else path.stem
    if not isinstance(data, dict):
        content.problems.append(Problem(shown, record, "-", "must hold one mapping"))
        return
    data, repairs = repair.repair(data, glossary=content.glossary)
    for found in repairs:
        content.repairs.append(Problem(shown, record, found.path, found.message(), found.kind))
    try:
        model = MODELS[kind].model_validate(data)
    except ValidationError as error:
        for issue in error.errors():
            location = ".".join(str(part) for part in issue["loc"]) or "-"
            content.problems.append(Problem(shown, record, location, issue["msg"]))
        return
    model_id = model.id
    if model_id != path.stem:
        content.problems.append(
            Problem(shown, record, "id", f"must match the file name {path.stem!r}")
        )
    elif (kind, model_id) in content.files:
        first = content.files[(kind, model_id)]
        content.problems.append(Problem(shown, record, "id", f"duplicates the id in {first}"))
    else:
        content.files[(kind, model_id)] = shown
        content.records[kind].append(model)


def check_references(content: Content) -> Iterable[Problem]:
    """Ids named by one record must exist, and every sector code needs its record."""
    ids = {kind: {m.id for m in records} for kind, records in content.records.items()}
    for kind, stem in content.stems:  # a file that failed to validate is reported on its own
        ids[kind].add(stem)
    missing = [code for code in SECTORS if code not in ids["sector"]]
    if missing:
        yield Problem("sectors/", "-", "id", f"no record for sector(s) {', '.join(missing)}")
    for kind, records in content.records.items():
        for record in records:
            for field_name, target, ref in _references(record):
                if ref not in ids[target]:
                    file = content.files[(kind, record.id)]
                    yield Problem(file, record.id, field_name, f"names unknown id {ref!r}")


def _references(record: Record) -> Iterator[tuple[str, str, str]]:
    """(field, kind it names, id) for every id a record names."""
    if isinstance(record, Project | FestivalProduct):
        yield "announcement_id", "announcement", record.announcement_id
    if isinstance(record, Announcement):
        named = (
            ("investment_briefing", "project", record.investment_briefing),
            ("investment_interests", "project", record.investment_interests),
            ("festival", "festival-product", record.festival),
        )
        for part_name, target, part in named:
            list_name = "product_ids" if target == "festival-product" else "project_ids"
            for ref in getattr(part, list_name, None) or []:
                yield f"{part_name}.{list_name}", target, ref
