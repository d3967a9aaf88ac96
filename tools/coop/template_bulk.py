"""The bulk files' bucket and its path in the distribution, for coop template (template.py).

Private, encrypted, and readable only by this stack's distribution (origin access control):
`/bulk/*` is served from it by CloudFront alone, so a download runs no function and reads
no table.
"""

from __future__ import annotations

from typing import Any

# Managed CloudFront policies: long TTLs that honour the object's Cache-Control (a bulk file
# says a year, the manifest five minutes), and Access-Control-Allow-Origin: * as on the API.
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
SIMPLE_CORS = "60669652-455b-4ae9-85a4-c4c02393f86c"
BULK_ORIGIN = {
    "Id": "bulk",
    "DomainName": {"Fn::GetAtt": ["BulkBucket", "RegionalDomainName"]},
    "S3OriginConfig": {"OriginAccessIdentity": ""},  # the bucket is read through OAC
    "OriginAccessControlId": {"Fn::GetAtt": ["BulkOriginAccessControl", "Id"]},
}


def bulk_behavior() -> dict[str, Any]:
    """/bulk/* straight from the bucket: no function runs, no table is read."""
    return {
        "PathPattern": "/bulk/*",
        "TargetOriginId": "bulk",
        "ViewerProtocolPolicy": "https-only",
        "AllowedMethods": ["GET", "HEAD"],
        "CachedMethods": ["GET", "HEAD"],
        "Compress": True,
        "CachePolicyId": CACHING_OPTIMIZED,
        "ResponseHeadersPolicyId": SIMPLE_CORS,
    }


def bulk_bucket() -> dict[str, Any]:
    """The bulk files' bucket: private, readable by this stack's distribution only; coop
    load writes it (BULK_BUCKET, docs/deploy.md)."""
    distribution_arn = (
        "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}"
    )
    return {
        "BulkBucket": {
            "Type": "AWS::S3::Bucket",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": True,
                    "BlockPublicPolicy": True,
                    "IgnorePublicAcls": True,
                    "RestrictPublicBuckets": True,
                },
                "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]
                },
            },
        },
        "BulkOriginAccessControl": {
            "Type": "AWS::CloudFront::OriginAccessControl",
            "Properties": {
                "OriginAccessControlConfig": {
                    "Name": {"Fn::Sub": "${AWS::StackName}-bulk"},
                    "OriginAccessControlOriginType": "s3",
                    "SigningBehavior": "always",
                    "SigningProtocol": "sigv4",
                }
            },
        },
        "BulkBucketPolicy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": {"Ref": "BulkBucket"},
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "DistributionReadsBulkFiles",
                            "Effect": "Allow",
                            "Principal": {"Service": "cloudfront.amazonaws.com"},
                            "Action": "s3:GetObject",
                            "Resource": {"Fn::Sub": "${BulkBucket.Arn}/bulk/*"},
                            "Condition": {
                                "StringEquals": {"AWS:SourceArn": {"Fn::Sub": distribution_arn}}
                            },
                        }
                    ],
                },
            },
        },
    }
