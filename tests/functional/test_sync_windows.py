"""Sync at the edges of its windows, as real DynamoDB makes them: a token whose position is
ahead of the settle window."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from chalicelib import cursors, store
from tests.functional.helpers import body, get


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def count_calls(seen: Counter[str]) -> None:
    def record(model, **_):
        seen[model.name] += 1

    store.client().meta.events.register("before-call.dynamodb", record)


def test_a_token_from_a_container_whose_clock_runs_ahead_is_a_200_and_asks_nothing(client):
    """Its position is later than this container's now - settle. DynamoDB refuses a Query
    whose BETWEEN bounds are reversed (tests/strict.py refuses it here as DynamoDB does), and
    every later page of the chain would be a 500; nothing is ready, so nothing is asked."""
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    wire = {"p": f"{iso(ahead)}#sector#transport", "w": iso(ahead - dt.timedelta(minutes=10)),
            "s": iso(ahead), "t": iso(ahead), "l": "en"}  # fmt: skip
    token = cursors.encode(b"test-only-cursor-secret", "sync", wire)
    seen: Counter[str] = Counter()
    count_calls(seen)
    response = get(client, f"/v1/sync?token={token}")
    assert response.status_code == 200, response.body
    page = body(response)
    assert (page["items"], page["deleted"], page["next_page_token"]) == ([], [], None)
    assert page["next_sync_token"] and seen == Counter()
