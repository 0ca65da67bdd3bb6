"""The interactive check-in as a patient meets it: a real `lipcare` process in a real
pseudo-terminal of 80x24, answered by typing, read from the screen."""

from __future__ import annotations

import fcntl
import json
import os
import platform
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")
TIMEOUT_S = 20.0
#: The number of read(2) in /proc/PID/syscall, by machine; elsewhere /proc/PID/wchan says it less surely.
READ_SYSCALL = {"x86_64": 0, "aarch64": 63, "i686": 3, "armv7l": 3}.get(platform.machine())


def _take_terminal() -> None:
    """In the new process, make the pty its controlling terminal, so Ctrl-C is a real interrupt."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A process on the slave side of a pty; what it writes is collected from the master side."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.master = master
        self.process = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
            preexec_fn=_take_terminal,
        )
        os.close(slave)
        self.raw = b""

    @property
    def screen(self) -> str:
        """Everything shown so far, without escape codes."""
        return ESCAPES.sub("", self.raw.decode("utf-8", "replace"))

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the process has ended and closed the terminal
            return False
        self.raw += chunk
        return bool(chunk)

    def expect(self, text: str) -> None:
        """Wait until `text` is on the screen (after what was there before)."""
        deadline = time.monotonic() + TIMEOUT_S
        while text not in self.screen:
            if time.monotonic() > deadline or (not self._read(0.2) and self.process.poll() is not None):
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen}")

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def press_when_reading(self, key: str, *, any_file: bool = False) -> None:
        """Send `key` once the process is blocked reading the terminal, as the kernel says, not after a time.

        A Ctrl-C that lands in the microseconds between a prompt being written and the read starting is
        caught by Python's handler, but nothing raises until the read returns, so the process waits for a
        line. Sent at machine speed right after the prompt appears, it hit that gap in about 1 run in 30
        on a loaded machine (a person cannot type that fast); waiting a fixed time for the read missed it
        too under load. So the key goes only when /proc/PID/syscall shows the process inside read() on its
        standard input (`any_file`: on any file, as getpass reads /dev/tty): a signal then interrupts the read
        itself."""
        reading = (f"{READ_SYSCALL} " if any_file else f"{READ_SYSCALL} 0x0 ") if READ_SYSCALL is not None else None
        syscall = Path(f"/proc/{self.process.pid}/syscall")
        wchan = Path(f"/proc/{self.process.pid}/wchan")
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if reading is not None and syscall.read_text().startswith(reading):
                    break
                if reading is None and wchan.read_text() in ("wait_woken", "n_tty_read"):
                    break
            except OSError:  # no /proc (not Linux), or hidden: leave the process time to start its read
                time.sleep(0.5)
                break
            self._read(0.01)  # keep the terminal drained meanwhile, so that the process is never blocked writing
        else:
            raise AssertionError(f"lipcare never waited for a key; the screen shows:\n{self.screen}")
        os.write(self.master, key.encode())

    def finish(self) -> int:
        """Read the screen to the end of the process; its exit code."""
        deadline = time.monotonic() + TIMEOUT_S
        while self._read(0.2):
            if self.process.poll() is not None and not select.select([self.master], [], [], 0)[0]:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"lipcare did not end; the screen shows:\n{self.screen}")
        code = self.process.wait(timeout=TIMEOUT_S)
        os.close(self.master)
        return code


@pytest.fixture
def spawn(lipcare_home: Path) -> Iterator[type[Terminal]]:
    started: list[Terminal] = []

    class Started(Terminal):
        def __init__(self, args: list[str], env: dict[str, str]) -> None:
            super().__init__(args, env)
            started.append(self)

    yield Started
    for terminal in started:
        if terminal.process.poll() is None:
            os.killpg(terminal.process.pid, signal.SIGKILL)
            terminal.process.wait()


def environment(home: Path) -> dict[str, str]:
    keep = {key: value for key, value in os.environ.items() if key in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")}
    return {
        **keep,
        "LIPCARE_HOME": str(home),
        "TERM": "xterm-256color",
        "PYTHONIOENCODING": "utf-8",
        "TZ": afternoon(),
    }


def afternoon(now: datetime | None = None) -> str:
    """A time zone (POSIX TZ) in which it is between 14:00 and 15:00 at `now` (default: now), so that a real
    check-in has the day's morning doses due whatever the hour the tests run: before 08:00 none would be due
    yet, and the check-in rightly asks about none. Offsets run from UTC-9 to UTC+14, as real zones do."""
    hour = (now or datetime.now(UTC)).astimezone(UTC).hour
    offset = 14 - hour  # local hour 14
    return f"AFT{-offset:+d}"  # POSIX counts west of UTC as positive: UTC+14 is AFT-14


LIPCARE = [sys.executable, "-m", "lipcare"]


def test_severe_pain_that_painkillers_do_not_relieve_shows_the_urgent_advice(
    spawn: type[Terminal], lipcare_home: Path
) -> None:
    env = environment(lipcare_home)
    screen = spawn([*LIPCARE, "checkin", "--date", "2 days ago"], env)
    screen.expect("Recording day 2,")
    screen.expect("How red are your lips? [0-3, - to skip]:")
    screen.type("")  # Enter alone is not an answer
    screen.expect("or - to skip the")
    screen.type("2")
    screen.expect("How swollen are your lips? [0-3, - to skip]:")
    screen.type("²")  # not an ASCII digit: asked again in lipcare's words
    screen.expect("Please type one whole number from 0 to 3")
    screen.type("2")
    screen.expect("How much pain do you have")
    screen.type("9")
    screen.expect("Do painkillers relieve the pain? [y/n, 0 if you have taken none]:")
    screen.type("n")
    screen.expect("Are there crusts on your lips? [y/n, - to skip]:")
    screen.type("y")
    screen.expect("to skip:")
    screen.type("")
    screen.expect("(Enter to skip)")
    screen.type("")
    screen.expect("Path of a photo of your lips (Enter to skip):")
    screen.type("")
    # Day 2 has the antiviral's and the ointment's doses: asked last, skipped here (not recorded).
    for _medicine in ("Antiviral medicine", "Ointment"):
        screen.expect(f"Did you take your {_medicine} today")
        screen.type("")
    assert screen.finish() == 0, screen.screen
    shown = screen.screen
    after = shown[shown.index("Saved check-in") :]
    flat = " ".join(after.replace("│", " ").split())
    assert "contact your physician today" in flat.lower()
    assert "Pain is 9/10 on day 2 and painkillers do not relieve it" in flat
    assert "Please enter a valid" not in shown and "Traceback" not in shown
    assert "matches the expected course" not in shown.lower()
    exported = subprocess.run([*LIPCARE, "history", "--json"], env=env, capture_output=True, text=True, check=True)
    (row,) = json.loads(exported.stdout)["checkins"]
    assert (row["level"], row["answers"]["pain"], row["answers"]["painkillers_relieve"]) == ("urgent", 9, False)
    # The next check-in asks first whether the patient has contacted the clinic about what is still open.
    again = spawn([*LIPCARE, "checkin"], env)
    again.expect("clinic about: pain? [y/n]:")
    again.type("y")
    again.expect("How red are your lips? [0-3, - to skip]:")
    for answer, prompt in (("2", "How swollen"), ("2", "How much pain"), ("9", "Do painkillers relieve")):
        again.type(answer)
        again.expect(prompt)
    again.type("n")
    again.expect("Are there crusts on your lips? [y/n, - to skip]:")
    again.type("y")
    again.expect("to skip:")
    for _ in range(3):  # symptoms, note, photo
        again.type("")
    for _medicine in ("Antiviral medicine", "Ointment"):  # and the day's doses: skipped
        again.expect(f"Did you take your {_medicine} today")
        again.type("")
    assert again.finish() == 0, again.screen
    flat = " ".join(again.screen[again.screen.index("Saved check-in") :].replace("│", " ").split())
    assert "Follow your clinic's advice" in flat and "you said you have contacted your clinic" in flat


@pytest.mark.parametrize(
    ("key", "name", "code", "said"),
    [
        # Ctrl-C is the person stopping it, not an error: 130 as from a shell, and no "Error:".
        ("\x03", "Ctrl-C", 130, "Stopped; nothing was saved."),
        ("\x04", "Ctrl-D", 1, "Error: stopped; nothing was saved."),
    ],
)
def test_stopping_the_questions_says_nothing_was_saved(
    spawn: type[Terminal], lipcare_home: Path, key: str, name: str, code: int, said: str
) -> None:
    env = environment(lipcare_home)
    screen = spawn([*LIPCARE, "checkin", "--date", "yesterday"], env)
    screen.expect("How red are your lips? [0-3, - to skip]:")
    screen.type("1")
    screen.expect("How swollen are your lips? [0-3, - to skip]:")
    screen.press_when_reading(key)
    assert screen.finish() == code, name
    assert said in screen.screen, screen.screen
    assert "Error:" not in screen.screen or code != 130, screen.screen
    # Nothing at all: not even the treatment date given with --date is remembered (issue 22).
    history = subprocess.run([*LIPCARE, "history", "--json"], env=env, capture_output=True, text=True)
    assert history.returncode == 2 and "no treatment date given or remembered" in history.stderr
    assert not (lipcare_home / "journal.sqlite3").exists()


@pytest.mark.slow  # a real terminal and scrypt: CI runs it
def test_ctrl_c_at_the_passphrase_prompt_says_nothing_was_saved(
    spawn: type[Terminal], lipcare_home: Path, tmp_path: Path
) -> None:
    """Typer turns a Ctrl-C outside lipcare's own questions into exit 130 with no word: at the passphrase prompt
    the patient saw the shell's prompt appear on the passphrase line, with nothing said (found by a trial)."""
    pytest.importorskip("sqlcipher3")
    env = environment(lipcare_home)
    secret = tmp_path / "passphrase"
    secret.write_text("a passphrase of mine\n")
    secret.chmod(0o600)
    for args in (["timeline", "--date", "yesterday"], ["data", "encrypt"], ["data", "lock"]):
        with_file = {**env, "LIPCARE_PASSPHRASE_FILE": str(secret)}
        done = subprocess.run([*LIPCARE, *args], env=with_file, capture_output=True)
        assert done.returncode == 0, done.stderr
    screen = spawn([*LIPCARE, "history"], env)
    screen.expect("Passphrase for your lipcare journal:")
    screen.press_when_reading("\x03", any_file=True)
    assert screen.finish() == 130, screen.screen
    after = screen.screen[screen.screen.index("Passphrase for your lipcare journal:") :]
    assert after.splitlines()[1:] == ["Stopped; nothing was saved."], screen.screen


@pytest.mark.parametrize("hour", range(24))
def test_the_real_terminal_tests_run_in_the_afternoon_whatever_the_hour(hour: int) -> None:
    """Real processes take the system's clock: `afternoon()` gives them a zone where it is 14:xx, checked here the
    way the C library reads it."""
    import time as time_module

    now = datetime(2026, 12, 6, hour, 30, tzinfo=UTC)
    zone = afternoon(now)
    previous = os.environ.get("TZ")
    os.environ["TZ"] = zone
    try:
        time_module.tzset()
        assert time_module.localtime(now.timestamp()).tm_hour == 14, zone
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time_module.tzset()
