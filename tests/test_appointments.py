"""Follow-up appointments: `lipcare appointment add|list|remove`, and lipcare.appointments' rules."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from conftest import TODAY, Cli
from hypothesis import given
from hypothesis import strategies as st

from lipcare import journal as journal_module
from lipcare.appointments import appointments_between, kept_and_coming, next_appointment
from lipcare.journal import Journal
from lipcare.journal_rows import AppointmentRow


def row(id_: int, on: date, at: time | None = None) -> AppointmentRow:
    return AppointmentRow(id_, on, at, "", "")


def listed(cli: Cli) -> list[dict[str, object]]:
    result = cli("appointment", "list", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "lipcare.appointments/1"
    appointments: list[dict[str, object]] = data["appointments"]
    return appointments


def journal_files(home: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in home.glob("journal*")} if home.exists() else {}


# --- the domain's pure API (lipcare remind calls it) -------------------------------------------------


def test_appointments_between_includes_both_ends_in_order_of_date_and_time() -> None:
    rows = [
        row(1, date(2026, 12, 10), time(15, 0)),
        row(2, date(2026, 12, 10)),
        row(3, date(2026, 12, 10), time(9, 0)),
        row(4, date(2026, 12, 9)),
        row(5, date(2026, 12, 12)),
    ]
    found = appointments_between(rows, date(2026, 12, 9), date(2026, 12, 10))
    assert [each.id for each in found] == [4, 2, 3, 1]  # a day without a time comes first that day
    assert appointments_between(rows, date(2026, 12, 11), date(2026, 12, 11)) == []


def test_next_appointment_is_the_first_from_today_and_none_when_all_are_past() -> None:
    rows = [row(1, TODAY - timedelta(days=1)), row(2, TODAY + timedelta(days=3)), row(3, TODAY, time(16, 0))]
    assert next_appointment(rows, TODAY) == rows[2]  # today's counts as next
    assert next_appointment(rows, TODAY + timedelta(days=4)) is None
    kept, coming = kept_and_coming(rows, TODAY)
    assert [each.id for each in kept] == [1] and [each.id for each in coming] == [3, 2]


# --- add ---------------------------------------------------------------------------------------------


def test_add_needs_no_treatment_date_and_is_listed(cli: Cli) -> None:
    added = cli("appointment", "add", "2026-12-10", "10:30", "--note", "check the healing", "--where", "Lip Clinic")
    assert added.exit_code == 0, added.stderr
    assert "Kept appointment 1: Thu 10 Dec 2026 (2026-12-10) at 10:30, Lip Clinic: check the healing." in added.stdout
    assert listed(cli) == [
        {
            "id": 1,
            "date": "2026-12-10",
            "time": "10:30",
            "note": "check the healing",
            "where": "Lip Clinic",
            "past": False,
        }
    ]
    shown = cli("appointment", "list")
    assert "1. Thu 10 Dec 2026 (2026-12-10) at 10:30, Lip Clinic: check the healing" in shown.stdout


def test_relative_dates_and_arabic_digits_are_read(cli: Cli) -> None:
    assert cli("appointment", "add", "in 2 weeks").exit_code == 0
    arabic = cli("--lang", "ar", "appointment", "add", "٢٠٢٦-١٢-٢٠", "٠٩:١٥")
    assert arabic.exit_code == 0, arabic.stderr
    assert "حُفظ الموعد ٢" in arabic.stdout and "الساعة ٠٩:١٥" in arabic.stdout
    assert [(each["date"], each["time"]) for each in listed(cli)] == [("2026-12-08", None), ("2026-12-20", "09:15")]


def test_a_past_date_is_refused_unless_it_is_a_visit_recorded_afterwards(cli: Cli, lipcare_home: Path) -> None:
    refused = cli("appointment", "add", "yesterday")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        "Error: 2026-11-23 is in the past; add --past to record a visit that has already taken place."
    ]
    assert journal_files(lipcare_home) == {}
    assert cli("appointment", "add", "yesterday", "--past").exit_code == 0
    assert listed(cli)[0]["past"] is True
    assert "(past)" in cli("appointment", "list").stdout


def test_a_duplicate_is_refused_in_one_line_and_nothing_changes(cli: Cli, lipcare_home: Path) -> None:
    assert cli("appointment", "add", "2026-12-10", "10:30").exit_code == 0
    assert cli("appointment", "add", "2026-12-10").exit_code == 0  # the same day without a time is another
    assert cli("appointment", "add", "2026-12-10", "11:00").exit_code == 0
    before = listed(cli)
    for args, said in (
        (("2026-12-10", "10:30", "--note", "again"), "an appointment on 2026-12-10 at 10:30 is already kept"),
        (("2026-12-10",), "an appointment on 2026-12-10 without a time is already kept"),
    ):
        result = cli("appointment", "add", *args)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.strip().splitlines() == [f"Error: {said}; nothing was added."]
    assert listed(cli) == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("2026-02-30",), "is not a date on the calendar"),
        (("next someday",), "cannot read 'next someday' as a date"),
        (("2026-12-10", "24:00"), "cannot read '24:00' as a time"),
        (("2026-12-10", "9.30"), "cannot read '9.30' as a time"),
        (("2026-12-10", "--note", "x" * 201), "Invalid value for '--note': 201 characters; at most 200 are kept."),
        (("2026-12-10", "--where", "y" * 300), "Invalid value for '--where': 300 characters; at most 200 are kept."),
        (("2300-01-01",), "outside the dates lipcare works with"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_saves_nothing(
    cli: Cli, lipcare_home: Path, args: tuple[str, ...], said: str
) -> None:
    result = cli("appointment", "add", *args)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.stderr
    assert journal_files(lipcare_home) == {}


def test_a_note_with_control_and_bidi_characters_never_reaches_the_terminal_raw(cli: Cli) -> None:
    note = "see \x1b[31mred\x1b[0m \u202eevil"
    added = cli("appointment", "add", "2026-12-10", "--note", note, "--where", "A\u200fB")
    assert added.exit_code == 0, added.stderr
    for output in (added.stdout, cli("appointment", "list").stdout):
        assert "\x1b" not in output and "\u202e" not in output and "\u200f" not in output
        assert "\\x1b[31mred" in output and "\\u202eevil" in output and "A\\u200fB" in output
    raw = cli("appointment", "list", "--json").stdout
    assert "\u202e" not in raw and "\\u202e" in raw
    assert listed(cli)[0]["note"] == note.strip()  # kept as typed: the same data, shown inert


def test_list_with_no_journal_says_how_to_add_one(cli: Cli, lipcare_home: Path) -> None:
    shown = cli("appointment", "list")
    assert shown.exit_code == 0
    assert "No appointments kept yet. Add one with: lipcare appointment add DATE [TIME]" in shown.stdout
    assert listed(cli) == []
    assert journal_files(lipcare_home) == {}  # listing creates nothing


# --- remove ------------------------------------------------------------------------------------------


def test_remove_by_id_and_by_date(cli: Cli) -> None:
    for args in (("2026-12-10", "10:30"), ("2026-12-10", "15:00"), ("2026-12-20",)):
        assert cli("appointment", "add", *args).exit_code == 0
    removed = cli("appointment", "remove", "2026-12-20")
    assert removed.exit_code == 0, removed.stderr
    assert "Removed appointment 3: Sun 20 Dec 2026 (2026-12-20)." in removed.stdout
    both = cli("appointment", "remove", "2026-12-10")
    assert both.exit_code == 2
    assert both.stderr.strip().splitlines() == [
        "Error: 2 appointments are kept on 2026-12-10; give the id of the one to remove (1, 2)."
    ]
    assert cli("--lang", "ar", "appointment", "remove", "٢").exit_code == 0
    assert [each["id"] for each in listed(cli)] == [1]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("9", "no appointment has the id 9; 'lipcare appointment list' shows their ids."),
        ("2026-12-11", "no appointment is kept on 2026-12-11; 'lipcare appointment list' shows them."),
        ("someday", "cannot read 'someday' as a date"),
    ],
)
def test_remove_what_is_not_there_is_one_line_and_removes_nothing(cli: Cli, typed: str, said: str) -> None:
    assert cli("appointment", "add", "2026-12-10").exit_code == 0
    result = cli("appointment", "remove", typed)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.stderr
    assert len(listed(cli)) == 1


def test_remove_with_no_journal_creates_none(cli: Cli, lipcare_home: Path) -> None:
    result = cli("appointment", "remove", "1")
    assert result.exit_code == 2
    assert "no appointments are kept yet" in result.stderr
    assert journal_files(lipcare_home) == {}


# --- the journal ---------------------------------------------------------------------------------------


def old_journal(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal as lipcare made it before appointments (schema 8), with a treatment."""
    with monkeypatch.context() as patch:
        patch.setattr(journal_module, "MIGRATIONS", journal_module.MIGRATIONS[:8])
        with Journal.open(path) as journal:
            journal.remember_treatment(date(2026, 11, 1), None)


def test_a_journal_from_before_appointments_takes_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "home" / "journal.sqlite3"
    old_journal(path, monkeypatch)
    with Journal.open(path) as journal:
        assert journal.appointments() == []
        kept = journal.add_appointment(date(2026, 12, 10), time(10, 30), "note", "")
        assert kept == AppointmentRow(1, date(2026, 12, 10), time(10, 30), "note", "")
        assert journal.add_appointment(date(2026, 12, 10), time(10, 30), "", "") is None  # the unique index
        assert [each.id for each in journal.treatments()] == [1]


def test_a_read_only_journal_from_before_appointments_reads_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "home" / "journal.sqlite3"
    old_journal(path, monkeypatch)
    db = Journal._connect_read_only(path)
    with Journal(path, db) as journal:
        journal._migrate()  # read-only: nothing is migrated
        assert journal.appointments() == []


def test_a_row_changed_by_hand_is_named_as_damage(cli: Cli, lipcare_home: Path) -> None:
    import sqlite3

    assert cli("appointment", "add", "2026-12-10").exit_code == 0
    db = sqlite3.connect(lipcare_home / "journal.sqlite3")
    db.execute("UPDATE appointments SET at_time = '25:99'")
    db.commit()
    db.close()
    result = cli("appointment", "list")
    assert result.exit_code == 1
    assert "appointment 1 holds a value lipcare does not write" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@given(
    day=st.dates(min_value=TODAY, max_value=date(2199, 12, 31)),
    at=st.one_of(st.none(), st.times().map(lambda moment: moment.replace(second=0, microsecond=0))),
)
def test_any_date_and_time_typed_is_kept_as_typed(day: date, at: time | None) -> None:
    import tempfile

    from typer.testing import CliRunner

    from lipcare.cli import app

    with tempfile.TemporaryDirectory() as home:
        env = {"LIPCARE_HOME": str(Path(home) / "lipcare"), "COLUMNS": "200"}
        runner = CliRunner()
        typed = [day.isoformat(), *([f"{at:%H:%M}"] if at else [])]
        added = runner.invoke(app, ["appointment", "add", *typed], env=env)
        assert added.exit_code == 0, added.stderr
        data = json.loads(runner.invoke(app, ["appointment", "list", "--json"], env=env).stdout)
        assert [(each["date"], each["time"]) for each in data["appointments"]] == [
            (day.isoformat(), f"{at:%H:%M}" if at else None)
        ]
