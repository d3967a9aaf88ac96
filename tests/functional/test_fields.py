"""fields=: only the fields asked for, type and id always, fallbacks cut to them; an unknown
name is a 400 listing the valid ones; the selection is part of the ETag and the cache key."""

from __future__ import annotations

import pytest

from tests.conftest import put_english_named_product
from tests.functional.helpers import assert_problem, body, get, header

ANN = "/v1/announcements/chongqing-expands-cooperation-with-california"


def test_a_list_gives_only_the_fields_asked_for(client):
    items = body(get(client, "/v1/projects?fields=id,title&lang=en&limit=3"))["items"]
    assert items == [
        {"type": "project", "id": "key-projects-architecture",
         "title": "Key projects in architecture", "fallbacks": {}},
        {"type": "project", "id": "key-projects-real-estate",
         "title": "Key projects in real estate", "fallbacks": {}},
        {"type": "project", "id": "key-projects-hotel-development",
         "title": "Key projects in hotel development", "fallbacks": {}},
    ]  # fmt: skip


def test_type_and_id_come_even_unasked(client):
    item = body(get(client, "/v1/festival-products/nuts?fields=category"))
    assert item == {"type": "festival-product", "id": "nuts", "category": "nuts", "fallbacks": {}}


def test_nested_paths_keep_the_shape_of_the_record(client):
    item = body(get(client, f"{ANN}?fields=sections.heading,fair.edition&lang=en"))
    assert set(item) == {"type", "id", "sections", "fair", "fallbacks"}
    assert item["fair"] == {"edition": 17}
    assert item["sections"][0] == {"heading": "A Californian delegation will visit Chongqing"}
    assert all(set(section) == {"heading"} for section in item["sections"])


def test_a_whole_parent_wins_over_its_parts(client):
    item = body(get(client, f"{ANN}?fields=sections,sections.heading&lang=en"))
    assert set(item["sections"][0]) == {"id", "heading", "body"}


def test_fallbacks_name_only_the_fields_chosen(db, client):
    put_english_named_product(db, {"zh-Hans": "杏仁", "en": "Almonds"})
    path = "/v1/festival-products/english-only?lang=zh-Hans"
    assert body(get(client, path))["fallbacks"] == {"name": "en"}
    assert body(get(client, path + "&fields=summary"))["fallbacks"] == {}
    assert body(get(client, path + "&fields=name"))["fallbacks"] == {"name": "en"}
    every = body(get(client, "/v1/festival-products/english-only?lang=all&fields=name"))
    assert every["fallbacks"] == {"name.zh-Hans": "en", "name.zh-Hant": "en"}
    assert every["name"] == {"zh-Hans": "Almonds", "zh-Hant": "Almonds", "en": "Almonds"}


def test_an_unknown_field_is_a_400_listing_the_valid_ones_for_that_type(client):
    problem = assert_problem(get(client, "/v1/sectors?fields=label,titel"), 400, "'titel'")
    assert problem["detail"] == (
        "fields: unknown field 'titel' for sector; valid: type, id, label, order, created_at,"
        " updated_at, version, links, links.type, links.id, links.url, fallbacks,"
        " project_record_count, project_count"
    )
    assert problem["invalid-params"][0]["name"] == "fields"


@pytest.mark.parametrize("value", ["", "title,", "title.en", "sections.nope", "x" * 2001])
def test_malformed_selections_are_400s_naming_fields(client, value):
    assert_problem(get(client, f"{ANN}?fields={value}"), 400, "fields:")


def test_the_selection_changes_the_etag_and_the_cache_key(client, monkeypatch, capsys):
    monkeypatch.setenv("RESPONSE_CACHE_TTL", "30")
    ids = get(client, "/v1/projects?fields=id")
    titles = get(client, "/v1/projects?fields=title")
    again = get(client, "/v1/projects?fields=title")
    assert body(ids)["items"][0] == {
        "type": "project",
        "id": "key-projects-architecture",
        "fallbacks": {},
    }
    assert "title" in body(titles)["items"][0]
    assert header(ids, "etag") != header(titles, "etag") == header(again, "etag")
    assert [line.count('"cache":"hit"') for line in capsys.readouterr().out.splitlines()] == [
        0, 0, 1,
    ]  # fmt: skip


def test_sync_takes_no_fields(client):
    assert_problem(get(client, "/v1/sync?fields=id"), 400, "fields: is not a parameter")
