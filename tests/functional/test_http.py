"""HTTP behaviour: ETag and 304, caching, CORS, HEAD and methods."""

import pytest

from tests.functional.helpers import assert_problem, body, get, header


def test_every_200_has_a_strong_etag_and_304_on_match(client):
    first = get(client, "/v1/projects?lang=en")
    etag = header(first, "etag")
    assert etag and etag.startswith('"')
    again = get(client, "/v1/projects?lang=en", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.body in (b"", "")
    assert header(again, "etag") == etag
    assert header(again, "cache-control") == "public, max-age=120, stale-if-error=86400"


def test_weak_and_listed_validators_match(client):
    etag = header(get(client, "/v1/sectors"), "etag")
    assert get(client, "/v1/sectors", **{"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert get(client, "/v1/sectors", **{"If-None-Match": '"other"'}).status_code == 200


def test_etag_differs_between_languages(client):
    en = header(get(client, "/v1/sectors?lang=en"), "etag")
    zh = header(get(client, "/v1/sectors?lang=zh-Hans"), "etag")
    assert en != zh


def test_cache_headers_come_from_the_stage(client):
    response = get(client, "/v1/announcements")
    assert header(response, "cache-control") == "public, max-age=120, stale-if-error=86400"
    assert header(response, "vary") == "Accept-Language"


def test_cors_allows_any_origin_without_credentials(client):
    for response in (get(client, "/v1/sectors"), get(client, "/v1/projects/missing")):
        assert header(response, "access-control-allow-origin") == "*"
        assert header(response, "access-control-allow-credentials") is None
        assert "ETag" in (header(response, "access-control-expose-headers") or "")


def test_head_has_headers_and_no_body(client):
    response = client.http.request("HEAD", "/v1/sectors")
    assert response.status_code == 200
    assert response.body in (b"", "")
    assert header(response, "etag")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/v1/projects", "/v1/projects/key-projects-transport"])
def test_writes_are_405_with_allow(client, method, path):
    response = client.http.request(method, path, body=b'{"x": 1}')
    assert_problem(response, 405, method)
    assert header(response, "allow") == "GET, HEAD, OPTIONS"


def test_body_is_raw_utf8_not_escaped(client):
    response = get(client, "/v1/sectors?lang=zh-Hans")
    assert "建筑".encode() in response.body
    assert b"\\u" not in response.body
    assert body(response)["items"][0]["label"] == "建筑"
