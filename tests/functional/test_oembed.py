"""oEmbed 1.0: our URLs become sandboxed iframes; anything else is a clean 4xx."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.functional.helpers import assert_problem, body, get, header

ANN = "chongqing-expands-cooperation-with-california"
BASE = "http://localhost"


def oembed(client, url: str, extra: str = "") -> Any:
    return get(client, f"/oembed?url={quote(url, safe='')}{extra}")


def test_item_page_url_gives_a_rich_iframe(client):
    response = oembed(client, f"{BASE}/announcements/{ANN}?lang=en")
    assert response.status_code == 200
    data = body(response)
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"].startswith("Chongqing Expands Cooperation")
    assert data["provider_name"] == "Chongqing Foreign Trade and Economic Relations Commission"
    assert data["cache_age"] == 120
    assert (data["width"], data["height"]) == (480, 560)
    assert data["html"].startswith(f'<iframe src="{BASE}/embed/announcements/{ANN}?lang=en"')
    assert 'sandbox="allow-scripts allow-popups"' in data["html"]
    assert "allow-same-origin" not in data["html"]
    assert header(response, "etag")


def test_max_sizes_are_respected(client):
    data = body(
        oembed(client, f"{BASE}/embed/projects?sector=transport", "&maxwidth=300&maxheight=200")
    )
    assert (data["width"], data["height"]) == (300, 200)
    # No lang in the url, none in the iframe: each visitor's browser chooses its language.
    assert '"http://localhost/embed/projects?sector=transport"' in data["html"]
    assert data["title"] == "合作项目"


def test_a_shared_link_with_tracking_parameters_still_embeds(client):
    url = f"{BASE}/announcements/{ANN}?lang=en&utm_source=newsletter&fbclid=abc"
    data = body(oembed(client, url))
    assert data["html"].startswith(f'<iframe src="{BASE}/embed/announcements/{ANN}?lang=en"')
    listed = body(oembed(client, f"{BASE}/embed/projects?utm_source=x&sector=transport"))
    assert '"http://localhost/embed/projects?sector=transport"' in listed["html"]


def test_widget_url_in_another_language(client):
    data = body(oembed(client, f"{BASE}/embed/festival-products/red-wine?lang=zh-Hant"))
    assert data["title"] == "紅酒" and data["provider_name"] == "重慶市對外貿易經濟委員會"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/announcements/x",
        f"{BASE}.evil.example/embed/projects",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://localhost/embed/projects",
        f"{BASE}/embed/../v1/projects",
        f"{BASE}/embed/%2e%2e/v1/projects",
        f"{BASE}/embed/projects/..%2f..%2fetc",
        f"{BASE}//embed/projects",
        f"{BASE}/v1/projects",
        f"{BASE}/embed/sectors",
        f"{BASE}/projects",
        f"{BASE}/announcements/no-such-announcement",
        f"{BASE}/embed/projects/NOT_AN_ID",
        "http://[::1/embed/projects",
        "http://[127.0.0.1]:8790/embed/projects",
        "http://localhost：8000/embed/projects",
        "http://a%ef%bc%8fb/x",
        "",
    ][:-1],
)
def test_urls_that_are_not_ours_are_404(client, url):
    assert_problem(oembed(client, url), 404)


@pytest.mark.parametrize(
    ("query", "status", "mention"),
    [
        ("", 400, "url"),
        ("?url=", 400, "url"),
        (f"?url={quote(BASE + '/embed/projects?' + 'x' * 3000)}", 400, "url"),
        (f"?url={quote(BASE + '/embed/projects')}&format=yaml", 501, "format"),
        (f"?url={quote(BASE + '/embed/projects')}&maxwidth=wide", 400, "maxwidth"),
        (f"?url={quote(BASE + '/embed/projects')}&maxheight=0", 400, "maxheight"),
        (f"?url={quote(BASE + '/embed/projects?lang=fr')}", 400, "lang"),
        (f"?url={quote(BASE + '/embed/projects?sector=mining')}", 400, "sector"),
        (f"?url={quote(BASE + '/embed/projects?lang=en&lang=zh-Hans')}", 400, "once"),
        (f"?url={quote(BASE + '/embed/projects?lang=')}", 400, "lang"),
    ],
)
def test_bad_parameters(client, query, status, mention):
    assert_problem(get(client, "/oembed" + query), status, mention)


def test_consumer_parameters_such_as_dnt_are_ignored(client):
    response = oembed(client, f"{BASE}/embed/projects", "&dnt=1&callback=x")
    assert response.status_code == 200


def test_spoofed_host_and_scheme_headers_cannot_redirect_links(client):
    response = get(
        client, "/embed/projects?lang=en", **{"X-Forwarded-Proto": "javascript:alert(1)//"}
    )
    assert "javascript:" not in response.body.decode()
    spoofed = get(
        client, "/oembed?url=http%3A%2F%2Fevil.com%2Fembed%2Fprojects", Host="evil.com/<x>"
    )
    assert spoofed.status_code == 404


def test_xml_format(client):
    import xml.etree.ElementTree as ET

    response = oembed(client, f"{BASE}/embed/festival-products/nuts?lang=en", "&format=xml")
    assert response.status_code == 200
    assert header(response, "content-type") == "text/xml; charset=utf-8"
    root = ET.fromstring(response.body)
    assert root.tag == "oembed" and root.findtext("type") == "rich"
    assert root.findtext("title") == "Nuts" and root.findtext("width") == "480"
    assert root.findtext("html", "").startswith("<iframe ")


def test_an_unknown_format_is_501_as_oembed_says(client):
    response = get(client, f"/oembed?url={quote(BASE + '/embed/projects')}&format=yaml")
    problem = assert_problem(response, 501, "format")
    assert problem["title"] == "Not Implemented"
    assert problem["invalid-params"] == [
        {"name": "format", "reason": "is served as json or xml here; got 'yaml'"}
    ]


def test_the_xml_endpoint_serves_xml_and_only_xml(client):
    import xml.etree.ElementTree as ET

    url = quote(f"{BASE}/embed/festival-products/nuts?lang=en", safe="")
    response = get(client, f"/oembed.xml?url={url}")
    assert response.status_code == 200
    assert header(response, "content-type") == "text/xml; charset=utf-8"
    assert ET.fromstring(response.body).findtext("title") == "Nuts"
    assert get(client, f"/oembed.xml?url={url}&format=xml").body == response.body
    assert_problem(get(client, f"/oembed.xml?url={url}&format=json"), 501, "format")


def test_xml_on_oembed_is_served_but_offered_only_at_oembed_xml(client):
    """A generated client reads /oembed's answer as JSON, so the document offers it json only;
    consumers asking /oembed for xml, as oEmbed allows, still get it."""
    from chalicelib.api import document as reference

    param = next(
        p
        for p in reference.document()["paths"]["/oembed"]["get"]["parameters"]
        if p["name"] == "format"
    )
    assert param["schema"]["enum"] == ["json"]
    response = oembed(client, f"{BASE}/embed/projects", "&format=xml")
    assert header(response, "content-type") == "text/xml; charset=utf-8"
