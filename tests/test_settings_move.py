"""Settings live in $XDG_CONFIG_HOME/lipcare; those an earlier lipcare kept beside the journal move there once,
safely, even when lipcare is killed half-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

OLD_SETTINGS = {"clinic-phone": "+44 20 7946 0000", "language": "en"}


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A home with XDG folders and no LIPCARE_HOME, as a patient has; settings from before the move."""
    places = {name: tmp_path / name for name in ("data", "config", "cache")}
    monkeypatch.delenv("LIPCARE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    for name, folder in places.items():
        monkeypatch.setenv(f"XDG_{name.upper()}_HOME", str(folder))
    old = places["data"] / "lipcare" / "settings.json"
    old.parent.mkdir(parents=True, mode=0o700)
    old.write_text(json.dumps(OLD_SETTINGS), encoding="utf-8")
    old.chmod(0o600)
    return places


def new_file(xdg: dict[str, Path]) -> Path:
    return xdg["config"] / "lipcare" / "settings.json"


def old_file(xdg: dict[str, Path]) -> Path:
    return xdg["data"] / "lipcare" / "settings.json"


def test_settings_are_kept_in_the_config_folder(cli: object, xdg: dict[str, Path]) -> None:
    old_file(xdg).unlink()
    result = cli("settings", "set", "clinic-name", "Lip Clinic")  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    assert json.loads(new_file(xdg).read_text(encoding="utf-8")) == {"clinic-name": "Lip Clinic"}
    assert oct(new_file(xdg).stat().st_mode & 0o777) == "0o600"
    assert oct(new_file(xdg).parent.stat().st_mode & 0o777) == "0o700"
    assert not old_file(xdg).exists()


def test_old_settings_move_once_to_the_config_folder(cli: object, xdg: dict[str, Path]) -> None:
    shown = cli("settings", "show", "--json")  # type: ignore[operator]
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(new_file(xdg).read_text(encoding="utf-8")) == OLD_SETTINGS
    assert not old_file(xdg).exists()
    assert json.loads(shown.stdout)["settings"]["clinic-phone"]["value"] == "+44 20 7946 0000"


MOVE = """
import os, pathlib, signal, sys
from lipcare.settings import settings_path
step = sys.argv[1]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if step == "before-rename":
    pathlib.Path.replace = die   # the copy is written under its temporary name, not yet renamed into place
else:
    pathlib.Path.unlink = die    # the copy is in place; the old file is not yet removed
settings_path()
"""


@pytest.mark.parametrize("step", ["before-rename", "before-removing-the-old-file"])
def test_a_move_killed_half_way_loses_nothing_and_finishes_next_time(
    cli: object, xdg: dict[str, Path], step: str
) -> None:
    killed = subprocess.run([sys.executable, "-c", MOVE, step], env=dict(os.environ), timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert json.loads(old_file(xdg).read_text(encoding="utf-8")) == OLD_SETTINGS  # still there
    if step == "before-rename":
        assert not new_file(xdg).exists()
    else:
        assert json.loads(new_file(xdg).read_text(encoding="utf-8")) == OLD_SETTINGS
    shown = cli("settings", "show", "--json")  # type: ignore[operator]
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["settings"]["clinic-phone"]["value"] == "+44 20 7946 0000"
    assert json.loads(new_file(xdg).read_text(encoding="utf-8")) == OLD_SETTINGS
    assert not old_file(xdg).exists()


def test_settings_changed_in_both_places_keep_the_new_and_leave_the_old(cli: object, xdg: dict[str, Path]) -> None:
    new_file(xdg).parent.mkdir(parents=True, mode=0o700)
    new_file(xdg).write_text(json.dumps({"clinic-phone": "+1 555 0100"}), encoding="utf-8")
    new_file(xdg).chmod(0o600)
    old = old_file(xdg).read_bytes()
    kept = old_file(xdg).with_name("settings.unused.json")
    shown = cli("settings", "show", "--json")  # type: ignore[operator]
    assert json.loads(shown.stdout)["settings"]["clinic-phone"]["value"] == "+1 555 0100"
    # Said once, on stderr: the older settings are set aside under a name of their own, never lost.
    assert shown.stderr == (
        f"Note: older settings beside your journal differ from those in force ({new_file(xdg)}); lipcare uses "
        f"only those and kept the older ones as {kept}. Compare them, then delete the one you do not want.\n"
    )
    assert kept.read_bytes() == old and not old_file(xdg).exists()
    again = cli("settings", "show")  # type: ignore[operator]
    assert "Note:" not in again.stderr  # once
    assert again.stderr.splitlines()[-1] == (
        f"(older settings, not used, are in {kept}; delete it once you have compared them)"
    )
    assert "Note:" not in cli("timeline", "--date", "2026-11-20").stderr  # type: ignore[operator]
    erased = cli("data", "erase", "--yes", "--settings")  # type: ignore[operator]
    assert erased.exit_code == 0, erased.stderr
    assert not kept.exists() and not new_file(xdg).exists()
    assert "(older settings" not in cli("settings", "show").stderr  # type: ignore[operator]


def test_older_settings_set_aside_before_stay_where_they_are_and_are_said_each_time(
    cli: object, xdg: dict[str, Path]
) -> None:
    new_file(xdg).parent.mkdir(parents=True, mode=0o700)
    new_file(xdg).write_text(json.dumps({"clinic-phone": "+1 555 0100"}), encoding="utf-8")
    new_file(xdg).chmod(0o600)
    kept = old_file(xdg).with_name("settings.unused.json")
    kept.write_text("{}")
    for _ in range(2):
        shown = cli("settings", "show")  # type: ignore[operator]
        assert shown.exit_code == 0
        assert f"Note: older settings in {old_file(xdg)} differ from those in force" in shown.stderr
    assert old_file(xdg).exists() and kept.read_text() == "{}"


def test_settings_show_says_what_is_in_force_and_where_it_comes_from(cli: object, tmp_path: Path) -> None:
    """`protocol: (not set)` while LIPCARE_PROTOCOL was in force was wrong: the environment wins, and says so."""
    protocol = tmp_path / "clinic.toml"
    made = cli("protocol", "init", str(protocol))  # type: ignore[operator]
    assert made.exit_code == 0, made.stderr
    cli("settings", "set", "clinic-phone", "+44 20 7946 0000")  # type: ignore[operator]
    env = {"LIPCARE_PROTOCOL": str(protocol), "LIPCARE_LANG": "en"}
    shown = cli("settings", "show", env=env)  # type: ignore[operator]
    lines = shown.stdout.splitlines()
    assert f"protocol: {protocol} (environment variable LIPCARE_PROTOCOL)" in lines
    assert "language: en (environment variable LIPCARE_LANG)" in lines
    assert "clinic-phone: +44 20 7946 0000 (your settings)" in lines
    assert "unlock-minutes: 15 (default)" in lines and "patient-name: (not set)" in lines
    data = json.loads(cli("settings", "show", "--json", env=env).stdout)  # type: ignore[operator]
    assert data["schema"] == "lipcare.settings/1"
    assert data["settings"]["protocol"] == {"value": str(protocol), "from": "environment", "by": "LIPCARE_PROTOCOL"}
    assert data["settings"]["patient-name"] == {"value": None, "from": None, "by": None}  # unset is null, not ""
    assert data["settings"]["clinic-phone"]["from"] == "settings"
    flag = json.loads(cli("--lang", "ar", "settings", "show", "--json").stdout)  # type: ignore[operator]
    assert flag["settings"]["language"] == {"value": "ar", "from": "flag", "by": "--lang"}
