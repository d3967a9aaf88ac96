"""GET /v1/search: records found in either script and in English, ranked, faceted, highlighted
and paged like every list; bad queries are 400s that name the parameter."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from chalicelib.search.postings import FORMAT
from chalicelib.store import keys
from coop import table
from tests.conftest import TABLE
from tests.functional.helpers import assert_problem, body, get, header

COLD = "project/cold-chain-logistics-centers"
ANNOUNCEMENT = "announcement/chongqing-expands-cooperation-with-california"


def search(client, q: str, **params: str | int):
    return get(client, "/v1/search?" + urlencode({"q": q, **params}))


def refs(response) -> list[str]:
    assert response.status_code == 200, response.body
    return [f"{item['type']}/{item['id']}" for item in body(response)["items"]]


@pytest.mark.parametrize("q", ["冷链", "冷鏈", "cold chain", "Cold-Chain", "冷链物流"])
def test_cold_chain_first_in_either_script_or_english(client, q):
    assert refs(search(client, q))[0] == COLD


def test_the_answer_is_the_list_item_with_a_score_and_highlights(client):
    answer = body(search(client, "冷鏈", lang="zh-Hans"))
    assert set(answer) == {"items", "next_cursor", "total", "facets", "relaxed", "exhaustive"}
    first = answer["items"][0]
    listed = body(get(client, "/v1/projects/cold-chain-logistics-centers?lang=zh-Hans"))
    assert {k: v for k, v in first.items() if k not in ("score", "highlights")} == listed
    assert first["score"] > answer["items"][1]["score"] > 0
    # 冷鏈 asked, 冷链 served and highlighted: offsets into the text, not markup
    title = first["highlights"][0]
    assert title["field"] == "title" and title["text"] == "冷链物流中心"
    assert title["matches"] == [[0, 2]]
    for found in first["highlights"]:
        for start, end in found["matches"]:
            assert found["text"][start:end] == "冷链"


def test_highlights_follow_the_language_served(client):
    for lang, expected in (("zh-Hant", "冷鏈"), ("en", "cold chain")):
        first = body(search(client, "冷链 cold chain", lang=lang))["items"][0]
        texts = {f["text"][s:e].lower() for f in first["highlights"] for s, e in f["matches"]}
        assert texts and texts <= set(expected.split()) | {expected}, texts
    every = body(search(client, "冷链", lang="all"))["items"][0]
    fields = [f["field"] for f in every["highlights"]]
    assert "title.zh-Hans" in fields and "title.zh-Hant" in fields
    assert isinstance(every["title"], dict)


def test_english_is_stemmed_and_lower_cased(client):
    assert set(refs(search(client, "center"))) >= {
        "project/data-operation-centers",
        COLD,
        "project/warehousing-centers",
    }
    assert refs(search(client, "WAREHOUSE"))[0] == "project/warehousing-centers"


def test_mixed_queries_need_both_languages_words(client):
    assert refs(search(client, "CCISF 渝洽会")) == [ANNOUNCEMENT]
    assert refs(search(client, "California 红酒"))[0] == "festival-product/red-wine"


def test_a_multi_character_query_needs_every_pair(client):
    assert refs(search(client, "冷水")) == []  # 冷 is in records; 冷水 in none
    assert len(refs(search(client, "冷"))) >= 2  # one character matches that character


def test_a_long_word_no_record_has_whole_is_searched_relaxed(client):
    answer = body(search(client, "数据中心"))
    assert answer["relaxed"] is True
    assert answer["items"][0]["id"] == "data-operation-centers"
    assert body(search(client, "数据运营中心"))["relaxed"] is False


def test_relaxed_only_when_it_finds_records_of_the_type_and_sector_asked(client):
    elsewhere = body(search(client, "数据中心", sector="transport"))
    assert elsewhere["total"] == 0 and elsewhere["items"] == [] and elsewhere["relaxed"] is False
    assert body(search(client, "数据中心", type="project"))["relaxed"] is True


@pytest.mark.parametrize("value", ["", "project,", ",project"])
def test_an_empty_type_is_a_400(client, value):
    assert_problem(search(client, "冷链", type=value), 400, "type")


def test_type_and_sector_filter_and_the_facets_count_the_other_choices(client):
    every = body(search(client, "房地产"))
    assert every["facets"]["type"] == {"announcement": 1, "project": 1, "sector": 1}
    assert every["facets"]["sector"] == {"real-estate": 2}
    only = body(search(client, "房地产", type="sector"))
    assert [i["type"] for i in only["items"]] == ["sector"] and only["total"] == 1
    assert only["facets"]["type"] == every["facets"]["type"]  # what each other type gives
    two = body(search(client, "房地产", type="project,sector"))
    assert {i["type"] for i in two["items"]} == {"project", "sector"}
    sector = body(search(client, "加州", sector="transport"))
    assert {i.get("sector") or i["id"] for i in sector["items"]} == {"transport"}
    assert sector["facets"]["sector"]["real-estate"] == 1  # counted without the sector chosen


def test_paging_visits_every_result_once_and_keeps_the_page_size(client):
    first = search(client, "加", limit=4)
    answer = body(first)
    seen, total = refs(first), answer["total"]
    assert total > 8 and len(seen) == 4
    assert (
        header(first, "Link")
        == f'<?{urlencode({"q": "加", "limit": 4, "cursor": answer["next_cursor"]})}>; rel="next"'
    )
    cursor = answer["next_cursor"]
    while cursor:
        page = get(client, "/v1/search?" + urlencode({"q": "加", "cursor": cursor}))
        seen += refs(page)
        assert len(refs(page)) <= 4
        cursor = body(page)["next_cursor"]
    assert len(seen) == len(set(seen)) == total
    assert seen == refs(search(client, "加", limit=100))


def test_a_cursor_is_bound_to_its_query_and_filters(client):
    cursor = body(search(client, "加", limit=2))["next_cursor"]
    for other in ({"q": "州"}, {"q": "加", "type": "project"}, {"q": "加", "sector": "transport"}):
        response = get(client, "/v1/search?" + urlencode({**other, "cursor": cursor}))
        assert_problem(response, 400, "cursor")
    assert_problem(search(client, "加", cursor="nonsense"), 400, "cursor")


@pytest.mark.parametrize(
    ("query", "mentions"),
    [
        ("", "q"),
        ("q=", "q"),
        ("q=%20%20%20", "q"),
        ("q=" + "冷" * 101, "q"),
        ("q=%EF%BC%8C%E3%80%82%21%3F", "q"),  # ，。!?
        ("q=the", "q"),
        ("q=x&q=y", "q"),
        ("q=x&type=projects", "type"),
        ("q=x&sector=space", "sector"),
        ("q=x&limit=0", "limit"),
        ("q=x&lang=fr", "lang"),
        ("q=x&colour=red", "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, query, mentions):
    problem = assert_problem(get(client, "/v1/search?" + query), 400, mentions)
    assert problem["invalid-params"][0]["name"] == mentions


def test_a_hundred_characters_are_fine(client):
    assert search(client, "冷" * 100).status_code == 200


def test_caching_etag_and_cors_as_everywhere(client):
    first = search(client, "冷链", lang="en")
    etag = header(first, "ETag")
    assert etag and (header(first, "Cache-Control") or "").startswith("public, max-age=")
    assert header(first, "Access-Control-Allow-Origin") == "*"
    assert header(first, "Content-Language") == "en"
    assert header(first, "Content-Type") == "application/json; charset=utf-8"
    assert "冷链" in first.body.decode() or "cold" in first.body.decode()
    again = get(client, "/v1/search?q=%E5%86%B7%E9%93%BE&lang=en", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.body == b""


def test_chinese_is_sent_as_utf8_not_escaped(client):
    raw = search(client, "冷链", lang="zh-Hans").body.decode()
    assert "冷链物流中心" in raw and "\\u" not in raw


def test_nothing_indexed_yet_finds_nothing(api):
    answer = body(search(api, "冷链"))
    assert answer == {
        "items": [], "next_cursor": None, "total": 0,
        "facets": {"type": {}, "sector": {}}, "relaxed": False, "exhaustive": True,
    }  # fmt: skip


def test_an_index_of_another_format_is_a_503_until_loaded_again(client, seeded):
    stats = keys.search_stats()
    item = seeded.get_item(TableName=TABLE, Key=stats)["Item"]
    data = json.loads(item["s"]["S"])
    table.write(seeded, TABLE, [{**item, "s": {"S": json.dumps({**data, "f": FORMAT + "x"})}}])
    problem = assert_problem(search(client, "冷链"), 503, "rebuilt")
    assert problem["status"] == 503


def test_a_record_deleted_behind_the_index_is_left_out(client, seeded):
    seeded.delete_item(
        TableName=TABLE, Key=keys.item_key("project", "cold-chain-logistics-centers")
    )
    answer = body(search(client, "冷链"))
    assert [i["id"] for i in answer["items"]] == [ANNOUNCEMENT.split("/")[1]]
    assert answer["total"] == 2  # as the index counts: the record is gone since


def test_search_items_are_not_records(client):
    """The index's items live in the same table: no list, sync or count shows them."""
    listed = sum(
        len(body(get(client, f"/v1/{path}?limit=100"))["items"])
        for path in ("announcements", "projects", "festival-products", "sectors")
    )
    synced = body(get(client, "/v1/sync?limit=100&lang=all"))
    assert listed == len(synced["items"]) == 23
    assert all(item["type"] in {"announcement", "project", "festival-product", "sector"}
               for item in synced["items"])  # fmt: skip


def test_the_route_is_documented(client):
    document = body(get(client, "/v1/openapi.json"))
    operation = document["paths"]["/v1/search"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["q"]["required"] is True and params["q"]["schema"]["maxLength"] == 100
    assert params["type"]["explode"] is False and params["type"]["style"] == "form"
    assert "SearchPage" in json.dumps(operation["responses"]["200"])


def test_fields_cut_each_result_and_its_highlights(client):
    answer = body(search(client, "加州 wine", fields="id,title,name", lang="en"))
    for item in answer["items"]:
        kind_fields = {"title"} if item["type"] in ("announcement", "project") else set()
        kind_fields |= {"name"} if item["type"] in ("project", "festival-product") else set()
        assert set(item) == {"type", "id", "fallbacks", "score", "highlights", *kind_fields}
        assert {h["field"] for h in item["highlights"]} <= {"title", "name"}
    wine = next(i for i in answer["items"] if i["id"] == "red-wine")
    assert wine["highlights"] == [{"field": "name", "text": "Red wine", "matches": [[4, 8]]}]


def test_an_unknown_field_is_a_400_listing_the_valid_ones(client):
    problem = assert_problem(search(client, "wine", fields="titel"), 400, "titel", "title")
    assert problem["invalid-params"][0]["name"] == "fields"
    only_products = search(client, "wine", fields="title", type="festival-product")
    assert_problem(only_products, 400, "title")  # not a field of a product


def test_include_links_adds_the_linked_records(client):
    answer = body(search(client, "冷链", include="links", lang="en", type="project"))
    assert answer["items"][0]["id"] == "cold-chain-logistics-centers"
    assert {(i["type"], i["id"]) for i in answer["includes"]} >= {
        ("announcement", "chongqing-expands-cooperation-with-california")
    }
    assert answer["includes_omitted"] == 0
    assert_problem(search(client, "冷链", include="everything"), 400, "include")


def test_unicode_forms_of_english_find_the_same(client):
    assert refs(search(client, "California’s")) == refs(search(client, "California's"))
    assert refs(search(client, "Ｓａｃｒａｍｅｎｔｏ")) == refs(search(client, "sacramento"))
    assert refs(search(client, "CAFÉ")) == refs(search(client, "cafe")) == []


def test_other_scripts_are_searched_and_find_nothing(client):
    for q in ("мир", "あい", "𠮷"):
        answer = body(search(client, q))
        assert answer["total"] == 0 and answer["exhaustive"] is True


def test_control_characters_are_a_400(client):
    assert_problem(get(client, "/v1/search?q=%00wine"), 400, "control")
    assert_problem(get(client, "/embed/search?lang=en&q=wine%07"), 400, "control")
    assert search(client, "wine\tred").status_code == 200


def test_too_many_terms_is_a_400(client):
    many = "".join(chr(0x4E00 + n * 7) for n in range(42))  # 41 pairs
    assert_problem(search(client, many), 400, "more than 40 terms")


def test_include_links_leaves_out_the_records_on_the_page(client):
    answer = body(search(client, "transport", include="links", lang="en"))
    shown = {(i["type"], i["id"]) for i in answer["items"]}
    included = {(i["type"], i["id"]) for i in answer["includes"]}
    assert ("project", "key-projects-transport") in shown
    assert ("sector", "transport") in shown  # linked from the project: found, so not included
    assert included and not shown & included
