"""The lists as CSV, read back as a program and a spreadsheet would: Python's csv module and
pandas, in each language and with lang=all; formulas neutralised (OWASP)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from coop import cli
from tests.functional.helpers import body, get, header

ANN = "chongqing-expands-cooperation-with-california"


def rows(response) -> list[dict[str, str]]:
    text = response.body.decode("utf-8")
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def frame(response) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(response.body), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)  # fmt: skip


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_each_language_reads_back_as_its_json(client, lang):
    response = get(client, f"/v1/projects.csv?lang={lang}")
    assert header(response, "content-type") == "text/csv; charset=utf-8; header=present"
    assert header(response, "content-language") == lang
    items = body(get(client, f"/v1/projects?lang={lang}"))["items"]
    read, sheet = rows(response), frame(response)
    assert list(sheet.columns) == [
        "type", "id", "direction", "sector", "title", "summary", "name", "order",
        "announcement_id", "created_at", "updated_at", "version", "links.type", "links.id",
        "links.url", "fallbacks",
    ]  # fmt: skip
    assert [r["title"] for r in read] == [i["title"] for i in items] == list(sheet["title"])
    assert [r["sector"] for r in read] == [i["sector"] or "" for i in items]
    assert list(sheet["order"]) == [str(i["order"]) for i in items]


def test_lang_all_gives_a_column_per_language(client):
    sheet = frame(get(client, "/v1/festival-products.csv?lang=all&fields=name"))
    assert list(sheet.columns) == [
        "type", "id", "name.zh-Hans", "name.zh-Hant", "name.en", "fallbacks",
    ]  # fmt: skip
    assert list(sheet.iloc[0]) == [
        "festival-product", "fresh-fruits", "新鲜水果", "新鮮水果", "Fresh fruits", "",
    ]  # fmt: skip


def test_lists_are_one_code_a_line_and_texts_a_block_each(client):
    (row,) = rows(get(client, "/v1/announcements.csv?lang=en"))
    item = body(get(client, f"/v1/announcements/{ANN}?lang=en"))
    assert row["sections.heading"].split("\n\n") == [s["heading"] for s in item["sections"]]
    assert row["sections.id"].split("\n") == [s["id"] for s in item["sections"]]
    assert row["links.id"].split("\n") == [link["id"] for link in item["links"]]
    assert row["festival.product_ids"] == "fresh-fruits\nnuts\nred-wine"
    assert row["fair.edition"] == "17" and row["agreement.signed_on"] == ""


def test_fields_filters_and_paging_as_in_json(client):
    first = get(client, "/v1/projects.csv?direction=offered-to-chongqing&limit=5&fields=title")
    assert list(rows(first)[0]) == ["type", "id", "title", "fallbacks"]
    link = header(first, "link") or ""
    assert link.startswith("<?direction=offered-to-chongqing&limit=5&fields=title&cursor=")
    second = get(client, "/v1/projects.csv" + link[1 : link.index(">")])
    ids = [r["id"] for r in rows(first) + rows(second)]
    json_ids = [
        i["id"] for i in body(get(client, "/v1/projects?direction=offered-to-chongqing"))["items"]
    ]
    assert ids == json_ids[:10]


def test_the_header_row_comes_with_no_records(client):
    text = get(client, "/v1/projects.csv?sector=transport&direction=examined-in-chongqing")
    assert text.body.decode().count("\r\n") == 1


FORMULAS = {
    '=HYPERLINK("https://evil.example","click")': '\'=HYPERLINK("https://evil.example","click")',
    "+1+cmd|' /C calc'!A0": "'+1+cmd|' /C calc'!A0",
    "-2+3": "'-2+3",
    "@SUM(1,1)": "'@SUM(1,1)",
}


@pytest.mark.parametrize(("given", "served"), list(FORMULAS.items()))
def test_a_formula_loaded_as_content_is_served_as_text(db, api, content_copy: Path, given, served):
    path = content_copy / "projects" / "key-projects-transport.yaml"
    text = path.read_text()
    assert "  en: Key projects in transport\n" in text
    path.write_text(
        text.replace(
            "  en: Key projects in transport\n", f"  en: '{given.replace(chr(39), chr(39) * 2)}'\n"
        )
    )
    assert cli.main(["load", str(content_copy)]) == 0
    response = get(api, "/v1/projects.csv?lang=en&sector=transport")
    assert body(get(api, "/v1/projects/key-projects-transport?lang=en"))["title"] == given
    assert rows(response)[0]["title"] == served
    assert frame(response)["title"][0] == served


def test_a_tab_before_a_formula_is_repaired_away_and_the_formula_neutralised(
    db, api, content_copy: Path
):
    path = content_copy / "projects" / "key-projects-transport.yaml"
    text = path.read_text().replace("  en: Key projects in transport\n", '  en: "\\t=1+2"\n')
    path.write_text(text)
    assert cli.main(["load", str(content_copy)]) == 0
    assert body(get(api, "/v1/projects/key-projects-transport?lang=en"))["title"] == "=1+2"
    assert rows(get(api, "/v1/projects.csv?lang=en&sector=transport"))[0]["title"] == "'=1+2"


@pytest.mark.parametrize("start", ["\t", "\r"])
def test_a_cell_starting_with_a_tab_or_return_is_neutralised(start):
    from chalicelib.api.sheets import neutralised

    assert neutralised(start + "=1") == "'" + start + "=1"
    assert neutralised("1-2") == "1-2"


def test_a_section_of_two_paragraphs_keeps_the_sections_in_step(db, api, content_copy: Path):
    path = next((content_copy / "announcements").glob("*.yaml"))
    text = path.read_text()
    start = text.index("  body:\n    zh-Hans: ") + len("  body:\n    zh-Hans: ")
    end = text.index("\n", start)
    two = "First paragraph of our own.\nSecond paragraph of our own."
    path.write_text(text[:start] + json.dumps(two) + text[end:])
    assert cli.main(["load", str(content_copy)]) == 0
    (row,) = rows(get(api, "/v1/announcements.csv?lang=all&fields=sections"))
    bodies = row["sections.body.zh-Hans"].split("\n\n")
    assert bodies[0] == two and len(bodies) == len(row["sections.id"].split("\n")) == 3
    assert len(row["sections.heading.en"].split("\n\n")) == 3
