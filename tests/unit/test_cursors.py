"""Cursors are opaque, signed, canonical and bound to one list."""

import base64
import json

import pytest

from chalicelib.api import cursors
from chalicelib.api.cursors import Cursor
from chalicelib.errors import InvalidParameter

SECRET = b"unit-secret"
KEY = {"pk": "project#a", "g1pk": "project", "g1sk": "00000001#a"}
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def test_round_trip_with_and_without_a_page_size():
    token = cursors.encode(SECRET, "project", Cursor(KEY, 5))
    assert cursors.decode(SECRET, "project", token, 100) == Cursor(KEY, 5)
    older = cursors.encode(SECRET, "project", Cursor(KEY))  # from before chains kept a size
    assert cursors.decode(SECRET, "project", older, 100) == Cursor(KEY, None)


def test_the_wire_form_is_compact_and_fixed():
    """Cursors in clients' hands must keep decoding: the payload's form is pinned."""
    token = cursors.encode(SECRET, "project", Cursor(KEY, 5))
    payload = base64.urlsafe_b64decode(token.split(".")[0] + "==")
    assert json.loads(payload) == {"b": "project", "k": KEY, "n": 5}
    assert token == (
        "eyJiIjoicHJvamVjdCIsImsiOnsiZzFwayI6InByb2plY3QiLCJnMXNrIjoiMDAwMDAwMDEjYSIsInBrIjoicHJv"
        "amVjdCNhIn0sIm4iOjV9.gC4tkfTPiSULKHWR5JWtIg"
    )


def reason(token: str, binding: str = "project", secret: bytes = SECRET) -> str:
    with pytest.raises(InvalidParameter) as raised:
        cursors.decode(secret, binding, token, 100)
    assert raised.value.extensions["invalid-params"][0]["name"] == "cursor"
    return raised.value.detail


def test_tampered_cursor_is_rejected():
    token = cursors.encode(SECRET, "project", Cursor(KEY))
    payload, mac = token.split(".")
    forged = json.dumps({"b": "project", "k": {**KEY, "pk": "project#z"}}).encode()
    forged_token = base64.urlsafe_b64encode(forged).rstrip(b"=").decode() + "." + mac
    assert "signature" in reason(forged_token)


def test_a_second_spelling_of_the_same_bytes_is_rejected():
    """The MAC's 16 bytes leave 4 unused bits in its last character: another character with
    the same used bits decodes to the same bytes. Only the canonical spelling is a cursor."""
    token = cursors.encode(SECRET, "project", Cursor(KEY, 5))
    payload, mac = token.split(".")
    last = B64.index(mac[-1])
    other = B64[(last & ~0b1111) | ((last + 1) & 0b1111)]
    mangled = f"{payload}.{mac[:-1]}{other}"
    assert base64.urlsafe_b64decode(mangled.split(".")[1] + "==") == base64.urlsafe_b64decode(
        mac + "=="
    )
    assert "malformed" in reason(mangled)


@pytest.mark.parametrize("size", [0, -1, 101, True, "5", 5.0])
def test_a_page_size_we_never_write_is_malformed(size):
    token = cursors.seal(SECRET, "project", KEY, n=size)
    assert "malformed" in reason(token)


def test_cursor_signed_with_another_secret_is_rejected():
    token = cursors.encode(b"other", "project", Cursor(KEY))
    assert "signature" in reason(token)


def test_cursor_from_another_list_is_rejected():
    token = cursors.encode(SECRET, "project|sector=transport", Cursor(KEY))
    assert "different list" in reason(token, binding="project")


@pytest.mark.parametrize(
    "junk", ["", "abc", "a.b.c", "!!!.???", "x" * 5000, "é.é", "a=.b", "a.b=="]
)
def test_malformed_cursor_is_rejected(junk):
    assert reason(junk)
