"""Widgets and item pages: HTML, escaping, CSP, JSON-LD, discovery, errors."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import put_docs, put_english_named_product
from tests.functional.helpers import assert_problem, get, header

ANN = "chongqing-expands-cooperation-with-california"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> \'q\' & "dq"'


def html(response: Any) -> str:
    assert response.status_code == 200, response.body
    assert header(response, "content-type") == "text/html; charset=utf-8"
    return str(response.body.decode())


def json_ld(page: str) -> list[Any]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_announcement_widget(client):
    response = get(client, f"/embed/announcements/{ANN}?lang=en")
    page = html(response)
    assert '<html lang="en">' in page
    assert "Chongqing Expands Cooperation Areas" in page
    assert f'href="http://localhost/announcements/{ANN}?lang=en" target="_blank"' in page
    assert 'rel="alternate" href="http://localhost/oembed?url=http%3A%2F%2Flocalhost%2F' in page
    assert 'type="application/json+oembed"' in page
    assert "postMessage" in page
    assert '["https://partner.example","https://*.university.example"]' in page
    csp = header(response, "content-security-policy") or ""
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert "frame-ancestors https://partner.example https://*.university.example" in csp
    assert "http" not in csp.split("frame-ancestors")[0]  # nothing loaded from elsewhere


def test_announcement_json_ld_has_only_what_the_content_has(client):
    (article,) = json_ld(html(get(client, f"/embed/announcements/{ANN}?lang=en")))
    assert article["@type"] == "NewsArticle"
    assert article["publisher"] == {
        "@type": "GovernmentOrganization",
        "name": "Chongqing Foreign Trade and Economic Relations Commission",
    }
    assert article["mentions"][0]["@type"] == "Festival"
    assert article["mentions"][0]["name"] == "Tasting California: The American Californian Festival"
    assert "datePublished" not in article  # the seed gives no date
    assert "startDate" not in article["mentions"][0]
    assert "author" not in article  # the content names a publisher, no author
    assert "description" not in article["mentions"][0]  # nor a description of the festival


def test_products_widget_lists_products_with_json_ld(client):
    page = html(get(client, "/embed/festival-products?lang=zh-Hant"))
    assert "紅酒" in page and '<html lang="zh-Hant">' in page
    (listing,) = json_ld(page)
    assert listing["@type"] == "CollectionPage"  # a CreativeWork: it has a publisher
    assert listing["url"] == "http://localhost/embed/festival-products?lang=zh-Hant"
    items = listing["mainEntity"]["itemListElement"]
    assert listing["mainEntity"]["@type"] == "ItemList" and "publisher" not in listing["mainEntity"]
    assert [e["item"]["@type"] for e in items] == ["Product"] * 3
    assert listing["publisher"] == {
        "@type": "GovernmentOrganization",
        "name": "重慶市對外貿易經濟委員會",
    }


@pytest.mark.parametrize(
    ("path", "heading", "entity"),
    [
        ("/projects/data-operation-centers?lang=en", "New data operation centers", "Thing"),
        ("/festival-products/red-wine?lang=en", "Red wine", "Product"),
    ],
)
def test_a_project_or_product_page_is_a_page_of_its_own(client, path, heading, entity):
    page = html(get(client, path))
    assert f"<h1>{heading}</h1>" in page
    assert f'<a href="http://localhost/announcements/{ANN}?lang=en">From the announcement</a>' in (
        page
    )
    own = path.split("?")[0]
    assert (
        f'href="http://localhost{own}?lang=zh-Hans" hreflang="zh-Hans" lang="zh-Hans">简体中文'
        in (page)
    )
    assert 'hreflang="zh-Hant" lang="zh-Hant">繁體中文</a>' in page
    assert f'href="http://localhost{own}?lang=en" target' not in page  # no link to itself
    (data,) = json_ld(page)
    assert data["@type"] == "WebPage" and data["mainEntity"]["@type"] == entity
    assert data["publisher"]["@type"] == "GovernmentOrganization"


def test_text_from_another_language_is_marked_with_it(seeded, client):
    put_english_named_product(seeded, summary={"zh-Hans": "说明", "en": "Summary"})
    page = html(get(client, "/festival-products/english-only?lang=zh-Hant"))
    assert '<h1><span lang="en">Almonds</span></h1>' in page
    assert '<div lang="zh-Hans"><p>说明</p></div>' in page


def test_projects_widget_takes_the_api_filters(client):
    page = html(get(client, "/embed/projects?lang=en&direction=examined-in-chongqing"))
    assert "Cold chain logistics centers" in page and "Key projects in" not in page
    assert_problem(get(client, "/embed/projects?sector=mining"), 400, "sector")
    assert get(client, "/embed/projects?cursor=abc").status_code == 200  # widgets take no cursor


def test_item_page_is_full_and_not_framable(client):
    response = get(client, f"/announcements/{ANN}?lang=zh-Hans")
    page = html(response)
    assert "成功邀请加州多名部长" in page  # the bodies, not just the headings
    assert "frame-ancestors 'none'" in (header(response, "content-security-policy") or "")
    assert 'hreflang="zh-Hant"' in page and "postMessage" not in page


def test_record_markup_is_escaped(seeded, client):
    put_docs(
        seeded,
        "project",
        [
            {
                "id": "hostile",
                "direction": "offered-to-chongqing",
                "sector": "packaging",
                "title": {"en": HOSTILE},
                "summary": {"en": "</p><b>bold</b>"},
                "name": None,
                "order": 1,
                "announcement_id": ANN,
            }
        ],
    )
    for path in ("/embed/projects?lang=en", "/embed/projects/hostile?lang=en", "/projects/hostile"):
        page = html(get(client, path))
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
        (block,) = json_ld(page)
        assert HOSTILE in strings(block)


@pytest.mark.parametrize(
    ("path", "status", "mention"),
    [
        ("/embed/announcements/missing", 404, "missing"),
        ("/embed/projects/UPPER", 404, "UPPER"),
        ("/projects/missing", 404, "missing"),
        (f"/embed/announcements/{ANN}?lang=all", 400, "lang"),
        (f"/embed/announcements/{ANN}?lang=xx", 400, "lang"),
        ("/embed/projects?lang=fr", 400, "must be one of zh-Hans, zh-Hant, en here; got 'fr'"),
        ("/embed/festival-products?limit=0", 400, "limit"),
        ("/embed/festival-products?category=beer", 400, "category"),
    ],
)
def test_bad_widget_requests_are_clean_problems(client, path, status, mention):
    assert_problem(get(client, path), status, mention)


def test_widgets_have_etags_and_304(client):
    first = get(client, "/embed/festival-products?lang=en")
    etag = header(first, "etag")
    again = get(client, "/embed/festival-products?lang=en", **{"If-None-Match": etag or ""})
    assert again.status_code == 304


def test_pages_ignore_tracking_parameters(client):
    assert get(client, f"/announcements/{ANN}?lang=en&fbclid=abc&utm_source=x").status_code == 200
    assert get(client, "/embed/projects?utm_campaign=y").status_code == 200


def head_links(page: str) -> list[dict[str, str]]:
    """Every <link> of the page's head, as its attributes."""
    head = page.split("</head>")[0]
    return [
        dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag)) for tag in re.findall(r"<link [^>]*>", head)
    ]


def test_a_widget_without_lang_advertises_an_embed_without_lang(client):
    links = head_links(html(get(client, "/embed/projects/data-operation-centers")))
    discovery = {link["type"]: link["href"] for link in links if "oembed" in link.get("type", "")}
    own = "http%3A%2F%2Flocalhost%2Fembed%2Fprojects%2Fdata-operation-centers"
    assert discovery == {
        "application/json+oembed": f"http://localhost/oembed?url={own}&amp;format=json",
        "text/xml+oembed": f"http://localhost/oembed?url={own}&amp;format=xml",
    }


def test_a_list_widget_names_its_languages(client):
    links = head_links(html(get(client, "/embed/projects?lang=en&sector=transport")))
    alternates = {link["hreflang"]: link["href"] for link in links if "hreflang" in link}
    assert alternates == {
        "zh-Hans": "http://localhost/embed/projects?lang=zh-Hans&amp;sector=transport",
        "zh-Hant": "http://localhost/embed/projects?lang=zh-Hant&amp;sector=transport",
        "en": "http://localhost/embed/projects?lang=en&amp;sector=transport",
        "x-default": "http://localhost/embed/projects?sector=transport",
    }
    canonical = [link["href"] for link in links if link.get("rel") == "canonical"]
    assert canonical == ["http://localhost/embed/projects?lang=en&amp;sector=transport"]


def test_an_item_page_names_its_languages_and_a_default(client):
    links = head_links(html(get(client, f"/announcements/{ANN}?lang=zh-Hant")))
    alternates = {link["hreflang"]: link["href"] for link in links if "hreflang" in link}
    assert alternates["x-default"] == f"http://localhost/announcements/{ANN}"
    assert alternates["en"] == f"http://localhost/announcements/{ANN}?lang=en"


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Nothing here yet."), ("zh-Hans", "暂无内容。"), ("zh-Hant", "暫無內容。")],
)
def test_an_empty_list_says_so_in_its_language(client, lang, text):
    page = html(
        get(client, f"/embed/projects?lang={lang}&sector=transport&direction=examined-in-chongqing")
    )
    assert f"</h1><p>{text}</p>" in page and "<ul>" not in page
    (listing,) = json_ld(page)
    assert listing["mainEntity"]["numberOfItems"] == 0


def test_a_dated_announcement_has_its_date_in_json_ld(client, db):
    from tests.functional.test_feeds import DATED

    put_docs(db, "announcement", [DATED])
    (article,) = json_ld(html(get(client, "/announcements/dated?lang=en")))
    assert article["datePublished"] == "2013-05-20"  # a schema.org Date, as the content has it
