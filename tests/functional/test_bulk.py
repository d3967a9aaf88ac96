"""coop load publishes the whole dataset as files to S3 (moto): gzipped NDJSON, a ZIP of the
CSVs and a manifest, the manifest last; a failed publish leaves the previous set whole."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from chalicelib.store import keys
from coop import cli
from tests.conftest import TABLE

BUCKET = "coop-bulk-test"


@pytest.fixture
def s3(db, monkeypatch):
    """A moto bucket that `coop load` publishes to (db's mock covers S3 too)."""
    client = boto3.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    monkeypatch.setenv("BULK_BUCKET", BUCKET)
    return client


def objects(s3) -> dict[str, bytes]:
    listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


def load(path: Path | str = "content", code: int = 0) -> None:
    assert cli.main(["load", str(path)]) == code


def test_a_load_publishes_every_record_in_every_language(s3, capsys):
    load()
    assert "bulk files: published to s3://coop-bulk-test/bulk/" in capsys.readouterr().out
    found = objects(s3)
    manifest = json.loads(found["bulk/manifest.json"])
    names = [k for k in found if not k.startswith("bulk/explorer/")]
    assert sorted(re.sub("[0-9a-f]{16}", "H", name) for name in names) == [
        "bulk/coop-H.ndjson.gz", "bulk/coop-csv-H.zip", "bulk/manifest.json",
    ]  # fmt: skip
    assert manifest["records"] == 23 and manifest["types"]["project"]["records"] == 11
    assert manifest["modified"] == max(t["modified"] for t in manifest["types"].values())
    for entry in manifest["files"]:
        body = found[entry["path"].lstrip("/")]
        assert (entry["bytes"], entry["sha256"]) == (len(body), hashlib.sha256(body).hexdigest())
        assert entry["sha256"][:16] in entry["path"]  # content-addressed
    lines = gzip.decompress(found[manifest["files"][0]["path"][1:]]).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 23 and {r["type"] for r in records} == {
        "announcement", "project", "festival-product", "sector",
    }  # fmt: skip
    nuts = next(r for r in records if r["id"] == "nuts")
    assert nuts["name"] == {"zh-Hans": "坚果", "zh-Hant": "堅果", "en": "Nuts"}
    assert nuts["version"] == 1 and nuts["links"][0]["type"] == "announcement"


def test_the_zip_holds_one_csv_per_type_in_every_language(s3):
    load()
    found = objects(s3)
    manifest = json.loads(found["bulk/manifest.json"])
    archive = zipfile.ZipFile(io.BytesIO(found[manifest["files"][1]["path"][1:]]))
    assert archive.namelist() == [
        "announcements.csv", "projects.csv", "festival-products.csv", "sectors.csv",
    ]  # fmt: skip
    assert {e.compress_type for e in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    text = archive.read("sectors.csv").decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert len(rows) == 8 and rows[0]["label.en"] == "Architecture"
    assert rows[0]["label.zh-Hant"] == "建築"


def test_files_are_served_long_and_the_manifest_short(s3):
    load()
    manifest = json.loads(objects(s3)["bulk/manifest.json"])
    head = s3.head_object(Bucket=BUCKET, Key=manifest["files"][0]["path"][1:])
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    assert head["ContentType"] == "application/gzip"
    head = s3.head_object(Bucket=BUCKET, Key="bulk/manifest.json")
    assert head["CacheControl"] == "public, max-age=300"


def test_a_load_that_changes_nothing_publishes_nothing(s3, capsys, monkeypatch):
    load()
    before = objects(s3)
    calls: list[Any] = []
    monkeypatch.setattr("coop.publish._put", lambda *args: calls.append(args))
    load()
    assert calls == [] and "bulk files: already published" in capsys.readouterr().out
    assert objects(s3) == before


def test_a_change_publishes_new_files_and_keeps_the_old(s3, content_copy):
    load(content_copy)
    first = objects(s3)
    path = content_copy / "festival-products" / "nuts.yaml"
    path.write_text(path.read_text().replace("en: Nuts", "en: Tree nuts"))
    load(content_copy)
    second = objects(s3)
    assert set(first) < set(second)
    assert json.loads(second["bulk/manifest.json"]) != json.loads(first["bulk/manifest.json"])


def test_a_failed_publish_leaves_the_previous_files_and_manifest(s3, content_copy, capsys,
                                                                monkeypatch):  # fmt: skip
    from coop import publish

    load(content_copy)
    before, item = objects(s3), stored_manifest(s3)
    path = content_copy / "festival-products" / "nuts.yaml"
    path.write_text(path.read_text().replace("en: Nuts", "en: Tree nuts"))
    real = publish._put

    def failing(client, bucket, key, *rest):
        if key.endswith(".zip"):
            raise ClientError({"Error": {"Code": "InternalError", "Message": "S3 fell"}}, "Put")
        real(client, bucket, key, *rest)

    monkeypatch.setattr(publish, "_put", failing)
    load(content_copy, code=2)
    err = capsys.readouterr().err
    assert "bulk files not published to s3://coop-bulk-test" in err and "previous" in err
    after = objects(s3)
    assert after["bulk/manifest.json"] == before["bulk/manifest.json"]
    assert all(after[key] == body for key, body in before.items())
    assert stored_manifest(s3) == item  # /data.json still names the previous files
    monkeypatch.setattr(publish, "_put", real)
    load(content_copy)  # nothing to write to the table, but the files are behind: publish
    published = stored_manifest(s3)
    assert published != item
    assert json.loads(objects(s3)["bulk/manifest.json"]) == published
    ndjson = objects(s3)[published["files"][0]["path"][1:]]
    assert "Tree nuts" in gzip.decompress(ndjson).decode()


def stored_manifest(_: Any) -> dict[str, Any]:
    client = boto3.client("dynamodb", region_name="us-east-1")
    found = client.get_item(TableName=TABLE, Key=keys.item_key(*keys.DATASET))
    manifest: dict[str, Any] = json.loads(found["Item"]["doc"]["S"])
    return manifest


def test_without_a_bucket_only_the_counts_are_written(db, capsys):
    load()
    assert "not published (set BULK_BUCKET)" in capsys.readouterr().out
    manifest = stored_manifest(None)
    assert manifest["files"] == [] and manifest["records"] == 23


def test_the_dataset_item_is_in_no_list_sync_or_export(s3, api, tmp_path):
    load()
    synced = json.loads(api.http.get("/v1/sync?limit=100").body)
    assert len(synced["items"]) == 23
    assert cli.main(["export", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "announcements", "festival-products", "projects", "sectors",
    ]  # fmt: skip


def test_the_catalogue_names_the_published_files_and_the_apis_of_each_type(s3, api, monkeypatch):
    """Literal, as a portal reads it: the distributions of the projects' dataset."""
    load()
    manifest = stored_manifest(s3)
    for name, value in {"DATA_RIGHTS": "Reuse with attribution", "DATA_CONTACT_NAME": "Desk",
                        "DATA_CONTACT_EMAIL": "desk@example.org"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    projects = json.loads(api.http.get("/data.json").body)["dataset"][2]
    ndjson, csvs = manifest["files"]
    assert projects["distribution"] == [
        {"@type": "dcat:Distribution", "title": "JSON API",
         "accessURL": "http://localhost/v1/projects", "format": "API",
         "mediaType": "application/json", "describedBy": "http://localhost/v1/openapi.json",
         "describedByType": "application/json"},
        {"@type": "dcat:Distribution", "title": "CSV, in pages like the JSON list",
         "accessURL": "http://localhost/v1/projects.csv", "format": "CSV",
         "mediaType": "text/csv"},
        {"@type": "dcat:Distribution", "title": "Every record in every language: NDJSON, gzip",
         "downloadURL": "http://localhost" + ndjson["path"],
         "mediaType": "application/gzip", "format": "NDJSON, gzip"},
        {"@type": "dcat:Distribution",
         "title": "Every record in every language: CSV, one per type, ZIP",
         "downloadURL": "http://localhost" + csvs["path"], "mediaType": "application/zip",
         "format": "CSV, one per type, ZIP"},
    ]  # fmt: skip
    assert projects["keyword"] == [
        "合作项目", "合作項目", "Cooperation projects", "加州推介项目", "加州推介項目",
        "Offered by California", "加州考察领域", "加州考察領域", "Examined in Chongqing",
    ]  # fmt: skip
    assert projects["rights"] == "Reuse with attribution"
    assert projects["contactPoint"] == {"@type": "vcard:Contact", "fn": "Desk",
                                        "hasEmail": "mailto:desk@example.org"}  # fmt: skip
    assert projects["isPartOf"] == "http://localhost/data.json#all"
    assert projects["modified"] == manifest["types"]["project"]["modified"]
