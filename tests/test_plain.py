"""Plain output for screen readers (--plain, LIPCARE_PLAIN, TERM=dumb), and the options of the whole run (--plain,
--no-pager, --lang, --rtl) before the command and on every command."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import clitree
import pytest
from test_golden import CASES, GOLDEN

#: What a screen reader reads out as noise, or a dumb terminal cannot show: box drawing and block elements,
#: bullets and dots, ticks and crosses, arrows, footnote numbers, "[now]"-style marks, and colour codes (the
#: golden files show ESC as its picture, U+241B).
NOISE = re.compile(
    r"[\u2500-\u259f\u2022\u00b7\u2713\u2714\u2717\u2718\u2190-\u21ff\u25a0-\u25ff\u241b]|\[\d+\]"
    r"|\[(now|past|ahead|مضى|الآن|قادم)\]"
)
#: Screens: what is printed for a person. Files (-o -) and JSON are for programs, and keep their own format.
SCREENS = [item for item in CASES if "-o" not in item.args and "--json" not in item.args]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("item", SCREENS, ids=lambda item: item.name)
def test_plain_screens_have_no_boxes_symbols_or_colour(item: Any, language: str) -> None:
    path = GOLDEN / language / f"{item.name}.reader.txt"
    if not item.arabic and language == "ar":
        pytest.skip("no Arabic case")
    text = path.read_text(encoding="utf-8")
    assert re.search(r" lipcare --plain( |$)", text.splitlines()[0])
    found = [(number, line) for number, line in enumerate(text.splitlines(), 1) if NOISE.search(line)]
    assert found == [], f"{path.name}: {found[:5]}"


def test_the_reader_files_are_made_on_a_colour_terminal() -> None:
    """Colour is asked for (FORCE_COLOR) and still not given: --plain turns it off."""
    first = (GOLDEN / "en" / "timeline.reader.txt").read_text(encoding="utf-8").splitlines()[0]
    assert "FORCE_COLOR=1" in first and "| cat" not in first


def test_plain_says_the_advice_first_and_the_same_words(cli: Any) -> None:
    cli("checkin", "--date", "2026-11-20", "--redness", "1", env={"LIPCARE_PLAIN": "0"})
    boxed = cli("checkin", "--redness", "2", "--symptom", "fever", "--pain", "8")
    plain = cli("checkin", "--plain", "--redness", "2", "--symptom", "fever", "--pain", "8")
    assert boxed.exit_code == plain.exit_code == 0
    lines = plain.stdout.splitlines()
    assert lines[0] == "Contact your physician today"  # the advice's title, then what to do
    assert lines[1].startswith("Do not wait")
    assert "╭" in boxed.stdout and not NOISE.search(plain.stdout)
    words = re.compile(r"[A-Za-z]{4,}")
    assert sorted(words.findall(boxed.stdout)) == sorted(words.findall(plain.stdout))


@pytest.mark.parametrize(
    ("env", "args"),
    [({"LIPCARE_PLAIN": "1"}, ()), ({"TERM": "dumb"}, ()), ({}, ("--plain",)), ({"LIPCARE_PLAIN": "yes"}, ())],
)
def test_plain_is_asked_for_by_option_variable_or_dumb_terminal(
    cli: Any, env: dict[str, str], args: tuple[str, ...]
) -> None:
    result = cli(*args, "timeline", "--date", "2026-11-20", "--preview", env=env)
    assert result.exit_code == 0, result.stderr
    assert "Warning signs" in result.stdout and not NOISE.search(result.stdout)


def test_lipcare_plain_0_leaves_the_boxes(cli: Any) -> None:
    result = cli("timeline", "--date", "2026-11-20", "--preview", env={"LIPCARE_PLAIN": "0", "TERM": "dumb"})
    assert "╭" in result.stdout


def test_plain_history_says_the_redness_in_words(cli: Any) -> None:
    cli("checkin", "--date", "2026-11-01", "--on", "2026-11-02", "--redness", "2")
    cli("checkin", "--on", "2026-11-05", "--redness", "1")
    cli("checkin", "--on", "2026-11-05", "--redness", "3", "--note", "worse at night")
    result = cli("history", "--plain")
    assert "- day 1: 2\n- day 4: 3\n" in result.stdout
    assert "The redness window ends on day 28." in result.stdout
    assert not NOISE.search(result.stdout) and "█" in cli("history").stdout


# --- The options of the whole run ---------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize(
    "option", [("--plain",), ("--no-pager",), ("--lang", "ar"), ("--rtl", "visual"), ("--rtl", "logical")]
)
def test_run_options_before_or_after_the_command(cli: Any, option: tuple[str, ...], where: str) -> None:
    command = ("timeline", "--date", "2026-11-20", "--preview")
    args = (*option, *command) if where == "before" else (*command, *option)
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    if option == ("--plain",):
        assert "╭" not in result.stdout
    if "ar" in option:
        assert "اليوم" in result.stdout


@pytest.mark.parametrize("options", [("--plain",), ("--lang", "ar"), ("--lang=ar", "--no-pager"), ("--rtl", "auto")])
def test_run_options_alone_show_the_help_as_bare_lipcare_does(cli: Any, options: tuple[str, ...]) -> None:
    bare = cli()
    result = cli(*options)
    assert result.exit_code == bare.exit_code == 2  # the help, on stderr, as Click gives it for a bare group
    assert result.stdout == bare.stdout == ""
    assert "COMMAND" in result.stderr and "timeline" in result.stderr and "Error" not in result.stderr
    assert ("تذكيرات العناية" in result.stderr) == ("ar" in " ".join(options))


@pytest.mark.parametrize("args", [("--lang",), ("--plain", "--lang"), ("--plain=1",), ("--plain", "nonsense")])
def test_run_options_alone_but_wrong_are_still_usage_errors(cli: Any, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2 and result.stderr.startswith("Error:") and not result.stdout


def test_run_options_between_a_group_and_its_command(cli: Any) -> None:
    result = cli("appointment", "--plain", "--lang", "ar", "list")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() and result.stdout.isascii() is False


def test_rtl_visual_before_the_command_reorders_arabic(cli: Any) -> None:
    logical = cli("--lang", "ar", "timeline", "--date", "2026-11-20", "--preview")
    visual = cli("--lang", "ar", "--rtl", "visual", "timeline", "--date", "2026-11-20", "--preview")
    assert visual.exit_code == 0, visual.stderr
    assert visual.stdout != logical.stdout


def test_every_command_accepts_the_run_options() -> None:
    for command in clitree.commands():
        names = {name for option in command.options for name in option.names}
        missing = {"--plain", "--no-pager", "--lang", "--rtl"} - names
        assert not missing, (command.path, missing)


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "ar", "--rtl", "sideways", "info"),
        ("--rtl=sideways", "info"),  # English: the option changes nothing, but a mistyped one is still said
        ("timeline", "--date", "2026-11-20", "--rtl", "sideways"),
    ],
)
def test_a_bad_rtl_is_a_usage_error_in_every_language(cli: Any, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert "--rtl" in result.stderr and "'sideways'" in result.stderr


def test_the_root_help_lists_lipcare_plain(cli: Any) -> None:
    shown = cli("--help").stdout
    assert "LIPCARE_PLAIN" in shown and "--plain" in shown and "--no-pager" in shown


def test_the_golden_reader_files_exist() -> None:
    assert len(list(Path(GOLDEN).rglob("*.reader.txt"))) >= 2 * len(SCREENS) - 5
