"""Publish the bulk files: each file to S3 under its digest, then the manifest, then the
dataset item /data.json reads. A failure at any step leaves the previous manifest and item
pointing at the previous files, which stay: nothing points at a missing or partial file."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chalicelib.store import keys
from coop import bulk, table
from coop.errors import Unpublished

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client

MANIFEST = bulk.PREFIX + "manifest.json"
# A file's name is its digest, so it never changes: caches keep it a year. The manifest
# names the current ones and changes with each load.
IMMUTABLE = "public, max-age=31536000, immutable"
MANIFEST_CACHE = "public, max-age=300"


def s3_client() -> S3Client:
    """The bucket's client; AWS_ENDPOINT_URL_S3 points it elsewhere (coop serve's moto)."""
    import boto3
    from botocore.config import Config

    from chalicelib.config import settings

    local = bool(os.environ.get("AWS_ENDPOINT_URL_S3"))
    config = Config(retries={"mode": "standard", "total_max_attempts": 3},
                    s3={"addressing_style": "path" if local else "auto"})  # fmt: skip
    return boto3.client("s3", region_name=settings().region, config=config)


def explorer_files() -> list[tuple[str, bytes, str]]:
    """Swagger UI's two files for /docs, under the folder chalicelib's page names."""
    from importlib.util import find_spec

    from chalicelib.api.reference import EXPLORER, EXPLORER_FILES

    spec = find_spec("flask_swagger_ui")  # its files only: importing it would import Flask
    if spec is None or spec.origin is None:
        raise Unpublished("flask-swagger-ui is not installed: `make install`")
    dist = Path(spec.origin).parent / "dist"
    version = (dist / "VERSION").read_text().strip().lstrip("v")
    if f"{bulk.PREFIX}explorer/swagger-ui-{version}" != EXPLORER:
        raise Unpublished(f"/docs names {EXPLORER}, but flask-swagger-ui ships {version}")
    media = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
    return [(f"{EXPLORER}/{name}", (dist / name).read_bytes(), media[Path(name).suffix])
            for name in EXPLORER_FILES]  # fmt: skip


def current(db: DynamoDBClient, name: str) -> dict[str, Any] | None:
    """The manifest of what is published now, read strongly consistent."""
    pk = keys.item_key(*keys.DATASET)["pk"]["S"]
    item = table.get_many(db, name, [pk]).get(pk)
    return keys.doc_of(item) if item else None


def _put(s3: S3Client, bucket: str, key: str, body: bytes, media: str, cache: str) -> None:
    """One object; S3 refuses it unless its SHA-256 matches, so a stored one is whole."""
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=media, CacheControl=cache,
                  ChecksumSHA256=digest)  # fmt: skip


def publish(db: DynamoDBClient, name: str, live: dict[str, Any], bucket: str | None) -> str:
    """Publish what is served (``loader.Plan.live``) unless it is published already; a line
    saying what was done. Without a bucket only the dataset item (counts, dates) is written."""
    from botocore.exceptions import BotoCoreError, ClientError

    files, manifest = bulk.build(live)
    if bucket is None:
        manifest["files"] = []
    if current(db, name) == manifest:
        return "bulk files: already published"
    if bucket is not None:
        try:
            _upload(s3_client(), bucket, files, manifest)
        except (BotoCoreError, ClientError) as error:
            raise Unpublished(
                f"bulk files not published to s3://{bucket} ({error}); the previous files and"
                " manifest stay; run `coop load` again to publish"
            ) from error
    table.write(db, name, [keys.dataset_item(manifest)])
    if bucket is None:
        return "bulk files: not published (set BULK_BUCKET); /data.json counts updated"
    sizes = ", ".join(f"{f.name} ({len(f.body):,} bytes)" for f in files)
    return f"bulk files: published to s3://{bucket}/{bulk.PREFIX}: {sizes}"


def _upload(s3: S3Client, bucket: str, files: list[bulk.File], manifest: dict[str, Any]) -> None:
    for file in files:
        _put(s3, bucket, bulk.PREFIX + file.name, file.body, file.media_type, IMMUTABLE)
    for key, body, media in explorer_files():
        _put(s3, bucket, key, body, media, IMMUTABLE)
    text = bulk.manifest_text(manifest)
    _put(s3, bucket, MANIFEST, text, "application/json; charset=utf-8", MANIFEST_CACHE)
