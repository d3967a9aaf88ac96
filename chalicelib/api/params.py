"""Query parameters: which ones each endpoint accepts, and their validation into plain values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.errors import InvalidParameter, shown
from chalicelib.taxonomy import FILTER_VALUES, Kind

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
PAGING = ("limit", "cursor")


@dataclass(frozen=True)
class ListQuery:
    filters: dict[str, str]
    limit: int
    cursor: str | None


def single_values(
    query: Mapping[str, Any] | None, accepted: tuple[str, ...], *, ignore_unknown: bool = False
) -> dict[str, str]:
    """Each parameter once and known to this endpoint; Chalice gives a MultiDict or None.

    HTML pages and oEmbed ignore parameters they do not know (utm_source, fbclid, dnt):
    people and consumers add them. The JSON API rejects them, to catch typos.
    """
    values: dict[str, str] = {}
    if query is None:
        return values
    for name in query:
        if name not in accepted and ignore_unknown:
            continue
        if name not in accepted:
            known = ", ".join(accepted) or "none"
            reason = f"is not a parameter of this endpoint (accepted: {known})"
            raise InvalidParameter(name[:60], reason)
        given = query.getlist(name) if hasattr(query, "getlist") else [query[name]]
        if len(given) != 1:
            raise InvalidParameter(name, "must be given once")
        values[name] = given[0]
    return values


def list_query(kind: Kind, values: dict[str, str]) -> ListQuery:
    filters = {}
    for name in kind.filters:
        if name in values:
            allowed = FILTER_VALUES[name]
            if values[name] not in allowed:
                raise InvalidParameter(
                    name, f"must be one of {', '.join(allowed)}; got {shown(values[name])}"
                )
            filters[name] = values[name]
    return ListQuery(
        filters=filters, limit=parse_limit(values.get("limit")), cursor=values.get("cursor")
    )


def parse_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_LIMIT):
        raise InvalidParameter(
            "limit", f"must be an integer from 1 to {MAX_LIMIT}; got {shown(raw)}"
        )
    return int(raw)
