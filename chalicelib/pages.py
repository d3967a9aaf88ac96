"""Widgets (/embed/...) and item pages (/<kind>/<id>): request in, self-contained HTML out."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from chalice.app import Request, Response

from chalicelib import http, jsonld, render, urls, views, widgets
from chalicelib.config import settings
from chalicelib.errors import InvalidParameter, shown
from chalicelib.i18n import negotiate
from chalicelib.params import list_query, single_values
from chalicelib.store import get_store
from chalicelib.taxonomy import ALL_LANGS, LANGS, Kind


def html_lang(request: Request, query_lang: str | None) -> str:
    """A page is in one language: ``lang=all`` is for the JSON API."""
    got = f"; got {shown(query_lang)}" if query_lang is not None else ""
    wrong = InvalidParameter("lang", f"must be one of {', '.join(LANGS)} here{got}")
    try:
        lang = negotiate(
            query_lang, request.headers.get("accept-language"), settings().default_lang
        )
    except InvalidParameter:
        raise wrong from None
    if lang == ALL_LANGS:
        raise wrong
    return lang


def _fragment(
    kind: Kind,
    doc: dict[str, Any],
    url: str,
    lang: str,
    *,
    full: bool = False,
    source: str | None = None,
) -> render.Markup:
    """A record as a widget shows it; with ``full``, as its own page does: an announcement
    with every initiative, a project or product with a link to ``source``, its announcement."""
    if kind.name == "announcement":
        return widgets.announcement(doc, url, lang, full)
    name, tag = ("title", "direction") if kind.name == "project" else ("name", "category")
    return widgets.record(doc, url, lang, name=name, tag=tag, source=source if full else None)


def _structured(kind: Kind, doc: dict[str, Any], url: str, lang: str) -> dict[str, Any]:
    if kind.name == "announcement":
        return jsonld.news_article(doc, url, lang)
    if kind.name == "project":
        return jsonld.project(doc, url)
    return jsonld.product(doc, url, widgets.ui(doc["category"], lang))


def _page_data(kind: Kind, doc: dict[str, Any], url: str, lang: str) -> dict[str, Any]:
    """A NewsArticle names its publisher; a project or product is the main entity of a page."""
    item = _structured(kind, doc, url, lang)
    if kind.name == "announcement":
        return jsonld.single(item)
    return jsonld.web_page(item, url, lang, widgets.PROVIDER[lang])


def _head_links(
    base: str, canonical: str, alternates: dict[str, str], title: str
) -> list[tuple[str, str, dict[str, str]]]:
    """oEmbed discovery and canonical link for ``canonical``, and the other languages."""
    oembed = f"{base}/oembed?url={quote(canonical, safe='')}&format=json"
    links = [
        ("alternate", oembed, {"type": "application/json+oembed", "title": title}),
        ("canonical", canonical, {}),
    ]
    links += [("alternate", url, {"hreflang": lang}) for lang, url in alternates.items()]
    return links


def _response(request: Request, html: str, lang: str, frame_ancestors: str) -> Response:
    return http.cached(
        request,
        html,
        content_type=render.HTML,
        language=lang,
        extra_headers=render.page_headers(frame_ancestors),
    )


def item(request: Request, kind: Kind, item_id: str, *, embed: bool) -> Response:
    """An item page (full text) or its widget (``embed``: summary, link, height messages)."""
    values = single_values(request.query_params, ("lang",), ignore_unknown=True)
    lang = html_lang(request, values.get("lang"))
    doc = views.detail(get_store(), kind, item_id, lang)
    base = urls.base_url(request)
    page_url = urls.page(base, kind.path, item_id, lang)
    alternates = {other: urls.page(base, kind.path, item_id, other) for other in LANGS}
    title = str(doc.get("title") or doc.get("name"))
    conf = settings()
    if embed:
        body = _fragment(kind, doc, page_url, lang)
    else:  # the page: links to its other languages, and to its announcement
        parent = doc.get("announcement_id")
        source = urls.page(base, "announcements", parent, lang) if parent else None
        page = _fragment(kind, doc, page_url, lang, full=True, source=source)
        body = widgets.languages(alternates, lang) + page
    html = render.document(
        lang=lang,
        title=title,
        body=body,
        json_ld=_page_data(kind, doc, page_url, lang),
        links=_head_links(base, page_url, alternates, title),
        message_origins=conf.message_origins if embed else None,
    )
    return _response(request, html, lang, conf.frame_ancestors if embed else "'none'")


def listing(request: Request, kind: Kind) -> Response:
    """A list widget: the first ``limit`` records (default 20) with the API's filters."""
    values = single_values(
        request.query_params, ("lang", *kind.filters, "limit"), ignore_unknown=True
    )
    lang = html_lang(request, values.get("lang"))
    query = list_query(kind, values)
    conf = settings()
    docs = views.first_items(get_store(), kind, query, lang)
    base = urls.base_url(request)
    links = [urls.page(base, kind.path, doc["id"], lang) for doc in docs]
    title = widgets.ui(kind.path, lang)
    fragments = [_fragment(kind, d, u, lang) for d, u in zip(docs, links, strict=True)]
    structured = [_structured(kind, d, u, lang) for d, u in zip(docs, links, strict=True)]
    self_url = urls.embed(base, kind.path, **values)
    html = render.document(
        lang=lang,
        title=title,
        body=widgets.item_list(title, fragments, lang),
        json_ld=jsonld.item_list(title, structured, widgets.PROVIDER[lang]),
        links=_head_links(base, self_url, {}, title),
        message_origins=conf.message_origins,
    )
    return _response(request, html, lang, conf.frame_ancestors)
