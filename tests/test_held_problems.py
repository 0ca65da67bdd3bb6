"""Problems held until they are better, seen as a patient sees them: through `lipcare checkin`, `timeline`
and `protocol show --rules` (the sequences themselves are in tests/clinical_scenarios.md)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import Cli

import lipcare.commands.common

FULL = ("--swelling", "2", "--crusting", "--symptom", "none")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)


def checkin(cli: Cli, *args: str) -> dict[str, object]:
    result = cli("checkin", *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_a_repeated_bad_answer_is_not_forgotten(cli: Cli) -> None:
    # The clinical review's run: pain 3 on day 4, 6 on day 5 (urgent), then 6 again on day 5 and day 6.
    checkin(cli, "--date", "2026-11-16", "--on", "2026-11-20", "--redness", "2", "--pain", "3", *FULL)
    first = checkin(cli, "--on", "2026-11-21", "--redness", "2", "--pain", "6", "--painkillers-help", *FULL)
    again = checkin(cli, "--on", "2026-11-21", "--redness", "2", "--pain", "6", "--painkillers-help", *FULL)
    later = checkin(cli, "--on", "2026-11-22", "--redness", "2", "--pain", "6", "--painkillers-help", *FULL)
    assert [data["level"] for data in (first, again, later)] == ["urgent", "urgent", "urgent"]
    rules = later["open_problems"]
    assert isinstance(rules, list) and {"pain.rising", "pain.strong"} <= {item["rule"] for item in rules}
    assert all(item["since"] in ("2026-11-21", "2026-11-22") for item in rules)


def test_contacted_makes_it_one_line_until_it_is_not_better(cli: Cli) -> None:
    checkin(cli, "--date", "2026-11-16", "--on", "2026-11-19", "--redness", "2", "--pain", "3", *FULL)
    checkin(cli, "--on", "2026-11-20", "--redness", "2", "--pain", "6", "--painkillers-help", *FULL)
    called = cli(
        "checkin", "--on", "2026-11-21", "--redness", "2", "--pain", "6", "--painkillers-help", "--contacted", *FULL
    )
    assert called.exit_code == 0, called.stderr
    screen = " ".join(called.stdout.replace("│", " ").split())
    assert "Follow your clinic's advice" in screen and "Pain: you said you have contacted your clinic" in screen
    assert "Contact your physician today" not in screen
    late = checkin(cli, "--on", "2026-11-23", "--redness", "2", "--pain", "6", "--painkillers-help", *FULL)
    assert late["level"] == "urgent" and not late["followed"]
    assert any("Not better 2 days after you said you contacted your clinic" in text for text in late["reasons"])  # type: ignore[attr-defined]


def test_the_open_problems_are_stored_with_the_checkin(cli: Cli, lipcare_home: Path) -> None:
    checkin(cli, "--date", "2026-11-16", "--on", "2026-11-21", "--redness", "2", "--symptom", "fever")
    with closing(sqlite3.connect(lipcare_home / "journal.sqlite3")) as db:
        (held,) = db.execute("SELECT held FROM checkins").fetchone()
    (item,) = json.loads(held)
    assert (item["rule"], item["level"], item["since"], item["contacted"]) == (
        "sign.fever",
        "urgent",
        "2026-11-21",
        None,
    )


def test_damaged_open_problems_are_reported_as_damage_and_nothing_is_saved(cli: Cli, lipcare_home: Path) -> None:
    checkin(cli, "--date", "2026-11-16", "--on", "2026-11-21", "--redness", "2", "--symptom", "fever")
    with closing(sqlite3.connect(lipcare_home / "journal.sqlite3")) as db:
        db.execute("""UPDATE checkins SET held = '[{"rule": 1}]'""")
        db.commit()
        result = cli("checkin", "--redness", "1")
        assert result.exit_code == 1
        assert "damaged" in result.stderr and "open problems" in result.stderr and "Traceback" not in result.stderr
        assert db.execute("SELECT COUNT(*) FROM checkins").fetchone() == (1,)


def test_the_contacted_question_is_asked_once_at_the_start_while_problems_are_open(cli: Cli, terminal: None) -> None:
    checkin(cli, "--date", "2026-11-16", "--on", "2026-11-23", "--redness", "2", "--symptom", "fever")
    asked = cli("checkin", input="y\n1\n1\n1\nn\n\n\n\n")
    assert asked.exit_code == 0, asked.stderr
    assert asked.stdout.count("have you contacted your clinic about: Fever") == 1
    (_first, row) = json.loads(cli("history", "--json").stdout)["checkins"]
    assert row["level"] == "contact"  # the fever not ticked again: kept open until a second check-in confirms it
    calm = cli("checkin", "--redness", "1", "--swelling", "0", "--pain", "0", "--no-crusting", "--symptom", "none")
    assert "have you contacted" not in calm.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--symptom", "none", "--symptom", "fever"), "'none' says you have none of the warning signs"),
        (("--pain", "5", "--painkillers-not-taken", "--painkillers-help"), "--painkillers-not-taken"),
        (("--painkillers-not-taken",), "give --pain N with it"),
    ],
)
def test_answers_that_contradict_each_other_are_refused_and_nothing_is_saved(
    cli: Cli, lipcare_home: Path, args: tuple[str, ...], words: str
) -> None:
    checkin(cli, "--date", "2026-11-16", "--on", "2026-11-21", "--redness", "2")
    result = cli("checkin", "--redness", "1", *args)
    assert result.exit_code == 2 and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with closing(sqlite3.connect(lipcare_home / "journal.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM checkins").fetchone() == (1,)


def test_a_note_is_not_read_and_the_patient_is_told(cli: Cli) -> None:
    result = cli("checkin", "--date", "2026-11-20", "--redness", "2", "--pain", "3", *FULL, "--note", "keeps bleeding")
    assert "lipcare does not read your note" in " ".join(result.stdout.replace("│", " ").split())


def test_the_timeline_asks_for_a_checkin_a_day_after_an_urgent_one(cli: Cli) -> None:
    checkin(cli, "--date", "2026-11-16", "--on", "2026-11-22", "--redness", "2", "--pain", "8", "--painkillers-help")
    shown = " ".join(cli("timeline", "--no-pager").stdout.split())
    assert "Your check-in on 2026-11-22 said to contact your physician today" in shown
    as_json = cli("timeline", "--json")
    assert "Your check-in on 2026-11-22" in as_json.stderr and json.loads(as_json.stdout)["day"] == 8
    checkin(cli, "--redness", "2", "--pain", "3", *FULL)  # checked in again today
    assert "said to contact your physician today" not in cli("timeline", "--no-pager").stdout


def test_protocol_show_rules_lists_every_rule_with_its_days_level_and_source(cli: Cli) -> None:
    data = json.loads(cli("protocol", "show", "--rules", "--json").stdout)
    rules = {rule["rule"]: rule for rule in data["rules"]}
    assert rules["pain.rising"] == {
        "rule": "pain.rising",
        "reads": "pain",
        "when": "4 or more, 2 or more above the lowest since day 1 in the 7 days before",
        "first_day": 2,
        "last_day": None,
        "level": "urgent",
        "source": "miamibeach-aftercare",
    }
    assert rules["swelling.very-strong-early"]["last_day"] == 4
    assert "sign.fever" in rules and "crusting.returning" in rules and "painkillers.not-relieved" in rules
    shown = cli("protocol", "show", "--rules", env={"COLUMNS": "80"}).stdout
    assert "pain.rising  urgent, from day 2, source miamibeach-aftercare" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80
    arabic = cli("--lang", "ar", "protocol", "show", "--rules").stdout
    assert "أعلى بمقدار" in arabic


def test_a_problem_raised_in_english_is_named_in_arabic_the_next_time(cli: Cli) -> None:
    checkin(cli, "--date", "2026-11-16", "--on", "2026-11-23", "--redness", "2", "--symptom", "fever")
    arabic = cli(
        "--lang", "ar", "checkin", "--redness", "1", "--swelling", "1", "--pain", "2", "-s", "none", "--contacted"
    )
    assert arabic.exit_code == 0, arabic.stderr
    shown = " ".join(arabic.stdout.replace("│", " ").split())
    assert "حمّى" in shown and "Fever of 38" not in shown
