"""One JSON line per request on stdout: the access log and, as CloudWatch EMF, the metrics.

The line carries no bodies, no query strings (they hold cursors and tokens) and no
secrets. CloudWatch turns its ``_aws`` block into metrics (Embedded Metric Format), so
logs and metrics cost one write. LOG_LEVEL governs the diagnostics of the chalicelib
loggers, which are JSON lines too; the request line is always written, since the
metrics ride on it.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from dataclasses import dataclass
from typing import Any, TextIO

NAMESPACE = "CoopApi"
METRICS = [
    {"Name": "Latency", "Unit": "Milliseconds"},
    {"Name": "4XXError", "Unit": "Count"},
    {"Name": "5XXError", "Unit": "Count"},
    {"Name": "DynamoDBThrottles", "Unit": "Count"},
]


@dataclass(frozen=True)
class RequestRecord:
    request_id: str | None
    method: str
    path: str
    status: int
    latency_ms: float
    ddb_requests: int
    ddb_consumed_rcu: float
    ddb_throttles: int
    cache: str  # "miss": computed; "stale": a kept answer served while DynamoDB failed
    cold: bool  # the container's first request


def line(record: RequestRecord, stage: str, now: float | None = None) -> str:
    level = "error" if record.status >= 500 else "info"
    payload: dict[str, Any] = {
        "level": level,
        "message": "request",
        "stage": stage,
        **record.__dict__,
        "_aws": {
            "Timestamp": int((now if now is not None else time.time()) * 1000),
            "CloudWatchMetrics": [
                {"Namespace": NAMESPACE, "Dimensions": [["Stage"]], "Metrics": METRICS}
            ],
        },
        "Stage": stage,
        "Latency": record.latency_ms,
        "4XXError": int(400 <= record.status < 500),
        "5XXError": int(record.status >= 500),
        "DynamoDBThrottles": record.ddb_throttles,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def write(text: str, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    out.write(text + "\n")
    out.flush()


class JsonFormatter(logging.Formatter):
    """Diagnostics as JSON lines, so CloudWatch Logs Insights reads them like the requests."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["error"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


class StdoutHandler(logging.Handler):
    """Writes to whatever sys.stdout is at the time (Lambda's, or a test's capture)."""

    def emit(self, record: logging.LogRecord) -> None:
        write(self.format(record))


_configured: str | None = None


def configure(level: str) -> None:
    """Point the chalicelib loggers at stdout as JSON, at the stage's level (once per level)."""
    global _configured
    if _configured == level:
        return
    logger = logging.getLogger("chalicelib")
    if _configured is None:
        handler = StdoutHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level if level in logging.getLevelNamesMapping() else "INFO")
    _configured = level
