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
    merge.write_text(template.render("prod"))
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
    assert handler["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "ContentTable"}
    with zipfile.ZipFile(tmp_path / "out" / "deployment.zip") as archive:
        names = archive.namelist()
    assert "app.py" in names and "chalicelib/store.py" in names
    assert not any(name.startswith(("boto3/", "botocore/", "moto/")) for name in names)
    unknown = template_json["Resources"]["UnknownRouteResponse"]["Properties"]
    assert unknown["StatusCode"] == "404"
    assert unknown["RestApiId"] == {"Ref": "RestAPI"}
    body = json.loads(unknown["ResponseTemplates"]["application/json"])
    assert body["status"] == 404 and body["instance"] == "$context.path"


@pytest.fixture(scope="module")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    (out / "merge.json").write_text(template.render("prod"))
    subprocess.run(
        [str(Path(sys.executable).parent / "chalice"), "package", "--stage", "prod",
         "--merge-template", str(out / "merge.json"), str(out / "prod")],
        cwd=ROOT, env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1"}, check=True,
        capture_output=True,
    )  # fmt: skip
    return out / "prod" / "sam.json"


def test_the_table_comes_from_the_definition_the_tests_use(packaged: Path):
    from chalicelib import keys

    table = json.loads(packaged.read_text())["Resources"]["ContentTable"]
    definition = keys.table_definition("coop-prod")
    assert {k: table["Properties"][k] for k in definition} == definition
    assert table["Properties"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["Properties"]["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True
    }
    assert table["Properties"]["SSESpecification"] == {"SSEEnabled": True}
    assert (table["DeletionPolicy"], table["UpdateReplacePolicy"]) == ("Retain", "Retain")
    handler = json.loads(packaged.read_text())["Resources"]["APIHandler"]["Properties"]
    assert handler["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "ContentTable"}


def test_the_function_may_only_read_the_table_and_write_logs(packaged: Path):
    resources = json.loads(packaged.read_text())["Resources"]
    statements = [
        statement
        for resource in resources.values()
        if resource["Type"] == "AWS::IAM::Role"
        for policy in resource["Properties"].get("Policies", [])
        for statement in policy["PolicyDocument"]["Statement"]
    ]
    allowed = {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem",
               "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}  # fmt: skip
    for statement in statements:
        assert statement["Effect"] == "Allow"
        actions = set(statement["Action"])
        assert actions <= allowed, actions
        assert "*" not in json.dumps(statement["Resource"]).replace("/index/*", "").replace(
            "/aws/lambda/*", ""
        )
        if any(a.startswith("dynamodb:") for a in actions):
            assert statement["Resource"] == [
                {"Fn::GetAtt": ["ContentTable", "Arn"]},
                {"Fn::Sub": "${ContentTable.Arn}/index/*"},
            ]
    assert not any(r["Type"].startswith("AWS::IAM::Managed") for r in resources.values())


def test_cfn_lint_finds_nothing(packaged: Path):
    lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(lint), str(packaged)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
