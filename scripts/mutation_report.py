"""After `mutmut run` (make mutate): print the mutation score and write every surviving
mutant, as file:line and the changed lines, to mutants/survivors.txt."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from mutmut.mutation.diff_apply import get_diff_for_mutant

OUT = Path("mutants/survivors.txt")
HUNK = re.compile(r"^@@ -(\d+)")


def statuses() -> dict[str, str]:
    """Mutant name -> mutmut's status (killed, survived, timeout, no tests, ...)."""
    listed = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = (line.strip().rpartition(": ") for line in listed.splitlines() if ": " in line)
    return {name: status for name, _, status in found}


def function_start(path: Path, mutant: str) -> int:
    """The first line (decorators included) of the function a mutant name points at."""
    mangled = mutant.partition("__mutmut_")[0].rpartition(".")[2]
    owner, name = (mangled.split("ǁ")[1:3]) if "ǁ" in mangled else (None, mangled[2:])
    scope = ast.parse(path.read_text(encoding="utf-8")).body
    if owner:
        classes = (node for node in scope if isinstance(node, ast.ClassDef))
        scope = next((node.body for node in classes if node.name == owner), [])
    for item in scope:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == name:
            return min([item.lineno, *(d.lineno for d in item.decorator_list)])
    return 1


def located(mutant: str, path: Path) -> tuple[int, list[str]]:
    """The source line the mutation starts on, and the diff's changed lines."""
    diff = get_diff_for_mutant(mutant, path=path).splitlines()
    changed = [line for line in diff[2:] if line[:1] in "-+" and not line.startswith("@@")]
    offset = 0
    for line in diff:
        if match := HUNK.match(line):
            offset = int(match.group(1))
            continue
        if offset and line.startswith("-"):
            break
        if offset and line.startswith(" "):
            offset += 1
    start = function_start(path, mutant)
    source = path.read_text(encoding="utf-8").splitlines()
    removed = next((line[1:].strip() for line in changed if line.startswith("-")), None)
    guess = start + max(offset, 1) - 1
    for number in range(start, len(source) + 1):  # the text, should a decorator shift it
        if removed and source[number - 1].strip() == removed and number >= guess - 3:
            return number, changed
    return guess, changed


def main() -> int:
    found = statuses()
    if not found:
        print("no mutants: run `mutmut run` first")
        return 1
    counts = Counter(found.values())
    total, killed, survived = len(found), counts["killed"], counts["survived"]
    unchecked = counts["not checked"] + counts["check was interrupted by user"]
    checked = total - unchecked
    entries = []
    for name in (name for name, status in found.items() if status == "survived"):
        module = name.partition("__mutmut_")[0].rpartition(".")[0]
        path = Path(*module.split(".")).with_suffix(".py")
        number, changed = located(name, path)
        entries.append((str(path), number, name, changed))
    lines = []
    for where, number, name, changed in sorted(
        entries, key=lambda e: (e[0], e[1], len(e[2]), e[2])
    ):
        lines.append(f"{where}:{number} {name}")
        lines.extend(f"    {line}" for line in changed)
    OUT.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(json.dumps(dict(sorted(counts.items()))))
    score = f"{100 * killed / checked:.1f}%" if checked else "none"
    print(
        f"mutation score: {killed}/{checked} killed ({score}), {survived} survived, "
        f"{counts['timeout']} timed out; {unchecked} of {total} mutants not checked"
    )
    print(f"the {survived} survivors, as file:line and the change: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
