"""Output files written whole or not at all: every file staged beside its target, then renamed."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from coop.errors import Unwritable


def write_all(texts: dict[Path, str], within: Path) -> None:
    """Write each text to its path, or none: folders missing below ``within`` (which must
    exist) are made, every file is staged as ``.<name>.partial``, and only when all are staged
    are they renamed into place: once a file is staged in its folder, renaming it there needs
    no more space or permission."""
    made: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    target = next(iter(texts), within)
    try:
        if not within.is_dir():
            what = (
                f"{within} is not a folder" if within.exists() else f"there is no folder {within}"
            )
            raise FileNotFoundError(errno.ENOENT, what)
        for target, text in texts.items():
            special = target.exists() and not (target.is_file() or target.is_dir())
            if target.is_symlink() or special:
                # --force replaces a file, never a device, a link or what a link points to
                raise IsADirectoryError(errno.EEXIST, "it is not a regular file")
            _make_folders(target.parent, within, made)
            staged.append((_stage(target, text), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as error:
        _undo(staged, made)
        raise Unwritable(f"cannot write {target}: {error.strerror or error}") from error


def _undo(staged: list[tuple[Path, Path]], made: list[Path]) -> None:
    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _make_folders(folder: Path, within: Path, made: list[Path]) -> None:
    """Make the folders missing on the way to ``folder``, adding each to ``made``."""
    missing = []
    while not folder.exists() and folder != within:
        missing.append(folder)
        folder = folder.parent
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"{folder} is not a folder")
    for each in reversed(missing):
        each.mkdir()
        made.append(each)


def _stage(target: Path, text: str) -> Path:
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    temporary = target.with_name(f".{target.name}.partial")
    try:
        temporary.write_text(text, encoding="utf-8")
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    return temporary


def remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError as error:
        raise Unwritable(f"cannot remove {path}: {error.strerror or error}") from error
