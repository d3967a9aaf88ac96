"""schema.org JSON-LD for widgets and pages, from localized documents; absent fields stay out."""

from __future__ import annotations

from typing import Any

from chalicelib.taxonomy import Kind

CONTEXT = "https://schema.org"


EMPTY: tuple[Any, ...] = (None, "", [], {})


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return _clean(value)
    if isinstance(value, list):
        return [v for v in (_prune(item) for item in value) if v not in EMPTY]
    return value


def _clean(value: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields, recursively: JSON-LD states only what the content has."""
    cleaned = {k: _prune(v) for k, v in value.items()}
    return {k: v for k, v in cleaned.items() if v not in EMPTY}


def publisher(doc: dict[str, Any]) -> dict[str, Any] | None:
    name = doc.get("publisher")
    return organization(name) if name else None


def organization(name: str) -> dict[str, Any]:
    return {"@type": "GovernmentOrganization", "name": name}


def web_page(item: dict[str, Any], url: str, lang: str, publisher_name: str) -> dict[str, Any]:
    """The page about one record: it has the publisher, which the record itself does not."""
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "url": url,
        "inLanguage": lang,
        "publisher": organization(publisher_name),
        "mainEntity": item,
    }


def festival(doc: dict[str, Any]) -> dict[str, Any] | None:
    fest = doc.get("festival")
    if not fest:
        return None
    fair = doc.get("fair") or {}
    return {
        "@type": "Festival",
        "name": fest.get("name"),
        "alternateName": fest.get("short_name"),
        "startDate": fest.get("starts_on"),
        "endDate": fest.get("ends_on"),
        "superEvent": {"@type": "Event", "name": fair.get("name")} if fair else None,
    }


def news_article(doc: dict[str, Any], url: str, lang: str) -> dict[str, Any]:
    sections = doc.get("sections") or []
    body = "\n".join(filter(None, (f"{s.get('heading')}\n{s.get('body') or ''}" for s in sections)))
    fest = festival(doc)
    return _clean(
        {
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "headline": doc.get("title"),
            "description": doc.get("summary"),
            "articleBody": body.strip(),
            "inLanguage": lang,
            # Only the content's own date: the load time is not the article's.
            "datePublished": doc.get("published_at"),
            "publisher": publisher(doc),
            "mentions": [fest] if fest else None,
        }
    )


def entity(
    kind: Kind, doc: dict[str, Any], url: str, lang: str, tag_label: str | None
) -> dict[str, Any]:
    """A record as its kind's schema.org type: an article in full; anything else named and
    described, and a Product with its category (the label of the kind's tag)."""
    if kind.schema_type == "NewsArticle":
        return news_article(doc, url, lang)
    return _clean(
        {
            "@type": kind.schema_type,
            "@id": url,
            "url": url,
            "name": doc.get(kind.title),
            "description": doc.get("summary"),
            "category": tag_label if kind.schema_type == "Product" else None,
        }
    )


def collection(
    name: str, items: list[dict[str, Any]], url: str, lang: str, publisher_name: str
) -> dict[str, Any]:
    """A list widget: a CollectionPage (a CreativeWork, which has a publisher) whose main
    entity is the ItemList (which has none)."""
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": name,
        "url": url,
        "inLanguage": lang,
        "publisher": organization(publisher_name),
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": [
                {"@type": "ListItem", "position": n, "item": item}
                for n, item in enumerate(items, 1)
            ],
        },
    }


def single(item: dict[str, Any]) -> dict[str, Any]:
    return {"@context": CONTEXT, **item}
