"""The root group that builds only the command typed (issue 11), and the garbage collector frozen at exit, seen
from real processes: what is loaded, what Arabic help says, what is left on disk when a command ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from lipcare.cli import COMMANDS

SCRIPT = Path(sys.executable).with_name("lipcare")  # the installed command, as a patient runs it


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("LIPCARE_LANG", "NO_COLOR", "FORCE_COLOR")}
    return {**env, "LIPCARE_HOME": str(home), "COLUMNS": "80", "LIPCARE_PAGER": "cat", **extra}


def lipcare(home: Path, *args: str, cwd: Path | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    if not SCRIPT.exists():
        pytest.skip("the lipcare command is not installed beside this Python")
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=env_for(home, **extra),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def with_checkins(home: Path) -> Path:
    for args in (
        ["checkin", "--date", "2026-11-01", "--on", "2026-11-02", "--redness", "2", "--pain", "3"],
        ["checkin", "--on", "2026-11-04", "--redness", "1", "--note", "a little dry"],
    ):
        done = lipcare(home, *args)
        assert done.returncode == 0, done.stderr
    return home


def sqlite_leftovers(home: Path) -> list[str]:
    return sorted(path.name for path in home.iterdir() if path.name.endswith(("-wal", "-shm")))


# --- what a command loads ------------------------------------------------------------------------------------

PROBE = (  # lipcare's own main(), with an atexit handler that says which command modules were imported
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('LOADED ' + ' '.join(sorted(name.rpartition('.')[2] "
    "for name in sys.modules if name.startswith('lipcare.commands.'))) + '\\n'))\n"
    "sys.argv[0] = 'lipcare'\n"
    "from lipcare.cli import main\n"
    "main()\n"
)


def loaded(home: Path, *args: str, **extra: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env_for(home, **extra), timeout=60
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("LOADED")]
    assert len(lines) == 1, f"the atexit handler did not run once after gc.freeze: {done.stderr!r}"
    return done.returncode, set(lines[0].split()[1:])


@pytest.mark.parametrize(
    ("args", "code", "modules"),
    [
        (["--help"], 0, set()),
        (["--lang", "ar", "--help"], 0, set()),
        (["timelin"], 2, set()),
        (["--lang", "ar", "chekin"], 2, set()),
        (["--version"], 0, set()),
        (["timeline", "--date", "2026-11-01", "--on", "2026-11-03"], 0, {"timeline", "common"}),
        (["--lang", "ar", "data", "--help"], 0, {"data", "common"}),
    ],
    ids=lambda value: repr(sorted(value) if isinstance(value, set) else value),  # the same in every process (xdist)
)
def test_a_command_loads_its_own_module_only_and_exit_handlers_still_run(
    tmp_path: Path, args: list[str], code: int, modules: set[str]
) -> None:
    returncode, found = loaded(tmp_path / "home", *args)
    assert returncode == code
    assert found == modules


PROBE_MODULES = (  # lipcare's entry point, saying at exit whether __future__ was loaded, and lipcare's modules
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('FUTURE ' + str('__future__' in sys.modules) + ' ' + ' '.join(sorted("
    "name for name in sys.modules if name.startswith('lipcare'))) + '\\n'))\n"
    "sys.argv[0] = 'lipcare'\n"
    "from lipcare.start import main\n"
    "main()\n"
)


def probed(home: Path, *args: str) -> tuple[bool, list[str]]:
    """Whether `lipcare ARGS` loaded `__future__`, and the lipcare modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE_MODULES, *args], capture_output=True, text=True, env=env_for(home), timeout=60
    )
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("FUTURE")]
    loaded_future, *modules = line.split()[1:]
    return loaded_future == "True", modules


def test_without_missed_reminders_a_command_does_not_load_their_store(tmp_path: Path) -> None:
    """The missed reminders' file is looked for before the module that reads it is loaded (lipcare.cli)."""
    home = tmp_path / "home"
    _future, modules = probed(home, "timeline", "--date", "2026-11-01", "--on", "2026-11-03")
    assert "lipcare.timeline" in modules
    assert "lipcare.remind_store" not in modules
    home.joinpath("reminders.missed").write_bytes(b"")  # there is one: read (an empty one is dropped)
    _future, modules = probed(home, "timeline", "--on", "2026-11-03")
    assert "lipcare.remind_store" in modules
    assert not home.joinpath("reminders.missed").exists()


def test_the_help_page_does_not_load_the_future_module(tmp_path: Path) -> None:
    """`from __future__ import annotations` imports the `__future__` module when it runs: 0.6 million instructions,
    0.3% of the root help's budget (bench/startup.py). The modules a help page loads evaluate their annotations
    instead; a module the commands load after them may still import it."""
    loaded_future, modules = probed(tmp_path / "home", "--help")
    assert "lipcare.helptext" in modules  # the probe saw the help page's own modules
    assert not loaded_future, f"a module of {modules} imports __future__"


# --- Arabic help: listed without building must read as built -------------------------------------------------

FULL_BUILD = (  # every command module imported first, so Typer builds every command before lipcare chooses
    "import sys; from importlib import import_module; from lipcare.cli import COMMANDS, main; "
    "[import_module(f'lipcare.commands.{name}') for name in COMMANDS]; "
    "sys.argv[0] = 'lipcare'; main()"
)


@pytest.mark.parametrize("width", ["120", pytest.param("40", marks=pytest.mark.slow)])  # 40 in CI
@pytest.mark.parametrize(
    ("args", "extra"),
    [
        # Two real processes each: the root's help, a mistyped command and the locale's Arabic in the everyday
        # loop, every one in CI.
        (["--lang", "ar", "--help"], {}),
        (["--lang", "ar", "chekin"], {}),
        (["protocol", "--help"], {"LANG": "ar_EG.UTF-8", "LC_ALL": "ar_EG.UTF-8"}),
        *(
            pytest.param(args, extra, marks=pytest.mark.slow)
            for args, extra in (
                (["--lang", "ar"], {}),
                (["--lang", "ar", "data", "--help"], {}),
                (["--lang", "ar", "data"], {}),
                (["--lang", "ar", "export", "ics", "--help"], {}),
                (["--lang", "ar", "data", "exprot"], {}),
                (["data", "export", "--help"], {"LIPCARE_LANG": "ar"}),
                (["--help"], {"LIPCARE_LANG": "ar"}),
            )
        ),
    ],
    ids=repr,
)
def test_arabic_help_and_errors_are_the_same_as_with_every_command_built(
    tmp_path: Path, width: str, args: list[str], extra: dict[str, str]
) -> None:
    home = tmp_path / "home"
    if not SCRIPT.exists():
        pytest.skip("the lipcare command is not installed beside this Python")
    lazy = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env_for(home, COLUMNS=width, **extra), timeout=60
    )
    full = subprocess.run(
        [sys.executable, "-c", FULL_BUILD, *args],
        capture_output=True,
        text=True,
        env=env_for(home, COLUMNS=width, **extra),
        timeout=60,
    )
    assert (lazy.returncode, lazy.stdout, lazy.stderr) == (full.returncode, full.stdout, full.stderr)
    assert any("\u0600" <= char <= "\u06ff" for char in lazy.stdout + lazy.stderr)  # Arabic, not English twice


def test_the_arabic_list_of_commands_names_every_command_in_order(tmp_path: Path) -> None:
    done = lipcare(tmp_path / "home", "settings", "set", "language", "ar")
    assert done.returncode == 0, done.stderr
    listing = lipcare(tmp_path / "home", "--help").stdout
    commands = next(part for part in listing.split("\n\n") if part.startswith("الأوامر:"))  # "Commands:"
    names = [line.split()[0] for line in commands.splitlines()[1:] if line.startswith("  ") and line[2] != " "]
    assert names == list(COMMANDS)


# --- `--` before the command ----------------------------------------------------------------------------------


def test_a_command_after_a_double_dash_is_the_command_itself(tmp_path: Path) -> None:
    """Before the split, `lipcare -- info` printed nothing and exited 0; it is `lipcare info` now."""
    home = tmp_path / "home"
    assert lipcare(home, "--", "info", "sources").stdout == lipcare(home, "info", "sources").stdout != ""
    done = lipcare(home, "--", "info", "--json")
    assert done.returncode == 0, done.stderr
    assert "protocol" in json.loads(done.stdout)


# --- the garbage collector frozen at exit ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        # A real process each: a check-in in the everyday loop, every one in CI.
        ["checkin", "--redness", "1"],
        *(
            pytest.param(args, marks=pytest.mark.slow)
            for args in (
                ["history"],
                ["history", "--json"],
                ["timeline"],
                ["report", "-o", "report.html"],
                ["export", "ics", "-o", "plan.ics"],
                ["photo", "list"],
                ["photo", "remove", "999"],
                ["data", "export", "-o", "-"],
                ["checkin", "--redness", "9"],
            )
        ),
    ],
    ids=repr,
)
def test_the_journal_is_closed_when_a_command_ends(tmp_path: Path, args: list[str]) -> None:
    """SQLite deletes the journal's -wal and -shm when its last connection closes; an unclosed connection is
    freed only by the garbage collector, which lipcare no longer runs at exit."""
    home = with_checkins(tmp_path / "home")
    lipcare(home, *args, cwd=tmp_path)
    assert sqlite_leftovers(home) == []


@pytest.mark.parametrize(  # a real process each: one in the everyday loop, every one in CI
    "output",
    ["existing.json", *(pytest.param(output, marks=pytest.mark.slow) for output in ("journal.sqlite3", "/dev/null"))],
)
def test_a_refused_export_target_leaves_the_journal_closed(tmp_path: Path, output: str) -> None:
    home = with_checkins(tmp_path / "home")
    (tmp_path / "existing.json").write_text("kept\n", encoding="utf-8")
    target = str(home / output) if output == "journal.sqlite3" else output
    done = lipcare(home, "data", "export", "-o", target, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: ")
    assert (tmp_path / "existing.json").read_text(encoding="utf-8") == "kept\n"
    assert sqlite_leftovers(home) == []


@pytest.mark.slow  # seven real processes: CI runs it, the everyday loop does not
def test_files_written_are_complete_when_the_process_ends(tmp_path: Path) -> None:
    home = with_checkins(tmp_path / "home")
    for args in (
        ["report", "-o", "report.html"],
        ["export", "sheet", "-o", "sheet.html"],
        ["export", "ics", "-o", "plan.ics"],
        ["export", "fhir", "-o", "record.json"],
        ["protocol", "init", "-o", "clinic.toml"],
        ["data", "export", "-o", "journal.json"],
        ["data", "export", "--format", "zip", "-o", "journal.zip"],
    ):
        done = lipcare(home, *args, cwd=tmp_path)
        assert done.returncode == 0, (args, done.stderr)
    assert (tmp_path / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (tmp_path / "sheet.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (tmp_path / "plan.ics").read_text(encoding="utf-8").rstrip().endswith("END:VCALENDAR")
    assert json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))["resourceType"] == "Bundle"
    assert tomllib.loads((tmp_path / "clinic.toml").read_text(encoding="utf-8"))
    exported = json.loads((tmp_path / "journal.json").read_text(encoding="utf-8"))
    assert "a little dry" in json.dumps(exported)
    with zipfile.ZipFile(tmp_path / "journal.zip") as archive:
        assert archive.testzip() is None
        zipped = json.loads(archive.read("journal.json"))
    assert zipped.pop("missing_photos") == 0  # the zip also counts the photos it could not read
    # The two exports ran a moment apart, so their clocks may read different seconds.
    for export in (zipped, exported):
        assert datetime.fromisoformat(export.pop("exported_at")).tzinfo is not None
    assert zipped == exported
    assert sqlite_leftovers(home) == []
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]


def test_every_name_of_the_terminal_package_is_what_its_screen_module_defines() -> None:
    """lipcare.render.terminal loads a screen's module when one of its names is first used; a module named like
    a function (`console`) would replace the function on the package once imported."""
    import importlib
    import pkgutil
    import types

    import lipcare.render.terminal as terminal

    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.iter_modules(terminal.__path__, "lipcare.render.terminal.")
    ]
    assert len(modules) >= 8
    for name in terminal.__all__:
        value = getattr(terminal, name)
        assert not isinstance(value, types.ModuleType), name
        assert any(getattr(module, name, None) is value for module in modules), name
