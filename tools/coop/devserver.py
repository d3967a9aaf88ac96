"""`coop serve`: embedded DynamoDB (moto's server, in-process), the content, and chalice local."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import LocalDevServer

from chalicelib import container
from chalicelib.config import settings
from coop import content, loader, publish, table
from coop.gateway import ProblemRequestHandler

# The embedded server accepts any credentials; these keep boto3 from looking for real ones.
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "embedded",
    "AWS_SECRET_ACCESS_KEY": "embedded",
    "AWS_SESSION_TOKEN": "embedded",
    "AWS_DEFAULT_REGION": "us-east-1",
}
# Set either of these and `coop serve` serves that table instead of an embedded one.
OWN_TABLE = ("TABLE_NAME", "DYNAMODB_ENDPOINT_URL")
# moto writes an index with the item, and nothing else writes the embedded table while it is
# served: no write reaches the change index late, so sync serves every change at once, and
# once. A table of one's own keeps the stage's settle and overlap windows (docs/api.md).
NO_INDEX_LAG = {"SYNC_SETTLE_SECONDS": "0", "SYNC_OVERLAP_SECONDS": "0"}
EMBEDDED_BUCKET = "coop-bulk-dev"  # the embedded S3's, for the bulk files


def start_embedded_dynamodb() -> object:
    """Start moto's server on a free loopback port and point the app at it."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ.update(FAKE_AWS)
    os.environ["DYNAMODB_ENDPOINT_URL"] = f"http://{host}:{port}"
    os.environ["AWS_ENDPOINT_URL_S3"] = f"http://{host}:{port}"  # the bulk files' bucket
    os.environ["BULK_BUCKET"] = EMBEDDED_BUCKET
    container.reset()
    return server


def bulk_reader(bucket: str) -> Callable[[str], tuple[bytes, dict[str, str]] | None]:
    """/bulk/* as CloudFront serves it: the object, its type and cache lifetime."""
    from botocore.exceptions import ClientError

    s3 = publish.s3_client()

    def read(key: str) -> tuple[bytes, dict[str, str]] | None:
        try:
            found = s3.get_object(Bucket=bucket, Key=key)
        except ClientError:
            return None
        headers = {"Content-Type": found["ContentType"], "Cache-Control": found["CacheControl"],
                   "ETag": found["ETag"]}  # fmt: skip
        return found["Body"].read(), headers

    return read


def listen_address() -> tuple[str, int]:
    """HOST and PORT from the environment; a ValueError names a bad PORT."""
    port = os.environ.get("PORT", "8000")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"PORT must be a number from 1 to 65535, got {port!r}")
    return os.environ.get("HOST", "127.0.0.1"), int(port)


def prepare(
    project_dir: Path, content_dir: Path, stage: str, own: dict[str, str] | None = None
) -> LocalDevServer | None:
    """Everything but serving: stage settings, table, content. None (having said why) if
    content is invalid or the address cannot be listened on.

    With `own` (TABLE_NAME and/or DYNAMODB_ENDPOINT_URL the user set), that table is served
    as it is: nothing is created or loaded, since it may be shared or in production.
    """
    # chalice.cli is not imported: it builds a blessed Terminal on import, which writes
    # terminal queries to a tty.
    on_disk = json.loads((project_dir / ".chalice" / "config.json").read_text(encoding="utf-8"))
    params = {"project_dir": str(project_dir)}
    config = Config(chalice_stage=stage, user_provided_params=params, config_from_disk=on_disk)
    os.environ.update(config.environment_variables)
    if own:
        os.environ.update(own)
        name, where = settings().table_name, own.get("DYNAMODB_ENDPOINT_URL", "AWS")
        table.client().describe_table(TableName=name)  # a missing table stops here, with a hint
        print(f"serving DynamoDB table {name} at {where} as it is")
        print("  (content/ is not loaded into it: `coop load` does that)")
    else:
        found = content.read(content_dir)
        for problem in found.problems:
            print(problem)
        if found.problems:
            return None
        os.environ.update(NO_INDEX_LAG)
        db, name = table.client(), settings().table_name
        table.create_table(db, name)
        plan = loader.load(db, name, found)
        print(f"embedded DynamoDB table {name}: {plan.summary()}")
        publish.s3_client().create_bucket(Bucket=EMBEDDED_BUCKET)
        print(publish.publish(db, name, plan.live, EMBEDDED_BUCKET))
    bucket = os.environ.get("BULK_BUCKET")
    ProblemRequestHandler.bulk = bulk_reader(bucket) if bucket else None
    sys.path.insert(0, str(project_dir))
    app: Chalice = importlib.import_module("app").app
    host, port = listen_address()
    try:
        return LocalDevServer(app, config, host, port, handler_cls=ProblemRequestHandler)
    except OSError as error:  # the port is taken, or HOST is not an address of this machine
        print(f"coop serve: cannot listen on {host}:{port}: {error}")
        return None


def serve(project_dir: Path, content_dir: Path, stage: str = "dev") -> int:
    try:
        listen_address()
    except ValueError as error:
        print(f"coop serve: {error}")
        return 2
    own = {name: os.environ[name] for name in OWN_TABLE if os.environ.get(name)}
    embedded = None if own else start_embedded_dynamodb()
    server = prepare(project_dir, content_dir, stage, own)
    if server is None:
        if embedded is not None:
            embedded.stop()  # type: ignore[attr-defined]
        return 1
    print(f"Serving the API on http://{server.host}:{server.port}/v1/announcements (Ctrl-C stops)")
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        print("stopping")
    finally:
        server.server.server_close()
        if embedded is not None:
            embedded.stop()  # type: ignore[attr-defined]
    return 0
