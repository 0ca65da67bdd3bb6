"""A course item that restates a protocol value follows it, or `protocol check` warns (issue 24, arabic-clinic
review finding 3): a 42-day redness window left the "Redness" course item at days 0-28, so one screen said both
"up to six weeks" and "settles within about four weeks"."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli

from lipcare.protocol import load_protocol

WINDOW_42 = "format = 1\n[redness]\nwindow_days = 42\n"

OWN_COURSE = """\
[[course]]
key = "crusting"
first_day = 1
last_day = 21
title = "Crusting"
text = "Crusts form and fall off."
source = "leaflet"

[[course]]
key = "redness-fades"
first_day = 0
last_day = 28
title = "Redness"
text = "Redness settles within about {weeks}."
source = "leaflet"
"""


def redness_item(file: Path) -> tuple[int, str]:
    [item] = [item for item in load_protocol(file).course if item.key == "redness-fades"]
    return item.last_day, item.text


def test_the_default_course_follows_a_clinics_redness_window(cli: Cli, tmp_path: Path) -> None:
    clinic = tmp_path / "nile.toml"
    clinic.write_text(WINDOW_42, encoding="utf-8")
    last_day, text = redness_item(clinic)
    assert last_day == 42 and "six weeks" in text and "four weeks" not in text
    timeline = cli("timeline", "--protocol", str(clinic), "--date", "2026-10-31", "--on", "2026-12-05", "--no-pager")
    out = " ".join(timeline.stdout.split())
    assert "Redness, days 0-42" in out and "Redness, days 0-28" not in out
    check = cli("protocol", "check", str(clinic))
    assert check.exit_code == 0 and "Warning" not in check.stdout


def test_the_default_protocol_is_unchanged(tmp_path: Path) -> None:
    last_day, text = redness_item(Path(load_protocol(None).origin.split(" (")[0]))
    assert last_day == 28 and "four weeks" in text


def test_protocol_check_warns_when_a_clinics_own_course_disagrees_with_its_window(cli: Cli, tmp_path: Path) -> None:
    clinic = tmp_path / "nile.toml"
    clinic.write_text(WINDOW_42 + OWN_COURSE, encoding="utf-8")
    assert redness_item(clinic)[0] == 28  # the clinic's own item is kept as written
    check = cli("protocol", "check", str(clinic))
    assert check.exit_code == 0  # a warning, not a refusal
    [warning] = [line for line in check.stdout.splitlines() if line.startswith("Warning:") and "redness-fades" in line]
    assert "nile.toml:" in warning and "ends on day 28 but redness.window_days is 42" in warning
    assert "set its last_day to 42" in warning
    clinic.write_text(WINDOW_42 + OWN_COURSE.replace("last_day = 28", "last_day = 42"), encoding="utf-8")
    assert "redness.window_days" not in cli("protocol", "check", str(clinic)).stdout
