"""What real DynamoDB refuses and moto accepts, refused on a moto-backed client as DynamoDB
refuses it: a 400 ``ValidationException`` with DynamoDB's message, before moto sees it.

- ``BETWEEN :lo AND :hi`` in a Query's ``KeyConditionExpression`` with ``:lo`` above ``:hi``
  (DynamoDB: "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be
  greater than or equal to lower bound"). Strings compare by their UTF-8 bytes.
- A ``BatchGetItem`` of more than 100 keys, or with a key twice ("Too many items requested for
  the BatchGetItem call"; "Provided list of item keys contains duplicates").
- An item over 400 KB in a ``PutItem`` or ``BatchWriteItem`` ("Item size has exceeded the
  maximum allowed size"), sized as DynamoDB sizes it: names and values in UTF-8 bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_BATCH_GET = 100
MAX_ITEM = 400 * 1024


def item_size(item: dict[str, Any]) -> int:
    """An item's size as DynamoDB counts it: each name and value in bytes (numbers at most
    21 bytes; a list or map 3 bytes and one per element besides its elements)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict[str, Any]) -> int:
    ((kind, inner),) = value.items()
    if kind in ("S", "B"):  # a request's base64 text or a response's bytes
        return len(inner) if isinstance(inner, bytes) else len(inner.encode())
    if kind == "N":
        return min(21, len(inner) // 2 + 1)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + _value_size(v) for v in inner)
    if kind == "M":
        return 3 + item_size(inner) + len(inner)
    return sum(len(str(v).encode()) for v in inner)  # sets


BETWEEN = re.compile(r"BETWEEN\s+(:\w+)\s+AND\s+(:\w+)", re.IGNORECASE)


class Refused:
    """The HTTP side of a refusal, as botocore reads it."""

    status_code = 400
    headers: dict[str, str] = {}
    content = b""


def install(db: Any) -> list[str]:
    """Make ``db`` refuse what DynamoDB refuses; the returned list collects each refusal."""
    refusals: list[str] = []

    def refuse(message: str) -> tuple[Refused, dict[str, Any]]:
        refusals.append(message)
        error = {"Code": "ValidationException", "Message": message}
        return Refused(), {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 400}}

    def check_batch_get(params: dict[str, Any], **_: Any) -> Any:
        request = json.loads(params["body"] or b"{}")
        asked = [
            json.dumps(k, sort_keys=True)
            for t in request["RequestItems"].values()
            for k in t["Keys"]
        ]
        if len(asked) > MAX_BATCH_GET:
            return refuse("Too many items requested for the BatchGetItem call")
        if len(set(asked)) < len(asked):
            return refuse("Provided list of item keys contains duplicates")
        return None

    def check_size(params: dict[str, Any], **_: Any) -> Any:
        request = json.loads(params["body"] or b"{}")
        items = (
            [request["Item"]]
            if "Item" in request
            else [
                r["PutRequest"]["Item"]
                for t in request.get("RequestItems", {}).values()
                for r in t
                if "PutRequest" in r
            ]
        )
        if any(item_size(item) > MAX_ITEM for item in items):
            return refuse("Item size has exceeded the maximum allowed size")
        return None

    def check(params: dict[str, Any], **_: Any) -> tuple[Refused, dict[str, Any]] | None:
        request = json.loads(params["body"] or b"{}")
        values = request.get("ExpressionAttributeValues", {})
        for low, high in BETWEEN.findall(request.get("KeyConditionExpression", "")):
            lo, hi = values[low], values[high]
            if "S" in lo and "S" in hi and lo["S"].encode() > hi["S"].encode():
                message = (
                    "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound"
                    " to be greater than or equal to lower bound; lower bound operand:"
                    f" AttributeValue: {{S:{lo['S']}}}, upper bound operand:"
                    f" AttributeValue: {{S:{hi['S']}}}"
                )
                refusals.append(message)
                error = {"Code": "ValidationException", "Message": message}
                return Refused(), {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 400}}
        return None

    db.meta.events.register("before-call.dynamodb.Query", check)
    db.meta.events.register("before-call.dynamodb.BatchGetItem", check_batch_get)
    db.meta.events.register("before-call.dynamodb.PutItem", check_size)
    db.meta.events.register("before-call.dynamodb.BatchWriteItem", check_size)
    return refusals
