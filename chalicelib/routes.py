"""Every route, once: its path, parameters, answers and handler, in one table.

app.py registers each route from here, the handlers read their query parameters through
``Route.values``, and ``coop openapi`` writes the OpenAPI document from the same table, so
a parameter, a media type or a status cannot be served without being documented.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chalicelib.api.params import DEFAULT_LIMIT, MAX_LIMIT, single_values
from chalicelib.taxonomy import ALL_LANGS, FILTER_VALUES, KINDS, LANGS, Kind

if TYPE_CHECKING:
    from chalice.app import Request

JSON, HTML, CSV = "application/json", "text/html", "text/csv"
CACHED = ("ETag", "Cache-Control", "Content-Language", "Vary")


@dataclass(frozen=True)
class Param:
    name: str
    schema: Mapping[str, Any]
    text: str
    where: str = "query"  # or path, header
    required: bool = False
    example: str | None = None
    explode: bool = True  # False: an array as one comma-separated value


@dataclass(frozen=True)
class Route:
    """One GET (and HEAD) route. ``handler`` is ``"module:function"`` under chalicelib,
    imported on first use, so that JSON requests never load the HTML side."""

    path: str
    handler: str
    summary: str
    tag: str
    params: tuple[Param, ...]
    media: tuple[str, ...]  # of a 200, the first the usual one
    model: str | None = None  # the served model's name; the content tool resolves it
    errors: tuple[int, ...] = (400, 503)
    headers: tuple[str, ...] = CACHED
    strict: bool = True  # an unknown query parameter is a 400; pages and oEmbed ignore them
    kind: Kind | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # passed on to the handler

    @property
    def accepted(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params if p.where == "query")

    def values(self, request: Request) -> dict[str, str]:
        """The request's query parameters, each given once and each one this route reads."""
        return single_values(request.query_params, self.accepted, ignore_unknown=not self.strict)


def _query(name: str, schema: Mapping[str, Any], text: str, required: bool = False) -> Param:
    return Param(name, schema, text, required=required)


LANG = _query(
    "lang",
    {"type": "string", "enum": [*LANGS, ALL_LANGS]},
    f"Language; wins over Accept-Language. `{ALL_LANGS}` gives every language.",
)
LANG_ONE = _query("lang", {"type": "string", "enum": list(LANGS)}, "Language.")
ACCEPT = Param(
    "Accept-Language",
    {"type": "string"},
    "Used without `lang`: zh, zh-CN, zh-SG → zh-Hans; zh-TW, zh-HK, zh-MO → zh-Hant.",
    where="header",
)
IF_NONE = Param(
    "If-None-Match", {"type": "string"}, "An ETag from an earlier response.", where="header"
)
LIMIT = _query(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    "Page size; a cursor or token keeps the size its chain started with.",
)
SIZE = _query("limit", LIMIT.schema, "Page size.")  # a widget's: it has no next page
CURSOR = _query("cursor", {"type": "string"}, "`next_cursor` of the previous page.")
TOKEN = _query(
    "token", {"type": "string"}, "next_page_token or next_sync_token of the previous response."
)
FIELDS = _query(
    "fields",
    {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": "^[a-z_.]+(,[a-z_.]+)*$"},
    "Only these fields, comma-separated; nested with dots (`sections.heading`). `type` and `id`"
    " always come, and `fallbacks` names only the fields chosen. An unknown name is a 400 that"
    " lists the valid ones.",
)
INCLUDE = _query(
    "include",
    {"type": "string", "enum": ["links"]},
    "`links`: the records the answer's records link to, under `includes` (at most 100, each"
    " once; `includes_omitted` counts the others, to follow by their `url`).",
)
FILTER_TEXT = {
    "sector": "Sector.",
    "direction": "offered-to-chongqing or examined-in-chongqing.",
    "category": "Category.",
}
PIXELS = {"type": "integer", "minimum": 1, "maximum": 10000}
OEMBED = (
    _query(
        "url",
        {"type": "string", "minLength": 1, "maxLength": 2048},
        "Our page or widget URL.",
        required=True,
    ),  # fmt: skip
    _query("maxwidth", PIXELS, "Max width."),
    _query("maxheight", PIXELS, "Max height."),
)
HEADERS = (ACCEPT, IF_NONE)
SEARCH = (
    _query(
        "q",
        {"type": "string", "minLength": 1, "maxLength": 100},
        "Words to find, in either Chinese script or in English, or both.",
        required=True,
    ),
    Param(
        "type",
        {"type": "array", "items": {"type": "string", "enum": list(KINDS)}, "uniqueItems": True},
        "Only these kinds, comma-separated.",
        explode=False,
    ),
    _query("sector", {"type": "string", "enum": list(FILTER_VALUES["sector"])}, "Sector."),
)


def _filters(kind: Kind) -> tuple[Param, ...]:
    return tuple(
        _query(name, {"type": "string", "enum": list(FILTER_VALUES[name])}, FILTER_TEXT[name])
        for name in kind.filters
    )


def _item_id(kind: Kind) -> Param:
    from chalicelib.api.views import ID_PATTERN

    schema = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
    return Param("item_id", schema, "Id.", where="path", required=True, example=kind.example)


def _kind_routes(kind: Kind) -> list[Route]:
    """A kind's list, CSV list and item in the JSON API; its widgets and pages when it is
    embeddable."""
    item_id, listed = _item_id(kind), (LANG, *_filters(kind), LIMIT, CURSOR)
    paged = (*CACHED, "Link")
    routes = [
        Route(f"/v1/{kind.path}", "api.handlers:list_items", f"List {kind.path}", "API",
              (*listed, FIELDS, INCLUDE, *HEADERS), (JSON,), f"{kind.model}List", headers=paged,
              kind=kind),
        Route(f"/v1/{kind.path}.csv", "api.handlers:list_csv",
              f"List {kind.path} as CSV (a header row; lists one element a line in a cell)",
              "API", (*listed, FIELDS, *HEADERS), (CSV,), headers=paged, kind=kind),
        Route(f"/v1/{kind.path}/{{item_id}}", "api.handlers:get_item", f"One {kind.name}",
              "API", (item_id, LANG, FIELDS, INCLUDE, *HEADERS), (JSON,), f"{kind.model}Detail",
              errors=(400, 404, 503), kind=kind),
    ]  # fmt: skip
    if kind.embeddable:
        html = (LANG_ONE, *HEADERS)
        routes += [
            Route(f"/embed/{kind.path}", "html.pages:listing", f"Widget: {kind.path}", "Embeds",
                  (LANG_ONE, *_filters(kind), SIZE, *HEADERS), (HTML,), strict=False, kind=kind),
            Route(f"/embed/{kind.path}/{{item_id}}", "html.pages:item",
                  f"Widget: one {kind.name}", "Embeds", (item_id, *html), (HTML,),
                  errors=(400, 404, 503), strict=False, kind=kind, options={"embed": True}),
            Route(f"/{kind.path}/{{item_id}}", "html.pages:item", f"Page: one {kind.name}",
                  "Embeds", (item_id, *html), (HTML,), errors=(400, 404, 503), strict=False,
                  kind=kind, options={"embed": False}),
        ]  # fmt: skip
    return routes


ROUTES: tuple[Route, ...] = (
    *(route for kind in KINDS.values() for route in _kind_routes(kind)),
    Route("/v1/sync", "api.handlers:sync", "Delta sync", "API",
          (LANG, LIMIT, TOKEN, *HEADERS), (JSON,), "SyncPage"),
    Route("/v1/search", "api.handlers:search", "Search", "API",
          (*SEARCH, LANG, LIMIT, CURSOR, FIELDS, INCLUDE, *HEADERS), (JSON,), "SearchPage",
          headers=(*CACHED, "Link")),
    Route("/embed/search", "html.pages:search", "Widget: search box and results", "Embeds",
          (_query("q", {"type": "string", "maxLength": 100},
                  "Words to find; without them, the search box alone."),
           LANG_ONE, SIZE, *HEADERS), (HTML,), strict=False),
    Route("/v1/announcements.atom", "html.feeds:atom", "Atom 1.0 feed", "Feeds",
          (LANG_ONE, *HEADERS), ("application/atom+xml",)),
    Route("/v1/announcements.json", "html.feeds:json_feed", "JSON Feed 1.1", "Feeds",
          (LANG_ONE, *HEADERS), ("application/feed+json",)),
    Route("/oembed", "html.oembed:respond", "oEmbed 1.0", "oEmbed",
          (*OEMBED, _query("format", {"type": "string", "enum": ["json"], "default": "json"},
                           "json. For oEmbed consumers, xml is served too (text/xml): the answer"
                           " of /oembed.xml, the operation to use for XML; any other format is"
                           " 501.")),
          (JSON, "text/xml"), "OEmbed", errors=(400, 404, 501, 503), strict=False),
    Route("/oembed.xml", "html.oembed:respond",
          "oEmbed 1.0, XML: one <oembed> element with a child for each field of OEmbed",
          "oEmbed", (*OEMBED, _query("format", {"type": "string", "enum": ["xml"]},
                                     "xml, if given; another is 501.")),
          ("text/xml",), errors=(400, 404, 501, 503), strict=False,
          options={"endpoint_format": "xml"}),
    # Neither takes a parameter: any one is a 400, as on the other JSON routes.
    Route("/v1/openapi.json", "api.handlers:openapi", "This document", "Meta", (), (JSON,),
          errors=(400,)),
    Route("/docs", "api.handlers:docs", "Reference for people", "Meta", (), (HTML,),
          errors=(400,)),
    Route("/data.json", "api.handlers:catalogue", "DCAT-US 1.1 catalogue of the open data",
          "Meta", (), (JSON,), errors=(400, 503)),
)  # fmt: skip
BY_PATH = {route.path: route for route in ROUTES}
