"""oEmbed 1.0 (https://oembed.com): which of our URLs can be embedded, and as what iframe.

Accepted ``url`` values are our item pages (``/<kind>/<id>``) and widgets
(``/embed/<kind>`` and ``/embed/<kind>/<id>``) on one of our hosts (``urls.own_hosts``),
http or https. Anything else, including other hosts, other schemes, encoded or dotted
paths, is "not ours": a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from chalice.app import MultiDict, Request, Response
from markupsafe import Markup

from chalicelib import http, urls
from chalicelib.api import views
from chalicelib.api.params import list_query, single_values
from chalicelib.config import settings
from chalicelib.errors import FormatNotImplemented, InvalidParameter, NotFound, shown
from chalicelib.html import pages, widgets
from chalicelib.html.widgets import PROVIDER
from chalicelib.routes import BY_PATH, Route
from chalicelib.store.dynamodb import get_store
from chalicelib.taxonomy import KINDS, Kind

MAX_URL = 2048
FORMATS = {"json": "application/json", "xml": "text/xml"}
EMBEDDABLE = {k.path: k for k in KINDS.values() if k.embeddable}
DEFAULT_SIZE = {"item": (480, 560), "list": (480, 640)}


@dataclass(frozen=True)
class Target:
    kind: Kind
    item_id: str | None
    params: dict[str, list[str]]


def parse_target(url: str, hosts: set[str]) -> Target:
    if len(url) > MAX_URL:
        raise InvalidParameter("url", f"must be at most {MAX_URL} characters")
    not_ours = NotFound("The url is not one of this API's pages or widgets.")
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host, NFKC tricks: certainly not ours
        raise not_ours from None
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        raise not_ours
    path = parts.path
    if any(bad in path for bad in ("%", "..", "//", "\\", ";")):
        raise not_ours
    segments = path.strip("/").split("/")
    widget = segments[0] == "embed"
    segments = segments[1:] if widget else segments
    # /<kind>/<id>, /embed/<kind>/<id>, /embed/<kind>: list pages exist only as widgets.
    shortest = 1 if widget else 2
    if not shortest <= len(segments) <= 2 or segments[0] not in EMBEDDABLE:
        raise not_ours
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        params.setdefault(name, []).append(value)
    return Target(EMBEDDABLE[segments[0]], segments[1] if len(segments) == 2 else None, params)


def dimension(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 10_000):
        raise InvalidParameter(
            name, f"must be a whole number of pixels from 1 to 10000; got {shown(raw)}"
        )
    return int(raw)


def size(target: Target, maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    width, height = DEFAULT_SIZE["item" if target.item_id else "list"]
    if maxwidth is not None:
        width = min(width, maxwidth)
    if maxheight is not None:
        height = min(height, maxheight)
    return width, height


def iframe(src: str, width: int, height: int, title: str) -> str:
    """Sandboxed without allow-same-origin: the widget cannot touch the partner's page."""
    return str(
        Markup(
            '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
            'sandbox="allow-scripts allow-popups" referrerpolicy="strict-origin-when-cross-origin" '
            'frameborder="0"></iframe>'
        ).format(src, width, height, title)
    )


def respond(request: Request, route: Route, endpoint_format: str | None = None) -> Response:
    """``GET /oembed?url=...&maxwidth=...&maxheight=...&format=json``, or ``/oembed.xml``:
    an endpoint with its format in the path (oEmbed 1.0, 2.2), for clients that cannot tell
    one operation's two media types apart."""
    # Consumers add their own parameters (WordPress sends dnt=1): those are ignored.
    values = route.values(request)
    fmt = values.get("format", endpoint_format or "json")
    if fmt not in FORMATS or endpoint_format not in (None, fmt):
        served = endpoint_format or "json or xml"
        raise FormatNotImplemented("format", f"is served as {served} here; got {shown(fmt)}")
    if not values.get("url"):
        raise InvalidParameter("url", "is required: the URL of one of our pages or widgets")
    base = urls.base_url(request)
    target = parse_target(values["url"], urls.own_hosts(base))
    width, height = size(
        target,
        dimension("maxwidth", values.get("maxwidth")),
        dimension("maxheight", values.get("maxheight")),
    )
    lang, payload = _payload(request, base, target, width, height)
    body = xml(payload) if fmt == "xml" else http.dumps(payload)
    return http.cached(request, body, content_type=f"{FORMATS[fmt]}; charset=utf-8", language=lang)


def _payload(
    request: Request, base: str, target: Target, width: int, height: int
) -> tuple[str, dict[str, Any]]:
    """The answer's language, and its fields."""
    lang, title, params = _describe(request, target)
    src = urls.embed(base, target.kind.path, target.item_id, **params)
    return lang, {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": PROVIDER[lang],
        "provider_url": base,
        "cache_age": settings().cache_max_age,
        "html": iframe(src, width, height, title),
        "width": width,
        "height": height,
    }


def xml(payload: dict[str, Any]) -> str:
    """The oEmbed 1.0 XML form: one <oembed> element with a child per field."""
    import xml.etree.ElementTree as ET

    root = ET.Element("oembed")
    for name, value in payload.items():
        ET.SubElement(root, name).text = str(value)
    declaration = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
    return declaration + ET.tostring(root, encoding="unicode")


def _describe(request: Request, target: Target) -> tuple[str, str, dict[str, str | None]]:
    """Language, title and widget parameters; the url's own parameters are checked here,
    against the widget's route."""
    widget = f"/embed/{target.kind.path}" + ("/{item_id}" if target.item_id else "")
    accepted = BY_PATH[widget].accepted
    try:  # as the pages do, other parameters (utm_source, fbclid, ...) are ignored
        given = single_values(MultiDict(target.params), accepted, ignore_unknown=True)
        lang = pages.html_lang(request, given.get("lang"))
        if target.item_id is None:
            list_query(target.kind, given)
    except InvalidParameter as error:
        raise InvalidParameter("url", f"its query is wrong: {error.detail}") from None
    # Without a lang in the url the iframe has none either: each visitor's browser then
    # chooses, where a fixed one would show every visitor the consumer server's language.
    if target.item_id is None:
        return lang, widgets.ui(target.kind.path, lang), dict(given)
    doc = views.detail(get_store(), target.kind, target.item_id, lang)
    return lang, str(doc.get(target.kind.title)), {"lang": given.get("lang")}
