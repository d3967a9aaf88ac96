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
    "search": _in_each("搜索", "搜尋", "Search"),
    "searched": _in_each("搜索：{q}", "搜尋：{q}", "Search: {q}"),
    "search-label": _in_each(
        "搜索公告、项目和产品",
        "搜尋公告、項目和產品",
        "Search announcements, projects and products",
    ),
    "no-results": _in_each("没有找到结果。", "沒有找到結果。", "No results."),
    "results": _in_each("共 {n} 条结果", "共 {n} 筆結果", "{n} results"),
    "one-result": _in_each("共 1 条结果", "共 1 筆結果", "1 result"),
    "announcement": _in_each("公告", "公告", "Announcement"),
    "project": _in_each("项目", "項目", "Project"),
    "festival-product": _in_each("加州节产品", "加州節產品", "Festival product"),
    "sector": _in_each("领域", "領域", "Sector"),
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


SNIPPET = 160  # columns of a long text shown around its first match; a Chinese character is two


def _columns(value: str) -> int:
    """How many characters of ``value`` fill SNIPPET columns, by its first character's width."""
    wide = bool(value) and "\u2e80" <= value[0] <= "\uffef"
    return SNIPPET // 2 if wide else SNIPPET


def marked(highlight: dict[str, Any] | None, plain: str) -> Markup:
    """A highlight's text with each match in <mark>; a long text cut around its first match.
    Without a highlight, ``plain``, cut."""
    if highlight is None:
        size = _columns(plain)
        return escape(plain[:size] + ("…" if len(plain) > size else ""))
    value, matches = highlight["text"], highlight["matches"]
    size = _columns(value)
    start = max(0, min(matches[0][0] - size // 4, len(value) - size))
    end = start + size
    parts, at = [Markup("…") if start else Markup("")], start
    for first, last in matches:
        if last <= start or first >= end:
            continue
        first, last = max(first, start), min(last, end)
        parts += [escape(value[at:first]), Markup("<mark>{}</mark>").format(value[first:last])]
        at = last
    parts += [escape(value[at:end]), Markup("…") if end < len(value) else Markup("")]
    return Markup("").join(parts)


def result(item: dict[str, Any], url: str, lang: str, *, name: str) -> Markup:
    """One search result: its name (matches marked) linking to its page, its kind, and the
    best other text where the query was found (else its summary)."""
    by_field = {h["field"]: h for h in item["highlights"]}
    heading = marked(by_field.pop(name, None), str(item.get(name) or ""))
    other = next(iter(by_field.values()), None)
    snippet = marked(other, str(item.get("summary") or ""))
    return Markup('<h2>{}</h2><span class="tag">{}</span><p>{}</p>').format(
        _link(url, heading), ui(item["type"], lang), snippet
    )


def search_form(action: str, query: str, kept: dict[str, str | None], lang: str) -> Markup:
    """A plain GET form to ``action``; it carries the widget's other parameters along."""
    hidden = Markup("").join(
        Markup('<input type="hidden" name="{}" value="{}">').format(k, v)
        for k, v in kept.items()
        if v is not None
    )
    return Markup(
        '<form role="search" method="get" action="{}"><input type="search" name="q" value="{}"'
        ' maxlength="100" aria-label="{}" placeholder="{}">{}<button type="submit">{}</button>'
        "</form>"
    ).format(action, query, ui("search-label", lang), ui("search-label", lang), hidden,
             ui("search", lang))  # fmt: skip


def results(found: list[Markup], total: int | None, lang: str) -> Markup:
    """The results, after how many there are; nothing before a search."""
    if total is None:
        return Markup("")
    if not found:
        return Markup('<p class="meta">{}</p>').format(ui("no-results", lang))
    count = ui("one-result", lang) if total == 1 else ui("results", lang).format(n=total)
    items = Markup("").join(Markup("<li>{}</li>").format(f) for f in found)
    return Markup('<p class="meta">{}</p><ul>{}</ul>').format(count, items)
