"""Announcement feeds per language: Atom 1.0 and JSON Feed 1.1, from one Query.

Entry ids are ``urn:uuid:`` UUIDv5s of the announcement id: stable across hosts, stages and
languages. Each entry links to its page in every language (``hreflang``).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Any

from chalice.app import Request, Response

from chalicelib import http, urls
from chalicelib.api import views
from chalicelib.api.params import ListQuery
from chalicelib.html import pages
from chalicelib.html.render import Markup, text
from chalicelib.html.widgets import PROVIDER
from chalicelib.routes import Route
from chalicelib.store.dynamodb import get_store
from chalicelib.taxonomy import ANNOUNCEMENT, LANGS

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.UUID("6f1f3a52-5c1e-4b59-9a8e-3c0f6d2a9e10")  # fixed: changing it changes every id
FEED_SIZE = 50
EPOCH = "1970-01-01T00:00:00Z"


def entry_id(item_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'announcement/{item_id}')}"


def _content(request: Request, route: Route) -> tuple[str, str, list[dict[str, Any]]]:
    lang = pages.html_lang(request, route.values(request).get("lang"))
    query = ListQuery(filters={}, limit=FEED_SIZE, cursor=None)
    docs = views.first_items(get_store(), ANNOUNCEMENT, query, lang)
    return lang, urls.base_url(request), docs


def _html(doc: dict[str, Any]) -> str:
    parts = [text(doc.get("summary"))]
    for section in doc.get("sections") or []:
        parts += [Markup("<h2>{}</h2>").format(section.get("heading")), text(section.get("body"))]
    return str(Markup("").join(parts))


def atom(request: Request, route: Route) -> Response:
    lang, base, docs = _content(request, route)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _add(feed, "id", f"urn:uuid:{uuid.uuid5(NAMESPACE, f'announcements.atom/{lang}')}")
    _add(feed, "title", PROVIDER[lang])
    _add(feed, "updated", max((d.get("updated_at") or EPOCH for d in docs), default=EPOCH))
    ET.SubElement(_add(feed, "author"), f"{{{ATOM}}}name").text = PROVIDER[lang]
    _link(feed, "self", f"{base}/v1/announcements.atom?lang={lang}", "application/atom+xml", lang)
    # The feed as a web page: the announcements widget, in the feed's language.
    _link(feed, "alternate", urls.embed(base, "announcements", lang=lang), "text/html", lang)
    for other in LANGS:
        if other != lang:
            _link(
                feed,
                "alternate",
                f"{base}/v1/announcements.atom?lang={other}",
                "application/atom+xml",
                other,
            )
    for doc in docs:
        entry = _add(feed, "entry")
        _add(entry, "id", entry_id(doc["id"]))
        _add(entry, "title", doc.get("title"))
        _add(entry, "updated", doc.get("updated_at") or EPOCH)
        if doc.get("published_at"):
            _add(entry, "published", f"{doc['published_at']}T00:00:00Z")
        if doc.get("publisher"):
            ET.SubElement(_add(entry, "author"), f"{{{ATOM}}}name").text = doc["publisher"]
        _add(entry, "summary", doc.get("summary"))
        _add(entry, "content", _html(doc)).set("type", "html")
        for other in LANGS:
            _link(
                entry,
                "alternate",
                urls.page(base, "announcements", doc["id"], other),
                "text/html",
                other,
            )
    body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")
    return http.cached(
        request, body, content_type="application/atom+xml; charset=utf-8", language=lang
    )


def _add(parent: ET.Element, name: str, value: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    if value is not None:
        element.text = value
    return element


def _link(parent: ET.Element, rel: str, href: str, kind: str, lang: str) -> None:
    ET.SubElement(
        parent, f"{{{ATOM}}}link", {"rel": rel, "href": href, "type": kind, "hreflang": lang}
    )


def json_feed(request: Request, route: Route) -> Response:
    lang, base, docs = _content(request, route)
    feed_url = f"{base}/v1/announcements.json?lang={lang}"
    items = []
    for doc in docs:
        item = {
            "id": entry_id(doc["id"]),
            "url": urls.page(base, "announcements", doc["id"], lang),
            "title": doc.get("title"),
            "summary": doc.get("summary"),
            "content_html": _html(doc),
            "date_published": f"{doc['published_at']}T00:00:00Z"
            if doc.get("published_at")
            else None,
            "date_modified": doc.get("updated_at"),
            "language": lang,
            "authors": [{"name": doc["publisher"]}] if doc.get("publisher") else None,
            "_coop": {
                "alternates": [
                    {"hreflang": other, "url": urls.page(base, "announcements", doc["id"], other)}
                    for other in LANGS
                    if other != lang
                ]
            },
        }
        items.append({k: v for k, v in item.items() if v is not None})
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": PROVIDER[lang],
        "home_page_url": urls.embed(base, "announcements", lang=lang),
        "feed_url": feed_url,
        "language": lang,
        "authors": [{"name": PROVIDER[lang]}],
        "items": items,
    }
    return http.cached(
        request,
        http.dumps(feed),
        content_type="application/feed+json; charset=utf-8",
        language=lang,
    )
