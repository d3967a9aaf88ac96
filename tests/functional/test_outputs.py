"""Outputs that cannot be written: one line, a non-zero exit, and nothing half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from coop import cli, content, loader
from tests.conftest import CONTENT, TABLE

SEED = CONTENT / "sources" / "000_f28b89d4c8f76528.txt"
ANN_ID = "chongqing-expands-cooperation-with-california"


def refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The one line a run that cannot write its output ends with."""
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    last = err.splitlines()[-1]
    assert last.startswith("coop: cannot write "), err
    return last


def files_under(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def loaded(db):
    loader.load(db, TABLE, content.read(CONTENT), at="2026-01-01T00:00:00.000Z")
    return db


def test_export_onto_a_file_is_one_line(loaded, tmp_path, capsys):
    target = tmp_path / "passwd"  # stands in for `coop export /etc/passwd`
    target.write_text("root:x:0:0\n")
    assert refused(["export", str(target)], capsys) == (
        f"coop: cannot write {target}/announcements/{ANN_ID}.yaml: {target} is not a folder"
    )
    assert target.read_text() == "root:x:0:0\n"


def test_export_into_a_missing_folder_is_one_line(loaded, tmp_path, capsys):
    target = tmp_path / "missing" / "out"
    assert refused(["export", str(target)], capsys) == (
        f"coop: cannot write {target}/announcements/{ANN_ID}.yaml: "
        f"there is no folder {tmp_path / 'missing'}"
    )
    assert files_under(tmp_path) == []


def test_export_writes_every_file_or_none(loaded, tmp_path, capsys):
    """One file that cannot be written (a folder in its place) and no other is touched."""
    out = tmp_path / "out"
    (out / "sectors" / "transport.yaml").mkdir(parents=True)
    (out / "sectors" / "packaging.yaml").write_text("an editor's work\n")
    before = files_under(out)
    assert refused(["export", "--force", str(out)], capsys) == (
        f"coop: cannot write {out}/sectors/transport.yaml: it is a folder"
    )
    assert files_under(out) == before  # no new file or folder, no .partial left
    assert (out / "sectors" / "packaging.yaml").read_text() == "an editor's work\n"


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("/proc/x", "No such file or directory"),
        ("{tmp}/missing/draft.yaml", "there is no folder {tmp}/missing"),
        ("{tmp}/file/draft.yaml", "{tmp}/file is not a folder"),
        ("{tmp}", "it is a folder"),
    ],
)
def test_a_draft_that_cannot_be_written_is_one_line(tmp_path, capsys, output, reason):
    (tmp_path / "file").write_text("")
    output, reason = output.format(tmp=tmp_path), reason.format(tmp=tmp_path)
    line = refused(["import-release", str(SEED), "-o", output, "--force"], capsys)
    assert line == f"coop: cannot write {output}: {reason}"
    assert files_under(tmp_path) == [Path("file")]


def test_force_never_replaces_a_link_or_a_device(tmp_path, capsys):
    real = tmp_path / "real.yaml"
    real.write_text("an editor's work\n")
    (tmp_path / "link.yaml").symlink_to(real)
    for output in (tmp_path / "link.yaml", Path("/dev/null")):
        line = refused(["import-release", str(SEED), "-o", str(output), "--force"], capsys)
        assert line == f"coop: cannot write {output}: it is not a regular file"
    assert (tmp_path / "link.yaml").is_symlink() and real.read_text() == "an editor's work\n"
    assert Path("/dev/null").is_char_device()


def test_generate_into_a_file_is_one_line(tmp_path, capsys):
    (tmp_path / "gen").write_text("")
    line = refused(["generate", "--count", "2", str(tmp_path / "gen")], capsys)
    assert line.endswith(f": {tmp_path / 'gen'} is not a folder")


def test_a_read_only_folder_is_one_line(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    if os.geteuid() == 0:  # root writes anyway: refuse as the kernel refuses anyone else

        def denied(self: Path, *args: object, **kwargs: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))

        monkeypatch.setattr(Path, "write_text", denied)
    line = refused(["import-release", str(SEED), "-o", str(folder / "draft.yaml")], capsys)
    assert line == f"coop: cannot write {folder / 'draft.yaml'}: Permission denied"
    assert list(folder.iterdir()) == []
