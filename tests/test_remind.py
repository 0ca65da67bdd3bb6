"""Desktop reminders (`lipcare remind`): what is planned, what the scheduler is given, what is shown on a real
notification service, and that a reminder that could not be shown is always shown later."""

from __future__ import annotations

import os
import plistlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path

import pytest
from conftest import Cli

from lipcare import clock, notify, paths, remind_store, scheduler
from lipcare.protocol import load_protocol
from lipcare.reminders import LOW, NORMAL, plan_reminders
from lipcare.render.scheduler import launchd_plist, systemd_service, systemd_timer, task_xml
from lipcare.scheduler import Run

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "remind"
UPDATE = os.environ.get("LIPCARE_UPDATE_GOLDEN") == "1"
REQUIRED = os.environ.get("LIPCARE_REQUIRE_TOOLS") == "1"
REAL_COMMAND = scheduler.command
REAL_SYSTEMD_DIR = scheduler.systemd_dir
"""conftest keeps every test away from the machine's scheduler; the tests here give it back with a fake one."""
MOCK_PYTHON = "/usr/bin/python3"
"""The system's Python, which has dbus-python and Debian's python3-dbusmock (the venv cannot build dbus-python)."""


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        if REQUIRED:
            pytest.fail(f"{program} is required (LIPCARE_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{program} is not installed; .ci/run installs it")
    return path


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The systemd user folder in the test's own folder, never the real one."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setattr(scheduler, "systemd_dir", REAL_SYSTEMD_DIR)
    return config


@pytest.fixture
def systemctl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `systemctl` on PATH that logs its arguments and says a user manager is running."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "systemctl.log"
    script = bin_dir / "systemctl"
    script.write_text(
        f'#!/bin/sh\necho "$*" >> "{log}"\n'
        'case "$*" in *is-system-running*) echo running;; *is-enabled*) echo enabled;; esac\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(scheduler, "command", REAL_COMMAND)
    return log


def installed(cli: Cli, treated: str = "2026-11-22") -> None:
    assert cli("timeline", "--date", treated).exit_code == 0
    result = cli("remind", "install")
    assert result.exit_code == 0, result.stderr


# --- what is planned ----------------------------------------------------------------------------------------


def test_the_plan_has_every_rinse_and_checkin_with_its_urgency_never_critical() -> None:
    protocol = load_protocol()
    reminders = plan_reminders(protocol, date(2026, 11, 22))
    rinses = [item for item in reminders if item.kind == "rinse"]
    checkins = [item for item in reminders if item.kind == "checkin"]
    assert len(rinses) == 8 * 4  # days 0-7, four times a day
    assert rinses[0].at == datetime(2026, 11, 22, 8, 0) and rinses[-1].at == datetime(2026, 11, 29, 20, 0)
    assert [item.at.date() for item in checkins[:2]] == [date(2026, 11, 22), date(2026, 11, 23)]
    assert checkins[-1].at == datetime(2027, 2, 14, 19, 0)  # day 84: the last weekly one before day 90
    assert {item.urgency for item in rinses} == {NORMAL} and {item.urgency for item in checkins} == {LOW}
    assert reminders == sorted(reminders, key=lambda item: item.at)
    later = plan_reminders(protocol, date(2026, 11, 22), datetime(2026, 11, 22, 14, 0).time())
    assert later[0].at == datetime(2026, 11, 22, 16, 0)  # the rinses before the treatment's time are dropped


def test_a_clinic_title_with_control_characters_is_inert(tmp_path: Path) -> None:
    protocol = load_protocol()
    rinse = protocol.rinse._replace(title="Rinse\x1b[31m\u202e")
    reminders = plan_reminders(protocol._replace(rinse=rinse), date(2026, 11, 22))
    assert reminders[0].title == "Rinse\\x1b[31m\\u202e"


# --- install, status, remove ---------------------------------------------------------------------------------


def test_install_writes_the_units_and_starts_the_timer_with_a_user_manager(
    cli: Cli, systemctl: Path, config_home: Path, lipcare_home: Path
) -> None:
    installed(cli)
    units = config_home / "systemd" / "user"
    service = (units / "lipcare-reminders.service").read_text(encoding="utf-8")
    assert f'ExecStart="{sys.executable}" "-m" "lipcare" "remind" "due"' in service
    assert f'Environment="LIPCARE_HOME={lipcare_home}"' in service
    assert "Persistent=true" in (units / "lipcare-reminders.timer").read_text(encoding="utf-8")
    calls = systemctl.read_text(encoding="utf-8").splitlines()
    assert "--user daemon-reload" in calls and "--user enable --now lipcare-reminders.timer" in calls
    status = cli("remind", "status")
    assert "Desktop reminders are installed: a systemd user timer." in status.stdout
    assert "Next reminder: 2026-11-24 12:00, Ointment; Cold-water rinse." in status.stdout
    assert "Last reminder of the plan: 2027-02-14 19:00" in status.stdout
    removed = cli("remind", "remove")
    assert removed.exit_code == 0
    assert "--user disable --now lipcare-reminders.timer" in systemctl.read_text(encoding="utf-8")
    assert not (config_home / "systemd").exists()  # the folders install made, empty, went with the units
    assert not any(path.name.startswith("reminders.") for path in lipcare_home.iterdir())
    assert "not installed" in cli("remind", "status").stdout


def test_remove_keeps_a_systemd_folder_that_holds_anything_else(cli: Cli, config_home: Path) -> None:
    mine = config_home / "systemd" / "user" / "other.service"
    mine.parent.mkdir(parents=True)
    mine.write_text("[Unit]\n", encoding="utf-8")
    installed(cli)
    assert cli("remind", "remove").exit_code == 0
    assert sorted(path.name for path in mine.parent.iterdir()) == ["other.service"]


def test_without_a_user_manager_the_files_are_written_and_the_command_to_start_them_said(
    cli: Cli, config_home: Path
) -> None:
    assert cli("timeline", "--date", "2026-11-22").exit_code == 0
    result = cli("remind", "install")
    assert result.exit_code == 0, result.stderr
    assert (config_home / "systemd" / "user" / "lipcare-reminders.timer").exists()
    assert result.stdout.startswith("Desktop reminders written, but not started yet: a systemd user timer.")
    assert "The timer could not be started here. Start it with:" in result.stdout
    assert "systemctl --user daemon-reload && systemctl --user enable --now lipcare-reminders.timer" in result.stdout


def test_install_without_a_treatment_date_is_one_line_and_installs_nothing(cli: Cli, config_home: Path) -> None:
    result = cli("remind", "install")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no treatment date" in result.stderr
    assert not config_home.exists()


def test_a_plan_that_has_ended_installs_nothing(cli: Cli, config_home: Path, lipcare_home: Path) -> None:
    assert cli("timeline", "--date", "2026-01-05").exit_code == 0
    result = cli("remind", "install")
    assert result.exit_code == 1
    assert "your plan's reminders ended on 2026-03-30; nothing was installed." in result.stderr
    assert not config_home.exists()
    assert not any(path.name.startswith("reminders.") for path in lipcare_home.iterdir())


def test_status_names_every_reminder_due_at_the_next_minute(
    cli: Cli, systemctl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed(cli)
    monkeypatch.setattr(clock, "now", lambda: clock_time(19, 30))  # next: 20:00, a rinse and both medicines
    status = cli("remind", "status")
    assert status.exit_code == 0, status.stderr
    assert "Next reminder: 2026-11-24 20:00, Antiviral medicine; Ointment; Cold-water rinse." in status.stdout


def test_status_json(cli: Cli, systemctl: Path) -> None:
    import json

    installed(cli)
    data = json.loads(cli("remind", "status", "--json").stdout)
    assert data["schema"] == "lipcare.remind/1"
    assert data["installed"] is True and data["enabled"] is True and data["ended"] is False
    assert data["next"] == {"at": "2026-11-24T12:00", "kind": "dose", "title": "Ointment", "urgency": "normal"}
    assert data["missed"] == 0


# --- due: on time, late, not shown -----------------------------------------------------------------------------


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[notify.Notification]:
    """Notifications 'shown' (kept here instead of a desktop)."""
    notes: list[notify.Notification] = []
    monkeypatch.setattr(notify, "show", notes.append)
    return notes


def test_due_shows_what_fell_due_once(cli: Cli, shown: list[notify.Notification]) -> None:
    installed(cli)
    assert cli("remind", "due", "--now", "2026-11-24T11:55").exit_code == 0
    assert shown == []
    assert cli("remind", "due", "--now", "2026-11-24T12:00").exit_code == 0
    assert shown == [notify.Notification("Ointment · Cold-water rinse", shown[0].body, NORMAL)]  # one, together
    assert "Cold-water rinse: Rinse your lips gently" in shown[0].body
    assert cli("remind", "due", "--now", "2026-11-24T12:05").exit_code == 0
    assert len(shown) == 1  # never twice


def test_no_checkin_reminder_on_a_day_already_checked_in(cli: Cli, shown: list[notify.Notification]) -> None:
    installed(cli)
    assert cli("remind", "due", "--now", "2026-11-24T18:55").exit_code == 0  # up to today's 19:00 check-in
    shown.clear()
    assert cli("checkin", "--redness", "1", "--swelling", "1", "--pain", "1").exit_code == 0  # today, 10:30
    assert cli("remind", "due", "--now", "2026-11-24T19:05").exit_code == 0
    assert [note.summary for note in shown] == []  # the check-in was done: not asked again in the evening
    assert cli("remind", "due", "--now", "2026-11-25T18:55").exit_code == 0
    shown.clear()
    assert cli("remind", "due", "--now", "2026-11-25T19:00").exit_code == 0
    assert [note.summary for note in shown] == ["Lip check-in"]  # tomorrow's is still asked


def test_a_reminder_after_a_suspend_says_it_is_late_and_is_listed_later(
    cli: Cli, shown: list[notify.Notification]
) -> None:
    installed(cli)
    assert cli("remind", "due", "--now", "2026-11-24T17:20").exit_code == 0
    assert [note.summary for note in shown] == ["5 missed reminders"]  # 16:00's are 80 minutes late too
    assert shown[0].body.splitlines() == [
        "Shown late, at 17:20; they were due at:",
        "12:00 Ointment",
        "12:00 Cold-water rinse",
        "14:00 Ointment",
        "16:00 Ointment",
        "16:00 Cold-water rinse",
        # the ointment's doses are late too: what to do is the clinic's or pharmacist's to say, never a guess
        "For a late dose of a medicine, ask your clinic or pharmacist what to do now rather than guess.",
    ]
    # a help page is documentation: the missed reminders wait for the next command
    assert "Missed reminders" not in cli("--help").stderr + cli("info", "-h").stderr + cli("--version").stderr
    result = cli("info", "sources")
    assert result.stderr.splitlines()[-6:] == [
        "Missed reminders:",
        "  12:00  Ointment (shown late, at 17:20)",
        "  12:00  Cold-water rinse (shown late, at 17:20)",
        "  14:00  Ointment (shown late, at 17:20)",
        "  16:00  Ointment (shown late, at 17:20)",
        "  16:00  Cold-water rinse (shown late, at 17:20)",
    ]
    assert "Missed reminders" not in cli("info", "sources").stderr  # shown once, then marked seen


def test_several_late_reminders_are_one_notification(cli: Cli, shown: list[notify.Notification]) -> None:
    installed(cli)
    assert cli("remind", "due", "--now", "2026-11-25T08:05").exit_code == 0
    late = [note for note in shown if "missed reminders" in note.summary]
    assert len(late) == 1
    assert late[0].summary == "10 missed reminders"
    assert late[0].body.splitlines() == [
        "Shown late, at 08:05; they were due at:",
        "2026-11-24 12:00 Ointment",
        "2026-11-24 12:00 Cold-water rinse",
        "2026-11-24 14:00 Ointment",
        "2026-11-24 16:00 Ointment",
        "2026-11-24 16:00 Cold-water rinse",
        "2026-11-24 18:00 Ointment",
        "2026-11-24 19:00 Lip check-in",
        "2026-11-24 20:00 Antiviral medicine",
        "and 2 more",
        "For a late dose of a medicine, ask your clinic or pharmacist what to do now rather than guess.",
    ]
    on_time = "Antiviral medicine · Ointment · Cold-water rinse"  # 08:00's, together, and last
    assert [note.summary for note in shown] == ["10 missed reminders", on_time]


def test_without_a_session_bus_the_reminder_is_kept_and_shown_by_the_next_command(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed(cli)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    result = cli("remind", "due", "--now", "2026-11-24T12:00")
    assert result.exit_code == 1
    assert "2 reminders not shown (no desktop session bus to show it on" in result.stderr  # ointment and rinse
    assert "kept for the next lipcare command" in result.stderr
    assert "Missed reminders" not in cli("timeline", "--json").stderr  # not beside JSON
    later = cli("timeline")
    assert later.stderr.splitlines()[-3:] == [
        "Missed reminders:",
        "  12:00  Ointment (not shown: no desktop session bus to show it on)",
        "  12:00  Cold-water rinse (not shown: no desktop session bus to show it on)",
    ]
    assert "Missed reminders" not in cli("timeline").stderr


def test_reminders_stop_when_the_plan_ends(
    cli: Cli, shown: list[notify.Notification], systemctl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed(cli)
    assert cli("remind", "due", "--now", "2027-02-14T19:00").exit_code == 0
    shown.clear()
    assert cli("remind", "due", "--now", "2027-06-01T19:00").exit_code == 0
    assert shown == []
    import json

    from lipcare import clock

    monkeypatch.setattr(clock, "today", lambda: date(2027, 6, 1))
    data = json.loads(cli("remind", "status", "--json").stdout)
    assert data["ended"] is True and data["next"] is None
    assert "The plan's reminders ended on 2027-02-14: none are left." in cli("remind", "status").stdout


def test_a_new_treatment_date_changes_the_reminders_without_reinstalling(
    cli: Cli, shown: list[notify.Notification]
) -> None:
    installed(cli)
    assert cli("timeline", "--date", "2026-11-24").exit_code == 0  # another treatment: day 0 today
    assert cli("remind", "due", "--now", "2026-11-24T12:00").exit_code == 0
    assert [note.summary for note in shown] == ["Ointment · Cold-water rinse"]
    schedule = remind_store.read(str(paths.data_dir() / remind_store.SCHEDULE))
    assert isinstance(schedule, dict) and schedule["treatment"] == "2026-11-24"


def test_the_missed_check_needs_no_journal_and_costs_one_open(lipcare_home: Path) -> None:
    assert remind_store.take_missed(str(lipcare_home)) == []
    lipcare_home.mkdir()
    remind_store.write(str(lipcare_home / remind_store.MISSED), [(202611241200, "rinse", "Rinse", "no-bus", 0)])
    assert remind_store.take_missed(str(lipcare_home)) == [(202611241200, "rinse", "Rinse", "no-bus", 0)]
    assert not (lipcare_home / remind_store.MISSED).exists()


def test_a_command_looks_for_missed_reminders_under_the_timers_name() -> None:
    """A command looks for the file by lipcare.paths' name before it loads the store that reads it."""
    assert paths.MISSED_REMINDERS_NAME == remind_store.MISSED


@pytest.mark.parametrize(
    "environment",
    [{"LIPCARE_HOME": "/tmp/x"}, {"XDG_DATA_HOME": "/tmp/data"}, {"XDG_DATA_HOME": "relative"}, {}],
)
def test_the_timers_data_folder_is_lipcares(environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LIPCARE_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert remind_store.data_folder() == str(paths.data_dir())


# --- the scheduler's files -----------------------------------------------------------------------------------

RUN = Run(
    ("/opt/lipcare venv/bin/python3", "-m", "lipcare", "remind", "due"),
    (("LIPCARE_HOME", "/home/sam/100% lips"), ("LIPCARE_LANG", "ar")),
)


def compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.read_text(encoding="utf-8") == text, f"{name} changed: LIPCARE_UPDATE_GOLDEN=1 rewrites it"


def test_the_scheduler_files_are_as_reviewed() -> None:
    compare("lipcare-reminders.service", systemd_service(RUN))
    compare("lipcare-reminders.timer", systemd_timer())
    compare("lipcare.reminders.plist", launchd_plist(RUN).decode("utf-8"))
    compare("lipcare-reminders-task.xml", task_xml(RUN, "2026-11-24T00:00:00"))


def test_the_plist_and_task_run_this_lipcare_with_its_folder() -> None:
    agent = plistlib.loads(launchd_plist(RUN))
    assert agent["ProgramArguments"] == list(RUN.argv)
    assert agent["EnvironmentVariables"] == {"LIPCARE_HOME": "/home/sam/100% lips", "LIPCARE_LANG": "ar"}
    task = task_xml(RUN, "2026-11-24T00:00:00")
    assert '-m lipcare remind due --home "/home/sam/100% lips" --lang ar' in task
    assert "<StartWhenAvailable>true</StartWhenAvailable>" in task


def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    analyze = need("systemd-analyze")
    units = tmp_path / "units"
    units.mkdir()
    run = Run((sys.executable, "-m", "lipcare", "remind", "due"), (("LIPCARE_HOME", str(tmp_path / "h 100%")),))
    (units / "lipcare-reminders.service").write_text(systemd_service(run), encoding="utf-8")
    (units / "lipcare-reminders.timer").write_text(systemd_timer(), encoding="utf-8")
    # A container has no user runtime folder; systemd-analyze needs one, with a short path: the sockets of the
    # system's own user units are named inside it, and a socket's path has at most 107 bytes.
    with tempfile.TemporaryDirectory(prefix="xdg-") as runtime:
        names = ["lipcare-reminders.timer", "lipcare-reminders.service"]
        command = [analyze, "verify", "--user", "--man=no", *names]
        env = {**os.environ, "XDG_RUNTIME_DIR": runtime}
        done = subprocess.run(command, cwd=units, env=env, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        (units / "lipcare-reminders.timer").write_text(systemd_timer().replace("*:0/5", "every 5"), encoding="utf-8")
        broken = subprocess.run(command, cwd=units, env=env, capture_output=True, text=True, timeout=60, check=False)
        assert broken.returncode != 0  # the check can fail


def test_the_macos_and_windows_notifiers_keep_the_text_as_data() -> None:
    note = notify.Notification('Rinse "now"', "it's <b>&</b> \\ $(rm -rf)", NORMAL)
    argv = notify.osascript_argv(note)
    assert argv[-2:] == [note.summary, note.body]  # arguments, never inside the script
    script = notify.powershell_script(note)
    assert "it''s &lt;b&gt;&amp;&lt;/b&gt; \\ $(rm -rf)" in script
    assert "Rinse &quot;now&quot;" in script
    import base64

    encoded = notify.powershell_argv(note)[-1]
    assert base64.b64decode(encoded).decode("utf-16-le") == script


# --- a real notification service on a private session bus --------------------------------------------------------


@contextmanager
def private_bus(tmp_path: Path, *command: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A session bus of its own (dbus-run-session) running `command`, and its address."""
    need("dbus-run-session")
    address_file = tmp_path / "bus-address"
    shell = 'printf %s "$DBUS_SESSION_BUS_ADDRESS" > "$0"; exec "$@"'
    process = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", shell, str(address_file), *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not (address_file.exists() and address_file.read_text(encoding="utf-8")):
            assert time.monotonic() < deadline and process.poll() is None, "the private bus did not start"
            time.sleep(0.02)
        yield address_file.read_text(encoding="utf-8"), process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def owned(address: str, name: str) -> bool:
    from jeepney import DBusAddress, new_method_call  # type: ignore[import-untyped]
    from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

    bus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus")
    with open_dbus_connection(bus=address) as connection:
        reply = connection.send_and_get_reply(new_method_call(bus, "NameHasOwner", "s", (name,)), timeout=5)
    return bool(reply.body[0])


def due_process(address: str, now: str) -> subprocess.CompletedProcess[str]:
    """`lipcare remind due` as the timer runs it: its own process, through lipcare.start's fast path."""
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    return subprocess.run(
        [sys.executable, "-m", "lipcare", "remind", "due", "--now", now],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_bus_without_a_notification_service_keeps_the_reminder(cli: Cli, tmp_path: Path) -> None:
    """In the quick loop: a bare private bus costs a few milliseconds."""
    installed(cli)
    with private_bus(tmp_path, "sleep", "60") as (address, _process):
        done = due_process(address, "2026-11-24T12:00")
        assert done.returncode == 1
        assert "not shown (no notification service was running" in done.stderr
    later = cli("info", "sources")
    assert "12:00  Cold-water rinse (not shown: no notification service was running)" in later.stderr


@pytest.mark.slow
def test_a_real_notification_service_gets_the_summary_body_and_urgency(cli: Cli, tmp_path: Path) -> None:
    if not Path(MOCK_PYTHON).exists() or subprocess.run([MOCK_PYTHON, "-c", "import dbusmock"], check=False).returncode:
        if REQUIRED:
            pytest.fail("python3-dbusmock is required (LIPCARE_REQUIRE_TOOLS=1) but not installed")
        pytest.skip("python3-dbusmock is not installed; .ci/run installs it")
    installed(cli)
    assert cli("appointment", "add", "2026-11-26", "--note", "bring <scans> & notes").exit_code == 0
    log = tmp_path / "notifications.log"
    mock = [MOCK_PYTHON, "-m", "dbusmock", "--session", "--template", "notification_daemon", "-l", str(log)]
    mock += ["-p", '{"capabilities": "body body-markup"}']  # a server that reads markup: outside text is escaped
    with private_bus(tmp_path, *mock) as (address, process):
        deadline = time.monotonic() + 30
        while not owned(address, "org.freedesktop.Notifications"):
            assert time.monotonic() < deadline and process.poll() is None, "the notification service did not start"
            time.sleep(0.05)
        on_time = due_process(address, "2026-11-24T12:00")
        assert on_time.returncode == 0, on_time.stderr
        late = due_process(address, "2026-11-24T19:40")  # 16:00 slept through; 19:00 is 40 minutes late too
        assert late.returncode == 0, late.stderr
        evening = due_process(address, "2026-11-25T18:00")  # a day asleep, then the appointment of tomorrow
        assert evening.returncode == 0, evening.stderr
        calls = [line.split(" ", 1)[1] for line in log.read_text(encoding="utf-8").splitlines() if " Notify " in line]
    text = "Rinse your lips gently with cold water, pat them dry with a clean towel, then put your ointment straight"
    assert calls[0] == (
        'Notify "lipcare" 0 "" "Ointment · Cold-water rinse" "Ointment: A layer of the ointment your clinic '
        "recommends. The time is a suggestion: follow your clinic's times."
    )
    assert f'\nCold-water rinse: {text} back on." [] {{"urgency": 1}} -1' in log.read_text(encoding="utf-8")
    assert calls[1].startswith('Notify "lipcare" 0 "" "5 missed reminders" "Shown late, at 19:40; they were due at:')
    said = log.read_text(encoding="utf-8")
    advice = "For a late dose of a medicine, ask your clinic or pharmacist what to do now rather than guess."
    assert f'16:00 Cold-water rinse\n18:00 Ointment\n19:00 Lip check-in\n{advice}" [] {{"urgency": 1}} -1' in said
    assert calls[2].startswith('Notify "lipcare" 0 "" "12 missed reminders"')
    # at 18:00 the appointment's evening reminder and the ointment's dose are one notification
    assert calls[3] == (
        'Notify "lipcare" 0 "" "Follow-up appointment · Ointment" '
        '"Follow-up appointment: Tomorrow. bring &lt;scans&gt; &amp; notes'
    )
    assert len(calls) == 4


def test_without_its_address_the_user_bus_of_the_runtime_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    with pytest.raises(notify.NotShown) as none:
        notify.session_bus()
    assert none.value.why == "no-bus"
    (tmp_path / "bus").touch()
    assert notify.session_bus() == f"unix:path={tmp_path / 'bus'}"


def test_due_with_nothing_due_loads_no_typer_protocol_or_journal(cli: Cli) -> None:
    """What the timer runs every 5 minutes is cheap: its imports, as python -X importtime lists them."""
    installed(cli)
    command = [sys.executable, "-X", "importtime", "-m", "lipcare", "remind", "due", "--now", "2026-11-24T11:00"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "lipcare.remind_due" in imported and "lipcare.remind_store" in imported
    heavy = {"typer", "rich", "lipcare.protocol", "lipcare.journal", "sqlite3", "jeepney", "json", "pathlib", "typing"}
    assert sorted(imported & heavy) == []


def test_data_erase_deletes_the_reminders_files(cli: Cli, lipcare_home: Path) -> None:
    installed(cli)
    assert (lipcare_home / remind_store.SCHEDULE).exists()
    assert cli("data", "erase", "--yes").exit_code == 0
    assert not any(path.name.startswith("reminders.") for path in lipcare_home.iterdir())
    assert cli("remind", "due", "--now", "2026-11-24T12:00").exit_code == 0  # the timer, if left: nothing to show


def test_data_erase_everything_stops_the_timer_and_deletes_its_units(
    cli: Cli, systemctl: Path, config_home: Path, lipcare_home: Path
) -> None:
    installed(cli)
    units = config_home / "systemd" / "user"
    assert sorted(path.name for path in units.iterdir()) == ["lipcare-reminders.service", "lipcare-reminders.timer"]
    result = cli("data", "erase", "--everything", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "--user disable --now lipcare-reminders.timer" in systemctl.read_text(encoding="utf-8")
    assert list(units.iterdir()) == []
    assert "lipcare-reminders.timer" in result.stdout + result.stderr


def test_an_appointment_is_announced_the_evening_before_and_on_the_day(
    cli: Cli, shown: list[notify.Notification]
) -> None:
    installed(cli)
    added = cli("appointment", "add", "2026-11-26", "10:30", "--where", "Lip Clinic", "--note", "check\x1b[31m")
    assert added.exit_code == 0, added.stderr
    assert cli("remind", "due", "--now", "2026-11-25T18:00").exit_code == 0  # the plan changed: no reinstall
    assert shown[0].summary == "19 missed reminders"  # since the install: the late ones first, in one notification
    assert shown[-1].summary == "Follow-up appointment · Ointment"  # due at 18:00 both: one notification
    assert shown[-1].body.startswith("Follow-up appointment: Tomorrow at 10:30. Lip Clinic, check\\x1b[31m\n")
    assert cli("remind", "due", "--now", "2026-11-26T08:30").exit_code == 0
    assert shown[-1] == notify.Notification("Follow-up appointment", "Today at 10:30. Lip Clinic, check\\x1b[31m", 1)
    assert cli("appointment", "add", "2027-03-01").exit_code == 0  # after the last check-in: the plan ends later
    import json

    data = json.loads(cli("remind", "status", "--json").stdout)
    assert data["last"] == {"at": "2027-03-01T08:00", "kind": "appointment", "title": "Follow-up appointment",
                            "urgency": "normal"}  # fmt: skip


def test_reminders_due_at_the_same_minute_are_one_notification(cli: Cli, shown: list[notify.Notification]) -> None:
    installed(cli)
    assert cli("appointment", "add", "2026-11-25", "10:00", "--where", "Lip Clinic").exit_code == 0
    assert cli("remind", "due", "--now", "2026-11-25T07:55").exit_code == 0  # yesterday's, late
    shown.clear()
    assert cli("remind", "due", "--now", "2026-11-25T08:00").exit_code == 0
    rinse = "Rinse your lips gently with cold water, pat them dry with a clean towel, then put your ointment"
    assert [note.summary for note in shown] == [
        "Follow-up appointment · Antiviral medicine · Ointment · Cold-water rinse"
    ]
    lines = shown[0].body.splitlines()
    assert lines[0] == "Follow-up appointment: Today at 10:00. Lip Clinic"
    assert lines[-1] == f"Cold-water rinse: {rinse} straight back on."
    assert shown[0].urgency == NORMAL


def test_doses_are_reminded_at_their_times_and_a_changed_medicine_needs_no_reinstall(
    cli: Cli, shown: list[notify.Notification]
) -> None:
    installed(cli)
    assert cli("remind", "due", "--now", "2026-11-24T11:55").exit_code == 0  # the morning's, late
    shown.clear()
    assert cli("remind", "due", "--now", "2026-11-24T20:00").exit_code == 0
    evening = shown[-1]  # the rinse and the antiviral's suggested time
    assert evening.summary == "Antiviral medicine · Ointment · Cold-water rinse" and evening.urgency == NORMAL
    assert "Antiviral medicine: As your clinic prescribed. The time is a suggestion" in evening.body
    added = cli("medicine", "add", "Paracetamol", "--times", "21:00", "--to", "day 5", "--dose", "1 tablet")
    assert added.exit_code == 0, added.stderr
    shown.clear()
    assert cli("remind", "due", "--now", "2026-11-24T21:00").exit_code == 0
    assert shown == [notify.Notification("Paracetamol", "1 tablet", NORMAL)]


def test_a_late_rinse_alone_gives_no_dose_advice_and_a_late_dose_does() -> None:
    """Only a late dose carries the 'ask your clinic or pharmacist' line: a trial found a late antiviral
    listed bare, with the next dose due hours later (a prompt to double up)."""
    from lipcare.render import notification

    rinse = (202611241200, "rinse", "Cold-water rinse", "Rinse your lips.", NORMAL)
    dose = (202611240800, "dose", "Antiviral medicine", "As your clinic prescribed", NORMAL)
    advice = "For a late dose of a medicine, ask your clinic or pharmacist what to do now rather than guess."
    assert advice not in notification.late([rinse], 202611241400).body
    alone = notification.late([dose], 202611241400)
    assert alone.body.splitlines() == ["Late: due at 08:00, shown at 14:00.", "As your clinic prescribed", advice]
    assert notification.late([dose, rinse], 202611241400).body.splitlines()[-1] == advice
