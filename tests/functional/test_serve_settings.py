"""`coop serve`'s sync settings: no index lag to wait out on its embedded DynamoDB, the
stage's windows on a table of one's own."""

from __future__ import annotations

import os
from typing import Any
from unittest import mock

import pytest

from chalicelib import config
from tests.conftest import CONTENT, ROOT, TABLE
from tests.integration.conftest import free_port


@pytest.mark.parametrize(
    ("own", "settle", "overlap"),
    [(None, 0, 0), ({"TABLE_NAME": TABLE}, 10, 600)],
    ids=["embedded", "own table"],
)
def test_serve_waits_out_index_lag_only_where_there_is_some(db: Any, own, settle, overlap):
    from coop import devserver

    with mock.patch.dict(os.environ, {"PORT": str(free_port())}):
        server = devserver.prepare(ROOT, CONTENT, "dev", own)
        assert server is not None
        server.server.server_close()
        chosen = config.read()
    assert (chosen.sync_settle_seconds, chosen.sync_overlap_seconds) == (settle, overlap)
