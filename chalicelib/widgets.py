"""What widgets and item pages show: UI strings and one HTML fragment per kind of record."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from chalicelib.render import text

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


def ui(key: str, lang: str) -> str:
    return UI[key][lang]


def _link(url: str, label: str) -> Markup:
    return Markup('<a href="{}" target="_blank" rel="noopener">{}</a>').format(url, label)


def announcement(doc: dict[str, Any], url: str, lang: str, full: bool) -> Markup:
    """The title, lead and initiatives; a widget shows the headings and links to the page."""
    parts = [Markup("<h1>{}</h1>").format(doc.get("title"))]
    if doc.get("publisher") or doc.get("published_at"):
        meta = " · ".join(filter(None, (doc.get("publisher"), doc.get("published_at"))))
        parts.append(Markup('<p class="meta">{}</p>').format(meta))
    parts.append(text(doc.get("summary")))
    for section in doc.get("sections") or []:
        parts.append(Markup("<h2>{}</h2>").format(section.get("heading")))
        if full:
            parts.append(text(section.get("body")))
    if not full:
        parts.append(Markup("<footer>{}</footer>").format(_link(url, ui("read", lang))))
    return Markup("").join(parts)


def project(doc: dict[str, Any], url: str, lang: str) -> Markup:
    tag = Markup('<span class="tag">{}</span>').format(ui(doc["direction"], lang))
    return Markup("<h2>{}</h2>{}{}<p>{}</p>").format(
        doc.get("title"), tag, text(doc.get("summary")), _link(url, ui("view", lang))
    )


def festival_product(doc: dict[str, Any], url: str, lang: str) -> Markup:
    tag = Markup('<span class="tag">{}</span>').format(ui(doc["category"], lang))
    return Markup("<h2>{}</h2>{}{}<p>{}</p>").format(
        doc.get("name"), tag, text(doc.get("summary")), _link(url, ui("view", lang))
    )


def item_list(title: str, fragments: list[Markup], lang: str) -> Markup:
    if not fragments:
        return Markup("<h1>{}</h1><p>{}</p>").format(title, ui("empty", lang))
    items = Markup("").join(Markup("<li>{}</li>").format(f) for f in fragments)
    return Markup("<h1>{}</h1><ul>{}</ul>").format(title, items)
