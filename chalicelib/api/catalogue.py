"""/data.json: the open data as a DCAT-US 1.1 catalogue, for portals to harvest.

One dataset for the whole and one per kind, each with its distributions: the JSON API, the
CSV list, and the bulk files of the last publish (the dataset item coop load writes, one
GetItem). ``license``, ``rights``, ``accessLevel`` and ``contactPoint`` are the stage's
settings (config.DataTerms), never filled in: a catalogue without a licence or a contact says
so in each description (DCAT-US requires a contact: a portal refuses the catalogue until the
operator sets one).
"""

from __future__ import annotations

from typing import Any

from chalicelib.config import DataTerms
from chalicelib.html.widgets import PROVIDER, UI
from chalicelib.store import keys
from chalicelib.store.dynamodb import Store
from chalicelib.taxonomy import EN, FILTER_VALUES, KINDS, LANGS, Kind

SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
NO_LICENCE = (
    " No licence has been set for this data: ask the publisher before reusing it"
    " (the operator sets DATA_LICENSE, docs/deploy.md)."
)
NO_CONTACT = (
    " No contact has been set for this data, so portals will not harvest this catalogue"
    " (the operator sets DATA_CONTACT_NAME and DATA_CONTACT_EMAIL, docs/deploy.md)."
)
ALL = "all"


def _words(*names: str) -> list[str]:
    """Each UI label in every language, once."""
    return list(dict.fromkeys(UI[name][lang] for name in names for lang in LANGS))


def _keywords(kind: Kind | None) -> list[str]:
    if kind is None:
        return _words(*(k.path for k in KINDS.values()))
    values = [v for name in kind.filters for v in FILTER_VALUES[name] if v in UI]
    return _words(kind.path, *values)


def _terms(data: DataTerms, description: str) -> dict[str, Any]:
    missing = ("" if data.license else NO_LICENCE) + ("" if data.contact_email else NO_CONTACT)
    found: dict[str, Any] = {"description": description + missing}
    if data.contact_name or data.contact_email:
        found["contactPoint"] = {"@type": "vcard:Contact", "fn": data.contact_name or "",
                                 "hasEmail": f"mailto:{data.contact_email or ''}"}  # fmt: skip
    optional = {"accessLevel": data.access_level, "license": data.license, "rights": data.rights}
    return found | {key: value for key, value in optional.items() if value}


def _bulk(base: str, manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"@type": "dcat:Distribution", "title": f"Every record in every language: {f['format']}",
         "downloadURL": base + f["path"], "mediaType": f["media_type"], "format": f["format"]}
        for f in manifest.get("files", [])
    ]  # fmt: skip


def _api(base: str, kind: Kind | None) -> list[dict[str, Any]]:
    path = f"/v1/{kind.path}" if kind else "/v1/sync"
    found = [
        {
            "@type": "dcat:Distribution",
            "title": "JSON API",
            "accessURL": base + path,
            "format": "API",
            "mediaType": "application/json",
            "describedBy": f"{base}/v1/openapi.json",
            "describedByType": "application/json",
        }
    ]
    if kind is not None:
        found.append(
            {
                "@type": "dcat:Distribution",
                "title": "CSV, in pages like the JSON list",
                "accessURL": f"{base}{path}.csv",
                "format": "CSV",
                "mediaType": "text/csv",
            }
        )
    return found  # fmt: skip


def dataset(base: str, kind: Kind | None, manifest: dict[str, Any], data: DataTerms) -> Any:
    name = UI[kind.path][EN] if kind else "Chongqing–California cooperation"
    stamps = manifest.get("types", {}).get(kind.name, {}) if kind else manifest
    found: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "identifier": f"{base}/data.json#{kind.path if kind else ALL}",
        "title": f"{name} ({PROVIDER[EN]})",
        **_terms(
            data,
            f"{name}, published by the {PROVIDER[EN]} in Simplified Chinese,"
            " Traditional Chinese and English.",
        ),  # fmt: skip
        "keyword": _keywords(kind),
        "publisher": {"@type": "org:Organization", "name": PROVIDER[EN]},
        "language": list(LANGS),
        "landingPage": f"{base}/docs",
        "distribution": _api(base, kind) + _bulk(base, manifest),
    }
    if stamps.get("modified"):
        found["modified"] = stamps["modified"]
    if kind is not None:
        found["isPartOf"] = f"{base}/data.json#{ALL}"
    return found


def catalogue(store: Store, base: str, data: DataTerms) -> dict[str, Any]:
    manifest = store.get(*keys.DATASET) or {}  # none before the first load of this version
    return {
        "@context": f"{SCHEMA}/catalog.jsonld",
        "@id": f"{base}/data.json",
        "@type": "dcat:Catalog",
        "conformsTo": SCHEMA,
        "describedBy": f"{SCHEMA}/catalog.json",
        "dataset": [dataset(base, kind, manifest, data) for kind in (None, *KINDS.values())],
    }
