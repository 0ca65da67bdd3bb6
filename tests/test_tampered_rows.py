"""Rows and settings changed by hand or by another program: every value read back is checked, and a bad one is
named as damage in one line, with nothing deleted outside lipcare's folders and no unbounded work."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest
from conftest import Cli
from PIL import Image

CHECKIN = ("checkin", "--date", "2026-11-20", "--redness", "1", "--swelling", "1", "--pain", "1", "--no-crusting")
GENERIC = "does not know how to handle"


def _tamper(home: Path, sql: str) -> None:
    db = sqlite3.connect(home / "journal.sqlite3")
    db.execute(sql)
    db.commit()
    db.close()


def _one_damage_line(result: object, expected: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 1, stderr  # type: ignore[attr-defined]
    assert len(stderr.splitlines()) == 1 and GENERIC not in stderr
    assert stderr.startswith("Error: cannot read the journal ") and expected in stderr


def test_a_photo_id_that_is_not_a_hash_never_deletes_outside_the_photos_folder(
    cli: Cli, lipcare_home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # Found by review (L2): a photo row whose id held ../ made photo remove delete a file outside the photos folder.
    picture = tmp_path / "lips.jpg"
    Image.new("RGB", (64, 48), (120, 90, 80)).save(picture)
    assert cli(*CHECKIN, "--photo", str(picture)).exit_code == 0
    victim = Path(tempfile.mkdtemp(prefix="v", dir="/tmp"))  # a short path: the column holds 64 characters
    request.addfinalizer(lambda: shutil.rmtree(victim))
    (victim / "x.jpg").write_text("precious", encoding="utf-8")
    (lipcare_home / "photos" / "aaaaaa").mkdir(mode=0o700)
    hostile = "aaaaaa/" + "../" * 12 + str(victim).lstrip("/") + "/"
    hostile += "/" * (63 - len(hostile)) + "x"
    assert len(hostile) == 64
    _tamper(
        lipcare_home,
        "INSERT INTO photos (checkin_id, sha256, bytes, width, height, on_date, day, added_at) "
        f"SELECT id, '{hostile}', 1, 1, 1, on_date, day, 'x' FROM checkins LIMIT 1",
    )
    for command in (("photo", "remove", "aaaaaa"), ("photo", "list"), ("report", "-o", "-")):
        result = cli(*command)
        _one_damage_line(result, "holds a value lipcare does not write")
    assert (victim / "x.jpg").read_text(encoding="utf-8") == "precious"
    assert len(list((lipcare_home / "photos").glob("*.jpg"))) == 1


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE checkins SET day = 10000000000", "check-in 1 holds a value lipcare does not write"),
        ("UPDATE checkins SET day = -3", "check-in 1 holds a value lipcare does not write"),
        ("UPDATE checkins SET on_date = '9999-12-31'", "check-in 1 holds a value lipcare does not write"),
        ("UPDATE treatments SET treatment_date = '9999-12-31'", "treatment 1 holds a value lipcare does not write"),
        ("UPDATE treatments SET treatment_date = '0001-01-01'", "treatment 1 holds a value lipcare does not write"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("history", "--no-pager"),
        ("history", "--json"),
        ("report", "-o", "-"),
        ("timeline",),
        ("export", "ics", "-o", "-"),
        ("export", "fhir", "-o", "-"),
        ("data", "export", "--format", "csv", "-o", "-"),
    ],
)
def test_out_of_range_days_and_dates_are_damage_not_a_hang_or_a_crash(
    cli: Cli, lipcare_home: Path, sql: str, expected: str, command: tuple[str, ...]
) -> None:
    # Found by review (L2): a day of 10^10 made history spin for minutes and report reach 3.8 GB; a treatment on
    # 9999-12-31 ended timeline, report and the exports in the internal error.
    assert cli(*CHECKIN).exit_code == 0
    _tamper(lipcare_home, sql)
    before = sorted(lipcare_home.iterdir())
    started = time.monotonic()
    result = cli(*command)
    assert time.monotonic() - started < 20
    if result.exit_code == 0:  # a command that does not read the tampered value (timeline reads no check-in)
        assert "check-in" in expected and command[0] in ("timeline", "export")
        return
    _one_damage_line(result, expected)
    assert sorted(lipcare_home.iterdir()) == before


@pytest.mark.parametrize(
    "content",
    [
        "[" * 200_000 + "]" * 200_000,
        '{"clinic-phone": ' + "[" * 200_000 + "]" * 200_000 + "}",
        '{"clinic-phone": "' + "5" * 100_000 + '"}',
        '{"clinic-phone": 1' + "0" * 5000 + "}",
    ],
    ids=["deep", "deep value", "too large", "huge number"],
)
def test_damaged_settings_are_named_in_one_line(cli: Cli, lipcare_home: Path, content: str) -> None:
    # Found by review (L2): settings nested 200,000 deep gave the internal error.
    assert cli("settings", "set", "clinic-phone", "555").exit_code == 0
    settings = lipcare_home / "settings.json"
    settings.write_text(content, encoding="utf-8")
    for command in (("settings", "show"), ("info", "what"), ("history",)):
        result = cli(*command)
        assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1, (command, result.stderr)
        assert f"your settings file {settings} is damaged" in result.stderr and GENERIC not in result.stderr
    assert settings.read_text(encoding="utf-8") == content  # left as it was


def test_a_settings_fifo_never_blocks(cli: Cli, lipcare_home: Path) -> None:
    lipcare_home.mkdir(mode=0o700)
    os.mkfifo(lipcare_home / "settings.json", 0o600)
    result = cli("info", "what")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1 and GENERIC not in result.stderr
