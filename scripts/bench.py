"""Benchmark: cold import and first request, warm requests per endpoint, DynamoDB calls each.

Prints figures; asserts nothing. DynamoDB is moto's server on loopback, started once.
Run with `make bench`.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

ENDPOINTS = [
    "/v1/announcements/chongqing-expands-cooperation-with-california",
    "/v1/announcements",
    "/v1/projects",
    "/v1/projects?sector=transport",
    "/v1/projects?lang=all",
    "/v1/festival-products?category=wine",
    "/v1/sectors",
]
COLD_RUNS = 5
WARM_RUNS = 300

COLD = """
import json, time
t0 = time.perf_counter()
import app
from chalice.local import LambdaContext, LambdaEventConverter, RouteMatcher
t1 = time.perf_counter()
event = LambdaEventConverter(RouteMatcher(list(app.app.routes)), []).create_lambda_event(
    "GET", "/v1/projects", {"host": "bench"}, None)
response = app.app(event, LambdaContext("bench", 512))
t2 = time.perf_counter()
assert response["statusCode"] == 200, response
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "first_ms": (t2 - t1) * 1e3}))
"""

# A warm container's footprint: peak RSS (VmHWM: a fresh mm after exec, unlike ru_maxrss)
# and CPU per request, over mixed requests. This sizes the function (docs/deploy.md).
SIZING = """
import contextlib, json, os, time
import app
from chalice.local import LambdaContext, LambdaEventConverter, RouteMatcher
converter = LambdaEventConverter(RouteMatcher(list(app.app.routes)), [])
paths = %r
events = [converter.create_lambda_event("GET", p, {"host": "bench"}, None) for p in paths]
def vm(field):
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) / 1024 for l in status if l.startswith(field))
started = time.process_time()
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    for i in range(%d):
        assert app.app(events[i %% len(events)], LambdaContext("bench", 1024))["statusCode"] == 200
cpu = (time.process_time() - started) / %d * 1e3
print(json.dumps({"peak_rss_mb": vm("VmHWM:"), "cpu_ms_per_request": cpu}))
"""
SIZING_REQUESTS = 2000


def start_dynamodb() -> str:
    from coop import content, devserver, loader, table

    devserver.start_embedded_dynamodb()
    os.environ["TABLE_NAME"] = "coop-bench"
    from chalicelib import store

    table.create_table(store.client(), "coop-bench")
    loader.load(store.client(), "coop-bench", content.read(ROOT / "content"))
    return os.environ["DYNAMODB_ENDPOINT_URL"]


def cold() -> dict[str, list[float]]:
    runs: dict[str, list[float]] = {"import_ms": [], "first_ms": []}
    for _ in range(COLD_RUNS):
        out = subprocess.run(
            [sys.executable, "-c", COLD], cwd=ROOT, env=os.environ, capture_output=True, text=True
        )
        if out.returncode:
            sys.exit(out.stderr)
        for key, value in json.loads(out.stdout.splitlines()[-1]).items():
            runs[key].append(value)
    return runs


def warm() -> list[tuple[str, float, float, float, int]]:
    from chalice.local import LambdaContext, LambdaEventConverter, RouteMatcher

    import app
    from chalicelib import store

    converter = LambdaEventConverter(RouteMatcher(list(app.app.routes)), [])
    rows = []
    sink = open(os.devnull, "w")  # noqa: SIM115 - the request lines are not the figures
    for path in ENDPOINTS:
        event = converter.create_lambda_event("GET", path, {"host": "bench"}, None)
        times, before = [], store.STATS.calls
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            with contextlib.redirect_stdout(sink):
                response: dict[str, Any] = app.app(event, LambdaContext("bench", 1024))
            times.append((time.perf_counter() - started) * 1e3)
            assert response["statusCode"] == 200, response
        calls = (store.STATS.calls - before) / WARM_RUNS
        times.sort()
        p99 = times[int(len(times) * 0.99) - 1]
        rows.append((path, statistics.median(times), p99, calls, len(response["body"].encode())))
    sink.close()
    return rows


def sizing() -> list[dict[str, float]]:
    code = SIZING % (ENDPOINTS, SIZING_REQUESTS, SIZING_REQUESTS)
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=os.environ, capture_output=True, text=True
        )
        if out.returncode:
            sys.exit(out.stderr)
        runs.append(json.loads(out.stdout.splitlines()[-1]))
    return runs


def main() -> None:
    start_dynamodb()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, DynamoDB: moto on loopback")
    runs = cold()
    for key, values in runs.items():
        print(
            f"cold {key:10} median {statistics.median(values):7.1f} ms"
            f"  (min {min(values):.1f}, max {max(values):.1f}, {COLD_RUNS} processes)"
        )
    print(f"\n{'warm endpoint':66} {'p50 ms':>7} {'p99 ms':>7} {'ddb/req':>7} {'bytes':>7}")
    for path, p50, p99, calls, size in warm():
        print(f"{path:66} {p50:7.2f} {p99:7.2f} {calls:7.2f} {size:7d}")
    print(f"\nwarm figures include the DynamoDB round trip to moto ({WARM_RUNS} requests each)")
    footprints = sizing()
    for key in ("peak_rss_mb", "cpu_ms_per_request"):
        values = [run[key] for run in footprints]
        print(
            f"sizing {key:18} median {statistics.median(values):6.1f}"
            f"  (min {min(values):.1f}, max {max(values):.1f}; {SIZING_REQUESTS} mixed requests)"
        )


if __name__ == "__main__":
    main()
