"""A clinic adds a fourth scale, itching, to its protocol file and changes no code: lipcare asks it, takes it
as an option, stores it, reads its rule, shows it in history, charts it in the report and exports it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import Cli
from test_terminal_session import Terminal, environment

ITCHING = """\
format = 1

[protocol]
id = "itch-clinic"
name = "Itch clinic protocol"
version = "2"

[checkin.itching]
prompt = "How itchy are your lips?"
name = "itching"
min = 0
max = 3
labels = ["none", "mild", "moderate", "severe"]

[[checkin.itching.rules]]
at_least = 3
level = "contact"
text = "Itching is {score}/{max} on day {day}: strong itching is a reason to contact your physician."
source = "leaflet"
"""


@pytest.fixture
def clinic(tmp_path: Path, cli: Cli) -> Path:
    """The clinic's protocol, in force for good (`settings set protocol`), as a clinic would hand it out."""
    path = tmp_path / "itch-clinic.toml"
    path.write_text(ITCHING, encoding="utf-8")
    checked = cli("protocol", "check", str(path))
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert cli("settings", "set", "protocol", str(path)).exit_code == 0
    return path


def test_the_scale_is_listed_by_the_protocol(cli: Cli, clinic: Path) -> None:
    shown = " ".join(cli("protocol", "show").stdout.split())
    assert "redness 0-3, swelling 0-3, pain 0-10, itching 0-3" in shown
    assert "itching 3+ any day: contact" in shown
    rules = json.loads(cli("protocol", "show", "--json").stdout)["score_rules"]
    assert list(rules) == ["redness", "swelling", "pain", "itching"]


def test_given_as_an_option_it_is_read_stored_and_shown(cli: Cli, clinic: Path, lipcare_home: Path) -> None:
    calm = cli(
        "checkin",
        "--date",
        "2026-11-20",
        "--redness",
        "1",
        "--swelling",
        "1",
        "--pain",
        "2",
        "--no-crusting",
        "--answer",
        "itching=1",
        "--json",
    )
    assert calm.exit_code == 0, calm.stderr
    assert json.loads(calm.stdout)["answers"]["itching"] == 1
    assert json.loads(calm.stdout)["level"] == "expected"
    itchy = cli("checkin", "--redness", "1", "--swelling", "1", "--pain", "2", "--no-crusting", "-a", "itching=3")
    assert itchy.exit_code == 0, itchy.stderr
    flat = " ".join(itchy.stdout.replace("│", " ").split())
    assert "Itching is 3/3 on day 4: strong itching is a reason to contact your physician." in flat
    unknown = cli("checkin", "--redness", "1", "--json")  # itching not given: not recorded, never 0
    assert json.loads(unknown.stdout)["answers"]["itching"] is None
    assert "itching" in " ".join(json.loads(unknown.stdout)["reasons"])  # "Not recorded ...: ..., itching, crusts."

    db = sqlite3.connect(lipcare_home / "journal.sqlite3")
    stored = db.execute("SELECT checkin_id, value FROM scores WHERE scale = 'itching' ORDER BY checkin_id").fetchall()
    db.close()
    assert stored == [(1, 1), (2, 3), (3, None)]

    wide = cli("history", env={"COLUMNS": "120"}).stdout
    header = next(line for line in wide.splitlines() if line.startswith("Date"))
    assert header.split()[:6] == ["Date", "Day", "Red", "Swell", "Pain", "Itching"]
    narrow = " ".join(cli("history", env={"COLUMNS": "60"}).stdout.split())
    assert "redness 1, swelling 1, pain 2, itching 3, crusts no" in narrow
    assert "itching not recorded" in narrow
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    assert [row["answers"]["itching"] for row in rows] == [1, 3, None]


def test_it_is_charted_in_the_report_and_exported(cli: Cli, clinic: Path, tmp_path: Path) -> None:
    for day, itching in (("2026-11-20", "0"), ("2026-11-21", "2"), ("2026-11-22", "3")):
        done = cli("checkin", "--date", "2026-11-20", "--on", day, "--redness", "1", "--answer", f"itching={itching}")
        assert done.exit_code == 0, done.stderr
    report = tmp_path / "report.html"
    assert cli("report", "-o", str(report)).exit_code == 0
    html = report.read_text(encoding="utf-8")
    chart = html[html.index("<strong>Itching (0 none, 1 mild, 2 moderate, 3 severe)</strong>") :]
    chart = chart[: chart.index("</figure>")]
    assert "<polyline" in chart and "itching (" in chart  # the line and its legend
    assert "<th>Itching</th>" in html

    exported = json.loads(cli("data", "export").stdout)
    assert [c["answers"]["itching"] for c in exported["treatments"][0]["checkins"]] == [0, 2, 3]
    table = list(csv.DictReader(io.StringIO(cli("data", "export", "--format", "csv").stdout)))
    assert [row["itching"] for row in table] == ["0", "2", "3"]
    header = cli("data", "export", "--format", "csv").stdout.splitlines()[0]
    assert header.startswith('"treatment_date","on","day","recorded_at","redness","swelling","pain","itching",')

    bundle = json.loads(cli("export", "fhir", "-o", "-").stdout)
    kinds = [entry["resource"] for entry in bundle["entry"]]
    (questionnaire,) = [r for r in kinds if r["resourceType"] == "Questionnaire"]
    assert [item["linkId"] for item in questionnaire["item"]][:6] == [
        "on",
        "redness",
        "swelling",
        "pain",
        "painkillers",
        "itching",
    ]
    observed = [
        r for r in kinds if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "scale-itching"
    ]
    assert [r["valueCodeableConcept"]["text"] for r in observed] == ["none", "moderate", "severe"]


def test_the_answers_given_are_checked_against_the_protocol(cli: Cli, clinic: Path) -> None:
    for args, message in (
        (["--answer", "itching=4"], "Invalid value for '--answer': itching=4 is not on the scale 0 none, 1 mild"),
        (
            ["--answer", "scratching=1"],
            "this protocol has no scale 'scratching'. Its scales: redness, swelling, pain, itching.",
        ),
        (["--answer", "itching"], "'itching' is not KEY=N"),
        (["--answer", "itching=²"], "is not KEY=N"),
        (["--answer", "itching=1", "--answer", "itching=2"], "itching is given twice, as 1 and 2."),
        (["--redness", "1", "--answer", "redness=2"], "redness is given twice, as 1 and 2."),
    ):
        result = (
            cli("checkin", "--date", "2026-11-20", "--redness", "1", *args)
            if args[0] != "--redness"
            else (cli("checkin", "--date", "2026-11-20", *args))
        )
        assert result.exit_code == 2, (args, result.stdout)
        assert message in " ".join(result.stderr.split()), (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    saved = cli("history", "--json").stdout.strip()
    assert saved == "" or json.loads(saved)["checkins"] == []  # nothing was saved


def test_a_scale_added_later_is_not_recorded_in_the_earlier_checkins(cli: Cli, tmp_path: Path) -> None:
    before = cli("checkin", "--date", "2026-11-20", "--redness", "1", "--swelling", "0", "--pain", "1", "--no-crusting")
    assert before.exit_code == 0
    path = tmp_path / "itch-clinic.toml"
    path.write_text(ITCHING, encoding="utf-8")
    rows = json.loads(cli("history", "--json", "--protocol", str(path)).stdout)["checkins"]
    assert rows[0]["answers"]["itching"] is None
    wide = cli("history", "--protocol", str(path), env={"COLUMNS": "120"}).stdout
    assert "- = not recorded" in wide
    # the check-in was complete when it was saved: it is not relabelled as having unanswered questions
    assert rows[0]["level"] == "expected"


def test_the_interactive_checkin_asks_it_after_pain(clinic: Path, lipcare_home: Path) -> None:
    env = environment(lipcare_home)
    screen = Terminal([sys.executable, "-m", "lipcare", "checkin", "--date", "2 days ago"], env)
    try:
        asked = (
            ("How red are your lips? [0-3, - to skip]:", "1"),
            ("How swollen are your lips? [0-3, - to skip]:", "1"),
            ("How much pain do you have", "2"),
            ("How itchy are your lips? [0-3, - to skip]:", "9"),
        )
        for question, answer in asked:
            screen.expect(question)
            screen.type(answer)
        screen.expect("Please type one whole number from 0 to 3")  # 9 is not on the scale: asked again
        screen.type("3")
        screen.expect("Are there crusts on your lips? [y/n, - to skip]:")
        screen.type("n")
        screen.expect("to skip:")
        screen.type("")
        screen.expect("(Enter to skip)")
        screen.type("")
        screen.expect("Path of a photo of your lips (Enter to skip):")
        screen.type("")
        # Day 2 has the antiviral's and the ointment's doses: asked last, skipped here (not recorded).
        for _medicine in ("Antiviral medicine", "Ointment"):
            screen.expect(f"Did you take your {_medicine} today")
            screen.type("")
        assert screen.finish() == 0, screen.screen
    finally:
        if screen.process.poll() is None:
            screen.process.kill()
    flat = " ".join(screen.screen.replace("│", " ").split())
    assert "Itching is 3/3 on day 2" in flat


def test_a_scale_the_clinic_removes_later_is_still_shown_where_it_was_recorded(
    cli: Cli, clinic: Path, tmp_path: Path
) -> None:
    """The clinic drops itching from its protocol: the itching a patient recorded before stays in history, the
    report and the exports, named by its key, instead of vanishing from what the patient and physician read."""
    done = cli(
        "checkin",
        "--date",
        "2026-11-20",
        "--redness",
        "1",
        "--swelling",
        "1",
        "--pain",
        "2",
        "--no-crusting",
        "--answer",
        "itching=3",
    )
    assert done.exit_code == 0, done.stderr
    without = tmp_path / "no-itching.toml"
    without.write_text(
        'format = 1\n[protocol]\nid = "itch-clinic"\nname = "Itch clinic protocol"\nversion = "3"\n', encoding="utf-8"
    )
    assert cli("settings", "set", "protocol", str(without)).exit_code == 0
    assert cli("checkin", "--redness", "1", "--swelling", "1", "--pain", "1", "--no-crusting").exit_code == 0

    wide = cli("history", env={"COLUMNS": "120"}).stdout
    header = next(line for line in wide.splitlines() if line.startswith("Date"))
    assert header.split()[:6] == ["Date", "Day", "Red", "Swell", "Pain", "itching"]
    narrow = " ".join(cli("history", env={"COLUMNS": "60"}).stdout.split())
    assert "redness 1, swelling 1, pain 2, itching 3, crusts no" in narrow
    assert "redness 1, swelling 1, pain 1, itching not recorded, crusts no" in narrow

    report = tmp_path / "report.html"
    assert cli("report", "-o", str(report)).exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert "<th>Itching</th>" in html
    assert "<strong>Itching (" not in html  # no chart: its scale is not known any more
    assert [row["answers"]["itching"] for row in json.loads(cli("history", "--json").stdout)["checkins"]] == [3, None]
    table = list(csv.DictReader(io.StringIO(cli("data", "export", "--format", "csv").stdout)))
    assert [row["itching"] for row in table] == ["3", ""]


def test_a_mistyped_answer_is_said_before_the_questions_would_be_asked(cli: Cli, clinic: Path) -> None:
    # Found by a clinic trial: without --redness, the typo was hidden behind "standard input is not a terminal".
    result = cli("checkin", "--date", "2026-11-20", "--answer", "itchng=3")
    assert result.exit_code == 2
    assert "this protocol has no scale 'itchng'. Its scales: redness, swelling, pain, itching." in result.stderr
    typed_well = cli("checkin", "--date", "2026-11-20", "--answer", "itching=3")
    assert "[--answer KEY=N]" in " ".join(typed_well.stderr.split())  # the questions need a terminal
