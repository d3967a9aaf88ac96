"""What real DynamoDB refuses and moto accepts, refused on a moto-backed client as DynamoDB
refuses it: a 400 ``ValidationException`` with DynamoDB's message, before moto sees it.

- ``BETWEEN :lo AND :hi`` in a Query's ``KeyConditionExpression`` with ``:lo`` above ``:hi``
  (DynamoDB: "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be
  greater than or equal to lower bound"). Strings compare by their UTF-8 bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

BETWEEN = re.compile(r"BETWEEN\s+(:\w+)\s+AND\s+(:\w+)", re.IGNORECASE)


class Refused:
    """The HTTP side of a refusal, as botocore reads it."""

    status_code = 400
    headers: dict[str, str] = {}
    content = b""


def install(db: Any) -> list[str]:
    """Make ``db`` refuse what DynamoDB refuses; the returned list collects each refusal."""
    refusals: list[str] = []

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
    return refusals
