"""Damaged journals, in one table: each damage against each command that reads the journal.

What a user checks, every time: exit 1, nothing on stdout, one line on stderr that names the file
and says what is wrong (never a traceback, never the generic last-resort message), and the data
folder byte for byte as it was: no file changed, added or removed. The table runs in-process in the
everyday loop, and in real `lipcare` processes in the slow run (CI).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import clitree
import pytest
from conftest import Cli, as_a_process_meets_it
from PIL import Image
from typer.testing import CliRunner

LIPCARE = [sys.executable, "-m", "lipcare"]
GENERIC = "does not know how to handle"
JOURNAL = "journal.sqlite3"
PHOTO = "lips.jpg"
#: How a command that reads the journal is run here: its arguments (`-o -`, so that no file is written).
ARGUMENTS = {
    ("checkin",): ["--redness", "1"],
    ("report",): ["-o", "-"],
    ("export", "ics"): ["-o", "-"],
    ("export", "sheet"): ["-o", "-"],
    ("export", "fhir"): ["-o", "-"],
    ("photo", "add"): [PHOTO],
    ("photo", "remove"): ["abc"],
    ("appointment", "add"): ["2026-12-10"],
    ("appointment", "remove"): ["1"],
    ("medicine", "add"): ["Paracetamol", "--times", "08:00", "--to", "day 3"],
    ("medicine", "remove"): ["paracetamol"],
}
#: The commands that do not stop at a damaged journal, and why. Every other command of the command tree is in
#: the table: a new command is tried against each damage without an edit here.
NOT_READERS = {
    ("info",): "never opens the journal",
    ("settings", "show"): "never opens the journal",
    ("settings", "set"): "never opens the journal",
    ("settings", "unset"): "never opens the journal",
    ("protocol", "init"): "never opens the journal",
    ("protocol", "check"): "never opens the journal",
    ("protocol", "show"): "never opens the journal",
    ("data", "path"): "says where the journal is, damaged or not",
    ("data", "erase"): "deletes the journal, damaged or not",
    ("data", "forget"): "reads only the file that says the keyring keeps a passphrase",
    ("data", "lock"): "forgets the key kept for the session; never opens the journal",
    ("completion",): "prints the shell's completion script; never opens the journal",
    ("data", "recover"): "unlocks an encrypted journal: a plaintext one, damaged or not, is refused as not encrypted",
    ("remind", "status"): "reads the reminders' schedule (lipcare.remind_store), never the journal",
    ("remind", "remove"): "deletes the reminders' files; never opens the journal",
    ("remind", "due"): "reads the reminders' schedule; with none installed, as here, it has nothing to show",
}
COMMANDS = [
    [*command.path, *ARGUMENTS.get(command.path, [])]
    for command in clitree.commands()
    if command.path not in NOT_READERS
]
UNSET = ("LIPCARE_PROTOCOL", "LIPCARE_DEBUG", "LIPCARE_LANG", "LIPCARE_RTL", "LC_MESSAGES")


def test_the_table_is_every_command_but_those_said_not_to_read_the_journal() -> None:
    tree = {command.path for command in clitree.commands()}
    assert sorted(set(NOT_READERS) - tree) == []  # a command renamed or gone is not left named here
    assert {("checkin",), ("history",), ("photo", "list"), ("data", "encrypt")} <= {
        path for path in tree for command in COMMANDS if tuple(command[: len(path)]) == path
    }


def newer_schema(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 42")
    db.close()


def another_apps_database(path: Path) -> None:
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    path.chmod(0o600)


def folder_in_its_place(path: Path) -> None:
    path.unlink()
    path.mkdir()


class Damage(NamedTuple):
    make: Callable[[Path], object]
    says: str
    """What the one line on stderr says is wrong; `{path}` is the journal."""


CUT_SHORT = "cannot read the journal {path}: the file is cut short or its header is damaged"
NOT_SQLITE = "cannot read the journal {path}: it is not a lipcare journal (not an SQLite database)"
DAMAGES: dict[str, Damage] = {
    "truncated": Damage(lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2 + 7]), CUT_SHORT),
    "bad header": Damage(lambda p: p.write_bytes(b"SQLite format 3\x00" + os.urandom(4080)), CUT_SHORT),
    "random bytes": Damage(lambda p: p.write_bytes(random.randbytes(p.stat().st_size)), NOT_SQLITE),
    "text file": Damage(lambda p: p.write_text("my lip diary\n", encoding="utf-8"), NOT_SQLITE),
    "zero length": Damage(lambda p: p.write_bytes(b""), "cannot read the journal {path}: the file is empty (0 bytes)"),
    "newer schema": Damage(newer_schema, "the journal {path} was written by a newer lipcare (schema 42;"),
    "another app's database": Damage(
        another_apps_database, "cannot read the journal {path}: it is an SQLite database, but not a lipcare journal"
    ),
    "directory": Damage(folder_in_its_place, "{path} is a folder, not a lipcare journal"),
    "no read permission": Damage(lambda p: p.chmod(0o000), "cannot read the journal {path}: permission denied"),
}


@pytest.fixture(scope="module")
def journal_with_checkins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose journal holds 18 check-ins with long notes: big enough that cutting it short
    cuts check-ins, not just the header. Built once; each test damages its own copy."""
    home = tmp_path_factory.mktemp("journal") / "home"
    runner, lipcare = CliRunner(), as_a_process_meets_it()
    env: dict[str, str | None] = {"LIPCARE_HOME": str(home), **dict.fromkeys(UNSET)}
    for day in range(2, 20):
        on = ["--date", "2026-11-01"] if day == 2 else []
        note = ["--note", "x" * 300] if day > 2 else []
        done = runner.invoke(lipcare, ["checkin", *on, "--on", f"2026-11-{day:02d}", "--redness", "1", *note], env=env)
        assert done.exit_code == 0, done.stderr
    return home


def damaged(base: Path, tmp_path: Path, damage: str) -> tuple[Path, Path]:
    home = tmp_path / "home"
    shutil.copytree(base, home, ignore=shutil.ignore_patterns("cache"))
    DAMAGES[damage].make(home / JOURNAL)
    return home, home / JOURNAL


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under `folder`, with its mode and bytes (lipcare's protocol cache aside)."""
    return {
        str(p.relative_to(folder)): (p.lstat().st_mode, p.read_bytes() if p.is_file() else b"")
        for p in sorted(folder.rglob("*"))
        if p.relative_to(folder).parts[0] != "cache"
    }


def readable(path: Path) -> Callable[[], dict[str, tuple[int, bytes]]]:
    """`tree` of the folder, reading even a file the damage made unreadable (and putting its mode back)."""

    def read() -> dict[str, tuple[int, bytes]]:
        mode = path.lstat().st_mode
        if path.is_file():
            path.chmod(0o600)
        try:
            found = tree(path.parent)
        finally:
            path.chmod(mode & 0o7777)
        return {**found, JOURNAL: (mode, found[JOURNAL][1])} if JOURNAL in found else found

    return read


def one_line_error(returncode: int, stdout: str, stderr: str, expected: str) -> None:
    assert returncode == 1, (returncode, stderr)
    assert stdout == ""
    assert "Traceback" not in stderr and GENERIC not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("Error: ") and expected in stderr, (expected, stderr)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_journal_stops_the_command_and_is_left_byte_for_byte(
    cli: Cli,
    journal_with_checkins: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
    command: list[str],
) -> None:
    if damage == "no read permission" and os.geteuid() == 0:
        pytest.skip("root reads any file; the slow test runs this one in a process without that power")
    home, path = damaged(journal_with_checkins, tmp_path, damage)
    monkeypatch.setenv("LIPCARE_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    Image.new("RGB", (64, 48), (200, 40, 40)).save(tmp_path / PHOTO)
    snapshot = readable(path)
    before = snapshot()
    result = cli(*command)
    one_line_error(result.exit_code, result.stdout, result.stderr, DAMAGES[damage].says.format(path=path))
    assert snapshot() == before


def without_root_override() -> list[str]:
    """A command prefix under which permissions apply even to root: drop its override capabilities."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads any file, and setpriv (util-linux) is not here to drop that power")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


@pytest.mark.slow  # real processes: CI runs it, the everyday loop does not
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_journal_stops_every_command_in_a_real_process(
    journal_with_checkins: Path, tmp_path: Path, damage: str, finding: Callable[[str], None]
) -> None:
    home, path = damaged(journal_with_checkins, tmp_path, damage)
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIPCARE_")}
    env["LIPCARE_HOME"] = str(home)
    prefix = without_root_override() if damage == "no read permission" else []
    Image.new("RGB", (64, 48), (200, 40, 40)).save(tmp_path / PHOTO)
    snapshot = readable(path)
    before = snapshot()
    for command in COMMANDS:
        done = subprocess.run(
            [*prefix, *LIPCARE, *command], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path
        )
        one_line_error(done.returncode, done.stdout, done.stderr, DAMAGES[damage].says.format(path=path))
        assert snapshot() == before, command
    finding(
        f"corruption: {damage}: {len(COMMANDS)} commands each stopped with exit 1 and one line naming the "
        "file; the folder is byte for byte unchanged"
    )


# --- a scores table changed by hand ---------------------------------------------------------------------------------

READERS = [
    ["history"],
    ["history", "--json"],
    ["data", "export", "--format", "csv"],
    ["data", "export"],
    ["report", "-o", "-"],
    ["export", "fhir", "-o", "-"],
    ["checkin", "--redness", "1"],
]
"""Every command that reads the scores of the check-ins (checkin reads the latest of each, to compare)."""
LATEST = "(SELECT max(id) FROM checkins)"
SCORE_ROW = "INSERT INTO scores (checkin_id, scale, position, value) VALUES"
TAMPERED_SCORES = {
    "a key with a comma": f"{SCORE_ROW} ({LATEST}, 'a,b', 9, 1)",
    "a key with an equals sign": f"{SCORE_ROW} ({LATEST}, 'a=b', 9, 1)",
    "a key with a colon": f"{SCORE_ROW} ({LATEST}, 'a:b', 9, 1)",
    "a key with an escape character": f"{SCORE_ROW} ({LATEST}, 'x' || char(27) || '[31m', 9, 1)",
    "an empty key": f"{SCORE_ROW} ({LATEST}, '', 9, 1)",
    "a value that is text": f"UPDATE scores SET value = 'abc' WHERE checkin_id = {LATEST} AND scale = 'redness'",
    "a fractional value": f"UPDATE scores SET value = 1.5 WHERE checkin_id = {LATEST} AND scale = 'redness'",
    "a negative value": f"UPDATE scores SET value = -5 WHERE checkin_id = {LATEST} AND scale = 'redness'",
    "a huge value": f"UPDATE scores SET value = 99999999999 WHERE checkin_id = {LATEST} AND scale = 'redness'",
    "a position that is text": f"UPDATE scores SET position = 'x' WHERE checkin_id = {LATEST} AND scale = 'redness'",
    "a key no scale may take": f"{SCORE_ROW} ({LATEST}, 'crusting', 9, 1)",
}


# A check-in reads only the latest value of each scale of its protocol: the damaged values, not the keys.
TAMPERED_READS = [
    (damage, command)
    for damage in TAMPERED_SCORES
    for command in READERS
    if command[0] != "checkin" or "value" in damage
]


@pytest.mark.parametrize(
    ("damage", "command"), TAMPERED_READS, ids=lambda part: " ".join(part) if isinstance(part, list) else part
)
def test_a_scores_table_changed_by_hand_is_named_not_a_crash(
    cli: Cli,
    journal_with_checkins: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
    command: list[str],
) -> None:
    """A score lipcare never writes (it writes keys of [a-z0-9-] and whole numbers from 0 to 100) is damage: one
    line naming the journal and the check-in, never the generic message, a traceback or a raw escape character."""
    home = tmp_path / "home"
    shutil.copytree(journal_with_checkins, home, ignore=shutil.ignore_patterns("cache"))
    db = sqlite3.connect(home / JOURNAL)
    db.execute(TAMPERED_SCORES[damage])
    db.commit()
    db.close()
    monkeypatch.setenv("LIPCARE_HOME", str(home))
    before = tree(home)
    result = cli(*command)
    one_line_error(result.exit_code, result.stdout, result.stderr, f"cannot read the journal {home / JOURNAL}")
    assert "check-in 18 holds a score lipcare does not write" in result.stderr
    assert "\x1b" not in result.stderr
    assert tree(home) == before


def test_a_journal_from_a_newer_lipcare_is_explained_in_arabic_too(
    cli: Cli, journal_with_checkins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, journal = damaged(journal_with_checkins, tmp_path, "newer schema")
    monkeypatch.setenv("LIPCARE_HOME", str(home))
    before = journal.read_bytes()
    result = cli("history", "--lang", "ar")
    assert result.exit_code == 1 and result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("خطأ: كُتب السجل") and "بإصدار أحدث من lipcare" in result.stderr
    assert "(المخطط ٤٢، وهذا الإصدار يقرأ حتى " in result.stderr  # the digits in force
    assert "was written by" not in result.stderr and journal.read_bytes() == before
