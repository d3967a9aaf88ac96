"""The CloudFormation resources merged into `chalice package` output (`coop template STAGE`)."""

from __future__ import annotations

import json
from typing import Any

from chalicelib import keys
from coop.gateway import unknown_route_problem

PROBLEM_HEADERS = {
    "gatewayresponse.header.Content-Type": "'application/problem+json; charset=utf-8'",
    "gatewayresponse.header.Cache-Control": "'no-store'",
    "gatewayresponse.header.Access-Control-Allow-Origin": "'*'",
}


def unknown_route_response() -> dict[str, Any]:
    """API Gateway answers a route it does not know with 403; ours says 404, as problem+json."""
    return {
        "Type": "AWS::ApiGateway::GatewayResponse",
        "Properties": {
            "RestApiId": {"Ref": "RestAPI"},
            "ResponseType": "MISSING_AUTHENTICATION_TOKEN",
            "StatusCode": "404",
            "ResponseParameters": PROBLEM_HEADERS,
            "ResponseTemplates": {"application/json": unknown_route_problem("$context.path")},
        },
    }


def content_table(stage: str) -> dict[str, Any]:
    """The table, from keys.table_definition: the definition the tests give moto."""
    definition = keys.table_definition(f"coop-{stage}")
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            **definition,
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "SSESpecification": {"SSEEnabled": True},
        },
    }


TABLE_ARN = {"Fn::GetAtt": ["ContentTable", "Arn"]}


def read_only_policy() -> dict[str, Any]:
    """What the function may do: read the table and its indexes, and write its logs."""
    return {
        "PolicyName": "ApiHandlerRolePolicy",
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ReadContent",
                    "Effect": "Allow",
                    "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"],
                    "Resource": [TABLE_ARN, {"Fn::Sub": "${ContentTable.Arn}/index/*"}],
                },
                {
                    "Sid": "WriteLogs",
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": {
                        "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
                        ":log-group:/aws/lambda/*"
                    },
                },
            ],
        },
    }


def merge_template(stage: str) -> dict[str, Any]:
    return {
        "Resources": {
            "UnknownRouteResponse": unknown_route_response(),
            "ContentTable": content_table(stage),
            "ApiHandlerRole": {"Properties": {"Policies": [read_only_policy()]}},
            "APIHandler": {
                "Properties": {
                    "Environment": {"Variables": {"TABLE_NAME": {"Ref": "ContentTable"}}}
                }
            },
        }
    }


def render(stage: str = "prod") -> str:
    return json.dumps(merge_template(stage), indent=2, ensure_ascii=False) + "\n"
