"""Loading without loss: metadata, idempotency, prune with tombstones, export round trips."""

from __future__ import annotations

import filecmp
from pathlib import Path
from typing import Any

import pytest

from coop import cli, content, errors, loader, publish, table
from tests.conftest import CONTENT, TABLE, records
from tests.functional.helpers import assert_problem, body, get

T1, T2, T3 = "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"


def stored(db, pk: str) -> dict[str, Any]:
    item: dict[str, Any] = db.get_item(TableName=TABLE, Key={"pk": {"S": pk}}).get("Item", {})
    return item


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_items_carry_created_updated_and_version(db, api, content_copy):
    loader.load(db, TABLE, content.read(content_copy), at=T1)
    edit(content_copy / "sectors" / "transport.yaml", "en: Transport", "en: Transport sector")
    plan = loader.load(db, TABLE, content.read(content_copy), at=T2)
    assert plan.change == ["sector#transport"] and len(plan.unchanged) == 22
    changed, unchanged = stored(db, "sector#transport"), stored(db, "sector#packaging")
    assert (changed["version"]["N"], changed["updated_at"]["S"]) == ("2", T2)
    assert (unchanged["version"]["N"], unchanged["updated_at"]["S"]) == ("1", T1)
    served = body(get(api, "/v1/sectors?lang=en"))
    transport = next(i for i in served["items"] if i["id"] == "transport")
    assert (transport["created_at"], transport["updated_at"], transport["version"]) == (T1, T2, 2)


def test_second_load_writes_nothing(db, monkeypatch, capsys):
    plan = loader.load(db, TABLE, content.read(CONTENT), at=T1)
    publish.publish(db, TABLE, plan.live, None)  # the dataset item, as coop load writes it
    writes: list[int] = []
    real = table.write

    def counting(db: Any, name: str, puts: list[Any], restamp: Any = None) -> None:
        writes.append(len(puts))
        real(db, name, puts, restamp)

    monkeypatch.setattr(table, "write", counting)
    assert cli.main(["load", "content"]) == 0
    assert writes == []  # not even an empty batch
    out = capsys.readouterr().out
    assert "0 to add, 0 to change, 23 unchanged" in out and "wrote 0 item(s)" in out
    assert stored(db, "sector#transport")["updated_at"]["S"] == T1


def test_prune_leaves_a_tombstone_the_api_does_not_serve(db, client, content_copy, capsys):
    (content_copy / "festival-products" / "nuts.yaml").unlink()
    edit(next((content_copy / "announcements").glob("*.yaml")), "  - nuts\n", "")
    assert cli.main(["load", str(content_copy)]) == 0
    assert "remove?  festival-product#nuts" in capsys.readouterr().out
    assert "doc" in stored(db, "festival-product#nuts")

    assert cli.main(["load", "--prune", str(content_copy)]) == 0
    assert "remove   festival-product#nuts" in capsys.readouterr().out
    grave = stored(db, "festival-product#nuts")
    assert set(grave) == {"pk", "kind", "id", "deleted_at", "updated_at", "version", "g5pk", "g5sk"}
    assert grave["version"]["N"] == "2"
    assert_problem(get(client, "/v1/festival-products/nuts"), 404)
    listed = body(get(client, "/v1/festival-products?limit=100"))["items"]
    assert "nuts" not in [i["id"] for i in listed]


def test_a_pruned_record_can_come_back(db, content_copy):
    nuts = (content_copy / "festival-products" / "nuts.yaml").read_text()
    announcement = next((content_copy / "announcements").glob("*.yaml"))
    original = announcement.read_text()
    loader.load(db, TABLE, content.read(content_copy), at=T1)
    (content_copy / "festival-products" / "nuts.yaml").unlink()
    edit(announcement, "  - nuts\n", "")
    loader.load(db, TABLE, content.read(content_copy), prune=True, at=T2)
    (content_copy / "festival-products" / "nuts.yaml").write_text(nuts)
    announcement.write_text(original)
    plan = loader.load(db, TABLE, content.read(content_copy), at=T3)
    assert "festival-product#nuts" in plan.add
    back = stored(db, "festival-product#nuts")
    assert back["version"]["N"] == "3" and "deleted_at" not in back


def test_dry_run_prints_the_plan_and_writes_nothing(db, content_copy, capsys):
    loader.load(db, TABLE, content.read(content_copy), at=T1)
    edit(content_copy / "sectors" / "transport.yaml", "order: 7", "order: 70")
    (content_copy / "sectors" / "packaging.yaml").unlink()  # now invalid: sector missing
    assert cli.main(["load", "--dry-run", str(content_copy)]) == 1
    (content_copy / "sectors" / "packaging.yaml").write_text(
        "id: packaging\nlabel:\n  en: Packaging\norder: 5\n"
    )
    assert cli.main(["load", "--dry-run", "--prune", str(content_copy)]) == 0
    out = capsys.readouterr().out
    assert "change   sector#packaging" in out and "change   sector#transport" in out
    assert "would write 2 item(s)" in out
    assert "same     sector#architecture" in out  # the whole plan: unchanged records too
    assert out.count("same     ") == 21
    assert stored(db, "sector#transport")["updated_at"]["S"] == T1


def test_duplicate_ids_across_files_are_an_error(content_copy, capsys):
    (content_copy / "sectors" / "transport.yml").write_text(
        (content_copy / "sectors" / "transport.yaml").read_text()
    )
    assert cli.main(["validate", str(content_copy)]) == 1
    assert "field 'id': duplicates the id in" in capsys.readouterr().err


def test_repairs_are_reported_and_strict_makes_them_errors(content_copy, capsys):
    edit(content_copy / "sectors" / "transport.yaml", "zh-Hans: 交通", "zh-Hans: 交(jiāo)通")
    assert cli.main(["validate", str(content_copy)]) == 0
    err = capsys.readouterr().err
    path = content_copy / "sectors" / "transport.yaml"
    where = f"repaired {path}: record 'transport': field 'label.zh-Hans'"
    assert f"{where}: pinyin: '交(jiāo)通' -> '交通'" in err
    assert cli.main(["validate", "--strict", str(content_copy)]) == 1
    assert "leftover damage (pinyin" in capsys.readouterr().err


LEFT = "leftover damage"
UNCONFIRMED = "unconfirmed (confirm it in scripts.yaml)"


@pytest.mark.parametrize(
    ("field", "before", "damaged", "message"),
    [
        ("summary.zh-Hans", "冷链物流中心", "冷链(lěng liàn)物流中心", f"{LEFT} (pinyin: "),
        (
            "summary.en",
            "cold chain logistics",
            "cold chain lo gistics fl ow",
            f"{LEFT} (ligature: ",
        ),
        ("summary.en", "Fair, the", "Fair,the", f"{LEFT} (spacing: 'Fair,the' -> 'Fair, the')"),
        ("summary.zh-Hans", "冷链物流中心", "冷链物流中心與", f"{LEFT} (script: "),
        (
            "summary.zh-Hant",
            "冷链物流中心。",
            "冷链物流中心，会上发布了消息。",
            f"{UNCONFIRMED} (script-review: ",
        ),
    ],
)
def test_strict_validate_names_what_is_left(content_copy, capsys, field, before, damaged, message):
    path = content_copy / "projects" / "cold-chain-logistics-centers.yaml"
    edit(path, before, damaged)
    assert cli.main(["validate", "--strict", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: record 'cold-chain-logistics-centers': field '{field}': {message}" in err


def test_a_review_confirmed_in_the_glossary_passes_strict(content_copy, capsys):
    path = content_copy / "projects" / "cold-chain-logistics-centers.yaml"
    edit(path, "冷链物流中心。", "冷链物流中心，会上发布了消息。")
    assert cli.main(["validate", "--strict", str(content_copy)]) == 1
    (content_copy / "scripts.yaml").write_text("发布: 發佈\n")
    assert cli.main(["validate", "--strict", str(content_copy)]) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [("[unclosed", "cannot be read"), ("- a list\n", "must map Simplified to Traditional"),
     ("头发: 頭\n", "'頭' must be Chinese characters, one for each of the phrase's")],
)  # fmt: skip
def test_a_bad_glossary_is_a_problem(content_copy, capsys, text, message):
    (content_copy / "scripts.yaml").write_text(text)
    assert cli.main(["validate", str(content_copy)]) == 1
    assert message in capsys.readouterr().err


def test_export_gives_back_the_seed_files(db, tmp_path):
    loader.load(db, TABLE, content.read(CONTENT), at=T1)
    assert cli.main(["export", str(tmp_path / "out")]) == 0
    assert_same_tree(CONTENT, tmp_path / "out")


def test_export_makes_the_folder_mirror_the_table(db, tmp_path, capsys):
    loader.load(db, TABLE, content.read(CONTENT), at=T1)
    out = tmp_path / "out"
    (out / "projects").mkdir(parents=True)
    (out / "projects" / "pruned-long-ago.yaml").write_text("id: pruned-long-ago\n")
    stale = out / "projects" / "pruned-long-ago.yaml"
    assert cli.main(["export", str(out)]) == 1  # it would remove a file: only with --force
    assert "nothing exported; --force" in capsys.readouterr().err and stale.exists()
    assert not (out / "sectors").exists()
    assert cli.main(["export", "--force", str(out)]) == 0
    assert f"removed {stale} (not in the table)" in capsys.readouterr().out
    assert_same_tree(CONTENT, out)


def test_a_load_the_table_never_accepts_ends_with_a_message(db, monkeypatch, capsys):
    def stuck(*args: Any, **kwargs: Any) -> None:
        raise errors.Unfinished("DynamoDB kept items unprocessed; run load again to finish")

    monkeypatch.setattr(table, "write", stuck)
    assert cli.main(["load", "content"]) == 2
    assert "coop: DynamoDB kept items unprocessed; run load again" in capsys.readouterr().err


def test_files_outside_the_record_layout_are_named(content_copy, capsys):
    (content_copy / "draft.yaml").write_text("id: draft\n")
    (content_copy / "projects" / "transport.yaml.bak").write_text("")
    (content_copy / "projects" / "old").mkdir()
    (content_copy / "projects" / ".transport.yaml.swp").write_text("")  # an editor's: ignored
    assert cli.main(["validate", str(content_copy)]) == 1
    err = capsys.readouterr().err
    for path in ("draft.yaml", "projects/transport.yaml.bak", "projects/old"):
        assert f"{content_copy / path}: record '-': field '-': is not loaded" in err
    assert ".swp" not in err and "3 problem(s)" in err


def test_export_gives_back_generated_files(db, tmp_path):
    assert cli.main(["generate", "--count", "40", str(tmp_path / "gen")]) == 0
    generated = content.read(tmp_path / "gen")
    assert generated.problems == [] and generated.count() == 3 * 40 + 8
    loader.load(db, TABLE, generated, at=T1)
    assert cli.main(["export", str(tmp_path / "out")]) == 0
    assert_same_tree(tmp_path / "gen", tmp_path / "out")


def assert_same_tree(expected: Path, actual: Path) -> None:
    """The record files (the glossary, content/scripts.yaml, is not in the table)."""
    files = sorted(p.relative_to(expected) for p in expected.glob("*/*.yaml"))
    assert files == sorted(p.relative_to(actual) for p in actual.glob("*/*.yaml"))
    match, mismatch, errors = filecmp.cmpfiles(
        expected, actual, [str(f) for f in files], shallow=False
    )
    assert (mismatch, errors) == ([], [])


class FlakyClient:
    """Leaves the first item of each batch unprocessed once, like a throttled table."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def batch_write_item(self, RequestItems: dict[str, list[Any]]) -> dict[str, Any]:  # noqa: N803
        ((name, requests),) = RequestItems.items()
        self.calls.append(len(requests))
        if len(self.calls) % 2:
            return {"UnprocessedItems": {name: requests[:1]}}
        return {"UnprocessedItems": {}}


def test_unprocessed_items_are_retried(monkeypatch):
    monkeypatch.setattr(table, "_backoff", lambda attempt: None)
    flaky = FlakyClient()
    items = [{"pk": {"S": f"sector#{n}"}} for n in range(30)]
    table.write(flaky, TABLE, items)  # type: ignore[arg-type]
    assert flaky.calls == [25, 1, 5, 1]


def test_writes_give_up_loudly_when_the_table_never_accepts(monkeypatch):
    monkeypatch.setattr(table, "_backoff", lambda attempt: None)

    class Stuck(FlakyClient):
        def batch_write_item(self, RequestItems):  # noqa: N803
            return {"UnprocessedItems": RequestItems}

    with pytest.raises(errors.Unfinished, match="run load again"):
        table.write(Stuck(), TABLE, [{"pk": {"S": "x"}}])  # type: ignore[arg-type]


def test_an_item_written_on_a_retry_is_stamped_with_the_retry(db):
    """Sync serves a change SYNC_SETTLE_SECONDS after its stamp: a late write must not keep
    an early one."""

    class FirstItemOnce:
        def __init__(self, real: Any) -> None:
            self.real, self.calls = real, 0

        def __getattr__(self, name: str) -> Any:
            return getattr(self.real, name)

        def batch_write_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:  # noqa: N803
            self.calls += 1
            ((name, requests),) = RequestItems.items()
            if self.calls == 1:
                self.real.batch_write_item(RequestItems={name: requests[1:]})
                return {"UnprocessedItems": {name: requests[:1]}}
            return dict(self.real.batch_write_item(RequestItems=RequestItems))

    loader.load(FirstItemOnce(db), TABLE, content.read(CONTENT))  # type: ignore[arg-type]
    items = records(db)
    stamps = sorted((item["updated_at"]["S"], item["pk"]["S"]) for item in items)
    first = min(pk for _, pk in stamps)  # batches go in key order: the first batch's first key
    assert stamps[-1][1] == first and stamps[-1][0] > stamps[-2][0]
    assert {item["g5sk"]["S"].split("#")[0] for item in items if item["pk"]["S"] == first} == {
        stamps[-1][0]
    }
