"""The judged query set through the API: each expected record in the top 3, each absent one
absent, each query that must find nothing finding nothing (tests/relevance/judged.yaml)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

import pytest

from tests.functional.helpers import body, get
from tests.relevance import Outcome, judgments, measure


def found(client, q: str, lang: str) -> list[str]:
    response = get(client, "/v1/search?" + urlencode({"q": q, "lang": lang, "limit": 100}))
    assert response.status_code == 200, response.body
    return [f"{item['type']}/{item['id']}" for item in body(response)["items"]]


def test_the_set_is_big_and_varied_enough():
    rows = judgments()
    assert len(rows) >= 40
    scripts = Counter(
        "mixed" if any(c.isascii() and c.isalpha() for c in j.q) and not j.q.isascii()
        else "en" if j.q.isascii() else "zh"
        for j in rows
    )  # fmt: skip
    assert scripts["zh"] >= 15 and scripts["en"] >= 10 and scripts["mixed"] >= 3
    assert sum(j.expect is None for j in rows) >= 8  # no-result queries and near words
    assert sum(len(j.q) == 1 for j in rows) >= 3  # single characters
    assert sum(j.lang == "zh-Hant" for j in rows) >= 3


def test_every_judged_query(client):
    report = measure(lambda q, lang: found(client, q, lang))
    failures = [f"{o.judgment.q!r}: {'; '.join(o.failures)}" for o in report.failed]
    assert not failures, "\n".join(failures)
    assert report.recall_at_3 == 1.0
    assert report.mrr >= 0.9


@pytest.mark.parametrize("pair", [("冷链", "冷鏈"), ("数据中心", "數據中心"), ("坚果", "堅果")])
def test_either_script_finds_the_same_records_in_the_same_order(client, pair):
    simplified, traditional = (found(client, q, "en") for q in pair)
    assert simplified == traditional and simplified


def test_outcome_measures():
    judged = judgments()[0]
    assert judged.expect is not None
    assert Outcome(judged, ["x/y", *judged.expect]).reciprocal_rank == 0.5
    assert Outcome(judged, ["x/y", "x/z", "x/w", *judged.expect]).failures
