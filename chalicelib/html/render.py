"""Server-rendered HTML for widgets and item pages: escaped, self-contained, CSP-hashed.

Every value goes through markupsafe, so a record holding ``<script>`` or quotes renders as
text. The page loads nothing from elsewhere: its one style and one script are inline, and
the Content-Security-Policy allows exactly those two by hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from markupsafe import Markup, escape

HTML = "text/html; charset=utf-8"

STYLE = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;padding:12px;font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC",
"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#fff;
overflow-wrap:anywhere;min-width:0}
h1{font-size:1.2em;margin:0 0 .4em}h2{font-size:1.02em;margin:1em 0 .3em}
p{margin:.3em 0}ul{list-style:none;margin:0;padding:0}
li{padding:.6em 0;border-top:1px solid #e5e7eb}li:first-child{border-top:0}
.meta{color:#57606a;font-size:.85em}mark{background:#fff3b0;color:inherit}
form{display:flex;gap:.4em;margin:0 0 .6em}input[type=search]{flex:1;min-width:0;font:inherit;
padding:.3em .5em;border:1px solid #d0d7de;border-radius:.3em}button{font:inherit}
.tag{display:inline-block;padding:0 .45em;border-radius:.6em;
background:#eef2f7;color:#374151;font-size:.8em;margin-right:.3em}
a{color:#0b5cad}footer{margin-top:.8em;font-size:.85em;color:#57606a}
nav a{margin-right:.6em}
table{border-collapse:collapse}td{padding:.2em .5em;vertical-align:top;border-top:1px solid #e5e7eb}
""".strip()

# Reports the page height to the parent frame, which cannot read it across origins. The
# message goes to the parent's origin (from ancestorOrigins, else the referrer) when it is one
# of the allowed origins, which may be "*" or, as in frame-ancestors, "https://*.example.org".
SCRIPT = """
(function(){var o=JSON.parse(document.getElementById("coop-origins").textContent);
var a=location.ancestorOrigins,p=a&&a.length?a[0]:"";
if(!p&&document.referrer){try{p=new URL(document.referrer).origin}catch(e){}}
function m(x){var i=x.indexOf("://*.");if(i<0)return x===p;var h=x.slice(i+4);
return p.slice(0,i+3)===x.slice(0,i+3)&&p.length>h.length+i+3&&p.slice(-h.length)===h}
var t=o.indexOf("*")>=0?"*":(p&&o.some(m)?p:"");
function s(){if(!t)return;var h=Math.ceil(document.documentElement.getBoundingClientRect().height);
parent.postMessage({type:"coop:embed-height",height:h},t)}
if(window.ResizeObserver){new ResizeObserver(s).observe(document.documentElement)}
window.addEventListener("load",s);s()})();
""".strip()


def hash_source(text: str) -> str:
    """A CSP source that allows this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


Sources = dict[str, tuple[str, ...]]


def content_security_policy(frame_ancestors: str, allow: Sources | None = None) -> str:
    """Nothing but our one style and script, by hash, and no form; ``allow`` adds sources to
    directives (/docs: Swagger UI's files and what it fetches; the search widget: its form's
    one target), replacing a directive's ``'none'``."""
    sources = {
        "default-src": ["'none'"],
        "style-src": [hash_source(STYLE)],
        "script-src": [hash_source(SCRIPT)],
    }
    fixed = {"base-uri": ["'none'"], "form-action": ["'none'"]}
    for directive, more in (allow or {}).items():
        found = fixed.get(directive) or sources.setdefault(directive, [])
        if found == ["'none'"]:
            found.clear()
        found.extend(more)
    given = [
        f"{directive} {' '.join(values)}" for directive, values in {**sources, **fixed}.items()
    ]
    return "; ".join([*given, f"frame-ancestors {frame_ancestors}"])


def page_headers(frame_ancestors: str, allow: Sources | None = None) -> dict[str, str]:
    """What every page of ours (widgets, item pages, /docs) sends besides ``http.finish``'s
    headers. ``frame_ancestors`` is ``'none'`` for a page that is not a widget."""
    return {
        "Content-Security-Policy": content_security_policy(frame_ancestors, allow),
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


def json_block(kind: str, data: Any, element_id: str | None = None) -> Markup:
    """A JSON data block; ``<``, ``>`` and ``&`` are escaped so no text can close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    id_attr = Markup(' id="{}"').format(element_id) if element_id else Markup("")
    return Markup('<script type="{}"{}>{}</script>').format(kind, id_attr, Markup(text))


def document(
    *,
    lang: str,
    title: str,
    body: Markup,
    json_ld: dict[str, Any] | None,
    links: list[tuple[str, str, dict[str, str]]],
    message_origins: tuple[str, ...] | None,
) -> str:
    """A whole HTML page. ``links`` are (rel, href, extra attributes) for the head."""
    head_links = Markup("").join(
        Markup('<link rel="{}" href="{}"{}>').format(
            rel, href, Markup("").join(Markup(' {}="{}"').format(k, v) for k, v in extra.items())
        )
        for rel, href, extra in links
    )
    script = Markup("")
    if message_origins is not None:
        script = json_block("application/json", list(message_origins), "coop-origins")
        script += Markup("<script>{}</script>").format(Markup(SCRIPT))
    ld = json_block("application/ld+json", json_ld) if json_ld else Markup("")
    page = Markup(
        '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>{title}</title>{links}<style>{style}</style>{ld}</head>"
        "<body>{body}{script}</body></html>"
    ).format(
        lang=lang,
        title=title,
        links=head_links,
        style=Markup(STYLE),
        ld=ld,
        body=body,
        script=script,
    )
    return str(page)


def text(value: Any) -> Markup:
    """Escaped text, paragraphs kept: the content's newlines separate paragraphs."""
    if not value:
        return Markup("")
    return Markup("").join(Markup("<p>{}</p>").format(line) for line in str(value).split("\n"))


__all__ = [
    "HTML",
    "Markup",
    "content_security_policy",
    "document",
    "escape",
    "hash_source",
    "json_block",
    "page_headers",
    "text",
]
