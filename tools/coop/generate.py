"""`coop generate`: synthetic but valid records, for benchmarks and load tests."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from chalicelib.taxonomy import CATEGORIES, DIRECTIONS, SECTORS
from coop.models import MODELS, Record

ZH_WORDS = [
    "重庆",
    "加州",
    "合作",
    "投资",
    "项目",
    "贸易",
    "物流",
    "中心",
    "数据",
    "能源",
    "建筑",
    "水果",
    "坚果",
    "展览",
    "代表团",
    "市场",
]
EN_WORDS = [
    "Chongqing",
    "California",
    "cooperation",
    "investment",
    "project",
    "trade",
    "logistics",
    "centre",
    "data",
    "energy",
    "building",
    "fruit",
    "nuts",
    "exhibition",
    "delegation",
    "market",
]


def _text(rng: random.Random, words: int) -> dict[str, str]:
    zh = "".join(rng.choice(ZH_WORDS) for _ in range(words)) + "。"
    en = " ".join(rng.choice(EN_WORDS) for _ in range(words)).capitalize() + "."
    return {"zh-Hans": zh, "en": en}


def records(count: int, seed: int = 2013) -> Iterator[tuple[str, Record]]:
    """``count`` announcements, projects and festival products, and the eight sectors."""
    rng = random.Random(seed)
    for n in range(1, count + 1):
        yield "announcement", _announcement(rng, n)
        yield "project", _project(rng, n, count)
        yield "festival-product", _product(rng, n, count)
    for order, code in enumerate(SECTORS, 1):
        yield (
            "sector",
            MODELS["sector"].model_validate({"id": code, "label": _text(rng, 1), "order": order}),
        )


def _announcement(rng: random.Random, n: int) -> Record:
    data: dict[str, Any] = {
        "id": f"generated-announcement-{n:06d}",
        "title": _text(rng, 4),
        "summary": _text(rng, 12),
        "published_at": f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "sections": [
            {"id": f"section-{i}", "heading": _text(rng, 3), "body": _text(rng, 30)}
            for i in range(1, 4)
        ],
    }
    return MODELS["announcement"].model_validate(data)


def _project(rng: random.Random, n: int, count: int) -> Record:
    direction = rng.choice(DIRECTIONS)
    data = {
        "id": f"generated-project-{n:06d}",
        "direction": direction,
        "sector": rng.choice(SECTORS) if direction == DIRECTIONS[0] else None,
        "title": _text(rng, 3),
        "summary": _text(rng, 15),
        "order": n,
        "announcement_id": f"generated-announcement-{rng.randint(1, count):06d}",
    }
    return MODELS["project"].model_validate(data)


def _product(rng: random.Random, n: int, count: int) -> Record:
    data = {
        "id": f"generated-product-{n:06d}",
        "category": rng.choice(CATEGORIES),
        "name": _text(rng, 2),
        "summary": _text(rng, 10),
        "origin": {"zh-Hans": "美国加州", "en": "California, United States"},
        "transport": "air",
        "order": n,
        "announcement_id": f"generated-announcement-{rng.randint(1, count):06d}",
    }
    return MODELS["festival-product"].model_validate(data)
