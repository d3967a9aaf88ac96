"""`coop openapi`: the OpenAPI 3.1 document, written from chalicelib.routes and the models.

The result is committed as chalicelib/api/openapi.json, which the API serves; a test regenerates
it and fails on any difference, so routes, models and document cannot drift apart.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic.json_schema import models_json_schema

from chalicelib.api import views
from chalicelib.routes import Param, Route
from chalicelib.taxonomy import ALL_LANGS, KINDS, LANGS
from coop import served

REF = "#/components/schemas/{model}"


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
        "Link": (
            'RFC 8288: `<...>; rel="next"` when there is a next page, and `<...>;'
            ' rel="license"` on every answer when the stage names a licence.'
        ),
        "Retry-After": "Seconds to wait before retrying.",
        "Content-Security-Policy": "Strict policy of the widget.",
    }.items()
}


DESCRIPTION = (
    "Public, read-only; every error is RFC 9457 `application/problem+json`. Language: `lang`"
    f" (`{'`, `'.join(LANGS)}`, or `{ALL_LANGS}` for every language), else `Accept-Language`,"
    " else the stage default; `fallbacks` names fields served in another language. Lists page"
    " with `limit` and the signed `next_cursor` (also in the `Link` header). Delta sync: call"
    " `/v1/sync` without a token, follow `next_page_token` until a page has `next_sync_token`,"
    " keep that, and come back with it for what changed and what was deleted; an item can come"
    " twice, so drop one whose `version` you already hold. Answers carry a strong `ETag`: send"
    " it back in `If-None-Match` for a 304. See docs/api.md."
)
# In the order /docs and Swagger UI list them: the JSON API first.
TAGS = {
    "API": "The JSON API: lists (also as CSV), records, delta sync",
    "Embeds": "Widgets and item pages for partner websites",
    "Feeds": "Announcements as Atom and JSON Feed",
    "oEmbed": "oEmbed 1.0 for the widgets and pages",
    "Meta": "This document, its page, and the open-data catalogue",
}
HTTP_TEXT = {
    400: "Bad parameter",
    404: "Not found",
    501: "Not implemented",
    503: "DynamoDB unavailable; retry",
}
PROBLEM = {"application/problem+json": {"schema": {"$ref": REF.format(model="Problem")}}}


def _parameter(param: Param) -> dict[str, Any]:
    found = {
        "name": param.name,
        "in": param.where,
        "required": param.required,
        "schema": dict(param.schema),
        "description": param.text,
    }
    if param.example is not None:
        found["example"] = param.example
    if not param.explode:
        found.update(style="form", explode=False)
    return found


def _content(route: Route, examples: dict[str, Any]) -> dict[str, Any]:
    """The 200's media types: the route's model for the first, text for the others."""
    first, *others = route.media
    if route.model is not None and route.model.endswith("Detail"):  # whole, or fields chosen
        selection = route.model.removesuffix("Detail") + "SelectionDetail"
        schema: dict[str, Any] = {"anyOf": [{"$ref": REF.format(model=m)}
                                            for m in (route.model, selection)]}  # fmt: skip
    elif route.model is not None:
        schema = {"$ref": REF.format(model=route.model)}
    else:
        schema = {"type": "object"} if "json" in first else {"type": "string"}
    content: dict[str, Any] = {"schema": schema}
    if route.kind is not None and route.model in (
        f"{route.kind.model}Detail",
        f"{route.kind.model}List",
    ):
        example = examples.get(("list:" if route.model.endswith("List") else "") + route.kind.name)
        if example is not None:
            content["example"] = example
    return {first: content, **{media: {"schema": {"type": "string"}} for media in others}}


def _responses(route: Route, examples: dict[str, Any]) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": {h: HEADERS[h] for h in route.headers},
            "content": _content(route, examples),
        },
        "304": {
            "description": "Not Modified: the If-None-Match ETag is current",
            "headers": {h: HEADERS[h] for h in ("ETag", "Cache-Control", "Vary")},
        },
        "405": {"description": "Only GET and HEAD", "content": PROBLEM},
    }
    for status in route.errors:
        headers = {"Retry-After": HEADERS["Retry-After"]} if status == 503 else {}
        responses[str(status)] = {
            "description": HTTP_TEXT[status],
            "headers": headers,
            "content": PROBLEM,
        }
    return responses


def document(routes: tuple[Route, ...], examples: dict[str, Any] | None = None) -> dict[str, Any]:
    """The OpenAPI document of ``routes`` (chalicelib.routes.ROUTES)."""
    named = served.served_models()
    names = [route.model for route in routes if route.model]
    names += [
        name.removesuffix("Detail") + "SelectionDetail" for name in names if name.endswith("Detail")
    ]
    used = [named[name] for name in dict.fromkeys(names)] + [served.Problem]
    _, defs = models_json_schema([(m, "serialization") for m in used], ref_template=REF)
    paths = {
        route.path: {
            "get": {
                "operationId": "get_" + "_".join(re.findall(r"[a-z0-9]+", route.path.lower())),
                "summary": route.summary,
                "tags": [route.tag],
                "parameters": [_parameter(param) for param in route.params],
                "responses": _responses(route, examples or {}),
            }
        }
        for route in sorted(routes, key=lambda route: route.path)
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Chongqing–California cooperation API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
        "paths": paths,
        "components": {"schemas": defs.get("$defs", {})},
    }


def render(routes: tuple[Route, ...], examples: dict[str, Any] | None = None) -> str:
    text = json.dumps(document(routes, examples), ensure_ascii=False, indent=1, sort_keys=True)
    return text + "\n"


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
