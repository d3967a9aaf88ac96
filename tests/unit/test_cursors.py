"""Cursors are opaque, signed and bound to one list."""

import base64
import json

import pytest

from chalicelib.api import cursors
from chalicelib.errors import InvalidParameter

SECRET = b"unit-secret"
KEY = {"pk": "project#a", "g1pk": "project", "g1sk": "00000001#a"}


def test_round_trip():
    token = cursors.encode(SECRET, "project", KEY)
    assert cursors.decode(SECRET, "project", token) == KEY


def reason(token: str, binding: str = "project", secret: bytes = SECRET) -> str:
    with pytest.raises(InvalidParameter) as raised:
        cursors.decode(secret, binding, token)
    assert raised.value.extensions["invalid-params"][0]["name"] == "cursor"
    return raised.value.detail


def test_tampered_cursor_is_rejected():
    token = cursors.encode(SECRET, "project", KEY)
    payload, mac = token.split(".")
    forged = json.dumps({"b": "project", "k": {**KEY, "pk": "project#z"}}).encode()
    forged_token = base64.urlsafe_b64encode(forged).rstrip(b"=").decode() + "." + mac
    assert "signature" in reason(forged_token)


def test_cursor_signed_with_another_secret_is_rejected():
    token = cursors.encode(b"other", "project", KEY)
    assert "signature" in reason(token)


def test_cursor_from_another_list_is_rejected():
    token = cursors.encode(SECRET, "project|sector=transport", KEY)
    assert "different list" in reason(token, binding="project")


@pytest.mark.parametrize(
    "junk", ["", "abc", "a.b.c", "!!!.???", "x" * 5000, "é.é", "a=.b", "a.b=="]
)
def test_malformed_cursor_is_rejected(junk):
    assert reason(junk)
