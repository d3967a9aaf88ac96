"""/data.json: the open data as a DCAT-US 1.1 catalogue (placeholder)."""

from __future__ import annotations

from typing import Any

from chalicelib.config import Settings
from chalicelib.store.dynamodb import Store


def catalogue(store: Store, base: str, conf: Settings) -> dict[str, Any]:
    return {}
