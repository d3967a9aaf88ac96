"""`coop` command line: validate, load, create-table, serve and template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chalicelib import store
from chalicelib.config import settings
from coop import content, loader, table

DEFAULT_DIR = Path("content")


def _validate(args: argparse.Namespace) -> int:
    found = content.read(args.dir)
    for problem in found.problems:
        print(problem, file=sys.stderr)
    if found.problems:
        print(f"{len(found.problems)} problem(s); fix them before loading", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(v)} {k}" for k, v in found.records.items())
    print(f"ok: {found.count()} records ({counts})")
    return 0


def _load(args: argparse.Namespace) -> int:
    found = content.read(args.dir)
    if found.problems:
        for problem in found.problems:
            print(problem, file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    name = settings().table_name
    result = loader.load(store.client(), name, found, dry_run=args.dry_run)
    for verb, pks in (("add", result.add), ("change", result.change), ("remove?", result.remove)):
        for pk in pks:
            print(f"{verb:8} {pk}")
    written = len(result.add) + len(result.change)
    action = "would write" if args.dry_run else "wrote"
    print(f"{name}: {result.summary()}; {action} {written} item(s)")
    if result.remove:
        print("records not in content are kept; see docs/editing.md")
    return 0


def _create_table(args: argparse.Namespace) -> int:
    name = settings().table_name
    created = table.create_table(store.client(), name)
    print(f"{name}: {'created' if created else 'already exists'}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from coop import template

    sys.stdout.write(template.render())
    return 0


def _serve(args: argparse.Namespace) -> int:
    from coop import devserver

    return devserver.serve(Path.cwd(), args.dir, stage=args.stage)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="coop", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    for name, func, text in (
        ("validate", _validate, "check every content file"),
        ("load", _load, "write the content into TABLE_NAME (validates first)"),
        ("serve", _serve, "embedded DynamoDB + content + API on http://127.0.0.1:$PORT"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
        command.set_defaults(func=func)
    commands.choices["load"].add_argument("--dry-run", action="store_true")
    commands.choices["serve"].add_argument("--stage", default="dev")
    create = commands.add_parser("create-table", help="create TABLE_NAME if missing")
    create.set_defaults(func=_create_table)
    merge = commands.add_parser("template", help="print the resources merged by make package")
    merge.set_defaults(func=_template)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
