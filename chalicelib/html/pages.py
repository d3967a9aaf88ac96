"""Widgets (/embed/...) and item pages (/<kind>/<id>): request in, self-contained HTML out."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from chalice.app import Request, Response

from chalicelib import http, urls
from chalicelib.api import views
from chalicelib.api.params import list_query, parse_limit
from chalicelib.config import settings
from chalicelib.errors import InvalidParameter, shown
from chalicelib.html import jsonld, render, widgets
from chalicelib.i18n import negotiate
from chalicelib.routes import Route
from chalicelib.store.dynamodb import get_store
from chalicelib.store.secret import cursor_secret
from chalicelib.taxonomy import ALL_LANGS, KINDS, LANGS, Kind

X_DEFAULT = "x-default"  # hreflang of the URL that lets the visitor's browser choose


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
    """A record as a widget shows it; with ``full``, as its own page does: an article with
    every initiative, another record with a link to ``source``, its announcement."""
    if kind.schema_type == "NewsArticle":
        return widgets.announcement(doc, url, lang, full)
    return widgets.record(
        doc, url, lang, name=kind.title, tag=kind.tag, source=source if full else None
    )


def _structured(kind: Kind, doc: dict[str, Any], url: str, lang: str) -> dict[str, Any]:
    tag = doc.get(kind.tag) if kind.tag else None
    return jsonld.entity(kind, doc, url, lang, widgets.ui(tag, lang) if tag else None)


def _page_data(kind: Kind, doc: dict[str, Any], url: str, lang: str) -> dict[str, Any]:
    """An article names its publisher; another record is the main entity of a page."""
    item = _structured(kind, doc, url, lang)
    if kind.schema_type == "NewsArticle":
        return jsonld.single(item)
    return jsonld.web_page(item, url, lang, widgets.PROVIDER[lang])


def _head_links(
    base: str, oembed_of: str, canonical: str, alternates: dict[str, str], title: str
) -> list[tuple[str, str, dict[str, str]]]:
    """oEmbed discovery (JSON and XML) for ``oembed_of``, the URL as asked for: without a
    lang, an embed follows each visitor's language. Then the canonical link, and the
    languages: ``hreflang`` for each, ``x-default`` for the URL that negotiates."""
    target = quote(oembed_of, safe="")
    links = [
        ("alternate", f"{base}/oembed?url={target}&format={fmt}", {"type": kind, "title": title})
        for fmt, kind in (("json", "application/json+oembed"), ("xml", "text/xml+oembed"))
    ]
    links.append(("canonical", canonical, {}))
    links += [("alternate", url, {"hreflang": lang}) for lang, url in alternates.items()]
    return links


def _response(
    request: Request, html: str, lang: str, frame_ancestors: str, form_action: str | None = None
) -> Response:
    return http.cached(
        request,
        html,
        content_type=render.HTML,
        language=lang,
        extra_headers=render.page_headers(
            frame_ancestors, {"form-action": (form_action,)} if form_action else None
        ),
    )


def item(request: Request, route: Route, item_id: str, *, embed: bool) -> Response:
    """An item page (full text) or its widget (``embed``: summary, link, height messages)."""
    assert route.kind is not None
    kind, asked_lang = route.kind, route.values(request).get("lang")
    lang = html_lang(request, asked_lang)
    doc = views.detail(get_store(), kind, item_id, lang)
    base = urls.base_url(request)
    page_url = urls.page(base, kind.path, item_id, lang)
    alternates = {other: urls.page(base, kind.path, item_id, other) for other in LANGS}
    alternates[X_DEFAULT] = urls.page(base, kind.path, item_id)
    if embed:
        asked = urls.embed(base, kind.path, item_id, lang=asked_lang)
        body = _fragment(kind, doc, page_url, lang)
    else:
        asked = urls.page(base, kind.path, item_id, asked_lang)
        body = _page_body(kind, doc, base, lang, {o: alternates[o] for o in LANGS})
    title = str(doc.get(kind.title))
    conf = settings()
    html = render.document(
        lang=lang,
        title=title,
        body=body,
        json_ld=_page_data(kind, doc, page_url, lang),
        links=_head_links(base, asked, page_url, alternates, title),
        message_origins=conf.message_origins if embed else None,
    )
    return _response(request, html, lang, conf.frame_ancestors if embed else "'none'")


def _page_body(
    kind: Kind, doc: dict[str, Any], base: str, lang: str, languages: dict[str, str]
) -> render.Markup:
    """An item's own page: links to its other languages, then the record in full, with a link
    to the announcement it comes from."""
    parent = doc.get("announcement_id")
    source = urls.page(base, "announcements", parent, lang) if parent else None
    page = _fragment(kind, doc, languages[lang], lang, full=True, source=source)
    return widgets.languages(languages, lang) + page


def listing(request: Request, route: Route) -> Response:
    """A list widget: the first ``limit`` records (default 20) with the API's filters."""
    assert route.kind is not None
    kind, values = route.kind, route.values(request)
    lang = html_lang(request, values.get("lang"))
    docs = views.first_items(get_store(), kind, list_query(kind, values), lang)
    base = urls.base_url(request)
    links = [urls.page(base, kind.path, doc["id"], lang) for doc in docs]
    title = widgets.ui(kind.path, lang)
    fragments = [_fragment(kind, d, u, lang) for d, u in zip(docs, links, strict=True)]
    structured = [_structured(kind, d, u, lang) for d, u in zip(docs, links, strict=True)]
    self_url = urls.embed(base, kind.path, **values)
    alternates = {o: urls.embed(base, kind.path, **{**values, "lang": o}) for o in LANGS}
    alternates[X_DEFAULT] = urls.embed(base, kind.path, **{**values, "lang": None})
    conf = settings()
    html = render.document(
        lang=lang,
        title=title,
        body=widgets.item_list(title, fragments, lang),
        json_ld=jsonld.collection(title, structured, self_url, lang, widgets.PROVIDER[lang]),
        links=_head_links(base, self_url, alternates[lang], alternates, title),
        message_origins=conf.message_origins,
    )
    return _response(request, html, lang, conf.frame_ancestors)


def search(request: Request, route: Route) -> Response:
    """The search widget: a box that submits to itself (a plain GET form: no script needed)
    and the results for ``q``, each linking to its page. A ``q`` with nothing to search for
    (spaces, punctuation) shows the box alone, as no ``q`` does."""
    from chalicelib.search import service

    values = route.values(request)
    lang = html_lang(request, values.get("lang"))
    limit = parse_limit(values.get("limit"))
    query = values.get("q", "")
    results = None
    if service.query_words(query):  # too long or with control characters: the API's 400
        asked = service.parse({"q": query}, limit)
        results = service.answer(get_store(), asked, lang, cursor_secret())
    base = urls.base_url(request)
    kept = {"lang": values.get("lang"), "limit": values.get("limit")}
    alternates = {
        tag: urls.embed(base, "search", q=query or None, **{**kept, "lang": tag})
        for tag in (*LANGS, None)
    }
    found = []
    for item in (results or {}).get("items", []):
        kind = KINDS[item["type"]]
        if kind.embeddable:
            url = urls.page(base, kind.path, item["id"], lang)
        else:  # a sector: the widget of its projects
            url = urls.embed(base, "projects", sector=item["id"], lang=lang)
        found.append(widgets.result(item, url, lang, name=kind.title))
    action = urls.embed(base, "search")
    total = None if results is None else results["total"]
    title = widgets.ui("searched", lang).format(q=query) if results else widgets.ui("search", lang)
    conf = settings()
    html = render.document(
        lang=lang,
        title=title,
        body=widgets.search_form(action, query, kept, lang) + widgets.results(found, total, lang),
        json_ld=None,
        links=[("canonical", alternates[lang], {})]
        + [("alternate", url, {"hreflang": tag or X_DEFAULT}) for tag, url in alternates.items()],
        message_origins=conf.message_origins,
    )
    return _response(request, html, lang, conf.frame_ancestors, form_action=action)
