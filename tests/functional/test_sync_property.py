"""Randomized: whatever loads, edits and prunes happen, even between a client's pages and even
when a write lands up to SYNC_SETTLE_SECONDS after its stamp, an app that syncs incrementally
ends with exactly what a fresh initial sync gives. Checked after every step."""

from __future__ import annotations

import copy
import datetime as dt
import os
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from moto import mock_aws

from chalicelib import keys, store, sync
from chalicelib.models import FestivalProduct, Project
from coop import loader, table
from coop.content import Content

TABLE = "coop-sync-property"
SECRET = b"property-secret"
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
IDS = [f"p{n}" for n in range(8)]
SETTLE = 3  # seconds; a publish may be stamped up to this long before it lands


def project(item_id: str, title: str) -> Project:
    return Project.model_validate(
        {
            "id": item_id,
            "direction": "offered-to-chongqing",
            "sector": "transport",
            "title": {"en": title},
            "summary": {"en": "s"},
            "order": 1,
            "announcement_id": "a",
        }
    )


def product(item_id: str, name: str) -> FestivalProduct:
    return FestivalProduct.model_validate(
        {
            "id": item_id,
            "category": "nuts",
            "name": {"en": name},
            "summary": {"en": "s"},
            "origin": {"en": "California"},
            "order": 1,
            "announcement_id": "a",
        }
    )


class Client:
    """An offline app: its local copy, and the token it continues from."""

    def __init__(self) -> None:
        self.copy: dict[tuple[str, str], Any] = {}
        self.token: str | None = None
        self.caught_up = False

    def step(self, machine: SyncMachine, limit: int) -> None:
        page = machine.page(self.token, limit)
        for item in page["items"]:
            self.copy[(item["type"], item["id"])] = item
        for gone in page["deleted"]:
            self.copy.pop((gone["type"], gone["id"]), None)
        self.caught_up = page["next_sync_token"] is not None
        self.token = page["next_sync_token"] or page["next_page_token"]

    def catch_up(self, machine: SyncMachine, limit: int) -> None:
        self.step(machine, limit)
        while not self.caught_up:
            self.step(machine, limit)


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        os.environ.update(
            AWS_ACCESS_KEY_ID="t", AWS_SECRET_ACCESS_KEY="t", AWS_DEFAULT_REGION="us-east-1"
        )
        self.mock = mock_aws()
        self.mock.start()
        store.reset()
        self.db = store.client()
        self.db.create_table(**keys.table_definition(TABLE))
        self.seconds = 0
        self.records: dict[tuple[str, str], Any] = {}
        self.app = Client()

    def teardown(self) -> None:
        self.mock.stop()
        store.reset()

    def now(self) -> dt.datetime:
        self.seconds += 1
        return START + dt.timedelta(seconds=self.seconds)

    def page(self, token: str | None, limit: int) -> dict[str, Any]:
        page, _ = sync.page(
            store.DynamoStore(self.db, TABLE),  # a new request: a new time budget
            token, limit=limit, lang="en", asked_lang=None, secret=SECRET,
            now=self.now(), settle_seconds=SETTLE, retention_days=30,
        )  # fmt: skip
        return page

    def load(self, prune: bool, late: int = 0) -> None:
        """Write the records; ``late``: stamped that many seconds before they land."""
        content = Content()
        for (kind, _), model in sorted(self.records.items()):
            content.records[kind].append(model)
        stamp = self.now() - dt.timedelta(seconds=late)
        at = stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        loader.load(self.db, TABLE, content, prune=prune, at=at)

    @rule(
        item_id=st.sampled_from(IDS),
        text=st.sampled_from(["a", "b", "c"]),
        kind=st.sampled_from(["project", "festival-product"]),
    )
    def put(self, item_id: str, text: str, kind: str) -> None:
        make = project if kind == "project" else product
        self.records[(kind, item_id)] = make(item_id, text)

    @precondition(lambda self: bool(self.records))
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        del self.records[data.draw(st.sampled_from(sorted(self.records)))]

    @rule(prune=st.booleans(), late=st.integers(0, SETTLE))
    def publish(self, prune: bool, late: int) -> None:
        self.load(prune, late)

    @rule(limit=st.integers(1, 4))
    def app_reads_one_page(self, limit: int) -> None:
        self.app.step(self, limit)

    @rule(limit=st.integers(1, 6))
    def app_catches_up(self, limit: int) -> None:
        self.app.catch_up(self, limit)

    @invariant()
    def an_app_that_catches_up_now_matches_a_fresh_sync(self) -> None:
        """A copy of the app (mid-chain or not) catches up once everything has settled."""
        self.seconds += SETTLE + 1
        app = copy.deepcopy(self.app)
        app.catch_up(self, 1)  # one row a page: every shard it reads is cut short
        fresh = Client()
        fresh.catch_up(self, 50)
        assert app.copy == fresh.copy
        live = {tuple(pk.split("#", 1)) for pk in table.listed_keys(self.db, TABLE)}
        assert set(fresh.copy) == live


TestSync = SyncMachine.TestCase
# make test: 30 runs of 20 steps, each checked (about 45 s on moto); make fuzz: 300 runs.
EXAMPLES = int(os.environ.get("SYNC_EXAMPLES", "30"))
TestSync.settings = settings(max_examples=EXAMPLES, stateful_step_count=20, deadline=None)
