from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli

ANSI = re.compile(r"\x1b\[")


def test_help_lists_the_commands(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "info" in result.stdout and "timeline" in result.stdout


def test_no_arguments_shows_help(cli: Cli) -> None:
    result = cli()
    assert "Usage:" in result.stdout + result.stderr


def test_version(cli: Cli) -> None:
    from lipcare import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"lipcare {__version__}"


# --- info -------------------------------------------------------------------


def test_info_shows_every_section_with_sources_and_the_notice(cli: Cli) -> None:
    result = cli("info")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for title in (
        "What the procedure is",
        "The steps",
        "week by week",
        "Side effects",
        "Aftercare",
        "Warning signs",
        "Where clinical sources differ",
    ):
        assert title in out
    assert "does not examine you" in out  # education, not diagnosis
    # Sources are footnote numbers; the last lines name each number once, and say where the rest is.
    assert "Sources: [1] leaflet, " in out and "] mayo-expect," in out and "(see lipcare info sources)" in out
    assert "[1] leaflet: Laser lip peeling" in cli("info", "sources").stdout
    assert re.search(r"Rinse your lips .*\[1\]", out)
    assert "one to four months" in out  # clinical redness differs from the leaflet
    assert "08:00, 12:00, 16:00, 20:00" in out


def test_info_topic_prints_one_section(cli: Cli) -> None:
    result = cli("info", "warning-signs")
    assert result.exit_code == 0
    assert "Fever of 38" in result.stdout
    assert "The steps" not in result.stdout
    assert "Contact your physician today: Do not wait" in result.stdout
    assert "Seek care now:" in result.stdout
    assert "fever: Fever of 38" in result.stdout  # the key to give to checkin --symptom
    assert "lipcare checkin --symptom" in result.stdout


def test_info_unknown_topic_is_a_usage_error_listing_topics(cli: Cli) -> None:
    result = cli("info", "tattoo")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown topic 'tattoo'" in result.stderr
    assert "warning-signs" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_info_json(cli: Cli) -> None:
    result = cli("info", "sources", "--json")
    data = json.loads(result.stdout)
    assert data["protocol"]["id"] == "lipcare-default"
    assert any(source["id"] == "leaflet" for source in data["sections"]["sources"])


# --- timeline ---------------------------------------------------------------


def test_timeline_json_matches_the_documented_shape(cli: Cli) -> None:
    result = cli("timeline", "--date", "2026-11-01", "--on", "2026-11-10", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["treatment_date"] == "2026-11-01"
    assert data["on"] == "2026-11-10"
    assert data["day"] == 9
    assert data["redness_window"] == {
        "days": 28,
        "ends": "2026-11-29",
        "status": "within",
        "days_left": 19,
        "days_beyond": 0,
    }
    assert data["sun"]["avoid_until"] == "2026-12-31"
    assert data["sun"]["sunscreen_from"] == "2026-11-23"  # the day after the crusts are expected to end
    assert data["sun"]["sunscreen_until"] == "2027-11-01"
    assert data["checkins"]["daily_until"] == "2026-11-22"  # daily through healing (day 21), then weekly
    assert data["checkins"]["days"][21:24] == ["2026-11-22", "2026-11-29", "2026-12-06"]
    assert data["checkins"]["days"][-1] == "2027-01-24"  # day 84, the last weekly one before day 90
    airway = next(sign for sign in data["warning_signs"] if sign["key"] == "airway")
    assert "anaphylaxis" in airway["aliases"]
    first = data["reminders"][0]
    assert {k: first[k] for k in ("date", "time", "kind", "source")} == {
        "date": "2026-11-01",
        "time": "08:00",
        "kind": "rinse",
        "source": "leaflet",
    }
    assert first["text"]
    assert len(data["reminders"]) == 32
    assert data["protocol"]["name"] == "lipcare default protocol"
    assert data["next_reminder"] is None


@pytest.mark.parametrize(
    ("on", "status"), [("2026-10-31", "upcoming"), ("2026-11-29", "within"), ("2026-11-30", "beyond")]
)
def test_timeline_json_status(cli: Cli, on: str, status: str) -> None:
    data = json.loads(cli("timeline", "--date", "2026-11-01", "--on", on, "--json").stdout)
    assert data["redness_window"]["status"] == status


def test_timeline_defaults_to_today_and_counts_from_now(cli: Cli) -> None:
    # conftest fixes today at 2026-11-24 10:30
    data = json.loads(cli("timeline", "--date", "yesterday", "--json").stdout)
    assert (data["treatment_date"], data["on"], data["day"]) == ("2026-11-23", "2026-11-24", 1)
    assert (data["next_reminder"]["date"], data["next_reminder"]["time"]) == ("2026-11-24", "12:00")


def test_timeline_terminal_view(cli: Cli) -> None:
    result = cli("timeline", "--date", "2026-11-20", "--on", "2026-11-22")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Day 2" in out
    assert "Day 2: Sun 22 Nov (that day)" in out  # --on is not today (2026-11-24)
    assert "On that day: cold-water rinse at 08:00, 12:00, 16:00, 20:00" in out
    assert "Next rinse" not in out  # a day in the past has no next rinse
    assert "Asked about" not in out
    assert "Sun: avoid direct sun until Tue 19 Jan 2027" in out
    assert "last day Fri 18 Dec 2026 (2026-12-18), 26 days left" in out
    assert "past" in out and "today" in out
    assert "Warning signs" in out
    assert "does not examine you" in out


@pytest.mark.parametrize(("on", "rinsing"), [("2026-11-22", True), ("2026-12-05", False)])
def test_the_timeline_says_each_piece_of_guidance_once(cli: Cli, on: str, rinsing: bool) -> None:
    """The box says what to do that day (rinse at these times, avoid the sun until this date); why and how are
    said once, in the box or in the section below it, never both."""
    from lipcare.protocol import load_protocol

    protocol = load_protocol()
    out = " ".join(cli("timeline", "--date", "2026-11-20", "--on", on).stdout.split())
    once = [protocol.rinse.text, protocol.sun_avoid.text, protocol.redness.text]
    assert [out.count(text) for text in once] == [1, 1, 0]
    assert "Sun: avoid direct sun until Tue 19 Jan 2027 (2027-01-19)" in out
    box_rinse = f"cold-water rinse at 08:00, 12:00, 16:00, 20:00. {protocol.rinse.text}"
    assert (box_rinse in out) is rinsing  # with no rinse that day, the section below says how to rinse
    # the leaflet's four weeks are said once, by the expected course
    assert out.count("four weeks") == 1


def test_beyond_the_window_says_how_far_and_what_to_do(cli: Cli) -> None:
    out = cli("timeline", "--date", "2026-11-01", "--on", "2026-12-05").stdout
    assert "Day 34" in out
    assert "ended Sun 29 Nov 2026 (2026-11-29), 6 days before that day" in out
    assert "contact your physician" in out
    assert "one to four months" in out and "not an alarm" in out


def test_future_treatment_gives_the_plan_ahead(cli: Cli) -> None:
    out = cli("timeline", "--date", "in 10 days").stdout
    assert "Your treatment is in 10 days" in out
    assert "Understood --date 'in 10 days' as Fri 4 Dec 2026 (2026-12-04)" in out


def test_treatment_time_drops_early_rinses(cli: Cli) -> None:
    data = json.loads(cli("timeline", "--date", "2026-11-01", "--time", "14:00", "--json").stdout)
    assert [r["time"] for r in data["reminders"] if r["day"] == 0] == ["16:00", "20:00"]
    assert data["treatment_time"] == "14:00"


def test_the_same_date_again_writes_nothing_and_a_new_time_or_date_is_remembered(cli: Cli, lipcare_home: Path) -> None:
    assert cli("timeline", "--date", "2026-11-01", "--time", "14:00").exit_code == 0
    journal = lipcare_home / "journal.sqlite3"
    before = (journal.read_bytes(), journal.stat().st_mtime_ns)
    for args in (["--date", "2026-11-01"], ["--date", "2026-11-01", "--time", "14:00"], []):
        assert cli("timeline", *args).exit_code == 0
        assert (journal.read_bytes(), journal.stat().st_mtime_ns) == before, args
    assert json.loads(cli("timeline", "--time", "09:00", "--json").stdout)["treatment_time"] == "09:00"
    assert json.loads(cli("timeline", "--json").stdout)["treatment_time"] == "09:00"
    switched = cli("timeline", "--date", "2026-11-03")
    assert "New treatment record for 2026-11-03" in switched.stdout
    assert json.loads(cli("timeline", "--json").stdout)["treatment_date"] == "2026-11-03"
    assert "Now using your earlier treatment record of 2026-11-01" in cli("timeline", "--date", "2026-11-01").stdout
    assert json.loads(cli("timeline", "--json").stdout)["treatment_time"] == "09:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "--date", "2026-02-30"], "not a date on the calendar"),
        (["timeline", "--date", "soon"], "Accepted: YYYY-MM-DD"),
        (["timeline", "--date", "2026-11-01", "--on", "31/12/2026"], "Invalid value for '--on'"),
        (["timeline", "--date", "2026-11-01", "--time", "25:00"], "HH:MM"),
        (["timeline"], "no treatment date given or remembered"),
        (["timeline", "--date"], "requires a value"),
        (["timeline", "--date", "2026-11-01", "--colour"], "No such option: --colour"),
        (["nonsense"], "No such command"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_a_bad_date_is_never_replaced_by_today(cli: Cli) -> None:
    result = cli("timeline", "--date", "2026-11-01", "--on", "", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_no_colour_codes_when_piped_or_with_no_color(cli: Cli) -> None:
    assert not ANSI.search(cli("timeline", "--date", "2026-11-01").stdout)
    forced = cli("timeline", "--date", "2026-11-01", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not ANSI.search(forced.stdout)
    coloured = cli("timeline", "--date", "2026-11-01", env={"FORCE_COLOR": "1"})
    assert ANSI.search(coloured.stdout)  # proves the check above can fail


@pytest.mark.parametrize("columns", ["40", "80"])
@pytest.mark.parametrize("args", [["info"], ["timeline", "--date", "2026-11-20"]])
def test_output_fits_narrow_and_standard_terminals(cli: Cli, columns: str, args: list[str]) -> None:
    result = cli(*args, env={"COLUMNS": columns})
    assert result.exit_code == 0
    # An address is never broken, so it may run past the edge; everything else fits.
    widest = max(len(line.rstrip()) for line in result.stdout.splitlines() if "://" not in line)
    assert widest <= int(columns)


def test_an_unexpected_error_is_one_line_without_traceback(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import lipcare.commands.common

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(lipcare.commands.common, "current_protocol", broken)
    result = cli("info")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "LIPCARE_DEBUG=1" in result.stderr


def test_python_dash_m_runs_the_same_app() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lipcare", "timeline", "--date", "2026-11-01", "--on", "2026-11-10", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["day"] == 9


def test_real_process_usage_error_exit_code() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lipcare", "timeline", "--date", "2026-02-30"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
