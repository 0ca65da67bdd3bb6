"""Another user who can change a folder above lipcare's: every existing ancestor of the data, cache and settings
folders is checked, lipcare's own folders are never followed through a link, and nothing is written (the cache
included) into a folder lipcare refuses. Commands that keep no private data run without the cache and say why."""

import os
from pathlib import Path

import pytest
from conftest import Cli

CHECKIN = ("checkin", "--date", "2026-11-20", "--redness", "1", "--swelling", "1", "--pain", "1", "--no-crusting")
GENERIC = "does not know how to handle"


def _files(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def test_a_data_folder_inside_a_folder_others_can_change_is_refused(cli: Cli, tmp_path: Path) -> None:
    # Found by review (M4): a patient's 0700 folder inside another user's world-writable folder was swapped for
    # a link; the next history said "no journal yet" and the next check-in started a journal elsewhere.
    shared = tmp_path / "shared"
    shared.mkdir()
    home = shared / "alice"
    env = {"LIPCARE_HOME": str(home)}
    assert cli(*CHECKIN, env=env).exit_code == 0
    before = _files(home)
    shared.chmod(0o777)
    try:
        for command in (CHECKIN, ("history",), ("settings", "set", "clinic-phone", "555"), ("data", "export")):
            result = cli(*command, env=env)
            assert result.exit_code == 1, (command, result.stdout)
            assert result.stderr.startswith(f"Error: the folder {shared} above {home}")
            assert "can be changed by other users (permissions 0777, no sticky bit)" in result.stderr
            assert len(result.stderr.splitlines()) == 1 and GENERIC not in result.stderr
        assert _files(home) == before  # nothing written, the cache included
    finally:
        shared.chmod(0o755)


def test_a_sticky_folder_like_tmp_is_a_safe_parent(cli: Cli, tmp_path: Path) -> None:
    sticky = tmp_path / "sticky"
    sticky.mkdir()
    sticky.chmod(0o1777)
    result = cli(*CHECKIN, env={"LIPCARE_HOME": str(sticky / "me")})
    assert result.exit_code == 0, result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a folder away")
def test_a_parent_owned_by_another_user_is_refused(cli: Cli, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o755)
    os.chown(theirs, 65534, 65534)
    result = cli(*CHECKIN, env={"LIPCARE_HOME": str(theirs / "mine")})
    assert (
        result.exit_code == 1 and f"the folder {theirs} above" in result.stderr and "belongs to user" in result.stderr
    )
    assert not (theirs / "mine").exists()


def test_a_data_folder_that_is_a_link_is_never_followed(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert cli(*CHECKIN, env={"LIPCARE_HOME": str(real)}).exit_code == 0
    link = tmp_path / "link"
    link.symlink_to(real)
    before = _files(real)
    for command in (("history",), CHECKIN, ("info", "what")):
        result = cli(*command, env={"LIPCARE_HOME": str(link)})
        said = f"{link} is a symbolic link (to {real}); lipcare does not follow links for its folders"
        assert said in result.stderr, command
        assert len(result.stderr.splitlines()) == 1
    assert _files(real) == before


def test_a_swapped_data_folder_is_named_not_taken_for_an_empty_journal(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "alice"
    env = {"LIPCARE_HOME": str(home)}
    assert cli(*CHECKIN, env=env).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    home.rename(tmp_path / "hidden")
    home.symlink_to(elsewhere)
    for command in (("history",), CHECKIN):
        result = cli(*command, env=env)
        assert result.exit_code == 1 and "is a symbolic link" in result.stderr and "no journal yet" not in result.stderr
    assert _files(elsewhere) == set()  # no journal started in the folder the link points to


def test_commands_without_private_data_run_without_the_cache_in_a_refused_folder_and_say_why(
    cli: Cli, tmp_path: Path
) -> None:
    # Found by review (M4): with LIPCARE_HOME world-writable, lipcare refused it for data but had already written
    # cache/protocol.cache into it.
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    env = {"LIPCARE_HOME": str(shared)}
    try:
        for command in (("info", "warning-signs"), ("timeline", "--preview", "--date", "2026-11-20")):
            result = cli(*command, env=env)
            assert result.exit_code == 0, result.stderr
            assert result.stderr.startswith("Note: lipcare ran without its cache and wrote nothing there: ")
            assert f"other users can change the data folder {shared}/cache" not in result.stderr
            assert len(result.stderr.splitlines()) == 1
        refused = cli(*CHECKIN, env=env)
        assert refused.exit_code == 1 and refused.stderr.startswith("Error: ") and "Note:" not in refused.stderr
        assert _files(shared) == set()
    finally:
        shared.chmod(0o755)


def test_a_cache_folder_that_is_a_link_is_not_written_through(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert cli("info", "what", env={"LIPCARE_HOME": str(home)}).exit_code == 0
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    (home / "cache").rename(tmp_path / "old-cache")
    (home / "cache").symlink_to(target)
    result = cli("info", "what", env={"LIPCARE_HOME": str(home)})
    assert result.exit_code == 0 and "Note: lipcare ran without its cache" in result.stderr
    assert "is a symbolic link" in result.stderr
    assert _files(target) == set()


# --- what lipcare leaves behind ----------------------------------------------------------------------------------


def test_data_erase_deletes_the_cache_which_names_the_clinic(cli: Cli, lipcare_home: Path, tmp_path: Path) -> None:
    # Found by review (L6): cache/protocol.cache and protocol.ar.cache named the clinic after data erase --settings.
    clinic = tmp_path / "DrSmith-lip-peel.toml"
    clinic.write_text('format = 1\n[protocol]\nname = "Dr Smith Lip Laser Clinic"\n', encoding="utf-8")
    assert cli("settings", "set", "protocol", str(clinic)).exit_code == 0
    assert cli(*CHECKIN).exit_code == 0
    assert cli("info", "what", "--lang", "ar").exit_code == 0
    cached = sorted((lipcare_home / "cache").iterdir())
    assert [path.name for path in cached] == ["protocol.ar.cache", "protocol.cache"]
    result = cli("data", "erase", "--settings", "--yes")
    assert result.exit_code == 0, result.stderr
    assert f"Deleted lipcare's cache: {cached[0]}, {cached[1]}." in result.stdout
    assert [path for path in lipcare_home.rglob("*") if path.is_file()] == []
    again = cli("info", "what")  # rebuilt when next needed
    assert again.exit_code == 0 and (lipcare_home / "cache" / "protocol.cache").exists()
    nothing = cli("data", "erase", "--yes")
    assert "Nothing to erase" in nothing.stdout and "Deleted lipcare's cache" in nothing.stdout
    assert not (lipcare_home / "cache" / "protocol.cache").exists()


def test_a_killed_journal_creation_leaves_nothing_that_blocks_erase(cli: Cli, lipcare_home: Path) -> None:
    # Found by review (L4): a kill between linking the new journal into place and removing its temporary name
    # left a second hard link, after which data erase refused forever; other kills left .journal-*.creating files.
    assert cli(*CHECKIN).exit_code == 0
    journal = lipcare_home / "journal.sqlite3"
    second = lipcare_home / ".journal-ocp5_7rl.creating"
    os.link(journal, second)
    old = lipcare_home / ".journal-abcdefgh.creating-wal"
    old.write_bytes(b"")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    fresh = lipcare_home / ".journal-fresh123.creating"  # another lipcare may be making it right now
    fresh.write_bytes(b"")
    assert cli("history").exit_code == 0
    assert not second.exists() and not old.exists() and fresh.exists()
    assert journal.stat().st_nlink == 1

    os.link(journal, second)  # and erase, even before any command has cleaned up
    result = cli("data", "erase", "--yes")
    assert result.exit_code == 0, result.stderr
    assert not journal.exists() and not second.exists() and not fresh.exists()


def test_a_link_above_the_data_folder_is_followed_and_the_real_folders_are_checked(cli: Cli, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    link = tmp_path / "link"
    link.symlink_to(shared)
    env = {"LIPCARE_HOME": str(link / "alice")}
    assert cli(*CHECKIN, env=env).exit_code == 0  # a link owned by the user (or root) on the way is fine
    shared.chmod(0o777)
    try:
        result = cli("history", env=env)
        assert result.exit_code == 1 and f"the folder {shared} above" in result.stderr
    finally:
        shared.chmod(0o755)


def test_data_erase_names_a_cache_it_refuses_to_touch(cli: Cli, lipcare_home: Path, tmp_path: Path) -> None:
    assert cli(*CHECKIN).exit_code == 0
    cache = lipcare_home / "cache"
    target = tmp_path / "elsewhere"
    cache.rename(target)
    cache.symlink_to(target)
    result = cli("data", "erase", "--yes")
    assert result.exit_code == 0, result.stderr
    assert f"lipcare's cache in {cache} was left as it is ({cache} is a symbolic link" in result.stdout
    assert (target / "protocol.cache").exists()  # never deleted through a link
