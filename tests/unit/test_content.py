"""The published content is faithful to the seed and clean in all three languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args

import opencc
import pytest

from chalicelib import taxonomy
from coop import content, loader, models
from tests.conftest import CONTENT

FOUND = content.read(CONTENT)
DOCS = {pk: doc for pk, (_, doc) in loader.documents(FOUND).items()}
ANNOUNCEMENT = DOCS["announcement#chongqing-expands-cooperation-with-california"]
S2T, T2S = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
CJK = r"\u3400-\u9fff"


def texts(value: Any) -> Iterator[dict[str, str]]:
    if isinstance(value, dict):
        if value and set(value) <= set(taxonomy.LANGS):
            yield value
        else:
            for item in value.values():
                yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


ALL_TEXTS = [text for doc in DOCS.values() for text in texts(doc)]


def joined(lang: str, doc: dict[str, Any] = ANNOUNCEMENT) -> str:
    return "\n".join(text[lang] for text in texts(doc))


def test_content_is_valid_and_complete():
    assert FOUND.problems == []
    counts = {kind: len(records) for kind, records in FOUND.records.items()}
    assert counts == {"announcement": 1, "project": 11, "festival-product": 3, "sector": 8}


def test_vocabularies_match_the_models():
    assert get_args(models.SectorCode) == taxonomy.SECTORS
    assert get_args(models.Category) == taxonomy.CATEGORIES
    assert get_args(models.Direction) == taxonomy.DIRECTIONS


def test_every_text_exists_in_all_three_languages():
    assert len(ALL_TEXTS) > 60  # guards against an empty walk
    for text in ALL_TEXTS:
        assert set(text) == set(taxonomy.LANGS), text
        assert all(value.strip() for value in text.values()), text


def test_traditional_and_simplified_are_proper_scripts_of_one_text():
    for text in ALL_TEXTS:
        assert S2T.convert(text["zh-Hant"]) == text["zh-Hant"], f"Simplified in zh-Hant: {text}"
        assert T2S.convert(text["zh-Hans"]) == text["zh-Hans"], f"Traditional in zh-Hans: {text}"
        assert T2S.convert(text["zh-Hant"]) == text["zh-Hans"], f"not the same text: {text}"


@pytest.mark.parametrize(
    ("pattern", "damage"),
    [
        (r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "pinyin gloss"),
        (rf"[{CJK}][,;:!?()][{CJK}]", "ASCII punctuation inside Chinese"),
        (r"\b(?!a\b|I\b)[a-zA-Z] [a-z]", "a letter split off a word"),
        (r"\s{2,}|^\s|\s$", "stray whitespace"),
    ],
)
def test_no_extraction_damage(pattern, damage):
    for text in ALL_TEXTS:
        for lang, value in text.items():
            assert not re.search(pattern, value), f"{damage} in {lang}: {value}"


ZH_FACTS = [
    "萨克拉门托",
    "首府",
    "全面经贸战略合作谅解备忘录",
    "第十七届渝洽会",
    "多名部长",
    "市长特别代表",
    "加州议员",
    "公共研究机构",
    "访问、对接和展览",
    "重庆云计算中心的基础设施",
    "数据运营中心",
    "冷链物流",
    "仓储中心",
    "投资推介会",
    "10个重点项目",
    "建筑、房地产、酒店开发、商贸流通、包装、住宅、交通和新能源",
    "加州节",
    "品味加州-美国加利福尼亚节",
    "保税港区获批进口水果口岸平台",
    "空运新鲜水果、坚果、红酒",
    "展示销售",
]
EN_FACTS = [
    "Sacramento, the capital of California",
    "Comprehensive Economic and Trade Strategic Cooperation MOU",
    "17th CCISF",
    "Several Californian ministers",
    "special representatives of the Mayor of Sacramento",
    "congressmen, government officials",
    "public research institutions",
    "visits, matchmaking events and exhibitions",
    "infrastructure of Chongqing Cloud Computing Center",
    "new data operation centers",
    "cold chain logistics and warehousing centers",
    "investment briefings on 10 key projects",
    "Californian delegation will examine",
    "residential building, transport and new energy",
    "invest and cooperate",
    "Californian Festival",
    "Tasting California: The American Californian Festival",
    "approved port platform for imported fruits in the bonded port area",
    "fresh fruits, nuts, red wine and other products transported by air from California",
]


@pytest.mark.parametrize("fact", ZH_FACTS)
def test_chinese_facts_are_there_in_both_scripts(fact):
    assert fact in joined("zh-Hans")
    assert S2T.convert(fact) in joined("zh-Hant")


@pytest.mark.parametrize("fact", EN_FACTS)
def test_english_facts_are_there(fact):
    assert fact in joined("en")


def test_nothing_is_invented():
    assert ANNOUNCEMENT["published_at"] is None
    assert ANNOUNCEMENT["agreement"]["signed_on"] is None
    assert ANNOUNCEMENT["festival"]["starts_on"] is None
    projects = [doc for pk, doc in DOCS.items() if pk.startswith("project#")]
    assert all(doc["name"] is None for doc in projects)
    numbers = {n for doc in DOCS.values() for t in texts(doc) for n in re.findall(r"\d+", t["en"])}
    assert numbers <= {"10", "17"}


def test_seed_structures_are_represented():
    briefing = ANNOUNCEMENT["investment_briefing"]
    assert briefing["project_count"] == 10
    assert briefing["sectors"] == list(taxonomy.SECTORS)
    assert len(ANNOUNCEMENT["investment_interests"]["project_ids"]) == 3
    assert ANNOUNCEMENT["festival"]["product_ids"] == ["fresh-fruits", "nuts", "red-wine"]
    assert ANNOUNCEMENT["fair"]["edition"] == 17
    assert [s["id"] for s in ANNOUNCEMENT["sections"]] == [
        "initiative-1",
        "initiative-2",
        "initiative-3",
    ]


def test_files_are_in_canonical_form():
    for (kind, _), path in FOUND.files.items():
        record = next(m for m in FOUND.records[kind] if path.endswith(f"/{m.id}.yaml"))
        with open(path, encoding="utf-8") as handle:
            assert handle.read() == content.dump(record), path
