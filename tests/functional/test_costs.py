"""Each API request costs exactly one GetItem or Query, reads only what it returns, never a Scan."""

from collections import Counter

import pytest

from chalicelib import store
from tests.functional.helpers import body, get

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
    """Operation names and items read, recorded by a botocore hook on the app's client."""
    seen: Counter[str] = Counter()
    read = []

    def record(model, params, **_):
        seen[model.name] += 1

    def count_items(parsed, model, **_):
        read.append(len(parsed.get("Items", [])) + (1 if "Item" in parsed else 0))

    events = store.client().meta.events
    events.register("before-call.dynamodb", record)
    events.register("after-call.dynamodb", count_items)
    yield seen, read
    events.unregister("before-call.dynamodb", record)
    events.unregister("after-call.dynamodb", count_items)


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
