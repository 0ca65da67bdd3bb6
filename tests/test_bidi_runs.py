"""A phone number, an ISO date and other left-to-right runs inside Arabic text keep their order (issue 24,
arabic-clinic review finding 1): '+20 2 2735 0000' was shown '0000 2735 2 20+' in the check-in box, on a
terminal that does bidi (logical mode) and in lipcare's own reordering (--rtl visual). The printed plan is
checked in Chromium by test_arabic_print.py."""

from __future__ import annotations

import re
from pathlib import Path

import bidi  # type: ignore[import-untyped]
import pytest
from conftest import Cli
from rich.cells import cell_len
from rich.text import Text

from lipcare.locale import load, using
from lipcare.render import terminal
from lipcare.text import BIDI_CONTROLS

PHONE = "+20 2 2735 0000"
OUT_OF_HOURS = "+20 100 000 0999"
LRI, PDI = "\u2066", "\u2069"
CHECKIN = ("checkin", "--date", "2026-10-31", "--on", "2026-11-05", "--redness", "3", "--pain", "9")


def shown(line: str) -> str:
    """A logical line as a terminal that does bidi shows it (the Unicode algorithm, isolates included, with a
    right-to-left paragraph), without the control characters."""
    return "".join(char for char in bidi.get_display(line, base_dir="R") if char not in BIDI_CONTROLS)


@pytest.fixture
def arabic_clinic(cli: Cli) -> Cli:
    for key, value in (("clinic-phone", PHONE), ("clinic-out-of-hours-phone", OUT_OF_HOURS), ("language", "ar")):
        assert cli("settings", "set", key, value).exit_code == 0
    return cli


def test_the_arabic_checkin_isolates_the_phone_numbers_and_a_bidi_terminal_shows_them_in_order(
    arabic_clinic: Cli,
) -> None:
    result = arabic_clinic(*CHECKIN, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for number in (PHONE, OUT_OF_HOURS):
        [line] = [line for line in lines if number in line]
        assert f"{LRI}{number}{PDI}" in line  # lipcare's own isolates, around the number only
        assert number in shown(line)  # the digit groups left to right, as they are dialled
        assert number[::-1] not in shown(line)
    # Without the isolates the same line shows the groups reversed: what the test guards against.
    assert "0000 2735 2 20+" in shown(f"│ الهاتف: {PHONE} │")


def test_the_box_around_the_isolated_numbers_keeps_its_border_at_80_columns(arabic_clinic: Cli) -> None:
    result = arabic_clinic(*CHECKIN, env={"COLUMNS": "80"})
    box = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert any(PHONE in line for line in box)
    assert {cell_len(line) for line in box} == {80}  # the isolates take no cell
    assert all(line.endswith("│") for line in box)


def test_the_iso_date_in_an_arabic_sentence_keeps_its_order(arabic_clinic: Cli) -> None:
    result = arabic_clinic(*CHECKIN)
    [line] = [line for line in result.stdout.splitlines() if "2026-10-31" in line]  # the treatment date remembered
    assert "2026-10-31" in shown(line)
    assert "31-10-2026" not in shown(line)


@pytest.mark.parametrize("digits", ["", "western"])
def test_visual_mode_prints_the_phone_numbers_in_reading_order(arabic_clinic: Cli, digits: str) -> None:
    if digits:
        assert arabic_clinic("settings", "set", "digits", digits).exit_code == 0
    result = arabic_clinic(*CHECKIN, env={"COLUMNS": "80", "LIPCARE_RTL": "visual"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for number in (PHONE, OUT_OF_HOURS):
        [line] = [line for line in lines if number in line]  # on one line, left to right, as printed
        assert line.rstrip().endswith("│") and line.lstrip().startswith("│")
    # Lines are reordered by lipcare: nothing for the terminal to reorder or draw.
    assert not any(char in BIDI_CONTROLS for char in result.stdout)
    assert "0000 2735" not in result.stdout.replace(PHONE, "")


def test_english_output_has_no_isolates(cli: Cli) -> None:
    assert cli("settings", "set", "clinic-phone", PHONE).exit_code == 0
    result = cli(*CHECKIN)
    assert f"Phone: {PHONE}" in result.stdout
    assert not any(char in BIDI_CONTROLS for char in result.stdout)


def test_bidi_controls_in_outside_text_stay_escaped_inside_an_isolated_run() -> None:
    """The isolates are lipcare's own, added after escaping: a number from outside that carries its own
    controls (a right-to-left override, an isolate) has them escaped, and gets lipcare's around it."""
    out = terminal.console()
    with using(load("ar")), out.capture() as captured:
        out.print(terminal.said("الهاتف: {phone}", phone=terminal.ltr("+20\u202e 2\u2066 27")))
        out.print(Text("outside \u2066text\u2069"))
    text = captured.get()
    assert f"{LRI}+20\\u202e 2\\u2066 27{PDI}" in text
    assert "outside \\u2066text\\u2069" in text
    # Only lipcare's own isolates are raw (around the phone, and around the Latin run of the second line).
    assert {char for char in text if char in BIDI_CONTROLS} == {LRI, PDI} and text.count(LRI) == text.count(PDI) == 2


# --- Every left-to-right run, not only phones (issue 24: times, codes, file names, options) ---------------------

ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LATIN = re.compile("[A-Za-z0-9]")


def unisolated_latin(line: str) -> list[str]:
    """The Latin letters and digits of `line` outside lipcare's isolates (LRI…PDI) and date marks (LRM…LRM),
    after a run that starts the line (it sets the line's direction; protocol check's file:line is read by
    editors, so lipcare leaves it bare)."""
    outside = re.sub(r"^\s*[^\u0600-\u06ff\u2066\s][^\u0600-\u06ff\u2066]*", "", line)
    outside = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", outside)
    outside = re.sub("\u200e[^\u200e]*\u200e", "", outside)
    return LATIN.findall(outside)


def screen_goldens() -> list[Path]:
    """The Arabic golden files of what is printed for a person on a terminal (not files, JSON, data export's
    JSON or the help pages, which Click prints and the catalogue marks by hand)."""
    from test_golden import CASES, GOLDEN

    files = ("-o", "--json")
    names = {
        item.name
        for item in CASES
        if item.arabic and not any(arg in files for arg in item.args) and item.args[:2] != ("data", "export")
    }
    names.discard("help")
    return sorted(path for path in (GOLDEN / "ar").glob("*.txt") if path.name.split(".")[0] in names)


@pytest.mark.parametrize("path", screen_goldens(), ids=lambda path: path.name)
def test_no_latin_run_in_an_arabic_line_is_left_unisolated(path: Path) -> None:
    """A sweep over the Arabic goldens: a Latin or digit run inside an Arabic line (a time, mayo-expect, a file
    name, --pain, a command) is between LRI and PDI, so a bidi terminal never reorders it or its punctuation."""
    text = path.read_text(encoding="utf-8")
    stdout = text.split("--- stdout\n", 1)[1].split("--- stderr\n", 1)[0]
    stdout = re.sub("\u241b\\[[0-9;]*m", "", stdout)  # colour codes (ESC shown as its picture)
    if "# answers typed" in text:  # what was typed is echoed after each question: the patient's, not lipcare's
        stdout = re.sub(r"(?m)([\]):\u061f] )[^\u0600-\u06ff\n]*$", "", stdout)
    found = [line for line in stdout.splitlines() if ARABIC_LETTER.search(line) and unisolated_latin(line)]
    assert found == [], f"{path.name}: {found[:3]}"


def test_an_option_a_code_and_a_time_keep_their_order_on_a_bidi_terminal(cli: Cli) -> None:
    result = cli("timeline", "--lang", "ar", "--date", "2026-11-20", "--on", "2026-11-21", "--digits", "x")
    assert result.exit_code == 2  # no such option: an error, not a screen (errors are one line, checked apart)
    shown_lines = cli("info", "sources", "--lang", "ar", env={"COLUMNS": "100"}).stdout.splitlines()
    line = next(line for line in shown_lines if "mayo-expect" in line)
    assert f"{LRI}" in line and "mayo-expect" in shown(line)  # whole, never 'expect-mayo'
    western = cli("timeline", "--lang", "ar", "--date", "2026-11-20", env={"COLUMNS": "100"})
    assert western.exit_code == 0
    for line in western.stdout.splitlines():
        if "lipcare info course" in line.replace(LRI, "").replace(PDI, ""):
            assert "lipcare info course" in shown(line)


def test_painkillers_help_writes_its_number_in_arabic_digits(cli: Cli) -> None:
    shown_help = " ".join(cli("checkin", "--lang", "ar", "--help", env={"COLUMNS": "80"}).stdout.split())
    said = shown_help.split("--painkillers-no-help", 1)[1].split("--painkillers-not-taken", 1)[0]
    assert "بدرجة ٤" in said and "4" not in said
