"""Every JSON-LD block the widgets and pages serve is valid schema.org: TypeScript checks each
one against schema-dts, the typed schema.org vocabulary (make test installs it with npm ci)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT, put_docs
from tests.functional.helpers import get
from tests.functional.test_embeds import html, json_ld
from tests.functional.test_feeds import DATED as FEEDS_DATED

TSC = ROOT / "node_modules" / ".bin" / "tsc"
PAGES = [
    "/embed/announcements",
    "/embed/projects",
    "/embed/festival-products",
    "/embed/announcements/chongqing-expands-cooperation-with-california",
    "/announcements/chongqing-expands-cooperation-with-california",
    "/announcements/dated",
    "/embed/projects/data-operation-centers",
    "/projects/key-projects-transport",
    "/embed/festival-products/red-wine",
    "/festival-products/nuts",
]
HEADER = 'import type { Thing, WithContext } from "schema-dts";\n'


def typescript(blocks: list[object]) -> str:
    """One typed constant per block: a property a type lacks, or a wrong type, fails tsc."""
    lines = [
        f"export const block{n}: WithContext<Thing> = {json.dumps(block, ensure_ascii=False)};"
        for n, block in enumerate(blocks)
    ]
    return HEADER + "\n".join(lines) + "\n"


def check(source: str, name: str) -> subprocess.CompletedProcess[str]:
    """tsc on ``source``, written beside node_modules so that it finds schema-dts."""
    folder = ROOT / "node_modules" / f".jsonld-check-{os.getpid()}"  # one per test process
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.ts"
    path.write_text(source, encoding="utf-8")
    command = [str(TSC), "--noEmit", "--strict", "--skipLibCheck", "--types", "", str(path)]
    try:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(folder)


needs_tsc = pytest.mark.skipif(
    not TSC.exists() or shutil.which("node") is None,
    reason="TypeScript is missing: `make test` installs it (npm ci)",
)


@needs_tsc
def test_every_json_ld_block_is_schema_org(client, db):
    put_docs(db, "announcement", [DATED])
    blocks = [
        block
        for path in PAGES
        for lang in ("zh-Hans", "zh-Hant", "en")
        for block in json_ld(html(get(client, f"{path}?lang={lang}")))
    ]
    assert len(blocks) == 30
    result = check(typescript(blocks), "served")
    assert result.returncode == 0, result.stdout[-3000:]


@needs_tsc
def test_the_check_refuses_what_schema_org_does_not_have():
    """The old list widget: publisher on an ItemList, which is not a CreativeWork."""
    wrong = {"@context": "https://schema.org", "@type": "ItemList", "name": "x",
             "publisher": {"@type": "GovernmentOrganization", "name": "y"}}  # fmt: skip
    result = check(typescript([wrong]), "wrong")
    assert result.returncode != 0 and '"publisher"\' does not exist in type' in result.stdout


# The feeds' dated announcement, with a publisher of its own.
DATED = {**FEEDS_DATED, "publisher": {"zh-Hans": "发布者", "zh-Hant": "發布者", "en": "Publisher"}}
