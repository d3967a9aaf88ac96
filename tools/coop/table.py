"""The content tool's DynamoDB access: create the table, read what is stored, write in batches."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from chalicelib.store import keys
from chalicelib.taxonomy import KINDS
from coop.errors import Unfinished

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

BATCH_WRITE = 25
BATCH_GET = 100
MAX_RETRIES = 8

Item = dict[str, Any]


# botocore's own retries resend an item with the stamp it was built with. Two attempts in
# all, each at most 1 s to connect and 2 s to read, and up to 1 s of backoff between them:
# the last one is sent within 4 s of the stamp, inside SYNC_SETTLE_SECONDS (10 s) with 2 s
# of clock error to spare. Longer waits are ours (``write``), and stamp the item again first.
RETRIES = {"mode": "standard", "total_max_attempts": 2}


def client() -> DynamoDBClient:
    """The tool's client: the app's table and endpoint, with bounded retries and timeouts."""
    import boto3
    from botocore.config import Config

    from chalicelib.config import settings

    conf = settings()
    return boto3.client(
        "dynamodb",
        region_name=conf.region,
        endpoint_url=conf.endpoint_url,
        config=Config(retries=RETRIES, connect_timeout=1, read_timeout=2),  # type: ignore[arg-type]
    )


def create_table(db: DynamoDBClient, name: str) -> bool:
    """Create the table from keys.table_definition unless it exists; True when created."""
    if name in _table_names(db):
        return False
    db.create_table(**keys.table_definition(name))
    db.get_waiter("table_exists").wait(TableName=name)
    return True


def _table_names(db: DynamoDBClient) -> set[str]:
    return {n for page in db.get_paginator("list_tables").paginate() for n in page["TableNames"]}


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def get_many(db: DynamoDBClient, name: str, pks: Iterable[str]) -> dict[str, Item]:
    """Strongly consistent reads of the given keys, retrying unprocessed or throttled keys."""
    found: dict[str, Item] = {}
    for chunk in _chunks(sorted(pks), BATCH_GET):
        request: Any = {name: {"Keys": [{"pk": {"S": pk}} for pk in chunk], "ConsistentRead": True}}
        for attempt in range(MAX_RETRIES):
            try:
                result = db.batch_get_item(RequestItems=request)
            except ClientError as error:
                _raise_unless_throttled(error)
                _backoff(attempt)
                continue
            for item in result["Responses"].get(name, []):
                found[item["pk"]["S"]] = item
            request = result.get("UnprocessedKeys") or {}
            if not request:
                break
            _backoff(attempt)
        else:
            raise Unfinished("DynamoDB kept keys unprocessed; nothing was written; try again later")
    return found


def live_items(
    db: DynamoDBClient, name: str, projection: str | None = None
) -> Iterator[tuple[str, Item]]:
    """(kind, item) for every live record, from each kind's list index (no tombstones there)."""
    for kind in KINDS.values():
        index = keys.list_index(kind, {})
        query: dict[str, Any] = {
            "TableName": name,
            "IndexName": index.name,
            "KeyConditionExpression": "#h = :h",
            "ExpressionAttributeNames": {"#h": index.hash_attr},
            "ExpressionAttributeValues": {":h": {"S": index.value}},
        }
        if projection:
            query["ProjectionExpression"] = projection
        for page in db.get_paginator("query").paginate(**query):
            for item in page["Items"]:
                yield kind.name, item


def listed_keys(db: DynamoDBClient, name: str) -> set[str]:
    """Every live record's key (to find records removed from content/)."""
    return {item["pk"]["S"] for _, item in live_items(db, name, projection="pk")}


def write(
    db: DynamoDBClient, name: str, puts: list[Item], restamp: Callable[[Item], Item] | None = None
) -> None:
    """Batches of 25; items DynamoDB leaves unprocessed, or a batch it throttles whole, are
    retried under exponential backoff, each passed through ``restamp`` first: the loader stamps
    it again with the time it is sent, so that a retried write does not land far behind its
    stamp."""
    requests = [{"PutRequest": {"Item": item}} for item in puts]
    if restamp is None:
        _batches(db, name, requests, None)
        return
    stamp = restamp
    _batches(db, name, requests, lambda r: {"PutRequest": {"Item": stamp(r["PutRequest"]["Item"])}})


def delete(db: DynamoDBClient, name: str, pks: list[str]) -> None:
    """The items of these keys deleted, in batches of 25, retried as ``write`` retries."""
    _batches(db, name, [{"DeleteRequest": {"Key": {"pk": {"S": pk}}}} for pk in pks], None)


def _batches(
    db: DynamoDBClient, name: str, requests: list[Any], again: Callable[[Any], Any] | None
) -> None:
    for chunk in _chunks(requests, BATCH_WRITE):
        pending = chunk
        for attempt in range(MAX_RETRIES):
            pending = _send(db, name, pending)
            if not pending:
                break
            _backoff(attempt)
            pending = [again(request) for request in pending] if again else pending
        else:
            raise Unfinished("DynamoDB kept items unprocessed; run load again to finish")


def _send(db: DynamoDBClient, name: str, requests: list[Any]) -> list[Any]:
    """The requests not done: those left unprocessed, or all when the batch was throttled."""
    try:
        result = db.batch_write_item(RequestItems={name: requests})
    except ClientError as error:
        _raise_unless_throttled(error)
        return requests
    return list((result.get("UnprocessedItems") or {}).get(name) or [])


# What DynamoDB raises instead of returning unprocessed items when it can process none of a
# batch (BatchWriteItem and BatchGetItem in the API reference). botocore retries each once.
THROTTLED = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
}


def _raise_unless_throttled(error: ClientError) -> None:
    if error.response.get("Error", {}).get("Code") not in THROTTLED:
        raise error


class ServerClock:
    """Now, by DynamoDB's clock: the editor's machine may be minutes off, and sync relies on it.

    The offset comes from the Date header of the first response the client gets after this is
    made (a load's first Query), so it costs no call. The header has whole seconds, so it only
    corrects a local clock that is off by more than two seconds; SYNC_SETTLE_SECONDS covers the
    rest. Without a Date header, ``offset`` stays None and the local clock is used.
    """

    def __init__(self, db: DynamoDBClient) -> None:
        self.offset: dt.timedelta | None = None
        self.events, self.hook = db.meta.events, f"coop-clock-{id(self)}"
        self.events.register("after-call.dynamodb", self._seen, unique_id=self.hook)

    def _seen(self, parsed: Any = None, **_: Any) -> None:
        if self.offset is not None:
            return
        try:
            server = parsedate_to_datetime(parsed["ResponseMetadata"]["HTTPHeaders"]["date"])
            measured = server - dt.datetime.now(dt.UTC)
        except (KeyError, TypeError, ValueError):
            return  # no usable Date header: wait for the next response
        off = abs(measured) > dt.timedelta(seconds=2)
        self.offset = measured + dt.timedelta(milliseconds=500) if off else dt.timedelta()

    def __call__(self) -> str:
        moment = dt.datetime.now(dt.UTC) + (self.offset or dt.timedelta())
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def __enter__(self) -> ServerClock:
        return self

    def __exit__(self, *_: object) -> None:
        self.events.unregister("after-call.dynamodb", unique_id=self.hook)


def _backoff(attempt: int) -> None:
    time.sleep(min(0.05 * 2**attempt, 2.0))
