"""What a JSON request loads, in a fresh process as a cold Lambda: no HTML side, no pydantic."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

# One request through the Lambda entry point, as API Gateway sends it, on an empty moto table;
# then the modules the process holds.
PROGRAM = """
import json, os, sys
os.environ.update(AWS_ACCESS_KEY_ID="t", AWS_SECRET_ACCESS_KEY="t", AWS_DEFAULT_REGION="us-east-1",
                  STAGE="test", TABLE_NAME="t", CURSOR_SECRET="s")
from moto import mock_aws
with mock_aws():
    import boto3
    from chalicelib.store import keys
    boto3.client("dynamodb").create_table(**keys.table_definition("t"))
    before = set(sys.modules)
    import app
    from chalice.local import LambdaContext, LambdaEventConverter, RouteMatcher
    event = LambdaEventConverter(RouteMatcher(list(app.app.routes)), []).create_lambda_event(
        "GET", sys.argv[1], {"host": "x"}, None)
    answer = app.app(event, LambdaContext("f", 1024))
print(json.dumps({"status": answer["statusCode"], "loaded": sorted(set(sys.modules) - before)}))
"""


def loaded(path: str) -> tuple[int, list[str]]:
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM, path], cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    found = json.loads(run.stdout.strip().splitlines()[-1])
    return found["status"], found["loaded"]


@pytest.mark.parametrize(
    "path", ["/v1/projects", "/v1/sectors", "/v1/sync", "/v1/projects/x", "/v1/projects.csv"]
)
def test_a_json_request_loads_no_html_and_no_pydantic(path):
    status, modules = loaded(path)
    assert status in (200, 404)
    assert not [m for m in modules if m.startswith("chalicelib.html")]
    assert not [m for m in modules if m.split(".")[0] in ("pydantic", "markupsafe", "coop")]
    assert not [m for m in modules if m.startswith(("chalicelib.search", "snowballstemmer"))]


def test_a_search_loads_the_search_side_and_nothing_of_html():
    status, modules = loaded("/v1/search?q=centers")
    assert status == 200 and "chalicelib.search.rank" in modules
    assert "snowballstemmer" in modules
    assert not [m for m in modules if m.startswith("chalicelib.html")]
    assert not [m for m in modules if m.split(".")[0] in ("pydantic", "markupsafe", "coop")]


def test_a_widget_request_loads_the_html_side_then():
    status, modules = loaded("/embed/projects")
    assert status == 200 and "chalicelib.html.pages" in modules
