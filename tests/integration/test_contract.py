"""The OpenAPI contract, fuzzed: schemathesis against `coop serve`, every documented operation.

Checks: no 5xx, responses conform to their schemas, status codes, content types and headers
as documented. The run is bounded here (FUZZ_EXAMPLES, default 10 per operation);
`make fuzz` runs it longer. All phases run, coverage included: the local server answers
TRACE and unknown methods with a 405 problem, as chalice local's own 501 would fail it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import coop_serve

pytestmark = pytest.mark.integration

CONFIG = Path(__file__).with_name("schemathesis.toml")
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance,response_headers_conformance"
)


def test_schemathesis_finds_nothing():
    examples = os.environ.get("FUZZ_EXAMPLES", "10")
    st = Path(sys.executable).parent / "st"
    with coop_serve() as (base, _):
        run = subprocess.run(
            [str(st), "--config-file", str(CONFIG), "run", f"{base}/v1/openapi.json",
             "--url", base, "--checks", CHECKS,
             "--max-examples", examples, "--workers", "2", "--seed", "2013", "--no-color"],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    print(summary)  # the case counts, for the record
    assert run.returncode == 0, run.stdout[-4000:]
    assert "passed" in summary and "failed" not in summary.split("Test cases:")[-1]
