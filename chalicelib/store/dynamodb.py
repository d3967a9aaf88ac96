"""The only module that talks to DynamoDB: a lazily built client, key reads and index queries."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from chalicelib.config import settings
from chalicelib.container import CONTAINER
from chalicelib.errors import InternalError, MalformedResponse, ServiceUnavailable
from chalicelib.store import keys
from chalicelib.taxonomy import Kind

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from chalicelib.search.postings import Postings, Stats

    Found = tuple[dict[str, Postings], Stats | None]

log = logging.getLogger(__name__)

# Error codes that mean "try again later", as opposed to a bug in our request.
THROTTLES = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
}
TRANSIENT = THROTTLES | {
    "InternalServerError",
    "ServiceUnavailable",
    "ResourceNotFoundException",  # table missing or being restored: an outage for readers
}

# botocore's hooks count what this container asks of DynamoDB (container.Stats).


def _count(**_: Any) -> None:
    CONTAINER.stats.calls += 1


def capacity_units(parsed: dict[str, Any]) -> float:
    """The read or write units an answer reports: one ``ConsumedCapacity`` for a table's
    call, a list of them (one per table) for a batch."""
    capacity = parsed.get("ConsumedCapacity")
    found = capacity if isinstance(capacity, list) else [capacity]
    return sum(float(c.get("CapacityUnits", 0)) for c in found if isinstance(c, dict))


def _after_call(http_response: Any, parsed: dict[str, Any], **_: Any) -> None:
    CONTAINER.stats.consumed += capacity_units(parsed)
    _check_shape(http_response, parsed)


def _attempt(response: Any = None, **_: Any) -> None:
    if response is not None and response[1].get("Error", {}).get("Code") in THROTTLES:
        CONTAINER.stats.throttles += 1


def _check_shape(http_response: Any, parsed: dict[str, Any]) -> None:
    """botocore reads a truncated or non-JSON 200 body as ``{}``, which would look like
    "no such item"; and after checksum failures it returns the last bad body. Refuse both."""
    if http_response.status_code != 200:
        return
    if parsed.get("ResponseMetadata", {}).get("MaxAttemptsReached"):
        raise MalformedResponse("checksum failures on every attempt")
    if parsed.keys() <= {"ResponseMetadata"} and http_response.content.strip() != b"{}":
        raise MalformedResponse("an unreadable body")


def aws_client(service: Literal["dynamodb", "ssm"]) -> Any:
    """A low-level client with bounded attempts and timeouts (docs/deploy.md, "Time budget")."""
    import boto3
    from botocore.config import Config

    conf = settings()
    return boto3.client(
        service,
        region_name=conf.region,
        endpoint_url=conf.endpoint_url if service == "dynamodb" else None,
        config=Config(
            retries={"mode": "standard", "total_max_attempts": conf.dynamodb_max_attempts},
            connect_timeout=conf.dynamodb_connect_timeout,
            read_timeout=conf.dynamodb_read_timeout,
        ),
    )


def client() -> DynamoDBClient:
    """Built on first use and kept for the life of the (warm) container."""
    if CONTAINER.dynamodb is None:
        made = aws_client("dynamodb")
        events = made.meta.events
        events.register("before-call.dynamodb", _count)
        events.register("after-call.dynamodb", _after_call)
        events.register("needs-retry.dynamodb", _attempt)
        CONTAINER.dynamodb = made
    return CONTAINER.dynamodb  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Page:
    docs: list[dict[str, Any]]
    last_key: dict[str, str] | None


class Store(Protocol):
    """What the views need; DynamoStore and tests/fakes.py:FakeStore provide it."""

    def get(self, kind: str, item_id: str) -> dict[str, Any] | None: ...

    def page(
        self, kind: Kind, filters: dict[str, str], limit: int, start: dict[str, str] | None
    ) -> Page: ...

    def changes(self, shard: int, after: str, until: str, limit: int) -> ShardPage: ...

    def postings(self, terms: list[str]) -> Found:
        """Each term's postings, and the search statistics (None before any index)."""
        ...

    def batch_get(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """The documents of up to ``BATCH_GET`` (kind, id) keys; a key without one is absent."""
        ...


BATCH_GET = 100  # BatchGetItem's limit of keys per call
# Keys DynamoDB leaves unprocessed (it throttled them, or the answer passed 16 MB) are asked
# again, at most this many calls in all, with a short backoff; still left, the request is a 503.
BATCH_ROUNDS = 3


# A request makes no new DynamoDB call once it is this old. One call can take up to
# 3 × (0.5 s + 1 s) + 3 s of backoff = 7.5 s, so a request ends by 9.5 s: inside the
# function's 10 s timeout, as a 503 rather than API Gateway's 502 (docs/deploy.md).
CALL_BUDGET_SECONDS = 2.0


class DynamoStore:
    def __init__(self, db: DynamoDBClient, table_name: str, started: float | None = None) -> None:
        self._db = db
        self._table = table_name
        self._started = time.monotonic() if started is None else started

    def _within_budget(self) -> None:
        if time.monotonic() - self._started > CALL_BUDGET_SECONDS:
            log.warning("request over its DynamoDB time budget")
            raise ServiceUnavailable("The content store is slow; retry shortly.")

    def changes(self, shard: int, after: str, until: str, limit: int) -> ShardPage:
        self._within_budget()
        return changes(self._db, self._table, shard, after, until, limit)

    def postings(self, terms: list[str]) -> Found:
        """One BatchGetItem: each term's postings, and the statistics."""
        from chalicelib.search.postings import read_items

        wanted = [keys.posting_key(term) for term in terms] + [keys.search_stats()]
        return read_items(terms, self._batch_get(wanted, ("p", "n", "c", "s")))

    def batch_get(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """One BatchGetItem: the live documents of these (kind, id) keys."""
        found = self._batch_get([keys.item_key(*key) for key in wanted], ("kind", "id", "doc"))
        return {
            (item["kind"]["S"], item["id"]["S"]): keys.doc_of(item)
            for item in found.values()
            if "doc" in item  # tombstones have none
        }

    def _batch_get(
        self, wanted: list[keys.Item], attributes: tuple[str, ...]
    ) -> dict[str, dict[str, Any]]:
        """Items by key, in one BatchGetItem of at most 100 keys (DynamoDB refuses more);
        the keys it leaves unprocessed are asked again, at most BATCH_ROUNDS calls in all."""
        if len(wanted) > BATCH_GET:
            raise InternalError(f"{len(wanted)} keys for one BatchGetItem; at most {BATCH_GET}")
        names = {f"#a{n}": name for n, name in enumerate(dict.fromkeys(("pk", *attributes)))}
        asked = {"ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}
        request: Any = {self._table: {"Keys": wanted, **asked}}
        found: dict[str, dict[str, Any]] = {}
        for attempt in range(BATCH_ROUNDS):
            if not wanted or not request:
                return found
            if attempt:
                time.sleep(0.05 * 2**attempt)
            self._within_budget()
            with _mapped_errors():
                result = self._db.batch_get_item(
                    RequestItems=request, ReturnConsumedCapacity="TOTAL"
                )
            for item in result.get("Responses", {}).get(self._table, []):
                found[item["pk"]["S"]] = item
            request = result.get("UnprocessedKeys")
        if request:
            log.warning("dynamodb left keys unprocessed after %d calls", BATCH_ROUNDS)
            raise ServiceUnavailable("The content store is busy; retry shortly.")
        return found

    def get(self, kind: str, item_id: str) -> dict[str, Any] | None:
        self._within_budget()
        with _mapped_errors():
            found = self._db.get_item(
                TableName=self._table,
                Key=keys.item_key(kind, item_id),
                ProjectionExpression="#d",
                ExpressionAttributeNames={"#d": "doc"},
                ReturnConsumedCapacity="TOTAL",
            )
        item = found.get("Item")
        return keys.doc_of(item) if item and "doc" in item else None  # tombstones have no doc

    def page(
        self, kind: Kind, filters: dict[str, str], limit: int, start: dict[str, str] | None
    ) -> Page:
        index = keys.list_index(kind, filters)
        args: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": index.name,
            "KeyConditionExpression": "#h = :h",
            "ExpressionAttributeNames": {"#h": index.hash_attr, "#d": "doc"},
            "ExpressionAttributeValues": {":h": {"S": index.value}},
            "ProjectionExpression": "#d",
            "ScanIndexForward": not kind.newest_first,
            "Limit": limit,
            "ReturnConsumedCapacity": "TOTAL",
        }
        if start:
            args["ExclusiveStartKey"] = keys.dynamo_key(start)
        self._within_budget()
        with _mapped_errors():
            result = self._db.query(**args)
        last = result.get("LastEvaluatedKey")
        return Page(
            docs=[keys.doc_of(item) for item in result.get("Items", [])],
            last_key=keys.plain_key(last) if last else None,
        )


@dataclass(frozen=True)
class Change:
    """One entry of the change index: a live document, or a tombstone's deletion time."""

    position: str
    kind: str
    item_id: str
    doc: dict[str, Any] | None
    deleted_at: str | None


@dataclass(frozen=True)
class ShardPage:
    """Changes read from one shard; ``complete`` when none after them is ready yet."""

    rows: list[Change]
    complete: bool


def change_of(item: dict[str, Any], sort_attr: str) -> Change:
    return Change(
        position=item[sort_attr]["S"],
        kind=item["kind"]["S"],
        item_id=item["id"]["S"],
        doc=keys.doc_of(item) if "doc" in item else None,
        deleted_at=item["deleted_at"]["S"] if "deleted_at" in item else None,
    )


def changes(
    db: DynamoDBClient, table: str, shard: int, after: str, until: str, limit: int
) -> ShardPage:
    """Entries of one change shard with ``after < position <= until``, oldest first, and
    whether that is all of them: DynamoDB stops at ``limit`` items or at 1 MB read.

    An empty range makes no request: DynamoDB refuses ``BETWEEN`` with its lower bound above
    the upper (a ValidationException), which a position read by a container whose clock runs
    ahead, or before SYNC_SETTLE_SECONDS was raised, would otherwise cause."""
    low = after + " "  # no position holds a character below the space: nothing sorts between
    if low > until:
        return ShardPage([], complete=True)
    index = keys.change_index(shard)
    with _mapped_errors():
        result = db.query(
            TableName=table,
            IndexName=index.name,
            KeyConditionExpression="#h = :h AND #s BETWEEN :lo AND :hi",
            ExpressionAttributeNames={
                "#h": index.hash_attr,
                "#s": index.sort_attr,
                "#d": "doc",
                "#k": "kind",
                "#i": "id",
                "#x": "deleted_at",
            },  # fmt: skip
            ExpressionAttributeValues={
                ":h": {"S": index.value},
                ":lo": {"S": low},
                ":hi": {"S": until},
            },
            ProjectionExpression="#s, #d, #k, #i, #x",
            Limit=limit,
            ReturnConsumedCapacity="TOTAL",
        )
    rows = [change_of(item, index.sort_attr) for item in result.get("Items", [])]
    return ShardPage(rows, complete="LastEvaluatedKey" not in result)


def get_store() -> DynamoStore:
    return DynamoStore(client(), settings().table_name)


@contextmanager
def _mapped_errors() -> Iterator[None]:
    """AWS failures become API errors; their text goes to the log only."""
    from botocore.exceptions import (
        BotoCoreError,
        ChecksumError,
        ClientError,
        ConnectionError,
        HTTPClientError,
    )
    from botocore.parsers import ResponseParserError

    try:
        yield
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in TRANSIENT:
            log.warning("dynamodb unavailable: %s", code)
            raise ServiceUnavailable("The content store is busy; retry shortly.") from error
        log.error("dynamodb rejected a request: %s", error)
        raise InternalError("The content store rejected a request.") from error
    except (ConnectionError, HTTPClientError, ChecksumError) as error:  # after the retries
        log.warning("dynamodb unreachable: %s", type(error).__name__)
        raise ServiceUnavailable("The content store is unreachable; retry shortly.") from error
    except BotoCoreError as error:  # bad parameters, no credentials: ours to fix
        log.error("dynamodb call not made: %s", error)
        raise InternalError("The content store could not be asked.") from error
    except (MalformedResponse, ResponseParserError, AttributeError, TypeError) as error:
        # botocore raises AttributeError/TypeError on JSON of the wrong shape.
        log.warning("dynamodb answer unreadable: %s", type(error).__name__)
        raise ServiceUnavailable("The content store sent a bad answer; retry shortly.") from error
