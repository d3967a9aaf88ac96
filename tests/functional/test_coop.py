"""The coop tool on moto: errors name file, record and field; load is all-or-nothing, idempotent."""

from __future__ import annotations

from pathlib import Path

from coop import cli
from tests.conftest import TABLE, records


def count_items(db) -> int:
    return len(records(db))


def test_validate_passes_on_content(capsys):
    assert cli.main(["validate", "content"]) == 0
    assert "ok: 23 records" in capsys.readouterr().out


def test_validate_names_file_record_and_field(content_copy: Path, capsys):
    path = content_copy / "projects" / "key-projects-transport.yaml"
    path.write_text(path.read_text().replace("sector: transport", "sector: mining"))
    assert cli.main(["validate", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: record 'key-projects-transport': field 'sector':" in err


def test_validate_reports_dangling_references(content_copy: Path, capsys):
    (content_copy / "festival-products" / "nuts.yaml").unlink()
    assert cli.main(["validate", str(content_copy)]) == 1
    assert "field 'festival.product_ids': names unknown id 'nuts'" in capsys.readouterr().err


def test_validate_reports_every_kind_of_problem_in_one_run(content_copy: Path, capsys):
    """A field error does not hide a dangling reference, nor invent one for its own record."""
    transport = content_copy / "projects" / "key-projects-transport.yaml"
    transport.write_text(transport.read_text().replace("sector: transport", "sector: mining"))
    wine = content_copy / "festival-products" / "red-wine.yaml"
    wine.write_text(wine.read_text().replace("announcement_id: chongqing", "announcement_id: x"))
    (content_copy / "sectors" / "packaging.yaml").unlink()
    assert cli.main(["validate", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert "record 'key-projects-transport': field 'sector':" in err
    assert "record 'red-wine': field 'announcement_id': names unknown id 'x" in err
    assert "no record for sector(s) packaging" in err
    assert "names unknown id 'key-projects-transport'" not in err


def test_validate_rejects_unreadable_and_misnamed_files(content_copy: Path, capsys):
    (content_copy / "sectors" / "broken.yaml").write_text("id: [unclosed")
    (content_copy / "sectors" / "copy.yaml").write_text(
        (content_copy / "sectors" / "transport.yaml").read_text()
    )
    assert cli.main(["validate", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml: record 'broken': field '-': cannot be read" in err
    assert "copy.yaml: record 'transport': field 'id': must match the file name 'copy'" in err


def test_load_writes_nothing_when_any_file_is_invalid(db, content_copy: Path, capsys):
    path = content_copy / "sectors" / "packaging.yaml"
    path.write_text(path.read_text().replace("order: 5", "order: -1"))
    assert cli.main(["load", str(content_copy)]) == 1
    assert count_items(db) == 0
    assert "nothing was written" in capsys.readouterr().err


def test_load_twice_changes_nothing_the_second_time(db, capsys):
    assert cli.main(["load", "content"]) == 0
    assert "23 to add" in capsys.readouterr().out
    before = db.scan(TableName=TABLE)["Items"]  # the search index too
    assert cli.main(["load", "content"]) == 0
    out = capsys.readouterr().out
    assert "0 to add, 0 to change, 23 unchanged" in out and "wrote 0 item(s)" in out
    assert db.scan(TableName=TABLE)["Items"] == before


def test_load_changes_only_the_edited_record(db, content_copy: Path, capsys):
    assert cli.main(["load", str(content_copy)]) == 0
    path = content_copy / "sectors" / "transport.yaml"
    path.write_text(path.read_text().replace("en: Transport", "en: Transportation"))
    capsys.readouterr()
    assert cli.main(["load", str(content_copy)]) == 0
    out = capsys.readouterr().out
    assert "change   sector#transport" in out and "1 to change, 22 unchanged" in out
    item = db.get_item(TableName=TABLE, Key={"pk": {"S": "sector#transport"}})["Item"]
    assert "Transportation" in item["doc"]["S"]


def test_dry_run_writes_nothing(db, capsys):
    assert cli.main(["load", "--dry-run", "content"]) == 0
    assert "would write 23 item(s)" in capsys.readouterr().out
    assert count_items(db) == 0


def test_removed_records_are_listed_not_deleted(db, content_copy: Path, capsys):
    assert cli.main(["load", str(content_copy)]) == 0
    (content_copy / "festival-products" / "nuts.yaml").unlink()
    announcement = next((content_copy / "announcements").glob("*.yaml"))
    announcement.write_text(announcement.read_text().replace("  - nuts\n", ""))
    capsys.readouterr()
    assert cli.main(["load", str(content_copy)]) == 0
    out = capsys.readouterr().out
    assert "remove?  festival-product#nuts" in out
    assert count_items(db) == 23  # nuts kept
