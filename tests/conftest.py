"""Shared fixtures: every test runs with its own LIPCARE_HOME and a fixed clock."""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Callable, Generator, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import settings
from typer.testing import CliRunner, Result

from lipcare import clock
from lipcare.assess import Answers
from lipcare.cli import app


def _temporary_folders_in_memory() -> None:
    """Every test's tmp_path on the RAM disk (/dev/shm) where there is one with a GiB free (pytest keeps the
    last 3 runs' folders; a container's is often 64 MB) and the runner chose no other place (TMPDIR,
    PYTEST_DEBUG_TEMPROOT or --basetemp). Nearly every test makes a journal, and SQLite syncs each commit to
    the disk (synchronous=FULL): on this machine the everyday loop took 77.8 s with them on its disk and 46.9 s
    in memory, run back to back on a busy machine (issue 23). No test depends on the disk: those about full or
    read-only disks mount their own, and a process killed loses nothing the page cache holds."""
    if os.environ.get("TMPDIR") or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    memory = Path("/dev/shm")
    try:
        room = os.statvfs(memory)
    except (OSError, AttributeError):  # none, or not a POSIX system
        return
    if room.f_bavail * room.f_frsize >= 2**30 and os.access(memory, os.W_OK | os.X_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(memory)  # pytest's numbered folders, kept for 3 runs, go there


_temporary_folders_in_memory()


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Generator[None, object, object]:
    """pytest keeps each test module with its asserts rewritten in tests/__pycache__ (ignored by git) even where
    PYTHONDONTWRITEBYTECODE is set, as this machine sets it: otherwise each worker rewrote all 70 modules at
    every run, some 3 s of CPU each (the everyday loop took 40.0 s and 41.4 s so, 38.8 s with them kept; issue
    23). Only while collecting (lipcare's modules imported then keep their bytecode too, as in any install)."""
    kept = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        return (yield)
    finally:
        sys.dont_write_bytecode = kept


#: CI runs every property test in full; the everyday loop runs a tenth of the examples (at least 10): a sample
#: that still finds a regression in most runs, at the cost of a few seconds, not a minute (issue 23).
#: LIPCARE_FULL_TESTS=1 runs them in full anywhere.
FULL = bool(os.environ.get("CI") or os.environ.get("LIPCARE_FULL_TESTS"))
settings.register_profile("full", deadline=None, max_examples=100)
settings.register_profile("quick", deadline=None, max_examples=10)
settings.load_profile("full" if FULL else "quick")


def examples(full: int) -> int:
    """How many examples a property test tries: `full` in CI, a tenth of them (at least 10) in the everyday loop."""
    return full if FULL else max(10, full // 10)


TODAY = date(2026, 11, 24)


def answers_of(
    redness: int | None = None,
    swelling: int | None = None,
    pain: int | None = None,
    crusting: bool | None = None,
    symptoms: tuple[str, ...] = (),
    note: str = "",
    painkillers_relieve: bool | None = None,
    painkillers_taken: bool | None = None,
    **added: int | None,
) -> Answers:
    """Answers with the built-in scales by name (None: not recorded), and a clinic's own as keywords."""
    scores = {"redness": redness, "swelling": swelling, "pain": pain, **added}
    given = {key: value for key, value in scores.items() if value is not None}
    return Answers(given, crusting, symptoms, note, painkillers_relieve, painkillers_taken)


NOW = time(10, 30)
MOMENT = datetime(2026, 11, 24, 10, 30, 5, tzinfo=UTC)


@pytest.fixture(autouse=True, scope="session")
def protocols_checked_once() -> Iterator[None]:
    """Each test process checks a protocol file once, not once per test.

    Every test has a fresh LIPCARE_HOME, so without this the first command of each test checks the whole
    protocol again to fill that home's cache (about 114 million instructions, a quarter of a fresh command).
    Commands still read and write their home's cache exactly as before; only the check behind a cache miss is
    remembered, under the cache's own key (the files' paths, sizes, times and inodes, lipcare's and Python's
    versions) and the language in force, and handed out as a fresh copy each time. An invalid protocol is
    checked every time (nothing is remembered for it); tests that count checks patch
    `protocol_cache.load_protocol` over this, and lipcare.protocol's own tests call the checker directly.

    The same for a protocol's translation behind a miss of protocol.LANG.cache (some 25 ms a test in Arabic):
    remembered under the translated cache's key and the whole English protocol it translates, with the notes it
    adds to the locale, which are added again. Only the protocol cache's own calls are remembered: a test that
    calls the translator gets it as it is.
    """
    import marshal

    from lipcare import protocol_cache
    from lipcare.locale import current, translation
    from lipcare.protocol.load import load_protocol as real

    checked: dict[object, Any] = {}

    def load_protocol(path: Path | None = None, *, chosen_by: str = "") -> Any:
        key = protocol_cache._key(path, chosen_by)
        if key is None:
            return real(path, chosen_by=chosen_by)
        key = (key, current().code, current().digits is not None)
        if key not in checked:
            protocol = real(path, chosen_by=chosen_by)
            try:
                checked[key] = protocol_cache._plain(protocol)
            except (TypeError, ValueError):
                return protocol
        return protocol_cache._rebuild(checked[key], protocol_cache._types())

    real_translated = translation.translated_protocol
    translated: dict[object, tuple[Any, list[str]]] = {}

    def translated_protocol(protocol: Any, locale: Any, protocol_file: Path | None) -> Any:
        files = protocol_cache._translated_key(protocol_file, "", locale)
        if files is None or sys._getframe(1).f_globals.get("__name__") != protocol_cache.__name__:
            return real_translated(protocol, locale, protocol_file)
        try:
            key = (files, marshal.dumps(protocol_cache._plain(protocol)))
        except (TypeError, ValueError):
            return real_translated(protocol, locale, protocol_file)
        if key not in translated:
            before = len(locale.notes)
            made = real_translated(protocol, locale, protocol_file)
            try:
                translated[key] = (protocol_cache._plain(made), list(locale.notes[before:]))
            except (TypeError, ValueError):
                return made
        else:
            locale.notes.extend(translated[key][1])
        return protocol_cache._rebuild(translated[key][0], protocol_cache._types())

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(protocol_cache, "load_protocol", load_protocol)
        patch.setattr(translation, "translated_protocol", translated_protocol)
        yield


@pytest.fixture(autouse=True)
def lipcare_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point LIPCARE_HOME at a fresh directory so no test touches a real home."""
    home = tmp_path / "lipcare-home"
    monkeypatch.setenv("LIPCARE_HOME", str(home))
    # And HOME: `data erase --everything` takes lipcare's completion out of ~/.bashrc, never the real one's.
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))  # made by a test that needs it
    for name in (
        "LIPCARE_PROTOCOL",
        "LIPCARE_DEBUG",
        "NO_COLOR",
        "FORCE_COLOR",
        "LIPCARE_LANG",
        "LIPCARE_RTL",
        "LC_MESSAGES",
        # A terminal's size, where the test does not give one: pytest-xdist's workers have LINES=24 and
        # COLUMNS=80 in their environment, a plain pytest run has neither, and Rich reads them.
        "LINES",
        "COLUMNS",
    ):
        monkeypatch.delenv(name, raising=False)
    # The locale chooses the language last: the tests speak English unless they say otherwise.
    for name in ("LC_ALL", "LANG"):
        if os.environ.get(name, "C")[:2] not in ("C", "C.", "en", "PO"):
            monkeypatch.setenv(name, "C.UTF-8")
    yield home


@pytest.fixture(autouse=True)
def no_desktop_scheduler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the machine's own scheduler (systemctl --user, launchctl, schtasks: as if none were there)
    or its systemd user folder (remind install writes in the test's folder). tests/test_remind.py gives a test a
    fake systemctl."""
    from lipcare import scheduler

    monkeypatch.setattr(scheduler, "command", lambda argv: None)
    monkeypatch.setattr(scheduler, "systemd_dir", lambda: tmp_path / "systemd-user")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: NOW)
    monkeypatch.setattr(clock, "moment", lambda: MOMENT)


def readable(text: str) -> str:
    """`text` as a reader sees it: without the isolates (LRI, PDI) lipcare puts around left-to-right runs in
    right-to-left text, which take no room on the screen."""
    return text.replace("\u2066", "").replace("\u2069", "")


def as_a_process_meets_it() -> typer.Typer:
    """`app` as the `lipcare` command meets it: no command built before the command line is read, so only the
    command typed is built (lipcare.cli.LazyCommands). Typer builds every command it has seen registered, and
    a test process has imported them all: handed `app` itself, each invocation built every command, more than
    half the time of a quick test (cProfile); the commands are still the ones registered on `app`."""
    fresh = copy.copy(app)
    fresh.registered_commands = []
    fresh.registered_groups = []
    return fresh


class Cli:
    """Runs the app the way a user would, with stdout and stderr kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()
        self.app = as_a_process_meets_it()

    def __call__(self, *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        # Wide by default so that tests can look for whole sentences; the
        # width tests set COLUMNS themselves.
        return self.runner.invoke(self.app, list(args), input=input, env={"COLUMNS": "200", **(env or {})})


@pytest.fixture
def cli() -> Cli:
    return Cli()


# --- what the reliability tests tried and found -------------------------------------

FINDINGS: list[str] = []


@pytest.fixture
def finding() -> Callable[[str], None]:
    """Record one line of what a reliability test tried and found; printed at the end of the run."""
    return FINDINGS.append


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker: hand its findings to the main process, which prints them."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["findings"] = list(FINDINGS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    FINDINGS.extend(getattr(node, "workeroutput", {}).get("findings", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FINDINGS:
        return
    terminalreporter.section("reliability: what was tried and what was found")
    for line in FINDINGS:
        terminalreporter.write_line(line)
    artifacts = Path(__file__).resolve().parent.parent / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "reliability.txt").write_text("\n".join(FINDINGS) + "\n", encoding="utf-8")
