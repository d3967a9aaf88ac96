"""The OpenAPI document as served (/v1/openapi.json) and as a page for people (/docs).

/docs lists the operations by tag, the JSON API first, readable without JavaScript, and then
offers Swagger UI. Swagger UI's files are not ours to serve from Lambda: `coop load` publishes
them with the bulk files (coop/bulk.py), under a path that names their version, and the page
loads them from there with Subresource Integrity; its CSP allows exactly those two files.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from chalicelib.api.document import document
from chalicelib.html import render

ROW = (
    '<li><h3><code>GET {}</code></h3><p>{}</p><p class="meta">{} · answers {}</p><ul>{}</ul>{}</li>'
)
# Swagger UI as the flask-swagger-ui package ships it; tests/functional/test_docs.py checks
# these against the installed files, which coop/bulk.py publishes.
EXPLORER = "bulk/explorer/swagger-ui-5.34.0"
EXPLORER_FILES = {  # and their Subresource Integrity
    "swagger-ui-bundle.js": (
        "sha384-9Td7MKiIr2S83E1kZyyVi8KdJw/S8CpAvu0llLyMeg0xq/hDGiZJfVn0fV4llCmK"
    ),
    "swagger-ui.css": "sha384-4c3vsE5f+trhFyHrFrLM1fFGUn531NIaC7dcqEWIJdoRQJ5CkJbSuSCwXLpaS1KF",
}
START = (
    'SwaggerUIBundle({url:document.getElementById("swagger-ui").dataset.spec,'
    'dom_id:"#swagger-ui",deepLinking:false,defaultModelsExpandDepth:0});'
)


def served(base: str) -> dict[str, Any]:
    return {**document(), "servers": [{"url": base}]}


def _code(text: str) -> Markup:
    """Description text with its `backticks` as <code>."""
    parts = text.split("`")
    return Markup("").join(
        Markup("<code>{}</code>").format(part) if n % 2 else Markup("{}").format(part)
        for n, part in enumerate(parts)
    )


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict[str, Any]) -> str:
    """A field's type in a few words: string, one of a|b, text (a string or all languages)."""
    if "$ref" in schema:
        name = _name(schema["$ref"])
        return "text in every language" if name == "AllLanguages" else name
    if "const" in schema:
        return repr(schema["const"])
    if "enum" in schema:
        return "one of " + " | ".join(map(str, schema["enum"]))
    if "anyOf" in schema:
        kinds = [_type(option) for option in schema["anyOf"]]
        if "string" in kinds and "text in every language" in kinds:
            kinds.remove("text in every language")
            kinds[kinds.index("string")] = "text (all languages with lang=all)"
        return " or ".join(kinds)
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    return str(schema.get("type", "any"))


def _models(schema: dict[str, Any]) -> list[str]:
    """The models a schema names: itself, or the first of its alternatives (the whole item)."""
    options = schema.get("anyOf", [schema])
    return [_name(options[0]["$ref"])] if "$ref" in options[0] else []


def _fields(op: dict[str, Any], schemas: dict[str, Any]) -> Markup:
    """The fields of a JSON answer; for a list, those of its items too."""
    content: dict[str, Any] = op["responses"]["200"].get("content", {})
    first: dict[str, Any] = next(iter(content.values()), {})
    shown = _models(first.get("schema", {}))
    if shown:
        shown += _models(schemas[shown[0]].get("properties", {}).get("items", {}).get("items", {}))
    tables = Markup("")
    for name in shown:
        rows = Markup("").join(
            Markup("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>").format(
                field, _type(spec), _code(spec.get("description", ""))
            )
            for field, spec in schemas[name].get("properties", {}).items()
        )
        tables += Markup("<details><summary>{}</summary><table>{}</table></details>").format(
            name, rows
        )
    return tables


def _row(path: str, op: dict[str, Any], schemas: dict[str, Any]) -> Markup:
    params = Markup("").join(
        Markup("<li><code>{}</code> ({}, {}) {}</li>").format(
            p["name"], p["in"], _type(p.get("schema", {})), _code(p.get("description", ""))
        )
        for p in op["parameters"]
    )
    statuses = ", ".join(op["responses"])
    media = ", ".join(op["responses"]["200"].get("content", {}))
    fields = _fields(op, schemas)
    return Markup(ROW).format(path, op["summary"], media, statuses, params, fields)


def operations(doc: dict[str, Any]) -> Markup:
    """Every operation under its tag, the tags in the document's order (the JSON API first)."""
    schemas = doc.get("components", {}).get("schemas", {})
    sections = Markup("")
    for tag in doc.get("tags", []):
        rows = [
            _row(path, item["get"], schemas)
            for path, item in doc["paths"].items()
            if item["get"]["tags"] == [tag["name"]]
        ]
        sections += Markup("<h2>{}</h2><p>{}</p><ul>{}</ul>").format(
            tag["name"], tag.get("description", ""), Markup("").join(rows)
        )
    return sections


def explorer(base: str) -> tuple[Markup, render.Sources]:
    """Swagger UI's mount point, its files and start, and what its CSP must allow."""
    files = {name: f"{base}/{EXPLORER}/{name}" for name in EXPLORER_FILES}
    script, style = files["swagger-ui-bundle.js"], files["swagger-ui.css"]
    html = Markup(
        '<h2 id="explorer">Try it: Swagger UI</h2><div id="swagger-ui" data-spec="{}"></div>'
        '<link rel="stylesheet" href="{}" integrity="{}">'
        '<script src="{}" integrity="{}"></script><script>{}</script>'
    ).format(
        f"{base}/v1/openapi.json", style, EXPLORER_FILES["swagger-ui.css"],
        script, EXPLORER_FILES["swagger-ui-bundle.js"], Markup(START),
    )  # fmt: skip
    allow: render.Sources = {
        "style-src": (style,),
        "script-src": (script, render.hash_source(START)),
        "img-src": ("data:",),  # Swagger UI's icons
        "connect-src": (base + "/",),  # the document, and "Try it out"
    }
    return html, allow


def page(base: str) -> tuple[str, render.Sources]:
    """The page, and the sources its CSP adds for Swagger UI."""
    doc = document()
    tried, allow = explorer(base)
    links = Markup(
        '<p><a href="#explorer">Try it (Swagger UI)</a> · <a href="{}">openapi.json</a> ·'
        ' <a href="{}">data.json</a> (the open-data catalogue)</p>'
    ).format(f"{base}/v1/openapi.json", f"{base}/data.json")
    body = Markup("<h1>{}</h1><p>{}</p>{}{}{}").format(
        doc["info"]["title"], _code(doc["info"]["description"]), links, operations(doc), tried
    )
    html = render.document(
        lang="en", title=doc["info"]["title"], body=body, json_ld=None, links=[],
        message_origins=None,
    )  # fmt: skip
    return html, allow
