"""The CloudFormation resources merged into `chalice package` output (`coop template`)."""

from __future__ import annotations

import json
from typing import Any

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


def merge_template() -> dict[str, Any]:
    return {"Resources": {"UnknownRouteResponse": unknown_route_response()}}


def render() -> str:
    return json.dumps(merge_template(), indent=2, ensure_ascii=False) + "\n"
