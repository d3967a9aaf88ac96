"""Small helpers for requests through chalice.test.Client."""

from __future__ import annotations

import json
from typing import Any

from chalice.test import Client


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
