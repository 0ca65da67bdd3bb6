"""Medicines and their doses (issue 26): the protocol's [[medication]], the patient's own (`lipcare medicine`), and
the pure schedule (`lipcare.medicines.Schedule`) that the timeline, the exports and the reminders read."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, datetime, time
from pathlib import Path

import pytest
from conftest import Cli
from hypothesis import given
from hypothesis import strategies as st

from lipcare.errors import UsageError
from lipcare.journal_rows import MedicineRow
from lipcare.medicines import Schedule, parse_day, parse_times, plan_add
from lipcare.protocol import check_protocol, default_protocol_path, load_protocol

TREATED = date(2026, 11, 20)
TODAY = date(2026, 11, 24)
DEFAULT = default_protocol_path().read_text(encoding="utf-8")


def hhmm(values: list[datetime]) -> list[str]:
    return [value.strftime("%H:%M") for value in values]


# --- the protocol's medicines ----------------------------------------------------------------------------------


def test_the_default_protocol_schedules_the_antiviral_from_the_day_before_and_the_ointment() -> None:
    protocol = load_protocol()
    antiviral = next(item for item in protocol.medication if item.key == "antiviral")
    ointment = next(item for item in protocol.medication if item.key == "ointment")
    assert (antiviral.first_day, antiviral.last_day) == (-1, 14)
    assert antiviral.dose == "As your clinic prescribed"
    assert antiviral.times_suggested and ointment.times_suggested  # the clinic sets the real times
    assert antiviral.source == "valacyclovir-rct" and ointment.source == "asec-lips"
    assert "ask your clinic or pharmacist" in antiviral.missed_text  # no invented dosing rule
    # times_per_day = 7, spread from 08:00 to 20:00: every two hours, as the source's first days, and a time
    # right after each cold-water rinse
    assert ointment.times == tuple(time(hour, 0) for hour in range(8, 21, 2))
    assert set(protocol.rinse.times) <= set(ointment.times)
    support = [use for source in protocol.sources.values() for item in source.supports for use in item.uses]
    assert {"medication.antiviral", "medication.ointment", "medication.antiviral.missed"} <= set(support)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, old: str, new: str) -> tuple[list[str], list[str]]:
    assert old in DEFAULT
    text = DEFAULT.replace(old, new, 1)
    checked = check_protocol(write(tmp_path, text))
    assert checked.protocol is None
    return [str(problem) for problem in checked.problems], text.splitlines()


def test_a_bad_dose_time_is_named_with_its_line(tmp_path: Path) -> None:
    found, lines = problems(
        tmp_path, 'times = ["08:00", "20:00"]\ntimes_suggested', 'times = ["08:00", "8pm"]\ntimes_suggested'
    )
    line = lines.index('times = ["08:00", "8pm"]') + 1
    assert any(f":{line}: medication[0].times[1]: expected a 24-hour time" in problem for problem in found), found


def test_a_medicine_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    found, lines = problems(tmp_path, "first_day = -1\nlast_day = 14", "first_day = 3\nlast_day = -2")
    line = lines.index("last_day = -2") + 1
    assert any(f":{line}: medication[0].last_day: ends (day -2) before it starts (day 3)" in p for p in found), found


def test_a_duplicate_medicine_key_is_refused(tmp_path: Path) -> None:
    found, _ = problems(tmp_path, 'key = "ointment"\nname = "Ointment"', 'key = "antiviral"\nname = "Ointment"')
    assert any('duplicate medication key "antiviral"' in problem for problem in found), found


def test_times_and_times_per_day_together_are_refused(tmp_path: Path) -> None:
    found, _ = problems(tmp_path, "times_per_day = 7", 'times_per_day = 7\ntimes = ["09:00"]')
    assert any("give either times or times_per_day, not both" in problem for problem in found), found


def test_times_per_day_are_spread_from_08_00_to_20_00(tmp_path: Path) -> None:
    checked = check_protocol(write(tmp_path, DEFAULT.replace("times_per_day = 7", "times_per_day = 6", 1)))
    assert checked.protocol is not None, checked.problems
    ointment = next(item for item in checked.protocol.medication if item.key == "ointment")
    assert ointment.times == (time(8, 0), time(10, 30), time(12, 45), time(15, 15), time(17, 30), time(20, 0))


def test_a_clinic_may_schedule_no_medicine(tmp_path: Path) -> None:
    path = write(tmp_path, "format = 1\nmedication = []\n")
    checked = check_protocol(path)
    assert checked.problems == [] and checked.protocol is not None
    assert checked.protocol.medication == ()


# --- the schedule --------------------------------------------------------------------------------------------


def test_doses_of_a_day_come_from_the_medicines_that_cover_it() -> None:
    protocol = load_protocol()
    schedule = Schedule(protocol.medication, [], TREATED, TODAY)
    before = schedule.doses_on(date(2026, 11, 19))  # day -1: the antiviral only
    assert [(dose.key, dose.at) for dose in before] == [
        ("antiviral", datetime(2026, 11, 19, 8, 0)),
        ("antiviral", datetime(2026, 11, 19, 20, 0)),
    ]
    assert before[0].dose == "As your clinic prescribed" and before[0].source == "valacyclovir-rct"
    assert before[0].day == -1 and before[0].suggested
    assert len(schedule.doses_on(TREATED)) == 2 + 7
    assert schedule.doses_on(date(2026, 11, 18)) == []  # day -2
    assert schedule.doses_on(date(2026, 12, 12)) == []  # day 22: every course is over
    every = schedule.doses_between(date(2026, 1, 1), date(2027, 12, 31))
    assert len(every) == 16 * 2 + 22 * 7
    assert every == sorted(every, key=lambda dose: dose.at)
    assert schedule.last_date == date(2026, 12, 11)


def test_a_patient_change_replaces_the_protocol_medicine_and_their_own_is_added() -> None:
    protocol = load_protocol()
    stored = [
        MedicineRow(1, 1, "antiviral", "Antiviral medicine", "", "500 mg", -2, 9, (time(9, 0), time(21, 0)), True),
        MedicineRow(2, 1, "paracetamol", "Paracetamol", "pain", "1 tablet", 0, 2, (time(13, 0),), False),
    ]
    schedule = Schedule(protocol.medication, stored, TREATED, TODAY)
    assert [item.key for item in schedule.medicines] == ["antiviral", "ointment", "paracetamol"]
    day = schedule.doses_on(date(2026, 11, 18))  # day -2
    assert [(dose.key, dose.at.time(), dose.dose, dose.source) for dose in day] == [
        ("antiviral", time(9, 0), "500 mg", "patient"),
        ("antiviral", time(21, 0), "500 mg", "patient"),
    ]
    assert not day[0].suggested  # the patient's own times
    assert [dose.key for dose in schedule.doses_on(TREATED) if dose.at.time() == time(13, 0)] == ["paracetamol"]
    assert schedule.doses_on(date(2026, 11, 30)) == [  # day 10: the antiviral stopped on day 9
        dose for dose in schedule.doses_on(date(2026, 11, 30)) if dose.key == "ointment"
    ]


# --- what a patient types ----------------------------------------------------------------------------------------

clock_times = st.lists(
    st.times().map(lambda at: at.replace(second=0, microsecond=0)), min_size=1, max_size=24, unique=True
)


@given(clock_times)
def test_typed_times_read_back_sorted(times: list[time]) -> None:
    typed = ",".join(at.strftime("%H:%M") for at in times)
    assert parse_times(typed) == tuple(sorted(times))


@given(st.text(max_size=30))
def test_any_typed_times_are_read_or_refused_with_a_usage_error(typed: str) -> None:
    try:
        found = parse_times(typed)
    except UsageError:
        return
    assert found and all(isinstance(at, time) for at in found) and len(set(found)) == len(found)


@pytest.mark.parametrize(
    "typed", ["", "8", "24:00", "08:60", "08:00,,09:00", "08:00,08:00", "8pm", ",".join(["01:00"] * 25)]
)
def test_bad_times_are_refused(typed: str) -> None:
    with pytest.raises(UsageError):
        parse_times(typed)


@given(st.integers(min_value=-30, max_value=365))
def test_a_day_reads_as_itself_and_as_its_date(day: int) -> None:
    from datetime import timedelta

    assert parse_day(f"day {day}", "--to", TREATED, TODAY) == day
    assert parse_day(str(day), "--to", TREATED, TODAY) == day
    assert parse_day((TREATED + timedelta(days=day)).isoformat(), "--to", TREATED, TODAY) == day


@pytest.mark.parametrize("typed", ["day 366", "-31", "2028-01-01", "next week", "day"])
def test_days_outside_the_schedule_or_unreadable_are_refused(typed: str) -> None:
    with pytest.raises(UsageError):
        parse_day(typed, "--to", TREATED, TODAY)


def test_an_own_medicine_needs_its_times_and_last_day() -> None:
    medication = load_protocol().medication
    with pytest.raises(UsageError, match="--times"):
        plan_add(medication, [], 1, "Paracetamol", None, None, 3, "", "")
    with pytest.raises(UsageError, match="--to"):
        plan_add(medication, [], 1, "Paracetamol", (time(8, 0),), None, None, "", "")
    row = plan_add(medication, [], 1, "Antiviral Medicine", None, -2, None, "", "")
    assert row.adjusts and row.key == "antiviral" and row.first_day == -2 and row.last_day == 14
    assert row.dose == ""  # not given: the protocol's own dose, worded when shown in the reader's language


def test_changing_a_protocol_medicine_keeps_its_dose_in_the_readers_language(cli: Cli) -> None:
    """A trial changed only the antiviral's times in English, then read the Arabic timeline: the English
    "As your clinic prescribed" had been copied into the change and showed inside the Arabic."""
    cli("timeline", "--date", "2026-11-22")
    assert cli("medicine", "add", "antiviral", "--times", "09:00,21:00").exit_code == 0
    added = json.loads(cli("medicine", "list", "--json").stdout)
    (antiviral,) = [item for item in added["medicines"] if item["key"] == "antiviral"]
    assert antiviral["dose"] == "As your clinic prescribed" and antiviral["times"] == ["09:00", "21:00"]
    arabic = cli("--lang", "ar", "medicine", "list").stdout
    assert "As your clinic prescribed" not in arabic and "prescribed" not in arabic


# --- the command ------------------------------------------------------------------------------------------------


def medicines_json(cli: Cli) -> list[dict[str, object]]:
    result = cli("medicine", "list", "--json")
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)["medicines"]
    return found


def test_add_list_and_remove_a_medicine(cli: Cli) -> None:
    assert cli("timeline", "--date", "2026-11-20").exit_code == 0
    added = cli("medicine", "add", "Paracetamol", "--times", "14:00,08:00", "--to", "day 5", "--dose", "1 tablet",
                "--for", "pain")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert "Added Paracetamol (id 1)" in added.stdout
    assert "Days 0 to 5 (2026-11-20 to 2026-11-25), at 08:00, 14:00" in added.stdout
    # an antiviral added under its drug name would be a second course: the plan's own are named, with the way out
    said = " ".join(added.stdout.split())
    assert "The plan already has: Antiviral medicine (antiviral); Ointment (ointment)." in said
    assert "'lipcare medicine remove 1'" in said and "lipcare medicine add antiviral --times" in said
    listed = cli("medicine", "list")
    assert "Antiviral medicine" in listed.stdout and "Paracetamol: 1 tablet" in listed.stdout
    assert "Your own medicine (id 1)" in listed.stdout
    assert [item["key"] for item in medicines_json(cli)] == ["antiviral", "ointment", "paracetamol"]
    removed = cli("medicine", "remove", "PARACETAMOL")
    assert removed.exit_code == 0 and "Removed Paracetamol" in removed.stdout
    assert [item["key"] for item in medicines_json(cli)] == ["antiviral", "ointment"]


def test_on_a_narrow_screen_a_medicines_lines_wrap_under_their_own_text(cli: Cli) -> None:
    narrow = {"COLUMNS": "50"}
    assert cli("timeline", "--date", "2026-11-20").exit_code == 0
    added = cli("medicine", "add", "Paracetamol", "--times", "08:00,12:00,16:00,20:00", "--to", "day 5",
                "--dose", "two tablets of 500 mg with water after food", env=narrow)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    listed = cli("medicine", "list", env=narrow).stdout
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1", "--doses", "missed").exit_code == 0
    history = cli("history", "--no-pager", env=narrow).stdout
    missed = history[history.index("Missed doses:") :].split("\n\n")[0].splitlines()[1:]
    for lines in (
        listed.split("Change a protocol medicine")[0].splitlines(),
        missed,
        added.stdout.split("The plan already")[0].splitlines(),
    ):
        # What belongs under a medicine (For, Days, From; a missed dose's advice) is indented on every line it
        # takes: a line back at the margin after an indented one starts the next medicine.
        for before, line in itertools.pairwise(lines):
            if before.startswith("  ") and not line.startswith("  "):
                assert re.match(r"(Antiviral|Ointment|Paracetamol)", line), lines
    assert max(map(len, listed.splitlines())) <= 50 and any(
        line.startswith("  (suggested") for line in listed.splitlines()
    )
    assert all(line.startswith("  ") for line in missed) and len(missed) > 3


def test_changing_the_protocol_antiviral_and_undoing_it(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("medicine", "add", "antiviral", "--times", "09:00,21:00", "--from", "-2", "--json")
    assert result.exit_code == 0, result.stderr
    added = json.loads(result.stdout)["added"]
    assert added["changes_protocol"] is True and added["first_date"] == "2026-11-18"
    antiviral = medicines_json(cli)[0]
    assert antiviral["times"] == ["09:00", "21:00"] and antiviral["times_suggested"] is False
    assert cli("medicine", "remove", "antiviral").exit_code == 0
    assert medicines_json(cli)[0]["times"] == ["08:00", "20:00"]
    changed = cli("medicine", "add", "Antiviral medicine", "--times", "07:00,19:00")
    assert changed.exit_code == 0 and "Changed Antiviral medicine, from the protocol" in changed.stdout
    assert "The plan already has" not in changed.stdout  # no warning when it is the plan's own that changes


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["Paracetamol", "--times", "25:00", "--to", "3"], 2, "'25:00' is not a time of day"),
        (["Paracetamol", "--times", "08:00", "--to", "3", "--from", "5"], 2, "day 3 is before the first day, day 5"),
        (["Paracetamol", "--times", "08:00"], 2, "Missing option '--to'"),
        (["Paracetamol", "--times", "08:00", "--to", "day 400"], 2, "from day -30 to day 365"),
        (["Para\x1b[2Jcetamol", "--times", "08:00", "--to", "3"], 2, "control character"),
        (["P" * 81, "--times", "08:00", "--to", "3"], 2, "at most 80 characters"),
        (["Paracetamol", "--times", "08:00", "--to", "3", "--dose", "two\nlines"], 2, "type it on one line"),
        (["Ointment", "--times", "08:00"], 1, "Ointment is already in your medicines"),
    ],
)
def test_bad_input_is_one_line_and_saves_nothing(cli: Cli, args: list[str], code: int, says: str) -> None:
    cli("timeline", "--date", "2026-11-20")
    cli("medicine", "add", "ointment", "--times", "08:00,20:00")
    before = medicines_json(cli)
    result = cli("medicine", "add", *args)
    assert result.exit_code == code, result.stderr
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert medicines_json(cli) == before


def test_without_a_treatment_date_the_medicine_commands_say_how_to_give_one(cli: Cli) -> None:
    result = cli("medicine", "add", "Paracetamol", "--times", "08:00", "--to", "3")
    assert result.exit_code == 2 and "--date" in result.stderr


def test_remove_an_unknown_medicine_changes_nothing(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("medicine", "remove", "aspirin")
    assert result.exit_code == 1 and "You keep no medicine named 'aspirin'" in result.stderr


def test_the_list_in_arabic(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-20")
    result = cli("--lang", "ar", "medicine", "list")
    assert result.exit_code == 0, result.stderr
    assert "الدواء المضاد للفيروسات" in result.stdout and "أوقات مقترحة" in result.stdout


# --- shown everywhere: timeline, --json, plan, calendar, FHIR ------------------------------------------------


def test_the_timeline_today_box_lists_the_doses_of_the_day(cli: Cli) -> None:
    result = cli("timeline", "--date", "2026-11-22", "--no-pager")  # today is day 2
    assert result.exit_code == 0, result.stderr
    assert "Today: Antiviral medicine at 08:00, 20:00 (suggested times) (As your clinic prescribed)" in result.stdout
    assert "Today: Ointment at 08:00, 10:00, 12:00, 14:00, 16:00, 18:00, 20:00 (suggested times)" in result.stdout
    before = cli("timeline", "--date", "2026-11-25", "--no-pager")  # the day before: the antiviral starts
    assert "Today: Antiviral medicine at 08:00, 20:00" in before.stdout and "Ointment at" not in before.stdout
    after = cli("timeline", "--date", "2026-10-01", "--no-pager")  # day 54: every course is over
    assert "Antiviral medicine at" not in after.stdout


def test_the_timeline_shows_the_patients_own_medicine_and_its_json(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-22")
    cli("medicine", "add", "Paracetamol", "--times", "13:00", "--to", "day 4", "--dose", "1 tablet")
    shown = cli("timeline", "--no-pager")
    assert "Today: Paracetamol at 13:00 (1 tablet)" in shown.stdout
    data = json.loads(cli("timeline", "--json").stdout)
    assert [dose["at"] for dose in data["doses"] if dose["key"] == "paracetamol"] == ["2026-11-24T13:00"]
    assert {item["key"] for item in data["medicines"]} == {"antiviral", "ointment", "paracetamol"}
    preview = json.loads(cli("timeline", "--date", "2026-11-23", "--preview", "--json").stdout)
    assert "paracetamol" not in {item["key"] for item in preview["medicines"]}  # a preview is not your record


def test_the_calendar_has_a_daily_event_with_an_alarm_for_each_dose_time(cli: Cli) -> None:
    from icalendar import Calendar

    cli("timeline", "--date", "2026-11-20")
    cli("medicine", "add", "Paracetamol", "--times", "13:00", "--to", "day 4")
    result = cli("export", "ics", "-o", "-")
    assert result.exit_code == 0, result.stderr
    events = [event for event in Calendar.from_ical(result.stdout).walk("VEVENT") if "medicine" in str(event["UID"])]
    assert len(events) == 2 + 7 + 1
    antiviral = next(event for event in events if "antiviral-0800" in str(event["UID"]))
    assert antiviral.decoded("DTSTART") == datetime(2026, 11, 19, 8, 0)  # day -1
    assert "RRULE:FREQ=DAILY;COUNT=16" in antiviral.to_ical().decode() and antiviral.walk("VALARM")
    own = next(event for event in events if "1300" in str(event["UID"]))
    assert "RRULE:FREQ=DAILY;COUNT=5" in own.to_ical().decode() and str(own["SUMMARY"]) == "Paracetamol"


def test_the_fhir_export_has_a_medication_statement_for_each_medicine(cli: Cli) -> None:
    cli("checkin", "--date", "2026-11-20", "--redness", "1")
    cli("medicine", "add", "Paracetamol", "--times", "13:00", "--to", "day 4", "--for", "pain")
    result = cli("export", "fhir", "-o", "-")
    assert result.exit_code == 0, result.stderr
    statements = [
        entry["resource"]
        for entry in json.loads(result.stdout)["entry"]
        if entry["resource"]["resourceType"] == "MedicationStatement"
    ]
    assert [item["medicationCodeableConcept"]["text"] for item in statements] == [
        "Antiviral medicine",
        "Ointment",
        "Paracetamol",
    ]
    antiviral = statements[0]
    assert antiviral["effectivePeriod"] == {"start": "2026-11-19", "end": "2026-12-04"}
    assert antiviral["status"] == "active"  # on 24 November
    assert antiviral["dosage"][0]["timing"]["repeat"]["timeOfDay"] == ["08:00:00", "20:00:00"]
    assert statements[2]["reasonCode"] == [{"text": "pain"}]


# --- doses taken ----------------------------------------------------------------------------------------------


def test_a_checkin_records_missed_doses_and_says_what_the_protocol_says(cli: Cli) -> None:
    result = cli("checkin", "--date", "2026-11-22", "--redness", "1", "--dose", "antiviral=missed")
    assert result.exit_code == 0, result.stderr
    assert "Antiviral medicine, 2026-11-24: doses missed." in result.stdout
    assert "ask your clinic or pharmacist what to do now" in result.stdout  # the protocol's sourced text
    out = result.stdout
    assert out.index("Missed doses:") < out.index("Warning signs to act on") < out.index("education and reminders")
    history = cli("history", "--no-pager")
    assert "Missed doses:" in history.stdout and "Antiviral medicine, 2026-11-24: doses missed" in history.stdout
    report = cli("report", "-o", "-")
    assert "<h2>Missed doses</h2>" in report.stdout


def test_doses_not_given_stay_unknown_never_taken(cli: Cli) -> None:
    result = cli("checkin", "--date", "2026-11-22", "--redness", "1", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["doses"] == {} and data["missed_doses"] == []
    some = json.loads(cli("checkin", "--redness", "1", "--doses", "some", "--json").stdout)
    assert some["doses"] == {"antiviral": "some", "ointment": "some"}  # the doses due by 10:30
    assert [item["key"] for item in some["missed_doses"]] == ["antiviral", "ointment"]
    assert some["missed_doses"][1]["advice"] is None  # no sourced rule: ask the clinic or pharmacist


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--doses", "maybe"], "'maybe' is not taken, missed or some"),
        (["--dose", "aspirin=taken"], "no dose of 'aspirin' is due that day"),
        (["--dose", "antiviral"], "is not MEDICINE=STATUS"),
    ],
)
def test_bad_dose_options_are_one_line_and_save_nothing(cli: Cli, args: list[str], says: str) -> None:
    cli("timeline", "--date", "2026-11-22")
    result = cli("checkin", "--redness", "1", *args)
    assert result.exit_code == 2 and says in result.stderr, result.stderr
    assert json.loads(cli("history", "--json").stdout)["checkins"] == []


def test_the_interactive_checkin_asks_about_the_doses_due(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from lipcare.commands import common

    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    cli("timeline", "--date", "2026-11-22")
    # redness, swelling, pain, crusts, no signs, no note, no photo; the antiviral: none taken; the ointment: skipped
    typed = "1\n1\n1\nn\n\n\n\n3\n\n"
    result = cli("checkin", input=typed)
    assert result.exit_code == 0, result.stderr
    assert "Did you take your Antiviral medicine today, as planned, at 08:00, 20:00 (suggested times)?" in result.stdout
    assert "Antiviral medicine, 2026-11-24: doses missed." in result.stdout
    assert "Ointment, 2026-11-24" not in result.stdout  # skipped: unknown, not missed and not taken


def test_a_huge_name_is_refused_with_its_real_length(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-22")
    result = cli("medicine", "add", "A" * 5000, "--times", "08:00", "--to", "day 3")
    assert result.exit_code == 2 and "found 5000" in result.stderr, result.stderr


def test_the_printable_plan_lists_the_medicines_with_their_dates_times_and_sources(cli: Cli, tmp_path: Path) -> None:
    cli("timeline", "--date", "2026-11-22")
    assert cli("medicine", "add", "Paracetamol", "--times", "08:00,14:00,20:00", "--to", "day 5").exit_code == 0
    target = tmp_path / "plan.html"
    assert cli("export", "sheet", "-o", str(target)).exit_code == 0
    flat = " ".join(re.sub(r"<[^>]+>", "", target.read_text(encoding="utf-8")).split())
    assert "Antiviral medicine: Sat 21 Nov to Sun 6 Dec, at 08:00, 20:00 (suggested times)." in flat
    assert "Paracetamol: Sun 22 Nov to Fri 27 Nov, at 08:00, 14:00, 20:00." in flat
    assert "Gilbert S, McBurney E" in flat  # the antiviral's source is in the plan's list of sources
