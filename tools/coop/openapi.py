"""`coop openapi`: the OpenAPI 3.1 document, generated from the app's routes and the models.

The result is committed as chalicelib/api/openapi.json, which the API serves; a test regenerates
it and fails on any difference, so routes, models and document cannot drift apart.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, create_model
from pydantic.json_schema import models_json_schema

from chalicelib.api import views
from chalicelib.api.params import DEFAULT_LIMIT, MAX_LIMIT
from chalicelib.taxonomy import (
    ANNOUNCEMENT,
    CATEGORIES,
    DIRECTIONS,
    FESTIVAL_PRODUCT,
    KINDS,
    LANGS,
    PROJECT,
    SECTOR,
    SECTORS,
    Kind,
)
from coop import models

REF = "#/components/schemas/{model}"
CONTENT_MODELS = {
    "announcement": models.Announcement,
    "project": models.Project,
    "festival-product": models.FestivalProduct,
    "sector": models.Sector,
}


def item_model(kind: Kind) -> type[BaseModel]:
    return models.served(CONTENT_MODELS[kind.name], kind.name)


def list_model(kind: Kind) -> type[BaseModel]:
    item = item_model(kind)
    return create_model(
        f"{item.__name__[:-4]}List",
        __base__=models.Response,
        items=(list[item], ...),  # type: ignore[valid-type]
        next_cursor=(str | None, ...),
    )


def sync_model() -> type[BaseModel]:
    items = tuple(item_model(kind) for kind in KINDS.values())
    union: Any = items[0] | items[1] | items[2] | items[3]
    return create_model(
        "SyncPage",
        __base__=models.Response,
        items=(list[union], ...),
        deleted=(list[models.Deleted], ...),
        next_page_token=(str | None, ...),
        next_sync_token=(str | None, ...),
    )


def _param(
    name: str, where: str, schema: dict[str, Any], text: str, required: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema,
        "description": text,
    }


LANG = _param(
    "lang",
    "query",
    {"type": "string", "enum": [*LANGS, "all"]},
    "Language; wins over Accept-Language. `all` gives every language.",
)
LANG_ONE = _param("lang", "query", {"type": "string", "enum": list(LANGS)}, "Language.")
ACCEPT = _param(
    "Accept-Language",
    "header",
    {"type": "string"},
    "Used without `lang`: zh, zh-CN, zh-SG → zh-Hans; zh-TW, zh-HK, zh-MO → zh-Hant.",
)
IF_NONE = _param("If-None-Match", "header", {"type": "string"}, "An ETag from an earlier response.")
LIMIT = _param(
    "limit",
    "query",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    "Page size.",
)
CURSOR = _param("cursor", "query", {"type": "string"}, "`next_cursor` of the previous page.")
ID_SCHEMA = {"type": "string", "pattern": f"^{views.ID_PATTERN.pattern}$"}
SEED_IDS = {
    "announcement": "chongqing-expands-cooperation-with-california",
    "project": "data-operation-centers",
    "festival-product": "red-wine",
}


def item_id(kind: Kind) -> dict[str, Any]:
    return {**_param("item_id", "path", ID_SCHEMA, "Id."), "example": SEED_IDS[kind.name]}


FILTERS = {
    "sector": _param("sector", "query", {"type": "string", "enum": list(SECTORS)}, "Sector."),
    "direction": _param(
        "direction",
        "query",
        {"type": "string", "enum": list(DIRECTIONS)},
        "offered-to-chongqing or examined-in-chongqing.",
    ),
    "category": _param(
        "category", "query", {"type": "string", "enum": list(CATEGORIES)}, "Category."
    ),
}
HEADERS = {
    name: {"schema": {"type": "string"}, "description": text}
    for name, text in {
        "ETag": "Strong validator of the body; send it back in If-None-Match.",
        "Cache-Control": (
            "public, max-age=N, stale-if-error=86400 (N per stage); max-age=0 on an answer"
            " served stale while the store fails."
        ),
        "Content-Language": "The language of the body (all three with lang=all).",
        "Vary": "Accept-Language.",
        "Link": 'RFC 8288 `<...>; rel="next"` when there is a next page.',
        "Retry-After": "Seconds to wait before retrying.",
        "Content-Security-Policy": "Strict policy of the widget.",
    }.items()
}


PIXELS = {"type": "integer", "minimum": 1, "maximum": 10000}
DESCRIPTION = (
    "Public, read-only; every error is RFC 9457 `application/problem+json`. Language: `lang`"
    " (`zh-Hans`, `zh-Hant`, `en`, or `all` for every language), else `Accept-Language`, else"
    " the stage default; `fallbacks` names fields served in another language. Lists page with"
    " `limit` and the signed `next_cursor` (also in the `Link` header). Delta sync: call"
    " `/v1/sync` without a token, follow `next_page_token` until a page has `next_sync_token`,"
    " keep that, and come back with it for what changed and what was deleted; an item can come"
    " twice, so drop one whose `version` you already hold. Answers carry a strong `ETag`: send"
    " it back in `If-None-Match` for a 304. See docs/api.md."
)


@dataclass
class Op:
    summary: str
    params: list[dict[str, Any]]
    media: str
    model: type[BaseModel] | None = None
    errors: tuple[int, ...] = (400, 503)
    headers: tuple[str, ...] = ("ETag", "Cache-Control", "Content-Language", "Vary")
    example: Any = None
    tags: list[str] = field(default_factory=list)
    also: str | None = None  # a second media type for 200 (oEmbed's XML)


def _ops(examples: dict[str, Any]) -> dict[str, Op]:
    ops: dict[str, Op] = {}
    for kind in (ANNOUNCEMENT, PROJECT, FESTIVAL_PRODUCT, SECTOR):
        filters = [FILTERS[name] for name in kind.filters]
        ops[f"/v1/{kind.path}"] = Op(
            f"List {kind.path}",
            [LANG, *filters, LIMIT, CURSOR, ACCEPT, IF_NONE],
            "application/json",
            list_model(kind),
            headers=("ETag", "Cache-Control", "Content-Language", "Vary", "Link"),
            example=examples.get(f"list:{kind.name}"),
            tags=["API"],
        )
        if kind is not SECTOR:
            ops[f"/v1/{kind.path}/{{item_id}}"] = Op(
                f"One {kind.name}",
                [item_id(kind), LANG, ACCEPT, IF_NONE],
                "application/json",
                item_model(kind),
                errors=(400, 404, 503),
                example=examples.get(kind.name),
                tags=["API"],
            )
            html = [item_id(kind), LANG_ONE, ACCEPT, IF_NONE]
            ops[f"/embed/{kind.path}/{{item_id}}"] = Op(
                f"Widget: one {kind.name}",
                html,
                "text/html",
                errors=(400, 404, 503),
                tags=["Embeds"],
            )
            ops[f"/{kind.path}/{{item_id}}"] = Op(
                f"Page: one {kind.name}", html, "text/html", errors=(400, 404, 503), tags=["Embeds"]
            )
            ops[f"/embed/{kind.path}"] = Op(
                f"Widget: {kind.path}",
                [LANG_ONE, *filters, LIMIT, ACCEPT, IF_NONE],
                "text/html",
                tags=["Embeds"],
            )
    ops["/v1/sync"] = Op(
        "Delta sync",
        [
            LANG,
            LIMIT,
            _param(
                "token",
                "query",
                {"type": "string"},
                "next_page_token or next_sync_token of the previous response.",
            ),
            ACCEPT,
            IF_NONE,
        ],
        "application/json",
        sync_model(),
        tags=["API"],
    )
    ops["/v1/announcements.atom"] = Op(
        "Atom 1.0 feed", [LANG_ONE, ACCEPT, IF_NONE], "application/atom+xml", tags=["Feeds"]
    )
    ops["/v1/announcements.json"] = Op(
        "JSON Feed 1.1", [LANG_ONE, ACCEPT, IF_NONE], "application/feed+json", tags=["Feeds"]
    )
    oembed_params = [
        _param(
            "url",
            "query",
            {"type": "string", "minLength": 1, "maxLength": 2048},
            "Our page or widget URL.",
            required=True,
        ),
        _param("maxwidth", "query", PIXELS, "Max width."),
        _param("maxheight", "query", PIXELS, "Max height."),
    ]
    ops["/oembed"] = Op(
        "oEmbed 1.0",
        [
            *oembed_params,
            _param(
                "format",
                "query",
                {"type": "string", "enum": ["json"], "default": "json"},
                "json. For oEmbed consumers, xml is served too (text/xml): the answer of"
                " /oembed.xml, the operation to use for XML; any other format is 501.",
            ),
        ],
        "application/json",
        models.OEmbed,
        errors=(400, 404, 501, 503),
        tags=["Embeds"],
        also="text/xml",
    )
    ops["/oembed.xml"] = Op(
        "oEmbed 1.0, XML: one <oembed> element with a child for each field of OEmbed",
        [
            *oembed_params,
            _param(
                "format",
                "query",
                {"type": "string", "enum": ["xml"]},
                "xml, if given; another is 501.",
            ),
        ],
        "text/xml",
        errors=(400, 404, 501, 503),
        tags=["Embeds"],
    )
    # Neither takes a parameter: any one is a 400, as on the other JSON routes.
    ops["/v1/openapi.json"] = Op(
        "This document", [], "application/json", errors=(400,), tags=["Meta"]
    )
    ops["/docs"] = Op("Reference for people", [], "text/html", errors=(400,), tags=["Meta"])
    return ops


def _response(op: Op, schemas: dict[str, Any]) -> dict[str, Any]:
    if op.model is not None:
        schema: dict[str, Any] = {"$ref": REF.format(model=op.model.__name__)}
    else:
        schema = {"type": "object"} if "json" in op.media else {"type": "string"}
    content: dict[str, Any] = {"schema": schema}
    if op.example is not None:
        content["example"] = op.example
    media = {op.media: content}
    if op.also:
        media[op.also] = {"schema": {"type": "string"}}
    problem = {"application/problem+json": {"schema": {"$ref": REF.format(model="Problem")}}}
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": {h: HEADERS[h] for h in op.headers},
            "content": media,
        },
        "304": {
            "description": "Not Modified: the If-None-Match ETag is current",
            "headers": {h: HEADERS[h] for h in ("ETag", "Cache-Control", "Vary")},
        },
        "405": {"description": "Only GET and HEAD", "content": problem},
    }
    for status in op.errors:
        headers = {"Retry-After": HEADERS["Retry-After"]} if status == 503 else {}
        responses[str(status)] = {
            "description": HTTP_TEXT[status],
            "headers": headers,
            "content": problem,
        }
    return responses


HTTP_TEXT = {
    400: "Bad parameter",
    404: "Not found",
    501: "Not implemented",
    503: "DynamoDB unavailable; retry",
}


def document(routes: list[str], examples: dict[str, Any] | None = None) -> dict[str, Any]:
    """The OpenAPI document for ``routes`` (the app's); every route must have an Op."""
    ops = _ops(examples or {})
    missing, extra = set(routes) - set(ops), set(ops) - set(routes)
    if missing or extra:
        raise ValueError(
            f"routes without documentation: {missing}; documentation without routes: {extra}"
        )
    used = [op.model for op in ops.values() if op.model] + [models.Problem]
    _, defs = models_json_schema([(m, "serialization") for m in used], ref_template=REF)
    schemas = defs.get("$defs", {})
    paths = {}
    for path in sorted(routes):
        op = ops[path]
        paths[path] = {
            "get": {
                "operationId": "get_" + "_".join(re.findall(r"[a-z0-9]+", path.lower())),
                "summary": op.summary,
                "tags": op.tags,
                "parameters": op.params,
                "responses": _response(op, schemas),
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Chongqing–California cooperation API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def render(routes: list[str], examples: dict[str, Any] | None = None) -> str:
    return (
        json.dumps(document(routes, examples), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )


def seed_examples() -> dict[str, Any]:
    """Examples from the seed content, in English, as the API serves them."""
    from pathlib import Path

    from coop import content, loader

    found = content.read(Path(__file__).resolve().parents[2] / "content")
    meta = {
        "created_at": "2026-11-28T00:00:00.000Z",
        "updated_at": "2026-11-28T00:00:00.000Z",
        "version": 1,
    }
    examples: dict[str, Any] = {}
    for kind, doc in loader.documents(found).values():
        shaped = views.shape(KINDS[kind], {**doc, **meta}, "en")
        examples.setdefault(kind, shaped)
        examples.setdefault(f"list:{kind}", {"items": [], "next_cursor": None})["items"].append(
            shaped
        )
    for name in list(examples):
        if name.startswith("list:"):
            examples[name]["items"] = examples[name]["items"][:2]
    return examples
