"""Each request writes one JSON line: the access log and CloudWatch EMF metrics in one."""

from __future__ import annotations

import json
from typing import Any

from tests.functional.helpers import body, get


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_one_line_per_request_with_the_figures_and_no_content(client, capsys):
    first = body(get(client, "/v1/projects?lang=en&limit=2"))
    cursor = first["next_cursor"]
    get(client, f"/v1/projects?lang=en&limit=2&cursor={cursor}")
    get(client, "/v1/projects/no-such-project")
    out = capsys.readouterr().out
    requests = [line for line in lines(out) if line["message"] == "request"]
    assert len(requests) == 3
    ok, paged, missing = requests
    assert ok["method"] == "GET" and ok["path"] == "/v1/projects"  # no query: cursors stay out
    assert (ok["status"], missing["status"]) == (200, 404)
    assert ok["ddb_requests"] == 1 and ok["ddb_consumed_rcu"] > 0
    assert ok["cache"] == "miss" and ok["latency_ms"] > 0
    assert (missing["level"], missing["4XXError"], missing["5XXError"]) == ("info", 1, 0)
    assert cursor not in out and "test-only-cursor-secret" not in out
    assert first["items"][0]["title"] not in out  # no content bodies
    assert ok["cold"] is True and paged["cold"] is False  # the container's first request


def test_the_line_is_valid_embedded_metric_format(client, capsys):
    get(client, "/v1/sectors")
    (line,) = [line for line in lines(capsys.readouterr().out) if line["message"] == "request"]
    (directive,) = line["_aws"]["CloudWatchMetrics"]
    assert isinstance(line["_aws"]["Timestamp"], int)
    assert directive["Namespace"] == "CoopApi"
    for dimension_set in directive["Dimensions"]:
        assert all(isinstance(line[name], str) for name in dimension_set)
    names = {metric["Name"] for metric in directive["Metrics"]}
    assert names == {"Latency", "4XXError", "5XXError", "DynamoDBThrottles"}
    assert all(isinstance(line[name], int | float) for name in names)
    assert line["Stage"] == "test"


def test_diagnostics_are_json_lines_beside_the_request_line(client, seeded, capsys):
    seeded.delete_table(TableName="coop-test")
    get(client, "/v1/sectors")
    found = lines(capsys.readouterr().out)
    assert [(line["level"], line["message"]) for line in found] == [
        ("warning", "dynamodb unavailable: ResourceNotFoundException"),  # AWS text: log only
        ("error", "request"),
    ]
    assert found[0]["logger"] == "chalicelib.store.dynamodb"


def test_the_stage_log_level_governs_the_diagnostics(capsys):
    import logging

    from chalicelib import telemetry

    log = logging.getLogger("chalicelib.store.dynamodb")
    try:
        telemetry.configure("ERROR")
        log.warning("quiet")
        telemetry.configure("DEBUG")
        log.debug("loud")
    finally:
        telemetry.configure("INFO")
    assert [line["message"] for line in lines(capsys.readouterr().out)] == ["loud"]


def test_a_search_logs_its_two_requests_and_their_read_units(client, capsys):
    get(client, "/v1/search?q=%E5%86%B7%E9%93%BE&lang=en")  # 冷链
    (line,) = [line for line in lines(capsys.readouterr().out) if line["message"] == "request"]
    assert line["path"] == "/v1/search" and line["ddb_requests"] == 2
    assert line["ddb_consumed_rcu"] > 0  # BatchGetItem reports a list of capacities
