"""links, computed at load time both ways, and include=links: the linked records, localized,
each once, in one BatchGetItem of at most 100 keys."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from chalicelib.store import dynamodb as store
from coop import cli
from tests.conftest import TABLE, put_docs
from tests.functional.helpers import assert_problem, body, dynamodb_calls, get

ANN_ID = "chongqing-expands-cooperation-with-california"
ANN = {"type": "announcement", "id": ANN_ID, "url": f"/v1/announcements/{ANN_ID}"}
TRANSPORT = {"type": "sector", "id": "transport", "url": "/v1/sectors/transport"}
PROJECT = {"type": "project", "id": "key-projects-transport",
           "url": "/v1/projects/key-projects-transport"}  # fmt: skip


@pytest.fixture
def calls(client):
    """Operation names, and the number of keys each BatchGetItem asked for."""
    asked: list[int] = []

    def keys(params, **_):
        asked.append(sum(len(v["Keys"]) for v in params["RequestItems"].values()))

    with dynamodb_calls(("before-parameter-build.dynamodb.BatchGetItem", keys)) as seen:
        yield seen, asked


def test_each_kind_links_both_ways(client):
    project = body(get(client, "/v1/projects/key-projects-transport"))
    assert project["links"] == [ANN, TRANSPORT]
    assert body(get(client, "/v1/sectors/transport"))["links"] == [PROJECT]
    assert body(get(client, "/v1/festival-products/nuts"))["links"] == [ANN]
    links = body(get(client, f"/v1/announcements/{ANN_ID}"))["links"]
    assert Counter(link["type"] for link in links) == {"project": 11, "festival-product": 3}
    assert links[-1] == {"type": "festival-product", "id": "red-wine",
                         "url": "/v1/festival-products/red-wine"}  # fmt: skip


def test_every_link_url_answers_with_its_record(client):
    for link in body(get(client, f"/v1/announcements/{ANN_ID}"))["links"]:
        found = body(get(client, link["url"]))
        assert (found["type"], found["id"]) == (link["type"], link["id"])


def test_include_adds_the_linked_records_once_localized(client, calls):
    seen, asked = calls
    page = body(get(client, "/v1/projects?include=links&lang=en&limit=3"))
    assert [(r["type"], r["id"]) for r in page["includes"]] == [
        ("announcement", ANN_ID), ("sector", "architecture"), ("sector", "real-estate"),
        ("sector", "hotel-development"),
    ]  # fmt: skip
    assert page["includes"][1]["label"] == "Architecture" and page["includes_omitted"] == 0
    assert page["includes"][0]["title"].startswith("Chongqing")
    assert seen == {"Query": 1, "BatchGetItem": 1} and asked == [4]


def test_include_on_one_record_and_with_fields(client, calls):
    seen, _ = calls
    item = body(get(client, "/v1/projects/key-projects-transport?include=links&fields=title"))
    assert set(item) == {"type", "id", "title", "fallbacks", "includes", "includes_omitted"}
    assert [r["id"] for r in item["includes"]] == [ANN_ID, "transport"]
    assert item["includes"][1]["project_record_count"] == 1  # whole, not cut by fields
    assert seen == {"GetItem": 1, "BatchGetItem": 1}


def test_a_page_that_links_nothing_makes_no_batch_read(client, calls):
    seen, _ = calls
    empty = "/v1/projects?include=links&sector=transport&direction=examined-in-chongqing"
    assert body(get(client, empty)) == {
        "items": [], "next_cursor": None, "includes": [], "includes_omitted": 0,
    }  # fmt: skip
    assert seen == {"Query": 1}
    assert_problem(get(client, "/v1/projects?include=everything"), 400, "include: must be links")
    assert seen == {"Query": 1}


def many_projects(count: int) -> list[dict[str, Any]]:
    return [
        {"id": f"p-{n:03d}", "direction": "offered-to-chongqing", "sector": "transport",
         "title": {"en": f"P {n}"}, "summary": {"en": "S"}, "order": 100 + n,
         "announcement_id": ANN_ID, "links": [TRANSPORT],
         "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z",
         "version": 1}
        for n in range(count)
    ]  # fmt: skip


def test_a_response_includes_at_most_100_records_in_one_batch(db, client, calls):
    seen, asked = calls
    projects = many_projects(150)
    put_docs(db, "project", projects)
    links = [{"type": "project", "id": p["id"], "url": f"/v1/projects/{p['id']}"} for p in projects]
    sector = {**body(get(client, "/v1/sectors/transport?lang=all")), "links": links}
    put_docs(db, "sector", [{k: v for k, v in sector.items() if k not in ("type", "fallbacks")}])
    seen.clear()
    item = body(get(client, "/v1/sectors/transport?include=links"))
    assert [r["id"] for r in item["includes"]] == [f"p-{n:03d}" for n in range(100)]
    assert item["includes_omitted"] == 50
    assert seen == {"GetItem": 1, "BatchGetItem": 1} and asked == [100]


def unprocess(rounds: int):
    """An after-call hook that moves every key of the first ``rounds`` answers to
    UnprocessedKeys, as DynamoDB does when it throttles a batch or passes 16 MB."""
    left = [rounds]

    def hook(parsed, **_):
        if not left[0]:
            return
        left[0] -= 1
        items = parsed["Responses"][TABLE]
        keys = [{"pk": {"S": f"{i['kind']['S']}#{i['id']['S']}"}} for i in items]
        parsed["Responses"][TABLE] = []
        parsed["UnprocessedKeys"] = {
            TABLE: {"Keys": keys, "ProjectionExpression": "#a0, #a1, #a2, #a3",
                    "ExpressionAttributeNames": {"#a0": "pk", "#a1": "kind", "#a2": "id",
                                                 "#a3": "doc"}},
        }  # fmt: skip

    return hook


@pytest.fixture
def unprocessed(client, monkeypatch):
    """Makes the first BatchGetItem answers leave every key unprocessed."""
    monkeypatch.setattr("time.sleep", lambda _: None)

    def install(rounds: int) -> None:
        store.client().meta.events.register("after-call.dynamodb.BatchGetItem", unprocess(rounds))

    return install


def test_unprocessed_keys_are_asked_again(client, calls, unprocessed):
    seen, asked = calls
    unprocessed(2)
    page = body(get(client, "/v1/projects?include=links&limit=2&lang=en"))
    assert [r["id"] for r in page["includes"]] == [ANN_ID, "architecture", "real-estate"]
    assert seen["BatchGetItem"] == 3 and asked == [3, 3, 3]


def test_keys_left_unprocessed_after_three_calls_are_a_503(client, calls, unprocessed):
    seen, _ = calls
    unprocessed(3)
    response = get(client, "/v1/projects?include=links&limit=2")
    assert_problem(response, 503, "retry shortly")
    assert seen["BatchGetItem"] == 3


def test_a_link_to_a_record_not_in_content_stops_the_load(db, content_copy, capsys):
    (content_copy / "projects" / "key-projects-transport.yaml").unlink()
    assert cli.main(["load", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert (
        "field 'investment_briefing.project_ids': names unknown id 'key-projects-transport'" in err
    )
    assert db.scan(TableName=TABLE)["Items"] == []


def test_export_leaves_links_out(db, tmp_path):
    assert cli.main(["load", "content"]) == 0
    assert cli.main(["export", str(tmp_path / "out")]) == 0
    assert (
        "links" not in (tmp_path / "out" / "projects" / "key-projects-transport.yaml").read_text()
    )
