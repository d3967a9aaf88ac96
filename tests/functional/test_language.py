"""Language negotiation through the routes, lang=all, and fallback reporting."""

import pytest

from tests.conftest import put_english_named_product
from tests.functional.helpers import assert_problem, body, get, header

PATH = "/v1/festival-products/red-wine"


@pytest.mark.parametrize(
    ("query", "accept", "expected_lang", "expected_name"),
    [
        ("", "", "zh-Hans", "红酒"),  # the test stage's DEFAULT_LANG
        ("", "zh-TW", "zh-Hant", "紅酒"),
        ("", "zh-HK;q=0.4, en;q=0.9", "en", "Red wine"),
        ("", "zh", "zh-Hans", "红酒"),
        ("", "de-DE", "zh-Hans", "红酒"),
        ("?lang=en", "zh-TW", "en", "Red wine"),
        ("?lang=zh-Hant", "en", "zh-Hant", "紅酒"),
    ],
)
def test_language_comes_from_param_then_header_then_stage(
    client, query, accept, expected_lang, expected_name
):
    headers = {"Accept-Language": accept} if accept else {}
    response = get(client, PATH + query, **headers)
    assert header(response, "content-language") == expected_lang
    assert body(response)["name"] == expected_name


def test_lang_all_returns_every_language(client):
    response = get(client, PATH + "?lang=all")
    assert header(response, "content-language") == "zh-Hans, zh-Hant, en"
    assert body(response)["name"] == {"zh-Hans": "红酒", "zh-Hant": "紅酒", "en": "Red wine"}


def test_bad_lang_is_a_400_naming_the_parameter(client):
    problem = assert_problem(get(client, PATH + "?lang=fr"), 400, "lang")
    assert problem["invalid-params"][0]["name"] == "lang"


def test_missing_language_falls_back_and_says_so(seeded, client):
    put_english_named_product(
        seeded,
        summary={"zh-Hant": "繁體說明", "en": "Summary"},
        origin={"zh-Hans": "美国加州", "zh-Hant": "美國加州", "en": "California"},
    )
    item = body(get(client, "/v1/festival-products/english-only?lang=zh-Hans"))
    assert item["name"] == "Almonds"
    assert item["summary"] == "繁體說明"
    assert item["fallbacks"] == {"name": "en", "summary": "zh-Hant"}
    listed = body(get(client, "/v1/festival-products?category=nuts&lang=zh-Hans"))["items"]
    assert listed[-1]["fallbacks"] == {"name": "en", "summary": "zh-Hant"}
    every = body(get(client, "/v1/festival-products/english-only?lang=all"))
    assert every["name"] == {"zh-Hans": "Almonds", "zh-Hant": "Almonds", "en": "Almonds"}
    assert every["summary"] == {"zh-Hans": "繁體說明", "zh-Hant": "繁體說明", "en": "Summary"}
    assert every["fallbacks"] == {
        "name.zh-Hans": "en",
        "name.zh-Hant": "en",
        "summary.zh-Hans": "zh-Hant",
    }
