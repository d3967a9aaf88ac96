"""`coop`: the content tool. validate, load, import-release, export, generate, serve, ..."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from chalicelib.config import settings
from chalicelib.taxonomy import KINDS
from coop import content, errors, files, loader, repair, table
from coop.models import MODELS

DEFAULT_DIR = Path("content")
ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "chalicelib" / "api" / "openapi.json"
SEARCH_TABLE = ROOT / "chalicelib" / "search" / "hans.json"


def _read(args: argparse.Namespace) -> content.Content | None:
    """Read and report; None (after saying why) when anything is wrong."""
    found = content.read(args.dir, strict=args.strict)
    for fixed in found.repairs:
        if not args.strict or fixed.kind == "note":
            print(f"{VERDICTS[fixed.kind]} {fixed}", file=sys.stderr)
    for problem in found.problems:
        print(problem, file=sys.stderr)
    if found.problems:
        verdict = "nothing was written" if args.command == "load" else "fix them first"
        print(f"{len(found.problems)} problem(s); {verdict}", file=sys.stderr)
        return None
    return found


def _validate(args: argparse.Namespace) -> int:
    found = _read(args)
    if found is None:
        return 1
    counts = ", ".join(f"{len(v)} {k}" for k, v in found.records.items())
    print(f"ok: {found.count()} records ({counts}); {len(found.repairs)} repair(s)")
    return 0


def _load(args: argparse.Namespace) -> int:
    found = _read(args)
    if found is None:
        return 1
    name, db = settings().table_name, table.client()
    result = loader.load(db, name, found, dry_run=args.dry_run, prune=args.prune)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    removal = "remove" if args.prune else "remove?"
    plan = [("add", result.add), ("change", result.change), (removal, result.remove)]
    if args.dry_run:  # the whole plan; a real load lists only what it writes
        plan.insert(2, ("same", result.unchanged))
    for verb, pks in plan:
        for pk in pks:
            print(f"{verb:8} {pk}")
    written = len(result.add) + len(result.change) + (len(result.remove) if args.prune else 0)
    action = "would write" if args.dry_run else "wrote"
    print(f"{name}: {result.summary()}; {action} {written} item(s)")
    print(f"{name}: {result.search.summary(args.dry_run)}")
    if result.remove and not args.prune:
        print("records not in content are kept; `coop load --prune` deletes them")
    if not args.dry_run:
        from coop import publish

        print(publish.publish(db, name, result.live, os.environ.get("BULK_BUCKET") or None))
    return 0


VERDICTS = {"damage": "repaired", "note": "note", "review": "review"}
STRICT_VERDICTS = {"damage": "damage", "note": "note", "review": "unconfirmed"}


def _report(where: str, found: repair.Repair, strict: bool) -> str:
    verdict = (STRICT_VERDICTS if strict else VERDICTS)[found.kind]
    return f"{verdict} {where} {found.path!r}: {found.message()}"


def _import_release(args: argparse.Namespace) -> int:
    from coop import decode, release

    try:
        text, encoding = decode.read(args.file)
    except errors.Unreadable as error:
        print(f"cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    if encoding != "UTF-8":
        print(f"note: {args.file} read as {encoding}", file=sys.stderr)
    glossary = _glossary(args.content, explicit=args.content != DEFAULT_DIR)
    if glossary is None:
        return 1
    record, warnings = release.draft(text, f"sources/{args.file.name}", args.id)
    given, _ = repair.clean(record, glossary=glossary)
    fixed, repairs = repair.repair(record, glossary=glossary)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    where = f"{args.file}: record {fixed['id']!r}: field"
    for found in repairs:
        print(_report(where, found, args.strict), file=sys.stderr)
    refused = [found for found in repairs if found.kind != "note"]
    if args.strict and refused:
        print(f"{len(refused)} repair(s) or review(s) needed; no draft written", file=sys.stderr)
        return 1
    try:
        MODELS["announcement"].model_validate(fixed)
        model = MODELS["announcement"].model_validate(given)
    except ValidationError as error:
        for issue in error.errors():
            field = ".".join(str(part) for part in issue["loc"])
            print(f"{where} {field!r}: {issue['msg']}", file=sys.stderr)
        print("no draft written: the release lacks what an announcement needs", file=sys.stderr)
        return 1
    return _write_draft(args, content.dump(model, glossary))


def _glossary(folder: Path, explicit: bool) -> dict[str, str] | None:
    """The content folder's confirmed conversions; None (having said why) when unusable."""
    problems: list[content.Problem] = []
    if explicit and not folder.is_dir():
        problems.append(content.Problem(str(folder), "-", "-", "is not a folder"))
    glossary = content.read_glossary(folder / content.GLOSSARY, problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("no draft written: the glossary cannot be used", file=sys.stderr)
        return None
    return glossary


def _write_draft(args: argparse.Namespace, draft: str) -> int:
    if args.output and args.output.exists() and not args.force:
        print(f"{args.output} exists; --force replaces it", file=sys.stderr)
        return 1
    if args.output:
        files.write_all({args.output: draft}, within=args.output.parent)
        print(f"draft written to {args.output}; review it, then `coop validate`", file=sys.stderr)
    else:
        sys.stdout.write(draft)
    return 0


def _write_records(
    root: Path, records: list[tuple[str, content.Record]], glossary: dict[str, str] | None = None
) -> None:
    """Every record file, or none; ``root`` may be new, but not its parent folder."""
    texts = {
        root / KINDS[kind].path / f"{model.id}.yaml": content.dump(model, glossary or {})
        for kind, model in records
    }
    files.write_all(texts, within=root.parent)


def _export(args: argparse.Namespace) -> int:
    """DIR's record files become the table's: written, and those of other records removed."""
    glossary = content.read_glossary(args.dir / content.GLOSSARY)
    docs = loader.export_docs(table.client(), settings().table_name)
    records = [(k, MODELS[k].model_validate(doc)) for k, ds in docs.items() for doc in ds]
    kept = {args.dir / KINDS[kind].path / f"{model.id}.yaml" for kind, model in records}
    stale = [
        path
        for kind in KINDS.values()
        for path in sorted((args.dir / kind.path).glob("*.y*ml"))
        if path not in kept
    ]
    if stale and not args.force:  # exporting an empty or wrong table must not wipe content/
        for path in stale:
            print(f"would remove {path} (not in the table)", file=sys.stderr)
        print("nothing exported; --force writes the table and removes these", file=sys.stderr)
        return 1
    _write_records(args.dir, records, glossary)
    for path in stale:
        files.remove(path)
        print(f"removed {path} (not in the table)")
    print(f"exported {len(records)} record(s) to {args.dir}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from coop import generate

    records = list(generate.records(args.count))
    _write_records(args.dir, records)
    print(f"generated {len(records)} record(s) in {args.dir}")
    return 0


def _create_table(args: argparse.Namespace) -> int:
    name = settings().table_name
    created = table.create_table(table.client(), name)
    print(f"{name}: {'created' if created else 'already exists'}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from coop import template

    sys.stdout.write(template.render(args.stage))
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from chalicelib.routes import ROUTES
    from coop import openapi

    text = openapi.render(ROUTES, openapi.seed_examples())
    if args.check:
        current = OPENAPI.read_text(encoding="utf-8") if OPENAPI.exists() else ""
        if current != text:
            print(f"{OPENAPI} is out of date: run `coop openapi --write`", file=sys.stderr)
            return 1
        print(f"{OPENAPI} is up to date")
    elif args.write:
        files.write_all({OPENAPI: text}, within=OPENAPI.parent)
        print(f"wrote {OPENAPI}")
    else:
        sys.stdout.write(text)
    return 0


def _search_table(args: argparse.Namespace) -> int:
    from coop import scripts

    text, path = scripts.hans_table(), SEARCH_TABLE
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(f"{path} is out of date: run `coop search-table --write`", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
    else:
        files.write_all({path: text}, within=path.parent)
        print(f"wrote {path}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from coop import devserver

    return devserver.serve(Path.cwd(), args.dir, stage=args.stage)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="coop", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    def command(name: str, func: object, text: str, folder: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        if folder:
            sub.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
        sub.set_defaults(func=func)
        return sub

    strict = "treat any needed repair as an error"
    command("validate", _validate, "check every content file").add_argument(
        "--strict", action="store_true", help=strict
    )
    load = command("load", _load, "write content into TABLE_NAME (validates everything first)")
    load.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    load.add_argument("--prune", action="store_true", help="tombstone records not in content")
    load.add_argument("--strict", action="store_true", help=strict)
    release = command("import-release", _import_release, "draft an announcement", False)
    release.add_argument("file", type=Path)
    release.add_argument("-o", "--output", type=Path, help="write here, not to standard output")
    release.add_argument("--id", help="the announcement id (default: from the English title)")
    release.add_argument("--strict", action="store_true", help=strict)
    release.add_argument("--force", action="store_true", help="replace an existing -o file")
    release.add_argument(
        "--content", type=Path, default=DEFAULT_DIR, help=f"whose {content.GLOSSARY} to use"
    )
    command("export", _export, "write the table back to content files in DIR").add_argument(
        "--force", action="store_true", help="also remove record files not in the table"
    )
    command("generate", _generate, "write synthetic records to DIR").add_argument(
        "--count", type=_positive, default=100, help="records per kind"
    )
    command("serve", _serve, "embedded DynamoDB + content + API on $PORT").add_argument(
        "--stage", default="dev"
    )
    command("create-table", _create_table, "create TABLE_NAME if missing", False)
    command(
        "template", _template, "print the resources merged by make package", False
    ).add_argument("--stage", default="prod")
    table = command(
        "search-table", _search_table, "write (or --check) chalicelib/search/hans.json", False
    )
    table.add_argument("--check", action="store_true")
    spec = command(
        "openapi", _openapi, "print (or --write, --check) chalicelib/api/openapi.json", False
    )
    spec.add_argument("--write", action="store_true")
    spec.add_argument("--check", action="store_true")
    return top


def main(argv: list[str] | None = None) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ClientError as error:
        error_code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message") or error_code or str(error)
        print(f"coop: DynamoDB refused ({settings().table_name}): {message}", file=sys.stderr)
        if error_code == "ResourceNotFoundException":
            print("coop: no such table here: `coop create-table` creates it", file=sys.stderr)
        return 2
    except BotoCoreError as error:
        print(f"coop: cannot reach DynamoDB: {error}", file=sys.stderr)
        return 2
    except (errors.Unfinished, errors.Unpublished) as error:
        print(f"coop: {error}", file=sys.stderr)
        return 2
    except (errors.Unwritable, errors.Outgrown) as error:
        print(f"coop: {error}", file=sys.stderr)
        return 1
    return code


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


if __name__ == "__main__":
    sys.exit(main())
