"""Each API request costs one GetItem or Query (none when repeated within the TTL), reads
only what it returns, and never Scans."""

import json
from collections import Counter

import pytest

from tests.functional.helpers import body, dynamodb_calls, get

ENDPOINTS = [
    "/v1/announcements",
    "/v1/announcements/chongqing-expands-cooperation-with-california",
    "/v1/projects",
    "/v1/projects?sector=transport",
    "/v1/projects?direction=examined-in-chongqing",
    "/v1/projects?sector=transport&direction=offered-to-chongqing",
    "/v1/projects/key-projects-transport",
    "/v1/festival-products?category=wine",
    "/v1/festival-products/nuts",
    "/v1/sectors",
    "/v1/projects?limit=3&lang=all",
]


@pytest.fixture
def calls(client):
    """Operation names and items read, recorded by botocore hooks on the app's client."""
    read = []

    def count_items(parsed, model, **_):
        batch = sum(len(found) for found in parsed.get("Responses", {}).values())
        read.append(len(parsed.get("Items", [])) + (1 if "Item" in parsed else 0) + batch)

    with dynamodb_calls(("after-call.dynamodb", count_items)) as seen:
        yield seen, read


@pytest.mark.parametrize("path", ENDPOINTS)
def test_one_dynamodb_request_per_api_request(client, calls, path):
    seen, read = calls
    response = get(client, path)
    assert response.status_code == 200
    assert sum(seen.values()) == 1
    assert set(seen) <= {"GetItem", "Query"}
    payload = body(response)
    returned = len(payload["items"]) if "items" in payload else 1
    assert read == [returned]


HTML_AND_FEEDS = [
    "/embed/announcements/chongqing-expands-cooperation-with-california?lang=en",
    "/embed/projects?sector=transport",
    "/embed/festival-products",
    "/projects/key-projects-transport",
    "/v1/announcements.atom",
    "/v1/announcements.json",
    "/oembed?url=http%3A%2F%2Flocalhost%2Fprojects%2Fkey-projects-transport",
]


@pytest.mark.parametrize("path", HTML_AND_FEEDS)
def test_widgets_pages_feeds_and_oembed_cost_one_request(client, calls, path):
    seen, _ = calls
    assert get(client, path).status_code == 200
    assert sum(seen.values()) == 1 and set(seen) <= {"GetItem", "Query"}


def test_oembed_of_a_list_widget_costs_nothing(client, calls):
    seen, _ = calls
    assert get(client, "/oembed?url=http%3A%2F%2Flocalhost%2Fembed%2Fprojects").status_code == 200
    assert sum(seen.values()) == 0


def test_rejected_requests_cost_no_dynamodb_request(client, calls):
    seen, _ = calls
    for path in ("/v1/projects?limit=0", "/v1/projects?cursor=bad", "/v1/projects/UPPER"):
        assert get(client, path).status_code in (400, 404)
    assert sum(seen.values()) == 0


@pytest.mark.parametrize("path", ENDPOINTS + HTML_AND_FEEDS)
def test_a_repeat_within_the_stage_ttl_costs_no_request(client, calls, monkeypatch, path):
    """The in-container cache: 1 request on a miss, 0 on a hit, the same answer either way."""
    seen, _ = calls
    monkeypatch.setenv("RESPONSE_CACHE_TTL", "30")
    first = get(client, path)
    again = get(client, path)
    assert sum(seen.values()) == 1
    assert (again.status_code, again.body) == (200, first.body)
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    revalidated = get(client, path, **{"If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304 and not revalidated.body
    assert sum(seen.values()) == 1


def test_the_cache_key_separates_languages_hosts_and_expiry(client, calls, monkeypatch, capsys):
    import time

    seen, _ = calls
    monkeypatch.setenv("RESPONSE_CACHE_TTL", "30")
    for _ in range(2):
        get(client, "/v1/projects?lang=en")
        get(client, "/v1/projects", **{"Accept-Language": "zh-TW"})
        get(client, "/embed/projects", **{"X-Forwarded-Host": "partner.example"})
    assert sum(seen.values()) == 3
    later = time.monotonic() + 31
    monkeypatch.setattr(time, "monotonic", lambda: later)
    get(client, "/v1/projects?lang=en")
    assert sum(seen.values()) == 4
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["cache"] for line in lines] == ["miss"] * 3 + ["hit"] * 3 + ["miss"]
    assert [line["ddb_requests"] for line in lines] == [1] * 3 + [0] * 3 + [1]


def test_the_cache_key_holds_the_host_and_scheme_links_are_written_for(client, calls, monkeypatch):
    """A kept widget names its links' host and scheme: another host or scheme must not get it."""
    seen, _ = calls
    monkeypatch.setenv("RESPONSE_CACHE_TTL", "30")
    answers = [
        get(client, "/embed/projects?lang=en", **headers).body.decode()
        for headers in (
            {"Host": "a.example"},
            {"Host": "b.example"},
            {"Host": "a.example", "X-Forwarded-Proto": "http"},
            {"Host": "a.example"},  # the first again: kept
        )
    ]
    assert sum(seen.values()) == 3
    assert "https://a.example/projects/" in answers[0] and "https://b.example/" in answers[1]
    assert "http://a.example/projects/" in answers[2] and answers[3] == answers[0]


SEARCHES = ["/v1/search?q=冷链", "/v1/search?q=cold+chain&lang=all", "/v1/search?q=加&limit=100",
            "/v1/search?q=数据中心", "/embed/search?q=冷链&lang=en"]  # fmt: skip


@pytest.mark.parametrize("path", SEARCHES)
def test_a_search_costs_one_batch_get_for_postings_and_one_for_the_page(client, calls, path):
    seen, read = calls
    response = get(client, path)
    assert response.status_code == 200
    assert seen == Counter({"BatchGetItem": 2})
    postings, page = read
    if path.startswith("/v1/"):
        assert page == len(body(response)["items"])  # the page's documents, no more
    assert 2 <= postings <= 10  # the query's terms found, and the statistics


def test_a_search_that_finds_nothing_costs_one_request(client, calls):
    seen, _ = calls
    assert body(get(client, "/v1/search?q=bitcoin"))["total"] == 0
    assert body(get(client, "/v1/search?q=冷水"))["total"] == 0  # its characters are indexed
    assert seen == Counter({"BatchGetItem": 2})  # one for each search


def test_a_bad_search_and_the_empty_widget_cost_nothing(client, calls):
    seen, _ = calls
    assert get(client, "/v1/search?q=%21%21").status_code == 400
    assert get(client, "/v1/search?q=" + "x" * 101).status_code == 400
    assert get(client, "/embed/search?lang=en").status_code == 200
    assert sum(seen.values()) == 0


def test_a_search_costs_the_same_over_a_bigger_table(seeded, client, calls):
    from coop import content, loader
    from tests.conftest import CONTENT, TABLE

    found = content.read(CONTENT)
    projects = found.records["project"]
    cold = next(p for p in projects if p.id == "cold-chain-logistics-centers")
    projects += [cold.model_copy(update={"id": f"cold-{n}"}) for n in range(150)]
    loader.load(seeded, TABLE, found)
    seen, _ = calls
    seen.clear()
    answer = body(get(client, "/v1/search?q=冷链&limit=100"))
    assert answer["total"] == 152 and len(answer["items"]) == 100
    assert seen == Counter({"BatchGetItem": 2})


def test_a_search_with_linked_records_costs_one_more_batch_get(client, calls):
    seen, _ = calls
    assert get(client, "/v1/search?q=冷链&include=links").status_code == 200
    assert seen == Counter({"BatchGetItem": 3})
