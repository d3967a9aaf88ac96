"""Small helpers for requests through chalice.test.Client."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from chalice.test import Client

from chalicelib.store import dynamodb as store


def get(client: Client, path: str, **headers: str) -> Any:
    return client.http.get(path, headers=headers)


def body(response: Any) -> Any:
    return json.loads(response.body)


def header(response: Any, name: str) -> str | None:
    lowered = {key.lower(): value for key, value in response.headers.items()}
    return lowered.get(name.lower())


def assert_problem(response: Any, status: int, *mentions: str) -> dict[str, Any]:
    """A problem+json of this status whose detail mentions each given text."""
    assert response.status_code == status, response.body
    assert header(response, "content-type") == "application/problem+json; charset=utf-8"
    problem: dict[str, Any] = body(response)
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]
    for text in mentions:
        assert text in problem["detail"], problem["detail"]
    return problem


def sync_all(
    client, token: str | None = None, limit: int = 7, lang: str = "en"
) -> tuple[list[Any], str]:
    """Every page until caught up: the pages, and the next_sync_token."""
    pages = []
    while True:
        query = f"?lang={lang}&limit={limit}" + (f"&token={token}" if token else "")
        response = get(client, "/v1/sync" + query)
        assert response.status_code == 200, response.body
        page = body(response)
        pages.append(page)
        if page["next_sync_token"]:
            assert page["next_page_token"] is None
            return pages, page["next_sync_token"]
        token = page["next_page_token"]


def apply(copy: dict[tuple[str, str], Any], pages: list[Any]) -> list[tuple[str, str, int]]:
    """Apply pages as docs/api.md tells a client to; what was new: (type, id, version)."""
    new = []
    for page in pages:
        for item in page["items"]:
            key = (item["type"], item["id"])
            held = copy.get(key)
            if held is not None and held["version"] >= item["version"]:
                assert held["version"] > item["version"] or held == item  # one version, one text
                continue
            copy[key] = item
            new.append((*key, item["version"]))
        for gone in page["deleted"]:
            if copy.pop((gone["type"], gone["id"]), None) is not None:
                new.append((gone["type"], gone["id"], 0))
    return new


@contextmanager
def dynamodb_calls(*hooks: tuple[str, Callable[..., None]]) -> Iterator[Counter[str]]:
    """For the block's length: the operations the app's DynamoDB client sends, counted by
    name, and any other botocore hooks given as (event, handler)."""
    seen: Counter[str] = Counter()

    def record(model: Any, **_: Any) -> None:
        seen[model.name] += 1

    every = (("before-call.dynamodb", record), *hooks)
    events = store.client().meta.events
    for event, handler in every:
        events.register(event, handler)
    try:
        yield seen
    finally:
        for event, handler in every:
            events.unregister(event, handler)
