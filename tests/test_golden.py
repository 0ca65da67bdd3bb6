"""Golden outputs: what every command prints, in English and in Arabic, on an 80x24 screen, piped (no colour) and on
a colour terminal, byte for byte, from a fixed journal and a fixed clock.

Each case is also run with --plain before the command, on the colour terminal (`NAME.reader.txt`): what a screen
reader is given, with no boxes, symbols or colour codes (test_plain.py checks the characters).

Each case is one text file in tests/golden/cli/<language>/, starting with the command line that makes it; a
colour terminal's escape character and the other control characters are shown as their Unicode pictures
(ESC as "␛", CR as "␍"), so that a diff of a golden file reads like the screen. A change of output fails the
test with the difference. When the change is meant, write the files again and review the diff before
committing it:

    LIPCARE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py && git diff tests/golden/cli

A missing golden file fails too (with that command): nothing is ever written without the flag.

What would differ by machine or run is made the same: the journal folder is the relative `lipcare-home`
(inside the test's own working folder, so that a long temporary path never changes how a line wraps), the
folder of lipcare's own data files is shown as `<lipcare data>`, the version as `<version>`, the times read
from the system's clock as `<time of the run>`, the ids made from the journal's random id as `<uuid N>`, and
the embedded fonts by their size and digest. The clock is conftest's (24 November 2026, 10:30). Rich's own
environment variables are cleared, so that the machine's terminal does not change the colour cases.

A refactoring leaves every file as it was. A change of wording, layout or translation changes some, and the
diff of the golden files is part of that change's review.
"""

from __future__ import annotations

import builtins
import difflib
import functools
import hashlib
import os
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import clitree
import pytest
from conftest import MOMENT, NOW, TODAY, Cli, as_a_process_meets_it
from typer.testing import CliRunner

import lipcare.commands.common
import lipcare.scheduler
from lipcare import __version__, clock
from lipcare.protocol import default_protocol_path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "cli"
UPDATE = os.environ.get("LIPCARE_UPDATE_GOLDEN") == "1"
HOW_TO_UPDATE = "LIPCARE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py, then review git diff tests/golden/cli"
HOME = "lipcare-home"
WIDTH, HEIGHT = "80", "24"
COLOUR = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
RICH_SETTINGS = ("COLORTERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "TERM")


class Case(NamedTuple):
    name: str
    """The golden file's name, without language and mode."""
    args: tuple[str, ...]
    colour: bool = True
    """Also on a colour terminal (not for JSON, HTML, CSV or calendar output, which never has colour)."""
    typed: str | None = None
    """Answers typed at a terminal, one a line (the questions of `lipcare checkin`)."""
    arabic: bool = True


def case(name: str, *args: str, colour: bool = True, typed: str | None = None, arabic: bool = True) -> Case:
    return Case(name, args, colour, typed, arabic)


#: The journal every case starts from: a treatment on 1 November 2026 and three check-ins (one with a
#: note, one with pain and a warning sign), a clinic's name and phone, at 80 columns.
JOURNAL = [
    ["checkin", "--date", "2026-11-01", "--on", "2026-11-02", "--redness", "2", "--swelling", "2", "--pain", "3"],
    ["checkin", "--on", "2026-11-05", "--redness", "1", "--swelling", "1", "--pain", "2", "--note", "a little dry"],
    ["checkin", "--on", "2026-11-10", "--redness", "2", "--pain", "8", "--symptom", "fever"],
    ["settings", "set", "clinic-name", "Lip Clinic"],
    ["settings", "set", "clinic-phone", "+44 20 7946 0000"],
    ["appointment", "add", "2026-11-08", "--past", "--note", "first follow-up"],
    ["appointment", "add", "2026-12-01", "09:30", "--where", "Lip Clinic"],
]
CHECKIN = ("checkin", "--redness", "2", "--swelling", "1", "--pain", "6", "--painkillers-help", "--crusting")

CASES = [
    # The root and its errors
    case("help", "--help", colour=False),
    case("no-command", colour=False),
    case("version", "--version", colour=False, arabic=False),
    case("unknown-command", "nosuch", colour=False),
    case("did-you-mean", "chekin", colour=False),
    # info
    case("info", "info"),
    case("info-warning-signs", "info", "warning-signs"),
    case("info-json", "info", "course", "--json", colour=False),
    case("info-unknown-topic", "info", "nosuch", colour=False),
    # timeline
    case("timeline", "timeline", "--no-pager"),
    case("timeline-day-2", "timeline", "--on", "2026-11-03"),
    case("timeline-before", "timeline", "--on", "2026-10-25"),
    case("timeline-months-on", "timeline", "--on", "2027-02-10"),
    case("timeline-preview", "timeline", "--preview", "--date", "2026-11-20", "--time", "14:30"),
    case("timeline-json", "timeline", "--on", "2026-11-03", "--json", colour=False),
    case("timeline-bad-date", "timeline", "--date", "2026-02-30", colour=False),
    # checkin
    case("checkin-options", *CHECKIN, "--symptom", "none"),
    case("checkin-warning-sign", "checkin", "--redness", "1", "--symptom", "fever", "--symptom", "pus"),
    case("checkin-json", *CHECKIN, "--json", colour=False),
    case("checkin-earlier-day", "checkin", "--on", "2026-11-20", "--redness", "1", "--note", "better"),
    case("checkin-typed", "checkin", typed="y\n2\n1\n6\ny\ny\n\nstill sore\n\n"),
    case("checkin-contacted", "checkin", "--contacted", "--redness", "1", "--pain", "2"),
    case("checkin-bad-score", "checkin", "--redness", "x", colour=False),
    case("checkin-out-of-range", "checkin", "--redness", "7", colour=False),
    case("checkin-unknown-option", "checkin", "--bogus", colour=False),
    # history
    case("history", "history", "--no-pager"),
    case("history-all", "history", "--all"),
    case("history-limit", "history", "--limit", "1"),
    case("history-json", "history", "--json", colour=False),
    # report and export: files, so no colour
    case("report", "report", "-o", "-", colour=False),
    case("report-no-photos", "report", "-o", "-", "--no-photos", "--patient-name", "Sam Doe", colour=False),
    case("export-ics", "export", "ics", "-o", "-", colour=False),
    case("export-sheet", "export", "sheet", "-o", "-", colour=False),
    case("export-fhir", "export", "fhir", "-o", "-", colour=False),
    case("export-ics-file", "export", "ics", "-o", "plan.ics"),
    case("export-file-exists", "export", "sheet", "-o", HOME + "/settings.json", colour=False),
    # data
    case("data", "data", colour=False),
    case("data-path", "data", "path"),
    case("data-export", "data", "export", colour=False),
    case("data-export-csv", "data", "export", "--format", "csv", colour=False),
    case("data-export-zip-needs-file", "data", "export", "--format", "zip", colour=False),
    case("data-erase-asks", "data", "erase", colour=False),
    case("data-erase", "data", "erase", "--yes"),
    case("data-erase-everything-asks", "data", "erase", "--everything", colour=False),
    case("data-erase-everything", "data", "erase", "--everything", "--yes", colour=False),
    case("data-erase-json", "data", "erase", "--yes", "--json", colour=False),
    case("data-encrypt-needs-terminal", "data", "encrypt", colour=False),
    case("data-decrypt-not-encrypted", "data", "decrypt", colour=False),
    case("data-passphrase-not-encrypted", "data", "passphrase", colour=False),
    case("data-recover-not-encrypted", "data", "recover", colour=False),
    case("data-forget", "data", "forget", colour=False),
    case("data-lock", "data", "lock", colour=False),
    # settings
    case("settings-show", "settings", "show"),
    case("settings-show-json", "settings", "show", "--json", colour=False),
    case("settings-set", "settings", "set", "clinic-out-of-hours-phone", "111"),
    case("settings-set-unknown", "settings", "set", "colour", "blue", colour=False),
    case("settings-unset", "settings", "unset", "clinic-name"),
    # photo
    case("photo-list", "photo", "list"),
    case("photo-list-json", "photo", "list", "--json", colour=False),
    case("photo-add-missing-file", "photo", "add", "missing.jpg", colour=False),
    case("photo-remove-unknown", "photo", "remove", "abc", colour=False),
    # remind
    case("remind", "remind", colour=False),
    case("remind-install", "remind", "install"),
    case("remind-status", "remind", "status"),
    case("remind-status-json", "remind", "status", "--json", colour=False),
    case("remind-remove", "remind", "remove"),
    case("remind-due", "remind", "due", colour=False),
    case("remind-due-bad-time", "remind", "due", "--now", "noon", colour=False),
    # appointment
    case(
        "appointment-add",
        "appointment",
        "add",
        "2026-12-10",
        "10:30",
        "--note",
        "check the healing",
        "--where",
        "Lip Clinic",
    ),
    case("appointment-add-past", "appointment", "add", "2026-11-20", colour=False),
    case("appointment-add-bad-time", "appointment", "add", "tomorrow", "9.30", colour=False),
    case("appointment-list", "appointment", "list"),
    case("appointment-list-json", "appointment", "list", "--json", colour=False),
    case("appointment-remove-unknown", "appointment", "remove", "7", colour=False),
    # medicine
    case("medicine-list", "medicine", "list"),
    case("medicine-list-json", "medicine", "list", "--json", colour=False),
    case(
        "medicine-add",
        "medicine",
        "add",
        "Paracetamol",
        "--times",
        "08:00,20:00",
        "--to",
        "day 30",
        "--dose",
        "1 tablet",
    ),
    case("medicine-add-antiviral", "medicine", "add", "antiviral", "--times", "09:00,21:00", colour=False),
    case("medicine-add-bad-time", "medicine", "add", "Paracetamol", "--times", "8pm", "--to", "3", colour=False),
    case("medicine-remove-unknown", "medicine", "remove", "aspirin", colour=False),
    # completion
    case("completion-bash", "completion", "bash", colour=False, arabic=False),
    case("completion-no-shell", "completion", colour=False),
    # protocol
    case("protocol-show", "protocol", "show"),
    case("protocol-show-rules", "protocol", "show", "--rules"),
    case("protocol-show-json", "protocol", "show", "--json", colour=False),
    case("protocol-check", "protocol", "check", "clinic.toml"),
    case("protocol-check-missing", "protocol", "check", "missing.toml", colour=False),
    case("protocol-init", "protocol", "init", "clinic-new.toml"),
    case("protocol-init-translation", "protocol", "init", "--translation", "ar", "clinic-new.ar.toml"),
    case("protocol-check-toml-mistake", "protocol", "check", "clinic-typo.toml", colour=False),
]
#: A clinic's file with the routine TOML mistake of text without quotes.
TYPO_TOML = "format = 1\n[clinic]\nname = Nile Lip Clinic\n"
#: A clinic's partial protocol with two mistakes, for `protocol check`.
CLINIC_TOML = """format = 1
[protocol]
id = "lip-clinic"
name = "Lip Clinic protocol"
version = "2"
[redness]
window_days = "sixty"
[rinse]
until_day = 400
"""
LANGUAGES = {"en": (), "ar": ("--lang", "ar")}
#: The help of every command and group, read from the command tree: a new command has its help page here
#: without an edit (and test_every_command_has_a_golden_case asks for a case of its own).
HELP_CASES = [
    case("help-" + "-".join(path), *path, "--help", colour=False)
    for path in [*clitree.groups(), *(command.path for command in clitree.commands())]
]


def _cases() -> Iterator[Any]:
    for item in [*CASES, *HELP_CASES]:
        for language, prefix in LANGUAGES.items():
            if language == "ar" and not item.arabic:
                continue
            for mode in ("plain", "colour", "reader") if item.colour else ("plain", "reader"):
                if mode == "reader" and item in HELP_CASES:
                    continue  # help pages are text already: --plain changes nothing in them
                yield pytest.param(item, prefix, mode, id=f"{language}/{item.name}.{mode}")


def golden_file(language: str, name: str, mode: str) -> Path:
    return GOLDEN / language / f"{name}.{mode}.txt"


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The journal of JOURNAL, made once; each case works on its own copy."""
    home = tmp_path_factory.mktemp("golden") / HOME
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: TODAY)
        patch.setattr(clock, "now", lambda: NOW)
        patch.setattr(clock, "moment", lambda: MOMENT)
        patch.setenv("LIPCARE_HOME", str(home))
        cli = Cli()
        for args in JOURNAL:
            result = cli(*args, env={"COLUMNS": WIDTH, "LINES": HEIGHT})
            assert result.exit_code == 0, (args, result.stderr)
    return home


#: Read from the system's clock, not lipcare.clock, so they are the time of the run: when a check-in was saved
#: (journal.py) and when a calendar was made (render/ics.py). lipcare.clock's moment is kept as it is.
RUN_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d|Z)")
ICS_STAMP = re.compile(r"DTSTAMP:\d{8}T\d{6}Z")
#: Each journal has its own random id, and the FHIR ids are made from it: numbered in the order they appear, so
#: that a reference still visibly points at its resource.
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
#: A file embedded in a page (the fonts of the report): its digest says whether it changed, not 80,000 characters.
EMBEDDED = re.compile(r"base64,([A-Za-z0-9+/=]{200,})")
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
PICTURES = re.compile("[\u2400-\u2421]")


def shown(text: str) -> str:
    """`text` with each control character but the line break as its Unicode picture: ESC as ␛, CR as ␍."""
    assert not PICTURES.search(text), "the output has a control picture of its own: the golden file would lie"
    return CONTROL.sub(lambda found: "\u2421" if found[0] == "\x7f" else chr(0x2400 + ord(found[0])), text)


def normalised(text: str, places: dict[str, str]) -> str:
    """`text` with what differs by machine or run replaced, also where Rich folded a long path over two lines."""
    for path, name in places.items():
        # A path too long for its line starts a line of its own ("From:" above it) and is folded over two:
        # as it is shown with a short path, on one line after its label.
        # In Arabic each line of it is isolated: a fold there is PDI, line break, LRI.
        folded = "( ?\n)?(\u2066?)" + "(?:\u2069?\n\u2066?)?".join(re.escape(char) for char in path)
        text = re.sub(folded, functools.partial(unfolded, name), text)
    text = RUN_TIME.sub(lambda found: found[0] if found[0] == MOMENT.isoformat() else "<time of the run>", text)
    text = ICS_STAMP.sub("DTSTAMP:<time of the run>", text)
    numbers: dict[str, int] = {}
    text = UUID.sub(lambda found: f"<uuid {numbers.setdefault(found[0], len(numbers) + 1)}>", text)
    text = EMBEDDED.sub(lambda found: f"base64,<{len(found[1])} characters, sha256 {sha256(found[1])}>", text)
    return text.replace(f"lipcare {__version__}", "lipcare <version>")


def unfolded(name: str, found: re.Match[str]) -> str:
    return (" " if found[1] else "") + found[2] + name


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:16]


def block(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n⏎ (no line break at the end)\n"


def golden(command: str, typed: str | None, code: int, out: str, err: str) -> str:
    """The golden file: how to run it, then the exit code, standard output and standard error."""
    lines = [f"$ {command}"]
    if typed is not None:
        lines.append("# answers typed at the terminal (echoed as a terminal does), one a line: " + repr(typed))
    lines.append(f"# exit {code}")
    return "\n".join(lines) + "\n--- stdout\n" + block(out) + "--- stderr\n" + block(err)


def compare(path: Path, expected: str) -> None:
    """Write `expected` with the update flag; without it, fail with the difference (or the missing file)."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected, encoding="utf-8", newline="")
        return
    where = path.relative_to(ROOT)
    assert path.is_file(), f"no golden file {where}: make it with {HOW_TO_UPDATE}"
    with path.open(encoding="utf-8", newline="") as file:
        saved = file.read()
    if saved != expected:
        diff = difflib.unified_diff(saved.splitlines(), expected.splitlines(), str(where), "now", lineterm="")
        pytest.fail(f"the output changed: if it is meant, {HOW_TO_UPDATE}\n" + "\n".join(list(diff)[:80]))


@pytest.mark.parametrize(("item", "prefix", "mode"), list(_cases()))
def test_golden_output(
    item: Case, prefix: tuple[str, ...], mode: str, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    shutil.copytree(journal, work / HOME)
    (work / "clinic.toml").write_text(CLINIC_TOML, encoding="utf-8")
    (work / "clinic-typo.toml").write_text(TYPO_TOML, encoding="utf-8")
    monkeypatch.chdir(work)
    monkeypatch.setenv("LIPCARE_HOME", HOME)
    monkeypatch.setattr(lipcare.scheduler, "systemd_dir", lambda: work / "config" / "systemd" / "user")
    for name in RICH_SETTINGS:  # the machine's own terminal says nothing here
        monkeypatch.delenv(name, raising=False)
    if item.typed is not None:
        monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)
        real_input = builtins.input

        def echoed(prompt: str = "") -> str:
            line = real_input(prompt)
            sys.stdout.write(line + "\n")  # what a terminal shows as it is typed
            return line

        monkeypatch.setattr(builtins, "input", echoed)
    env = {"COLUMNS": WIDTH, "LINES": HEIGHT, **(COLOUR if mode != "plain" else {})}
    args = [*(("--plain",) if mode == "reader" else ()), *prefix, *item.args]
    result = CliRunner().invoke(as_a_process_meets_it(), args, input=item.typed, env=env)
    places = {str(default_protocol_path().parent): "<lipcare data>", str(work): "$PWD"}
    out, err = (shown(normalised(text, places)) for text in (result.stdout, result.stderr))
    command = " ".join([*(f"{name}={value}" for name, value in env.items()), "lipcare", *map(shlex.quote, args)])
    expected = golden(command + (" | cat" if mode == "plain" else ""), item.typed, result.exit_code, out, err)
    compare(golden_file("ar" if prefix else "en", item.name, mode), expected)


def test_every_command_has_a_golden_case() -> None:
    """Beyond its help page: a new command fails here until CASES shows what it prints."""
    shown_by = {tuple(item.args[: len(command.path)]) for item in CASES for command in clitree.commands()}
    assert [command.path for command in clitree.commands() if command.path not in shown_by] == []


def test_every_golden_file_belongs_to_a_case() -> None:
    """A file left behind by a removed or renamed case fails here (the update flag deletes it)."""
    made = set()
    for param in _cases():
        item, prefix, mode = param.values
        made.add(golden_file("ar" if prefix else "en", item.name, mode))
    left = sorted(path for path in GOLDEN.rglob("*") if path.is_file() and path not in made)
    if UPDATE:
        for path in left:
            path.unlink()
        return
    assert [str(path.relative_to(ROOT)) for path in left] == [], f"remove them, or run {HOW_TO_UPDATE}"
