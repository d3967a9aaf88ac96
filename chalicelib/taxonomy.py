"""Closed vocabularies: languages, content kinds and the codes that filters accept."""

from __future__ import annotations

from dataclasses import dataclass

LANGS: tuple[str, ...] = ("zh-Hans", "zh-Hant", "en")
HANS, HANT, EN = LANGS  # the two Chinese scripts and English, by name where logic needs them
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
    """A content type, and all that varies with it: adding a kind is one entry here and its
    model in tools/coop/models.py (named by ``model``)."""

    name: str  # its `type` in items
    path: str  # its URL segment and content folder
    model: str  # its content model in tools/coop/models.py (and served as <model>Item)
    title: str  # the field that names a record (a page's title, a widget's heading)
    example: str  # a seed id, for the OpenAPI document
    filters: tuple[str, ...] = ()  # list filters, in key order (chalicelib.store.keys)
    tag: str | None = None  # the field a widget shows as a tag beside the title
    schema_type: str = "Thing"  # its schema.org type in JSON-LD
    newest_first: bool = False  # lists newest first (by published_at), else by `order`
    embeddable: bool = True  # widgets, an item page and oEmbed; else the JSON API only


ANNOUNCEMENT = Kind(
    "announcement", "announcements", "Announcement", "title",
    "chongqing-expands-cooperation-with-california", schema_type="NewsArticle",
    newest_first=True,
)  # fmt: skip
PROJECT = Kind(
    "project", "projects", "Project", "title", "data-operation-centers",
    filters=("sector", "direction"), tag="direction",
)  # fmt: skip
FESTIVAL_PRODUCT = Kind(
    "festival-product", "festival-products", "FestivalProduct", "name", "red-wine",
    filters=("category",), tag="category", schema_type="Product",
)  # fmt: skip
SECTOR = Kind("sector", "sectors", "Sector", "label", "transport", embeddable=False)

KINDS: dict[str, Kind] = {k.name: k for k in (ANNOUNCEMENT, PROJECT, FESTIVAL_PRODUCT, SECTOR)}
