"""/docs: the operations by tag, the JSON API first; Swagger UI from the bulk files, pinned
by version and Subresource Integrity to the package coop load publishes, under a CSP that
allows exactly those files."""

from __future__ import annotations

import base64
import hashlib
from importlib.util import find_spec
from pathlib import Path

from chalicelib.api.reference import EXPLORER, EXPLORER_FILES
from coop import publish
from tests.functional.helpers import get, header


def test_the_explorer_files_are_the_packages():
    spec = find_spec("flask_swagger_ui")
    assert spec is not None and spec.origin is not None
    dist = Path(spec.origin).parent / "dist"
    assert "bulk/explorer/swagger-ui-" + (dist / "VERSION").read_text().strip()[1:] == EXPLORER
    for name, integrity in EXPLORER_FILES.items():
        digest = base64.b64encode(hashlib.sha384((dist / name).read_bytes()).digest()).decode()
        assert integrity == f"sha384-{digest}"
    assert [key for key, _, _ in publish.explorer_files()] == [
        f"{EXPLORER}/swagger-ui-bundle.js", f"{EXPLORER}/swagger-ui.css",
    ]  # fmt: skip


def test_the_json_api_comes_first_then_widgets_feeds_and_oembed(client):
    page = get(client, "/docs").body.decode()
    headings = [page.index(f"<h2>{tag}</h2>") for tag in ("API", "Embeds", "Feeds", "oEmbed")]
    assert headings == sorted(headings)
    assert page.index("GET /v1/projects.csv") < headings[1] < page.index("GET /embed/projects")
    assert headings[2] < page.index("GET /v1/announcements.atom") < headings[3]
    assert headings[3] < page.index("GET /oembed") < page.index('id="explorer"')


def test_swagger_ui_loads_from_the_bulk_origin_with_integrity(client):
    response = get(client, "/docs")
    page = response.body.decode()
    script = "http://localhost/bulk/explorer/swagger-ui-5.34.0/swagger-ui-bundle.js"
    style = "http://localhost/bulk/explorer/swagger-ui-5.34.0/swagger-ui.css"
    assert f'<script src="{script}" integrity="{EXPLORER_FILES["swagger-ui-bundle.js"]}">' in page
    assert f'<link rel="stylesheet" href="{style}" integrity="' in page
    assert 'data-spec="http://localhost/v1/openapi.json"' in page
    assert "cdn" not in page.lower() and "unpkg" not in page
    policy = header(response, "content-security-policy") or ""
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"].split() == [directives["script-src"].split()[0], script,
                                                directives["script-src"].split()[2]]  # fmt: skip
    assert style in directives["style-src"] and directives["img-src"] == "data:"
    assert directives["connect-src"] == "http://localhost/"
    assert "unsafe" not in policy and directives["frame-ancestors"] == "'none'"
