"""Benchmark: cold start against its floor, warm handler time, DynamoDB cost, scale, memory.

Prints a table and writes docs/performance.md (machine, date, figures). Every figure is
the median of repeated runs with min and max. DynamoDB is moto's server on loopback,
started once, outside every timed process. Asserts nothing: tests/functional/test_costs.py
guards the counts; the targets are discussed in docs/performance.md.

    make bench                      # scales 100 and 10,000
    make bench BENCH_ARGS=--full    # and 100,000 items per type
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]
from chalicelib import container  # noqa: E402  (the path above first)
from tests.strict import item_size  # noqa: E402  (DynamoDB's own count of an item's bytes)

OUT = ROOT / "docs" / "performance.md"
DETAIL_ID = "data-operation-centers"  # a seed project, in every table

# One process per run: import the app, serve one request through the Lambda entry point
# (an API Gateway proxy event), print the times. The floor does the least any such function
# must: import Chalice, make a boto3 DynamoDB client, GetItem, return a JSON body.
COLD_APP = """
import json, time
t0 = time.perf_counter()
import app
t1 = time.perf_counter()
from chalice.local import LambdaContext, LambdaEventConverter, RouteMatcher
event = LambdaEventConverter(RouteMatcher(list(app.app.routes)), []).create_lambda_event(
    "GET", %r, {"host": "bench"}, None)
t2 = time.perf_counter()
response = app.app(event, LambdaContext("bench", 1024))
t3 = time.perf_counter()
assert response["statusCode"] == 200, response
print(json.dumps({"import": (t1 - t0) * 1e3, "first": (t3 - t2) * 1e3,
                  "total": (t1 - t0 + t3 - t2) * 1e3}))
"""
COLD_FLOOR = """
import json, os, time
t0 = time.perf_counter()
import chalice.app
import boto3
db = boto3.client("dynamodb", endpoint_url=os.environ["DYNAMODB_ENDPOINT_URL"])
item = db.get_item(TableName=os.environ["TABLE_NAME"], Key={"pk": {"S": "project#%s"}})
body = json.dumps({"statusCode": 200, "body": item["Item"]["doc"]["S"]})
t1 = time.perf_counter()
print(json.dumps({"total": (t1 - t0) * 1e3}))
"""

# A warm container: 10,000 requests over ~130 distinct URLs with prod's 30 s cache TTL (a
# miss per URL, then hits); RSS after 1,000, 5,000 and 10,000, and the cache's bytes.
MEMORY = """
import contextlib, json, os
import app
from chalice.local import LambdaContext, LambdaEventConverter, RouteMatcher
converter = LambdaEventConverter(RouteMatcher(list(app.app.routes)), [])
paths = %r
events = [converter.create_lambda_event("GET", p, {"host": "bench"}, None) for p in paths]
def vm(field):
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) / 1024 for l in status if l.startswith(field))
marks = []
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    for i in range(10000):
        assert app.app(events[i %% len(events)], LambdaContext("b", 1024))["statusCode"] == 200
        if i + 1 in (1000, 5000, 10000):
            marks.append(vm("VmRSS:"))
from chalicelib.container import CONTAINER
print(json.dumps({"rss_1k": marks[0], "rss_5k": marks[1], "rss_10k": marks[2],
                  "peak": vm("VmHWM:"), "calls": CONTAINER.stats.calls,
                  "cache_kb": CONTAINER.responses.bytes / 1024}))
"""


def spread(values: list[float], unit: str = "", digits: int = 1) -> str:
    """median (min–max)"""
    med, lo, hi = statistics.median(values), min(values), max(values)
    return f"{med:.{digits}f}{unit} ({lo:.{digits}f}–{hi:.{digits}f})"


def column(runs: list[dict[str, float]], name: str, unit: str = "") -> str:
    return spread([run[name] for run in runs], unit)


def run_python(
    code: str, env: dict[str, str] | None = None, *flags: str
) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, *flags, "-c", code], cwd=ROOT, env=env or os.environ,
        capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode:
        sys.exit(out.stderr[-3000:])
    return out


def last_json(out: subprocess.CompletedProcess[str]) -> dict[str, float]:
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# --- the table ---------------------------------------------------------------------------


def start_dynamodb() -> None:
    from coop import devserver

    devserver.start_embedded_dynamodb()
    # moto's Query reads its whole table: at 10,000+ items one can pass the 1 s read timeout
    # that suits DynamoDB, and the answer would be a kept one, not a measured miss.
    os.environ["DYNAMODB_READ_TIMEOUT"] = "30"


def fill(scale: int) -> tuple[str, str]:
    """A table with the seed content and ``scale`` generated records of each kind."""
    from coop import content, generate, loader, table

    name = f"coop-bench-{scale}"
    os.environ["TABLE_NAME"] = name
    container.reset()
    db = table.client()
    table.create_table(db, name)
    seed = content.read(ROOT / "content")
    extra = content.Content()
    for kind, record in generate.records(scale):
        if kind != "sector":
            extra.records[kind].append(record)
    for kind, records in seed.records.items():
        extra.records[kind].extend(records)
    started = time.perf_counter()
    with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
        plan = loader.load(db, name, extra, at="2026-11-28T00:00:00.000Z")
    print(f"  table {name}: {extra.count()} items in {time.perf_counter() - started:.0f} s")
    print(f"  {plan.search.summary(dry_run=False)}")
    return name, plan.search.summary(dry_run=False).split("; ", 1)[1]


# --- cold start ----------------------------------------------------------------------------


def cold(runs: int) -> dict[str, Any]:
    env = {**os.environ, "STAGE": "dev"}
    app_runs, floor_runs, list_runs, search_runs = [], [], [], []
    for _ in range(runs):  # interleaved, so that the machine's drift touches all three alike
        app_runs.append(last_json(run_python(COLD_APP % f"/v1/projects/{DETAIL_ID}", env)))
        floor_runs.append(last_json(run_python(COLD_FLOOR % DETAIL_ID, env)))
        list_runs.append(last_json(run_python(COLD_APP % "/v1/projects?limit=20", env)))
        search_runs.append(last_json(run_python(COLD_APP % "/v1/search?q=cold+chain", env)))
    ratios = sorted(a["total"] / f["total"] for a, f in zip(app_runs, floor_runs, strict=True))
    trace = run_python("import app", env, "-X", "importtime").stderr
    return {
        "app": app_runs,
        "floor": floor_runs,
        "list": list_runs,
        "search": search_runs,
        "ratio": statistics.median(a["total"] for a in app_runs)
        / statistics.median(f["total"] for f in floor_runs),
        "ratios": ratios,
        "imports": top_imports(trace, 5),
    }


def top_imports(trace: str, count: int) -> list[tuple[str, float]]:
    """The most expensive imports under ``import app``, by cumulative time."""
    rows = []
    for line in trace.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative_us, name = line[len("import time:") :].split("|")
        rows.append((name.strip(), int(cumulative_us) / 1000))
    after_startup = rows[next(i for i, row in enumerate(rows) if row[0] == "site") + 1 :]
    best: dict[str, float] = {}
    for name, ms in after_startup:
        if name != "app":
            best[name] = max(ms, best.get(name, 0.0))
    return sorted(best.items(), key=lambda row: -row[1])[:count]


# --- warm requests ---------------------------------------------------------------------------


@dataclass
class Meter:
    """Time spent waiting on DynamoDB (the HTTP send), items it read, capacity it used."""

    wait: float = 0.0
    read: int = 0
    consumed: float = 0.0
    calls: int = 0

    def install(self) -> None:
        import botocore.httpsession

        from chalicelib.store import dynamodb as store

        send = botocore.httpsession.URLLib3Session.send
        meter = self

        def timed(session: Any, request: Any) -> Any:
            started = time.perf_counter()
            try:
                return send(session, request)
            finally:
                meter.wait += time.perf_counter() - started

        botocore.httpsession.URLLib3Session.send = timed  # type: ignore[method-assign,assignment]
        db = store.client()
        db.meta.events.register("after-call.dynamodb", self.after_call)

    def after_call(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls += 1
        if model.name == "GetItem":
            found = [parsed["Item"]] if "Item" in parsed else []
            self.read += len(found)
            self.consumed += read_units(sum(map(item_size, found)))
        elif model.name == "BatchGetItem":
            found = [item for items in parsed.get("Responses", {}).values() for item in items]
            self.read += len(found)
            self.consumed += sum(read_units(item_size(item)) for item in found)
        else:
            self.read += int(parsed.get("ScannedCount", parsed.get("Count", 0)))
            self.consumed += read_units(sum(map(item_size, parsed.get("Items", []))))


def read_units(size: int) -> float:
    """Eventually consistent read units for ``size`` bytes, as DynamoDB bills them: half a
    unit per 4 KB begun, at least half a unit (per item in a batch, per call in a query).
    moto reports one unit per key whatever the size, so the bench counts them itself."""
    return max(1, -(-size // 4096)) / 2


@dataclass
class Warm:
    path: str
    own_ms: list[float] = field(default_factory=list)  # handler time minus DynamoDB wait
    total_ms: list[float] = field(default_factory=list)
    calls: float = 0.0
    read_per_returned: float | None = 0.0  # None when nothing is returned (a search miss)
    rcu: float = 0.0
    raw: int = 0
    gzipped: int = 0
    hit_own_ms: list[float] = field(default_factory=list)
    hit_calls: float = 0.0


# Per endpoint and language: a detail, lists of 20, a filtered list, lang=all.
ENDPOINTS = [
    f"/v1/projects/{DETAIL_ID}?lang=en",
    "/v1/projects?lang=en&limit=20",
    "/v1/projects?lang=zh-Hant&limit=20",
    "/v1/projects?lang=en&limit=20&sector=transport",
    "/v1/projects?lang=all&limit=20",
    "/v1/festival-products?lang=zh-Hans&limit=20&category=wine",
    "/v1/announcements?lang=en&limit=20",
    "/v1/announcements/chongqing-expands-cooperation-with-california?lang=zh-Hant",
    "/v1/festival-products/red-wine?lang=zh-Hans",
    "/v1/sectors?lang=en",
    # Search: a rare term (冷链: the seed's only), common ones (物流中心: in most generated
    # records, their lists cut at 10,000), English, and a query that finds nothing.
    "/v1/search?q=%E5%86%B7%E9%93%BE&lang=en",
    "/v1/search?q=%E7%89%A9%E6%B5%81%E4%B8%AD%E5%BF%83&lang=zh-Hans&limit=20",
    "/v1/search?q=cold+chain+logistics&lang=en&limit=20",
    "/v1/search?q=bitcoin&lang=en",
]


def returned(body: dict[str, Any]) -> int:
    return len(body["items"]) if "items" in body else 1


def per_returned(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"  # noqa: RUF001


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def warm(paths: list[str], runs: int) -> list[Warm]:
    from chalice.local import LambdaContext, LambdaEventConverter, RouteMatcher

    import app

    meter = Meter()
    meter.install()
    converter = LambdaEventConverter(RouteMatcher(list(app.app.routes)), [])
    context = LambdaContext("bench", 1024)
    results = []
    with open(os.devnull, "w") as sink:
        for path in paths:
            event = converter.create_lambda_event("GET", path, {"host": "bench"}, None)
            row = Warm(path)
            calls0, read0, rcu0, items = meter.calls, meter.read, meter.consumed, 0
            os.environ["RESPONSE_CACHE_TTL"] = "0"  # every request a miss
            for _ in range(runs):
                waited, started = meter.wait, time.perf_counter()
                with contextlib.redirect_stdout(sink):
                    response = app.app(event, context)
                total = time.perf_counter() - started
                row.total_ms.append(total * 1e3)
                row.own_ms.append((total - (meter.wait - waited)) * 1e3)
                assert response["statusCode"] == 200, response
                items += returned(json.loads(response["body"]))
            row.calls = (meter.calls - calls0) / runs
            row.read_per_returned = (meter.read - read0) / items if items else None
            row.rcu = (meter.consumed - rcu0) / runs
            raw = response["body"].encode()
            row.raw, row.gzipped = len(raw), len(gzip.compress(raw, 6))
            os.environ["RESPONSE_CACHE_TTL"] = "3600"  # every request after the first a hit
            container.CONTAINER.responses.clear()
            with contextlib.redirect_stdout(sink):
                app.app(event, context)
            calls0 = meter.calls
            for _ in range(runs):
                started = time.perf_counter()
                with contextlib.redirect_stdout(sink):
                    response = app.app(event, context)
                row.hit_own_ms.append((time.perf_counter() - started) * 1e3)
            row.hit_calls = (meter.calls - calls0) / runs
            results.append(row)
    os.environ["RESPONSE_CACHE_TTL"] = "0"
    return results


# --- the report ------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {system}, Python {platform.python_version()}"


def report(args: argparse.Namespace) -> list[str]:
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    start_dynamodb()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    say(f"Run {stamp} on {machine()}. DynamoDB: moto's server on loopback.")
    say()
    scales = [int(n) for n in args.scales.split(",")] + ([100_000] if args.full else [])
    filled = {scale: fill(scale) for scale in scales}
    tables = {scale: name for scale, (name, _) in filled.items()}

    os.environ["TABLE_NAME"] = tables[scales[0]]
    result = cold(args.cold)
    say(f"## Cold start ({args.cold} fresh processes each; median (min–max))")
    say()
    say("| process | import ms | first request ms | import + first request ms |")
    say("| --- | ---: | ---: | ---: |")
    for label, runs in (
        ("app: GET one project", result["app"]),
        ("app: GET a list of 20", result["list"]),
        ("app: GET a search (imports search then)", result["search"]),
    ):
        say(
            f"| {label} | {column(runs, 'import')} | {column(runs, 'first')}"
            f" | {column(runs, 'total')} |"
        )
    say(
        "| floor: import chalice, boto3 client, GetItem, JSON | | |"
        f" {column(result['floor'], 'total')} |"
    )
    say()
    say(
        f"**Ratio app / floor: {result['ratio']:.2f}** (target ≤ 1.15;"
        f" per-pair ratios {spread(result['ratios'], digits=2)})."
    )
    say()
    say("Most expensive imports under `import app` (`python -X importtime`, cumulative):")
    say()
    for name, ms in result["imports"]:
        say(f"- `{name.strip()}` {ms:.1f} ms")
    say()

    for scale in scales:
        os.environ["TABLE_NAME"] = tables[scale]

        container.reset()
        # moto's Query reads its whole table, so big tables get fewer misses (its time is
        # not in the handler's own time, but it is in the wall clock of this run).
        runs = args.warm if scale <= 1000 else args.big_runs
        rows = warm(ENDPOINTS, runs)
        say(f"## Warm requests, {scale:,} items per type ({runs} misses and {runs} hits each)")
        say()
        say(f"Search index: {filled[scale][1]}.")
        say()
        say(
            "| endpoint | own ms p50 | own ms p99 | total ms p50 | DynamoDB req (miss)"
            " | (hit) | hit own ms p50 / p99 | items read / returned | RCU / req"
            " | bytes raw / gzip |"
        )
        say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in rows:
            say(
                f"| `{row.path}` | {percentile(row.own_ms, 0.5):.2f}"
                f" | {percentile(row.own_ms, 0.99):.2f} "
                f"| {percentile(row.total_ms, 0.5):.2f} | {row.calls:.2f} | {row.hit_calls:.2f} "
                f"| {percentile(row.hit_own_ms, 0.5):.3f} / {percentile(row.hit_own_ms, 0.99):.3f} "
                f"| {per_returned(row.read_per_returned)} | {row.rcu:.2f}"
                f" | {row.raw:,} / {row.gzipped:,} |"
            )
        say()

    os.environ["TABLE_NAME"] = tables[scales[0]]
    paths = [
        f"/v1/{kind}?lang={lang}&limit={limit}"
        for kind in ("projects", "festival-products", "announcements")
        for lang in ("en", "zh-Hans", "zh-Hant", "all")
        for limit in range(10, 21)
    ]
    paths += ENDPOINTS + ["/v1/announcements.atom", "/embed/projects"]
    env = {**os.environ, "STAGE": "dev", "RESPONSE_CACHE_TTL": "30"}
    memory = [last_json(run_python(MEMORY % (paths,), env)) for _ in range(3)]
    say("## Memory (a warm process, 10,000 mixed requests, 3 processes)")
    say()
    say(f"- RSS after 1,000 requests: {spread([m['rss_1k'] for m in memory], ' MB')}")
    say(
        f"- RSS after 5,000: {column(memory, 'rss_5k', ' MB')};"
        f" after 10,000: {column(memory, 'rss_10k', ' MB')}"
    )
    say(
        "- growth over the second 5,000: "
        + spread([m["rss_10k"] - m["rss_5k"] for m in memory], " MB", 2)
    )
    say(f"- peak RSS: {spread([m['peak'] for m in memory], ' MB')}")
    say(
        "- DynamoDB requests (cache misses) per 10,000: "
        f"{spread([m['calls'] for m in memory], '', 0)};"
        f" cache size at the end: {spread([m['cache_kb'] for m in memory], ' KB')}"
        " (bound: CACHE_MAX_BYTES, 8 MiB)"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 100,000 items per type")
    parser.add_argument("--cold", type=int, default=7, help="fresh processes per cold figure")
    parser.add_argument("--warm", type=int, default=300, help="requests per warm figure")
    parser.add_argument("--write", type=Path, default=None, help="write the report here")
    parser.add_argument("--big-runs", type=int, default=30, help="requests per figure over 1,000")
    parser.add_argument("--scales", default="100,10000", help="items per type, comma-separated")
    args = parser.parse_args()
    lines = report(args)
    if args.write:
        write_between_markers(args.write, lines)
        print(f"wrote {args.write}")


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_between_markers(path: Path, lines: list[str]) -> None:
    """Replace the figures in ``path``, keeping the hand-written text around them."""
    text = path.read_text() if path.exists() else f"# Performance\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(head + START + "\n" + "\n".join(lines) + "\n" + END + tail)


if __name__ == "__main__":
    main()
