"""What reaches the patient: one screen for the advice, any encoding, a pager, plain words."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Cli
from rich.cells import cell_len

from lipcare.commands.checkin import SYMPTOM_KEYS
from lipcare.protocol import load_protocol
from lipcare.text import encodable, spell

# A minimal check-in per command, so that every command has something to show.
COMMANDS = [
    ["--help"],
    ["info"],
    ["info", "warning-signs"],
    ["timeline"],
    ["timeline", "--date", "in 7 days", "--preview"],
    ["checkin", "--redness", "2", "--symptom", "fever", "--symptom", "eye"],
    ["checkin", "--redness", "1"],
    ["history"],
    ["history", "--all"],
    ["report", "-o", "-"],
    ["data", "path"],
    ["data", "export", "--format", "csv"],
    ["settings", "show"],
    ["settings", "set", "clinic-name", "Clinique Hélène · Lèvres"],
    ["settings", "unset", "clinic-name"],
    ["export", "ics", "-o", "-"],
    ["export", "sheet", "-o", "-"],
    ["protocol", "init", "-o", "-"],
    ["protocol", "show"],
    ["protocol", "check", str(Path(__file__).resolve().parent.parent / "data" / "protocol.toml")],
]


def remember(cli: Cli, date: str = "2026-11-21") -> None:
    result = cli("checkin", "--date", date, "--on", date, "--redness", "1", "--note", "Fièvre 38 °C → appelé")
    assert result.exit_code == 0, result.stderr


# --- the check-in's advice fits one 80x24 screen --------------------------------------------


def urgent_screen(cli: Cli, *language: str) -> list[str]:
    remember(cli)
    result = cli(
        *language,
        "checkin",
        "--redness",
        "3",
        "--swelling",
        "3",
        "--pain",
        "9",
        "-s",
        "fever",
        "-s",
        "pus",
        "-s",
        "worsening-pain",
        "-s",
        "spreading-redness",
        env={"COLUMNS": "80", "LINES": "24"},  # a real 80x24 terminal (Rich assumes 25 rows without LINES)
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_an_urgent_checkin_with_several_reasons_fits_80x24_without_a_phone(cli: Cli) -> None:
    lines = urgent_screen(cli)
    text = "\n".join(lines)
    assert len(lines) <= 24, text
    assert max(len(line) for line in lines) <= 80
    assert "Saved check-in" in text
    assert text.count("Contact your physician today") == 1
    assert "Do not wait for your next appointment" in text
    # The four signs share one bullet (their labels are long since issue 20), each said in full.
    assert text.count("You reported:") == 1
    flat = " ".join(text.replace("│", " ").split())
    for label in ("Fever of 38", "Thick, cloudy or smelly discharge", "Pain that is getting worse", "spreading beyond"):
        assert label in flat
    assert "out-of-hours medical service" in text and "emergency number" in text  # who to call when closed
    # Four long signs fill the screen, so the tip on adding the phone waits for a calmer check-in (below).
    # (another treatment's record, so the problems the urgent check-in left open are not carried into it)
    calmer = cli("checkin", "--date", "2026-11-02", "--redness", "1", "-s", "fever", env={"COLUMNS": "80"}).stdout
    assert 'lipcare settings set clinic-phone "NUMBER"' in calmer  # how to add the phone
    assert "lipcare info warning-signs" in text
    assert "Blisters or new small sores" not in text  # no full list of signs
    assert re.search(r"^Sources: \[\d+\] \w", text, re.M)
    # A source's number is its place in the protocol's [[sources]], the same in every output.
    numbers = dict((source, int(number)) for number, source in re.findall(r"\[(\d+)\] ([a-z0-9-]+)", text))
    listed = list(load_protocol().sources)
    assert numbers and all(listed.index(source) + 1 == number for source, number in numbers.items())


def test_an_urgent_checkin_with_the_clinics_phone_fits_80x24(cli: Cli) -> None:
    assert cli("settings", "set", "clinic-phone", "+44 20 7946 0000").exit_code == 0
    lines = urgent_screen(cli)
    text = "\n".join(lines)
    assert len(lines) <= 24, text
    assert "╭─ Contact your physician today" in "\n".join(lines[-23:])  # the box whole above the prompt
    assert "Your clinic's phone: +44 20 7946 0000" in text  # no name: one line says whose phone it is
    assert "out-of-hours medical service" in text  # no out-of-hours number is known
    assert "settings set clinic-phone" not in text
    assert cli("settings", "set", "clinic-out-of-hours-phone", "111").exit_code == 0
    text = "\n".join(urgent_screen(cli))
    assert "Out of hours: 111" in text and "out-of-hours medical service" not in text


@pytest.mark.parametrize("phones", [(), ("clinic-phone",), ("clinic-phone", "clinic-out-of-hours-phone")])
def test_an_arabic_urgent_checkin_fits_80x24_with_the_advice_visible(cli: Cli, phones: tuple[str, ...]) -> None:
    """The Arabic check-in also shows the translation's not-reviewed notice (two lines more than English): the
    box still fits whole on the 23 rows above the prompt, and what is printed fits 24."""
    for key in phones:
        assert cli("settings", "set", key, "+44 20 7946 0000").exit_code == 0
    lines = urgent_screen(cli, "--lang", "ar")
    text = "\n".join(lines)
    assert len(lines) <= 24, text
    assert max(cell_len(line) for line in lines) <= 80  # as the terminal counts: marks and vowel signs take no cell
    visible = "\n".join(lines[-23:])
    assert "╭─ تواصل مع طبيبك اليوم" in visible and "╰" in visible  # the whole box
    assert "لا تنتظر موعدك القادم" in visible
    assert "لم يراجع طبيب هذه الترجمة العربية" in text  # the not-reviewed notice is still said
    if phones:
        assert "+44 20 7946 0000" in visible


def test_the_worst_checkin_keeps_what_to_do_and_who_to_call_on_the_last_screen(cli: Cli) -> None:
    # Found by a patient trial: eleven reasons pushed "Seek care now" off an 80x24 terminal, which shows
    # the last lines printed. Now the signs share one bullet, and what to do is said again below the box.
    remember(cli, "2026-11-17")
    cli("checkin", "--on", "2026-11-21", "--redness", "1", "--swelling", "1", "--pain", "2", "--no-crusting")
    signs = ["worsening-pain", "spreading-redness", "eye", "fever", "pus"]
    result = cli(
        "checkin",
        "--on",
        "2026-11-23",
        "--redness",
        "2",
        "--swelling",
        "3",
        "--pain",
        "8",
        "--painkillers-no-help",
        "--crusting",
        *(arg for sign in signs for arg in ("-s", sign)),
        env={"COLUMNS": "80", "LINES": "24"},
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    screen = " ".join(" ".join(lines[-23:]).replace("│", " ").split())  # what 24 rows show above the prompt
    assert "Seek care now: Call your emergency number or go to the nearest emergency department now" in screen
    assert "call your local out-of-hours medical service" in screen and "emergency number" in screen
    everything = " ".join(result.stdout.replace("│", " ").split())
    said = (
        "Eye pain, sensitivity to light or any change in your vision",
        "Fever of 38",
        "Thick, cloudy or smelly discharge",
        "Pain is 8/10 on day 6, 6 points higher than 2/10",  # the rise, which also says the score
        "Swelling is 3/3 on day 6, up from 1/3",
    )
    for label in said:
        assert label in everything  # said in one bullet, never dropped
    assert everything.count("You reported:") == 1


def test_json_keeps_source_ids_and_says_what_to_do_in_one_sentence(cli: Cli) -> None:
    remember(cli)
    data = json.loads(cli("checkin", "--redness", "0", "-s", "fever", "--json").stdout)
    assert data["reason_sources"] == ["plasticsurgerync"]
    assert data["what_to_do"] == "Contact your physician today. Do not wait for your next appointment."


def test_a_calm_checkin_says_check_in_tomorrow_only_while_the_daily_checkins_run(cli: Cli) -> None:
    remember(cli, "2026-11-20")
    # a day can only match when all is answered
    every_answer = ("--swelling", "1", "--pain", "1", "--no-crusting", "--symptom", "none")
    within = cli("checkin", "--redness", "1", *every_answer).stdout
    assert "Matches the expected course" in within and "Check in again tomorrow" in within
    assert "Usual on day 4:" in within and "this protocol expects" not in within
    remember(cli, "2026-10-01")  # day 54: after the window
    after = cli("checkin", "--redness", "0", *every_answer).stdout
    assert "Matches the expected course" in after
    assert "tomorrow" not in after


def test_nothing_reassuring_is_said_about_darker_patches_or_fading_redness(cli: Cli) -> None:
    remember(cli, "2026-10-30")  # day 25
    out = cli("checkin", "--redness", "1").stdout
    assert "expects:" not in out and "redness fades" not in out and "watch for darker patches" not in out
    # Darker patches are to be watched for and reported, never listed as usual (issue 20).
    assert "darker patches" not in out.lower() and "Usual on day 25: redness." in " ".join(out.split())


# --- any output encoding ----------------------------------------------------------------


def run(args: list[str], home: Path, encoding: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LIPCARE_HOME": str(home), "PYTHONIOENCODING": encoding, "COLUMNS": "80", **env}
    environment.pop("LIPCARE_PROTOCOL", None)
    return subprocess.run(
        [sys.executable, "-m", "lipcare", *args],
        capture_output=True,
        encoding=encoding.split(":")[0],
        errors="strict",  # what lipcare wrote must be valid in the encoding it was given
        env=environment,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize(
    "encoding", ["ascii", pytest.param("latin-1", marks=pytest.mark.slow)]
)  # real processes: latin-1 in CI
def test_urgent_advice_reaches_a_terminal_that_is_not_utf8(tmp_path: Path, encoding: str) -> None:
    assert run(["checkin", "--date", "2026-11-21", "--redness", "1"], tmp_path, encoding).returncode == 0
    done = run(["checkin", "--redness", "2", "-s", "fever", "-s", "eye"], tmp_path, encoding)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Seek care now" in done.stdout and "emergency number" in done.stdout
    assert "Fever of 38 deg C (100.4 deg F)" in done.stdout if encoding == "ascii" else "38 °C" in done.stdout
    assert "+- Seek care now -" in done.stdout  # ASCII box lines
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80  # spelled before layout: boxes still close
    assert len({len(line) for line in lines if line.startswith(("|", "+"))}) == 1


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_every_command_prints_on_ascii_and_latin1(tmp_path: Path, encoding: str) -> None:
    assert (
        run(
            [
                "checkin",
                "--date",
                "2026-11-21",
                "--on",
                "2026-11-22",
                "--redness",
                "2",
                "--note",
                "Fièvre 38 °C → appelé • ok",
            ],
            tmp_path,
            encoding,
        ).returncode
        == 0
    )
    for args in COMMANDS:
        done = run(args, tmp_path, encoding)
        assert done.returncode == 0, (args, done.stderr)
        assert "does not know how to handle" not in done.stderr, args
        assert done.stdout or done.stderr, args
    words = {
        "info": "does not examine you",
        "timeline": "Redness window",
        "history": "Fi",  # the note, spelled as the encoding allows
    }
    for command, word in words.items():
        assert word in run([command], tmp_path, encoding).stdout, command


def test_characters_an_encoding_lacks_are_spelled() -> None:
    assert encodable("38 °C · ok • 1\u20132 → x", "ascii") == "38 deg C - ok * 1-2 -> x"
    assert encodable("38 °C · Hélène", "latin-1") == "38 °C · Hélène"
    assert encodable("Hélène ✓", "ascii") == "Helene ?"
    assert spell("╭") == "+" and spell("─") == "-"
    assert encodable("anything", "no-such-codec") == "anything"


# --- piped output: no trailing spaces, never a pager ----------------------------------------


@pytest.mark.parametrize("columns", [pytest.param("40", marks=pytest.mark.slow), "80"])  # every command twice: 40 in CI
def test_no_trailing_spaces_in_any_piped_output(cli: Cli, columns: str) -> None:
    remember(cli)
    for args in COMMANDS:
        if args[:2] == ["export", "ics"]:
            continue  # a calendar file folds long lines as RFC 5545 says, spaces included
        result = cli(*args, env={"COLUMNS": columns})
        assert result.exit_code == 0, (args, result.stderr)
        trailing = [line for line in result.stdout.splitlines() if line != line.rstrip()]
        assert trailing == [], args


def test_urls_are_never_broken_across_lines(cli: Cli) -> None:
    out = cli("info", "sources", env={"COLUMNS": "40"}).stdout
    protocol = load_protocol()
    for source in protocol.sources.values():
        if source.url:
            assert any(line.strip() == source.url for line in out.splitlines()), source.url


def test_wrapped_list_items_keep_their_hanging_indent(cli: Cli) -> None:
    out = cli("timeline", "--date", "2026-11-22", env={"COLUMNS": "40"}).stdout
    today_box = out.split("╰")[0].splitlines()
    box = [line for line in today_box if line.startswith("│")]
    bullets = [i for i, line in enumerate(box) if line.startswith("│ • ")]
    assert len(bullets) >= 5
    for start, end in zip(bullets, [*bullets[1:], len(box) - 1], strict=True):
        for line in box[start + 1 : end]:
            assert line.startswith("│   "), line  # continuation lines sit under the text, not the bullet


def pager_script(tmp_path: Path) -> tuple[str, Path]:
    """A pager that records what it was given and the LESS it ran with."""
    seen = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(
        "import os, sys\n"
        "data = sys.stdin.read()\n"
        f"open({str(seen)!r}, 'w', encoding='utf-8').write(os.environ.get('LESS', '') + '\\n' + data)\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}", seen


def test_piped_output_never_pages(tmp_path: Path) -> None:
    pager, seen = pager_script(tmp_path)
    done = run(["info"], tmp_path, "utf-8", LIPCARE_PAGER=pager)
    assert done.returncode == 0
    assert "What the procedure is" in done.stdout
    assert not seen.exists()


def run_in_terminal(args: list[str], home: Path, **env: str) -> str:
    """Run lipcare with a pseudo-terminal as stdout and return what the terminal showed."""
    import pty

    environment = {**os.environ, "LIPCARE_HOME": str(home), "COLUMNS": "80", "LINES": "24", **env}
    for name in ("LESS", "PAGER", "LIPCARE_PAGER", "NO_COLOR"):
        if name not in env:
            environment.pop(name, None)
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "lipcare", *args],
        stdout=child,
        stderr=child,
        stdin=subprocess.DEVNULL,
        env=environment,
        start_new_session=True,
    )
    os.close(child)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    while True:
        if not select.select([main], [], [], max(0.0, deadline - time.monotonic()))[0]:
            os.killpg(process.pid, signal.SIGKILL)  # a pager waiting for a key would wait for ever
            process.wait()
            os.close(main)
            shown = b"".join(chunks).decode("utf-8", "replace")
            raise AssertionError(f"lipcare {' '.join(args)} did not end within 60 s; the terminal shows:\n{shown}")
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(  # a real process at a terminal each: info in the everyday loop, all three in CI
    "command",
    [
        ["info"],
        *(
            pytest.param(command, marks=pytest.mark.slow)
            for command in (["timeline", "--date", "2026-11-22"], ["history"])
        ),
    ],
)
def test_long_output_on_a_terminal_goes_through_the_pager_from_the_top(tmp_path: Path, command: list[str]) -> None:
    run(["checkin", "--date", "2026-11-22", "--redness", "1"], tmp_path, "utf-8")
    pager, seen = pager_script(tmp_path)
    shown = run_in_terminal(command, tmp_path, LIPCARE_PAGER=pager, PAGER="false")
    assert seen.exists(), shown
    less, _, paged = seen.read_text(encoding="utf-8").partition("\n")
    assert less == "FRX"  # short output prints directly, colours pass, the screen is not cleared
    assert paged.startswith("\x1b") or paged.startswith(("CO2 laser", "lipcare ·")), paged[:80]
    assert "lipcare" in paged.splitlines()[0]  # the first screen is the top
    assert shown.strip() == ""  # everything went to the pager


def test_no_pager_and_cat_print_directly(tmp_path: Path) -> None:
    pager, seen = pager_script(tmp_path)
    shown = run_in_terminal(["info", "--no-pager"], tmp_path, LIPCARE_PAGER=pager)
    assert "What the procedure is" in shown and not seen.exists()
    shown = run_in_terminal(["info", "steps"], tmp_path, LIPCARE_PAGER="cat", PAGER=pager)
    assert "The steps" in shown and not seen.exists()


def test_pager_from_pager_and_less_options_kept(tmp_path: Path) -> None:
    pager, seen = pager_script(tmp_path)
    run_in_terminal(["info", "steps"], tmp_path, PAGER=pager, LESS="-R")
    assert seen.read_text(encoding="utf-8").startswith("-R\n")


def test_a_missing_pager_still_shows_the_output(tmp_path: Path) -> None:
    shown = run_in_terminal(["info", "steps"], tmp_path, LIPCARE_PAGER="no-such-pager-lipcare")
    assert "The steps" in shown


# --- words and commands -----------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["export"], ["data"], ["settings"], ["protocol"]])
def test_a_command_alone_prints_its_help(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    help_text = result.stderr
    assert help_text.startswith("Usage: lipcare")
    assert len(help_text.splitlines()) > 5
    assert "Commands" in help_text and "Error" not in help_text


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("pain", "Aftercare"),
        ("sun", "Aftercare"),
        ("rinse", "Aftercare"),
        ("swelling", "The expected course"),
        ("redness", "The expected course"),
        ("crusts", "The expected course"),
        ("signs", "Warning signs"),
        ("Warning signs", "Warning signs"),
        ("fevers", "Warning signs"),
    ],
)
def test_info_takes_the_words_people_type(cli: Cli, typed: str, title: str) -> None:
    result = cli("info", typed)
    assert result.exit_code == 0, result.stderr
    assert title in result.stdout


def test_info_pain_covers_relief_and_when_to_call(cli: Cli) -> None:
    out = cli("info", "pain").stdout
    assert "Showing aftercare and warning-signs for 'pain'." in out
    assert "Cool compresses" in out and "painkillers your clinic advised" in out
    assert "Pain that is getting worse" in out


def test_checkin_help_lists_the_symptom_keys(cli: Cli) -> None:
    out = cli("checkin", "--help").stdout
    for key in SYMPTOM_KEYS:
        assert key in out


def test_the_symptom_keys_in_help_are_the_default_protocols() -> None:
    assert tuple(sign.key for sign in load_protocol().warning_signs) == SYMPTOM_KEYS


# --- the timeline's day ------------------------------------------------------------------


def test_today_box_has_what_matters_today(cli: Cli) -> None:
    out = cli("timeline", "--date", "2026-11-22").stdout  # day 2 of 2026-11-24
    box = out.split("╰")[0]
    assert "Day 2: Tue 24 Nov" in box and "(that day)" not in box
    assert "Today: cold-water rinse" in box and "Next rinse: Tue 24 Nov at 12:00" in box
    assert "ointment your clinic recommends" in box
    assert "Do not pick" in box
    assert "Pain relief" in box and "Head raised at night" in box and "Antiviral medicine" in box
    assert "Cool compresses" not in box  # the first two days only: days 0 and 1
    assert "Usual at this stage: swelling and soreness; oozing; crusts; redness" in box
    assert "Asked about" not in out


def test_before_the_treatment_days_count_from_today_with_preparation(cli: Cli) -> None:
    out = cli("timeline", "--date", "in 7 days").stdout
    assert "Your treatment is in 7 days" in out
    assert "avoid direct sun until Thu 29 Dec 2026" not in out
    assert "67 days from today" in out  # sun avoidance ends 60 days after a treatment 7 days away
    assert "antiviral medicine" in out and "lip balm with SPF 30 or higher" in out and "ointment" in out
    assert "before and after" not in out or "whether or not you have ever had one" in out


def test_a_past_day_is_that_day_without_a_next_rinse(cli: Cli) -> None:
    out = cli("timeline", "--date", "2026-11-20", "--on", "2026-11-21").stdout
    assert "On that day: cold-water rinse" in out
    assert "Today:" not in out and "Next rinse" not in out
    assert "Showing the plan for Sat 21 Nov 2026 (2026-11-21), not for today." in out


# --- the treatment record never switches silently ----------------------------------------


def test_a_different_date_says_what_happened_and_how_to_go_back(cli: Cli) -> None:
    first = cli("timeline", "--date", "2026-11-01").stdout
    assert "Treatment date 2026-11-01 remembered" in first
    second = cli("timeline", "--date", "2026-11-10").stdout
    assert "New treatment record for 2026-11-10" in second
    assert "Your record of 2026-11-01 is kept" in second
    assert "lipcare timeline --date 2026-11-01" in second
    back = cli("timeline", "--date", "2026-11-01").stdout
    assert "Now using your earlier treatment record of 2026-11-01" in back
    same = cli("timeline", "--date", "2026-11-01").stdout
    assert "record" not in same.split("Treatment:")[0]
    scripted = cli("timeline", "--date", "2026-11-10", "--json")
    assert "New treatment record" not in scripted.stdout and "Now using" in scripted.stderr


def test_preview_looks_at_a_date_without_remembering_it(cli: Cli) -> None:
    cli("timeline", "--date", "2026-11-01")
    preview = cli("timeline", "--date", "2026-12-24", "--preview")
    assert preview.exit_code == 0
    assert "Your treatment is in 30 days" in preview.stdout and "not remembered" in preview.stdout
    assert json.loads(cli("timeline", "--json").stdout)["treatment_date"] == "2026-11-01"
    assert [row["treatment_date"] for row in json.loads(cli("history", "--all", "--json").stdout)["checkins"]] == []


@pytest.mark.skipif(not __import__("shutil").which("less"), reason="less is not installed")
def test_short_output_passes_through_the_real_less_and_returns(tmp_path: Path) -> None:
    # no pager chosen: less -FRX; told the terminal is UTF-8, as lipcare's output is (under LC_ALL=C, less would
    # show each box-drawing byte as <E2>..., the page would no longer fit, and less would wait for a key)
    shown = run_in_terminal(["info", "steps"], tmp_path, TERM="xterm", LC_ALL="C.UTF-8")
    assert "The steps" in shown and "local anaesthetic" in shown
