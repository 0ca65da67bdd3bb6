"""Correcting and removing a check-in (issue 22): `lipcare checkin --correct ID` and `--remove ID`.

The sound design: the check-in corrected (or the ones after a removed one) and every later check-in of the
treatment are judged again in date order, so the journal holds what it would have held had the check-in been
right from the start; what each was before is kept in the `amendments` table and shown as "corrected on D"."""

from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Cli
from test_photos import counts, phone_jpeg, photo_files, run_killed

import lipcare.commands.common
from lipcare import journal as journal_module
from lipcare.journal import MIGRATIONS

# The trial's bad patch: pain 3 -> 6 on day 4 (urgent), the same on day 5, then a mistyped 9 on day 6.
RECOVERY = [
    ("2026-11-13", ["--redness", "2", "--swelling", "2", "--pain", "3", "--crusting", "--symptom", "none"]),
    ("2026-11-14", ["--redness", "2", "--swelling", "2", "--pain", "6", "--crusting", "--symptom", "none"]),
    ("2026-11-15", ["--redness", "2", "--swelling", "2", "--pain", "6", "--crusting", "--symptom", "none"]),
    ("2026-11-16", ["--redness", "2", "--swelling", "1", "--pain", "4", "--crusting", "--symptom", "none"]),
]


def record(cli: Cli, entries: list[tuple[str, list[str]]]) -> None:
    for number, (on, answers) in enumerate(entries):
        start = ["--date", "2026-11-10"] if number == 0 else []
        result = cli("checkin", *start, "--on", on, *answers)
        assert result.exit_code == 0, result.stderr


def judged(cli: Cli) -> list[tuple[str, int, str, str, list[str]]]:
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    return [(row["on"], row["answers"]["pain"], row["level"], row["action"], row["reasons"]) for row in rows]


def state(home: Path) -> list[str]:
    db = sqlite3.connect(f"file:{home / 'journal.sqlite3'}?mode=ro", uri=True)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def test_a_correction_leaves_the_journal_as_if_the_checkin_had_been_right(
    cli: Cli, lipcare_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(cli, RECOVERY)
    before = judged(cli)
    assert [level for _on, _pain, level, _action, _reasons in before] == ["expected", "urgent", "urgent", "contact"]
    result = cli("checkin", "--correct", "2", "--pain", "3")
    assert result.exit_code == 0, result.stderr
    assert "Corrected check-in 2: day 4, 2026-11-14. What it said before is kept." in result.stdout
    corrected = judged(cli)
    # The same check-ins, recorded right the first time, in a journal of their own.
    monkeypatch.setenv("LIPCARE_HOME", str(tmp_path / "right-first-time"))
    right = [(on, [*answers]) for on, answers in RECOVERY]
    right[1] = (right[1][0], [item if item != "6" or index != 5 else "3" for index, item in enumerate(right[1][1])])
    record(cli, right)
    assert corrected == judged(cli)
    # day 5 was urgent because of day 4's jump: now it is the jump itself, still urgent, with another reason
    assert corrected[1][2] == "expected" and before[1][2] == "urgent"


def test_the_original_answers_and_advice_are_kept_and_shown(cli: Cli, lipcare_home: Path) -> None:
    record(cli, RECOVERY)
    original = json.loads(cli("history", "--json").stdout)["checkins"][1]
    assert cli("checkin", "--correct", "2", "--pain", "3", "--note", "typed 6 by mistake").exit_code == 0
    row = json.loads(cli("history", "--json").stdout)["checkins"][1]
    assert row["id"] == 2 and row["corrected_on"] == "2026-11-24"
    assert row["answers"]["pain"] == 3 and row["answers"]["redness"] == 2  # not given: kept
    assert row["answers"]["note"] == "typed 6 by mistake"
    (amendment,) = row["amendments"]
    assert amendment["kind"] == "corrected" and amendment["on"] == "2026-11-24"
    assert amendment["level_before"] == "urgent"
    assert amendment["before"]["scores"]["pain"] == 6
    assert amendment["before"]["reasons"] == original["reasons"]
    assert amendment["before"]["recorded_at"] == original["recorded_at"]
    shown = cli("history", "--no-pager", env={"COLUMNS": "80"}).stdout
    assert "2026-11-14 day 4: expected (check-in 2)" in shown
    assert "corrected on 2026-11-24" in shown
    assert "it said urgent before it was corrected" in shown


def test_a_later_checkin_whose_level_changed_says_so(cli: Cli) -> None:
    record(cli, RECOVERY[:3])
    result = cli("checkin", "--correct", "1", "--pain", "6")
    assert result.exit_code == 0, result.stderr
    assert "Check-in 2 (2026-11-14, day 4) now says contact; it said urgent before." in result.stdout
    row = json.loads(cli("history", "--json").stdout)["checkins"][1]
    assert row["corrected_on"] is None
    assert [item["kind"] for item in row["amendments"]] == ["rejudged"]
    assert row["amendments"][0]["caused_by"] == 1 and row["amendments"][0]["level_before"] == "urgent"
    shown = cli("history", "--no-pager", env={"COLUMNS": "80"}).stdout
    assert "it said urgent until check-in 1 was corrected or removed on 2026-11-24" in shown


def test_a_correction_can_move_a_checkin_to_another_day(cli: Cli) -> None:
    record(cli, RECOVERY[:2])
    result = cli("checkin", "--correct", "2", "--on", "2026-11-12")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    assert [(row["id"], row["on"], row["day"]) for row in rows] == [(2, "2026-11-12", 2), (1, "2026-11-13", 3)]


def test_the_report_lists_a_removed_checkin(cli: Cli, tmp_path: Path) -> None:
    record(cli, RECOVERY[:3])
    assert cli("checkin", "--remove", "2", "--yes").exit_code == 0
    assert cli("report", "-o", str(tmp_path / "r.html")).exit_code == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Check-in 2 of 2026-11-14 (day 4, urgent) was removed on 2026-11-24." in page


def test_the_data_export_keeps_a_removed_checkin_as_it_was(cli: Cli) -> None:
    record(cli, RECOVERY[:3])
    assert cli("checkin", "--remove", "2", "--yes").exit_code == 0
    exported = json.loads(cli("data", "export", "--format", "json").stdout)
    (treatment,) = exported["treatments"]
    (gone,) = treatment["removed_checkins"]
    assert gone["id"] == 2 and gone["removed_on"] == "2026-11-24"
    assert gone["before"]["scores"]["pain"] == 6 and gone["before"]["level"] == "urgent"
    assert [row["id"] for row in treatment["checkins"]] == [1, 3]


def test_csv_and_fhir_say_corrected(cli: Cli, tmp_path: Path) -> None:
    record(cli, RECOVERY[:2])
    assert cli("checkin", "--correct", "2", "--pain", "3").exit_code == 0
    table = list(csv.DictReader(io.StringIO(cli("data", "export", "--format", "csv").stdout)))
    assert [(row["id"], row["corrected_on"], row["level_before"]) for row in table] == [
        ("1", "", ""),
        ("2", "2026-11-24", "urgent"),
    ]
    bundle = json.loads(cli("export", "fhir", "-o", "-").stdout)
    responses = [
        entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert [response["status"] for response in responses] == ["completed", "amended"]
    statuses = {
        entry["resource"]["status"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        and "checkin/2/" in entry["fullUrl"] + entry["resource"]["id"]
    }
    assert statuses <= {"corrected", "final"}


def test_fhir_bundle_with_a_correction_validates(cli: Cli) -> None:
    pytest.importorskip("fhir.resources")
    from fhir.resources.R4B.bundle import Bundle

    record(cli, RECOVERY[:2])
    assert cli("checkin", "--correct", "2", "--pain", "3").exit_code == 0
    Bundle.model_validate_json(cli("export", "fhir", "-o", "-").stdout)


def test_removing_asks_on_a_terminal_and_no_changes_nothing(
    cli: Cli, lipcare_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(cli, RECOVERY[:3])
    monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)
    before = state(lipcare_home)
    result = cli("checkin", "--remove", "2", input="n\n")
    assert "Remove check-in 2 of 2026-11-14 (day 4, urgent)? A record that it was removed is kept." in result.stdout
    assert result.exit_code == 1 and "Check-in 2 was left as it was; nothing was changed." in result.stderr
    assert state(lipcare_home) == before
    result = cli("checkin", "--remove", "2", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "Removed check-in 2 of 2026-11-14 (day 4, urgent)." in result.stdout
    assert [row["id"] for row in json.loads(cli("history", "--json").stdout)["checkins"]] == [1, 3]


def test_removing_without_a_terminal_needs_yes(cli: Cli, lipcare_home: Path) -> None:
    record(cli, RECOVERY[:2])
    before = state(lipcare_home)
    result = cli("checkin", "--remove", "2")
    assert result.exit_code == 2 and "add --yes" in result.stderr
    assert state(lipcare_home) == before


def test_a_removal_rejudges_the_later_checkins_and_is_recorded(
    cli: Cli, lipcare_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(cli, RECOVERY)
    result = cli("checkin", "--remove", "2", "--yes")
    assert result.exit_code == 0, result.stderr
    after = judged(cli)
    monkeypatch.setenv("LIPCARE_HOME", str(tmp_path / "never-there"))
    record(cli, [RECOVERY[0], *RECOVERY[2:]])
    assert after == judged(cli)
    monkeypatch.setenv("LIPCARE_HOME", str(lipcare_home))
    shown = cli("history", "--no-pager", env={"COLUMNS": "80"}).stdout
    assert "Check-in 2 of 2026-11-14 (day 4, urgent) was removed on 2026-11-24." in shown
    db = sqlite3.connect(lipcare_home / "journal.sqlite3")
    kept = db.execute("SELECT kind, original FROM amendments WHERE checkin_id = 2").fetchall()
    db.close()
    assert [kind for kind, _original in kept] == ["removed"]
    assert json.loads(kept[0][1])["scores"]["pain"] == 6


def test_photos_follow_their_checkin(cli: Cli, lipcare_home: Path, tmp_path: Path) -> None:
    photo = phone_jpeg(tmp_path / "lips.jpg")
    record(cli, RECOVERY[:1])
    assert cli("checkin", "--on", "2026-11-14", "--redness", "1", "--photo", str(photo)).exit_code == 0
    assert len(photo_files(lipcare_home)) == 1
    assert cli("checkin", "--correct", "2", "--on", "2026-11-15").exit_code == 0
    (moved,) = json.loads(cli("photo", "list", "--json").stdout)["photos"]
    assert (moved["on"], moved["day"]) == ("2026-11-15", 5)  # the photo moved with its check-in
    result = cli("checkin", "--remove", "2", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Its photos were removed with it: 1." in result.stdout
    assert photo_files(lipcare_home) == [] and counts(lipcare_home) == (1, 0)


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--correct", "99", "--pain", "1"], 1, "there is no check-in 99 in your journal; nothing was changed."),
        (["--remove", "99", "--yes"], 1, "there is no check-in 99 in your journal; nothing was changed."),
        (["--correct", "1"], 2, "give the answers that change"),
        (["--correct", "1", "--pain", "11"], 2, "'--pain': 11 is not on the scale"),
        (["--correct", "1", "--on", "2026-11-01"], 2, "is before the treatment"),
        (["--correct", "1", "--date", "2026-11-01", "--pain", "1"], 2, "'--date'"),
        (["--correct", "1", "--remove", "1"], 2, "not both"),
        (["--remove", "1", "--pain", "2", "--yes"], 2, "it takes no answers"),
        (["--yes"], 2, "'--yes'"),
    ],
)
def test_refused_clearly_and_nothing_changes(
    cli: Cli, lipcare_home: Path, args: list[str], code: int, said: str
) -> None:
    record(cli, RECOVERY[:2])
    before = state(lipcare_home)
    result = cli("checkin", *args)
    assert result.exit_code == code, result.stdout
    assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert state(lipcare_home) == before


@pytest.mark.parametrize("args", [["--correct", "1", "--pain", "1"], ["--remove", "1", "--yes"]])
def test_a_damaged_journal_is_refused_and_left_as_it_was(cli: Cli, lipcare_home: Path, args: list[str]) -> None:
    record(cli, RECOVERY[:2])
    path = lipcare_home / "journal.sqlite3"
    db = sqlite3.connect(path)
    db.execute("UPDATE scores SET value = 'x' WHERE checkin_id = 1 AND scale = 'pain'")
    db.commit()
    db.close()
    before = path.read_bytes()
    result = cli("checkin", *args)
    assert result.exit_code == 1 and "cannot read the journal" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


@pytest.mark.slow  # real processes killed: CI runs it, the everyday loop does not
def test_sigkill_in_the_middle_of_a_correction_or_removal_loses_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    photo = phone_jpeg(tmp_path / "lips.jpg")
    for number, (on, answers) in enumerate(RECOVERY):
        start = ["--date", "2026-11-10"] if number == 0 else []
        extra = ["--photo", str(photo)] if number == 1 else []
        assert run_killed(home, "", "checkin", *start, "--on", on, *answers, *extra).returncode == 0
    before = state(home)
    # killed after the first later check-in was judged again, before the commit
    kill = "lipcare.journal.Journal.replace_checkin = lambda *a: os.kill(os.getpid(), signal.SIGKILL)"
    killed = run_killed(home, kill, "checkin", "--correct", "2", "--pain", "3")
    assert killed.returncode == -signal.SIGKILL
    assert state(home) == before
    kill = "lipcare.journal.Journal.add_amendment = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)"
    killed = run_killed(home, kill, "checkin", "--remove", "2", "--yes")
    assert killed.returncode == -signal.SIGKILL
    assert state(home) == before and len(photo_files(home)) == 1
    # killed after the commit, before the photo file was deleted: the next run removes the file left behind
    kill = "lipcare.commands.common.remove_photo_orphans = lambda *a: os.kill(os.getpid(), signal.SIGKILL)"
    killed = run_killed(home, "import lipcare.commands.common\n" + kill, "checkin", "--remove", "2", "--yes")
    assert killed.returncode == -signal.SIGKILL
    assert counts(home) == (3, 0) and len(photo_files(home)) == 1
    assert run_killed(home, "", "history", "--json").returncode == 0
    assert run_killed(home, "", "checkin", "--on", "2026-11-17", "--redness", "1").returncode == 0
    assert photo_files(home) == []
    db = sqlite3.connect(home / "journal.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT kind FROM amendments WHERE checkin_id = 2").fetchall() == [("removed",)]
    db.close()


@pytest.mark.parametrize("schema", range(1, len(MIGRATIONS)))
def test_a_journal_of_every_earlier_schema_migrates_and_takes_corrections(
    cli: Cli, lipcare_home: Path, monkeypatch: pytest.MonkeyPatch, schema: int
) -> None:
    from test_journal import OLD_CHECKINS, make_0001_journal

    lipcare_home.mkdir(mode=0o700)
    path = lipcare_home / "journal.sqlite3"
    make_0001_journal(path, monkeypatch)
    with monkeypatch.context() as patch:  # as lipcare left it at that schema
        patch.setattr(journal_module, "MIGRATIONS", MIGRATIONS[:schema])
        journal_module.Journal.open(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('current_treatment', '1')")
    db.commit()
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema
    db.close()
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    assert [row["id"] for row in rows] == [row[0] for row in OLD_CHECKINS]
    assert all(row["corrected_on"] is None and row["amendments"] == [] for row in rows)
    assert cli("checkin", "--correct", "2", "--pain", "1").exit_code == 0
    assert cli("checkin", "--remove", "3", "--yes").exit_code == 0
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    assert [(row["id"], row["answers"]["pain"], row["corrected_on"]) for row in rows] == [
        (1, 5, None),
        (2, 1, "2026-11-24"),
    ]
    assert rows[1]["amendments"][0]["before"]["scores"]["pain"] == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


@pytest.mark.slow
def test_corrections_killed_at_random_moments_are_all_or_nothing(
    tmp_path: Path, finding: Callable[[str], None]
) -> None:
    """Check-in 2's pain is corrected back and forth (6 -> 3 -> 6...) by processes killed at random moments: after
    each, its pain, the corrections recorded and every later check-in's level agree with one another."""
    import random
    import subprocess
    import sys
    import time

    home = tmp_path / "home"
    for number, (on, answers) in enumerate(RECOVERY):
        start = ["--date", "2026-11-10"] if number == 0 else []
        assert run_killed(home, "", "checkin", *start, "--on", on, *answers).returncode == 0

    def seen() -> tuple[int, int, list[str]]:
        db = sqlite3.connect(f"file:{home / 'journal.sqlite3'}?mode=ro", uri=True)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            pain = db.execute("SELECT value FROM scores WHERE checkin_id = 2 AND scale = 'pain'").fetchone()[0]
            count = db.execute("SELECT COUNT(*) FROM amendments WHERE checkin_id = 2 AND kind = 'corrected'").fetchone()
            levels = [str(row[0]) for row in db.execute("SELECT level FROM checkins ORDER BY on_date, id")]
            return int(pain), int(count[0]), levels
        finally:
            db.close()

    pain, count, first_levels = seen()
    levels = {6: first_levels}
    env = {
        **{k: v for k, v in __import__("os").environ.items() if not k.startswith("LIPCARE_")},
        "LIPCARE_HOME": str(home),
    }
    began = time.perf_counter()
    assert (
        subprocess.run(
            [sys.executable, "-m", "lipcare", "checkin", "--correct", "2", "--pain", "3"],
            env=env,
            capture_output=True,
            timeout=60,
        ).returncode
        == 0
    )
    lifetime = time.perf_counter() - began
    pain, count, levels[3] = seen()
    assert (pain, count) == (3, 1) and levels[3] != levels[6]
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    kills, finished = 40, 0
    for _attempt in range(kills):
        target = 6 if pain == 3 else 3
        process = subprocess.Popen(
            [sys.executable, "-m", "lipcare", "checkin", "--correct", "2", "--pain", str(target)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0, lifetime * 1.2))
        process.kill()
        finished += process.wait(timeout=60) == 0
        now_pain, now_count, now_levels = seen()
        assert now_pain in (pain, target)
        assert now_count == count + (now_pain != pain)  # a correction is recorded exactly when it was made
        assert now_levels == levels[now_pain]  # and every later check-in was judged again with it
        pain, count = now_pain, now_count
    finding(
        f"corrections: {kills} 'checkin --correct' processes killed with SIGKILL at random moments (seed {seed}); "
        f"{finished} finished; after each, the answer, the amendment records and every later level agreed"
    )
