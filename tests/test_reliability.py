"""Trying hard to lose a check-in: kills, concurrency, full and read-only disks.

Damaged journals have their own table, tests/test_damaged_journal.py.

The slow parts start hundreds of real `lipcare` processes; they are marked
`slow`. `pytest -m "not slow"` skips them for a quick run; CI runs everything.
Each test records what it tried and what it found (see the end of the run).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LIPCARE = [sys.executable, "-m", "lipcare"]
Finding = Callable[[str], None]


def run_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIPCARE_")}
    env["LIPCARE_HOME"] = str(home)
    return env


def lipcare(home: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*LIPCARE, *args], capture_output=True, text=True, env=run_env(home), timeout=60)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def journal_rows(home: Path) -> list[tuple[int, str]]:
    db = sqlite3.connect(f"file:{home / 'journal.sqlite3'}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [(int(row[0]), str(row[1])) for row in db.execute("SELECT id, note FROM checkins ORDER BY id")]
    finally:
        db.close()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- crash ----------------------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_nothing_that_was_confirmed(tmp_path: Path, finding: Finding) -> None:
    home = tmp_path / "home"
    lipcare(home, "timeline", "--date", "2026-11-01", check=True)
    start = time.perf_counter()
    lipcare(home, "checkin", "--redness", "1", "--note", "warm-up", check=True)
    lifetime = time.perf_counter() - start
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    kills, confirmed, finished = 200, set(), 0
    for attempt in range(kills):
        note = f"kill-{attempt}"
        process = subprocess.Popen(
            [*LIPCARE, "checkin", "--redness", "2", "--note", note, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=run_env(home),
        )
        time.sleep(rng.uniform(0, lifetime * 1.2))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=60)
        if process.returncode == 0:
            finished += 1
        try:
            printed = json.loads(out)
        except ValueError:
            continue  # killed before the advice was printed: it may or may not be saved
        if printed.get("saved"):
            confirmed.add((printed["id"], note))
    rows = journal_rows(home)
    counts = Counter(note for _, note in rows)
    assert [note for note, count in counts.items() if count > 1] == []
    missing = confirmed - set(rows)
    assert missing == set()
    assert lipcare(home, "history", "--json").returncode == 0
    saved = sum(1 for _, note in rows if note.startswith("kill-"))
    finding(
        f"crash: {kills} check-ins killed with SIGKILL at random moments (seed {seed}); "
        f"{len(confirmed)} had printed their advice, all {len(confirmed)} are in the journal; "
        f"{saved} saved in all, none twice; {finished} finished before the kill; integrity_check ok"
    )


# --- concurrency --------------------------------------------------------------------------


@pytest.mark.slow
def test_four_processes_fifty_checkins_each_all_land(tmp_path: Path, finding: Finding) -> None:
    home = tmp_path / "home"
    lipcare(home, "timeline", "--date", "2026-11-01", check=True)
    failures: list[str] = []
    start = threading.Barrier(4)

    def worker(number: int) -> None:
        start.wait()
        for n in range(50):
            done = lipcare(home, "checkin", "--redness", "1", "--note", f"w{number}-{n}", "--json")
            if done.returncode != 0 or "locked" in done.stderr.lower() or not json.loads(done.stdout)["saved"]:
                failures.append(done.stderr)

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(4)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - began
    assert failures == []
    notes = [note for _, note in journal_rows(home)]
    assert sorted(notes) == sorted(f"w{w}-{n}" for w in range(4) for n in range(50))
    finding(
        f"concurrency: 4 processes x 50 check-ins at once in {took:.1f} s: exactly 200 entries, "
        "none lost or doubled, no 'database is locked' reached a user"
    )


# --- full and read-only disks ------------------------------------------------------------------


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")


@pytest.mark.slow  # a 2 MB file system mounted and filled: CI runs it
@needs_root
def test_a_full_disk_is_a_clear_error_and_keeps_the_journal(tmp_path: Path, finding: Finding) -> None:
    with small_disk(tmp_path / "disk", "2m") as disk:
        home = disk / "home"
        lipcare(home, "checkin", "--date", "2026-11-01", "--redness", "1", "--note", "before", check=True)
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as file:  # unbuffered: nothing is left to flush when it closes
            try:
                while True:
                    file.write(b"\0" * 65536)
                    file.flush()
            except OSError:
                pass
        failed, saved = 0, ["before"]
        for n in range(5):
            done = lipcare(home, "checkin", "--redness", "2", "--note", f"full-{n}", "--json")
            if done.returncode == 0:
                saved.append(f"full-{n}")
                continue
            failed += 1
            assert done.returncode == 1 and "Traceback" not in done.stderr
            assert "full" in done.stderr and str(home) in done.stderr, done.stderr
            assert done.stdout == ""
        assert failed >= 1
        filler.unlink()
        assert [note for _, note in journal_rows(home)] == saved
        lipcare(home, "checkin", "--redness", "1", "--note", "after", check=True)
        assert [note for _, note in journal_rows(home)] == [*saved, "after"]
    finding(
        f"full disk: {failed} of 5 check-ins on a full 2 MB file system failed with a clear error and printed "
        "no advice; the journal kept every earlier entry and took new ones once space was freed"
    )


@pytest.mark.slow  # a file system remounted read-only: CI runs it
@needs_root
def test_a_read_only_disk_is_a_clear_error_and_keeps_the_journal(tmp_path: Path, finding: Finding) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        home = disk / "home"
        lipcare(home, "checkin", "--date", "2026-11-01", "--redness", "1", "--note", "kept", check=True)
        before = tree(home)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = lipcare(home, "checkin", "--redness", "2")
        assert done.returncode == 1 and done.stdout == ""
        assert str(home) in done.stderr and "read-only" in done.stderr, done.stderr
        settings = lipcare(home, "settings", "set", "clinic-phone", "123")
        assert settings.returncode == 1 and "Traceback" not in settings.stderr
        assert tree(home) == before
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert [note for _, note in journal_rows(home)] == ["kept"]
    finding(
        "read-only disk: check-in and settings stopped with exit 1 and a message naming the journal; "
        "the folder is byte for byte unchanged"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions; the read-only disk test covers root")
def test_a_journal_in_a_read_only_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    lipcare(home, "checkin", "--date", "2026-11-01", "--redness", "1", "--note", "kept", check=True)
    before = tree(home)
    home.chmod(0o555)
    (home / "journal.sqlite3").chmod(0o400)
    try:
        done = lipcare(home, "checkin", "--redness", "2")
        assert done.returncode == 1 and done.stdout == "" and str(home) in done.stderr
        assert tree(home) == before
    finally:
        home.chmod(0o700)
        (home / "journal.sqlite3").chmod(0o600)


@pytest.mark.slow  # a file system mounted and remounted read-only: CI runs it
@needs_root
def test_reads_and_exports_work_on_a_read_only_disk(tmp_path: Path) -> None:
    # Found by review (L8): on a read-only disk history, timeline, photo list, data export and report all failed,
    # because SQLite could not make the -shm file a WAL journal is read with.
    with small_disk(tmp_path / "disk", "4m") as disk:
        home = disk / "home"
        lipcare(home, "checkin", "--date", "2026-11-01", "--redness", "1", "--note", "kept", check=True)
        assert not (home / "journal.sqlite3-shm").exists() and not (home / "journal.sqlite3-wal").exists()
        before = tree(home)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        try:
            for command in (
                ["history", "--no-pager"],
                ["history", "--json"],
                ["timeline"],
                ["photo", "list"],
                ["data", "export", "--format", "json", "-o", "-"],
                ["report", "-o", "-"],
                ["export", "ics", "-o", "-"],
                ["export", "sheet", "-o", "-"],
            ):
                done = lipcare(home, *command)
                assert done.returncode == 0, (command, done.stderr)
                assert "Traceback" not in done.stderr
            assert '"note": "kept"' in lipcare(home, "history", "--json").stdout
            refused = lipcare(home, "checkin", "--redness", "2")
            assert refused.returncode == 1 and "read-only" in refused.stderr
            assert tree(home) == before
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
