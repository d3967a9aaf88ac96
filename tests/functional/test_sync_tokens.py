"""Sync tokens signed with the test stage's key but holding what the API never writes: each is
a 400 problem naming `token`, never a 500 and never a token that does not expire."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chalicelib.api import cursors
from tests.functional.helpers import assert_problem, body, get

KEY = b"test-only-cursor-secret"  # CURSOR_SECRET of the test stage in .chalice/config.json
NOW = dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def signed(**fields: Any) -> str:
    """A token as the API writes one (a chain on page 2), with ``fields`` changed."""
    now = stamp(NOW)
    wire = {"p": f"{now}#sector#transport", "w": "", "s": now, "t": now, "l": "en"} | fields
    return cursors.seal(KEY, "sync", {k: v for k, v in wire.items() if v is not None})


def test_a_token_as_the_api_writes_it_is_taken(client):
    assert get(client, f"/v1/sync?token={signed()}").status_code == 200


def test_a_token_from_before_settled_marks_and_languages_still_decodes(client):
    response = get(client, f"/v1/sync?token={signed(w=None, l=None)}&lang=all")
    assert response.status_code == 200
    assert isinstance(body(response)["items"][0]["fallbacks"], dict)


IN_A_YEAR = stamp(NOW + dt.timedelta(days=365))


NEVER_WRITTEN = {
    "s not a date": {"s": "yesterday"},
    "s month 13": {"s": "2026-13-45T00:00:00.000Z"},
    "s year 1": {"s": "0001-01-01T00:00:00.000Z"},  # a 500 before: nothing can be taken from it
    "s ISO but not ours": {"s": "2026-01-01T00:00:00+00:00"},
    "s a number": {"s": 1767225600},
    "s after t": {"s": IN_A_YEAR},
    "t year 9999": {"t": "9999-12-31T23:59:59.999Z"},  # compared as text before: never expired
    "t in a year": {"t": IN_A_YEAR},
    "t February 30": {"t": "2026-02-30T00:00:00.000Z"},
    "t missing": {"t": None},
    "p not a position": {"p": "x"},
    "p a number": {"p": 7},
    "p missing": {"p": None},
    "p id too long": {"p": f"{stamp(NOW)}#project#" + "a" * 200},
    "p id not ASCII": {"p": f"{stamp(NOW)}#project#café"},
    "p unknown kind": {"p": f"{stamp(NOW)}#widget#transport"},
    "p read after t": {"p": f"{IN_A_YEAR}#sector#transport"},
    "w not a position": {"w": "zzz"},
    "w after p": {"w": f"{stamp(NOW)}#sector#zz"},
    "l unknown": {"l": "fr"},
    "l a list": {"l": ["en"]},
}


@pytest.mark.parametrize("fields", NEVER_WRITTEN.values(), ids=NEVER_WRITTEN.keys())
def test_a_signed_token_holding_what_the_api_never_writes_is_a_400(client, fields):
    problem = assert_problem(get(client, f"/v1/sync?token={signed(**fields)}"), 400, "token")
    assert [p["name"] for p in problem["invalid-params"]] == ["token"]
    assert "resync" not in problem
