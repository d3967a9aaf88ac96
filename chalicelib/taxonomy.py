"""Closed vocabularies: languages, content kinds and the codes that filters accept."""

from __future__ import annotations

from dataclasses import dataclass

LANGS: tuple[str, ...] = ("zh-Hans", "zh-Hant", "en")
ALL_LANGS = "all"

# Where a field is missing in the asked language, try these in order (docs/api.md).
FALLBACK_CHAIN: dict[str, tuple[str, ...]] = {
    "zh-Hans": ("zh-Hant", "en"),
    "zh-Hant": ("zh-Hans", "en"),
    "en": ("zh-Hans", "zh-Hant"),
}

SECTORS: tuple[str, ...] = (
    "architecture",
    "real-estate",
    "hotel-development",
    "trade-circulation",
    "packaging",
    "residential",
    "transport",
    "new-energy",
)
CATEGORIES: tuple[str, ...] = ("fresh-fruit", "nuts", "wine")
# Projects the Californian side offers to Chongqing investors, against the
# investments the Californian delegation came to examine in Chongqing.
DIRECTIONS: tuple[str, ...] = ("offered-to-chongqing", "examined-in-chongqing")

FILTER_VALUES: dict[str, tuple[str, ...]] = {
    "sector": SECTORS,
    "direction": DIRECTIONS,
    "category": CATEGORIES,
}


@dataclass(frozen=True)
class Kind:
    """A content type: its name in items, its URL segment and content folder, its list order."""

    name: str
    path: str
    filters: tuple[str, ...] = ()
    newest_first: bool = False


ANNOUNCEMENT = Kind("announcement", "announcements", newest_first=True)
PROJECT = Kind("project", "projects", filters=("sector", "direction"))
FESTIVAL_PRODUCT = Kind("festival-product", "festival-products", filters=("category",))
SECTOR = Kind("sector", "sectors")

KINDS: dict[str, Kind] = {k.name: k for k in (ANNOUNCEMENT, PROJECT, FESTIVAL_PRODUCT, SECTOR)}
