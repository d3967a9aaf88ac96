"""Draft every release of the editors' corpus and print, per rule, the precision and recall
of repair against the damage planted in it; ``--write`` refreshes the golden files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus import CASES, broken_traps, measure, reviews, run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write each .yaml and .report")
    args = parser.parse_args()
    drafts = {}
    for case in CASES:
        drafted = drafts[case.stem] = run(case)
        if args.write:
            case.with_suffix(".yaml").write_text(drafted.draft, encoding="utf-8")
            case.with_suffix(".report").write_text(drafted.report, encoding="utf-8")
        print(f"{case.stem:34} exit {drafted.code}, {reviews(drafted.report)} review(s)")
    tally = measure(drafts)
    heads = ("made", "false", "precision", "planted", "found", "recall")
    print(f"\n{'rule':12} " + " ".join(f"{h:>9}" for h in heads))
    for rule in sorted(tally.made.keys() | tally.planted.keys()):
        made, false = tally.made[rule], tally.false[rule]
        planted, found = tally.planted[rule], tally.found[rule]
        precision = f"{(made - false) / made:.2f}" if made else "-"
        recall = f"{found / planted:.2f}" if planted else "-"
        cells = (made, false, precision, planted, found, recall)
        cells = (made, false, precision, planted, found, recall)
        print(f"{rule:12} " + " ".join(f"{c:>9}" for c in cells))
    print(f"\nreviews listed: {sum(reviews(d.report) for d in drafts.values())}")
    for trap in broken_traps(drafts):
        print(f"trap changed: {trap}")
    for line in tally.false_lines:
        print(f"false repair: {line}")
    for line in tally.missed:
        print(f"left: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
