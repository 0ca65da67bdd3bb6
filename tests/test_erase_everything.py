"""`lipcare data erase --everything`: everything lipcare made is listed, then removed (the journal, photos, keys,
settings, cache, the shell completion and the line that loads it, lipcare's empty folders); a shell start-up file
keeps every other byte and is never touched without lipcare's line; a failure is said, one line each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli

from lipcare import erase

RC_BEFORE = b"# my own settings\nalias ll='ls -l'\nexport EDITOR=vi\n"


def run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """lipcare in a real process, with HOME and every XDG folder in `home` and no LIPCARE_HOME: as a patient
    runs it."""
    script = Path(sys.executable).with_name("lipcare")
    if not script.exists():
        pytest.skip("the lipcare command is not installed beside this Python")
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("LIPCARE_", "XDG_", "PIPX_", "UV_"))
    }
    environment.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        COLUMNS="200",
        _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1",
    )
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, env=environment, input=stdin, timeout=120
    )


def user_home() -> Path:
    """conftest's HOME for the test, made."""
    home = Path(os.environ["HOME"])
    home.mkdir(exist_ok=True)
    return home


def every_file(home: Path) -> list[str]:
    return sorted(str(path.relative_to(home)) for path in home.rglob("*"))


@pytest.mark.slow  # real processes end to end: CI runs it
def test_the_uninstall_story_leaves_nothing_of_lipcare_and_every_other_byte_of_bashrc(tmp_path: Path) -> None:
    """The README's Uninstall section, end to end: completion installed, a treatment, a check-in, a setting;
    then `data erase --everything` lists what it removes, removes it, and names the uninstall command."""
    home = tmp_path / "patient"
    home.mkdir()
    (home / ".bashrc").write_bytes(RC_BEFORE)
    installed = run(home, "--install-completion", "bash")
    assert installed.returncode == 0, installed.stderr
    line = f"source '{home}/.bash_completions/lipcare.sh'"
    assert line in (home / ".bashrc").read_text()
    for args in (
        ("timeline", "--date", "2026-11-20"),
        ("checkin", "--redness", "1", "--swelling", "0", "--pain", "1", "--no-crusting", "--symptom", "none"),
        ("settings", "set", "clinic-phone", "+44 20 7946 0000"),
    ):
        done = run(home, *args)
        assert done.returncode == 0, (args, done.stderr)
    journal = home / "data" / "lipcare" / "journal.sqlite3"
    assert journal.exists() and (home / "config" / "lipcare" / "settings.json").exists()

    refused = run(home, "data", "erase", "--everything")  # no terminal, no --yes: listed, then nothing deleted
    assert refused.returncode == 2 and "add --yes" in refused.stderr
    assert str(journal) in refused.stdout and f"{home}/.bashrc: the line {line}" in refused.stdout
    assert journal.exists() and (home / ".bash_completions" / "lipcare.sh").exists()

    done = run(home, "data", "erase", "--everything", "--yes", "--json")
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    removed = {(item["path"], item["kind"]) for item in said["removed"]}
    assert {
        (str(journal), "file"),
        (str(home / "config" / "lipcare" / "settings.json"), "file"),
        (str(home / "cache" / "lipcare" / "protocol.cache"), "file"),
        (str(home / ".bash_completions" / "lipcare.sh"), "file"),
        (str(home / ".bashrc"), "line"),
        (str(home / "data" / "lipcare"), "folder"),
        (str(home / "config" / "lipcare"), "folder"),
        (str(home / "cache" / "lipcare"), "folder"),
    } <= removed
    assert said["failed"] == [] and said["left"] == []
    # Nothing of lipcare's is left: the XDG base folders are the person's, and .bashrc holds every byte it held
    # before, with the blank line Typer's install put before its own (lipcare takes out only its exact line).
    assert every_file(home) == [".bashrc", "cache", "config", "data"]
    assert (home / ".bashrc").read_bytes() == RC_BEFORE + b"\n"

    again = run(home, "data", "erase", "--everything", "--yes")
    assert again.returncode == 0, again.stderr
    assert "Nothing to erase" in again.stdout and "pip uninstall lipcare" in again.stdout


def test_a_start_up_file_without_lipcare_s_line_is_never_touched(cli: Cli, tmp_path: Path) -> None:
    home = user_home()
    rc = home / ".bashrc"
    commented = b"# source '" + str(home).encode() + b"/.bash_completions/lipcare.sh'"
    rc.write_bytes(b"source '/elsewhere/lipcare.sh'\n" + commented)
    before = rc.stat()
    done = cli("data", "erase", "--everything", "--yes")
    assert done.exit_code == 0, done.stderr
    after = rc.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)


def test_the_line_is_taken_out_of_the_file_a_linked_bashrc_names_and_its_permissions_kept(cli: Cli) -> None:
    home = user_home()
    script = home / ".bash_completions" / "lipcare.sh"
    script.parent.mkdir()
    script.write_text("complete -F _lipcare_completion lipcare # _LIPCARE_COMPLETE\n")
    dotfiles = home / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "bashrc"
    # A CRLF line, blank lines, no line break at the end: all kept.
    real.write_bytes(b"one\r\nsource '" + str(script).encode() + b"'\ntwo\n\n\nthree")
    real.chmod(0o640)
    (home / ".bashrc").symlink_to(real)
    done = cli("data", "erase", "--everything", "--yes")
    assert done.exit_code == 0, done.stderr
    assert (home / ".bashrc").is_symlink()  # the link a dotfiles manager made stays
    assert real.read_bytes() == b"one\r\ntwo\n\n\nthree"
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert not script.exists() and not script.parent.exists()  # the folder Typer made, empty now


def test_what_is_not_lipcare_s_is_left_and_said(cli: Cli) -> None:
    home = user_home()
    fish = home / ".config" / "fish" / "completions" / "lipcare.fish"
    fish.parent.mkdir(parents=True)
    fish.write_text("# a completion someone wrote by hand\n")
    zfunc = home / ".zfunc"
    zfunc.mkdir()
    (zfunc / "_lipcare").write_text("#compdef lipcare\n_LIPCARE_COMPLETE=complete_zsh\n")
    (zfunc / "_other").write_text("#compdef other\n")
    zshrc = b"fpath+=~/.zfunc; autoload -Uz compinit; compinit\n"
    (home / ".zshrc").write_bytes(zshrc)
    done = cli("data", "erase", "--everything", "--yes")
    assert done.exit_code == 0, done.stderr
    assert fish.exists() and f"{fish} was left: it is not a completion script lipcare wrote." in done.stdout
    assert not (zfunc / "_lipcare").exists() and (zfunc / "_other").exists()
    assert (home / ".zshrc").read_bytes() == zshrc  # other programs' completion in ~/.zfunc needs it
    assert "other programs' completion" in done.stdout


def test_zsh_s_line_goes_when_lipcare_s_completion_was_the_only_one(cli: Cli) -> None:
    home = user_home()
    (home / ".zfunc").mkdir()
    (home / ".zfunc" / "_lipcare").write_text("#compdef lipcare\n_LIPCARE_COMPLETE=complete_zsh\n")
    (home / ".zshrc").write_bytes(b"export A=1\nfpath+=~/.zfunc; autoload -Uz compinit; compinit\nexport B=2\n")
    done = cli("data", "erase", "--everything", "--yes", "--json")
    assert done.exit_code == 0, done.stderr
    assert (home / ".zshrc").read_bytes() == b"export A=1\nexport B=2\n"
    assert not (home / ".zfunc").exists()


def test_a_provider_adds_what_its_feature_made_and_a_failure_is_one_line_each(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extension point (reminders add their systemd units there): each provider's files are listed and
    removed; one that cannot be removed is said on a line of its own, the others are removed, exit 1."""
    home = user_home()
    unit = home / "lipcare-reminder.timer"
    unit.write_text("[Timer]\n")
    stopped: list[Path] = []

    def broken() -> None:
        raise OSError(13, "Permission denied", str(home / "stuck.service"))

    def reminders() -> list[erase.Made]:
        return [
            erase.Made(unit, "file", undo=lambda: stopped.append(unit)),
            erase.Made(home / "stuck.service", "file", undo=broken),
            erase.Made(home / "other.service", "file", undo=broken),
        ]

    monkeypatch.setattr(erase, "PROVIDERS", [*erase.PROVIDERS, reminders])
    (home / "stuck.service").write_text("x")
    asked = cli("data", "erase", "--everything", input="n\n", env={})
    assert str(unit) in asked.stdout  # listed before anything is removed (no terminal here: refused)
    assert unit.exists()
    done = cli("data", "erase", "--everything", "--yes")
    assert done.exit_code == 1
    assert not unit.exists() and stopped == [unit]
    lines = done.stderr.strip().splitlines()
    assert lines[:2] == [f"could not remove {home / 'stuck.service'}: Permission denied; it is still there."] * 2
    assert lines[2] == "Error: 2 of what lipcare made could not be removed (each is named above); the rest was removed."


def test_everything_is_checked_before_anything_is_deleted(cli: Cli, lipcare_home: Path, tmp_path: Path) -> None:
    home = user_home()
    script = home / ".bash_completions" / "lipcare.sh"
    script.parent.mkdir()
    script.write_text("_LIPCARE_COMPLETE\n")
    lipcare_home.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.sqlite3"
    elsewhere.write_bytes(b"x")
    (lipcare_home / "journal.sqlite3").symlink_to(elsewhere)
    done = cli("data", "erase", "--everything", "--yes")
    assert done.exit_code == 1 and "is a symbolic link" in done.stderr
    assert script.exists() and elsewhere.exists()


def test_json_needs_yes(cli: Cli) -> None:
    done = cli("data", "erase", "--json")
    assert done.exit_code == 2
    assert done.stderr == "Error: --json prints what was removed, so it cannot ask first: add --yes.\n"


def test_plain_erase_json_lists_the_journal_and_says_the_settings_were_kept(cli: Cli, lipcare_home: Path) -> None:
    assert cli("timeline", "--date", "2026-11-20").exit_code == 0
    assert cli("settings", "set", "clinic-name", "Dr Who").exit_code == 0
    done = cli("data", "erase", "--yes", "--json")
    assert done.exit_code == 0, done.stderr
    said = json.loads(done.stdout)
    assert {"path": str(lipcare_home / "journal.sqlite3"), "kind": "file", "line": None} in said["removed"]
    assert said["left"] == [
        f"Your settings are kept in {lipcare_home / 'settings.json'}; add --settings to delete them too."
    ]
    assert (lipcare_home / "settings.json").exists()
