"""What widgets and item pages show: UI strings and one HTML fragment per kind of record."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from chalicelib.html.render import text

UI: dict[str, dict[str, str]] = {
    "announcements": {"zh-Hans": "公告", "zh-Hant": "公告", "en": "Announcements"},
    "projects": {"zh-Hans": "合作项目", "zh-Hant": "合作項目", "en": "Cooperation projects"},
    "festival-products": {
        "zh-Hans": "加州节产品",
        "zh-Hant": "加州節產品",
        "en": "Festival products",
    },
    "read": {"zh-Hans": "阅读全文", "zh-Hant": "閱讀全文", "en": "Read in full"},
    "view": {"zh-Hans": "详情", "zh-Hant": "詳情", "en": "Details"},
    "source": {"zh-Hans": "所属公告", "zh-Hant": "所屬公告", "en": "From the announcement"},
    "empty": {"zh-Hans": "暂无内容。", "zh-Hant": "暫無內容。", "en": "Nothing here yet."},
    "fresh-fruit": {"zh-Hans": "新鲜水果", "zh-Hant": "新鮮水果", "en": "Fresh fruit"},
    "nuts": {"zh-Hans": "坚果", "zh-Hant": "堅果", "en": "Nuts"},
    "wine": {"zh-Hans": "葡萄酒", "zh-Hant": "葡萄酒", "en": "Wine"},
    "offered-to-chongqing": {
        "zh-Hans": "加州推介项目",
        "zh-Hant": "加州推介項目",
        "en": "Offered by California",
    },
    "examined-in-chongqing": {
        "zh-Hans": "加州考察领域",
        "zh-Hant": "加州考察領域",
        "en": "Examined in Chongqing",
    },
}


# The publisher, as the release names it (English) and in Chinese: feeds, oEmbed, JSON-LD.
PROVIDER = {
    "zh-Hans": "重庆市对外贸易经济委员会",
    "zh-Hant": "重慶市對外貿易經濟委員會",
    "en": "Chongqing Foreign Trade and Economic Relations Commission",
}

# Each language named in itself, for the language links of item pages.
LANG_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}


def ui(key: str, lang: str) -> str:
    return UI[key][lang]


def _in(doc: dict[str, Any], path: str, block: bool = False) -> Markup:
    """A field's text; where it fell back to another language, marked with that language."""
    value: Any = doc
    for part in path.replace("]", "").replace("[", ".").split("."):
        value = value[int(part)] if isinstance(value, list) else (value or {}).get(part)
    shown = text(value) if block else escape(value or "")
    lang = (doc.get("fallbacks") or {}).get(path)
    if not lang:
        return shown
    return Markup('<{0} lang="{1}">{2}</{0}>').format("div" if block else "span", lang, shown)


def languages(alternates: dict[str, str], lang: str) -> Markup:
    """Links to the page in the other languages, each named in itself."""
    links = (
        Markup('<a href="{}" hreflang="{}" lang="{}">{}</a>').format(url, tag, tag, LANG_NAMES[tag])
        for tag, url in alternates.items()
        if tag != lang
    )
    return Markup("<nav>{}</nav>").format(Markup("").join(links))


def _link(url: str, label: str) -> Markup:
    return Markup('<a href="{}" target="_blank" rel="noopener">{}</a>').format(url, label)


def announcement(doc: dict[str, Any], url: str, lang: str, full: bool) -> Markup:
    """The title, lead and initiatives; a widget shows the headings and links to the page."""
    parts = [Markup("<h1>{}</h1>").format(_in(doc, "title"))]
    if doc.get("publisher") or doc.get("published_at"):
        meta = [_in(doc, "publisher")] if doc.get("publisher") else []
        meta += [escape(doc["published_at"])] if doc.get("published_at") else []
        parts.append(Markup('<p class="meta">{}</p>').format(Markup(" · ").join(meta)))
    parts.append(_in(doc, "summary", block=True))
    for n, _ in enumerate(doc.get("sections") or []):
        parts.append(Markup("<h2>{}</h2>").format(_in(doc, f"sections[{n}].heading")))
        if full:
            parts.append(_in(doc, f"sections[{n}].body", block=True))
    if not full:
        parts.append(Markup("<footer>{}</footer>").format(_link(url, ui("read", lang))))
    return Markup("").join(parts)


def record(
    doc: dict[str, Any],
    url: str,
    lang: str,
    *,
    name: str,
    tag: str | None,
    source: str | None = None,
) -> Markup:
    """A record other than an article, named by its ``name`` field. In a widget: its heading,
    its ``tag`` (if its kind has one), summary and a link to its page; on its page
    (``source``, the announcement's URL): a title and that link."""
    label = Markup('<span class="tag">{}</span>').format(ui(doc[tag], lang)) if tag else ""
    summary = _in(doc, "summary", block=True)
    if source is None:
        more = _link(url, ui("view", lang))
        return Markup("<h2>{}</h2>{}{}<p>{}</p>").format(_in(doc, name), label, summary, more)
    back = Markup('<a href="{}">{}</a>').format(source, ui("source", lang))
    return Markup("<h1>{}</h1>{}{}<footer>{}</footer>").format(_in(doc, name), label, summary, back)


def item_list(title: str, fragments: list[Markup], lang: str) -> Markup:
    if not fragments:
        return Markup("<h1>{}</h1><p>{}</p>").format(title, ui("empty", lang))
    items = Markup("").join(Markup("<li>{}</li>").format(f) for f in fragments)
    return Markup("<h1>{}</h1><ul>{}</ul>").format(title, items)
