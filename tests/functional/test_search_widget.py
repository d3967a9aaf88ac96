"""/embed/search: a GET form that works without script, results linking to their pages,
the widgets' CSP with the form allowed to submit to the widget alone."""

from __future__ import annotations

from tests.functional.helpers import assert_problem, get, header
from tests.functional.test_embeds import html


def test_without_a_query_the_box_alone(client):
    page = html(get(client, "/embed/search?lang=en"))
    assert '<form role="search" method="get" action="http://localhost/embed/search">' in page
    assert '<input type="search" name="q" value="" maxlength="100"' in page
    assert '<input type="hidden" name="lang" value="en">' in page
    assert "<ul>" not in page and "results" not in page


def test_results_link_to_their_pages_with_the_matches_marked(client):
    page = html(get(client, "/embed/search?q=%E5%86%B7%E9%8F%88&lang=zh-Hans"))  # 冷鏈
    assert "<title>搜索：冷鏈</title>" in page and 'value="冷鏈"' in page
    assert "共 2 条结果" in page
    assert (
        '<a href="http://localhost/projects/cold-chain-logistics-centers?lang=zh-Hans"'
        ' target="_blank" rel="noopener"><mark>冷链</mark>物流中心</a>'
    ) in page
    assert page.index("cold-chain-logistics-centers") < page.index("announcements/chongqing")


def test_a_sector_links_to_the_widget_of_its_projects(client):
    page = html(get(client, "/embed/search?q=packaging&lang=en"))
    assert 'href="http://localhost/embed/projects?sector=packaging&amp;lang=en"' in page
    assert '<span class="tag">Sector</span>' in page


def test_nothing_found_says_so(client):
    page = html(get(client, "/embed/search?q=bitcoin&lang=zh-Hant"))
    assert "沒有找到結果。" in page


def test_a_query_with_nothing_to_search_shows_the_box_again(client):
    page = html(get(client, "/embed/search?q=%21%21%21&lang=en"))  # !!!
    assert 'value="!!!"' in page and "No results" not in page


def test_the_query_is_escaped(client):
    page = html(get(client, "/embed/search?lang=en&q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"))
    assert "<script>x" not in page and 'value="&#34;&gt;&lt;script&gt;x' in page


def test_a_long_text_is_cut_around_its_match(client):
    page = html(get(client, "/embed/search?q=%E4%BA%91%E8%AE%A1%E7%AE%97&lang=zh-Hans"))  # 云计算
    assert "…" in page and "<mark>云计算</mark>" in page


def test_the_limit_is_kept_in_the_form_and_caps_the_results(client):
    page = html(get(client, "/embed/search?q=%E5%8A%A0&lang=en&limit=3"))  # 加
    assert page.count("<li>") == 3
    assert '<input type="hidden" name="limit" value="3">' in page


def test_the_policy_lets_the_form_submit_to_the_widget_only(client):
    search = header(get(client, "/embed/search?lang=en"), "content-security-policy") or ""
    listing = header(get(client, "/embed/projects?lang=en"), "content-security-policy") or ""
    assert "form-action http://localhost/embed/search;" in search
    assert search.replace("http://localhost/embed/search", "'none'") == listing


def test_bad_input_is_a_problem(client):
    assert_problem(get(client, "/embed/search?lang=all"), 400, "lang")
    assert_problem(get(client, "/embed/search?q=" + "x" * 101), 400, "q")
    assert_problem(get(client, "/embed/search?q=x&limit=0"), 400, "limit")


def test_cached_like_every_widget(client):
    first = get(client, "/embed/search?q=wine&lang=en")
    etag = header(first, "ETag")
    assert etag and header(first, "Content-Language") == "en"
    assert get(client, "/embed/search?q=wine&lang=en", **{"If-None-Match": etag}).status_code == 304
