"""Hostile or broken content files: each one problem line naming file, record and field (or
line), never a traceback or a hang, and nothing written."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from coop import cli, itemsize
from tests.conftest import TABLE

TRANSPORT = Path("projects") / "key-projects-transport.yaml"
ANNOUNCEMENT = Path("announcements") / "chongqing-expands-cooperation-with-california.yaml"


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when the body runs longer than ``seconds``."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def problems(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problem lines of a run that must fail with exit code 1 and no traceback."""
    with deadline(30):
        assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[-1].endswith(("fix them first", "nothing was written")), err
    return lines[:-1]


def test_an_invalid_date_names_file_record_and_field(db, content_copy: Path, capsys):
    path = content_copy / ANNOUNCEMENT
    path.write_text(path.read_text() + "published_at: 2026-13-45\n")
    for command in ("validate", "load"):
        assert problems([command, str(content_copy)], capsys) == [
            f"{path}: record 'chongqing-expands-cooperation-with-california': "
            "field 'published_at': Input should be a valid date or datetime, "
            "month value is outside expected range of 1-12"
        ]
    assert db.scan(TableName=TABLE, Select="COUNT")["Count"] == 0


def test_a_valid_date_still_loads(content_copy: Path, capsys):
    path = content_copy / ANNOUNCEMENT
    path.write_text(path.read_text() + "published_at: 2013-05-20\n")
    assert cli.main(["validate", str(content_copy)]) == 0


def alias_bomb() -> str:
    """Nine levels of nine aliases: 1 KB that expands to 9⁹ strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{','.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once(db, content_copy: Path, capsys):
    path = content_copy / TRANSPORT
    path.write_text(alias_bomb())
    for command in ("validate", "load"):
        assert problems([command, str(content_copy)], capsys) == [
            f"{path}: record 'key-projects-transport': field '-': "
            "line 1: anchors and aliases (&a) are not allowed in content"
        ]
    assert db.scan(TableName=TABLE, Select="COUNT")["Count"] == 0


def test_an_alias_is_named_where_it_is_used(content_copy: Path, capsys):
    path = content_copy / TRANSPORT
    path.write_text(path.read_text().replace("order: 7", "order: *seven"))
    assert problems(["validate", str(content_copy)], capsys) == [
        f"{path}: record 'key-projects-transport': field '-': "
        "line 10: anchors and aliases (*seven) are not allowed in content"
    ]


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_one_line(content_copy: Path, capsys, style):
    path = content_copy / TRANSPORT
    if style == "flow":
        path.write_text("id: " + "[" * 5000 + "]" * 5000 + "\n")
    else:
        path.write_text("".join(f"{'  ' * n}k{n}:\n" for n in range(100)))
    assert problems(["validate", str(content_copy)], capsys) == [
        f"{path}: record 'key-projects-transport': field '-': "
        f"line {1 if style == 'flow' else 20}: nested deeper than 20 levels"
    ]


def test_a_file_over_a_megabyte_is_refused_unread(content_copy: Path, capsys):
    path = content_copy / TRANSPORT
    path.write_text("# " + "x" * 1024 * 1024 + "\n")
    assert problems(["validate", str(content_copy)], capsys) == [
        f"{path}: record 'key-projects-transport': field '-': "
        "is over 1,048,576 bytes, more than a content file may hold"
    ]


def test_duplicate_keys_are_refused_naming_key_and_line(db, content_copy: Path, capsys):
    path = content_copy / TRANSPORT
    path.write_text(path.read_text() + "title: x\n")
    glossary = content_copy / "scripts.yaml"
    glossary.write_text("签订: 簽訂\n签订: 簽定\n")
    assert problems(["load", str(content_copy)], capsys) == [
        f"{glossary}: record '-': field '-': line 2: duplicate key '签订' (first on line 1)",
        f"{path}: record 'key-projects-transport': field '-': "
        "line 12: duplicate key 'title' (first on line 4)",
    ]
    assert db.scan(TableName=TABLE, Select="COUNT")["Count"] == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("true", "Input should be a valid integer"),
        ("'7'", "Input should be a valid integer"),
        ("100000000", "must be from 0 to 99999999 (lists sort on 8 digits)"),
        ("-1", "must be from 0 to 99999999 (lists sort on 8 digits)"),
    ],
)
def test_order_is_a_whole_number_the_sort_key_can_hold(content_copy: Path, capsys, value, message):
    path = content_copy / TRANSPORT
    path.write_text(path.read_text().replace("order: 7", f"order: {value}"))
    assert problems(["validate", str(content_copy)], capsys) == [
        f"{path}: record 'key-projects-transport': field 'order': {message}"
    ]


def test_the_largest_order_sorts_last(db, api, content_copy: Path):
    path = content_copy / TRANSPORT
    path.write_text(path.read_text().replace("order: 7", "order: 99999999"))
    assert cli.main(["load", str(content_copy)]) == 0
    listed = api.http.get("/v1/projects?lang=en&limit=100").json_body["items"]
    assert listed[-1]["id"] == "key-projects-transport"


def test_a_record_too_large_for_dynamodb_is_refused_before_any_write(
    db, content_copy: Path, capsys
):
    path = content_copy / TRANSPORT
    text = path.read_text()
    path.write_text(text.replace("  en: At its", "  en: " + "Long text. " * 40_000 + "At its"))
    assert problems(["load", str(content_copy)], capsys) == [
        f"{path}: record 'key-projects-transport': field '-': "
        "makes a DynamoDB item of 441,607 bytes; the limit is 409,600 (400 KB)"
    ]
    assert db.scan(TableName=TABLE, Select="COUNT")["Count"] == 0


def test_item_size_is_counted_as_dynamodb_counts_it():
    # names count too; Chinese is 3 bytes a character; 123.4500 has 5 significant digits.
    item = {"pk": {"S": "a#b"}, "doc": {"S": "加州"}, "version": {"N": "123.4500"}}
    assert itemsize.size(item) == (2 + 3) + (3 + 6) + (7 + 3 + 1)
    assert itemsize.size({"version": {"N": "1000000"}}) == 7 + 1 + 1
