"""Randomized: whatever loads, edits and prunes happen, even between a client's pages, even
when a write is stamped up to SYNC_SETTLE_SECONDS before it lands, and even when it reaches the
change index up to SYNC_OVERLAP_SECONDS later still (behind positions clients have already
read), an app that syncs incrementally and drops what it already holds by ``version`` ends
with exactly what a fresh initial sync gives. Checked after every step; every page costs at
most one Query per shard, and every chain ends.

The change index lags in a second table: the loader writes the base table, and each item it
changed is copied to the index table only ``lag`` seconds later, in the order written. Sync
reads the index table, so a write can become visible behind a position already served.
"""

from __future__ import annotations

import copy
import datetime as dt
import heapq
import os
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from moto import mock_aws

from chalicelib import container
from chalicelib.api import sync
from chalicelib.store import dynamodb as store
from chalicelib.store import keys
from chalicelib.store.keys import SYNC_SHARDS
from coop import loader, table
from coop.content import Content
from coop.models import FestivalProduct, Project
from tests import strict
from tests.conftest import records

TABLE = "coop-sync-property"  # the base table, which the loader writes
INDEX = "coop-sync-property-index"  # the base table's items as the change index shows them
SECRET = b"property-secret"
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
IDS = [f"p{n}" for n in range(8)]
SETTLE = 3  # seconds; a publish may be stamped up to this long before it lands
OVERLAP = 12  # seconds; and reach the change index up to this much later again


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

    def step(self, machine: SyncMachine, limit: int, at: dt.datetime | None = None) -> None:
        page = machine.page(self.token, limit, at)
        for item in page["items"]:
            key = (item["type"], item["id"])
            held = self.copy.get(key)
            if held is not None and held["version"] >= item["version"]:
                assert held == item  # read again in the overlap: the same version, the same item
                continue
            self.copy[key] = item
        for gone in page["deleted"]:
            self.copy.pop((gone["type"], gone["id"]), None)
        self.caught_up = page["next_sync_token"] is not None
        self.token = page["next_sync_token"] or page["next_page_token"]

    def catch_up(self, machine: SyncMachine, limit: int, at: dt.datetime | None = None) -> None:
        """Pages until caught up. A page with more to come takes a change, so a chain has at
        most as many pages as there were writes, and one more."""
        for _ in range(machine.writes + 1):
            self.step(machine, limit, at)
            if self.caught_up:
                return
        raise AssertionError("a chain did not end")


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        fake = {
            "AWS_ACCESS_KEY_ID": "t",
            "AWS_SECRET_ACCESS_KEY": "t",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
        self.saved = {name: os.environ.get(name) for name in fake}  # restored in teardown
        os.environ.update(fake)
        self.mock = mock_aws()
        self.mock.start()
        container.reset()
        self.db = store.client()
        strict.install(self.db)
        for name in (TABLE, INDEX):
            self.db.create_table(**keys.table_definition(name))
        self.queries: list[str] = []
        self.db.meta.events.register(
            "before-call.dynamodb.Query", lambda **_: self.queries.append("Query")
        )
        self.seconds = 0
        self.records: dict[tuple[str, str], Any] = {}
        self.base: dict[str, Any] = {}  # the base table as last loaded, by pk
        self.writes = 0
        self.lagging: list[tuple[int, int, Any]] = []  # (second it lands, write number, item)
        self.lands: dict[str, int] = {}  # when each item's last write lands in the index
        self.app = Client()

    def teardown(self) -> None:
        self.mock.stop()
        container.reset()
        for name, value in self.saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def now(self) -> dt.datetime:
        self.seconds += 1
        return START + dt.timedelta(seconds=self.seconds)

    def land(self) -> None:
        """Copy to the index table what has reached the change index by now."""
        while self.lagging and self.lagging[0][0] <= self.seconds:
            _, _, item = heapq.heappop(self.lagging)
            self.db.put_item(TableName=INDEX, Item=item)

    def page(self, token: str | None, limit: int, at: dt.datetime | None) -> dict[str, Any]:
        """A page read now from the lagging index; or ``at`` a later time, when every write
        so far has reached the index, which then is the base table."""
        name = TABLE if at is not None else INDEX
        if at is None:
            at = self.now()
            self.land()
        before = len(self.queries)
        windows = sync.Windows(dt.timedelta(seconds=SETTLE), dt.timedelta(seconds=OVERLAP), 30)
        page, _ = sync.page(
            store.DynamoStore(self.db, name),  # a new request: a new time budget
            sync.Ask(token, limit, "en", None),
            SECRET,
            at,
            windows,
        )
        assert len(self.queries) - before <= SYNC_SHARDS
        return page

    def load(self, prune: bool, late: int = 0, lag: int = 0) -> None:
        """Write the records; ``late``: stamped that many seconds before they land in the base
        table; ``lag``: seconds more before they reach the change index."""
        content = Content()
        for (kind, _), model in sorted(self.records.items()):
            content.records[kind].append(model)
        stamp = self.now() - dt.timedelta(seconds=late)
        at = stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        loader.load(self.db, TABLE, content, prune=prune, at=at)
        for item in records(self.db, TABLE):
            pk = item["pk"]["S"]
            if self.base.get(pk) != item:
                # Each item's writes reach the index in the order they were made.
                self.base[pk], self.writes = item, self.writes + 1
                self.lands[pk] = max(self.seconds + lag, self.lands.get(pk, 0))
                heapq.heappush(self.lagging, (self.lands[pk], self.writes, item))
        self.land()

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

    @rule(prune=st.booleans(), late=st.integers(0, SETTLE), lag=st.integers(0, OVERLAP))
    def publish(self, prune: bool, late: int, lag: int) -> None:
        self.load(prune, late, lag)

    @rule(seconds=st.integers(1, SETTLE + OVERLAP))
    def time_passes(self, seconds: int) -> None:
        self.seconds += seconds

    @rule(limit=st.integers(1, 4))
    def app_reads_one_page(self, limit: int) -> None:
        self.app.step(self, limit)

    @rule(limit=st.integers(1, 6))
    def app_catches_up(self, limit: int) -> None:
        self.app.catch_up(self, limit)

    @invariant()
    def an_app_that_catches_up_now_matches_a_fresh_sync(self) -> None:
        """A copy of the app (mid-chain or not), once every write has reached the index and
        settled, catches up with what a fresh sync gives and the table holds."""
        later = START + dt.timedelta(seconds=self.seconds + SETTLE + OVERLAP + 1)
        app = copy.deepcopy(self.app)
        app.catch_up(self, 1, later)  # one row a page: every shard it reads is cut short
        fresh = Client()
        fresh.catch_up(self, 50, later)
        assert app.copy == fresh.copy
        live = {tuple(pk.split("#", 1)) for pk in table.listed_keys(self.db, TABLE)}
        assert set(fresh.copy) == live


TestSync = SyncMachine.TestCase
# make test: 30 runs of 20 steps, each checked (about 45 s on moto); make fuzz: 300 runs.
EXAMPLES = int(os.environ.get("SYNC_EXAMPLES", "30"))
TestSync.settings = settings(max_examples=EXAMPLES, stateful_step_count=20, deadline=None)


def test_the_machine_leaves_the_environment_as_it_found_it(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "before")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    machine = SyncMachine()
    assert os.environ["AWS_ACCESS_KEY_ID"] != "before"
    machine.teardown()
    assert os.environ["AWS_ACCESS_KEY_ID"] == "before" and "AWS_SECRET_ACCESS_KEY" not in os.environ
