"""DynamoDB faults injected on the wire (tests/faultproxy.py in front of moto's server).

The app runs through chalice.test.Client on the test stage: 3 attempts, 0.3 s timeouts.
Each fault ends in a 503 problem with Retry-After, or in a kept answer marked stale;
nothing from AWS reaches the client, and the next request after the fault is served.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import container
from chalicelib.store import keys
from coop import content, loader, table
from tests.conftest import CONTENT, ROOT, TABLE
from tests.faultproxy import FaultProxy
from tests.functional.helpers import assert_problem, body, get, header

pytestmark = pytest.mark.integration

DETAIL = "/v1/projects/data-operation-centers"
LIST = "/v1/projects?lang=en"
AWS_WORDS = ("Throttling", "amazonaws", "InternalServerError", "Traceback", "botocore", TABLE)


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def proxy(moto_url: str) -> Iterator[FaultProxy]:
    # A stall far past the 0.3 s read timeout: a loaded machine cannot make it look answered.
    running = FaultProxy(moto_url, stall_seconds=5.0).start()
    yield running
    running.stop()


@pytest.fixture
def api(
    monkeypatch: pytest.MonkeyPatch, moto_url: str, proxy: FaultProxy
) -> Iterator[tuple[Client, FaultProxy]]:
    monkeypatch.setenv("DYNAMODB_ENDPOINT_URL", moto_url)
    db = table.client()
    if TABLE not in db.list_tables()["TableNames"]:
        db.create_table(**keys.table_definition(TABLE))
        loader.load(db, TABLE, content.read(CONTENT))
    monkeypatch.setenv("DYNAMODB_ENDPOINT_URL", proxy.url)
    container.reset()  # a fresh client: a full retry quota, pointed at the proxy
    proxy.always("pass")
    from app import app

    with Client(app, stage_name="test", project_dir=str(ROOT)) as client:
        yield client, proxy
    proxy.always("pass")


def request_lines(out: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("message") == "request"]


def assert_clean_503(response: Any) -> None:
    assert_problem(response, 503, "retry shortly")
    assert header(response, "retry-after") == "1"
    assert header(response, "cache-control") == "no-store"
    text = response.body.decode()
    assert not any(word in text for word in AWS_WORDS), text


@pytest.mark.parametrize(
    ("fault", "attempts"),
    [("throttle", 3), ("error", 3), ("timeout", 3), ("reset", 3), ("malformed", 1)],
)
def test_a_fault_on_every_call_is_a_503_and_the_next_request_is_served(
    api, capsys, fault, attempts
):
    client, proxy = api
    proxy.always(fault)
    assert_clean_503(get(client, DETAIL))
    assert_clean_503(get(client, LIST))
    # botocore's standard mode tried each call this often; a 200 it cannot read is not retried
    assert proxy.seen == [fault] * attempts * 2
    proxy.always("pass")
    assert get(client, DETAIL).status_code == 200
    assert body(get(client, LIST))["items"]
    lines = request_lines(capsys.readouterr().out)
    assert [line["status"] for line in lines] == [503, 503, 200, 200]
    assert [line["5XXError"] for line in lines] == [1, 1, 0, 0]
    throttled = 3 if fault == "throttle" else 0
    assert [line["ddb_throttles"] for line in lines] == [throttled, throttled, 0, 0]


def test_throttling_on_half_the_calls_is_absorbed_by_the_retries(api, capsys):
    client, proxy = api
    proxy.every_other("throttle")
    paths = [DETAIL, LIST, "/v1/sectors", "/v1/festival-products", "/v1/announcements", DETAIL]
    assert [get(client, path).status_code for path in paths] == [200] * 6
    assert proxy.seen == ["throttle", "pass"] * 6
    lines = request_lines(capsys.readouterr().out)
    assert [line["ddb_throttles"] for line in lines] == [1] * 6
    assert [line["DynamoDBThrottles"] for line in lines] == [1] * 6
    assert [line["ddb_requests"] for line in lines] == [1] * 6  # one call, two attempts


def test_a_kept_answer_is_served_stale_while_dynamodb_fails(api, capsys):
    client, proxy = api
    fresh = get(client, LIST)
    assert fresh.status_code == 200
    assert header(fresh, "cache-control") == "public, max-age=120, stale-if-error=86400"
    proxy.always("throttle")
    old = get(client, LIST)
    assert old.status_code == 200 and old.body == fresh.body
    assert header(old, "etag") == header(fresh, "etag")
    assert header(old, "cache-control") == "public, max-age=0, stale-if-error=86400"
    assert header(old, "warning") == '110 - "Response is Stale"'
    assert int(header(old, "age") or "-1") >= 0
    assert header(old, "content-language") == "en"
    revalidated = get(client, LIST, **{"If-None-Match": header(fresh, "etag") or ""})
    assert revalidated.status_code == 304 and not revalidated.body
    assert_clean_503(get(client, LIST + "&limit=3"))  # never answered: nothing kept
    proxy.always("pass")
    again = get(client, LIST)
    assert header(again, "cache-control") == "public, max-age=120, stale-if-error=86400"
    assert header(again, "warning") is None
    caches = [line["cache"] for line in request_lines(capsys.readouterr().out)]
    assert caches == ["miss", "stale", "stale", "miss", "miss"]


def test_the_kept_answers_are_bounded_in_bytes(api, monkeypatch):

    client, _ = api
    monkeypatch.setenv("CACHE_MAX_BYTES", "40000")
    for lang in ("en", "zh-Hans", "zh-Hant"):
        for path in ("/v1/projects", "/v1/festival-products", "/v1/sectors", "/v1/announcements"):
            assert get(client, f"{path}?lang={lang}").status_code == 200
    assert 0 < container.CONTAINER.responses.bytes <= 40000
    assert len(container.CONTAINER.responses) < 12
