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


def test_rejected_requests_cost_no_dynamodb_request(client, calls):
    seen, _ = calls
    for path in ("/v1/projects?limit=0", "/v1/projects?cursor=bad", "/v1/projects/UPPER"):
        assert get(client, path).status_code in (400, 404)
    assert sum(seen.values()) == 0
