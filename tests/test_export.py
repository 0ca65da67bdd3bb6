"""Calendar file, printable plan and physician report: read back, imported and printed for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import MOMENT, Cli
from icalendar import Calendar

import lipcare.commands.common

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
# CI sets this so that a missing calendar client or browser fails instead of skipping.
REQUIRED = os.environ.get("LIPCARE_REQUIRE_TOOLS") == "1"


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        if REQUIRED:
            pytest.fail(f"{program} is required (LIPCARE_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{program} is not installed; .ci/run installs it")
    return path


def export(cli: Cli, tmp_path: Path, kind: str, *args: str) -> Path:
    target = tmp_path / f"plan.{'ics' if kind == 'ics' else 'html'}"
    result = cli("export", kind, "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return target


def read_calendar(path: Path) -> Calendar:
    calendar = Calendar.from_ical(path.read_bytes())
    assert isinstance(calendar, Calendar)
    return calendar


# --- calendar -------------------------------------------------------------------------


def test_calendar_has_every_event_with_required_properties(cli: Cli, tmp_path: Path) -> None:
    calendar = read_calendar(export(cli, tmp_path, "ics", "--date", "2026-03-25", "--time", "10:00"))
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]).startswith("-//lipcare//")
    assert str(calendar["METHOD"]) == "PUBLISH"
    events = list(calendar.walk("VEVENT"))
    for event in events:
        assert event.get("UID") and event.get("DTSTAMP") and event.get("SUMMARY") and event.get("DESCRIPTION")
        assert event.decoded("DTSTAMP") == MOMENT.astimezone(UTC)  # when it was made: lipcare.clock's moment
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    kinds = Counter(uid.split("-")[3] for uid in uids)
    # 8 days x 4 rinses, less the 08:00 rinse before a 10:00 treatment
    assert kinds["rinse"] == 31
    assert kinds["sun"] == 2 and kinds["redness"] == 1 and kinds["daily"] == 1


def test_rinses_stay_at_local_wall_clock_time_across_daylight_saving(cli: Cli, tmp_path: Path) -> None:
    # Europe moves its clocks on 2026-03-29, during the rinsing week.
    calendar = read_calendar(export(cli, tmp_path, "ics", "--date", "2026-03-25"))
    rinses = [e for e in calendar.walk("VEVENT") if "rinse" in str(e["UID"])]
    starts = [e.decoded("DTSTART") for e in rinses]
    assert all(isinstance(start, datetime) and start.tzinfo is None for start in starts)  # floating local time
    assert sorted({start.time() for start in starts}) == [time(8), time(12), time(16), time(20)]
    assert sorted({start.date() for start in starts}) == [date(2026, 3, 25) + timedelta(days=d) for d in range(8)]
    for event in rinses:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.get("DESCRIPTION")
        assert alarm.decoded("TRIGGER") == -timedelta(minutes=5)


def test_all_day_spans_end_the_day_after_their_last_day(cli: Cli, tmp_path: Path) -> None:
    calendar = read_calendar(export(cli, tmp_path, "ics", "--date", "2026-11-01"))
    spans = {str(e["UID"]): e for e in calendar.walk("VEVENT") if "VALUE=DATE" in e.to_ical().decode()}
    avoid = spans["2026-11-01-sun-avoid@lipcare"]
    assert (avoid.decoded("DTSTART"), avoid.decoded("DTEND")) == (date(2026, 11, 1), date(2027, 1, 1))
    screen = spans["2026-11-01-sun-sunscreen@lipcare"]
    # Daily sun protection from day 22, the day after the crusts are expected to end; "for good" in its title.
    assert (screen.decoded("DTSTART"), screen.decoded("DTEND")) == (date(2026, 11, 23), date(2027, 11, 2))
    assert "every day, for good" in str(screen["SUMMARY"])
    window = spans["2026-11-01-redness-window-end@lipcare"]
    assert (window.decoded("DTSTART"), window.decoded("DTEND")) == (date(2026, 11, 29), date(2026, 11, 30))
    daily = next(e for e in calendar.walk("VEVENT") if "daily-checkin" in str(e["UID"]))
    assert daily.decoded("DTSTART") == datetime(2026, 11, 1, 19, 0)
    assert "RRULE:FREQ=DAILY;COUNT=22" in daily.to_ical().decode()  # days 0-21, through healing
    weekly = next(e for e in calendar.walk("VEVENT") if "weekly-checkin" in str(e["UID"]))
    assert weekly.decoded("DTSTART") == datetime(2026, 11, 29, 19, 0)  # day 28
    assert "RRULE:FREQ=WEEKLY;COUNT=9" in weekly.to_ical().decode()  # days 28, 35 ... 84


def test_exporting_again_keeps_the_same_uids(cli: Cli, tmp_path: Path) -> None:
    first = {str(e["UID"]) for e in read_calendar(export(cli, tmp_path, "ics", "--date", "2026-11-01")).walk("VEVENT")}
    again = tmp_path / "again.ics"
    assert cli("export", "ics", "-o", str(again)).exit_code == 0  # remembered date
    second = {str(e["UID"]) for e in read_calendar(again).walk("VEVENT")}
    assert first == second


@pytest.mark.slow  # a real browser, calendar or processes: CI runs it, the everyday loop does not
def test_calendar_imports_into_calcurse(cli: Cli, tmp_path: Path) -> None:
    calcurse = need("calcurse")
    ics = export(cli, tmp_path, "ics", "--date", "2026-03-25")
    data = tmp_path / "calcurse"
    data.mkdir()
    imported = subprocess.run([calcurse, "-D", str(data), "-i", str(ics)], capture_output=True, text=True, check=False)
    assert imported.returncode == 0, imported.stderr
    assert "0 skipped" in imported.stdout

    def day(when: str) -> list[str]:
        listed = subprocess.run(
            [
                calcurse,
                "-D",
                str(data),
                "-Q",
                "--from",
                when,
                "--days",
                "1",
                "--format-apt",
                "%(start:%H:%M) %m\\n",
                "--format-recur-apt",
                "%(start:%H:%M) %m\\n",
                "--format-event",
                "%m\\n",
                "--format-recur-event",
                "%m\\n",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return [line for line in listed.stdout.splitlines() if line and not line.endswith(":")]

    after_dst = day("03/30/2026")  # day 5, after the clocks changed
    assert [line for line in after_dst if "rinse" in line] == [
        "08:00 Cold-water rinse (day 5)",
        "12:00 Cold-water rinse (day 5)",
        "16:00 Cold-water rinse (day 5)",
        "20:00 Cold-water rinse (day 5)",
    ]
    assert "19:00 Lip check-in" in after_dst
    last = day("04/22/2026")  # day 28
    # weekly check-ins from day 28 (daily through healing, to day 21)
    assert "Last day of the 28-day redness window" in last and "19:00 Lip check-in (weekly)" in last
    assert any(line.startswith("Keep out of direct sun") for line in last)
    after = day("04/23/2026")  # day 29: no check-in that day (weekly from day 28), still out of direct sun (to day 60)
    assert not any("check-in" in line for line in after)
    assert any(line.startswith("Keep out of direct sun") for line in after)
    assert not any("check-in" in line or "direct sun" in line for line in day("06/24/2026"))  # day 91


# --- safe writing -----------------------------------------------------------------------


def test_an_existing_file_is_not_replaced_without_asking(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.ics"
    target.write_text("mine", encoding="utf-8")
    refused = cli("export", "ics", "--date", "2026-11-01", "-o", str(target))
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)
    kept = cli("export", "ics", "--date", "2026-11-01", "-o", str(target), input="n\n")  # nothing was remembered
    assert kept.exit_code == 1 and target.read_text(encoding="utf-8") == "mine"
    replaced = cli("export", "ics", "--date", "2026-11-01", "-o", str(target), input="y\n")
    assert replaced.exit_code == 0 and target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert cli("export", "sheet", "-o", str(target), "--force").exit_code == 0


def test_standard_output_and_unwritable_paths(cli: Cli, tmp_path: Path) -> None:
    out = cli("export", "ics", "--date", "2026-11-01", "-o", "-")
    assert out.exit_code == 0 and out.stdout.startswith("BEGIN:VCALENDAR")
    missing = cli("export", "sheet", "-o", str(tmp_path / "no" / "such" / "dir" / "plan.html"))
    assert missing.exit_code == 1 and "cannot write" in missing.stderr
    folder = cli("export", "sheet", "-o", str(tmp_path), "--force")
    assert folder.exit_code == 1 and "is a folder" in folder.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left behind


def test_export_needs_a_treatment_date(cli: Cli) -> None:
    result = cli("export", "ics")
    assert result.exit_code == 2 and "--date" in result.stderr


# --- printable plan and report in a real browser ---------------------------------------


def print_pdf(html: Path, pdf: Path, paper: str) -> str:
    """Print `html` on `paper` with headless Chromium and return the PDF's text."""
    chromium = need("chromium")
    need("pdfinfo")
    sized = html.with_name(f"{html.stem}-{paper}.html")
    sized.write_text(html.read_text(encoding="utf-8").replace("@page {", f"@page {{ size: {paper};", 1), "utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={html.parent / 'chromium-profile'}",
    ]
    subprocess.run(
        [chromium, *flags, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", sized.as_uri()],
        capture_output=True,
        check=True,
        timeout=120,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / f"{html.stem}-{paper}.png"
    subprocess.run(
        [chromium, *flags, f"--screenshot={screenshot}", "--window-size=900,1300", sized.as_uri()],
        capture_output=True,
        check=True,
        timeout=120,
    )
    shutil.copy(pdf, ARTIFACTS / pdf.name)
    assert screenshot.stat().st_size > 0
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_sheet_is_self_contained(cli: Cli, tmp_path: Path) -> None:
    html = export(cli, tmp_path, "sheet", "--date", "2026-11-01").read_text(encoding="utf-8")
    assert "<script" not in html and "@import" not in html and "<link" not in html
    assert "src=" not in html and "url(" not in html
    assert "Wednesday 25 March" not in html and "Sunday 1 November 2026" in html


@pytest.mark.slow  # a real browser, calendar or processes: CI runs it, the everyday loop does not
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_sheet_prints_on_at_most_two_pages_with_everything(cli: Cli, tmp_path: Path, paper: str) -> None:
    cli("settings", "set", "clinic-name", "Lip Clinic")
    cli("settings", "set", "clinic-phone", "+44 20 7946 0000")
    html = export(cli, tmp_path, "sheet", "--date", "2026-03-25", "--time", "10:00")
    pdf = tmp_path / f"sheet-{paper}.pdf"
    text = " ".join(print_pdf(html, pdf, paper).split())
    assert pages(pdf) <= 2
    for expected in (
        "Wednesday 25 March 2026 at 10:00",
        "Cold-water rinse: days 0 to 7",
        "Day 7 Wed 1 Apr",
        "until Sunday 24 May 2026",  # strict sun avoidance to day 60
        "from Thursday 16 April 2026, every day, for good",  # daily sun protection from day 22
        "Wednesday 22 April 2026 (day 28)",
        "Check-ins: every day to Wednesday 15 April 2026, then every week to Wednesday 17 June 2026",
        "Antiviral medicine: Tue 24 Mar to Wed 8 Apr, at 08:00, 20:00 (suggested times). As your clinic prescribed",
        "WARNING SIGNS",
        "Fever of 38",
        "Lip Clinic",
        "+44 20 7946 0000",
        "Sources",
        "does not examine you",
    ):
        assert expected in text, expected


@pytest.mark.slow  # a real browser, calendar or processes: CI runs it, the everyday loop does not
def test_report_has_chart_checkins_and_warning_signs(cli: Cli, tmp_path: Path) -> None:
    cli("checkin", "--date", "2026-10-20", "--on", "2026-10-21", "--redness", "3", "--pain", "6")
    cli("checkin", "--on", "2026-10-30", "--redness", "1", "--note", "much better")
    cli("checkin", "--on", "2026-11-02", "--redness", "2", "-s", "cold-sores")
    target = tmp_path / "report.html"
    result = cli("report", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "end of 28-day redness window" in html
    assert "<script" not in html
    pdf = tmp_path / "report-A4.pdf"
    text = " ".join(print_pdf(target, pdf, "A4").split())
    for expected in (
        "Tuesday 20 October 2026",
        "3, from 2026-10-21 to 2026-11-02",
        "much better",
        "2026-11-02 (day 13): A cold sore, or tingling",
        "URGENT",
        "EXPECTED",
        "CONTACT",
    ):
        assert expected in text, expected


def test_report_without_checkins_says_so(cli: Cli, tmp_path: Path) -> None:
    cli("timeline", "--date", "2026-11-20")
    target = tmp_path / "r.html"
    assert cli("report", "-o", str(target)).exit_code == 0
    html = target.read_text(encoding="utf-8")
    assert "none yet" in html and "No warning signs were reported" in html


def test_export_does_not_reach_other_commands_start_up() -> None:
    import sys

    code = (  # every command defined, none run
        "import sys; from importlib import import_module; from lipcare.cli import COMMANDS; "
        "[import_module(f'lipcare.commands.{name}') for name in COMMANDS]; print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", "import json; " + code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert not {"icalendar", "rich", "sqlite3", "lipcare.render.html", "lipcare.render.ics"} & loaded
