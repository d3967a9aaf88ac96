"""Sync at the edges of its windows, as real DynamoDB and a lagging change index make them: a
token whose position is ahead of the settle window, and a change that reaches the index late,
behind positions a client has already read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from chalicelib.api import cursors
from chalicelib.store import dynamodb as store
from coop import content, loader
from tests.conftest import TABLE
from tests.functional.helpers import apply, body, dynamodb_calls, get, sync_all


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_a_token_from_a_container_whose_clock_runs_ahead_is_a_200_and_asks_nothing(client):
    """Its position is later than this container's now - settle. DynamoDB refuses a Query
    whose BETWEEN bounds are reversed (tests/strict.py refuses it here as DynamoDB does), and
    every later page of the chain would be a 500; nothing is ready, so nothing is asked."""
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    wire = {"p": f"{iso(ahead)}#sector#transport", "w": iso(ahead - dt.timedelta(minutes=10)),
            "s": iso(ahead), "t": iso(ahead), "l": "en"}  # fmt: skip
    token = cursors.seal(b"test-only-cursor-secret", "sync", wire)
    with dynamodb_calls() as seen:
        response = get(client, f"/v1/sync?token={token}")
    assert response.status_code == 200, response.body
    page = body(response)
    assert (page["items"], page["deleted"], page["next_page_token"]) == ([], [], None)
    assert page["next_sync_token"] and seen == Counter()


def test_a_page_token_from_before_the_settle_window_was_raised_is_a_200(seeded):
    """An operator raises SYNC_SETTLE_SECONDS while a client pages: its position is now ahead
    of the window. The store asks DynamoDB nothing it would refuse."""
    from chalicelib.api import sync

    def page(token: str | None, settle: float) -> dict[str, Any]:
        windows = sync.Windows(dt.timedelta(seconds=settle), dt.timedelta(seconds=600), 30)
        answer, _ = sync.page(
            store.DynamoStore(seeded, TABLE), sync.Ask(token, 5, "en", None), b"s",
            dt.datetime.now(dt.UTC), windows,
        )  # fmt: skip
        return answer

    first = page(None, settle=0)
    assert len(first["items"]) == 5 and first["next_page_token"]
    later = page(first["next_page_token"], settle=3600)
    assert (later["items"], later["next_page_token"]) == ([], None) and later["next_sync_token"]


def test_a_change_that_reaches_the_index_late_behind_the_client_still_reaches_it(
    seeded, client, content_copy: Path
):
    """A write stamped a minute ago lands only now (GSI lag, longer than the settle window),
    behind every position the client has read. The next sync reads the overlap again."""
    pages, token = sync_all(client)
    copy: dict[tuple[str, str], Any] = {}
    apply(copy, pages)
    stamp = iso(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    assert stamp < min(item["updated_at"] for item in copy.values())
    edit = content_copy / "sectors" / "transport.yaml"
    edit.write_text(edit.read_text().replace("en: Transport", "en: Transport and logistics"))
    loader.load(seeded, TABLE, content.read(content_copy), at=stamp)
    pages, _ = sync_all(client, token)
    assert apply(copy, pages) == [("sector", "transport", 2)]
    assert copy[("sector", "transport")]["label"] == "Transport and logistics"
