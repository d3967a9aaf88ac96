"""Headers that keep browsers from misreading our answers: nosniff everywhere, CSP on pages."""

from __future__ import annotations

import pytest

from tests.functional.helpers import get, header

ANN = "chongqing-expands-cooperation-with-california"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/projects?lang=en", 200),
        ("/v1/projects/data-operation-centers", 200),
        ("/v1/sync", 200),
        ("/v1/openapi.json", 200),
        ("/v1/announcements.json", 200),
        ("/v1/announcements.atom", 200),
        ("/oembed?url=http%3A%2F%2Flocalhost%2Fembed%2Fprojects", 200),
        ("/v1/projects/missing", 404),
        ("/v1/projects?limit=0", 400),
        ("/embed/projects", 200),
        ("/docs", 200),
    ],
)
def test_no_answer_may_be_sniffed_into_another_type(client, path, status):
    response = get(client, path)
    assert response.status_code == status
    assert header(response, "x-content-type-options") == "nosniff"


def test_a_304_keeps_nosniff(client):
    etag = header(get(client, "/v1/sectors"), "etag") or ""
    again = get(client, "/v1/sectors", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert header(again, "x-content-type-options") == "nosniff"


def test_the_docs_page_has_a_strict_policy_and_cannot_be_framed(client):
    response = get(client, "/docs")
    assert header(response, "content-type") == "text/html; charset=utf-8"
    csp = header(response, "content-security-policy") or ""
    assert csp.startswith("default-src 'none'; style-src 'sha256-"), csp
    assert csp.endswith("; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"), csp
    assert header(response, "x-content-type-options") == "nosniff"
    assert header(response, "referrer-policy") == "strict-origin-when-cross-origin"


def test_the_docs_page_style_is_the_one_its_policy_allows(client):
    """A policy that allowed a different style would leave the page unstyled."""
    import base64
    import hashlib
    import re

    response = get(client, "/docs")
    (style,) = re.findall(r"<style>(.*?)</style>", response.body.decode(), re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in (header(response, "content-security-policy") or "")


def test_pages_and_widgets_keep_their_own_headers(client):
    page = get(client, f"/announcements/{ANN}?lang=en")
    widget = get(client, f"/embed/announcements/{ANN}?lang=en")
    assert (header(page, "content-security-policy") or "").endswith("frame-ancestors 'none'")
    assert (header(widget, "content-security-policy") or "").endswith(
        "frame-ancestors https://partner.example https://*.university.example"
    )
    for response in (page, widget):
        assert header(response, "x-content-type-options") == "nosniff"
        assert header(response, "referrer-policy") == "strict-origin-when-cross-origin"
