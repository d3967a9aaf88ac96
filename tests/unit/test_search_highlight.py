"""Highlights: offsets into the text served, across scripts, only in the texts indexed."""

from __future__ import annotations

from typing import Any

from chalicelib.search.highlight import highlights, spans
from chalicelib.search.text import words

DOC = {
    "id": "cold-rooms",
    "title": {"zh-Hans": "新建冷链仓库", "zh-Hant": "新建冷鏈倉庫", "en": "New cold-chain rooms"},
    "sections": [
        {"id": "one", "body": {"zh-Hans": "港口旁边", "zh-Hant": "港口旁邊", "en": "By the port"}},
        {"id": "two", "body": {"zh-Hans": "冷链车辆与冷链仓库", "en": "Cold chain trucks"}},
    ],
    "related_ids": ["cold-chain-trucks"],
}


def terms(query: str) -> set[str]:
    return {t for word in words(query) for t in word}


def served(lang: str) -> dict[str, Any]:
    """DOC as the API serves it in one language (what views.shape gives)."""

    def pick(value: Any) -> Any:
        if isinstance(value, dict) and "en" in value:
            return value.get(lang) or value.get("zh-Hans")
        if isinstance(value, dict):
            return {k: pick(v) for k, v in value.items()}
        if isinstance(value, list):
            return [pick(v) for v in value]
        return value

    return {"type": "project", **pick(DOC)}


def test_spans_are_offsets_into_the_text_and_merge_when_they_touch():
    assert spans("新建冷链物流", terms("冷链物流")) == [[2, 6]]
    assert spans("冷链，冷链", terms("冷链")) == [[0, 2], [3, 5]]
    assert spans("Cold chains, colder", terms("chain cold")) == [[0, 4], [5, 11]]


def test_a_traditional_query_is_found_in_simplified_text_and_back():
    assert spans("新建冷链仓库", terms("冷鏈")) == [[2, 4]]
    assert spans("新建冷鏈倉庫", terms("冷链")) == [[2, 4]]


def test_highlights_name_each_field_in_the_documents_order():
    found = highlights(DOC, served("zh-Hans"), terms("冷鏈"))
    assert [(h["field"], h["text"], h["matches"]) for h in found] == [
        ("title", "新建冷链仓库", [[2, 4]]),
        ("sections[1].body", "冷链车辆与冷链仓库", [[0, 2], [5, 7]]),
    ]


def test_ids_and_codes_are_not_highlighted():
    found = highlights(DOC, served("en"), terms("cold chain"))
    assert [h["field"] for h in found] == ["title", "sections[1].body"]  # not related_ids, id


def test_with_every_language_each_language_of_a_field_is_an_entry():
    item = {"type": "project", **DOC}
    found = highlights(DOC, item, terms("港口"))
    assert [h["field"] for h in found] == ["sections[0].body.zh-Hans", "sections[0].body.zh-Hant"]
