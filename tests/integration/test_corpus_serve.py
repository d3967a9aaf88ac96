"""The corpus drafts as an editor would publish them: `coop serve DIR` over all thirteen, and
what the API serves of each in all three languages."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
import yaml

from coop import repair
from tests.conftest import CONTENT
from tests.corpus import CASES
from tests.integration.conftest import coop_serve

pytestmark = pytest.mark.integration
LANGS = ("zh-Hans", "zh-Hant", "en")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    root = tmp_path_factory.mktemp("corpus") / "content"
    shutil.copytree(CONTENT / "sectors", root / "sectors")
    (root / "announcements").mkdir()
    for case in CASES:
        shutil.copy(case.with_suffix(".yaml"), root / "announcements" / f"{case.stem}.yaml")
    with coop_serve(root) as running:
        yield running


def served(base: str, item_id: str, lang: str) -> dict[str, Any]:
    with urlopen(f"{base}/v1/announcements/{item_id}?lang={lang}", timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_each_draft_is_served_in_every_language(server, case: Path):
    base, _ = server
    draft = yaml.safe_load(case.with_suffix(".yaml").read_text(encoding="utf-8"))
    localized, _ = repair.repair(draft)
    for lang in LANGS:
        doc = served(base, case.stem, lang)
        for field in ("title", "summary"):
            expected = localized[field].get(lang)
            if expected is None:  # a one-language release: the API falls back and says so
                assert doc["fallbacks"][field] != lang
            else:
                assert doc[field] == expected, (field, lang)
        assert len(doc["sections"]) == len(draft["sections"])


def test_what_the_issue_table_expects_is_what_readers_get(server):
    base, _ = server
    mayor = served(base, "01-mayor-meets-delegation", "zh-Hant")["summary"]
    assert "市長胡明遠" in mayor and "鬍" not in mayor
    bay_area = served(base, "02-bay-area-data-centers", "zh-Hant")["sections"]
    assert bay_area[1]["body"] == "雙方同意保持著定期溝通，並建立關係協調機制。"
    assert bay_area[0]["heading"] == "加深相互了解"
    assert served(base, "02-bay-area-data-centers", "zh-Hans")["sections"][1]["body"] == (
        "双方同意保持着定期沟通，并建立关系协调机制。"
    )
    festival = served(base, "06-festival-traditional-only", "zh-Hans")["summary"]
    assert festival.startswith("「品味加州-美国加利福尼亚节」")  # the hyphen stays
    assert "口岸平台" in festival
    assert served(base, "06-festival-traditional-only", "zh-Hant")["summary"].count("口岸平臺") == 1
    english = served(base, "01-mayor-meets-delegation", "en")["summary"]
    assert "His Honor. Hu Mingyuan" in english and "trade, investment" in english
