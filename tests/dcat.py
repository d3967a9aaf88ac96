"""A DCAT-US 1.1 check written from the specification (resources.data.gov, "DCAT-US Schema
v1.1"): its required fields, required-if fields and value formats; no schema file copied.

Common core, required for every dataset: title, description, keyword, modified, publisher,
contactPoint, identifier, accessLevel (bureauCode and programCode: US federal agencies only).
Required if applicable: license (a URL), rights (when access is not public, at most 255
characters), and a distribution's mediaType when it has a downloadURL.
"""

from __future__ import annotations

import re
from typing import Any

SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
ACCESS = ("public", "restricted public", "non-public")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# ISO 8601: a date, a date and time, or a repeating interval (R/...), as the spec's examples.
ISO_8601 = re.compile(
    r"^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|R/P.+)$"
)
MEDIA_TYPE = re.compile(r"^[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")  # RFC 5646
EMAIL = re.compile(r"^mailto:[\w.+-]+@[\w-]+(\.[\w-]+)+$")
REQUIRED = ("title", "description", "keyword", "modified", "publisher", "contactPoint",
            "identifier", "accessLevel")  # fmt: skip


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _distribution(where: str, found: dict[str, Any]) -> list[str]:
    problems = []
    if found.get("@type", "dcat:Distribution") != "dcat:Distribution":
        problems.append(f"{where}: @type must be dcat:Distribution")
    if "downloadURL" not in found and "accessURL" not in found:
        problems.append(f"{where}: needs downloadURL or accessURL")
    if "downloadURL" in found and "mediaType" not in found:
        problems.append(f"{where}: mediaType is required with downloadURL")
    for name in ("downloadURL", "accessURL", "describedBy", "conformsTo"):
        if name in found and not URL.match(str(found[name])):
            problems.append(f"{where}: {name} is not a URL")
    for name in ("mediaType", "describedByType"):
        if name in found and not MEDIA_TYPE.match(str(found[name])):
            problems.append(f"{where}: {name} is not a media type")
    return problems


def _formats(where: str, found: dict[str, Any]) -> list[str]:
    problems = []
    for name in ("title", "description", "identifier"):
        if name in found and not _text(found[name]):
            problems.append(f"{where}: {name} must be non-empty text")
    keywords = found.get("keyword", [""])
    if not (isinstance(keywords, list) and keywords and all(_text(k) for k in keywords)):
        problems.append(f"{where}: keyword must be a list of non-empty strings")
    if "modified" in found and not ISO_8601.match(str(found["modified"])):
        problems.append(f"{where}: modified is not ISO 8601")
    for name in ("license", "landingPage"):
        if name in found and not URL.match(str(found[name])):
            problems.append(f"{where}: {name} is not a URL")
    if not all(LANGUAGE.match(str(tag)) for tag in found.get("language", [])):
        problems.append(f"{where}: language holds a tag that is not RFC 5646")
    return problems


def _terms(where: str, found: dict[str, Any]) -> list[str]:
    problems = []
    publisher = found.get("publisher", {"name": "x"})
    if not (isinstance(publisher, dict) and _text(publisher.get("name"))):
        problems.append(f"{where}: publisher needs a name")
    contact = found.get("contactPoint", {"fn": "x", "hasEmail": "mailto:x@x.x"})
    if not (_text(contact.get("fn")) and EMAIL.match(str(contact.get("hasEmail", "")))):
        problems.append(f"{where}: contactPoint needs fn and hasEmail (mailto:)")
    if "accessLevel" in found and found["accessLevel"] not in ACCESS:
        problems.append(f"{where}: accessLevel must be one of {', '.join(ACCESS)}")
    if found.get("accessLevel", "public") != "public" and not _text(found.get("rights")):
        problems.append(f"{where}: rights is required when access is not public")
    if "rights" in found and len(str(found["rights"])) > 255:
        problems.append(f"{where}: rights is over 255 characters")
    return problems


def _dataset(where: str, found: dict[str, Any]) -> list[str]:
    problems = [f"{where}: {name} is required" for name in REQUIRED if name not in found]
    problems += _formats(where, found) + _terms(where, found)
    for n, part in enumerate(found.get("distribution", [])):
        problems += _distribution(f"{where}.distribution[{n}]", part)
    return problems


def problems(catalog: dict[str, Any]) -> list[str]:
    """Every way ``catalog`` departs from DCAT-US 1.1; [] when it conforms."""
    found = []
    if catalog.get("conformsTo") != SCHEMA:
        found.append(f"catalog: conformsTo must be {SCHEMA}")
    if catalog.get("@type", "dcat:Catalog") != "dcat:Catalog":
        found.append("catalog: @type must be dcat:Catalog")
    for name in ("@context", "@id", "describedBy"):
        if name in catalog and not URL.match(str(catalog[name])):
            found.append(f"catalog: {name} is not a URL")
    datasets = catalog.get("dataset")
    if not isinstance(datasets, list):
        return [*found, "catalog: dataset is required"]
    for n, each in enumerate(datasets):
        found += _dataset(f"dataset[{n}]", each)
    identifiers = [each.get("identifier") for each in datasets]
    if len(set(identifiers)) != len(identifiers):
        found.append("catalog: identifiers are not unique")
    return found
