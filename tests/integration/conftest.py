"""Integration helpers: `coop serve` as a real process on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def coop_serve(
    content_dir: Path | None = None, **own: str
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start `coop serve` and wait until it says it serves: its own embedded DynamoDB, or,
    given TABLE_NAME / DYNAMODB_ENDPOINT_URL (and AWS_*), that table."""
    port = free_port()
    mine = ("AWS_", "TABLE_NAME", "DYNAMODB_ENDPOINT_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(mine)}
    env.update(own, PORT=str(port), PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "coop.cli", "serve"]
    if content_dir is not None:
        command.append(str(content_dir))
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    deadline, lines = time.monotonic() + 60, []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if "Serving the API on" in line:
            break
        if not line and process.poll() is not None:
            pytest.fail("coop serve exited:\n" + "".join(lines))
    assert f"http://127.0.0.1:{port}/" in lines[-1], "".join(lines)
    # Keep reading its log: a full pipe would block the server mid-request.
    drain = threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True)  # type: ignore[union-attr]
    drain.start()
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        drain.join(timeout=10)
        process.stdout.close()
