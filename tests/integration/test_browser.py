"""The partner demo page in headless Chromium: widgets render, resize, and stay inert.

Uses Debian's Chromium (/usr/bin/chromium) driven by Playwright; `.ci/run` installs it.
Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CONTENT, ROOT
from tests.integration.conftest import coop_serve, free_port

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "build" / "screenshots"
HOSTILE = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> \'quoted\' & "more"'
)
ANN = "chongqing-expands-cooperation-with-california"

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Chromium is missing: apt-get install chromium (.ci/run does)", allow_module_level=True
    )
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API over the seed content plus one project whose text is markup (not on the demo)."""
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT, content)
    record = {
        "id": "hostile-markup",
        "direction": "offered-to-chongqing",
        "sector": "packaging",
        "title": {"zh-Hans": HOSTILE, "en": HOSTILE},
        "summary": {"zh-Hans": "</p></li></ul><b>加粗</b>", "en": "</p></li></ul><b>bold</b>"},
        "order": 99,
        "announcement_id": ANN,
    }
    (content / "projects" / "hostile-markup.yaml").write_text(
        yaml.safe_dump(record, allow_unicode=True)
    )
    with coop_serve(content) as (base, _):
        yield base


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def partner_origin() -> Iterator[str]:
    """examples/ on another port: another origin, as a partner's site would be."""
    handler = functools.partial(Quiet, directory=str(ROOT / "examples"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(api: str, partner_origin: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        tab = browser.new_page(viewport={"width": 1200, "height": 1500})
        tab.console_messages = []
        tab.on("console", lambda m: tab.console_messages.append(m.text))
        tab.goto(f"{partner_origin}/partner.html?api={api}")
        tab.wait_for_load_state("networkidle")
        resized = "f => parseInt(f.style.height) > 150"
        tab.wait_for_function(
            f"Array.from(document.querySelectorAll('iframe')).every({resized})", timeout=15_000
        )
        yield tab
        SHOTS.mkdir(parents=True, exist_ok=True)
        # The viewport, not full_page: Chromium does not paint frames outside the viewport.
        tab.screenshot(path=str(SHOTS / "partner-page.png"))
        browser.close()


def widget(page: Any, fragment: str) -> Any:
    frame = next(f for f in page.frames if fragment in f.url)
    frame.wait_for_load_state("load")
    return frame


@pytest.mark.parametrize(
    ("fragment", "lang", "expected"),
    [
        (f"announcements/{ANN}?lang=en", "en", "Chongqing Expands Cooperation Areas"),
        (f"announcements/{ANN}?lang=zh-Hant", "zh-Hant", "重慶拓展與美國加州合作領域"),
        ("projects?lang=en&limit=4", "en", "Key projects in architecture"),
        ("projects?lang=zh-Hans&direction=examined-in-chongqing", "zh-Hans", "冷链物流中心"),
        ("festival-products?lang=en", "en", "Red wine"),
        ("festival-products?lang=zh-Hant", "zh-Hant", "紅酒"),
        ("search?lang=zh-Hans", "zh-Hans", "冷链物流中心"),
    ],
)
def test_each_widget_renders_in_its_language(page, fragment, lang, expected):
    frame = widget(page, fragment)
    assert frame.evaluate("document.documentElement.lang") == lang
    assert expected in frame.inner_text("body")


def test_frames_resize_to_their_content(page):
    for element in page.query_selector_all("iframe"):
        frame = element.content_frame()
        content = frame.evaluate(
            "Math.ceil(document.documentElement.getBoundingClientRect().height)"
        )
        box = element.evaluate("f => f.clientHeight")
        assert abs(box - content) <= 2, (frame.url, box, content)
        assert content > 150


def test_markup_in_a_record_renders_as_text_and_never_runs(page, api, partner_origin):
    hostile = page.context.browser.new_page()
    hostile.goto(f"{partner_origin}/")  # an http origin: frame-ancestors * does not match about:
    hostile.evaluate(
        """src => { const f = document.createElement("iframe");
        f.setAttribute("sandbox", "allow-scripts allow-popups"); f.src = src;
        document.body.appendChild(f); }""",
        f"{api}/embed/projects?lang=en&sector=packaging",
    )
    element = hostile.wait_for_selector("iframe")
    frame = element.content_frame()
    frame.wait_for_load_state("load")
    assert HOSTILE in frame.inner_text("body")
    assert frame.evaluate("window.__pwned") is None
    assert frame.query_selector("img") is None and frame.query_selector("b") is None
    hostile.close()


def test_narrow_widget_does_not_scroll_sideways(page):
    frame = widget(page, "festival-products?lang=en")
    assert frame.evaluate("document.documentElement.clientWidth") <= 280
    assert frame.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_search_widget_searches_inside_its_sandboxed_frame(page):
    """allow-forms, as the demo page gives it: the form submits within the frame."""
    frame = widget(page, "search?lang=zh-Hans")
    assert frame.inner_text("mark") == "冷链"
    frame.fill("input[name=q]", "warehouse")
    with frame.expect_navigation():
        frame.press("input[name=q]", "Enter")
    assert "q=warehouse" in frame.url and "lang=zh-Hans" in frame.url
    assert "仓储中心" in frame.inner_text("body")
    links = frame.eval_on_selector_all("li a", "els => els.map(e => [e.href, e.target])")
    assert [
        f"{frame.url.split('/embed/')[0]}/projects/warehousing-centers?lang=zh-Hans",
        "_blank",
    ] in links


def test_the_search_widget_works_without_javascript(page, api):
    context = page.context.browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{api}/embed/search?lang=en")
    tab.fill("input[name=q]", "COLD chains")
    with tab.expect_navigation():
        tab.click("button[type=submit]")
    assert "Cold chain logistics centers" in tab.inner_text("body")
    marks = tab.eval_on_selector_all("li:first-child h2 mark", "els => els.map(e => e.textContent)")
    assert marks == ["Cold", "chain"]
    context.close()


def test_no_content_security_policy_violations(page):
    refused = [m for m in page.console_messages if "Content Security Policy" in m or "Refused" in m]
    assert refused == []


def test_screenshots_are_written(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, fragment in (
        ("announcement-en", f"announcements/{ANN}?lang=en"),
        ("projects-en", "projects?lang=en"),
    ):
        element = next(
            e
            for e in page.query_selector_all("iframe")
            if fragment in (e.get_attribute("src") or "")
        )
        element.screenshot(path=str(SHOTS / f"{name}.png"))
        assert (SHOTS / f"{name}.png").stat().st_size > 1000


# A partner page that counts the widget's height messages. Playwright answers every request
# itself, so the page can be on any origin: here the test stage's allowed ones and others.
PARENT = """<!doctype html><html><body>
<iframe sandbox="allow-scripts allow-popups" src="https://api.example/embed/projects?lang=en">
</iframe><script>window.heights = [];
addEventListener("message", e => { if (e.data && e.data.type === "coop:embed-height")
  window.heights.push(e.data.height); });</script></body></html>"""


@pytest.mark.parametrize(
    ("parent", "receives"),
    [
        ("https://partner.example", True),
        (
            "https://a.university.example",
            True,
        ),  # EMBED_MESSAGE_ORIGINS https://*.university.example
        ("https://evil-university.example", False),
        ("https://university.example", False),
        ("http://a.university.example", False),
    ],
)
def test_height_messages_go_only_to_allowed_parents(page, seeded, parent, receives):
    """The test stage allows https://partner.example and https://*.university.example."""
    from chalice.test import Client

    from app import app

    with Client(app, stage_name="test", project_dir=str(ROOT)) as client:
        tab = page.context.browser.new_page()

        def answer(route: Any) -> None:
            url = route.request.url
            if not url.startswith("https://api.example/"):
                route.fulfill(status=200, content_type="text/html", body=PARENT)
                return
            response = client.http.get(url.removeprefix("https://api.example"))
            headers = dict(response.headers)
            # Let every parent frame the widget: what is under test is where it posts.
            csp = headers["Content-Security-Policy"].split("frame-ancestors")[0]
            headers["Content-Security-Policy"] = csp + "frame-ancestors *"
            route.fulfill(status=response.status_code, headers=headers, body=response.body)

        tab.route("**/*", answer)
        tab.goto(parent + "/")
        frame = tab.wait_for_selector("iframe").content_frame()
        frame.wait_for_load_state("load")
        assert "Key projects in architecture" in frame.inner_text("body")
        tab.wait_for_timeout(300)  # room for a message that must not come
        heights = tab.evaluate("window.heights")
        tab.close()
    assert bool(heights) is receives, (parent, heights)
    assert all(height > 100 for height in heights)
