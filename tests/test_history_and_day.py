"""History that leads with what matters, a timeline that knows today's check-in, and a check-in that speaks of
its day (issue 22)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import Cli
from test_terminal_session import LIPCARE, Terminal, environment, spawn  # noqa: F401  (the fixture)


def checkin(cli: Cli, *args: str) -> str:
    result = cli("checkin", *args)
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.replace("│", " ").split())


def test_history_sums_up_the_latest_checkin_that_said_to_call_even_beyond_the_limit(cli: Cli) -> None:
    checkin(cli, "--date", "2026-11-10", "--on", "2026-11-12", "--redness", "2", "--pain", "3")
    checkin(cli, "--on", "2026-11-14", "--redness", "2", "--pain", "7", "--symptom", "none")
    for day in (15, 16, 17, 18):
        checkin(cli, "--on", f"2026-11-{day}", "--redness", "1", "--pain", "1", "--symptom", "none")
    shown = cli("history", "--no-pager", "--limit", "2", env={"COLUMNS": "200"}).stdout
    head = (
        "Latest check-in that said to contact your physician: 2026-11-14, day 4, urgent "
        "(contact your physician today); check-in 2."
    )
    assert head in shown
    assert "Pain is 7/10 on day 4" in shown
    assert shown.index(head) < shown.index("The latest 2 of 6 check-ins")
    assert "2026-11-14 day 4" not in shown  # beyond --limit: only the summary names it
    levels = (
        "Levels: immediate = seek care now; urgent = contact your physician today; contact = contact your physician"
    )
    assert shown.count(levels) == 1


def test_the_level_words_are_explained_once_for_every_treatment(cli: Cli) -> None:
    checkin(cli, "--date", "2026-11-01", "--on", "2026-11-02", "--redness", "1")
    checkin(cli, "--date", "2026-11-10", "--on", "2026-11-12", "--redness", "1")
    shown = cli("history", "--all", "--no-pager").stdout
    assert shown.count("Levels: ") == 1


def test_the_timeline_says_todays_latest_checkin_level(cli: Cli) -> None:
    checkin(cli, "--date", "2026-11-20", "--redness", "2", "--pain", "7", "--symptom", "none")
    shown = cli("timeline", "--no-pager").stdout
    assert "Your latest check-in today: urgent (contact your physician today)." in shown
    assert "Your latest check-in today" not in cli("timeline", "--no-pager", "--on", "2026-11-22").stdout


def test_a_backdated_checkin_speaks_of_that_day(cli: Cli) -> None:
    said = checkin(
        cli,
        "--date",
        "2026-11-01",
        "--on",
        "2026-11-03",
        "--redness",
        "1",
        "--swelling",
        "1",
        "--pain",
        "1",
        "--no-crusting",
        "--symptom",
        "none",
    )
    assert "This check-in is for 2026-11-03, 21 days ago: what follows is about that day." in said
    assert "Check in again tomorrow" not in said
    assert "Redness window on that day: last day Sun 29 Nov 2026 (2026-11-29), 26 days left then." in said
    urgent = checkin(cli, "--on", "2026-11-05", "--redness", "1", "--pain", "8", "--symptom", "none")
    assert "the advice below is what that day's answers called for. If it is still like this, act on it now." in urgent
    today = checkin(cli, "--redness", "1", "--swelling", "1", "--pain", "1", "--no-crusting", "--symptom", "none")
    assert "This check-in is for" not in today and "left then" not in today
    data = json.loads(cli("checkin", "--on", "2026-11-04", "--redness", "1", "--json").stdout)
    assert data["backdated"] is True and data["same_day_as"] is None


def test_a_second_checkin_on_the_same_day_says_so_and_both_are_kept(cli: Cli) -> None:
    checkin(cli, "--date", "2026-11-20", "--redness", "2")
    said = checkin(cli, "--redness", "1")
    assert "2026-11-24 already had a check-in (check-in 1); both are kept." in said
    assert len(json.loads(cli("history", "--json").stdout)["checkins"]) == 2
    data = json.loads(cli("checkin", "--redness", "1", "--json").stdout)
    assert data["same_day_as"] == 2


def test_without_a_treatment_and_a_terminal_the_error_gives_the_command(cli: Cli) -> None:
    result = cli("checkin", "--redness", "1", "--note", "two words")
    assert result.exit_code == 2
    assert (
        "Run it with the date of your treatment: lipcare checkin --redness 1 --note 'two words' --date YYYY-MM-DD"
        in result.stderr
    )


def test_without_a_treatment_the_checkin_asks_for_the_date_and_a_question_can_be_skipped(
    spawn: type[Terminal],  # noqa: F811
    lipcare_home: Path,
) -> None:
    env = environment(lipcare_home)
    screen = spawn([*LIPCARE, "checkin"], env)
    screen.expect("When was your treatment?")
    screen.type("2026-13-01")  # not a date: asked again
    screen.expect("When was your treatment?")
    screen.type("30 days ago")  # past every medicine's course: no dose question, whatever the time of the run
    screen.expect("How red are your lips? [0-3, - to skip]:")
    screen.type("1")
    screen.expect("How swollen are your lips? [0-3, - to skip]:")
    screen.type("-")  # skipped: not recorded
    screen.expect("How much pain do you have")
    screen.type("s")
    screen.expect("Are there crusts on your lips? [y/n, - to skip]:")
    screen.type("-")
    screen.expect("to skip:")
    screen.type("-")
    screen.expect("(Enter to skip)")
    screen.type("")
    screen.expect("Path of a photo of your lips (Enter to skip):")
    screen.type("")
    assert screen.finish() == 0, screen.screen
    history = subprocess.run([*LIPCARE, "history", "--json"], env=env, capture_output=True, text=True, check=True)
    (row,) = json.loads(history.stdout)["checkins"]
    assert row["day"] == 30 and row["answers"]["redness"] == 1
    assert row["answers"]["swelling"] is None and row["answers"]["pain"] is None
    assert row["answers"]["crusting"] is None and row["answers"]["symptoms"] is None  # skipped: not recorded
    assert "Not recorded" in screen.screen or "not recorded" in screen.screen


@pytest.mark.parametrize("args", [["--date", "2026-11-20", "--redness", "1"]])
def test_the_arabic_checkin_speaks_of_its_day_too(cli: Cli, args: list[str]) -> None:
    checkin(cli, *args)
    said = checkin(cli, "--lang", "ar", "--on", "2026-11-21", "--redness", "1")
    assert "هذا التسجيل ليوم" in said
