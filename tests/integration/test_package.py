"""`chalice package` builds a deployable template and a small zip without boto3."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coop import template
from tests.conftest import ROOT

pytestmark = pytest.mark.integration


def test_chalice_package_succeeds(tmp_path: Path):
    chalice = Path(sys.executable).parent / "chalice"
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1"}
    merge = tmp_path / "merge.json"
    merge.write_text(template.render())
    subprocess.run(
        [
            str(chalice),
            "package",
            "--stage",
            "prod",
            "--merge-template",
            str(merge),
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    template_json = json.loads((tmp_path / "out" / "sam.json").read_text())
    handler = template_json["Resources"]["APIHandler"]["Properties"]
    assert handler["Environment"]["Variables"]["TABLE_NAME"] == "coop-prod"
    with zipfile.ZipFile(tmp_path / "out" / "deployment.zip") as archive:
        names = archive.namelist()
    assert "app.py" in names and "chalicelib/store.py" in names
    assert not any(name.startswith(("boto3/", "botocore/", "moto/")) for name in names)
    unknown = template_json["Resources"]["UnknownRouteResponse"]["Properties"]
    assert unknown["StatusCode"] == "404"
    assert unknown["RestApiId"] == {"Ref": "RestAPI"}
    body = json.loads(unknown["ResponseTemplates"]["application/json"])
    assert body["status"] == 404 and body["instance"] == "$context.path"
