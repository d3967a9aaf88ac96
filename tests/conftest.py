"""Shared fixtures: fake AWS credentials, a moto table built from keys.table_definition, the app."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client
from moto import mock_aws

from chalicelib import container
from chalicelib.store import dynamodb as store
from chalicelib.store import keys
from chalicelib.taxonomy import KINDS
from coop import content, loader, table
from tests import strict

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TABLE = "coop-test"  # the test stage's TABLE_NAME in .chalice/config.json


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test can reach real AWS: fake credentials, a fixed region, no endpoint override."""
    for name in ("AWS_PROFILE", "DYNAMODB_ENDPOINT_URL", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("TABLE_NAME", TABLE)
    container.reset()
    yield
    container.reset()


@pytest.fixture
def db(aws_env: None) -> Iterator[Any]:
    """An empty moto table with the production key schema, behind a client that refuses
    what DynamoDB refuses (tests/strict.py)."""
    with mock_aws():
        client = store.client()
        strict.install(client)
        client.create_table(**keys.table_definition(TABLE))
        yield client


@pytest.fixture
def seeded(db: Any) -> Any:
    """The table after `coop load content/`."""
    found = content.read(CONTENT)
    assert not found.problems
    loader.load(db, TABLE, found)
    return db


@pytest.fixture
def api(db: Any) -> Iterator[Client]:
    """The app on the test stage, over whatever the test put in the table."""
    from app import app

    with Client(app, stage_name="test", project_dir=str(ROOT)) as test_client:
        yield test_client


@pytest.fixture
def client(seeded: Any, api: Client) -> Client:
    """The app over the seed content."""
    return api


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of content/ for tests that edit records."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def records(db: Any, name: str = TABLE) -> list[dict[str, Any]]:
    """Every record and tombstone of the table: not the search index's items, not the
    dataset's (a Scan: tests only)."""
    items = []
    for page in db.get_paginator("scan").paginate(TableName=name):
        items += [i for i in page["Items"] if i.get("kind", {}).get("S") in KINDS]
    return items


def put_docs(db: Any, kind: str, docs: list[dict[str, Any]]) -> None:
    """Write documents straight into the table (for shapes the seed does not have)."""
    table.write(db, TABLE, [keys.to_item(kind, doc) for doc in docs])


def put_english_named_product(db: Any, summary: dict[str, str], origin: Any = None) -> None:
    """A festival product `english-only` whose name is in English only, for fallback tests."""
    product = {
        "id": "english-only",
        "category": "nuts",
        "name": {"en": "Almonds"},
        "summary": summary,
        "origin": origin,
        "transport": None,
        "order": 9,
        "announcement_id": "chongqing-expands-cooperation-with-california",
    }
    put_docs(db, "festival-product", [product])
