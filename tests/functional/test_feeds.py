"""Atom 1.0 and JSON Feed 1.1 of the announcements, per language."""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET

import feedparser

from chalicelib.html.feeds import NAMESPACE
from tests.conftest import put_docs
from tests.functional.helpers import assert_problem, get, header

ANN = "chongqing-expands-cooperation-with-california"
A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STABLE_ID = f"urn:uuid:{uuid.uuid5(NAMESPACE, f'announcement/{ANN}')}"


def test_atom_feed_is_valid_and_localized(client):
    response = get(client, "/v1/announcements.atom?lang=zh-Hant")
    assert response.status_code == 200
    assert header(response, "content-type") == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.body)
    assert root.tag == f"{A}feed" and root.get(XML_LANG) == "zh-Hant"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{required}") is not None, required
    (entry,) = root.findall(f"{A}entry")
    assert entry.findtext(f"{A}id") == STABLE_ID
    # The feed's own id does not depend on the host the request came through.
    assert (
        root.findtext(f"{A}id") == f"urn:uuid:{uuid.uuid5(NAMESPACE, 'announcements.atom/zh-Hant')}"
    )
    assert entry.findtext(f"{A}title") == "重慶拓展與美國加州合作領域"
    assert entry.findtext(f"{A}updated")
    links = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{A}link")}
    assert set(links) == {"zh-Hans", "zh-Hant", "en"}
    assert links["en"] == f"http://localhost/announcements/{ANN}?lang=en"
    parsed = feedparser.parse(response.body)
    assert not parsed.bozo and parsed.version == "atom10"
    assert parsed.entries[0].id == STABLE_ID


def test_entry_ids_are_the_same_in_every_language(client):
    ids = set()
    for lang in ("en", "zh-Hans", "zh-Hant"):
        root = ET.fromstring(get(client, f"/v1/announcements.atom?lang={lang}").body)
        ids.add(root.find(f"{A}entry").findtext(f"{A}id"))  # type: ignore[union-attr]
    assert ids == {STABLE_ID}


def test_json_feed(client):
    response = get(client, "/v1/announcements.json?lang=en")
    assert header(response, "content-type") == "application/feed+json; charset=utf-8"
    feed = json.loads(response.body)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["language"] == "en" and feed["feed_url"].endswith("announcements.json?lang=en")
    (item,) = feed["items"]
    assert item["id"] == STABLE_ID
    assert item["title"].startswith("Chongqing Expands")
    assert "date_published" not in item and item["date_modified"]
    assert {a["hreflang"] for a in item["_coop"]["alternates"]} == {"zh-Hans", "zh-Hant"}
    assert "<h2>A Californian delegation will visit Chongqing</h2>" in item["content_html"]


def test_feeds_answer_304(client):
    for path in ("/v1/announcements.atom?lang=en", "/v1/announcements.json?lang=en"):
        etag = header(get(client, path), "etag") or ""
        assert get(client, path, **{"If-None-Match": etag}).status_code == 304


def test_feeds_reject_bad_parameters(client):
    assert_problem(get(client, "/v1/announcements.atom?lang=all"), 400, "lang")
    assert_problem(get(client, "/v1/announcements.json?limit=5"), 400, "limit")


def test_the_atom_feed_links_its_web_page(client):
    import xml.etree.ElementTree as ET

    feed = ET.fromstring(get(client, "/v1/announcements.atom?lang=en").body)
    links = [
        link.attrib
        for link in feed.findall("{http://www.w3.org/2005/Atom}link")
        if link.get("type") == "text/html"
    ]
    assert links == [
        {
            "rel": "alternate",
            "href": "http://localhost/embed/announcements?lang=en",
            "type": "text/html",
            "hreflang": "en",
        }
    ]


# Pinned as written: readers key entries by id, so a changed namespace shows every item anew.
LITERAL_ID = "urn:uuid:b78b153b-990c-50c9-a493-bc42e062021a"
DATED = {
    "id": "dated",
    "title": {"zh-Hans": "有日期的公告", "zh-Hant": "有日期的公告", "en": "A dated announcement"},
    "summary": {"zh-Hans": "摘要。", "zh-Hant": "摘要。", "en": "Summary."},
    "published_at": "2013-05-20",
    "sections": [],
    "created_at": "2026-11-28T00:00:00.000Z",
    "updated_at": "2030-01-02T08:30:00.000Z",
    "version": 2,
}


def test_the_entry_id_is_the_one_readers_already_hold(client):
    root = ET.fromstring(get(client, "/v1/announcements.atom?lang=en").body)
    assert root.find(f"{A}entry").findtext(f"{A}id") == LITERAL_ID  # type: ignore[union-attr]
    assert root.findtext(f"{A}id") == "urn:uuid:e49a2648-ea33-5cb0-b47a-b7d9953f7251"


def test_a_dated_announcement_has_full_timestamps_in_every_feed(client, db):
    put_docs(db, "announcement", [DATED])
    root = ET.fromstring(get(client, "/v1/announcements.atom?lang=en").body)
    dated = next(e for e in root.findall(f"{A}entry") if "dated" in e.findtext(f"{A}title", ""))
    assert dated.findtext(f"{A}published") == "2013-05-20T00:00:00Z"
    assert dated.findtext(f"{A}updated") == "2030-01-02T08:30:00.000Z"
    assert root.findtext(f"{A}updated") == "2030-01-02T08:30:00.000Z"  # the newest entry's
    feed = json.loads(get(client, "/v1/announcements.json?lang=en").body)
    item = next(i for i in feed["items"] if i["title"] == "A dated announcement")
    assert item["date_published"] == "2013-05-20T00:00:00Z"
    assert item["date_modified"] == "2030-01-02T08:30:00.000Z"
    assert item["url"] == "http://localhost/announcements/dated?lang=en"
    assert feedparser.parse(get(client, "/v1/announcements.atom?lang=en").body).bozo is False
