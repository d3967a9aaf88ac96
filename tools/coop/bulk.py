"""The bulk files: every record in every language as gzipped NDJSON, a ZIP of the CSVs, and
their manifest. Built from what the API serves, byte for byte the same for the same records,
so a file's name can be its content's digest (coop/publish.py)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from chalicelib.api import sheets, views
from chalicelib.store import keys
from chalicelib.taxonomy import ALL_LANGS, KINDS

PREFIX = "bulk/"  # in the bucket, and in the URL path (through CloudFront)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say: entries carry no build time

Docs = dict[str, list[dict[str, Any]]]  # by kind, in each kind's list order


@dataclass(frozen=True)
class File:
    name: str  # content-addressed: coop-<digest>.ndjson.gz
    body: bytes
    media_type: str  # as served: the archive's type
    format: str  # what it holds, for people (and DCAT's `format`)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    def entry(self) -> dict[str, Any]:
        return {"path": f"/{PREFIX}{self.name}", "media_type": self.media_type,
                "format": self.format, "bytes": len(self.body), "sha256": self.sha256}  # fmt: skip


def by_kind(live: dict[str, dict[str, Any]]) -> Docs:
    """Stored items (loader.Plan.live) as documents by kind, each kind in its list's order."""
    docs: Docs = {kind: [] for kind in KINDS}
    for item in live.values():
        docs[item["kind"]["S"]].append(keys.doc_of(item))
    for name, found in docs.items():
        kind = KINDS[name]
        found.sort(key=lambda doc: keys.sort_key(kind, doc), reverse=kind.newest_first)
    return docs


def _named(stem: str, suffix: str, body: bytes, media: str, what: str) -> File:
    digest = hashlib.sha256(body).hexdigest()[:16]
    return File(f"{stem}-{digest}{suffix}", body, media, what)


def ndjson(docs: Docs) -> File:
    """One JSON object a line: ``type`` and the stored record, every language."""
    lines = "".join(
        keys.encode_doc({"type": kind, **doc}) + "\n"
        for kind, found in docs.items()
        for doc in found
    )
    body = gzip.compress(lines.encode(), compresslevel=9, mtime=0)
    return _named("coop", ".ndjson.gz", body, "application/gzip", "NDJSON, gzip")


def csv_zip(docs: Docs) -> File:
    """``<kind path>.csv`` for each kind, every language: the API's CSV with lang=all."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, found in docs.items():
            kind = KINDS[name]
            items = (views.shape(kind, doc, ALL_LANGS) for doc in found)
            text = sheets.render(sheets.columns(kind, ALL_LANGS), items)
            entry = zipfile.ZipInfo(f"{kind.path}.csv", ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo of its own stores, else
            archive.writestr(entry, text.encode(), compresslevel=9)
    return _named("coop-csv", ".zip", out.getvalue(), "application/zip", "CSV, one per type, ZIP")


def manifest(docs: Docs, files: list[File]) -> dict[str, Any]:
    """Counts, the newest change (overall and per kind) and each file's path, size and digest."""
    types = {
        name: {
            "records": len(found),
            "modified": max((d["updated_at"] for d in found), default=None),
        }
        for name, found in docs.items()
    }
    stamps = [t["modified"] for t in types.values() if t["modified"]]
    return {
        "modified": max(stamps, default=None),
        "records": sum(t["records"] for t in types.values()),
        "types": types,
        "files": [f.entry() for f in files],
    }


def build(live: dict[str, dict[str, Any]]) -> tuple[list[File], dict[str, Any]]:
    docs = by_kind(live)
    files = [ndjson(docs), csv_zip(docs)]
    return files, manifest(docs, files)


def manifest_text(found: dict[str, Any]) -> bytes:
    return (json.dumps(found, ensure_ascii=False, indent=1) + "\n").encode()
