"""The encrypted journal (lipcare data encrypt|decrypt|passphrase|recover; lipcare/vault.py).

The grep test: after every state below, no file under the data folder (which holds the cache folder too, as
LIPCARE_HOME is set) contains a note's text, an answer, or the magic bytes of a JPEG or PNG.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Cli
from PIL import Image
from typer.testing import Result

from lipcare import vault

pytest.importorskip("sqlcipher3")

NOTE = "tingling upper lip zqxj"
ANSWER = "cold-sores"
PASSPHRASE = "correct horse battery"
#: The note, the answer as the journal stores it (the protocol cache names the sign too: that is no health data),
#: and the start of a JPEG as lipcare stores a photo (Pillow's JFIF header) and of a PNG. Not the bare 3-byte JPEG
#: magic FF D8 FF: random ciphertext holds it by chance once in 2^24 bytes, so a 1 MB encrypted journal matched it
#: about once in 16 runs (a CI rehearsal on Python 3.13 did); 10 bytes cannot match by chance.
SECRETS = (NOTE.encode(), f'["{ANSWER}"]'.encode(), b"\xff\xd8\xff\xe0\x00\x10JFIF", b"\x89PNG")


def secret_file(folder: Path, name: str, text: str, mode: int = 0o600) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def picture(path: Path, kind: str = "JPEG") -> Path:
    Image.new("RGB", (96, 64), (190, 60, 60) if kind == "JPEG" else (150, 90, 70)).save(path, kind)
    return path


def leaks(home: Path) -> list[str]:
    """Every file under `home` holding one of SECRETS, with what it holds."""
    found = []
    for file in sorted(home.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            found += [f"{file.relative_to(home)}: {secret!r}" for secret in SECRETS if secret in data]
    return found


def state(home: Path) -> dict[str, bytes]:
    return {str(file.relative_to(home)): file.read_bytes() for file in sorted(home.rglob("*")) if file.is_file()}


class Run:
    """The cli fixture, with the passphrase file in the environment and each command unlocking afresh (as with
    the setting unlock-minutes 0: the session tests below keep the key between commands)."""

    def __init__(self, cli: Cli, folder: Path) -> None:
        self.cli = cli
        self.passphrase = secret_file(folder, "passphrase", PASSPHRASE)
        self.env = {"LIPCARE_PASSPHRASE_FILE": str(self.passphrase)}

    def __call__(self, *args: str, **env: str) -> Result:
        vault._unlocked.clear()  # one process, one command: as when a patient runs lipcare
        return self.cli(*args, env={**self.env, **env})


@pytest.fixture
def run(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setattr(vault, "session_minutes", lambda: 0)
    return Run(cli, tmp_path)


@pytest.fixture(autouse=True)
def locked_after_each_test(tmp_path: Path, lipcare_home: Path) -> Iterator[None]:
    """No key a test unlocked stays in the user's kernel keyring after it."""
    yield
    for journal in {lipcare_home / "journal.sqlite3", tmp_path / "home" / "journal.sqlite3"}:
        vault.lock(journal)


def checkins_with_photos(run: Run, tmp_path: Path) -> None:
    jpeg, png = picture(tmp_path / "lips.jpg"), picture(tmp_path / "lips.png", "PNG")
    first = run("checkin", "--date", "2026-11-20", "--on", "2026-11-22", "--redness", "2", "--photo", str(jpeg))
    assert first.exit_code == 0, first.output
    second = run(
        "checkin", "--on", "2026-11-23", "--redness", "1", "--symptom", ANSWER, "--note", NOTE, "--photo", str(png)
    )
    assert second.exit_code == 0, second.output


def recovery_code(result: Result) -> str:
    match = re.search(r"shown only this once: ([A-Z2-9-]+)", result.stdout)
    assert match, result.stdout
    return match.group(1)


def test_encrypt_then_every_command_works_and_nothing_is_in_plaintext(
    run: Run, tmp_path: Path, lipcare_home: Path
) -> None:
    checkins_with_photos(run, tmp_path)
    before = run("history").stdout
    report_before = run("data", "export").stdout
    # the grep finds the note, the answer and the JPEG in a plaintext journal (lipcare keeps a PNG as a JPEG)
    assert {found.split(": ", 1)[1] for found in leaks(lipcare_home)} == {repr(secret) for secret in SECRETS[:3]}

    leftover = lipcare_home / "photos" / ".incoming-0123456789abcdef-1.tmp"  # from a check-in killed while writing
    leftover.write_bytes(b"\xff\xd8\xff" + NOTE.encode())
    encrypted = run("data", "encrypt")
    assert encrypted.exit_code == 0, encrypted.output
    assert "2 photos" in encrypted.stdout
    assert not leftover.exists()
    assert leaks(lipcare_home) == []
    assert {p.name for p in lipcare_home.iterdir()} >= {"journal.sqlite3", "journal.key", "journal.recovery"}
    assert not (lipcare_home / "journal.converting").exists()

    assert run("history").stdout == before
    assert run("data", "export").stdout == report_before  # exports stay plaintext: the patient asked for them
    report = run("report", "--force", "-o", str(tmp_path / "report.html"))
    assert report.exit_code == 0, report.output
    assert (tmp_path / "report.html").read_text().count("data:image/jpeg;base64") == 2
    third = run(
        "checkin", "--on", "2026-11-24", "--redness", "1", "--note", NOTE, "--photo", str(tmp_path / "lips.jpg")
    )
    assert third.exit_code == 0, third.output
    assert leaks(lipcare_home) == []
    listed = run("photo", "list")
    assert listed.exit_code == 0 and listed.stdout.count(" id ") == 3


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_passphrase_change_rewraps_without_rewriting_and_the_old_one_stops_working(
    run: Run, tmp_path: Path, lipcare_home: Path
) -> None:
    checkins_with_photos(run, tmp_path)
    code = recovery_code(run("data", "encrypt"))
    data = {name: content for name, content in state(lipcare_home).items() if not name.startswith("journal.key")}
    new = secret_file(tmp_path, "new", "a new passphrase 2")
    changed = run("data", "passphrase", LIPCARE_NEW_PASSPHRASE_FILE=str(new))
    assert changed.exit_code == 0, changed.output
    after = state(lipcare_home)
    assert {name: after[name] for name in data} == data  # journal, photos, recovery file: byte for byte
    assert leaks(lipcare_home) == []
    old = run("history")
    assert old.exit_code == 1 and "wrong passphrase" in old.stderr and len(old.stderr.strip().splitlines()) == 1
    assert NOTE in run("history", LIPCARE_PASSPHRASE_FILE=str(new)).stdout
    # the recovery code printed at encryption still works
    code_file = secret_file(tmp_path, "code", code.lower().replace("-", " "))
    recovered = run(
        "data", "recover", LIPCARE_RECOVERY_FILE=str(code_file), LIPCARE_NEW_PASSPHRASE_FILE=str(run.passphrase)
    )
    assert recovered.exit_code == 0, recovered.output
    assert NOTE in run("history").stdout


def test_decrypt_gives_back_the_same_journal_and_photos(run: Run, tmp_path: Path, lipcare_home: Path) -> None:
    checkins_with_photos(run, tmp_path)
    plain = {name: content for name, content in state(lipcare_home).items() if name.startswith("photos/")}
    export = run("data", "export").stdout
    assert run("data", "encrypt").exit_code == 0
    decrypted = run("data", "decrypt")
    assert decrypted.exit_code == 0, decrypted.output
    names = {p.name for p in lipcare_home.iterdir()}
    assert not names & {"journal.key", "journal.recovery", "journal.converting", ".journal-converting.sqlite3"}
    assert {name: content for name, content in state(lipcare_home).items() if name.startswith("photos/")} == plain
    assert run("data", "export", LIPCARE_PASSPHRASE_FILE="").stdout == export
    assert (lipcare_home / "journal.sqlite3").read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_start_encrypted_in_an_empty_folder(run: Run, tmp_path: Path, lipcare_home: Path) -> None:
    started = run("data", "encrypt")
    assert started.exit_code == 0, started.output
    assert (lipcare_home / "journal.key").exists() and (lipcare_home / "journal.sqlite3").exists()
    checkins_with_photos(run, tmp_path)
    assert leaks(lipcare_home) == []
    assert NOTE in run("history").stdout
    again = run("data", "encrypt")
    assert again.exit_code == 1 and "already encrypted" in again.stderr


def test_wrong_passphrase_exits_1_with_one_line_and_changes_nothing(
    run: Run, tmp_path: Path, lipcare_home: Path
) -> None:
    checkins_with_photos(run, tmp_path)
    run("data", "encrypt")
    before = state(lipcare_home)
    wrong = secret_file(tmp_path, "wrong", "not the passphrase")
    for args in (("history",), ("checkin", "--redness", "1"), ("data", "decrypt"), ("data", "passphrase")):
        result = run(*args, LIPCARE_PASSPHRASE_FILE=str(wrong))
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.count("\n") == 1 and "wrong passphrase" in result.stderr
        assert "Traceback" not in result.output
    assert state(lipcare_home) == before


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_a_damaged_key_file_says_how_to_use_the_recovery_code(run: Run, tmp_path: Path, lipcare_home: Path) -> None:
    checkins_with_photos(run, tmp_path)
    code = recovery_code(run("data", "encrypt"))
    key = lipcare_home / "journal.key"
    key.write_bytes(key.read_bytes().replace(b'"mac": "', b'"mac": "0', 1))
    damaged = run("history")
    assert damaged.exit_code == 1 and damaged.stderr.count("\n") == 1
    assert "damaged" in damaged.stderr and "lipcare data recover" in damaged.stderr
    wrong_code = secret_file(tmp_path, "wrong-code", "AAAA-BBBB")
    refused = run("data", "recover", LIPCARE_RECOVERY_FILE=str(wrong_code))
    assert refused.exit_code == 1 and "not the recovery code" in refused.stderr
    code_file = secret_file(tmp_path, "code", code)
    recovered = run(
        "data", "recover", LIPCARE_RECOVERY_FILE=str(code_file), LIPCARE_NEW_PASSPHRASE_FILE=str(run.passphrase)
    )
    assert recovered.exit_code == 0, recovered.output
    assert NOTE in run("history").stdout


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_wrong_and_damaged_do_the_same_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """The time a wrong passphrase takes cannot tell it from a damaged wrap: both derive once with the same cost
    (bench/encrypted.py measures the times)."""
    key = os.urandom(32)
    slot = vault.wrap(key, b"right passphrase")
    calls: list[tuple[int, int, int]] = []
    real = vault._derive

    def derive(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
        calls.append((n, r, p))
        return real(secret, salt, n, r, p)

    monkeypatch.setattr(vault, "_derive", derive)
    assert vault.unwrap(slot, b"right passphrase") == key
    assert vault.unwrap(slot, b"wrong passphrase") is None
    assert vault.unwrap({**slot, "mac": "00" * 32}, b"right passphrase") is None
    assert vault.unwrap({"kdf": "scrypt", "n": 2}, b"right passphrase") is None  # damaged, and a cheap cost refused
    assert calls == [(vault.SCRYPT_N, vault.SCRYPT_R, vault.SCRYPT_P)] * 4


def test_passphrase_file_must_be_private(run: Run, tmp_path: Path) -> None:
    run("data", "encrypt")
    shared = secret_file(tmp_path, "shared", PASSPHRASE, 0o644)
    refused = run("history", LIPCARE_PASSPHRASE_FILE=str(shared))
    assert refused.exit_code == 2 and "chmod 600" in refused.stderr and refused.stderr.count("\n") == 1
    link = tmp_path / "link"
    link.symlink_to(run.passphrase)
    assert run("history", LIPCARE_PASSPHRASE_FILE=str(link)).exit_code == 2


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_a_passphrase_file_that_is_no_small_text_file_is_refused_at_once(run: Run, tmp_path: Path) -> None:
    """A FIFO was waited on forever, a folder named a file descriptor ("could not use 3"), a 50 MB file was read in
    part and bytes that are not UTF-8 were replaced, so two different passphrase files could unlock alike."""
    run("data", "encrypt")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)
    huge = secret_file(tmp_path, "huge", "x" * (vault.MAX_SECRET_FILE + 1))
    latin = tmp_path / "latin"
    latin.write_bytes(PASSPHRASE.encode() + b"\xe9\n")
    latin.chmod(0o600)
    for given, says in [
        (fifo, "is not a file of yours"),
        (tmp_path, "is not a file of yours"),
        (huge, f"larger than {vault.MAX_SECRET_FILE} bytes"),
        (latin, "is not UTF-8 text"),
    ]:
        refused = run("history", LIPCARE_PASSPHRASE_FILE=str(given))
        assert refused.exit_code == 2, (given, refused.output)
        assert says in refused.stderr and str(given) in refused.stderr and refused.stderr.count("\n") == 1
        assert NOTE not in refused.stdout


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_without_a_terminal_or_a_passphrase_file_it_says_how(run: Run) -> None:
    run("data", "encrypt")
    result = run("history", LIPCARE_PASSPHRASE_FILE="")
    assert result.exit_code == 2 and "LIPCARE_PASSPHRASE_FILE" in result.stderr


def test_short_passphrase_refused(run: Run, tmp_path: Path, lipcare_home: Path) -> None:
    short = secret_file(tmp_path, "short", "abc")
    result = run("data", "encrypt", LIPCARE_PASSPHRASE_FILE=str(short))
    assert result.exit_code == 2 and "at least 8" in result.stderr
    assert not (lipcare_home / "journal.key").exists()


@pytest.mark.slow  # a real process without the extra: CI runs it, the everyday loop does not
def test_without_the_secure_extra_the_message_names_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkins_with_photos(run, tmp_path)
    run("data", "encrypt")
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    result = run("history")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "pip install 'lipcare[secure]'" in result.stderr


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_erase_removes_keys_and_data(run: Run, tmp_path: Path, lipcare_home: Path) -> None:
    checkins_with_photos(run, tmp_path)
    run("data", "encrypt")
    erased = run("data", "erase", "--yes", LIPCARE_PASSPHRASE_FILE="")  # no passphrase needed to erase
    assert erased.exit_code == 0, erased.output
    assert "journal.key" in erased.stdout
    assert sorted(p.name for p in lipcare_home.iterdir()) == ["cache"]


# --- killed half-way ---------------------------------------------------------------------------------------------


def lipcare_killed(home: Path, env: dict[str, str], patch: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = "\n".join(
        [
            "import os, signal, sys",
            "import lipcare.journal, lipcare.photos, lipcare.vault as vault",
            patch,
            "from lipcare.cli import main",
            f"sys.argv = ['lipcare', *{list(args)!r}]",
            "main()",
        ]
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LIPCARE_")}
    return subprocess.run(
        [sys.executable, "-c", script],
        env={**environment, "LIPCARE_HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


KILL = "os.kill(os.getpid(), signal.SIGKILL)"


@pytest.mark.slow  # a real process killed: CI runs it, the everyday loop does not
def test_sigkill_during_an_encrypted_checkin_leaves_nothing_in_plaintext(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**run.env, "LIPCARE_HOME": str(home)}
    started = lipcare_killed(home, env, "", "data", "encrypt")
    assert started.returncode == 0, started.stderr
    photo = picture(tmp_path / "lips.jpg")
    for patch in (
        f"lipcare.journal.Journal.add_photo = lambda *a: {KILL}",  # the photo written, the rows not committed
        f"lipcare.photos.os.fsync = lambda fd: {KILL}",  # while the photo is written
    ):
        args = ("checkin", "--date", "2026-11-20", "--redness", "1", "--symptom", ANSWER, "--note", NOTE)
        killed = lipcare_killed(home, env, patch, *args, "--photo", str(photo))
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert leaks(home) == []
    # (a killed check-in remembers no treatment date either: the date goes with the answers, or not at all)
    saved = lipcare_killed(
        home, env, "", "checkin", "--date", "2026-11-20", "--redness", "2", "--note", NOTE, "--photo", str(photo)
    )
    assert saved.returncode == 0, saved.stderr
    assert leaks(home) == []


@pytest.mark.slow  # real processes killed, and scrypt: CI runs them
@pytest.mark.parametrize(
    "where",
    [
        "vault._copy",  # the encrypted copy made, nothing committed
        "vault._write_synced",  # an encrypted photo being written
        "vault._write_private",  # the first key file (the recovery) written
        "vault.write_keys",  # both key files written: committed, not yet switched
        "vault.finish_pending",  # committed, switching
    ],
)
def test_encrypt_killed_half_way_is_plaintext_and_intact_or_encrypted_and_complete(
    run: Run, tmp_path: Path, where: str
) -> None:
    home = tmp_path / "home"
    env = {**run.env, "LIPCARE_HOME": str(home)}
    photo = picture(tmp_path / "lips.jpg")
    args = ("checkin", "--date", "2026-11-20", "--redness", "1", "--symptom", ANSWER, "--note", NOTE)
    assert lipcare_killed(home, env, "", *args, "--photo", str(photo)).returncode == 0
    history = lipcare_killed(home, env, "", "history").stdout
    module, name = where.split(".")
    patch = (
        f"real = {module}.{name}\n"
        f"def killed(*a, **k):\n"
        f"    if '{name}' in ('write_keys', '_copy'): real(*a, **k)\n"
        f"    {KILL}\n"
        f"{module}.{name} = killed"
    )
    killed = lipcare_killed(home, env, patch, "data", "encrypt")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    committed = (home / "journal.key").exists()
    if not committed:  # still plaintext and intact: readable without any passphrase
        plain = {**env, "LIPCARE_PASSPHRASE_FILE": ""}
        assert lipcare_killed(home, plain, "", "history").stdout == history
        assert not (home / "journal.converting").exists()
        assert not [file for file in home.rglob("*") if ".enc" in file.name or "converting" in file.name]
        assert (home / "journal.sqlite3").read_bytes().startswith(b"SQLite format 3")
    else:  # encrypted and complete: the next command finishes the switch
        assert lipcare_killed(home, env, "", "history").stdout == history
        assert leaks(home) == []
    again = lipcare_killed(home, env, "", "data", "encrypt" if not committed else "decrypt")
    assert again.returncode == 0, again.stderr
    assert lipcare_killed(home, env, "", "history").stdout == history


def test_plaintext_commands_do_not_load_the_encryption(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = (
        "import sys\nfrom lipcare.cli import main\n"
        "sys.argv = ['lipcare', 'checkin', '--date', '2026-11-20', '--redness', '1']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('lipcare.vault', 'sqlcipher3', 'cryptography') if m in sys.modules]\n"
        "sys.stderr.write(repr(loaded))\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LIPCARE_")}
    done = subprocess.run(
        [sys.executable, "-c", code], env={**environment, "LIPCARE_HOME": str(home)}, capture_output=True, text=True
    )
    assert done.stderr.endswith("[]"), done.stderr


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_the_encrypted_connection_keeps_temporary_data_in_memory(run: Run, lipcare_home: Path) -> None:
    from lipcare.journal import Journal

    run("data", "encrypt")
    os.environ["LIPCARE_PASSPHRASE_FILE"] = str(run.passphrase)  # as the cli fixture sets it for a command
    try:
        vault._unlocked.clear()
        with Journal.open(lipcare_home / "journal.sqlite3") as journal:
            assert journal.db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
            assert journal.db.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
            assert journal.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        del os.environ["LIPCARE_PASSPHRASE_FILE"]


# --- the OS keyring (--remember) ---------------------------------------------------------------------------------


class MemoryKeyring:
    """A keyring back-end in memory; `broken` makes every call fail as a locked or absent one does."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}
        self.broken = False

    def _check(self) -> None:
        if self.broken:
            raise RuntimeError("the keyring is locked")

    def get_password(self, service: str, user: str) -> str | None:
        self._check()
        return self.kept.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self._check()
        self.kept[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        self._check()
        del self.kept[(service, user)]


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    keyring = pytest.importorskip("keyring")
    backend = MemoryKeyring()
    for name in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(keyring, name, getattr(backend, name))
    return backend


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_remember_keeps_the_passphrase_in_the_keyring_and_forget_removes_it(
    run: Run, tmp_path: Path, lipcare_home: Path, memory_keyring: MemoryKeyring
) -> None:
    checkins_with_photos(run, tmp_path)
    encrypted = run("data", "encrypt", "--remember")
    assert encrypted.exit_code == 0, encrypted.output
    assert list(memory_keyring.kept.values()) == [PASSPHRASE]
    no_file = {"LIPCARE_PASSPHRASE_FILE": ""}
    assert NOTE in run("history", **no_file).stdout  # no terminal, no file: the keyring's copy opens it
    new = secret_file(tmp_path, "new", "another passphrase")
    assert run("data", "passphrase", LIPCARE_NEW_PASSPHRASE_FILE=str(new)).exit_code == 0
    assert list(memory_keyring.kept.values()) == ["another passphrase"]  # the copy follows the change
    assert NOTE in run("history", **no_file).stdout
    memory_keyring.broken = True
    broken = run("history", **no_file)
    assert broken.exit_code == 2
    assert broken.stderr.splitlines()[0] == (
        "Note: the keyring could not be used (the keyring is locked); lipcare asks for the passphrase instead."
    )
    memory_keyring.broken = False
    assert run("data", "forget").exit_code == 0
    assert memory_keyring.kept == {} and not (lipcare_home / "journal.remember").exists()
    assert run("history", **no_file).exit_code == 2  # asked again


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_a_keyring_that_fails_never_stops_encryption(
    run: Run, tmp_path: Path, lipcare_home: Path, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.broken = True
    encrypted = run("data", "encrypt", "--remember")
    assert encrypted.exit_code == 0, encrypted.output
    assert encrypted.stderr.count("\n") == 1 and "keyring could not be used" in encrypted.stderr
    assert not (lipcare_home / "journal.remember").exists()
    assert run("checkin", "--date", "2026-11-20", "--redness", "1").exit_code == 0


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_erase_deletes_the_keyrings_copy(run: Run, lipcare_home: Path, memory_keyring: MemoryKeyring) -> None:
    run("data", "encrypt", "--remember")
    assert memory_keyring.kept
    assert run("data", "erase", "--yes").exit_code == 0
    assert memory_keyring.kept == {}


@pytest.mark.slow  # real processes killed, and scrypt: CI runs them
@pytest.mark.parametrize("where", ["vault.finish_pending", "vault._copy", "vault._write_synced"])
def test_decrypt_killed_half_way_is_encrypted_or_plaintext_and_complete(run: Run, tmp_path: Path, where: str) -> None:
    home = tmp_path / "home"
    env = {**run.env, "LIPCARE_HOME": str(home)}
    photo = picture(tmp_path / "lips.jpg")
    args = ("checkin", "--date", "2026-11-20", "--redness", "1", "--symptom", ANSWER, "--note", NOTE)
    assert lipcare_killed(home, env, "", *args, "--photo", str(photo)).returncode == 0
    history = lipcare_killed(home, env, "", "history").stdout
    assert lipcare_killed(home, env, "", "data", "encrypt").returncode == 0
    module, name = where.split(".")
    patch = (
        f"real = {module}.{name}\n"
        f"def killed(*a, **k):\n"
        f"    if '{name}' == '_copy': real(*a, **k)\n"
        f"    {KILL}\n"
        f"{module}.{name} = killed"
    )
    assert lipcare_killed(home, env, patch, "data", "decrypt").returncode == -signal.SIGKILL
    plaintext = (home / "journal.sqlite3").read_bytes().startswith(b"SQLite format 3")
    assert lipcare_killed(home, env, "", "history").stdout == history  # finished or undone, then read
    if plaintext:
        assert not (home / "journal.key").exists()
        assert lipcare_killed(home, {**env, "LIPCARE_PASSPHRASE_FILE": ""}, "", "history").stdout == history
    else:
        assert leaks(home) == []
        assert (home / "journal.key").exists()


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_a_damaged_encrypted_journal_is_named_and_left_as_it_was(run: Run, tmp_path: Path, lipcare_home: Path) -> None:
    checkins_with_photos(run, tmp_path)
    run("data", "encrypt")
    journal = lipcare_home / "journal.sqlite3"
    data = bytearray(journal.read_bytes())
    data[100:164] = bytes(64)  # inside the first page: its HMAC no longer matches
    journal.write_bytes(bytes(data))
    before = state(lipcare_home)
    result = run("history")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert "cannot read the journal" in result.stderr and "Traceback" not in result.output
    assert state(lipcare_home) == before


@pytest.mark.slow  # a real terminal and scrypt for each command: CI runs it, the everyday loop does not
def test_on_a_terminal_the_passphrase_is_asked_once_per_command(run: Run, tmp_path: Path) -> None:
    """A check-in with a photo opens the journal and seals the photo: one prompt, typed without echo."""
    import pty
    import select
    import time

    home = tmp_path / "home"
    assert lipcare_killed(home, run.env, "", "data", "encrypt").returncode == 0
    assert lipcare_killed(home, run.env, "", "data", "lock").returncode == 0  # encrypting kept it unlocked
    photo = picture(tmp_path / "lips.jpg")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LIPCARE_")}
    argv = [sys.executable, "-m", "lipcare", "checkin", "--date", "2026-11-20", "--redness", "1", "--photo", str(photo)]
    pid, fd = pty.fork()
    if pid == 0:  # the child: lipcare on a terminal, with no passphrase file
        os.execve(sys.executable, argv, {**environment, "LIPCARE_HOME": str(home), "COLUMNS": "80"})
    output = b""
    deadline = time.monotonic() + 60
    typed = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        if not typed and b"Passphrase for your lipcare journal: " in output:
            os.write(fd, (PASSPHRASE + "\n").encode())
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = output.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert text.count("Passphrase for your lipcare journal:") == 1
    assert PASSPHRASE not in text  # not echoed
    assert "Saved check-in 1" in text and "Kept 1 photo" in text


# --- the session: the unlocked key kept in the kernel's keyring between commands ---------------------------------


def kept_in_session() -> list[tuple[str, str, bytes]]:
    """lipcare's keys in the user's kernel keyring: description, time left and permissions (/proc/keys), and the
    payload."""
    keyring = vault._keyring()
    assert keyring is not None
    found = []
    for line in Path("/proc/keys").read_text().splitlines():
        fields = line.split()
        description = fields[8].rstrip(":") if len(fields) > 8 else ""
        if description.startswith("lipcare:"):
            key = keyring.find(description.encode())
            payload = keyring.read(key) if key else None
            if payload is not None:
                found.append((description, f"{fields[3]} {fields[4]}", payload))
    return found


@pytest.fixture
def session(run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The run fixture with the key kept between commands as lipcare does by default (the setting's 15 minutes);
    skipped where the kernel offers no keyring (not Linux, or keyctl forbidden as some containers do)."""
    monkeypatch.setattr(vault, "session_minutes", lambda: vault.SESSION_MINUTES)
    probe = Path(f"/nonexistent/lipcare-probe-{os.getpid()}/journal.sqlite3")
    if not vault.keep_in_session(probe, bytes(32), bytes(32), 1):
        pytest.skip("no kernel keyring here: lipcare asks for the passphrase every time")
    vault.lock(probe)
    return run


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_the_unlocked_key_is_kept_for_the_session_and_locked_on_demand(
    session: Run, tmp_path: Path, lipcare_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "runtime"  # where a file-based cache would go: lipcare writes nothing there
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    checkins_with_photos(session, tmp_path)
    encrypted = session("data", "encrypt")
    assert encrypted.exit_code == 0, encrypted.output
    assert "unlocked until 15 minutes after its last use" in encrypted.stdout
    no_passphrase = {"LIPCARE_PASSPHRASE_FILE": ""}
    shown = session("history", **no_passphrase)  # no terminal, no file: the key kept by `data encrypt` opens it
    assert shown.exit_code == 0 and NOTE in shown.stdout, shown.output
    third = session("checkin", "--on", "2026-11-24", "--redness", "1", "--note", NOTE, **no_passphrase)
    assert third.exit_code == 0, third.output
    # What is kept: 32 bytes of key and 32 of the key file's binding, none of it health data, for 15 minutes.
    name = vault._session_name(lipcare_home / "journal.sqlite3").decode()
    (description, left, payload), *others = [k for k in kept_in_session() if k[0] == name]
    # 15 minutes; all for its possessor, no write of its permissions for the user's other processes, none for others
    assert not others and len(payload) == 64 and left in ("15m 3f2f0000", "14m 3f2f0000")
    assert not [secret for secret in SECRETS if secret in payload]
    assert NOTE.encode() not in description.encode() and "lipcare-home" not in description
    assert leaks(lipcare_home) == [] and list(runtime.rglob("*")) == []
    # data lock: the next command asks again (here: says how, as there is no terminal)
    locked = session("data", "lock")
    assert locked.exit_code == 0 and "Locked" in locked.stdout
    asked = session("history", **no_passphrase)
    assert asked.exit_code == 2 and "LIPCARE_PASSPHRASE_FILE" in asked.stderr
    assert "not unlocked" in session("data", "lock").stdout
    assert session("history").exit_code == 0  # unlocked by the passphrase: kept again
    assert session("history", **no_passphrase).exit_code == 0


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
@pytest.mark.parametrize("command", ["passphrase", "decrypt", "forget", "erase"])
def test_commands_that_change_or_drop_the_keys_lock_the_session(
    session: Run, tmp_path: Path, lipcare_home: Path, command: str
) -> None:
    checkins_with_photos(session, tmp_path)
    assert session("data", "encrypt").exit_code == 0
    name = vault._session_name(lipcare_home / "journal.sqlite3").decode()
    assert [k for k in kept_in_session() if k[0] == name]
    new = secret_file(tmp_path, "new", "a new passphrase 2")
    done = session("data", command, *(["--yes"] if command == "erase" else []), LIPCARE_NEW_PASSPHRASE_FILE=str(new))
    assert done.exit_code == 0, done.output
    assert [k for k in kept_in_session() if k[0] == name] == []
    if command in ("passphrase", "forget"):
        asked = session("history", LIPCARE_PASSPHRASE_FILE="")
        assert asked.exit_code == 2 and "LIPCARE_PASSPHRASE_FILE" in asked.stderr


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_a_key_kept_for_another_key_file_is_not_used(session: Run, tmp_path: Path, lipcare_home: Path) -> None:
    """A key file restored from a backup (an older passphrase) finds no key kept for the current one."""
    checkins_with_photos(session, tmp_path)
    assert session("data", "encrypt").exit_code == 0
    old_keys = (lipcare_home / "journal.key").read_bytes()
    new = secret_file(tmp_path, "new", "a new passphrase 2")
    assert session("data", "passphrase", LIPCARE_NEW_PASSPHRASE_FILE=str(new)).exit_code == 0
    assert session("history", LIPCARE_PASSPHRASE_FILE=str(new)).exit_code == 0  # kept, for the new key file
    (lipcare_home / "journal.key").write_bytes(old_keys)
    asked = session("history", LIPCARE_PASSPHRASE_FILE="")
    assert asked.exit_code == 2 and "LIPCARE_PASSPHRASE_FILE" in asked.stderr


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_without_a_kernel_keyring_nothing_is_kept_and_the_passphrase_is_asked(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS, Windows, or a container that forbids keyctl: as with unlock-minutes 0."""
    monkeypatch.setattr(vault, "session_minutes", lambda: vault.SESSION_MINUTES)
    monkeypatch.setattr(vault, "_keyring", lambda: None)
    checkins_with_photos(run, tmp_path)
    encrypted = run("data", "encrypt")
    assert encrypted.exit_code == 0 and "unlocked until" not in encrypted.stdout, encrypted.output
    assert NOTE in run("history").stdout
    asked = run("history", LIPCARE_PASSPHRASE_FILE="")
    assert asked.exit_code == 2 and "LIPCARE_PASSPHRASE_FILE" in asked.stderr
    assert "not unlocked" in run("data", "lock").stdout


def test_unlock_minutes_is_a_setting(session: Run, tmp_path: Path, lipcare_home: Path) -> None:
    from lipcare.settings import load_settings

    assert session("settings", "set", "unlock-minutes", "soon").exit_code == 2
    assert session("settings", "set", "unlock-minutes", "1441").exit_code == 2
    assert session("settings", "set", "unlock-minutes", "0").exit_code == 0
    assert load_settings() == {"unlock-minutes": "0"}


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_unlock_minutes_0_keeps_nothing_and_1_keeps_a_minute(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    passphrase = secret_file(tmp_path, "passphrase", PASSPHRASE)
    env = {"LIPCARE_PASSPHRASE_FILE": str(passphrase)}
    name = vault._session_name(home / "journal.sqlite3").decode()
    checkin = ("checkin", "--date", "2026-11-20", "--redness", "1")
    assert lipcare_killed(home, {}, "", "settings", "set", "unlock-minutes", "0").returncode == 0
    done = lipcare_killed(home, env, "", "data", "encrypt")
    assert done.returncode == 0 and "unlocked until" not in done.stdout, done.stderr
    if vault._keyring() is None:
        pytest.skip("no kernel keyring here")
    assert lipcare_killed(home, env, "", *checkin).returncode == 0
    assert [k for k in kept_in_session() if k[0] == name] == []
    assert lipcare_killed(home, {}, "", "settings", "set", "unlock-minutes", "1").returncode == 0
    assert lipcare_killed(home, env, "", *checkin).returncode == 0
    kept = [k for k in kept_in_session() if k[0] == name]
    if not kept:
        pytest.skip("the kernel keyring refused the key here")
    assert kept[0][1].split()[0] in ("1m", "60s", "59s", "58s")


# --- a fresh recovery code after one is used -------------------------------------------------------------------


@pytest.mark.slow  # scrypt at its real work factor, several times: CI runs it, the everyday loop does not
def test_recovering_prints_a_new_code_and_the_used_one_stops_working(
    run: Run, tmp_path: Path, lipcare_home: Path
) -> None:
    checkins_with_photos(run, tmp_path)
    first = recovery_code(run("data", "encrypt"))
    used = secret_file(tmp_path, "used", first)
    new = secret_file(tmp_path, "new", "a new passphrase 2")
    recovered = run("data", "recover", LIPCARE_RECOVERY_FILE=str(used), LIPCARE_NEW_PASSPHRASE_FILE=str(new))
    assert recovered.exit_code == 0, recovered.output
    assert "the recovery code you used no longer works" in recovered.stdout
    second = recovery_code(recovered)
    assert second != first and recovered.stdout.count(second) == 1  # printed once
    assert second not in str(state(lipcare_home))  # stored only wrapped
    assert leaks(lipcare_home) == []
    assert NOTE in run("history", LIPCARE_PASSPHRASE_FILE=str(new)).stdout
    again = run("data", "recover", LIPCARE_RECOVERY_FILE=str(used), LIPCARE_NEW_PASSPHRASE_FILE=str(new))
    assert again.exit_code == 1 and "not the recovery code" in again.stderr and again.stderr.count("\n") == 1
    # even with journal.key damaged, the old code finds no copy of its wrap in journal.recovery
    key = lipcare_home / "journal.key"
    key.write_bytes(b"damaged")
    assert run("data", "recover", LIPCARE_RECOVERY_FILE=str(used)).exit_code == 1
    fresh = secret_file(tmp_path, "fresh", second)
    third = run("data", "recover", LIPCARE_RECOVERY_FILE=str(fresh), LIPCARE_NEW_PASSPHRASE_FILE=str(run.passphrase))
    assert third.exit_code == 0, third.output
    assert recovery_code(third) not in (first, second)
    assert NOTE in run("history").stdout


# --- a read-only disk --------------------------------------------------------------------------------------------


@pytest.mark.slow  # a file system mounted and remounted read-only, and scrypt
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_an_encrypted_journal_on_a_read_only_disk_opens_read_only(run: Run, tmp_path: Path) -> None:
    from test_reliability import small_disk

    with small_disk(tmp_path / "disk", "8m") as disk:
        home = disk / "home"
        env = {**run.env, "LIPCARE_HOME": str(home)}
        photo = picture(tmp_path / "lips.jpg")
        args = ("checkin", "--date", "2026-11-20", "--redness", "1", "--symptom", ANSWER, "--note", NOTE)
        assert lipcare_killed(home, env, "", *args, "--photo", str(photo)).returncode == 0
        assert lipcare_killed(home, env, "", "data", "encrypt").returncode == 0
        assert lipcare_killed(home, env, "", "data", "lock").returncode == 0
        history = lipcare_killed(home, env, "", "history", "--json").stdout
        assert NOTE in history
        before = state(home)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        try:
            for command in (
                ["history", "--json"],
                ["timeline"],
                ["photo", "list"],
                ["data", "export", "--format", "json", "-o", "-"],
                ["report", "-o", "-"],
            ):
                done = lipcare_killed(home, env, "", *command)
                assert done.returncode == 0, (command, done.stderr)
                assert "Traceback" not in done.stderr
            assert lipcare_killed(home, env, "", "history", "--json").stdout == history
            assert "data:image/jpeg;base64" in lipcare_killed(home, env, "", "report", "-o", "-").stdout
            refused = lipcare_killed(home, env, "", "checkin", "--redness", "2")
            assert refused.returncode == 1 and "read-only" in refused.stderr, refused.stderr
            assert refused.stderr.count("\n") == 1
            assert state(home) == before
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
            vault.lock(home / "journal.sqlite3")


# --- an encrypted export (age) -----------------------------------------------------------------------------------


def opened_zip(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.slow  # scrypt to open the journal, then age: CI runs it
def test_an_export_encrypted_to_an_age_recipient_opens_with_its_identity_only(
    run: Run, tmp_path: Path, lipcare_home: Path
) -> None:
    pyrage = pytest.importorskip("pyrage")
    checkins_with_photos(run, tmp_path)
    assert run("data", "encrypt").exit_code == 0
    clinic, patient, stranger = (pyrage.x25519.Identity.generate() for _ in range(3))
    target = tmp_path / "journal.zip.age"
    done = run(
        "data", "export", "--format", "zip", "-o", str(target),
        "--recipient", str(clinic.to_public()), "--recipient", str(patient.to_public()),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "(encrypted with age)" in done.stdout
    sealed = target.read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1\n")
    assert not [secret for secret in SECRETS if secret in sealed] and b"journal.json" not in sealed
    for identity in (clinic, patient):
        files = opened_zip(pyrage.decrypt(sealed, [identity]))
        assert NOTE in files["journal.json"].decode()
        assert sum(name.endswith(".jpg") and data.startswith(b"\xff\xd8\xff") for name, data in files.items()) == 2
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(sealed, [stranger])


@pytest.mark.slow  # age calibrates its passphrase's scrypt to about a second of work on this machine, each way
def test_an_export_encrypted_to_a_passphrase_opens_with_it(run: Run, tmp_path: Path) -> None:
    pyrage = pytest.importorskip("pyrage")
    checkins_with_photos(run, tmp_path)  # a plaintext journal: its export can be encrypted all the same
    passphrase = secret_file(tmp_path, "export-passphrase", "for the clinic 2026")
    target = tmp_path / "journal.zip.age"
    done = run(
        "data",
        "export",
        "--format",
        "zip",
        "--encrypt",
        "-o",
        str(target),
        LIPCARE_EXPORT_PASSPHRASE_FILE=str(passphrase),
    )
    assert done.exit_code == 0, done.output
    sealed = target.read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert not [secret for secret in SECRETS if secret in sealed]
    assert NOTE in opened_zip(pyrage.passphrase.decrypt(sealed, "for the clinic 2026"))["journal.json"].decode()
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(sealed, "not the passphrase")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--encrypt",), "add --format zip"),
        (("--format", "csv", "--recipient", "age1x"), "add --format zip"),
        (("--format", "zip", "--encrypt", "--recipient", "age1x"), "not both"),
        (("--format", "zip", "--recipient", "age1notakey"), "is not an age public key"),
        (("--format", "zip", "--recipient", "\x1b[31mred"), "is not an age public key"),
        (("--format", "zip", "--encrypt"), "at least 8 characters"),
        (("--format", "zip", "--encrypt"), "an encrypted export needs a passphrase: run it in a terminal"),
    ],
)
def test_a_refused_encrypted_export_writes_nothing(
    run: Run, tmp_path: Path, lipcare_home: Path, args: tuple[str, ...], said: str
) -> None:
    pytest.importorskip("pyrage")
    checkins_with_photos(run, tmp_path)
    short = secret_file(tmp_path, "short", "abc")
    env = {"LIPCARE_EXPORT_PASSPHRASE_FILE": str(short)} if "8 characters" in said else {}
    before = state(lipcare_home)
    target = tmp_path / "journal.zip.age"
    done = run("data", "export", *args, "-o", str(target), **env)
    assert done.exit_code == 2, done.output
    assert said in done.stderr and done.stderr.count("\n") == 1 and "\x1b" not in done.stderr
    assert not target.exists() and state(lipcare_home) == before


def test_an_encrypted_export_without_the_extra_names_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkins_with_photos(run, tmp_path)
    monkeypatch.setitem(sys.modules, "pyrage", None)
    target = tmp_path / "journal.zip.age"
    done = run("data", "export", "--format", "zip", "--recipient", "age1x", "-o", str(target))
    assert done.exit_code == 2 and "pip install 'lipcare[secure]'" in done.stderr and not target.exists()


@pytest.mark.slow  # the real age tool, in its own process: CI runs it
def test_the_age_tool_opens_an_export_encrypted_to_a_recipient(run: Run, tmp_path: Path) -> None:
    """What the clinic would run: the age command, not lipcare, opens the file."""
    if shutil.which("age") is None or shutil.which("age-keygen") is None:
        if os.environ.get("LIPCARE_REQUIRE_TOOLS") == "1":  # CI: .ci/run installs it
            pytest.fail("age is required (LIPCARE_REQUIRE_TOOLS=1) but not installed")
        pytest.skip("the age tool is not installed; .ci/run installs it (apt-get install age)")
    checkins_with_photos(run, tmp_path)
    identity = tmp_path / "clinic-key.txt"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
    ).stdout.strip()
    target = tmp_path / "journal.zip.age"
    assert run("data", "export", "--format", "zip", "--recipient", recipient, "-o", str(target)).exit_code == 0
    opened = subprocess.run(["age", "-d", "-i", str(identity), str(target)], check=True, capture_output=True).stdout
    assert NOTE in opened_zip(opened)["journal.json"].decode()
