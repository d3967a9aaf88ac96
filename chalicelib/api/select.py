"""Field selection (``fields=``) and linked records (``include=links``), for any handler.

A handler that serves records of one kind reads its parameters into ``Shaping.of(values,
kind, lang)`` before any DynamoDB request, then serves each stored document as
``shaping.item(kind, doc)`` and adds ``shaping.includes(store, docs)`` to its answer. The parts,
for a handler over several kinds (search: one selection per kind):

- ``parse_fields(raw, kind)``: the selection, or None; an unknown name is a 400 that lists
  the valid ones for that kind; ``parse_fields_across(raw, kinds)``, the same over several;
- ``project(item, selection)`` on a served (localized) item: ``type``, ``id`` and the
  selected paths, with ``fallbacks`` cut to them;
- ``parse_include(raw)`` and ``included(store, docs, lang)``: the records the stored
  documents link to, deduplicated, in one ``BatchGetItem`` of at most ``MAX_INCLUDES`` keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chalicelib.api import document, views
from chalicelib.errors import InvalidParameter, shown
from chalicelib.store.dynamodb import Store
from chalicelib.taxonomy import KINDS, LANGS, Kind

ALWAYS = ("type", "id", "fallbacks")
MAX_FIELDS_LENGTH = 2000
# One BatchGetItem reads at most 100 keys: the most one response may include.
MAX_INCLUDES = 100
INCLUDE_VALUES = ("links",)
_INDEX = re.compile(r"\[\d+\]")
_LANG_SUFFIX = tuple(f".{lang}" for lang in LANGS)

Selection = frozenset[str]


def parse_fields(raw: str | None, kind: Kind) -> Selection | None:
    """The paths ``fields=`` names (comma-separated, nested with dots), or None for all."""
    return parse_fields_across(raw, [kind])[kind.name]


def parse_fields_across(raw: str | None, kinds: list[Kind]) -> dict[str, Selection | None]:
    """``fields=`` over one kind or several (search): each name must be a field of one of
    them at least, and each kind gets the names it has; None for all fields."""
    if raw is None:
        return {kind.name: None for kind in kinds}
    if len(raw) > MAX_FIELDS_LENGTH:
        raise InvalidParameter("fields", f"must be at most {MAX_FIELDS_LENGTH} characters")
    names = [name.strip() for name in raw.split(",")]
    known = {kind.name: document.field_names(kind) for kind in kinds}
    for name in names:
        if not any(name in fields for fields in known.values()):
            valid = ", ".join(dict.fromkeys(n for fields in known.values() for n in fields))
            what = f"unknown field {shown(name)}" if name else "an empty field name"
            where = f" for {kinds[0].name}" if len(kinds) == 1 else ""
            raise InvalidParameter("fields", f"{what}{where}; valid: {valid}")
    return {kind: frozenset(n for n in names if n in fields) for kind, fields in known.items()}


def _tree(selection: Selection) -> dict[str, Any]:
    """``{"title": True, "sections": {"heading": True}}``; a whole parent wins over parts."""
    tree: dict[str, Any] = {}
    for path in sorted(selection, key=lambda p: p.count(".")):
        node = tree
        *parents, last = path.split(".")
        for part in parents:
            if node.get(part) is True:
                break
            node = node.setdefault(part, {})
        else:
            node[last] = True
    return tree


def _cut(value: Any, tree: dict[str, Any] | bool) -> Any:
    if isinstance(tree, bool) or value is None:
        return value
    if isinstance(value, list):
        return [_cut(each, tree) for each in value]
    if isinstance(value, dict):
        return {key: _cut(each, tree[key]) for key, each in value.items() if key in tree}
    return value


def _reported(path: str, selection: Selection) -> bool:
    """Whether a fallback's path (``sections[0].heading``, ``name.zh-Hant``) was selected."""
    plain = _INDEX.sub("", path)
    for suffix in _LANG_SUFFIX:
        plain = plain.removesuffix(suffix)
    return document.covered(plain, selection)


def project(item: dict[str, Any], selection: Selection | None) -> dict[str, Any]:
    """A served item with only ``type``, ``id``, the selected paths and their fallbacks."""
    if selection is None:
        return item
    tree = _tree(selection | {"type", "id"})
    cut = {key: _cut(value, tree[key]) for key, value in item.items() if key in tree}
    fallbacks = item.get("fallbacks", {})
    cut["fallbacks"] = {k: v for k, v in fallbacks.items() if _reported(k, selection)}
    return cut


def parse_include(raw: str | None) -> bool:
    if raw is None:
        return False
    if raw not in INCLUDE_VALUES:
        raise InvalidParameter("include", f"must be links; got {shown(raw)}")
    return True


def included(
    store: Store, docs: list[dict[str, Any]], lang: str, shown: set[tuple[str, str]]
) -> dict[str, Any]:
    """``includes``: the records ``docs`` link to, localized, each once, in link order, less
    those ``shown`` on the page already (Contentful's rule); and ``includes_omitted``: how many
    linked records passed ``MAX_INCLUDES`` (follow their ``url``). A link to a record deleted
    since the load is left out."""
    wanted: dict[tuple[str, str], None] = {}
    for doc in docs:
        for link in doc.get("links") or []:
            if (link["type"], link["id"]) not in shown:
                wanted.setdefault((link["type"], link["id"]), None)
    chosen = list(wanted)[:MAX_INCLUDES]
    found = store.batch_get(chosen)
    records = [views.shape(KINDS[key[0]], found[key], lang) for key in chosen if key in found]
    return {"includes": records, "includes_omitted": len(wanted) - len(chosen)}


@dataclass(frozen=True)
class Shaping:
    """How a request wants its records: language, selected fields, linked records."""

    lang: str
    fields: Selection | None = None
    include: bool = False

    @classmethod
    def of(cls, values: dict[str, str], kind: Kind, lang: str) -> Shaping:
        fields = parse_fields(values.get("fields"), kind)
        return cls(lang, fields, parse_include(values.get("include")))

    def item(self, kind: Kind, doc: dict[str, Any]) -> dict[str, Any]:
        return project(views.shape(kind, doc, self.lang), self.fields)

    def includes(self, store: Store, kind: Kind, docs: list[dict[str, Any]]) -> dict[str, Any]:
        if not self.include:
            return {}
        return included(store, docs, self.lang, {(kind.name, doc["id"]) for doc in docs})
