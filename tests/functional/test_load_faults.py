"""What real DynamoDB does and moto does not: throttled batches, no DescribeLimits to spare,
answers without a Date header, errors without a message. The load finishes or says why."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.exceptions import ClientError

from coop import cli, table
from tests.conftest import records


def throttle(operation: str, code: str = "ProvisionedThroughputExceededException") -> ClientError:
    message = "The level of configured provisioned throughput for the table was exceeded."
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


class Throttled:
    """The moto client, but the first ``times`` calls of each batch operation raise what real
    DynamoDB raises when it can process no item of a batch (moto never does)."""

    def __init__(self, real: Any, times: int, code: str) -> None:
        self.real, self.code = real, code
        self.left = {"batch_write_item": times, "batch_get_item": times}
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name == "describe_limits":
            raise AssertionError("the load must not call DescribeLimits")
        return getattr(self.real, name)

    def _maybe_throttle(self, operation: str) -> None:
        self.calls.append(operation)
        if self.left[operation] > 0:
            self.left[operation] -= 1
            raise throttle(operation, self.code)

    def batch_write_item(self, **kwargs: Any) -> Any:
        self._maybe_throttle("batch_write_item")
        return self.real.batch_write_item(**kwargs)

    def batch_get_item(self, **kwargs: Any) -> Any:
        self._maybe_throttle("batch_get_item")
        return self.real.batch_get_item(**kwargs)


def stamps(db: Any) -> list[str]:
    """The records' and tombstones' stamps (not the search index's or the dataset's items)."""
    return sorted(item["updated_at"]["S"] for item in records(db))


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "_backoff", lambda attempt: None)


@pytest.mark.parametrize(
    "code",
    ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"],
)
def test_a_throttled_batch_is_retried_and_the_load_finishes(db, monkeypatch, capsys, code):
    throttled = Throttled(db, times=3, code=code)
    monkeypatch.setattr(table, "client", lambda: throttled)
    assert cli.main(["load", "content"]) == 0
    assert "wrote 23 item(s)" in capsys.readouterr().out
    assert len(stamps(db)) == 23
    # The records: three refused, then the plan's read; the search index's directory, read
    # before anything is written; 23 items, one batch of 25: three refused, then the write.
    # Then, unthrottled: the read back, the search index, the dataset.
    first_write = throttled.calls.index("batch_write_item")
    assert throttled.calls[:first_write] == ["batch_get_item"] * first_write
    assert first_write > 4
    assert throttled.calls[first_write : first_write + 5] == ["batch_write_item"] * 4 + [
        "batch_get_item"
    ]


def test_a_batch_resent_after_throttling_is_stamped_again(db, monkeypatch):
    """The first send is refused whole: every item of it is built again with a later stamp."""
    times = iter(f"2026-01-01T00:00:{n:02d}.000Z" for n in range(60))
    clocks: list[str] = []

    class Clock:
        def __init__(self, db: Any) -> None:
            self.offset = dt.timedelta()

        def __enter__(self) -> Clock:
            return self

        def __exit__(self, *_: object) -> None:
            pass

        def __call__(self) -> str:
            clocks.append(next(times))
            return clocks[-1]

    monkeypatch.setattr(table, "ServerClock", Clock)
    monkeypatch.setattr(table, "client", lambda: Throttled(db, 1, "ThrottlingException"))
    assert cli.main(["load", "content"]) == 0
    # The first reading dates the search index's plan; the second, the refused send.
    assert clocks[1] == "2026-01-01T00:00:01.000Z"
    assert set(stamps(db)) == set(clocks[2:]) and clocks[1] not in stamps(db)


def test_throttling_that_never_ends_stops_the_load_with_a_message(db, monkeypatch, capsys):
    monkeypatch.setattr(table, "client", lambda: Throttled(db, 10**6, "ThrottlingException"))
    assert cli.main(["load", "content"]) == 2
    err = capsys.readouterr().err
    assert err == "coop: DynamoDB kept keys unprocessed; nothing was written; try again later\n"
    assert stamps(db) == []


def test_other_errors_are_not_retried(db, monkeypatch, capsys):
    throttled = Throttled(db, 1, "ValidationException")
    monkeypatch.setattr(table, "client", lambda: throttled)
    assert cli.main(["load", "content"]) == 2
    assert throttled.calls == ["batch_get_item"]
    assert "coop: DynamoDB refused (coop-test): The level of configured" in capsys.readouterr().err


def test_the_clock_comes_from_the_date_header_of_a_response_the_load_gets(db, monkeypatch):
    """DynamoDB's clock an hour ahead of this machine's: the stamps follow DynamoDB's."""
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)

    def shift(parsed: Any, **_: Any) -> None:
        parsed["ResponseMetadata"]["HTTPHeaders"]["date"] = ahead.strftime(
            "%a, %d %b %Y %H:%M:%S GMT"
        )

    db.meta.events.register_first("after-call.dynamodb", shift)
    monkeypatch.setattr(table, "client", lambda: Throttled(db, 0, ""))  # fails on DescribeLimits
    assert cli.main(["load", "content"]) == 0
    first = dt.datetime.fromisoformat(stamps(db)[0].replace("Z", "+00:00"))
    assert abs(first - ahead) < dt.timedelta(seconds=5)


def test_without_a_date_header_the_local_clock_stamps_with_a_warning(db, monkeypatch, capsys):
    def drop(parsed: Any, **_: Any) -> None:
        parsed["ResponseMetadata"]["HTTPHeaders"].pop("date", None)

    db.meta.events.register_first("after-call.dynamodb", drop)
    monkeypatch.setattr(table, "client", lambda: db)
    before = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert cli.main(["load", "content"]) == 0
    assert capsys.readouterr().err == (
        "warning: DynamoDB's answers had no Date header: items are stamped by this machine's "
        "clock, which sync trusts to be within 2 s of true\n"
    )
    assert stamps(db)[0] >= before


def test_a_refusal_without_a_message_shows_its_code(db, monkeypatch, capsys):
    """dynalite answers an unknown operation, and AWS a throttled one, with an empty message."""

    class Refusing:
        meta = db.meta

        def get_paginator(self, name: str) -> Any:
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": ""}}, "Query")

    monkeypatch.setattr(table, "client", Refusing)
    assert cli.main(["load", "content"]) == 2
    assert capsys.readouterr().err == "coop: DynamoDB refused (coop-test): ThrottlingException\n"
