from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest
from conftest import Cli

import lipcare.cli


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as if standard input were a terminal, so the questions are asked."""
    monkeypatch.setattr(lipcare.cli, "stdin_is_terminal", lambda: True)


def checkin(cli: Cli, *args: str) -> dict[str, object]:
    result = cli("checkin", *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


# --- the treatment is remembered ---------------------------------------------------


def test_without_any_date_the_message_says_how_to_give_one(cli: Cli) -> None:
    for command in (["checkin", "--redness", "1"], ["timeline"], ["history"]):
        result = cli(*command)
        assert result.exit_code in (1, 2)
        assert "--date" in result.stderr, command
        assert len(result.stderr.strip().splitlines()) == 1


def test_the_date_given_once_is_remembered_by_every_command(cli: Cli) -> None:
    checkin(cli, "--date", "2026-11-01", "--redness", "1")
    assert checkin(cli, "--redness", "1")["treatment_date"] == "2026-11-01"
    assert json.loads(cli("timeline", "--json").stdout)["treatment_date"] == "2026-11-01"
    assert len(json.loads(cli("history", "--json").stdout)) == 2


def test_timeline_date_is_remembered_too(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-10", "--time", "15:00")
    data = checkin(cli, "--redness", "0")
    assert (data["treatment_date"], data["day"]) == ("2026-11-10", 14)
    assert json.loads(cli("timeline", "--json").stdout)["treatment_time"] == "15:00"


def test_a_different_date_starts_a_new_treatment_and_keeps_the_old(cli: Cli) -> None:
    checkin(cli, "--date", "2025-06-01", "--on", "2025-06-02", "--redness", "2")
    checkin(cli, "--date", "2026-11-01", "--redness", "1")
    assert [row["treatment_date"] for row in json.loads(cli("history", "--json").stdout)] == ["2026-11-01"]
    everything = json.loads(cli("history", "--all", "--json").stdout)
    assert [row["treatment_date"] for row in everything] == ["2025-06-01", "2026-11-01"]


# --- non-interactive ------------------------------------------------------------


def test_json_matches_the_documented_shape(cli: Cli) -> None:
    data = checkin(cli, "--date", "2026-11-01", "--on", "2026-11-05", "--redness", "2")
    data = checkin(cli, "--on", "today", "--redness", "1", "--swelling", "1", "--pain", "2", "--note", "still red")
    assert (data["treatment_date"], data["on"], data["day"], data["level"]) == ("2026-11-01", "2026-11-24", 23,
                                                                               "expected")  # fmt: skip
    assert data["redness_window"] == {"days": 28, "ends": "2026-11-29", "status": "within", "days_left": 5,
                                      "days_beyond": 0}  # fmt: skip
    assert data["saved"] is True and data["id"] == 2
    assert data["answers"] == {"redness": 1, "swelling": 1, "pain": 2, "crusting": False, "symptoms": [],
                               "note": "still red"}  # fmt: skip
    assert isinstance(data["reasons"], list) and "day 23" in data["reasons"][0]


def test_beyond_the_window_is_contact(cli: Cli) -> None:
    data = checkin(cli, "--date", "2026-10-20", "--redness", "1")
    assert (data["day"], data["level"]) == (35, "contact")
    assert data["redness_window"]["status"] == "beyond"  # type: ignore[index]


def test_a_warning_sign_is_urgent_and_never_called_expected(cli: Cli) -> None:
    result = cli("checkin", "--date", "2026-11-20", "--redness", "0", "--symptom", "pus", "--symptom", "fever")
    assert result.exit_code == 0
    out = result.stdout
    assert out.count("Contact your physician today") == 1  # one heading, no echo
    assert "CONTACT YOUR PHYSICIAN TODAY" not in out
    assert "You reported: Pus" in out and "You reported: Fever" in out
    assert "Matches the expected course" not in out and "Usual on day" not in out
    assert "lipcare info warning-signs" in out
    eye = checkin(cli, "--redness", "0", "--symptom", "eye")
    assert (eye["level"], eye["action"]) == ("urgent", "immediate")
    assert "immediately" in str(eye["what_to_do"])


def test_the_clinic_phone_from_settings_is_shown_with_advice_to_call(cli: Cli) -> None:
    assert cli("settings", "set", "clinic-phone", "+44 20 7946 0000").exit_code == 0
    out = cli("checkin", "--date", "2026-11-20", "--redness", "0", "-s", "fever").stdout
    assert "Phone: +44 20 7946 0000" in out
    assert checkin(cli, "--redness", "0")["clinic"]["phone"] == "+44 20 7946 0000"  # type: ignore[index]


def test_several_checkins_on_one_day_are_all_kept(cli: Cli) -> None:
    for redness in ("1", "2", "1"):
        checkin(cli, "--date", "2026-11-20", "--redness", redness)
    rows = json.loads(cli("history", "--json").stdout)
    assert [row["answers"]["redness"] for row in rows] == [1, 2, 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--redness", "4"], "'--redness': 4 is not on the scale 0 none, 1 mild, 2 moderate, 3 severe"),
        (["--redness", "-1"], "'--redness'"),
        (["--redness", "1", "--pain", "11"], "'--pain': 11 is not on the scale 0 to 10"),
        (["--redness", "one"], "'one' is not a valid int"),
        (["--redness", "1", "--symptom", "itchy"], "unknown sign 'itchy'. Valid: fever, pus, blisters"),
        (["--redness", "1", "--on", "2026-11-19"], "is before the treatment on 2026-11-20"),
        (["--redness", "1", "--on", "tomorrow"], "is after today (2026-11-24)"),
        (["--redness", "1", "--on", "2026-02-30"], "not a date on the calendar"),
    ],
)
def test_bad_answers_are_usage_errors_and_save_nothing(cli: Cli, args: list[str], message: str) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert json.loads(cli("history", "--json").stdout) == []


def test_without_a_terminal_and_without_redness_it_never_waits(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="1\n")
    assert result.exit_code == 2
    assert "--redness N" in result.stderr and "--symptom KEY" in result.stderr


# --- interactive ----------------------------------------------------------------


def test_interactive_checkin_asks_every_question(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="2\n1\n3\ny\n1 7\nsore at night\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for prompt in ("How red are your lips?", "How swollen", "How much pain", "crusts", "Do you have any of these",
                   "Anything else"):  # fmt: skip
        assert prompt in out
    assert "Seek care now" in out  # 1 = fever, 7 = eye pain or vision change
    (row,) = json.loads(cli("history", "--json").stdout)
    assert row["answers"] == {"redness": 2, "swelling": 1, "pain": 3, "crusting": True,
                              "symptoms": ["fever", "eye"], "note": "sore at night"}  # fmt: skip
    assert row["action"] == "immediate"


def test_interactive_json_keeps_the_questions_off_stdout(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", "--json", input="1\n0\n2\nn\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["pain"] == 2
    assert "How red are your lips?" in result.stderr


def test_interactive_defaults_are_shown_and_used(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="\n\n\n\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert "(0)" in result.stdout
    (row,) = json.loads(cli("history", "--json").stdout)
    assert row["answers"] == {"redness": 0, "swelling": 0, "pain": 0, "crusting": False, "symptoms": [], "note": ""}


def test_a_wrong_answer_is_asked_again(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="7\nred\n1\n0\n0\nmaybe\nn\n99\n2\n\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("How red are your lips?") == 3
    assert "Please type numbers from 1 to" in result.stdout
    (row,) = json.loads(cli("history", "--json").stdout)
    assert (row["answers"]["redness"], row["answers"]["symptoms"]) == (1, ["pus"])


def test_options_given_are_not_asked(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", "--pain", "5", "--no-crusting", input="1\n0\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert "How much pain" not in result.stdout
    (row,) = json.loads(cli("history", "--json").stdout)
    assert (row["answers"]["pain"], row["answers"]["crusting"]) == (5, False)


def test_running_out_of_answers_saves_nothing(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="1\n")
    assert result.exit_code == 1
    assert "nothing was saved" in result.stderr
    assert json.loads(cli("history", "--json").stdout) == []


# --- history ----------------------------------------------------------------------


def test_history_shows_a_chart_and_every_checkin(cli: Cli) -> None:
    checkin(cli, "--date", "2026-10-20", "--on", "2026-10-21", "--redness", "3")
    checkin(cli, "--on", "2026-10-29", "--redness", "1", "--note", "better")
    checkin(cli, "--on", "2026-11-19", "--redness", "2")
    wide = cli("history", env={"COLUMNS": "120"}).stdout
    assert "Redness by day" in wide and "█" in wide and "┆" in wide and "end of the 28-day redness window" in wide
    assert "2026-10-29" in wide and "better" in wide and "contact" in wide
    narrow = cli("history", env={"COLUMNS": "40"}).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 40
    assert "2026-11-19 day 30: contact" in narrow


# --- your data --------------------------------------------------------------------


def test_data_path(cli: Cli, lipcare_home: Path) -> None:
    result = cli("data", "path")
    assert result.stdout.strip() == str(lipcare_home / "journal.sqlite3")
    assert "no journal there yet" in result.stderr


def test_journal_is_private(cli: Cli, lipcare_home: Path) -> None:
    checkin(cli, "--date", "2026-11-20", "--redness", "1")
    assert stat.S_IMODE(lipcare_home.stat().st_mode) == 0o700
    assert stat.S_IMODE((lipcare_home / "journal.sqlite3").stat().st_mode) == 0o600


def test_export_json_and_csv(cli: Cli, tmp_path: Path) -> None:
    checkin(cli, "--date", "2026-11-20", "--redness", "1", "--symptom", "fever", "--note", "=SUM(A1)")
    data = json.loads(cli("data", "export").stdout)
    (treatment,) = data["treatments"]
    assert treatment["treatment_date"] == "2026-11-20"
    assert treatment["checkins"][0]["answers"]["symptoms"] == ["fever"]
    assert data["protocol_in_force"]["id"] == "lipcare-default"
    rows = list(csv.DictReader(io.StringIO(cli("data", "export", "--format", "csv").stdout)))
    assert rows[0]["level"] == "urgent" and rows[0]["note"] == "'=SUM(A1)"
    assert rows[0]["protocol_in_force"] == "lipcare-default@1.0"
    target = tmp_path / "out.csv"
    assert cli("data", "export", "-f", "csv", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith('"treatment_date","on",')
    again = cli("data", "export", "-f", "csv", "-o", str(target))
    assert again.exit_code == 1 and "--force" in again.stderr
    assert cli("data", "export", "-o", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "lipcare-journal-export"


def test_export_format_must_be_known(cli: Cli) -> None:
    result = cli("data", "export", "--format", "xml")
    assert result.exit_code == 2 and "xml" in result.stderr


def test_erase_asks_and_says_what_it_deleted(cli: Cli, lipcare_home: Path, terminal: None) -> None:
    checkin(cli, "--date", "2026-11-20", "--redness", "1")
    checkin(cli, "--redness", "1")
    kept = cli("data", "erase", input="n\n")
    assert "Nothing was deleted" in kept.stdout and (lipcare_home / "journal.sqlite3").exists()
    gone = cli("data", "erase", input="y\n")
    assert "2 check-ins of 1 treatment" in gone.stdout
    assert not any(p.name.startswith("journal") for p in lipcare_home.iterdir())
    assert "Nothing to erase" in cli("data", "erase", "--yes").stdout


def test_erase_without_a_terminal_needs_yes(cli: Cli, lipcare_home: Path) -> None:
    checkin(cli, "--date", "2026-11-20", "--redness", "1")
    refused = cli("data", "erase")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert (lipcare_home / "journal.sqlite3").exists()
    assert cli("data", "erase", "--yes").exit_code == 0
    assert not (lipcare_home / "journal.sqlite3").exists()


def test_settings(cli: Cli) -> None:
    assert "clinic-phone: (not set)" in cli("settings", "show").stdout
    cli("settings", "set", "clinic-name", "Lip Clinic")
    assert json.loads(cli("settings", "show", "--json").stdout)["clinic-name"] == "Lip Clinic"
    cli("settings", "unset", "clinic-name")
    assert json.loads(cli("settings", "show", "--json").stdout)["clinic-name"] == ""
    bad = cli("settings", "set", "colour", "red")
    assert bad.exit_code == 2 and "clinic-phone" in bad.stderr


def test_a_damaged_journal_stops_every_command_and_is_left_alone(cli: Cli, lipcare_home: Path) -> None:
    lipcare_home.mkdir()
    path = lipcare_home / "journal.sqlite3"
    path.write_bytes(os.urandom(4096))
    before = path.read_bytes()
    for command in (["checkin", "--redness", "1"], ["history"], ["data", "export"], ["timeline"]):
        result = cli(*command)
        assert result.exit_code == 1, command
        assert str(path) in result.stderr
    assert path.read_bytes() == before
