"""Issue 10: hostile folders, files, text and streams. One test (or case) per finding of the review.

Private data stays private, erase means erased, outside text is inert, protocol files have limits,
output cannot be hijacked, broken streams get a specific answer, history costs the same at any size.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MOMENT, Cli
from hypothesis import given
from hypothesis import strategies as st

import lipcare.commands.common
from lipcare.protocol import MAX_FILE_BYTES, check_protocol, default_protocol_path, load_protocol
from lipcare.render.ics import to_ics
from lipcare.text import UNSAFE, inert, json_safe
from lipcare.timeline import build_timeline

LIPCARE = [sys.executable, "-m", "lipcare"]
GENERIC = "does not know how to handle"
#: What an attacker puts in a note, a setting or a protocol: a screen clear, an OSC 8 link, a bidi
#: override, a C1 CSI and a bell.
HOSTILE = "a\x1b[2J\x1b]8;;http://evil.invalid\x07click\x1b]8;;\x07\u202eevil\u2066\x9b31m\x7f\x07z"
RAW = ("\x1b", "\u202e", "\u2066", "\x9b", "\x7f", "\x07")
NOBODY = 65534
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


def no_raw_controls(text: str) -> None:
    found = [char for char in RAW if char in text]
    assert found == [], (found, text[-300:])


def run(home: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIPCARE_")}
    env.update(LIPCARE_HOME=str(home), COLUMNS="120")
    return subprocess.run([*LIPCARE, *args], capture_output=True, text=True, env=env, timeout=120, **kwargs)  # type: ignore[call-overload, no-any-return]


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_mode, p.read_bytes() if p.is_file() else b"")
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def journal(cli: Cli, lipcare_home: Path) -> Path:
    result = cli("checkin", "--date", "2026-11-20", "--redness", "1", "--note", "kept")
    assert result.exit_code == 0, result.stderr
    return lipcare_home / "journal.sqlite3"


def one_line_error(result: object, *words: str) -> str:
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 1, (result.exit_code, stderr)  # type: ignore[attr-defined]
    assert GENERIC not in stderr and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    for word in words:
        assert word in stderr, (word, stderr)
    return stderr


# --- the data folder ------------------------------------------------------------------------------


def test_every_folder_lipcare_makes_is_0700_under_umask_0(tmp_path: Path) -> None:
    home = tmp_path / "a" / "b" / "lipcare"
    done = subprocess.run(
        [*LIPCARE, "timeline", "--date", "2026-11-01"],
        capture_output=True,
        text=True,
        env={**os.environ, "LIPCARE_HOME": str(home)},
        preexec_fn=lambda: os.umask(0),
    )
    assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b", home):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_missing_parents_of_the_default_location_are_0700(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LIPCARE_", "XDG_"))}
    env["HOME"] = str(tmp_path)
    done = subprocess.run(
        [*LIPCARE, "timeline", "--date", "2026-11-01"],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=lambda: os.umask(0),
    )
    assert done.returncode == 0, done.stderr
    made = [tmp_path / ".local", tmp_path / ".local" / "share", tmp_path / ".local" / "share" / "lipcare"]
    assert [oct(stat.S_IMODE(folder.stat().st_mode)) for folder in made] == [oct(0o700)] * 3
    assert (made[-1] / "journal.sqlite3").exists()


COMMANDS = [
    ["checkin", "--redness", "2"],
    ["history"],
    ["timeline"],
    ["data", "export"],
    ["settings", "set", "clinic-phone", "1"],
    ["report", "-o", "-"],
]


def test_a_folder_others_can_change_is_refused_and_left_alone(cli: Cli, journal: Path, lipcare_home: Path) -> None:
    lipcare_home.chmod(0o777)
    before = tree(lipcare_home)
    for command in COMMANDS:
        one_line_error(cli(*command), str(lipcare_home), "chmod 700")
        assert tree(lipcare_home) == before, command


@root_only
def test_a_folder_of_another_user_is_refused(cli: Cli, journal: Path, lipcare_home: Path) -> None:
    os.chown(lipcare_home, NOBODY, NOBODY)
    before = tree(lipcare_home)
    for command in COMMANDS:
        one_line_error(cli(*command), str(lipcare_home), "not to you")
    assert tree(lipcare_home) == before


@pytest.mark.parametrize("name", ["journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3-shm", "settings.json"])
@pytest.mark.parametrize("how", ["group-writable", "world-readable", "another user"])
def test_a_private_file_open_to_others_is_refused_before_sqlite_opens_it(
    cli: Cli, journal: Path, lipcare_home: Path, name: str, how: str
) -> None:
    path = lipcare_home / name
    if not path.exists():  # a planted -wal or -shm, or settings
        path.write_bytes(b"{}" if name == "settings.json" else b"planted")
        path.chmod(0o600)
    if how == "another user":
        if os.geteuid() != 0:
            pytest.skip("giving a file to another user needs root")
        os.chown(path, NOBODY, NOBODY)
    else:
        path.chmod(0o620 if how == "group-writable" else 0o604)
    before = tree(lipcare_home)
    for command in COMMANDS:
        one_line_error(cli(*command), str(path))
        assert tree(lipcare_home) == before, command


def test_a_photo_folder_others_can_change_is_refused(cli: Cli, journal: Path, lipcare_home: Path) -> None:
    photos = lipcare_home / "photos"
    photos.mkdir(mode=0o700)
    photos.chmod(0o777)
    before = tree(lipcare_home)
    for command in COMMANDS[:4]:
        one_line_error(cli(*command), str(photos), "chmod 700")
    assert tree(lipcare_home) == before


def test_a_journal_that_is_a_symlink_is_refused(cli: Cli, journal: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite3"
    journal.rename(elsewhere)
    journal.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    for command in COMMANDS[:4]:
        one_line_error(cli(*command), "symbolic link", str(elsewhere))
    assert elsewhere.read_bytes() == before and journal.is_symlink()


# --- erase means erased ---------------------------------------------------------------------------


def test_erase_refuses_a_symlinked_journal_and_names_where_the_data_is(cli: Cli, journal: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "real.sqlite3"
    journal.rename(elsewhere)
    journal.symlink_to(elsewhere)
    result = cli("data", "erase", "--yes")
    one_line_error(result, str(elsewhere), "Nothing was deleted")
    assert "Deleted" not in result.stdout
    assert elsewhere.exists() and journal.is_symlink()


def test_erase_refuses_a_photo_folder_that_is_a_link(
    cli: Cli, journal: Path, lipcare_home: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "real-photos"
    elsewhere.mkdir()
    (elsewhere / "a.jpg").write_bytes(b"photo")
    (lipcare_home / "photos").symlink_to(elsewhere)
    result = cli("data", "erase", "--yes")
    one_line_error(result, str(elsewhere), "Nothing was deleted")
    assert (elsewhere / "a.jpg").exists() and journal.exists()


def test_erase_refuses_a_journal_with_another_name(cli: Cli, journal: Path, tmp_path: Path) -> None:
    os.link(journal, tmp_path / "copy.sqlite3")
    result = cli("data", "erase", "--yes")
    one_line_error(result, "hard link", "Nothing was deleted")
    assert journal.exists()


def test_erase_removes_wal_and_shm_and_settings_only_on_request(cli: Cli, journal: Path, lipcare_home: Path) -> None:
    assert cli("settings", "set", "clinic-phone", "123").exit_code == 0
    for suffix in ("-wal", "-shm"):
        (lipcare_home / f"journal.sqlite3{suffix}").write_bytes(b"x")
        (lipcare_home / f"journal.sqlite3{suffix}").chmod(0o600)
    result = cli("data", "erase", "--yes")
    assert result.exit_code == 0, result.stderr
    kept = sorted(p.name for p in lipcare_home.iterdir() if p.name != "cache")  # the protocol cache holds no data
    assert kept == ["settings.json"]
    assert "--settings" in result.stdout
    again = cli("data", "erase", "--yes", "--settings")
    assert again.exit_code == 0 and [p.name for p in lipcare_home.iterdir() if p.name != "cache"] == []


# --- text from outside is inert -------------------------------------------------------------------


def test_a_hostile_note_is_stored_as_typed_and_shown_escaped(cli: Cli, journal: Path) -> None:
    saved = cli("checkin", "--redness", "1", "--note", HOSTILE, "--json")
    assert saved.exit_code == 0, saved.stderr
    no_raw_controls(saved.stdout)
    assert json.loads(saved.stdout)["answers"]["note"] == HOSTILE  # the same text, written as \u escapes
    for columns in ("200", "60"):  # table and list layouts
        shown = cli("history", env={"COLUMNS": columns})
        assert shown.exit_code == 0, shown.stderr
        no_raw_controls(shown.stdout)
        joined = shown.stdout.replace("\n  ", "").replace("\n", "")  # wrapped note lines hang by two spaces
        assert "\\x1b[2J" in joined and "\\u202eevil" in joined
    listed = cli("history", "--json")
    no_raw_controls(listed.stdout)
    assert json.loads(listed.stdout)["checkins"][-1]["answers"]["note"] == HOSTILE
    for export in (cli("data", "export"), cli("data", "export", "--format", "csv"), cli("report", "-o", "-")):
        assert export.exit_code == 0
        no_raw_controls(export.stdout)


def test_hostile_settings_and_error_messages_are_escaped(cli: Cli, journal: Path) -> None:
    assert cli("settings", "set", "clinic-name", HOSTILE).exit_code == 0
    for result in (cli("settings", "show"), cli("checkin", "--redness", "3", "-s", "fever"), cli("timeline")):
        assert result.exit_code == 0, result.stderr
        no_raw_controls(result.stdout)
    assert "\\u202eevil" in cli("settings", "show").stdout
    for command in (["report", "-o", "-"], ["export", "sheet", "-o", "-"], ["export", "ics", "-o", "-"]):
        written = cli(*command)
        assert written.exit_code == 0, (command, written.stderr)
        no_raw_controls(written.stdout)
    for command in (
        ["timeline", "--date", HOSTILE],
        ["info", HOSTILE],
        ["protocol", "check", HOSTILE],
        ["export", "ics", "-o", f"x{HOSTILE}/y"],
        ["checkin", "--on", HOSTILE, "--redness", "1"],
    ):
        result = cli(*command)
        assert result.exit_code in (1, 2), (command, result.stderr)
        no_raw_controls(result.stdout + result.stderr)


@pytest.mark.slow  # real processes given bytes: CI runs it, the everyday loop does not
def test_bytes_that_are_not_utf8_are_a_clean_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIPCARE_")}
    env["LIPCARE_HOME"] = str(home)
    for args in (
        [b"checkin", b"--date", b"2026-11-20", b"--redness", b"1", b"--note", b"\xff\xfe"],
        [b"settings", b"set", b"clinic-name", b"\xff"],
        [b"timeline", b"--date", b"\xff"],
    ):
        done = subprocess.run([os.fsencode(sys.executable), b"-m", b"lipcare", *args], capture_output=True, env=env)
        assert done.returncode == 2, (args, done.stderr)
        assert GENERIC.encode() not in done.stderr and b"Traceback" not in done.stderr


def test_lipcares_own_bidi_isolates_in_arabic_are_kept(cli: Cli, journal: Path) -> None:
    """The escaping is for outside text: the Arabic report's own isolates around numbers stay."""
    report = cli("report", "-o", "-", "--lang", "ar")
    assert report.exit_code == 0, report.stderr
    assert "\u2066" in report.stdout and "\\u2066" not in report.stdout
    for command in (["timeline", "--lang", "ar"], ["history", "--lang", "ar"]):
        shown = cli(*command)
        assert shown.exit_code == 0 and "\\u20" not in shown.stdout


@pytest.mark.parametrize(
    "args",
    [["photo", "add", "a\x00b"], ["export", "ics", "-o", "a\x00b"], ["checkin", "--redness", "1", "--photo", "a\x00b"]],
)
def test_a_nul_in_a_file_name_is_a_clean_error(cli: Cli, journal: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code in (1, 2) and GENERIC not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_date_echo_escapes_what_was_typed(cli: Cli) -> None:
    result = cli("timeline", "--date", "\u202e3 days ago")
    assert result.exit_code == 2
    assert "'\\u202e3 days ago'" in result.stderr


SAFE_OR_NOT = st.text(
    alphabet=st.one_of(
        st.characters(),  # anything, mostly printable
        st.sampled_from(sorted(UNSAFE | {"\n", "\r", "\u00a0", "\u200f", "\u0645", "\ufeff"})),
    )
)


@given(text=SAFE_OR_NOT)
def test_escaping_is_the_same_as_one_character_at_a_time(text: str) -> None:
    """inert and json_safe skip lines with nothing to escape; what they return is what escaping each
    character on its own gives."""

    def each(char: str, *, keep_lines: bool = False, json: bool = False) -> str:
        if char not in UNSAFE or (keep_lines and char == "\n") or (json and ord(char) < 0x7F):
            return char
        return f"\\u{ord(char):04x}" if json or ord(char) >= 0x100 else f"\\x{ord(char):02x}"

    assert inert(text) == "".join(each(char) for char in text)
    assert inert(text, keep_lines=True) == "".join(each(char, keep_lines=True) for char in text)
    assert json_safe(text) == "".join(each(char, json=True) for char in text)


def test_the_terminal_escapes_text_whatever_renderable_carries_it(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: even a protocol that skipped the check cannot print raw controls."""
    protocol = load_protocol()
    hostile = protocol._replace(
        name=HOSTILE,
        notice=HOSTILE,
        rinse=protocol.rinse._replace(title=HOSTILE, text=HOSTILE),
        clinic=protocol.clinic._replace(phone=HOSTILE),
    )
    monkeypatch.setattr(lipcare.commands.common, "current_protocol", lambda *args, **kwargs: hostile)
    for command in (
        ["info"],
        ["timeline", "--date", "2026-11-20"],
        ["protocol", "show"],
        ["checkin", "--redness", "3", "-s", "fever"],
        ["history"],
    ):
        result = cli(*command)
        assert result.exit_code == 0, (command, result.stderr)
        no_raw_controls(result.stdout)
        assert "\\x1b" in result.stdout


def test_nothing_raw_reaches_a_calendar() -> None:
    protocol = load_protocol()
    hostile = protocol._replace(rinse=protocol.rinse._replace(title=HOSTILE, text=HOSTILE), notice=HOSTILE)
    from datetime import date

    ics = to_ics(build_timeline(hostile, date(2026, 11, 1), date(2026, 11, 1), None), MOMENT)
    no_raw_controls(ics)
    assert "\\\\x1b" in ics or "\\x1b" in ics


def edited(tmp_path: Path, old: str, new: str, *, name: str = "clinic.toml") -> Path:
    text = default_protocol_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["Cold\x1b[31m rinse", "Cold\u202e rinse", "Cold\x9b rinse", "Cold\x7f rinse"])
def test_protocol_check_rejects_control_and_bidi_characters(tmp_path: Path, value: str) -> None:
    escaped = json.dumps(value)  # TOML reads the same \u escapes as JSON
    path = edited(tmp_path, 'title = "Cold-water rinse"', f"title = {escaped}")
    (problem,) = check_protocol(path).problems
    assert problem.key == "rinse.title" and "control character" in problem.message
    assert inert(value[4]) in problem.message


def test_protocol_check_rejects_line_breaks_in_titles_but_not_in_texts(tmp_path: Path) -> None:
    path = edited(tmp_path, 'title = "Cold-water rinse"', 'title = "Cold-water\\nrinse"')
    (problem,) = check_protocol(path).problems
    assert problem.key == "rinse.title" and "line break" in problem.message
    text = default_protocol_path().read_text(encoding="utf-8")
    multi = tmp_path / "multi.toml"
    old = 'text = "Redness'
    assert old in text
    multi.write_text(text.replace(old, 'text = "First line.\\nRedness', 1), encoding="utf-8")
    assert check_protocol(multi).problems == []


# --- protocol files have limits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ("Redness on day {day:s} is", "cannot be filled in"),
        ("Redness on day {day:>400000000} is", "too large"),
        ("Redness on day {day:>{window}} is", "another placeholder"),
        ("Redness on day {day.real} is", "unknown placeholder"),
        ("Redness on day {} is", "unknown placeholder"),
        ("Redness on day {day!x} is", "cannot be filled in"),
    ],
)
def test_every_template_is_filled_in_when_checked(tmp_path: Path, new: str, expected: str) -> None:
    path = edited(tmp_path, "Redness on day {day} is", new)
    start = time.perf_counter()
    (problem,) = check_protocol(path).problems
    assert time.perf_counter() - start < 5  # not a timing budget: 400 MB of spaces would take far longer
    assert problem.key == "reasons.beyond_window" and expected in problem.message


def test_a_bad_template_never_reaches_a_checkin(cli: Cli, tmp_path: Path) -> None:
    path = edited(tmp_path, "Redness on day {day} is", "Redness on day {day:s} is")
    result = cli("checkin", "--date", "2026-11-01", "--redness", "2", "--protocol", str(path))
    one_line_error(result, "reasons.beyond_window")


def deep(path: Path) -> None:
    path.write_text("format = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")


def huge_integer(path: Path) -> None:
    path.write_text("format = 1\nx = " + "9" * 5000 + "\n", encoding="utf-8")


def too_large(path: Path) -> None:
    path.write_text("format = 1\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")


def fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (deep, "nested too deeply"),
        (huge_integer, "number too long"),
        (too_large, "too large"),
        (fifo, "not a regular file"),
    ],
)
def test_hostile_protocol_files_are_named_problems(cli: Cli, tmp_path: Path, make: object, expected: str) -> None:
    path = tmp_path / "p.toml"
    make(path)  # type: ignore[operator]
    for command in (["protocol", "check", str(path)], ["timeline", "--date", "2026-11-01", "--protocol", str(path)]):
        result = cli(*command)
        assert result.exit_code == 1, result.stderr
        assert GENERIC not in result.stderr and expected in result.stdout + result.stderr


def test_dev_zero_is_a_named_problem(cli: Cli) -> None:
    result = cli("protocol", "check", "/dev/zero")
    assert result.exit_code == 1 and "not a regular file" in result.stdout


def test_a_byte_order_mark_is_accepted(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + default_protocol_path().read_bytes())
    result = cli("protocol", "check", str(path))
    assert result.exit_code == 0, result.stdout


TWENTY_FIVE_TIMES = ", ".join([*(f'"{hour:02d}:00"' for hour in range(24)), '"23:30"'])


@pytest.mark.parametrize(
    ("old", "new", "key", "expected"),
    [
        ('times = ["08:00", "12:00", "16:00", "20:00"]', f"times = [{TWENTY_FIVE_TIMES}]", "rinse.times", "at most 24"),
        (
            "[rinse]\nfirst_day = 0\nlast_day = 7",
            "[rinse]\nfirst_day = 0\nlast_day = 400",
            "rinse.last_day",
            "expected a number from 0 to 365, found 400",
        ),
        ('title = "Cold-water rinse"', f'title = "{"x" * 201}"', "rinse.title", "too long"),
    ],
)
def test_sizes_are_bounded(tmp_path: Path, old: str, new: str, key: str, expected: str) -> None:
    path = edited(tmp_path, old, new)
    problems = check_protocol(path).problems
    assert [(p.key, expected in p.message) for p in problems] == [(key, True)], problems


# --- output files ---------------------------------------------------------------------------------


def special_files(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    yield "FIFO", pipe
    yield "device", Path("/dev/null")
    server = socket.socket(socket.AF_UNIX)
    sock = tmp_path / "sock"
    server.bind(str(sock))
    try:
        yield "socket", sock
    finally:
        server.close()
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere" / "x")
    yield "link to nothing", dangling


@pytest.mark.slow  # a FIFO, a socket and devices, one by one: CI runs it
def test_output_refuses_fifos_devices_sockets_and_dangling_links_even_with_force(
    cli: Cli, journal: Path, tmp_path: Path
) -> None:
    for kind, path in special_files(tmp_path):
        for command in (["protocol", "init"], ["export", "ics"], ["export", "fhir"], ["data", "export"], ["report"]):
            for force in ([], ["--force"]):
                result = cli(*command, "-o", str(path), *force)
                one_line_error(result, str(path))
                mode = path.lstat().st_mode
                assert not stat.S_ISREG(mode), (kind, command)
        assert kind == "device" or not (tmp_path / "nowhere").exists()
    assert stat.S_ISFIFO((tmp_path / "pipe").stat().st_mode)
    assert cli("protocol", "init", "-o", "-").stdout.startswith("# A clinic's own lipcare protocol")


def test_output_never_replaces_the_journal_or_settings(cli: Cli, journal: Path, lipcare_home: Path) -> None:
    assert cli("settings", "set", "clinic-phone", "1").exit_code == 0
    before = tree(lipcare_home)
    for name in ("journal.sqlite3", "settings.json", "journal.sqlite3-wal"):
        result = cli("export", "ics", "-o", str(lipcare_home / name), "--force")
        one_line_error(result, "keeps your data")
    assert tree(lipcare_home) == before


def test_csv_quotes_every_field_and_neutralises_formulas(cli: Cli, journal: Path) -> None:
    for note in ("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain"):
        assert cli("checkin", "--redness", "1", "--note", note).exit_code == 0
    text = cli("data", "export", "--format", "csv").stdout
    for line in text.splitlines():
        assert line.startswith('"') and line.endswith('"'), line
    notes = [row["note"] for row in csv.DictReader(io.StringIO(text))]
    assert notes == ["kept", "'=HYPERLINK(1)", "'+1", "'-1", "'@SUM(A1)", "'\\x09x", "'\\x0dx", "plain"]


# --- broken streams -------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A journal with one check-in, made in this process (only the command under test needs a process of its
    own, for its closed or full stream)."""
    home = tmp_path / "home"
    monkeypatch.setenv("LIPCARE_HOME", str(home))
    assert cli("checkin", "--date", "2026-11-01", "--redness", "1").exit_code == 0
    return home


def shell(home: Path, command: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIPCARE_")}
    env.update(LIPCARE_HOME=str(home), LIPCARE=" ".join(LIPCARE))
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(  # a real shell and process each: one in the everyday loop, every one in CI
    "args",
    [
        "history",
        *(
            pytest.param(args, marks=pytest.mark.slow)
            for args in ("history --json", "info", "checkin --redness 1", "protocol init -o -")
        ),
    ],
)
def test_closed_stdout_is_an_error(home: Path, args: str) -> None:
    done = shell(home, f"$LIPCARE {args} >&-")
    assert done.returncode == 1 and "standard output is closed" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_closed_stdout_is_explained_in_the_language_asked_for(home: Path) -> None:
    done = shell(home, "$LIPCARE --lang ar info >&-")
    assert (
        done.returncode == 1
        and done.stderr == "خطأ: الإخراج القياسي مغلق، فليس لدى lipcare مكان يطبع فيه؛ لم يُنفَّذ شيء.\n"
    )


@pytest.mark.parametrize(  # a real shell and process each: one in the everyday loop, every one in CI
    "args",
    [
        "history",
        *(
            pytest.param(args, marks=pytest.mark.slow)
            for args in ("history --json", "info", "checkin --redness 1", "protocol init -o -")
        ),
    ],
)
def test_a_full_disk_on_stdout_is_an_error(home: Path, args: str) -> None:
    done = shell(home, f"$LIPCARE {args} > /dev/full")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("Error: could not write to standard output: No space left on device")
    assert len(done.stderr.strip().splitlines()) == 1 and GENERIC not in done.stderr


def test_closed_stdin_is_an_error(home: Path) -> None:
    done = shell(home, "$LIPCARE checkin <&-")
    assert done.returncode == 1 and "standard input is closed" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.slow  # real pipes broken on a large journal; test_hardening_small has a quick one
def test_a_broken_pipe_exits_quietly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from startup import fill_journal

    fill_journal(home, 400, 5)  # output much larger than a pipe's buffer
    for args in ("history --all", "history --json", "data export", "data export --format csv", "report -o -", "info"):
        done = shell(home, f"$LIPCARE {args} | head -c 1; exit ${{PIPESTATUS[0]}}")
        assert done.stderr == "", (args, done.stderr)
        assert done.returncode in (0, 1), (args, done.returncode)


def test_the_warning_sign_prompt_takes_only_0_9_and_arabic_indic_digits(
    cli: Cli, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)
    answers = "0\n0\n0\nn\n²\n1 \u0969\n\uff11\n1\n\n\n\n"  # superscript, Devanagari, fullwidth; no note, photo
    result = cli("checkin", input=answers)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Please type numbers from 1 to") == 3


def test_the_scale_prompts_take_only_0_9_and_arabic_indic_digits(
    cli: Cli, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)
    result = cli("checkin", "--json", input="\uff13\n³\n2\n0\n0\nn\n\n\n\n\n")  # fullwidth, superscript
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["redness"] == 2


@pytest.mark.parametrize(
    "typed", ["\uff12\uff10\uff12\uff16-11-01", "2026-11-0\u0967", "³ days ago", "in \u0968 weeks"]
)
def test_dates_take_only_0_9_and_arabic_indic_digits(cli: Cli, typed: str) -> None:
    result = cli("timeline", "--date", typed)
    assert result.exit_code == 2 and "cannot read" in result.stderr


@pytest.mark.parametrize("typed", ["\uff108:00", "08:\u0966\u0966"])  # fullwidth, Devanagari
def test_times_take_only_0_9_and_arabic_indic_digits(cli: Cli, typed: str) -> None:
    result = cli("timeline", "--date", "2026-11-01", "--time", typed)
    assert result.exit_code == 2 and "cannot read" in result.stderr


# --- history at any size --------------------------------------------------------------------------


def test_history_shows_the_latest_checkins_and_counts_the_rest(cli: Cli, journal: Path) -> None:
    for n in range(1, 31):
        assert cli("checkin", "--redness", "1", "--note", f"n{n}").exit_code == 0
    shown = cli("history").stdout
    assert "31 check-ins" in shown and "The latest 20 of 31 check-ins; 11 earlier ones are not shown" in shown
    assert "n30" in shown and "n11" in shown and "n10" not in shown and "kept" not in shown
    assert "Redness by day" in shown
    limited = cli("history", "--limit", "3").stdout
    assert "n28" in limited and "n27" not in limited and "28 earlier" in limited
    everything = cli("history", "--all").stdout
    assert "kept" in everything and "earlier ones" not in everything
    rows = json.loads(cli("history", "--json").stdout)["checkins"]
    assert [row["answers"]["note"] for row in rows] == ["kept", *(f"n{n}" for n in range(1, 31))]
    latest = json.loads(cli("history", "--json", "--limit", "2").stdout)["checkins"]
    assert [row["answers"]["note"] for row in latest] == [
        "n29",
        "n30",
    ]
    assert cli("history", "--limit", "0").exit_code == 2


def test_the_report_streamed_from_the_journal_is_the_whole_report(cli: Cli, journal: Path) -> None:
    from conftest import TODAY

    from lipcare.journal import Journal
    from lipcare.render.html import checkin_report_parts

    for n in range(3):
        assert cli("checkin", "--redness", str(n), "-s", "fever", "--note", f"<n{n}>").exit_code == 0
    streamed = cli("report", "-o", "-").stdout
    opened = Journal.open(journal, create=False)
    assert opened is not None
    with opened:
        treatment = opened.current_treatment()
        assert treatment is not None
        rows = opened.checkins(treatment)  # read at once, not streamed
        whole = "".join(checkin_report_parts(load_protocol(), treatment, lambda: rows, TODAY))
    assert streamed == whole and streamed.count('<tr><td class="nowrap">') == 4


def test_the_export_streamed_from_the_journal_is_the_whole_export(cli: Cli, journal: Path) -> None:
    from lipcare.commands.data import export_contents
    from lipcare.journal import Journal
    from lipcare.render.data_export import export_csv_parts, export_json_parts
    from lipcare.text import json_safe

    assert cli("timeline", "--date", "2026-11-22").exit_code == 0  # a treatment with no check-ins
    for n in range(3):
        assert cli("checkin", "--date", "2026-11-21", "--redness", str(n), "--note", f"\u202en{n}").exit_code == 0
    opened = Journal.open(journal, create=False)
    assert opened is not None
    with opened:
        protocol = load_protocol()
        for batch in (1, 2, 500):
            contents = export_contents(opened)
            text = "".join(export_json_parts(contents, protocol, batch=batch))
            data = json.loads(text)
            assert text == json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
            assert [len(t["checkins"]) for t in data["treatments"]] == [1, 3, 0]
            table = "".join(export_csv_parts(contents, protocol, batch=batch))
            assert table == "".join(export_csv_parts(contents, protocol)) and len(table.splitlines()) == 5
    assert cli("data", "export").stdout.count('"checkins"') == 3


def test_streamed_json_is_the_same_text_as_before(cli: Cli, journal: Path) -> None:
    from lipcare.render import jsonout

    for n in range(3):
        cli("checkin", "--redness", str(n), "--note", f'"q{n}"\n')
    text = cli("history", "--json").stdout
    assert text == jsonout.dumps(json.loads(text)) + "\n"
    assert "".join(jsonout.dumps_stream([])) == "[]\n"
    items = [{"n": n, "text": f"\u202e{n}"} for n in range(7)]
    for batch in (1, 2, 7, 8):
        assert "".join(jsonout.dumps_stream(items, batch=batch)) == jsonout.dumps(items) + "\n"
