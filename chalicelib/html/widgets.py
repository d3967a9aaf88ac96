"""What widgets and item pages show: UI strings and one HTML fragment per kind of record."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from chalicelib.html.render import text
from chalicelib.taxonomy import LANGS


def _in_each(*texts: str) -> dict[str, str]:
    """One text per language, in the order of taxonomy.LANGS."""
    return dict(zip(LANGS, texts, strict=True))


UI: dict[str, dict[str, str]] = {
    "announcements": _in_each("公告", "公告", "Announcements"),
    "projects": _in_each("合作项目", "合作項目", "Cooperation projects"),
    "festival-products": _in_each("加州节产品", "加州節產品", "Festival products"),
    "sectors": _in_each("投资领域", "投資領域", "Investment sectors"),  # the catalogue's
    "read": _in_each("阅读全文", "閱讀全文", "Read in full"),
    "view": _in_each("详情", "詳情", "Details"),
    "source": _in_each("所属公告", "所屬公告", "From the announcement"),
    "empty": _in_each("暂无内容。", "暫無內容。", "Nothing here yet."),
    "fresh-fruit": _in_each("新鲜水果", "新鮮水果", "Fresh fruit"),
    "nuts": _in_each("坚果", "堅果", "Nuts"),
    "wine": _in_each("葡萄酒", "葡萄酒", "Wine"),
    "offered-to-chongqing": _in_each("加州推介项目", "加州推介項目", "Offered by California"),
    "examined-in-chongqing": _in_each("加州考察领域", "加州考察領域", "Examined in Chongqing"),
}

# The publisher, as the release names it (English) and in Chinese: feeds, oEmbed, JSON-LD.
PROVIDER = _in_each(
    "重庆市对外贸易经济委员会",
    "重慶市對外貿易經濟委員會",
    "Chongqing Foreign Trade and Economic Relations Commission",
)

# Each language named in itself, for the language links of item pages.
LANG_NAMES = _in_each("简体中文", "繁體中文", "English")


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
