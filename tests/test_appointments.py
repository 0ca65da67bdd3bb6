"""Follow-up appointments: `lipcare appointment add|list|remove`, and lipcare.appointments' rules."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import NOW, TODAY, Cli, readable
from hypothesis import example, given
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
    # the same digits typed while lipcare speaks English: an Arabic keyboard is not an Arabic screen
    english = cli("appointment", "add", "٢٠٢٦-١٢-٢١", "۰۸:۳۰")  # Arabic-Indic, then the Persian keyboard's digits
    assert english.exit_code == 0, english.stderr
    assert "Mon 21 Dec 2026 (2026-12-21) at 08:30" in english.stdout


@pytest.mark.parametrize("typed", ["2199-01-01", "2062-11-30", "2028-11-25"])
def test_a_date_more_than_two_years_ahead_is_a_mistyped_year(cli: Cli, typed: str) -> None:
    refused = cli("appointment", "add", typed, "--past")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        f"Error: {typed} is more than two years ahead: check the year. Follow-up visits after this treatment come "
        "within months."
    ]
    assert listed(cli) == []
    assert cli("appointment", "add", "2028-11-24").exit_code == 0  # two years from conftest's today is kept


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
        (
            ("2026-12-10", "--note", "x" * 201),
            "Invalid value for '--note': 201 characters; at most 200 can be kept, so nothing was saved.",
        ),
        (
            ("2026-12-10", "--where", "y" * 300),
            "Invalid value for '--where': 300 characters; at most 200 can be kept, so nothing was saved.",
        ),
        (("2300-01-01",), "outside the dates lipcare works with"),
        (("today", "09:00"), "2026-11-24 09:00 is in the past; add --past"),  # conftest's clock says 10:30
        (("tomorrow", "--past"), "--past is for a visit that has already taken place, and 2026-11-25 is still to come"),
        (("today", "11:00", "--past"), "and 2026-11-24 11:00 is still to come; leave --past out."),
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
    day=st.dates(min_value=TODAY, max_value=date(2028, 11, 24)),  # up to two years ahead (a later year is a typo)
    at=st.one_of(st.none(), st.times().map(lambda moment: moment.replace(second=0, microsecond=0))),
)
@example(day=TODAY, at=time(0, 0))  # already gone today (it once failed for want of --past)
def test_any_date_and_time_typed_is_kept_as_typed(day: date, at: time | None) -> None:
    import tempfile

    from conftest import Cli

    with tempfile.TemporaryDirectory() as home:
        env = {"LIPCARE_HOME": str(Path(home) / "lipcare")}
        cli = Cli()
        typed = [day.isoformat(), *([f"{at:%H:%M}"] if at else [])]
        passed = day == TODAY and at is not None and at < NOW  # a time already gone today is added with --past
        added = cli("appointment", "add", *typed, *(["--past"] if passed else []), env=env)
        assert added.exit_code == 0, added.stderr
        data = json.loads(cli("appointment", "list", "--json", env=env).stdout)
        assert [(each["date"], each["time"]) for each in data["appointments"]] == [
            (day.isoformat(), f"{at:%H:%M}" if at else None)
        ]


# --- shown everywhere: timeline, calendar, plan, report, history, export, erase ----------------------------


def with_appointments(cli: Cli) -> None:
    """A treatment on 2026-11-20 (day 4 on conftest's today, 2026-11-24), a visit before today, one today and two
    ahead (one without a time)."""
    assert cli("timeline", "--date", "2026-11-20").exit_code == 0
    for args in (
        ("2026-11-21", "--past", "--note", "first look"),
        ("today", "16:00", "--where", "Lip Clinic"),
        ("2026-12-01", "09:30", "--note", "check the <healing>", "--where", "Lip Clinic"),
        ("2026-12-15",),
    ):
        result = cli("appointment", "add", *args)
        assert result.exit_code == 0, result.stderr


def test_the_timeline_says_todays_appointment_and_the_next_one(cli: Cli) -> None:
    with_appointments(cli)
    shown = cli("timeline", "--no-pager").stdout
    assert "Today: follow-up appointment at 16:00, Lip Clinic." in shown
    assert "Next appointment: Tue 1 Dec at 09:30, Lip Clinic: check the <healing>." in shown
    section = shown.split("\nAppointments\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "• Sat 21 Nov: first look (past)",
        "• Tue 24 Nov at 16:00, Lip Clinic",
        "• Tue 1 Dec at 09:30, Lip Clinic: check the <healing>",
        "• Tue 15 Dec",
    ]
    later = cli("timeline", "--on", "2026-12-01", "--no-pager").stdout
    assert "On that day: follow-up appointment at 09:30, Lip Clinic: check the <healing>." in later
    assert "Next appointment: Tue 15 Dec." in later
    data = json.loads(cli("timeline", "--json").stdout)
    assert [(each["date"], each["past"]) for each in data["appointments"]] == [
        ("2026-11-21", True),
        ("2026-11-24", False),
        ("2026-12-01", False),
        ("2026-12-15", False),
    ]
    assert data["next_appointment"]["date"] == "2026-12-01"
    arabic = readable(cli("--lang", "ar", "timeline", "--no-pager").stdout)
    assert "اليوم: موعد متابعة الساعة ١٦:٠٠، Lip Clinic." in arabic
    assert "الموعد التالي: الثلاثاء ١ ديسمبر الساعة ٠٩:٣٠" in arabic


def test_the_timeline_without_appointments_says_nothing_of_them(cli: Cli) -> None:
    shown = cli("timeline", "--date", "2026-11-20", "--no-pager").stdout
    assert "follow-up appointment" not in shown and "Next appointment" not in shown and "\nAppointments\n" not in shown
    assert json.loads(cli("timeline", "--json").stdout)["next_appointment"] is None


def test_the_calendar_has_each_appointment_with_its_alarms(cli: Cli, tmp_path: Path) -> None:
    from icalendar import Calendar

    with_appointments(cli)
    assert cli("appointment", "add", "2026-12-20", "--note", "bad \x1b[2J\u202enote").exit_code == 0
    target = tmp_path / "plan.ics"
    assert cli("export", "ics", "-o", str(target)).exit_code == 0
    raw = target.read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\u202e" not in raw
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT") if "appointment" in str(event["UID"])}
    assert sorted(events) == [f"2026-11-20-appointment-{n}@lipcare" for n in range(1, 6)]
    timed = events["2026-11-20-appointment-3@lipcare"]
    assert timed.decoded("DTSTART") == datetime(2026, 12, 1, 9, 30)  # floating local time, as the rinses
    assert timed.decoded("DURATION") == timedelta(hours=1)
    assert str(timed["SUMMARY"]) == "Follow-up appointment: check the <healing>"
    assert str(timed["LOCATION"]) == "Lip Clinic"
    triggers = [alarm.decoded("TRIGGER") for alarm in timed.walk("VALARM")]
    # as the desktop reminders: the evening before at 18:00 (15 h 30 before 09:30), and two hours before on the day
    assert triggers == [-timedelta(hours=15, minutes=30), -timedelta(hours=2)]
    assert all(str(alarm["ACTION"]) == "DISPLAY" and alarm.get("DESCRIPTION") for alarm in timed.walk("VALARM"))
    all_day = events["2026-11-20-appointment-4@lipcare"]
    assert (all_day.decoded("DTSTART"), all_day.decoded("DTEND")) == (date(2026, 12, 15), date(2026, 12, 16))
    assert str(all_day["TRANSP"]) == "OPAQUE"
    # 18:00 the evening before, and 08:00 on the day: after the all-day event's start, as RFC 5545 allows
    assert [alarm.decoded("TRIGGER") for alarm in all_day.walk("VALARM")] == [-timedelta(hours=6), timedelta(hours=8)]
    assert "\\x1b[2J\\u202enote" in str(events["2026-11-20-appointment-5@lipcare"]["SUMMARY"])


def test_the_calendar_and_the_desktop_announce_each_appointment_at_the_same_moments(
    cli: Cli, tmp_path: Path, lipcare_home: Path
) -> None:
    from icalendar import Calendar

    from lipcare.reminders import appointment_reminders

    with_appointments(cli)
    for args in (("2026-12-02", "07:00"), ("2026-12-03", "14:00"), ("2026-12-04", "08:30"), ("2026-12-05", "06:15")):
        assert cli("appointment", "add", *args).exit_code == 0
    target = tmp_path / "plan.ics"
    assert cli("export", "ics", "-o", str(target)).exit_code == 0
    in_calendar = set()
    for event in Calendar.from_ical(target.read_bytes()).walk("VEVENT"):
        if "appointment" in str(event["UID"]):
            start = event.decoded("DTSTART")
            start = start if isinstance(start, datetime) else datetime.combine(start, time.min)
            in_calendar |= {start + alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")}
    with Journal.open(lipcare_home / "journal.sqlite3") as journal:
        on_desktop = {item.at for item in appointment_reminders(journal.appointments())}
    assert in_calendar == on_desktop
    assert datetime(2026, 12, 2, 6, 0) in on_desktop  # at 07:00: not before 06:00 (an hour ahead)
    assert datetime(2026, 12, 3, 12, 0) in on_desktop and datetime(2026, 12, 2, 18, 0) in on_desktop
    on_the_5th = sorted(moment for moment in on_desktop if date(2026, 12, 4) <= moment.date() <= date(2026, 12, 5))
    assert on_the_5th == [datetime(2026, 12, 4, 6, 30), datetime(2026, 12, 4, 18, 0)]  # 06:15: the evening only


@pytest.mark.slow  # a real calendar client: CI runs it
def test_the_appointments_import_into_calcurse(cli: Cli, tmp_path: Path) -> None:
    import shutil
    import subprocess

    calcurse = shutil.which("calcurse")
    if calcurse is None:
        pytest.skip("calcurse is not installed; .ci/run installs it")
    with_appointments(cli)
    ics = tmp_path / "plan.ics"
    assert cli("export", "ics", "-o", str(ics)).exit_code == 0
    data = tmp_path / "calcurse"
    data.mkdir()
    imported = subprocess.run([calcurse, "-D", str(data), "-i", str(ics)], capture_output=True, text=True, check=False)
    assert imported.returncode == 0 and "0 skipped" in imported.stdout, imported.stdout + imported.stderr

    def day(when: str) -> list[str]:
        listed = subprocess.run(
            [calcurse, "-D", str(data), "-Q", "--from", when, "--days", "1", "--format-apt", "%(start:%H:%M) %m\\n",
             "--format-event", "%m\\n"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return listed.stdout.splitlines()

    assert "09:30 Follow-up appointment: check the <healing>" in day("12/01/2026")
    assert "Follow-up appointment" in day("12/15/2026")


def test_the_printable_plan_and_the_report_list_them_escaped(cli: Cli) -> None:
    with_appointments(cli)
    sheet = cli("export", "sheet", "-o", "-").stdout
    row = next(line for line in sheet.splitlines() if line.startswith("<tr><td>Follow-up appointments"))
    assert "Saturday 21 November" not in row  # a plan lists what is ahead
    assert 'Tuesday 1 December 2026 at <span class="nowrap">09:30</span>, Lip Clinic: check the &lt;healing&gt;' in row
    assert "<healing>" not in sheet
    assert cli("checkin", "--redness", "1").exit_code == 0
    report = cli("report", "-o", "-").stdout
    assert "<tr><td>Past appointments</td><td>Saturday 21 November 2026: first look</td></tr>" in report
    coming = next(line for line in report.splitlines() if "Coming appointments" in line)
    assert coming.count("<br>") == 2  # today's, 1 and 15 December
    arabic = cli("--lang", "ar", "report", "-o", "-").stdout
    assert "مواعيد مضت" in arabic and "مواعيد قادمة" in arabic


def test_history_data_export_and_erase_include_them(cli: Cli, lipcare_home: Path) -> None:
    with_appointments(cli)
    assert cli("checkin", "--redness", "1").exit_code == 0
    history = cli("history", "--no-pager").stdout
    assert "\nAppointments\n• Sat 21 Nov: first look (past)\n" in history
    exported = json.loads(cli("data", "export").stdout)
    assert [(each["date"], each["time"], each["note"]) for each in exported["appointments"]] == [
        ("2026-11-21", None, "first look"),
        ("2026-11-24", "16:00", None),
        ("2026-12-01", "09:30", "check the <healing>"),
        ("2026-12-15", None, None),
    ]
    erased = cli("data", "erase", "--yes")
    assert erased.exit_code == 0, erased.stderr
    assert "1 check-in of 1 treatment and 4 appointments" in erased.stdout
    assert listed(cli) == []


# --- a weekday, for a date ahead --------------------------------------------------------------------------


@given(today=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 20)), weekday=st.integers(0, 6))
def test_a_weekday_is_the_next_one_after_today_in_either_language(today: date, weekday: int) -> None:
    from lipcare.dates import WEEKDAYS, parse_date
    from lipcare.locale import load, using
    from lipcare.locale.languages.ar import WEEKDAYS as ARABIC

    for typed in (WEEKDAYS[weekday], WEEKDAYS[weekday][:3].upper(), f"  {WEEKDAYS[weekday].title()} "):
        found = parse_date(typed, today, ahead=True)
        assert found.weekday() == weekday and 1 <= (found - today).days <= 7  # 'friday' on a Friday: a week on
    with using(load("ar")):
        assert parse_date(ARABIC[weekday], today, ahead=True) == parse_date(WEEKDAYS[weekday], today, ahead=True)


@pytest.mark.parametrize("typed", ["friday", "fri", "الجمعة"])
def test_a_weekday_is_refused_where_it_could_mean_the_last_one(typed: str) -> None:
    from lipcare.dates import parse_date
    from lipcare.errors import DateError

    with pytest.raises(DateError, match="cannot read"):
        parse_date(typed, TODAY)


def test_add_reads_a_weekday_and_says_which_day_it_took(cli: Cli) -> None:
    added = cli("appointment", "add", "friday", "10:00")  # conftest's today is Tuesday 24 November 2026
    assert added.exit_code == 0, added.stderr
    assert "Understood DATE 'friday' as Fri 27 Nov 2026 (2026-11-27)." in added.stdout
    arabic = cli("--lang", "ar", "appointment", "add", "الاثنين")
    assert arabic.exit_code == 0 and "(\u200e2026-11-30\u200e)" in readable(arabic.stdout)
    assert cli("appointment", "remove", "monday").exit_code == 0
    assert [each["date"] for each in listed(cli)] == ["2026-11-27"]
    refused = cli("checkin", "--date", "2026-11-20", "--on", "friday", "--redness", "1")
    assert refused.exit_code == 2 and "cannot read 'friday' as a date" in refused.stderr
