"""The CloudFormation resources merged into `chalice package` output (`coop template STAGE`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from chalicelib.http import EVERY_RESPONSE, PROBLEM
from chalicelib.store import keys
from coop.gateway import unknown_route_problem
from coop.template_bulk import BULK_ORIGIN, bulk_behavior, bulk_bucket

# The headers of API Gateway's own problems: those of the app's (chalicelib.http).
PROBLEM_HEADERS = {
    f"gatewayresponse.header.{name}": f"'{value}'"
    for name, value in {
        "Content-Type": PROBLEM,
        "Cache-Control": "no-store",
        **EVERY_RESPONSE,
    }.items()
}


def gateway_responses() -> dict[str, Any]:
    """What API Gateway itself answers, as problem+json: an unknown route (404, not its bare
    403), a throttled request (429) and a function that failed or timed out (502).

    They live in the API definition (``x-amazon-apigateway-gateway-responses``): as separate
    GatewayResponse resources they would be lost each time SAM re-imports the definition.
    """

    def response(status: str, body: str, retry: bool) -> dict[str, Any]:
        headers = dict(PROBLEM_HEADERS)
        if retry:
            headers["gatewayresponse.header.Retry-After"] = "'1'"
        return {
            "statusCode": status,
            "responseParameters": headers,
            "responseTemplates": {"application/json": body},
        }

    def problem(status: str, detail: str) -> str:
        return json.dumps(
            {"type": "about:blank", "title": HTTPStatus(int(status)).phrase,
             "status": int(status), "detail": detail, "instance": "$context.path"},
            separators=(",", ":"),
        )  # fmt: skip

    return {
        "MISSING_AUTHENTICATION_TOKEN": response(
            "404", unknown_route_problem("$context.path"), retry=False
        ),
        "THROTTLED": response("429", problem("429", "Too many requests; retry shortly."), True),
        "DEFAULT_5XX": response(
            "502", problem("502", "The API failed to answer; retry shortly."), retry=True
        ),
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
            # False: the AWS-owned key, free and without KMS calls; the data is public
            # (docs/deploy.md). True would mean the AWS-managed KMS key, billed per request.
            "SSESpecification": {"SSEEnabled": False},
        },
    }


TABLE_ARN = {"Fn::GetAtt": ["ContentTable", "Arn"]}


def parameter_arn(name: str) -> dict[str, Any]:
    return {
        "Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter" + name
    }


def read_only_policy(
    secret_parameter: str, hosts_parameter: str, function_name: str
) -> dict[str, Any]:
    """What the function may do: read the table, its indexes, its key and its public hosts,
    and write logs."""
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
                    # A SecureString under the AWS managed key aws/ssm: its key policy lets
                    # SSM decrypt for callers in the account, so no kms:Decrypt grant.
                    "Sid": "ReadSigningKey",
                    "Effect": "Allow",
                    "Action": ["ssm:GetParameter"],
                    "Resource": parameter_arn(secret_parameter),
                },
                {
                    "Sid": "ReadPublicHosts",
                    "Effect": "Allow",
                    "Action": ["ssm:GetParameter"],
                    "Resource": parameter_arn(hosts_parameter),
                },
                {
                    # Its own log group only; the stack creates the group (ApiHandlerLogGroup).
                    "Sid": "WriteLogs",
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": {
                        "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
                        f":log-group:/aws/lambda/{function_name}:*"
                    },
                },
            ],
        },
    }


@dataclass(frozen=True)
class Limits:
    """API Gateway's stage throttle: steady requests per second and the burst above it."""

    rate: int
    burst: int


# Beyond these the gateway answers 429 (a problem+json, below) before Lambda is invoked.
# CloudFront absorbs repeated reads, so these bound cache misses, not visitors.
LIMITS = {"dev": Limits(rate=20, burst=40), "prod": Limits(rate=500, burst=1000)}

ACCESS_LOG_FORMAT = json.dumps(
    {
        "request_id": "$context.requestId",
        "ip": "$context.identity.sourceIp",
        "method": "$context.httpMethod",
        "path": "$context.path",
        "status": "$context.status",
        "bytes": "$context.responseLength",
        "latency_ms": "$context.responseLatency",
        "integration_ms": "$context.integration.latency",
        "time": "$context.requestTimeEpoch",
        "user_agent": "$context.identity.userAgent",
    },
    separators=(",", ":"),
)


def api_stage(stage: str) -> dict[str, Any]:
    """Throttling, metrics and access logs on the API's stage (RestAPI is chalice's)."""
    limits = LIMITS.get(stage, LIMITS["dev"])
    return {
        "Properties": {
            "DefinitionBody": {"x-amazon-apigateway-gateway-responses": gateway_responses()},
            "MethodSettings": [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "ThrottlingRateLimit": limits.rate,
                    "ThrottlingBurstLimit": limits.burst,
                    "MetricsEnabled": True,
                }
            ],
            "AccessLogSetting": {
                "DestinationArn": {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]},
                "Format": ACCESS_LOG_FORMAT,
            },
        }
    }


# CloudFront sends the viewer's Host on as X-Forwarded-Host, so the links the API writes
# (widgets, feeds, oEmbed) name the host the viewer used, when it is one of the public hosts
# (PublicHostsParameter); a request that names another host gets links on the distribution's.
FORWARDED_HOST_FUNCTION = """function handler(event) {
  var request = event.request;
  request.headers['x-forwarded-host'] = {value: request.headers.host.value};
  return request;
}
"""


def forwarded(*headers: str) -> dict[str, Any]:
    """What a CloudFront policy passes on: every query string, these headers, no cookies."""
    return {
        "QueryStringsConfig": {"QueryStringBehavior": "all"},
        "HeadersConfig": {"HeaderBehavior": "whitelist", "Headers": list(headers)},
        "CookiesConfig": {"CookieBehavior": "none"},
    }


def cdn(stage: str) -> dict[str, Any]:
    """CloudFront in front of the API: the cache key, compression, HTTPS, and our TTLs."""
    return {
        "ApiCachePolicy": {
            "Type": "AWS::CloudFront::CachePolicy",
            "Properties": {
                "CachePolicyConfig": {
                    "Name": {"Fn::Sub": "${AWS::StackName}-api"},
                    "Comment": "Query string and Accept-Language; TTLs from Cache-Control",
                    # MinTTL 0 lets no-store and max-age win; DefaultTTL 0 caches nothing
                    # that does not say how long; MaxTTL only caps what we say.
                    "MinTTL": 0,
                    "DefaultTTL": 0,
                    "MaxTTL": 86400,
                    "ParametersInCacheKeyAndForwardedToOrigin": {
                        "EnableAcceptEncodingGzip": True,
                        "EnableAcceptEncodingBrotli": True,
                        **forwarded("Accept-Language"),
                    },
                }
            },
        },
        "ApiOriginRequestPolicy": {
            "Type": "AWS::CloudFront::OriginRequestPolicy",
            "Properties": {
                "OriginRequestPolicyConfig": {
                    "Name": {"Fn::Sub": "${AWS::StackName}-api"},
                    "Comment": "The cache key, plus the public host for the links we write",
                    **forwarded("X-Forwarded-Host"),
                }
            },
        },
        "ForwardedHostFunction": {
            "Type": "AWS::CloudFront::Function",
            "Properties": {
                "Name": {"Fn::Sub": "${AWS::StackName}-forwarded-host"},
                "AutoPublish": True,
                "FunctionCode": FORWARDED_HOST_FUNCTION,
                "FunctionConfig": {
                    "Comment": "Host to X-Forwarded-Host",
                    "Runtime": "cloudfront-js-2.0",
                },
            },
        },
        "Distribution": {
            "Type": "AWS::CloudFront::Distribution",
            "Properties": {
                "DistributionConfig": {
                    "Enabled": True,
                    "Comment": f"coop-api {stage}",
                    "HttpVersion": "http2and3",
                    "IPV6Enabled": True,
                    "Origins": [
                        {
                            "Id": "api",
                            "DomainName": {
                                "Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
                            },
                            "OriginPath": "/api",
                            "CustomOriginConfig": {
                                "OriginProtocolPolicy": "https-only",
                                "OriginSSLProtocols": ["TLSv1.2"],
                            },
                        },
                        BULK_ORIGIN,
                    ],
                    "CacheBehaviors": [bulk_behavior()],
                    "DefaultCacheBehavior": {
                        "TargetOriginId": "api",
                        "ViewerProtocolPolicy": "https-only",
                        # Every method reaches the API, which answers 405 problems itself.
                        "AllowedMethods": [
                            "GET",
                            "HEAD",
                            "OPTIONS",
                            "PUT",
                            "PATCH",
                            "POST",
                            "DELETE",
                        ],  # fmt: skip
                        "CachedMethods": ["GET", "HEAD"],
                        "Compress": True,
                        "CachePolicyId": {"Ref": "ApiCachePolicy"},
                        "OriginRequestPolicyId": {"Ref": "ApiOriginRequestPolicy"},
                        "FunctionAssociations": [
                            {
                                "EventType": "viewer-request",
                                "FunctionARN": {
                                    "Fn::GetAtt": [
                                        "ForwardedHostFunction",
                                        "FunctionMetadata.FunctionARN",
                                    ]
                                },
                            }
                        ],
                    },
                }
            },
        },
    }


def function_name(stage: str) -> str:
    """Named, so that its role can be granted its own log group and nothing wider."""
    return f"coop-api-{stage}"


def secret_parameter(stage: str) -> str:
    """The SSM SecureString a deployed stage reads its signing key from (docs/deploy.md).

    Set here rather than in .chalice/config.json, so `coop serve` (chalice local, stage
    dev) keeps the development key.
    """
    return f"/coop/{stage}/cursor-secret"


def hosts_parameter(stage: str) -> str:
    """The SSM String holding the hosts links may name (chalicelib/urls.py).

    The stack writes the distribution's host into it. The function's environment cannot
    hold that host: the distribution names the API, whose definition names the function,
    and CloudFormation refuses the loop. The function reads the parameter by its name.
    """
    return f"/coop/{stage}/public-hosts"


def public_hosts(stage: str) -> dict[str, Any]:
    return {
        "Type": "AWS::SSM::Parameter",
        "Properties": {
            "Name": hosts_parameter(stage),
            "Type": "String",
            "Description": "The hosts links may name: the distribution's (docs/deploy.md)",
            "Value": {"Fn::GetAtt": ["Distribution", "DomainName"]},
        },
    }


def merge_template(stage: str) -> dict[str, Any]:
    return {
        "Resources": {
            "ContentTable": content_table(stage),
            "ApiHandlerRole": {
                "Properties": {
                    "Policies": [
                        read_only_policy(
                            secret_parameter(stage), hosts_parameter(stage), function_name(stage)
                        )
                    ]
                }
            },
            "APIHandler": {
                "Properties": {
                    "FunctionName": function_name(stage),
                    "Environment": {
                        "Variables": {
                            "TABLE_NAME": {"Ref": "ContentTable"},
                            "CURSOR_SECRET_PARAMETER": secret_parameter(stage),
                            "PUBLIC_HOSTS_PARAMETER": hosts_parameter(stage),
                        }
                    },
                }
            },
            # chalice 1.34 names this group after "ApiHandler", a resource that does not exist.
            "ApiHandlerLogGroup": {
                "Properties": {"LogGroupName": {"Fn::Sub": "/aws/lambda/${APIHandler}"}}
            },
            "RestAPI": api_stage(stage),
            "ApiAccessLogs": {
                "Type": "AWS::Logs::LogGroup",
                "Properties": {"RetentionInDays": 30},
            },
            **cdn(stage),
            "PublicHostsParameter": public_hosts(stage),
            **bulk_bucket(),
        },
        "Outputs": {
            "PublicURL": {
                "Description": "The API as the public reaches it, through CloudFront",
                "Value": {"Fn::Sub": "https://${Distribution.DomainName}"},
            },
            "ContentTableName": {"Value": {"Ref": "ContentTable"}},
            "BulkBucketName": {
                "Description": "Where coop load publishes the bulk files (BULK_BUCKET)",
                "Value": {"Ref": "BulkBucket"},
            },
        },
    }


def render(stage: str = "prod") -> str:
    return json.dumps(merge_template(stage), indent=2, ensure_ascii=False) + "\n"
