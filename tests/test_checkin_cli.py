from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest
from conftest import Cli

import lipcare.commands.common


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as if standard input were a terminal, so the questions are asked."""
    monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)


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
    assert len(json.loads(cli("history", "--json").stdout)["checkins"]) == 2


def test_timeline_date_is_remembered_too(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-10", "--time", "15:00")
    data = checkin(cli, "--redness", "0")
    assert (data["treatment_date"], data["day"]) == ("2026-11-10", 14)
    assert json.loads(cli("timeline", "--json").stdout)["treatment_time"] == "15:00"


def test_a_different_date_starts_a_new_treatment_and_keeps_the_old(cli: Cli) -> None:
    checkin(cli, "--date", "2025-06-01", "--on", "2025-06-02", "--redness", "2")
    checkin(cli, "--date", "2026-11-01", "--redness", "1")
    assert [row["treatment_date"] for row in json.loads(cli("history", "--json").stdout)["checkins"]] == ["2026-11-01"]
    everything = json.loads(cli("history", "--all", "--json").stdout)["checkins"]
    assert [row["treatment_date"] for row in everything] == ["2025-06-01", "2026-11-01"]


# --- non-interactive ------------------------------------------------------------


def test_json_matches_the_documented_shape(cli: Cli) -> None:
    data = checkin(cli, "--date", "2026-11-01", "--on", "2026-11-05", "--redness", "2")
    data = checkin(cli, "--on", "today", "--redness", "1", "--swelling", "1", "--pain", "2", "--note", "still red")
    assert (data["treatment_date"], data["on"], data["day"], data["level"]) == (
        "2026-11-01",
        "2026-11-24",
        23,
        "expected",
    )
    assert data["redness_window"] == {
        "days": 28,
        "ends": "2026-11-29",
        "status": "within",
        "days_left": 5,
        "days_beyond": 0,
    }
    assert data["saved"] is True and data["id"] == 2
    assert data["answers"] == {
        "redness": 1,
        "swelling": 1,
        "pain": 2,
        "crusting": None,
        "symptoms": None,  # not given: not recorded, never "none"
        "note": "still red",
        "painkillers_relieve": None,
        "painkillers_taken": None,
        "contacted": None,
    }
    assert isinstance(data["reasons"], list) and "day 23" in data["reasons"][0]


def test_mild_redness_beyond_the_leaflets_window_is_expected_and_moderate_after_two_months_is_not(cli: Cli) -> None:
    # After a fully ablative CO2 laser, pinkness commonly lasts one to four months (clinical review).
    data = checkin(cli, "--date", "2026-10-20", "--redness", "1", "--swelling", "0", "--pain", "0")
    assert (data["day"], data["level"]) == (35, "expected")
    assert data["redness_window"]["status"] == "beyond"  # type: ignore[index]
    assert any("past the 28-day window" in note for note in data["notes"])  # type: ignore[attr-defined]
    later = checkin(cli, "--date", "2026-09-20", "--redness", "2")
    assert (later["day"], later["level"]) == (65, "contact")


def test_a_warning_sign_is_urgent_and_never_called_expected(cli: Cli) -> None:
    result = cli("checkin", "--date", "2026-11-20", "--redness", "0", "--symptom", "pus", "--symptom", "fever")
    assert result.exit_code == 0
    out = result.stdout
    assert out.count("Contact your physician today") == 1  # one heading, no echo
    assert "CONTACT YOUR PHYSICIAN TODAY" not in out
    assert "You reported: Thick, cloudy" in out and "You reported: Fever" in out
    assert "Matches the expected course" not in out and "Usual on day" not in out
    assert "lipcare info warning-signs" in out
    eye = checkin(cli, "--redness", "0", "--symptom", "eye")
    assert (eye["level"], eye["action"]) == ("urgent", "immediate")
    assert "emergency number" in str(eye["what_to_do"])


def test_the_clinic_phone_from_settings_is_shown_with_advice_to_call(cli: Cli) -> None:
    assert cli("settings", "set", "clinic-phone", "+44 20 7946 0000").exit_code == 0
    out = cli("checkin", "--date", "2026-11-20", "--redness", "0", "-s", "fever").stdout
    assert "Phone: +44 20 7946 0000" in out
    assert checkin(cli, "--redness", "0")["clinic"]["phone"] == "+44 20 7946 0000"  # type: ignore[index]


def test_several_checkins_on_one_day_are_all_kept(cli: Cli) -> None:
    for redness in ("1", "2", "1"):
        checkin(cli, "--date", "2026-11-20", "--redness", redness)
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    assert [row["answers"]["redness"] for row in rows] == [1, 2, 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--redness", "4"], "'--redness': 4 is not on the scale 0 none, 1 mild, 2 moderate, 3 severe"),
        (["--redness", "-1"], "'--redness'"),
        (["--redness", "1", "--pain", "11"], "'--pain': 11 is not on the scale 0 to 10"),
        (["--redness", "one"], "'one' is not a whole number"),
        (["--redness", "1", "--symptom", "sneezing"], "unknown sign 'sneezing'. Valid: airway, eye, heavy-bleeding"),
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
    assert json.loads(cli("history", "--json").stdout)["checkins"] == []


def test_without_a_terminal_and_without_redness_it_never_waits(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="1\n")
    assert result.exit_code == 2
    assert "--redness N" in result.stderr and "--symptom KEY" in result.stderr


# --- interactive ----------------------------------------------------------------


def test_interactive_checkin_asks_every_question(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="2\n1\n3\ny\n10 2\nsore at night\n\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for prompt in (
        "How red are your lips?",
        "How swollen",
        "How much pain",
        "crusts",
        "Do you have any of these",
        "Anything else",
    ):
        assert prompt in out
    assert "Seek care now" in out  # 10 = fever, 2 = eye pain or vision change
    (row,) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert row["answers"] == {
        "redness": 2,
        "swelling": 1,
        "pain": 3,
        "crusting": True,
        "symptoms": ["fever", "eye"],
        "note": "sore at night",
        "painkillers_relieve": None,
    }
    assert row["action"] == "immediate"


def test_interactive_json_keeps_the_questions_off_stdout(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", "--json", input="1\n0\n2\nn\n\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["pain"] == 2
    assert "How red are your lips?" in result.stderr


def test_enter_alone_never_records_a_zero(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    # Enter on each scale and on the yes/no question is asked again; Enter on the signs means none.
    result = cli("checkin", input="\n1\n\n0\n\n2\n\nn\n\n\n\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("Recording day 4, Tue 24 Nov 2026 (2026-11-24).") < out.index("How red are your lips?")
    assert out.count("How red are your lips?") == 2 and out.count("How swollen") == 2
    assert "Please type a number from 0 to 3 (0 = none, 3 = severe), or - to skip the question." in out
    assert "Please type y for yes, n for no, or - to skip the question." in out
    (row,) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert row["answers"] == {
        "redness": 1,
        "swelling": 0,
        "pain": 2,
        "crusting": False,
        "symptoms": [],
        "note": None,
        "painkillers_relieve": None,
    }


@pytest.mark.parametrize("typed", ["²", "½", "1.5", "-1", "+1", "one", "11", "1 2"])
def test_a_score_is_ascii_digits_on_the_scale_in_lipcares_words(cli: Cli, terminal: None, typed: str) -> None:
    cli("timeline", "--date", "2026-11-20")
    # only redness is asked: the other answers are given as options
    asked = cli(
        "checkin",
        "--swelling",
        "0",
        "--pain",
        "1",
        "--no-crusting",
        "--note",
        "",
        "--symptom",
        "fever",
        input=f"{typed}\n3\n\n",
    )
    assert asked.exit_code == 0, asked.stderr
    assert "Please type one whole number from 0 to 3 (0 = none, 3 = severe)." in asked.stdout
    assert "valid integer" not in asked.stdout and "Traceback" not in asked.stdout + asked.stderr
    assert json.loads(cli("history", "--json").stdout)["checkins"][-1]["answers"]["redness"] == 3


def test_arabic_indic_digits_are_read_as_numbers_whatever_the_language(cli: Cli, terminal: None) -> None:
    """An Arabic keyboard writes ١ for 1: the same number, read the same in English (superscripts are not)."""
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", "--swelling", "0", "--pain", "1", "--no-crusting", "--note", "", input="\u0662\n\u06f7\n\n")
    assert result.exit_code == 0, result.stderr
    assert "Please type" not in result.stdout
    (row,) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert (row["answers"]["redness"], row["answers"]["symptoms"]) == (2, ["pus"])


@pytest.mark.parametrize("typed", ["²", "1²", "½"])
def test_the_warning_sign_question_takes_only_ascii_numbers(cli: Cli, terminal: None, typed: str) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", "--swelling", "0", "--pain", "1", "--no-crusting", "--note", "", input=f"1\n{typed}\n7\n\n")
    assert result.exit_code == 0, result.stderr
    assert "Please type numbers from 1 to" in result.stdout
    assert json.loads(cli("history", "--json").stdout)["checkins"][-1]["answers"]["symptoms"] == ["pus"]


def test_pain_from_4_asks_about_painkillers_once(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-22")
    result = cli("checkin", input="1\n1\n9\nn\nn\n\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Do painkillers relieve the pain?") == 1
    assert "painkillers do not relieve it" in result.stdout
    (row,) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert (row["level"], row["answers"]["painkillers_relieve"]) == ("urgent", False)
    # The next check-in first asks whether the patient has contacted the clinic about what is still open.
    relieved = cli("checkin", "--json", input="n\n1\n1\n8\ny\nn\n\n\n\n")
    assert "have you contacted your clinic about: pain" in relieved.stderr
    assert json.loads(relieved.stdout)["answers"]["painkillers_relieve"] is True
    assert json.loads(relieved.stdout)["level"] == "urgent"
    none_taken = cli("checkin", "--json", input="n\n1\n1\n4\n0\nn\n\n\n\n")
    data = json.loads(none_taken.stdout)
    assert (data["answers"]["painkillers_relieve"], data["answers"]["painkillers_taken"]) == (None, False)
    assert any("you have not taken painkillers" in note for note in data["notes"])
    mild = cli("checkin", input="n\n1\n1\n3\nn\n\n\n\n")
    assert mild.exit_code == 0 and "Do painkillers relieve the pain?" not in mild.stdout
    assert json.loads(cli("history", "--json").stdout)["checkins"][-1]["answers"]["painkillers_relieve"] is None


def test_the_painkiller_answer_as_an_option(cli: Cli) -> None:
    data = checkin(cli, "--date", "2026-11-22", "--redness", "1", "--pain", "8", "--painkillers-no-help")
    assert data["level"] == "urgent" and data["answers"]["painkillers_relieve"] is False  # type: ignore[index]
    assert any("painkillers do not relieve it" in reason for reason in data["reasons"])  # type: ignore[attr-defined]
    helped = checkin(cli, "--redness", "1", "--pain", "8", "--painkillers-help")
    assert helped["answers"]["painkillers_relieve"] is True  # type: ignore[index]
    alone = cli("checkin", "--redness", "1", "--painkillers-no-help")
    assert alone.exit_code == 2 and "give --pain N with it" in alone.stderr
    assert "--painkillers-help" in cli("checkin", "--help").stdout


def test_a_wrong_answer_is_asked_again(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="7\nred\n1\n0\n0\nmaybe\nn\n99\n7\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("How red are your lips?") == 3
    assert "Please type numbers from 1 to" in result.stdout
    (row,) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert (row["answers"]["redness"], row["answers"]["symptoms"]) == (1, ["pus"])


def test_options_given_are_not_asked(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", "--pain", "5", "--no-crusting", input="1\n0\ny\n\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert "How much pain" not in result.stdout
    (row,) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert (row["answers"]["pain"], row["answers"]["crusting"]) == (5, False)


def test_running_out_of_answers_saves_nothing(cli: Cli, terminal: None) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("checkin", input="1\n")
    assert result.exit_code == 1
    assert "nothing was saved" in result.stderr
    assert json.loads(cli("history", "--json").stdout)["checkins"] == []


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
    assert cli("data", "export", "--format", "csv", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith('"treatment_date","on",')
    again = cli("data", "export", "--format", "csv", "-o", str(target))
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


def test_erase_names_where_each_file_is_when_settings_live_apart(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: None
) -> None:
    """Without LIPCARE_HOME the settings are under $XDG_CONFIG_HOME, not beside the journal: the question named them
    as if they were in the data folder (found by a trial)."""
    monkeypatch.delenv("LIPCARE_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    checkin(cli, "--date", "2026-11-20", "--redness", "1")
    assert cli("settings", "set", "clinic-name", "Lip Clinic").exit_code == 0
    settings = tmp_path / "config" / "lipcare" / "settings.json"
    assert settings.exists()
    asked = cli("data", "erase", "--settings", input="n\n")
    question = " ".join(asked.stdout.split())
    assert f"Delete {tmp_path / 'data' / 'lipcare'}/ journal.sqlite3" in question, asked.stdout
    assert str(settings) in question, asked.stdout
    assert settings.exists() and "Nothing was deleted" in asked.stdout


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
    assert json.loads(cli("settings", "show", "--json").stdout)["settings"]["clinic-name"]["value"] == "Lip Clinic"
    cli("settings", "unset", "clinic-name")
    assert json.loads(cli("settings", "show", "--json").stdout)["settings"]["clinic-name"]["value"] is None
    bad = cli("settings", "set", "colour", "red")
    assert bad.exit_code == 2 and "clinic-phone" in bad.stderr


# --- a question not asked is not an answer ---------------------------------------------


def test_a_question_not_asked_is_stored_and_shown_as_unknown(cli: Cli, lipcare_home: Path, tmp_path: Path) -> None:
    import sqlite3

    checkin(
        cli,
        "--date",
        "2026-11-20",
        "--on",
        "2026-11-21",
        "--redness",
        "2",
        "--swelling",
        "1",
        "--pain",
        "3",
        "--no-crusting",
    )
    data = checkin(cli, "--redness", "2", "--symptom", "fever")
    assert data["answers"] == {
        "redness": 2,
        "swelling": None,
        "pain": None,
        "crusting": None,
        "symptoms": ["fever"],
        "note": None,
        "painkillers_relieve": None,
        "painkillers_taken": None,
        "contacted": None,
    }
    db = sqlite3.connect(lipcare_home / "journal.sqlite3")
    stored = db.execute("SELECT crusting, painkillers_relieve FROM checkins ORDER BY id")
    assert stored.fetchall() == [(0, None), (None, None)]
    scores = db.execute("SELECT checkin_id, scale, value FROM scores ORDER BY checkin_id, position")
    assert scores.fetchall() == [
        (1, "redness", 2),
        (1, "swelling", 1),
        (1, "pain", 3),
        (2, "redness", 2),
        (2, "swelling", None),
        (2, "pain", None),
    ]
    db.close()

    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    assert [row["answers"]["pain"] for row in rows] == [3, None]
    wide = cli("history", env={"COLUMNS": "120"}).stdout
    last = next(line for line in wide.splitlines() if line.startswith("2026-11-24"))
    assert last.split()[:6] == ["2026-11-24", "4", "2", "-", "-", "-"]
    assert "- = not recorded" in wide
    narrow = " ".join(cli("history", env={"COLUMNS": "60"}).stdout.split())
    assert "redness 2, swelling not recorded, pain not recorded, crusts not recorded" in narrow
    assert "redness 2, swelling 1, pain 3, crusts no" in narrow

    (first, second) = csv.DictReader(io.StringIO(cli("data", "export", "--format", "csv").stdout))
    assert (first["swelling"], first["pain"], first["crusting"]) == ("1", "3", "no")
    assert (second["swelling"], second["pain"], second["crusting"], second["painkillers_relieve"]) == ("", "", "", "")
    exported = json.loads(cli("data", "export").stdout)["treatments"][0]["checkins"][1]["answers"]
    assert (exported["swelling"], exported["pain"], exported["crusting"]) == (None, None, None)

    report = tmp_path / "report.html"
    assert cli("report", "-o", str(report)).exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert '<td>2</td><td><span title="not recorded">-</span></td><td><span title="not recorded">-</span></td>' in html
    assert "- = not recorded in that check-in" in html
    assert "A break in a line: not recorded that day." in html


def test_an_expected_checkin_with_questions_not_asked_says_so(cli: Cli) -> None:
    data = checkin(cli, "--date", "2026-11-20", "--redness", "1")
    assert data["level"] == "expected"
    said = "Not recorded in this check-in: swelling, pain, crusts, warning signs."
    assert said in data["reasons"][1]  # type: ignore[index]
    out = cli("checkin", "--redness", "1").stdout
    assert said in " ".join(out.split())


CLINIC_SCALES = """\
format = 1

[checkin.redness]
prompt = "How red are your lips (1 none to 4 severe)?"
min = 1
max = 4
labels = ["none", "mild", "moderate", "severe"]

[checkin.pain]
prompt = "How much pain (1 none, 5 worst)?"
min = 1
max = 5
labels = []

[[checkin.pain.rules]]
at_least = 4
level = "urgent"
text = "Pain is {score}/{max} on day {day}: call us today."
source = "leaflet"

[checkin.painkillers]
ask_at_least = 4
"""


def test_a_clinic_scale_whose_minimum_is_not_zero_works_everywhere(cli: Cli, terminal: None, tmp_path: Path) -> None:
    protocol = tmp_path / "clinic.toml"
    protocol.write_text(CLINIC_SCALES, encoding="utf-8")
    env = {"LIPCARE_PROTOCOL": str(protocol)}
    cli("timeline", "--date", "2026-11-20", env=env)
    # the lowest point, 1, is "none": beyond the window it is not a reason to call
    low = cli("checkin", "--date", "2026-10-01", "--redness", "1", "--pain", "1", "--json", env=env)
    assert json.loads(low.stdout)["level"] == "expected", low.stderr
    refused = cli("checkin", "--redness", "0", env=env)
    assert refused.exit_code == 2 and "0 is not on the scale 1 none, 2 mild" in refused.stderr
    asked = cli("checkin", "--json", input="0\n1\n0\n4\nn\nn\n\n\n\n", env=env)
    assert asked.exit_code == 0, asked.stderr
    assert "Please type one whole number from 1 to 4 (1 = none, 4 = severe)." in asked.stderr
    data = json.loads(asked.stdout)
    assert (data["answers"]["redness"], data["answers"]["pain"], data["answers"]["painkillers_relieve"]) == (
        1,
        4,
        False,
    )
    assert data["level"] == "urgent" and "Pain is 4/5 on day 54: call us today." in data["reasons"]
    history = cli("history", env={**env, "COLUMNS": "120"}).stdout
    assert "1 │" in history and "a check-in with redness 1 (the lowest)" in history
    report = tmp_path / "report.html"
    assert cli("report", "-o", str(report), env=env).exit_code == 0
    assert "Pain (1 to 5)" in report.read_text(encoding="utf-8")


def test_a_check_in_with_questions_unanswered_never_says_the_day_matches(cli: Cli) -> None:
    partial = cli("checkin", "--date", "2026-11-22", "--redness", "1")
    assert partial.exit_code == 0, partial.stderr
    assert "Nothing you recorded is a reason to call" in partial.stdout
    assert "Matches the expected course" not in partial.stdout
    assert "Not recorded in this check-in: swelling, pain, crusts" in partial.stdout
    complete = cli("checkin", "--redness", "1", "--swelling", "1", "--pain", "2", "--crusting", "--symptom", "none")
    assert "Matches the expected course" in complete.stdout
    as_json = json.loads(cli("checkin", "--redness", "1", "--json").stdout)
    assert as_json["level"] == "expected" and as_json["incomplete"] is True
    assert as_json["what_to_do"].startswith("Nothing you recorded is a reason to call")


def test_advice_that_could_not_wait_is_called_immediate_in_history_and_the_report(cli: Cli, tmp_path: Path) -> None:
    # Found by a patient trial: "Seek care now" was listed as "urgent", which the report defines as "today".
    assert cli("checkin", "--date", "2026-11-20", "--redness", "3", "-s", "eye").exit_code == 0
    assert cli("checkin", "--redness", "1", "-s", "fever").exit_code == 0
    narrow = cli("history", env={"COLUMNS": "60"}).stdout
    assert "2026-11-24 day 4: immediate" in narrow and "2026-11-24 day 4: urgent" in narrow
    report = tmp_path / "report.html"
    assert cli("report", "-o", str(report)).exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert '<td><span class="level">immediate</span>' in html and '<td><span class="level">urgent</span>' in html
    assert '<span class="level">immediate</span> = a warning sign that cannot wait, seek care immediately' in html


def test_history_of_a_new_treatment_says_where_the_earlier_checkins_are(cli: Cli) -> None:
    # Found by a patient trial: a mistyped --date started a new treatment and history looked empty.
    assert cli("checkin", "--date", "2026-11-17", "--redness", "1").exit_code == 0
    assert cli("checkin", "--redness", "2").exit_code == 0
    assert cli("timeline", "--date", "2026-11-18").exit_code == 0  # a different date: a new treatment
    shown = " ".join(cli("history").stdout.split())
    assert "No check-ins yet." in shown
    assert "Your other treatments have 2 check-ins: lipcare history --all shows them." in shown
    assert "other treatments" not in cli("history", "--all").stdout


def test_settings_show_and_data_lock_say_what_is_there(cli: Cli, lipcare_home: Path) -> None:
    """`settings show` said "(kept in FILE)" of a file that was not there, and `data lock` on a plain journal said
    it "was not unlocked", as if it were encrypted (found by a trial)."""
    fresh = cli("settings", "show")
    assert "none set yet" in fresh.stderr and not (lipcare_home / "settings.json").exists()
    assert cli("settings", "set", "clinic-name", "Lip Clinic").exit_code == 0
    assert "(kept in " in cli("settings", "show").stderr
    checkin(cli, "--date", "2026-11-20", "--redness", "1")
    locked = cli("data", "lock")
    assert locked.exit_code == 0 and "is not encrypted, so there is nothing to lock" in locked.stdout
