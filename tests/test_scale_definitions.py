"""Scale definitions stored with the scores (issue 22): each score keeps its scale's name, bounds and labels as
they were when it was saved, so a clinic that changes a scale does not relabel old check-ins."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli
from test_added_scale import ITCHING

from lipcare import journal as journal_module
from lipcare.journal import MIGRATIONS

# The clinic's second version: itching becomes 0-2 with other words.
ITCHING_V3 = (
    ITCHING.replace('version = "2"', 'version = "3"')
    .replace('max = 3\nlabels = ["none", "mild", "moderate", "severe"]', 'max = 2\nlabels = ["no", "some", "a lot"]')
    .replace("at_least = 3", "at_least = 2")
)


def use(cli: Cli, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    assert cli("settings", "set", "protocol", str(path)).exit_code == 0


def test_each_checkin_keeps_its_scales_as_they_were(cli: Cli, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.toml"
    use(cli, clinic, ITCHING)
    assert (
        cli("checkin", "--date", "2026-11-20", "--on", "2026-11-21", "--redness", "1", "-a", "itching=2").exit_code == 0
    )
    assert "max = 2" in ITCHING_V3
    use(cli, clinic, ITCHING_V3)
    assert cli("checkin", "--redness", "1", "-a", "itching=2").exit_code == 0
    old, new = json.loads(cli("history", "--json").stdout)["checkins"]
    assert old["scales"]["itching"] == {
        "name": "itching",
        "min": 0,
        "max": 3,
        "labels": ["none", "mild", "moderate", "severe"],
    }
    assert new["scales"]["itching"] == {"name": "itching", "min": 0, "max": 2, "labels": ["no", "some", "a lot"]}
    assert old["scales"]["redness"]["labels"] == ["none", "mild", "moderate", "severe"]
    # FHIR reads the old score on its old scale: 2 was "moderate" then, not "a lot"
    bundle = json.loads(cli("export", "fhir", "-o", "-").stdout)
    itching = {
        entry["resource"]["effectiveDateTime"]: entry["resource"]["valueCodeableConcept"]["text"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        and entry["resource"]["id"]
        and "itching" in json.dumps(entry["resource"]["code"])
    }
    assert itching == {"2026-11-21": "moderate", "2026-11-24": "a lot"}


def test_definitions_are_shared_not_repeated(cli: Cli, lipcare_home: Path) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1", "--pain", "2").exit_code == 0
    for _ in range(3):
        assert cli("checkin", "--redness", "1", "--pain", "2").exit_code == 0
    db = sqlite3.connect(lipcare_home / "journal.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM scale_definitions").fetchone()[0] == 3  # redness, swelling, pain
    assert db.execute("SELECT COUNT(*) FROM scores WHERE definition IS NULL").fetchone()[0] == 0
    db.close()


def test_a_correction_keeps_the_definition_of_a_score_it_does_not_change(cli: Cli, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.toml"
    use(cli, clinic, ITCHING)
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1", "-a", "itching=2").exit_code == 0
    use(cli, clinic, ITCHING_V3)
    assert cli("checkin", "--correct", "1", "--redness", "2").exit_code == 0
    (row,) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert row["scales"]["itching"]["max"] == 3  # not corrected: as it was saved
    assert cli("checkin", "--correct", "1", "-a", "itching=1").exit_code == 0
    (row,) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert row["scales"]["itching"]["labels"] == ["no", "some", "a lot"]  # typed again on today's scale


@pytest.mark.parametrize("schema", range(1, 7))
def test_the_migration_fills_them_for_an_earlier_journal(
    cli: Cli, lipcare_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, schema: int
) -> None:
    from test_journal import make_0001_journal

    lipcare_home.mkdir(mode=0o700)
    path = lipcare_home / "journal.sqlite3"
    make_0001_journal(path, monkeypatch)
    with monkeypatch.context() as patch:
        patch.setattr(journal_module, "MIGRATIONS", MIGRATIONS[:schema])
        journal_module.Journal.open(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('current_treatment', '1')")
    if schema >= 4:  # a clinic's own scale, saved before definitions were kept
        db.execute("INSERT INTO scores (checkin_id, scale, position, value) VALUES (3, 'itching', 3, 1)")
    db.commit()
    db.close()
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    assert all(
        row["scales"]["redness"]
        == {"name": "redness", "min": 0, "max": 3, "labels": ["none", "mild", "moderate", "severe"]}
        for row in rows
    )
    assert all(row["scales"]["pain"] == {"name": "pain", "min": 0, "max": 10, "labels": []} for row in rows)
    if schema >= 4:
        assert "itching" not in rows[-1]["scales"]  # not known yet...
        use(cli, tmp_path / "clinic.toml", ITCHING)
        assert cli("checkin", "--redness", "1", "-a", "itching=0").exit_code == 0
        rows = json.loads(cli("history", "--json").stdout)["checkins"]
        assert rows[2]["answers"]["itching"] == 1
        assert rows[2]["scales"]["itching"]["labels"] == ["none", "mild", "moderate", "severe"]  # ...filled then


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE scores SET definition = 999 WHERE checkin_id = 1 AND scale = 'pain'",
        "UPDATE scale_definitions SET labels = '{\"a\": 1}' WHERE scale = 'redness'",
    ],
)
def test_a_damaged_definition_is_named_as_damage(cli: Cli, lipcare_home: Path, damage: str) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1", "--pain", "2").exit_code == 0
    db = sqlite3.connect(lipcare_home / "journal.sqlite3")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute(damage)
    db.commit()
    db.close()
    before = (lipcare_home / "journal.sqlite3").read_bytes()
    result = cli("history", "--json")
    assert result.exit_code == 1 and "cannot read the journal" in result.stderr and "Traceback" not in result.stderr
    assert (lipcare_home / "journal.sqlite3").read_bytes() == before
