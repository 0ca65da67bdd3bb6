"""A command that ends with an error changes nothing: the journal, the remembered treatment, the settings and the
photos are exactly as they were (issue 22). Each failing path of checkin, timeline, report and export is run
against a journal with a treatment and check-ins, and the whole state is compared before and after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import Cli

import lipcare.commands.common


def state(home: Path) -> tuple[list[str], dict[str, bytes]]:
    """Everything lipcare keeps: the journal's rows (as SQL) and every other file under LIPCARE_HOME."""
    journal = home / "journal.sqlite3"
    rows: list[str] = []
    if journal.exists():
        db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
        try:
            rows = list(db.iterdump())
        finally:
            db.close()
    files = {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file() and not path.name.startswith("journal.sqlite3")
    }
    return rows, files


@pytest.fixture
def kept(cli: Cli, lipcare_home: Path, tmp_path: Path) -> Path:
    """A journal with two check-ins for the treatment of 2026-11-10, a clinic phone in the settings, and a file
    that already exists where the exports would write."""
    assert cli("checkin", "--date", "2026-11-10", "--on", "2026-11-12", "--redness", "2").exit_code == 0
    assert cli("checkin", "--redness", "1", "--pain", "2").exit_code == 0
    assert cli("settings", "set", "clinic-phone", "+44 20 7946 0000").exit_code == 0
    (tmp_path / "exists.html").write_text("mine")
    return lipcare_home


CHECKIN_FAILURES = [
    # the trial's typo: a treatment date after today, with the check-in for today
    (["--date", "2026-12-11", "--redness", "1"], 2, "'--date'"),
    (["--date", "2027-01-01", "--redness", "1"], 2, "'--date'"),
    (["--date", "2026-11-01", "--on", "2026-10-30", "--redness", "1"], 2, "'--on'"),
    (["--date", "2026-11-01", "--on", "tomorrow", "--redness", "1"], 2, "'--on'"),
    (["--date", "2026-11-01", "--redness", "9"], 2, "'--redness'"),
    (["--date", "2026-11-01", "--redness", "1", "--symptom", "sneezing"], 2, "'--symptom'"),
    (["--date", "2026-11-01", "--redness", "1", "--photo", "/nonexistent/lips.jpg"], 1, "lips.jpg"),
    (["--date", "2026-11-01", "--redness", "1", "--painkillers-help"], 2, "'--painkillers-help'"),
    (["--date", "2026-11-01"], 2, "not a terminal"),  # the questions cannot be asked
    (["--date", "2026-02-30", "--redness", "1"], 2, "'--date'"),
]


@pytest.mark.parametrize(("args", "code", "named"), CHECKIN_FAILURES)
def test_a_failed_checkin_changes_nothing(cli: Cli, kept: Path, args: list[str], code: int, named: str) -> None:
    before = state(kept)
    result = cli("checkin", *args)
    assert result.exit_code == code, result.stdout
    assert named in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert state(kept) == before
    assert "2026-11-10" in cli("history", "--no-pager").stdout  # the record in use is still the same one


def test_the_trial_typo_names_the_option_typed_and_history_still_shows_the_checkins(cli: Cli, kept: Path) -> None:
    result = cli("checkin", "--date", "2026-12-11", "--redness", "1")
    assert result.exit_code == 2
    assert "'--on'" not in result.stderr
    assert "the treatment date 2026-12-11 is after 2026-11-24" in result.stderr
    assert "Nothing was saved or changed." in result.stderr
    shown = cli("history", "--no-pager").stdout
    assert "Treatment Tue 10 Nov 2026 (2026-11-10): 2 check-ins" in shown


def test_a_checkin_stopped_at_the_first_question_does_not_remember_its_date(
    cli: Cli, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)
    before = state(kept)
    result = cli("checkin", "--date", "2026-11-20", input="")  # Ctrl-D at the first question
    assert result.exit_code == 1
    assert state(kept) == before


TIMELINE_FAILURES = [
    (["--date", "2026-11-01", "--on", "2026-02-30"], 2, "'--on'"),
    (["--date", "2026-11-01", "--time", "25:00"], 2, "'--time'"),
    (["--date", "2026-11-01", "--lang", "xx"], 2, "--lang"),
    (["--date", "2026-11-01", "--protocol", "/nonexistent/protocol.toml"], 1, "protocol.toml"),
    (["--date", "not-a-date"], 2, "'--date'"),
]


@pytest.mark.parametrize(("args", "code", "named"), TIMELINE_FAILURES)
def test_a_failed_timeline_changes_nothing(cli: Cli, kept: Path, args: list[str], code: int, named: str) -> None:
    before = state(kept)
    result = cli("timeline", "--no-pager", *args)
    assert result.exit_code == code, result.stdout
    assert named in result.stderr and "Traceback" not in result.stderr
    assert state(kept) == before


def test_a_timeline_that_cannot_be_written_does_not_remember_its_date(
    cli: Cli, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lipcare.render import terminal

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(terminal, "print_timeline", full_disk)
    before = state(kept)
    result = cli("timeline", "--no-pager", "--date", "2026-11-01")
    assert result.exit_code == 1
    assert state(kept) == before


@pytest.mark.parametrize(
    ("command", "named"),
    [
        (["report"], "exists.html"),
        (["export", "fhir"], "exists.html"),
        (["export", "ics", "--date", "2026-11-01"], "exists.html"),
        (["export", "sheet", "--date", "2026-11-01"], "exists.html"),
        (["export", "sheet", "--date", "2026-11-01", "--time", "9:99"], "'--time'"),
        (["export", "ics", "--date", "2026-11-31"], "'--date'"),
    ],
)
def test_a_failed_report_or_export_changes_nothing(
    cli: Cli, kept: Path, tmp_path: Path, command: list[str], named: str
) -> None:
    before = state(kept)
    result = cli(*command, "-o", str(tmp_path / "exists.html"))  # exists, no --force, no terminal to ask
    assert result.exit_code in (1, 2), result.stdout
    assert named in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert state(kept) == before
    assert (tmp_path / "exists.html").read_text() == "mine"


@pytest.mark.parametrize("command", [["report"], ["export", "ics", "--date", "2026-11-01"], ["export", "fhir"]])
def test_an_export_to_a_missing_folder_changes_nothing(cli: Cli, kept: Path, command: list[str]) -> None:
    before = state(kept)
    result = cli(*command, "-o", "/nonexistent-folder/out.html")
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert state(kept) == before


def test_a_successful_export_remembers_the_date_it_was_given(cli: Cli, kept: Path, tmp_path: Path) -> None:
    result = cli("export", "ics", "--date", "2026-11-01", "-o", str(tmp_path / "plan.ics"))
    assert result.exit_code == 0, result.stderr
    assert "New treatment record for 2026-11-01" in result.stderr
    assert "2026-11-01" in cli("history", "--no-pager").stdout


def test_history_and_timeline_say_where_the_checkins_are_and_how_to_switch(cli: Cli, kept: Path) -> None:
    assert cli("timeline", "--no-pager", "--date", "2026-11-20").exit_code == 0  # a new, empty record
    shown = cli("history", "--no-pager").stdout
    assert "Your other treatments have 2 check-ins" in shown
    assert "To use the treatment of 2026-11-10 again: lipcare timeline --date 2026-11-10" in shown
    timeline = cli("timeline", "--no-pager").stdout
    assert "This treatment has no check-ins, but your other treatments have 2 check-ins." in timeline
    assert "lipcare timeline --date 2026-11-10" in timeline


def test_a_first_checkin_that_fails_makes_no_journal(cli: Cli, lipcare_home: Path) -> None:
    result = cli("checkin", "--date", "2026-12-11", "--redness", "1")
    assert result.exit_code == 2 and "'--date'" in result.stderr
    assert not (lipcare_home / "journal.sqlite3").exists()
