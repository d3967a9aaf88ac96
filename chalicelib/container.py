"""What one warm container keeps between requests, in one place, with one reset for tests.

A Lambda container serves many requests one after the other. These are what it keeps from
one to the next, each built on first use: nothing here touches AWS or the environment at
import. ``reset()`` forgets all of it, as a new container would.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from chalicelib.cache import ResponseCache


@dataclass
class Stats:
    """What this container asked of DynamoDB, counted by botocore hooks (chalicelib.store)."""

    calls: int = 0  # API calls, each of which may take several attempts
    consumed: float = 0.0  # read capacity units DynamoDB reported
    throttles: int = 0  # attempts DynamoDB throttled


@dataclass
class Container:
    dynamodb: Any = None  # the DynamoDB client (store.dynamodb.client)
    stats: Stats = field(default_factory=Stats)
    responses: ResponseCache = field(default_factory=ResponseCache)  # kept good answers
    parameters: dict[str, tuple[str, float]] = field(default_factory=dict)  # SSM: value, read at
    cold: bool = True  # no request served yet


CONTAINER = Container()


def reset() -> None:
    """Forget everything kept, as a new container would (tests, the dev server's start)."""
    fresh = Container()
    for each in fields(Container):
        setattr(CONTAINER, each.name, getattr(fresh, each.name))
