"""`coop serve` serves the bulk files at /bulk/* from its embedded S3, as CloudFront serves
the bucket; /docs loads Swagger UI from there in headless Chromium, under its CSP."""

from __future__ import annotations

import hashlib
import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import coop_serve

pytestmark = pytest.mark.integration
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with coop_serve() as (url, _):
        yield url


def fetch(url: str) -> tuple[bytes, Any]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read(), answer.headers


def test_the_manifest_and_its_files_are_served_under_bulk(base):
    body, headers = fetch(f"{base}/bulk/manifest.json")
    manifest = json.loads(body)
    assert headers["Cache-Control"] == "public, max-age=300" and manifest["records"] == 23
    for entry in manifest["files"]:
        data, headers = fetch(base + entry["path"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["Access-Control-Allow-Origin"] == "*"


def test_data_json_names_files_that_are_there(base):
    catalogue = json.loads(fetch(f"{base}/data.json")[0])
    urls = [d["downloadURL"] for s in catalogue["dataset"] for d in s["distribution"]
            if "downloadURL" in d]  # fmt: skip
    assert urls and all(fetch(url)[0] for url in set(urls))


def test_docs_runs_swagger_ui_from_the_bulk_origin_under_its_csp(base):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is missing: apt-get install chromium (.ci/run does)")
    api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 1600})
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(f"{base}/docs")
        page.wait_for_selector(".swagger-ui .opblock-tag", timeout=20_000)
        tags = page.eval_on_selector_all(".opblock-tag", "els => els.map(e => e.dataset.tag)")
        (ROOT / "build" / "screenshots").mkdir(parents=True, exist_ok=True)
        page.locator("#explorer").scroll_into_view_if_needed()
        page.screenshot(path=str(ROOT / "build" / "screenshots" / "docs-explorer.png"))
        browser.close()
    assert tags == ["API", "Embeds", "Feeds", "oEmbed", "Meta"]
    assert not [m for m in messages if "Content Security Policy" in m], messages
    assert all(url.startswith(base) or url.startswith("data:") for url in fetched), fetched
