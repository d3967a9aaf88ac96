"""`coop serve`: embedded DynamoDB (moto's server, in-process), the content, and chalice local."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from chalice.cli.factory import CLIFactory
from chalice.local import LocalDevServer

from chalicelib import store
from chalicelib.config import settings
from coop import content, loader, table
from coop.gateway import ProblemRequestHandler

# The embedded server accepts any credentials; these keep boto3 from looking for real ones.
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "embedded",
    "AWS_SECRET_ACCESS_KEY": "embedded",
    "AWS_SESSION_TOKEN": "embedded",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def start_embedded_dynamodb() -> object:
    """Start moto's server on a free loopback port and point the app at it."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ.update(FAKE_AWS)
    os.environ["DYNAMODB_ENDPOINT_URL"] = f"http://{host}:{port}"
    store.reset()
    return server


def prepare(project_dir: Path, content_dir: Path, stage: str) -> LocalDevServer | None:
    """Everything but serving: stage settings, table, content. None if content is invalid."""
    factory = CLIFactory(project_dir=str(project_dir), environ=os.environ)
    config = factory.create_config_obj(chalice_stage_name=stage)
    os.environ.update(config.environment_variables)
    found = content.read(content_dir)
    for problem in found.problems:
        print(problem)
    if found.problems:
        return None
    db, name = table.client(), settings().table_name
    table.create_table(db, name)
    print(f"embedded DynamoDB table {name}: {loader.load(db, name, found).summary()}")
    return None if config.chalice_app is None else _server(config)


def _server(config: object) -> LocalDevServer:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    app = config.chalice_app  # type: ignore[attr-defined]
    return LocalDevServer(app, config, host, port, handler_cls=ProblemRequestHandler)  # type: ignore[arg-type]


def serve(project_dir: Path, content_dir: Path, stage: str = "dev") -> int:
    embedded = start_embedded_dynamodb()
    server = prepare(project_dir, content_dir, stage)
    if server is None:
        return 1
    print(f"Serving the API on http://{server.host}:{server.port}/v1/announcements (Ctrl-C stops)")
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        print("stopping")
    finally:
        server.server.server_close()
        embedded.stop()  # type: ignore[attr-defined]
    return 0
