"""`chalice package` builds a deployable template and a small zip without boto3."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

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
    assert "app.py" in names and "chalicelib/store/dynamodb.py" in names
    assert "chalicelib/html/pages.py" in names and "chalicelib/api/openapi.json" in names
    assert not any(name.startswith(("boto3/", "botocore/", "moto/", "pydantic")) for name in names)
    assert not any("models" in name for name in names)  # the content models stay in the tool
    definition = template_json["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    unknown = definition["x-amazon-apigateway-gateway-responses"]["MISSING_AUTHENTICATION_TOKEN"]
    assert unknown["statusCode"] == "404"
    body = json.loads(unknown["responseTemplates"]["application/json"])
    assert body["status"] == 404 and body["instance"] == "$context.path"
    assert "paths" in definition, "merged into chalice's definition, not replacing it"


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
    from chalicelib.store import keys

    table = json.loads(packaged.read_text())["Resources"]["ContentTable"]
    definition = keys.table_definition("coop-prod")
    assert {k: table["Properties"][k] for k in definition} == definition
    assert table["Properties"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["Properties"]["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True
    }
    # Encrypted at rest with the AWS-owned key: no KMS key, no KMS charge per request.
    assert table["Properties"]["SSESpecification"] == {"SSEEnabled": False}
    assert (table["DeletionPolicy"], table["UpdateReplacePolicy"]) == ("Retain", "Retain")
    handler = json.loads(packaged.read_text())["Resources"]["APIHandler"]["Properties"]
    assert handler["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "ContentTable"}


READ_GRANTS = {
    "dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "ssm:GetParameter",
    "logs:CreateLogStream", "logs:PutLogEvents",
}  # fmt: skip
PARAMETER_ARN = {
    "Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}"
    ":parameter/coop/prod/cursor-secret"
}
HOSTS_ARN = {
    "Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}"
    ":parameter/coop/prod/public-hosts"
}


def statements_of(resources: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for resource in resources.values()
        if resource["Type"] == "AWS::IAM::Role"
        for policy in resource["Properties"].get("Policies", [])
        for statement in policy["PolicyDocument"]["Statement"]
    ]


def test_the_function_may_only_read_the_table_and_its_key_and_write_logs(packaged: Path):
    resources = json.loads(packaged.read_text())["Resources"]
    statements = statements_of(resources)
    assert statements, "the role has its policy"
    for statement in statements:
        assert statement["Effect"] == "Allow"
        assert "NotAction" not in statement and "NotResource" not in statement
        actions = set(statement["Action"])
        assert actions <= READ_GRANTS, actions
        assert "*" not in json.dumps(statement["Resource"]).replace("/index/*", "").replace(
            "/aws/lambda/coop-api-prod:*", ""
        )
        if any(a.startswith("dynamodb:") for a in actions):
            assert statement["Resource"] == [
                {"Fn::GetAtt": ["ContentTable", "Arn"]},
                {"Fn::Sub": "${ContentTable.Arn}/index/*"},
            ]
        if any(a.startswith("ssm:") for a in actions):
            assert actions == {"ssm:GetParameter"}
            assert statement["Resource"] in (PARAMETER_ARN, HOSTS_ARN)
    assert not any(r["Type"].startswith("AWS::IAM::Managed") for r in resources.values())
    assert not any("ManagedPolicyArns" in r.get("Properties", {}) for r in resources.values())


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_chalice_deploy_policies_grant_no_more(stage: str):
    policy = json.loads((ROOT / ".chalice" / f"policy-{stage}.json").read_text())
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow"
        assert set(statement["Action"]) <= READ_GRANTS
        if statement["Action"] == ["ssm:GetParameter"]:
            assert statement["Resource"].endswith(f":parameter/coop/{stage}/cursor-secret")
        if statement["Sid"] == "WriteLogs":  # chalice deploy names the function app-stage
            assert statement["Resource"].endswith(f":log-group:/aws/lambda/coop-api-{stage}:*")


def test_no_secret_is_in_the_template_or_the_package(packaged: Path):
    from chalicelib.config import DEV_CURSOR_SECRET

    text = packaged.read_text()
    handler = json.loads(text)["Resources"]["APIHandler"]["Properties"]
    variables = handler["Environment"]["Variables"]
    assert "CURSOR_SECRET" not in variables
    assert variables["CURSOR_SECRET_PARAMETER"] == "/coop/prod/cursor-secret"
    assert DEV_CURSOR_SECRET not in text and "test-only-cursor-secret" not in text


def test_the_function_is_arm64_sized_and_bounded(packaged: Path):
    handler = json.loads(packaged.read_text())["Resources"]["APIHandler"]["Properties"]
    assert handler["Architectures"] == ["arm64"]
    assert (handler["MemorySize"], handler["Timeout"]) == (1024, 10)
    assert handler["ReservedConcurrentExecutions"] == 100
    assert handler["FunctionName"] == "coop-api-prod"  # so its role names its own logs
    stages = json.loads((ROOT / ".chalice" / "config.json").read_text())["stages"]
    assert set(stages) >= {"dev", "test", "prod"}
    assert stages["dev"]["reserved_concurrency"] == 10


def test_the_api_compresses_throttles_and_logs_access(packaged: Path):
    resources = json.loads(packaged.read_text())["Resources"]
    api = resources["RestAPI"]["Properties"]
    assert api["EndpointConfiguration"] == "REGIONAL"  # CloudFront is the edge
    assert api["MinimumCompressionSize"] == 1024
    (settings,) = api["MethodSettings"]
    assert (settings["ThrottlingRateLimit"], settings["ThrottlingBurstLimit"]) == (500, 1000)
    assert api["AccessLogSetting"]["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
    access = json.loads(api["AccessLogSetting"]["Format"])
    assert access["request_id"] == "$context.requestId" and access["status"] == "$context.status"
    responses = api["DefinitionBody"]["x-amazon-apigateway-gateway-responses"]
    throttled = responses["THROTTLED"]
    assert throttled["statusCode"] == "429"
    assert throttled["responseParameters"]["gatewayresponse.header.Retry-After"] == "'1'"
    assert json.loads(throttled["responseTemplates"]["application/json"])["status"] == 429
    for answer in responses.values():  # as the app's own problems: never sniffed
        assert answer["responseParameters"]["gatewayresponse.header.X-Content-Type-Options"] == (
            "'nosniff'"
        )
    assert not any(r["Type"] == "AWS::ApiGateway::GatewayResponse" for r in resources.values())
    log_group = resources["ApiHandlerLogGroup"]["Properties"]["LogGroupName"]
    assert log_group == {"Fn::Sub": "/aws/lambda/${APIHandler}"}


def test_cloudfront_caches_by_query_and_language_over_https_only(packaged: Path):
    resources = json.loads(packaged.read_text())["Resources"]
    policy = resources["ApiCachePolicy"]["Properties"]["CachePolicyConfig"]
    key = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert key["HeadersConfig"] == {"HeaderBehavior": "whitelist", "Headers": ["Accept-Language"]}
    assert key["CookiesConfig"] == {"CookieBehavior": "none"}
    assert key["EnableAcceptEncodingGzip"] and key["EnableAcceptEncodingBrotli"]
    assert (policy["MinTTL"], policy["DefaultTTL"]) == (0, 0)  # our Cache-Control decides
    origin_policy = resources["ApiOriginRequestPolicy"]["Properties"]["OriginRequestPolicyConfig"]
    assert origin_policy["HeadersConfig"]["Headers"] == ["X-Forwarded-Host"]
    assert origin_policy["CookiesConfig"] == {"CookieBehavior": "none"}
    config = resources["Distribution"]["Properties"]["DistributionConfig"]
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] == "https-only" and behavior["Compress"] is True
    assert behavior["CachePolicyId"] == {"Ref": "ApiCachePolicy"}
    origin, _bulk = config["Origins"]
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    stage = json.loads((ROOT / ".chalice" / "config.json").read_text())["api_gateway_stage"]
    assert origin["OriginPath"] == f"/{stage}"
    assert "${RestAPI}.execute-api" in origin["DomainName"]["Fn::Sub"]
    outputs = json.loads(packaged.read_text())["Outputs"]
    assert outputs["PublicURL"]["Value"] == {"Fn::Sub": "https://${Distribution.DomainName}"}


def test_the_function_reads_its_public_hosts_from_a_parameter_the_stack_fills(packaged: Path):
    resources = json.loads(packaged.read_text())["Resources"]
    variables = resources["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert variables["PUBLIC_HOSTS_PARAMETER"] == "/coop/prod/public-hosts"
    assert "PUBLIC_BASE_URL" not in variables and "PUBLIC_HOSTS" not in variables
    parameter = resources["PublicHostsParameter"]
    assert parameter["Type"] == "AWS::SSM::Parameter"
    assert parameter["Properties"]["Name"] == "/coop/prod/public-hosts"
    assert parameter["Properties"]["Type"] == "String"
    assert parameter["Properties"]["Value"] == {"Fn::GetAtt": ["Distribution", "DomainName"]}
    granted = [s["Resource"] for s in statements_of(resources) if "ssm:GetParameter" in s["Action"]]
    assert HOSTS_ARN in granted


def references(node: Any) -> set[str]:
    """The resources and parameters a template value names: Ref, Fn::GetAtt, Fn::Sub."""
    import re

    if isinstance(node, list):
        return {name for item in node for name in references(item)}
    if not isinstance(node, dict):
        return set()
    found = {name for value in node.values() for name in references(value)}
    if isinstance(node.get("Ref"), str):
        found.add(node["Ref"])
    if "Fn::GetAtt" in node:
        target = node["Fn::GetAtt"]
        found.add(target[0] if isinstance(target, list) else target.split(".")[0])
    if "Fn::Sub" in node:
        text = node["Fn::Sub"] if isinstance(node["Fn::Sub"], str) else node["Fn::Sub"][0]
        found |= {name.split(".")[0] for name in re.findall(r"\$\{([^!}][^}]*)\}", text)}
    return found


def test_no_resource_depends_on_itself(packaged: Path):
    """CloudFormation refuses a loop at deploy time, and cfn-lint misses one that runs through
    the API's definition: the function's environment naming the distribution would make one
    (the distribution names the API, whose definition names the function)."""
    resources = json.loads(packaged.read_text())["Resources"]
    needs = {}
    for name, body in resources.items():
        explicit = body.get("DependsOn", [])
        explicit = {explicit} if isinstance(explicit, str) else set(explicit)
        needs[name] = (references(body) | explicit) & set(resources)
    for start in needs:
        seen, todo = set(), list(needs[start])
        while todo:
            name = todo.pop()
            assert name != start, f"{start} depends on itself"
            if name not in seen:
                seen.add(name)
                todo.extend(needs[name])


def test_cfn_lint_finds_nothing(packaged: Path):
    lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(lint), str(packaged)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bulk_files_come_from_a_private_bucket_through_cloudfront_only(packaged: Path):
    """/bulk/* is the bucket, read by this distribution alone (OAC): no function, no table,
    long cache lifetimes; the bucket blocks every public access and the function cannot
    reach it."""
    resources = json.loads(packaged.read_text())["Resources"]
    bucket = resources["BulkBucket"]
    assert bucket["Type"] == "AWS::S3::Bucket"
    assert set(bucket["Properties"]["PublicAccessBlockConfiguration"].values()) == {True}
    (statement,) = resources["BulkBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert statement["Action"] == "s3:GetObject"
    assert statement["Resource"] == {"Fn::Sub": "${BulkBucket.Arn}/bulk/*"}
    assert "${Distribution}" in statement["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    config = resources["Distribution"]["Properties"]["DistributionConfig"]
    (behavior,) = config["CacheBehaviors"]
    assert behavior["PathPattern"] == "/bulk/*" and behavior["TargetOriginId"] == "bulk"
    assert "FunctionAssociations" not in behavior and "LambdaFunctionAssociations" not in behavior
    assert behavior["AllowedMethods"] == ["GET", "HEAD"]
    assert behavior["CachePolicyId"] == "658327ea-f89d-4fab-a63d-7e88639e58f6"  # CachingOptimized
    bulk = next(o for o in config["Origins"] if o["Id"] == "bulk")
    assert bulk["DomainName"] == {"Fn::GetAtt": ["BulkBucket", "RegionalDomainName"]}
    assert bulk["OriginAccessControlId"] == {"Fn::GetAtt": ["BulkOriginAccessControl", "Id"]}
    assert not any(a.startswith("s3:") for s in statements_of(resources) for a in s["Action"])
    outputs = json.loads(packaged.read_text())["Outputs"]
    assert outputs["BulkBucketName"]["Value"] == {"Ref": "BulkBucket"}
