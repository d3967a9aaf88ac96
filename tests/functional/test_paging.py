"""Paging: limits, cursors across pages, the Link header, and rejected cursors."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.functional.helpers import assert_problem, body, get, header


def walk(client, path):
    """Follow next_cursor to the end; returns the pages."""
    pages, url = [], path
    while True:
        response = get(client, url)
        assert response.status_code == 200
        page = body(response)
        pages.append((page, header(response, "link")))
        if page["next_cursor"] is None:
            return pages
        url = path + ("&" if "?" in path else "?") + "cursor=" + page["next_cursor"]


def test_pages_cover_the_list_once_in_order(client):
    everything = [i["id"] for i in body(get(client, "/v1/projects?limit=100"))["items"]]
    pages = walk(client, "/v1/projects?limit=4")
    seen = [item["id"] for page, _ in pages for item in page["items"]]
    assert seen == everything
    assert [len(page["items"]) for page, _ in pages] == [4, 4, 3]


def test_link_header_points_at_the_next_page(client):
    response = get(client, "/v1/projects?limit=2&direction=examined-in-chongqing&lang=en")
    link = header(response, "link")
    assert link and link.endswith('>; rel="next"')
    target = link[1 : link.index(">")]
    query = parse_qs(urlsplit(target).query)
    assert query["cursor"] == [body(response)["next_cursor"]]
    assert query["direction"] == ["examined-in-chongqing"]
    assert query["limit"] == ["2"] and query["lang"] == ["en"]
    follow = body(get(client, "/v1/projects" + target))
    assert [i["id"] for i in follow["items"]] == ["warehousing-centers"]


def test_last_page_has_no_link(client):
    response = get(client, "/v1/sectors")
    assert body(response)["next_cursor"] is None
    assert header(response, "link") is None


def test_tampered_cursor_is_rejected(client):
    cursor = body(get(client, "/v1/projects?limit=2"))["next_cursor"]
    flipped = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]
    problem = assert_problem(get(client, f"/v1/projects?limit=2&cursor={flipped}"), 400, "cursor")
    assert problem["invalid-params"][0]["name"] == "cursor"


def test_cursor_of_another_endpoint_is_rejected(client):
    cursor = body(get(client, "/v1/projects?limit=2"))["next_cursor"]
    assert_problem(get(client, f"/v1/festival-products?cursor={cursor}"), 400, "different list")


def test_cursor_of_other_filters_is_rejected(client):
    cursor = body(get(client, "/v1/projects?limit=2"))["next_cursor"]
    response = get(client, f"/v1/projects?sector=transport&cursor={cursor}")
    assert_problem(response, 400, "different list")


@pytest.mark.parametrize("cursor", ["garbage", "a.b", "%FF%FE", "x" * 3000])
def test_malformed_cursor_is_rejected(client, cursor):
    assert_problem(get(client, f"/v1/projects?cursor={cursor}"), 400, "cursor")


@pytest.mark.parametrize("limit", ["0", "101", "abc", "-5", "2.5"])
def test_limit_outside_1_to_100_is_rejected(client, limit):
    problem = assert_problem(get(client, f"/v1/projects?limit={limit}"), 400, "limit", "1 to 100")
    assert problem["invalid-params"] == [{"name": "limit", "reason": problem["detail"][7:]}]


def test_unknown_and_repeated_parameters_are_rejected(client):
    assert_problem(get(client, "/v1/projects?sectr=transport"), 400, "sectr")
    assert_problem(get(client, "/v1/projects?limit=1&limit=2"), 400, "limit", "once")
    assert_problem(get(client, "/v1/projects/x?limit=1"), 400, "limit")
    assert_problem(get(client, "/v1/sectors?sector=transport"), 400, "sector")


def signed(payload: object) -> str:
    """A cursor signed with the test stage's key: what a client who read the config could forge."""
    import base64
    import hashlib
    import hmac
    import json

    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    mac = hmac.new(b"test-only-cursor-secret", raw, hashlib.sha256).digest()[:16]
    b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()  # noqa: E731
    return f"{b64(raw)}.{b64(mac)}"


@pytest.mark.parametrize(
    "payload",
    [
        {"b": "project", "k": "str"},
        {"b": "project"},
        b"not json",
        b"[1, 2]",
        {"b": "project", "k": {"pk": "x"}},
        {"b": "project", "k": {"g1pk": 1, "g1sk": "a", "pk": "project#a"}},
        {"b": "project", "k": {"g1pk": "sector", "g1sk": "a", "pk": "project#a"}},
        {"b": "project", "k": {"g1pk": "project", "g1sk": "a", "pk": "sector#a"}},
        {"b": "project", "k": {"g2pk": "project", "g2sk": "a", "pk": "project#a"}},
    ],
)
def test_signed_but_impossible_cursors_are_400_not_5xx(client, payload):
    response = get(client, f"/v1/projects?cursor={signed(payload)}")
    assert_problem(response, 400, "cursor")


def test_a_well_formed_forged_cursor_just_pages(client):
    key = {"g1pk": "project", "g1sk": "00000008#key-projects-new-energy", "pk": "project#x"}
    page = body(get(client, f"/v1/projects?cursor={signed({'b': 'project', 'k': key})}"))
    assert [i["id"] for i in page["items"]][:1] == ["data-operation-centers"]


@pytest.mark.parametrize(
    "mangle", [lambda c: c + "==", lambda c: "!!!" + c, lambda c: c.replace("-", "+")]
)
def test_non_canonical_cursor_encodings_are_rejected(client, mangle):
    cursor = body(get(client, "/v1/projects?limit=2"))["next_cursor"]
    mangled = mangle(cursor)
    if mangled != cursor:
        assert_problem(get(client, f"/v1/projects?cursor={quote(mangled)}"), 400, "cursor")


def test_empty_cursor_is_rejected(client):
    assert_problem(get(client, "/v1/projects?cursor="), 400, "cursor")


def test_errors_do_not_echo_huge_values(client):
    response = get(client, "/v1/projects?lang=" + "x" * 10_000)
    assert_problem(response, 400, "lang")
    assert len(response.body) < 1000
    assert len(get(client, "/v1/projects/" + "a" * 5000).body) < 1000


def test_a_cursor_chain_keeps_the_page_size_it_started_with(client):
    """A generated client sends its default limit=20 on every call: the chain stays at 5."""
    first = body(get(client, "/v1/projects?limit=5&lang=en"))
    second = body(get(client, f"/v1/projects?limit=20&lang=en&cursor={first['next_cursor']}"))
    third = body(get(client, f"/v1/projects?limit=2&lang=en&cursor={second['next_cursor']}"))
    assert [len(page["items"]) for page in (first, second, third)] == [5, 5, 1]
    ids = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert len(set(ids)) == 11


def test_a_sync_chain_keeps_the_page_size_it_started_with(client):
    first = body(get(client, "/v1/sync?limit=5"))
    second = body(get(client, f"/v1/sync?limit=50&token={first['next_page_token']}"))
    assert [len(first["items"]), len(second["items"])] == [5, 5]
