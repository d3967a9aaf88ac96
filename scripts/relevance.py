"""Run the judged query set (tests/relevance/judged.yaml) against content/ loaded into an
in-memory table, through the API, and print each query's rank and the set's MRR and recall@3."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))


def main() -> int:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1", "TABLE_NAME": "coop-test",
    }.items():  # fmt: skip
        os.environ[name] = value
    from chalice.test import Client
    from moto import mock_aws

    from app import app
    from chalicelib.store import dynamodb, keys
    from coop import content, loader
    from tests.relevance import TOP, measure

    with mock_aws():
        db = dynamodb.client()
        db.create_table(**keys.table_definition("coop-test"))
        loader.load(db, "coop-test", content.read(ROOT / "content"))
        with Client(app, stage_name="test", project_dir=str(ROOT)) as client:

            def search(q: str, lang: str) -> list[str]:
                query = urlencode({"q": q, "lang": lang, "limit": 100})
                answer = json.loads(client.http.get(f"/v1/search?{query}").body)
                return [f"{item['type']}/{item['id']}" for item in answer["items"]]

            report = measure(search)
    for outcome in report.outcomes:
        judged = outcome.judgment
        if judged.expect:
            shown = f"RR {outcome.reciprocal_rank:.2f}  recall@{TOP} {outcome.recall:.2f}"
        else:
            shown = f"{len(outcome.found)} found" + (
                " (none expected)" if judged.expect is None else ""
            )
        mark = "FAIL" if outcome.failures else "ok"
        print(f"{mark:4} {judged.q:24} {shown}")
    print(
        f"\n{len(report.outcomes)} queries ({len(report.ranked)} with expected records):"
        f" MRR {report.mrr:.3f}, recall@{TOP} {report.recall_at_3:.3f},"
        f" {len(report.failed)} failing"
    )
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
