"""Reading lists and items through the routes, on the loaded seed content."""

from tests.functional.helpers import assert_problem, body, get, header

ANNOUNCEMENT = "chongqing-expands-cooperation-with-california"


def test_announcement_list_holds_the_seed_announcement(client):
    response = get(client, "/v1/announcements?lang=en")
    assert response.status_code == 200
    assert header(response, "content-type") == "application/json; charset=utf-8"
    page = body(response)
    assert [item["id"] for item in page["items"]] == [ANNOUNCEMENT]
    assert page["next_cursor"] is None
    assert page["items"][0]["title"].startswith("Chongqing Expands Cooperation")


def test_announcement_has_its_three_initiatives_in_order(client):
    item = body(get(client, f"/v1/announcements/{ANNOUNCEMENT}?lang=zh-Hans"))
    assert item["type"] == "announcement"
    assert [s["heading"] for s in item["sections"]] == [
        "加州组团来渝考察",
        "推动双向投资合作",
        "渝洽会专门设立“加州节”",
    ]
    assert item["fair"] == {"name": "渝洽会", "edition": 17}
    assert item["investment_briefing"]["project_count"] == 10
    assert item["published_at"] is None  # the seed gives no date
    assert item["fallbacks"] == {}


def test_projects_list_in_seed_order(client):
    items = body(get(client, "/v1/projects?lang=en"))["items"]
    assert len(items) == 11
    assert [i["sector"] for i in items[:8]] == [
        "architecture",
        "real-estate",
        "hotel-development",
        "trade-circulation",
        "packaging",
        "residential",
        "transport",
        "new-energy",
    ]
    assert all(i["name"] is None for i in items)  # the seed names no project


def test_projects_filter_by_direction(client):
    items = body(get(client, "/v1/projects?direction=examined-in-chongqing&lang=en"))["items"]
    assert [i["id"] for i in items] == [
        "data-operation-centers",
        "cold-chain-logistics-centers",
        "warehousing-centers",
    ]
    assert all(i["sector"] is None for i in items)


def test_projects_filter_by_sector_and_by_both(client):
    only_sector = body(get(client, "/v1/projects?sector=transport"))["items"]
    both = body(get(client, "/v1/projects?sector=transport&direction=offered-to-chongqing"))
    neither = body(get(client, "/v1/projects?sector=transport&direction=examined-in-chongqing"))
    assert [i["id"] for i in only_sector] == ["key-projects-transport"]
    assert [i["id"] for i in both["items"]] == ["key-projects-transport"]
    assert neither == {"items": [], "next_cursor": None}


def test_festival_products_filter_by_category(client):
    all_items = body(get(client, "/v1/festival-products?lang=en"))["items"]
    wine = body(get(client, "/v1/festival-products?category=wine&lang=zh-Hant"))["items"]
    assert [i["category"] for i in all_items] == ["fresh-fruit", "nuts", "wine"]
    assert [(i["id"], i["name"]) for i in wine] == [("red-wine", "紅酒")]
    assert all(i["transport"] == "air" for i in all_items)


def test_festival_product_detail(client):
    item = body(get(client, "/v1/festival-products/nuts?lang=en"))
    assert item["name"] == "Nuts"
    assert item["origin"] == "California, United States"


def test_sectors_have_labels_and_project_record_counts(client):
    items = body(get(client, "/v1/sectors?lang=zh-Hant"))["items"]
    assert all(i["project_count"] == i["project_record_count"] for i in items)  # /v1 keeps it
    assert [(i["id"], i["label"], i["project_record_count"]) for i in items][:2] == [
        ("architecture", "建築", 1),
        ("real-estate", "房地產", 1),
    ]
    assert len(items) == 8
    assert sum(i["project_record_count"] for i in items) == 8


def test_unknown_id_is_a_404_problem(client):
    for path in (
        "/v1/projects/no-such-project",
        "/v1/announcements/UPPER",
        "/v1/festival-products/%00",
        "/v1/projects/" + "a" * 300,
        "/v1/projects/-x",
    ):
        assert_problem(get(client, path), 404)
