"""The encrypted journal: its keys, the SQLCipher connection and the sealed photos.

Imported only when a journal is encrypted (a key file lies beside it) or by `lipcare data encrypt|decrypt|
passphrase|recover`, so a plaintext journal's start-up is unchanged.

- A random 256-bit data key encrypts the journal (SQLCipher 4: AES-256 in CBC mode per page, HMAC-SHA512 per page,
  the WAL too) and the photos (AES-256-GCM, with a key derived from the data key).
- The data key is kept only wrapped: by the passphrase, and by a recovery code printed once at encryption, each
  through scrypt (N=2^15, r=8, p=1: 32 MiB). A wrap is the data key XORed with 32 bytes of scrypt output and
  authenticated by HMAC-SHA256 keyed with 32 more: the salt is fresh for every wrap, so no pad is used twice.
- `journal.key` holds both wraps; `journal.recovery` holds the recovery wrap again, so a damaged key file does not
  lose the journal. Changing the passphrase rewrites `journal.key` only, never the data.
- The passphrase is typed at the terminal (once per command) or read from the private file LIPCARE_PASSPHRASE_FILE
  names: never from the command line or the value of an environment variable.

SQLite errors from SQLCipher are handed to `translate` (from lipcare.journal), so the journal reports them as it
reports its own: this module never imports sqlite3.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lipcare.errors import JournalError, UsageError
from lipcare.install import extra_command
from lipcare.text import _, inert

KEY_NAME = "journal.key"
RECOVERY_NAME = "journal.recovery"
#: There while the passphrase is remembered in the OS keyring (`--remember`): only then is keyring imported.
REMEMBER_NAME = "journal.remember"
KEYRING_SERVICE = "lipcare"
#: Left while `data encrypt` or `data decrypt` runs; the next command finishes or undoes what it names.
PENDING_NAME = "journal.converting"
FORMAT = "lipcare-key-1"
CIPHER = "SQLCipher 4 (AES-256-CBC, HMAC-SHA512 per page); photos AES-256-GCM"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
PHOTO_MAGIC = b"LIPCENC1"
MIN_PASSPHRASE = 8

_unlocked: dict[Path, bytes] = {}


def key_file(journal: Path) -> Path:
    return journal.with_name(KEY_NAME)


def recovery_file(journal: Path) -> Path:
    return journal.with_name(RECOVERY_NAME)


def pending_file(journal: Path) -> Path:
    return journal.with_name(PENDING_NAME)


def vault_files(journal: Path) -> list[Path]:
    """The key files beside `journal` (what `data erase` deletes with it)."""
    return [
        key_file(journal),
        recovery_file(journal),
        pending_file(journal),
        _temporary(journal),
        journal.with_name(REMEMBER_NAME),
    ]


def is_encrypted(journal: Path) -> bool:
    return os.path.lexists(key_file(journal)) or os.path.lexists(recovery_file(journal))


# --- wrapping ------------------------------------------------------------------------------------------------------


def _derive(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=64)


def _mac(key: bytes, salt: bytes, wrapped: bytes, n: int, r: int, p: int) -> bytes:
    return hmac.new(key, f"{FORMAT}:{n}:{r}:{p}:".encode() + salt + wrapped, hashlib.sha256).digest()


def wrap(data_key: bytes, secret: bytes) -> dict[str, object]:
    salt = os.urandom(16)
    derived = _derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = bytes(a ^ b for a, b in zip(data_key, derived[:32], strict=True))
    tag = _mac(derived[32:], salt, wrapped, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "key": wrapped.hex(),
        "mac": tag.hex(),
    }


def unwrap(slot: object, secret: bytes) -> bytes | None:
    """The data key, or None when `secret` is wrong or the slot damaged.

    The same work is done in every case (an unreadable slot is tried with the usual parameters and a zero salt),
    so the time taken does not tell a wrong secret from a damaged slot.
    """
    try:
        assert isinstance(slot, dict) and slot["kdf"] == "scrypt"
        n, r, p = int(slot["n"]), int(slot["r"]), int(slot["p"])
        assert (n, r, p) == (SCRYPT_N, SCRYPT_R, SCRYPT_P)  # never let a file choose a cheaper or huge cost
        salt, wrapped, tag = (bytes.fromhex(str(slot[name])) for name in ("salt", "key", "mac"))
        assert len(salt) == 16 and len(wrapped) == 32 and len(tag) == 32
        readable = True
    except (AssertionError, KeyError, TypeError, ValueError):
        n, r, p, salt, wrapped, tag, readable = SCRYPT_N, SCRYPT_R, SCRYPT_P, bytes(16), bytes(32), bytes(32), False
    derived = _derive(secret, salt, n, r, p)
    right = hmac.compare_digest(_mac(derived[32:], salt, wrapped, n, r, p), tag)
    if not (right and readable):
        return None
    return bytes(a ^ b for a, b in zip(wrapped, derived[:32], strict=True))


def _checked(content: dict[str, object]) -> dict[str, object]:
    body = json.dumps(content, sort_keys=True).encode()
    return {**content, "check": hashlib.sha256(body).hexdigest()}


def _load(path: Path) -> dict[str, object] | None:
    """The key file's content, or None when it is damaged (not JSON, not ours, or its check does not match)."""
    try:
        content = json.loads(path.read_bytes())
        check = content.pop("check")
        body = json.dumps(content, sort_keys=True).encode()
        if content.get("format") != FORMAT or not hmac.compare_digest(hashlib.sha256(body).hexdigest(), str(check)):
            return None
        return dict(content)
    except (ValueError, KeyError, AttributeError, TypeError):
        return None
    except OSError as error:
        raise JournalError(
            "cannot read the key file {path}: {error}.", path=inert(str(path)), error=error.strerror or error
        ) from None


def _write_private(path: Path, data: bytes) -> None:
    """Write `path` (0600) under a temporary name, synced, then renamed into place."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temporary, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    temporary.replace(path)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_keys(journal: Path, passphrase_slot: dict[str, object], recovery_slot: dict[str, object]) -> None:
    """Write the recovery file first, then the key file: whichever is there, the data key can be unwrapped."""
    recovery: dict[str, object] = {"format": FORMAT, "cipher": CIPHER, "recovery": recovery_slot}
    keys: dict[str, object] = {**recovery, "passphrase": passphrase_slot}
    _write_private(recovery_file(journal), json.dumps(_checked(recovery), indent=1).encode())
    _write_private(key_file(journal), json.dumps(_checked(keys), indent=1).encode())


def new_recovery_code() -> str:
    """20 random bytes as 32 letters and digits (no 0/O, 1/I), in groups of four."""
    import base64

    text = base64.b32encode(os.urandom(20)).decode().translate(str.maketrans("01", "89"))
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _code_bytes(code: str) -> bytes:
    return "".join(c for c in code.upper() if c.isalnum()).encode()


def _passphrase_bytes(passphrase: str) -> bytes:
    import unicodedata

    return unicodedata.normalize("NFC", passphrase).encode()


# --- the secrets -------------------------------------------------------------------------------------------------


#: The largest passphrase (or recovery code) file read: a passphrase is a line, not a document. A larger file
#: is refused rather than read in part, so the passphrase typed at a prompt is always the same one.
MAX_SECRET_FILE = 4096


def read_secret_file(variable: str) -> str | None:
    """The first line of the file the environment variable names, refused unless private; None when unset."""
    name = os.environ.get(variable, "")
    if not name:
        return None
    path = Path(name).expanduser()
    shown = inert(str(path))
    try:
        # O_NONBLOCK: a FIFO opens at once (and is then refused below) instead of waiting for a writer forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UsageError(
            "cannot read {path} ({variable}): {error}.", path=shown, variable=variable, error=error.strerror or error
        ) from None
    try:
        info = os.fstat(fd)  # before any read: a folder or a device is refused, not read
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
            raise UsageError(
                "{path} ({variable}) is not a file of yours; lipcare will not read a passphrase from it.",
                path=shown,
                variable=variable,
            )
        if stat.S_IMODE(info.st_mode) & 0o077:
            raise UsageError(
                "{path} ({variable}) can be read by others; make it private first: chmod 600 {path}. "
                "Nothing was changed.",
                path=shown,
                variable=variable,
            )
        if info.st_size > MAX_SECRET_FILE:
            raise UsageError(
                "{path} ({variable}) is larger than {count} bytes, so it is not a passphrase file; "
                "nothing was changed.",
                path=shown,
                variable=variable,
                count=MAX_SECRET_FILE,
            )
        data = os.read(fd, MAX_SECRET_FILE + 1)
    finally:
        os.close(fd)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Replacing the bad bytes would let different passphrases become the same one.
        raise UsageError(
            "{path} ({variable}) is not UTF-8 text; save the passphrase as UTF-8. Nothing was changed.",
            path=shown,
            variable=variable,
        ) from None
    return text.splitlines()[0] if text else ""


def _terminal() -> bool:
    import sys

    return sys.stdin.isatty()


def ask(prompt: str, variable: str = "LIPCARE_PASSPHRASE_FILE") -> str:
    """A secret, from the file `variable` names or typed at the terminal (not echoed)."""
    given = read_secret_file(variable)
    if given is not None:
        return given
    if not _terminal():
        raise UsageError(
            "lipcare needs the journal's passphrase: run it in a terminal to type it, or name a private file "
            "holding it in {variable}.",
            variable=variable,
        )
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError("no passphrase was typed; nothing was changed.") from None


def ask_new(variable: str = "LIPCARE_PASSPHRASE_FILE") -> str:
    """A new passphrase: from the file, or typed twice at the terminal; at least MIN_PASSPHRASE characters."""
    given = read_secret_file(variable)
    if given is None:
        first = ask(_("New passphrase: "), variable)
        if ask(_("The same passphrase again: "), variable) != first:
            raise UsageError("the two passphrases differ; nothing was changed.")
        given = first
    if len(given) < MIN_PASSPHRASE:
        raise UsageError("a passphrase needs at least {count} characters; nothing was changed.", count=MIN_PASSPHRASE)
    return given


def _keys(journal: Path) -> dict[str, object]:
    keys = _load(key_file(journal)) if os.path.lexists(key_file(journal)) else None
    if keys is None:
        raise JournalError(
            "the key file {path} is missing or damaged, so the passphrase cannot unlock the journal. Your "
            "recovery code still can: run lipcare data recover, type the code and choose a new passphrase.",
            path=inert(str(key_file(journal))),
        )
    return keys


def data_key(journal: Path) -> bytes:
    """The journal's data key: from this command's memory, the session (see below), the OS keyring's passphrase or
    the passphrase asked for once; a key unlocked from a passphrase is kept in the session for the next commands."""
    if journal in _unlocked:
        return _unlocked[journal]
    keys = _keys(journal)
    binding = _binding(keys)
    minutes = session_minutes()
    if minutes:
        kept = session_key(journal, binding, minutes)
        if kept is not None:
            _unlocked[journal] = kept
            return kept
    key = _unlock(journal, keys)
    _unlocked[journal] = key
    if minutes:
        keep_in_session(journal, binding, key, minutes)
    return key


def _unlock(journal: Path, keys: dict[str, object]) -> bytes:
    remembered = None if os.environ.get("LIPCARE_PASSPHRASE_FILE") else _remembered(journal)
    if remembered is not None:
        key = unwrap(keys.get("passphrase"), _passphrase_bytes(remembered))
        if key is not None:
            return key
        _note(_("the passphrase the keyring remembers no longer opens the journal; asking for it."))
    secret = ask(_("Passphrase for your lipcare journal: "))
    key = unwrap(keys.get("passphrase"), _passphrase_bytes(secret))
    if key is None:
        raise JournalError(
            "wrong passphrase for the journal {path}; nothing was changed. Forgotten it? "
            "lipcare data recover, with your recovery code.",
            path=inert(str(journal)),
        )
    return key


# --- the session: the data key kept between commands, in the kernel's keyring -----------------------------------
#
# Unlocking costs scrypt (about 0.1 s) on purpose, so each command paid it. As sudo keeps a timestamp and
# ssh-agent a key, lipcare keeps the unwrapped data key for `unlock-minutes` (a setting, 15 by default, 0 for
# never) after its last use, in the Linux kernel's keyring of the user (`keyctl`, through ctypes: no
# dependency). The kernel holds it in its own memory: never in a file, never in swap, gone at reboot, and
# deleted by the kernel itself when the time runs out, whether lipcare runs again or not. Only processes of the
# same user can read it (as they can read the journal's folder, and what the patient types). Where there is
# no such keyring (macOS, Windows, a container that forbids keyctl), nothing is kept and the passphrase is
# asked as before. The key is bound to the key file: a changed passphrase, a restored or another key file
# finds nothing kept. `data lock`, `erase`, `decrypt`, `passphrase`, `recover` and `forget` delete it.

SESSION_SETTING = "unlock-minutes"
SESSION_MINUTES = 15
SESSION_MOST = 1440
#: add_key and keyctl in Linux's system call tables, by machine.
_CALLS = {
    "x86_64": (248, 250),
    "aarch64": (217, 219),
    "arm64": (217, 219),
    "riscv64": (217, 219),
    "ppc64le": (269, 271),
    "ppc64": (269, 271),
    "s390x": (278, 280),
    "i386": (286, 288),
    "i686": (286, 288),
    "armv7l": (309, 311),
    "armv8l": (309, 311),
}
_USER_KEYRING = -4  # KEY_SPEC_USER_KEYRING: the user's own, shared by their processes, in kernel memory
_SETPERM, _UNLINK, _SEARCH, _READ, _SET_TIMEOUT, _INVALIDATE = 5, 9, 10, 11, 15, 21
#: Possessor: everything; processes of the same user: view, read, write, search, set the timeout; others nothing.
_PERMISSIONS = 0x3F2F0000
_SESSION_BYTES = 64  # the data key and the key file's binding: nothing else, and no health data


def session_minutes() -> int:
    """The `unlock-minutes` setting: how long the unlocked key is kept after its last use (0: never)."""
    from lipcare.settings import load_settings

    value = load_settings().get(SESSION_SETTING)
    if value is None:
        return SESSION_MINUTES
    return int(value) if value.isascii() and value.isdigit() and int(value) <= SESSION_MOST else 0


def _binding(keys: dict[str, object]) -> bytes:
    return hashlib.sha256(b"lipcare session\0" + json.dumps(keys, sort_keys=True).encode()).digest()


def _session_name(journal: Path) -> bytes:
    where = os.fsencode(os.path.realpath(journal))
    return b"lipcare:" + hashlib.sha256(where).hexdigest()[:40].encode()


class _Keyring:
    """The few keyctl calls lipcare makes, through libc's syscall(); None from `_keyring()` where there are none."""

    def __init__(self, add: int, control: int) -> None:
        import ctypes

        self.ctypes = ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        self.syscall = libc.syscall
        self.syscall.restype = ctypes.c_long
        self.add_number, self.control_number = add, control

    def control(self, operation: int, *args: Any) -> int:
        c = self.ctypes
        return int(self.syscall(c.c_long(self.control_number), c.c_long(operation), *args))

    def find(self, name: bytes) -> int | None:
        c = self.ctypes
        found = self.control(_SEARCH, c.c_long(_USER_KEYRING), b"user", name, c.c_long(0))
        return found if found > 0 else None

    def read(self, key: int) -> bytes | None:
        c = self.ctypes
        buffer = c.create_string_buffer(_SESSION_BYTES)
        size = self.control(_READ, c.c_long(key), buffer, c.c_size_t(_SESSION_BYTES))
        value = buffer.raw[:size] if size == _SESSION_BYTES else None
        c.memset(buffer, 0, _SESSION_BYTES)
        return value

    def add(self, name: bytes, payload: bytes) -> int | None:
        c = self.ctypes
        made = int(
            self.syscall(
                c.c_long(self.add_number), b"user", name, payload, c.c_size_t(len(payload)), c.c_long(_USER_KEYRING)
            )
        )
        return made if made > 0 else None

    def timeout(self, key: int, seconds: int) -> bool:
        c = self.ctypes
        return self.control(_SET_TIMEOUT, c.c_long(key), c.c_uint(seconds)) == 0

    def restrict(self, key: int) -> bool:
        c = self.ctypes
        return self.control(_SETPERM, c.c_long(key), c.c_uint(_PERMISSIONS)) == 0

    def delete(self, key: int) -> None:
        c = self.ctypes
        if self.control(_INVALIDATE, c.c_long(key)) != 0:
            self.control(_UNLINK, c.c_long(key), c.c_long(_USER_KEYRING))


def _keyring() -> _Keyring | None:
    import sys

    calls = _CALLS.get(os.uname().machine) if sys.platform.startswith("linux") else None
    if calls is None:
        return None
    try:
        return _Keyring(*calls)
    except (OSError, AttributeError):
        return None


def session_key(journal: Path, binding: bytes, minutes: int) -> bytes | None:
    """The data key kept for `journal` in the session, its time renewed; None when none is kept for this key file."""
    keyring = _keyring()
    found = keyring.find(_session_name(journal)) if keyring else None
    if keyring is None or found is None:
        return None
    payload = keyring.read(found)
    if payload is None or not hmac.compare_digest(payload[32:], binding):
        keyring.delete(found)  # another key file's (the passphrase changed, a backup restored): not this one's
        return None
    keyring.timeout(found, minutes * 60)
    return payload[:32]


def keep_in_session(journal: Path, binding: bytes, key: bytes, minutes: int) -> bool:
    """Keep the data key for `minutes` after its last use; False where there is no kernel keyring to keep it."""
    keyring = _keyring()
    made = keyring.add(_session_name(journal), key + binding) if keyring else None
    if keyring is None or made is None:
        return False
    if not (keyring.restrict(made) and keyring.timeout(made, minutes * 60)):
        keyring.delete(made)  # never kept without its limits
        return False
    return True


def lock(journal: Path) -> bool:
    """Delete the data key kept in the session for `journal`; True when one was kept."""
    _unlocked.pop(journal, None)
    keyring = _keyring()
    found = keyring.find(_session_name(journal)) if keyring else None
    if keyring is None or found is None:
        return False
    keyring.delete(found)
    return True


# --- the OS keyring (optional) -------------------------------------------------------------------------------------


def _note(text: str) -> None:
    import sys

    sys.stderr.write(_("Note: {text}").format(text=text) + "\n")


def _keyring_user(journal: Path) -> str:
    return str(journal.resolve())


def _keyring_failed(error: BaseException) -> None:
    reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
    if isinstance(error, ImportError) and error.name == "keyring":  # the optional part is not installed
        reason = _("lipcare's keyring extra is not installed: {command}").format(command=extra_command("keyring"))
    _note(_("the keyring could not be used ({reason}); lipcare asks for the passphrase instead.").format(reason=reason))


def _remembered(journal: Path) -> str | None:
    """The passphrase the OS keyring keeps for `journal`; None (with a one-line note on a failure) otherwise."""
    if not os.path.lexists(journal.with_name(REMEMBER_NAME)):
        return None
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, _keyring_user(journal))
    except Exception as error:  # any back-end failure (none installed, D-Bus gone over SSH, locked) falls back
        _keyring_failed(error)
        return None
    if value is None:
        _note(_("the keyring has no passphrase for this journal any more; asking for it."))
    return value


def remember(journal: Path, passphrase: str) -> bool:
    """Keep `passphrase` in the OS keyring for `journal`; False (with a one-line note) when that fails."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _keyring_user(journal), passphrase)
    except Exception as error:  # ImportError included: keyring is optional
        _keyring_failed(error)
        return False
    _write_private(journal.with_name(REMEMBER_NAME), b"the passphrase is in the OS keyring\n")
    return True


def forget_remembered(journal: Path) -> None:
    """Delete the keyring's copy of the passphrase, if there is one (best effort: a note when it fails)."""
    marker = journal.with_name(REMEMBER_NAME)
    if not os.path.lexists(marker):
        return
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, _keyring_user(journal))
    except Exception as error:
        _note(
            _("the keyring's copy of the passphrase could not be deleted ({reason}); delete it there.").format(
                reason=str(error).splitlines()[0][:120] if str(error) else type(error).__name__
            )
        )
    marker.unlink(missing_ok=True)


def recover_key(journal: Path) -> bytes:
    """The data key unwrapped by the recovery code (from journal.recovery, or journal.key when that is damaged)."""
    slots = [
        content["recovery"]
        for content in (_load(recovery_file(journal)), _load(key_file(journal)))
        if content is not None and "recovery" in content
    ]
    if not slots:
        raise JournalError(
            "both key files beside {path} are missing or damaged; the journal cannot be unlocked.",
            path=inert(str(journal)),
        )
    code = _code_bytes(ask(_("Recovery code: "), "LIPCARE_RECOVERY_FILE"))
    for slot in slots:
        key = unwrap(slot, code)
        if key is not None:
            _unlocked[journal] = key
            return key
    raise JournalError("that is not the recovery code of this journal; nothing was changed.")


def recovery_slot(journal: Path) -> dict[str, object]:
    content = _load(recovery_file(journal)) or _load(key_file(journal))
    if content is None:
        raise JournalError("both key files beside {path} are missing or damaged.", path=inert(str(journal)))
    slot = content["recovery"]
    assert isinstance(slot, dict)
    return slot


def forget(journal: Path) -> None:
    _unlocked.pop(journal, None)


# --- SQLCipher ---------------------------------------------------------------------------------------------------


def sqlcipher() -> Any:
    try:
        import sqlcipher3.dbapi2 as module  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        raise JournalError(
            "this journal is encrypted, and this lipcare cannot open it without its encryption extra: "
            "install it with {command}. Nothing was changed.",
            command=extra_command("secure"),
        ) from None
    return module


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


class Connection:
    """An SQLCipher connection that raises sqlite3's exceptions (through `translate`), as lipcare.journal expects."""

    def __init__(self, db: Any, translate: Callable[[Exception], Exception]) -> None:
        self._db = db
        self._translate = translate
        self._errors = sqlcipher().Error

    def execute(self, sql: str, params: Any = ()) -> Cursor:
        try:
            return Cursor(self._db.execute(sql, params), self)
        except self._errors as error:
            raise self._translate(error) from None

    def executemany(self, sql: str, params: Any) -> Cursor:
        try:
            return Cursor(self._db.executemany(sql, params), self)
        except self._errors as error:
            raise self._translate(error) from None

    @property
    def in_transaction(self) -> bool:
        return bool(self._db.in_transaction)

    def close(self) -> None:
        self._db.close()


class Cursor:
    def __init__(self, cursor: Any, connection: Connection) -> None:
        self._cursor = cursor
        self._connection = connection

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid  # type: ignore[no-any-return]

    def _call(self, name: str, *args: Any) -> Any:
        try:
            return getattr(self._cursor, name)(*args)
        except self._connection._errors as error:
            raise self._connection._translate(error) from None

    def fetchone(self) -> Any:
        return self._call("fetchone")

    def fetchall(self) -> Any:
        return self._call("fetchall")

    def fetchmany(self, size: int) -> Any:
        return self._call("fetchmany", size)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


def connect(
    path: Path, key: bytes, timeout: float, translate: Callable[[Exception], Exception], uri: str | None = None
) -> Connection:
    """An open, keyed connection to the encrypted journal at `path` (or the SQLite `uri` naming it, read-only on a
    read-only disk): temp store in memory, secure delete on."""
    module = sqlcipher()
    try:
        db = module.connect(
            uri or str(path), timeout=timeout, isolation_level=None, check_same_thread=True, uri=uri is not None
        )
    except module.Error as error:
        raise translate(error) from None
    connection = Connection(db, translate)
    try:
        connection.execute(key_pragma(key))
        connection.execute("PRAGMA temp_store = MEMORY")
        if uri is None:  # nothing is deleted from a journal opened read-only
            connection.execute("PRAGMA secure_delete = ON")
    except BaseException:
        db.close()
        raise
    return connection


# --- photos ------------------------------------------------------------------------------------------------------


def _photo_key(key: bytes) -> bytes:
    return hmac.new(key, b"lipcare photos", hashlib.sha256).digest()


def _aead(key: bytes) -> Any:
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        raise JournalError(
            "this journal is encrypted, and this lipcare cannot open it without its encryption extra: "
            "install it with {command}. Nothing was changed.",
            command=extra_command("secure"),
        ) from None
    return AESGCM(_photo_key(key))


def seal(key: bytes, name: str, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return PHOTO_MAGIC + nonce + bytes(_aead(key).encrypt(nonce, data, name.encode()))


def unseal(key: bytes, name: str, data: bytes) -> bytes | None:
    """The photo's bytes; None when it does not decrypt (damaged)."""
    if not data.startswith(PHOTO_MAGIC):
        return data  # kept before the journal was encrypted and not yet converted
    from cryptography.exceptions import InvalidTag

    body = data[len(PHOTO_MAGIC) :]
    try:
        return bytes(_aead(key).decrypt(body[:12], body[12:], name.encode()))
    except (InvalidTag, ValueError):
        return None


# --- converting ----------------------------------------------------------------------------------------------------


def adopt(made: Path, journal: Path) -> None:
    """Let the journal being created at the temporary `made` use `journal`'s data key."""
    _unlocked[made] = data_key(journal)


def _temporary(journal: Path) -> Path:
    return journal.with_name(".journal-converting.sqlite3")


def _sidecars(path: Path) -> list[Path]:
    return [
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        path.with_name(path.name + "-journal"),
    ]


def _photo_folder(journal: Path) -> Path:
    return journal.parent / "photos"


def _photo_files(journal: Path, suffix: str = ".jpg") -> list[Path]:
    folder = _photo_folder(journal)
    try:
        return sorted(Path(entry.path) for entry in os.scandir(folder) if entry.name.endswith(suffix))
    except (FileNotFoundError, NotADirectoryError):
        return []


def _is_plain_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def finish_pending(journal: Path, translate: Callable[[Exception], Exception]) -> None:
    """Finish or undo a `data encrypt` or `data decrypt` that was stopped half-way.

    The key file is the point of no return of encrypting: before it is written, the plaintext journal is intact and
    what was made is deleted; after, everything needed is on disk and only renames are left. For decrypting, the
    point is the plaintext journal renamed into place.
    """
    pending = pending_file(journal)
    if not os.path.lexists(pending):
        return
    direction = pending.read_text(encoding="ascii", errors="replace").strip()
    temporary = _temporary(journal)
    if direction == "encrypt":
        if os.path.lexists(key_file(journal)):  # committed: finish
            if os.path.lexists(temporary):
                _remove(_sidecars(journal))
                temporary.replace(journal)
            for sealed in _photo_files(journal, ".jpg.enc"):
                sealed.replace(sealed.with_name(sealed.name.removesuffix(".enc")))
        else:  # undo
            _remove([temporary, *_sidecars(temporary), recovery_file(journal), *_photo_files(journal, ".jpg.enc")])
    else:
        if os.path.lexists(journal) and _is_plain_sqlite(journal):  # committed: finish
            for opened in _photo_files(journal, ".jpg.dec"):
                opened.replace(opened.with_name(opened.name.removesuffix(".dec")))
            _remove([key_file(journal), recovery_file(journal)])
        else:
            _remove([temporary, *_sidecars(temporary), *_photo_files(journal, ".jpg.dec")])
    sync_folder(journal.parent)
    _photo_sync(journal)
    pending.unlink()
    sync_folder(journal.parent)


def _photo_sync(journal: Path) -> None:
    if _photo_folder(journal).is_dir():
        sync_folder(_photo_folder(journal))


def _write_synced(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(source: Any, target: Path, target_key: bytes | None, translate: Callable[[Exception], Exception]) -> None:
    """Copy the open database `source` into a new file `target` (keyed, or plaintext with None), then check it."""
    module = sqlcipher()
    _remove([target, *_sidecars(target)])
    key = f"x'{target_key.hex()}'" if target_key else ""
    try:
        source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), key))
        source.execute("SELECT sqlcipher_export('converted')")
        for pragma in ("user_version", "application_id"):
            value = int(source.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            source.execute(f"PRAGMA converted.{pragma} = {value}")
        source.execute("DETACH DATABASE converted")
        target.chmod(0o600)
        made = module.connect(str(target), isolation_level=None)
        try:
            if target_key:
                made.execute(key_pragma(target_key))
            made.execute("PRAGMA temp_store = MEMORY")
            made.execute("PRAGMA journal_mode = WAL")
            if made.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise JournalError("the converted copy of the journal did not check out; nothing was changed.")
        finally:
            made.close()
        _sync_file(target)
    except module.Error as error:
        raise translate(error) from None


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def encrypt(journal: Path, passphrase: str, translate: Callable[[Exception], Exception]) -> str:
    """Encrypt the journal and photos at `journal` (or start an encrypted one there); the recovery code."""
    import secrets

    key = secrets.token_bytes(32)
    code = new_recovery_code()
    slots = (wrap(key, _passphrase_bytes(passphrase)), wrap(key, _code_bytes(code)))
    if not os.path.lexists(journal):
        write_keys(journal, *slots)
        _unlocked[journal] = key
        return code
    module = sqlcipher()
    _write_private(pending_file(journal), b"encrypt\n")
    temporary = _temporary(journal)
    try:
        source = module.connect(str(journal), isolation_level=None, timeout=15.0)
    except module.Error as error:
        raise translate(error) from None
    try:
        try:
            source.execute("PRAGMA temp_store = MEMORY")  # sorting while copying must not spill plaintext to disk
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            before = source.execute("PRAGMA data_version").fetchone()[0]
        except module.Error as error:
            raise translate(error) from None
        _copy(source, temporary, key, translate)
        for photo in _photo_files(journal):
            data = photo.read_bytes()
            if not data.startswith(PHOTO_MAGIC):
                _write_synced(photo.with_name(photo.name + ".enc"), seal(key, photo.name, data))
        _photo_sync(journal)
        try:
            source.execute("BEGIN IMMEDIATE")  # no check-in may be written between the copy and the switch
            changed = source.execute("PRAGMA data_version").fetchone()[0] != before
        except module.Error as error:
            raise translate(error) from None
        if changed:
            raise JournalError("another lipcare wrote to the journal meanwhile; nothing was changed, run it again.")
        # With the write lock held, a photo being written is a check-in's that was killed: never kept, and plaintext.
        _remove([file for file in _photo_files(journal, ".tmp") if file.name.startswith(".incoming-")])
        write_keys(journal, *slots)  # the point of no return
    except BaseException:
        source.close()
        finish_pending(journal, translate)  # undoes: no key file yet
        raise
    source.execute("ROLLBACK")
    source.close()
    _unlocked[journal] = key
    finish_pending(journal, translate)
    return code


def decrypt(journal: Path, translate: Callable[[Exception], Exception]) -> None:
    """Turn the encrypted journal and photos at `journal` back into plaintext; the key files go last."""
    key = data_key(journal)
    module = sqlcipher()
    _write_private(pending_file(journal), b"decrypt\n")
    temporary = _temporary(journal)
    try:
        source = module.connect(str(journal), isolation_level=None, timeout=15.0)
        source.execute(key_pragma(key))
        source.execute("PRAGMA temp_store = MEMORY")
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except module.Error as error:
        raise translate(error) from None
    try:
        _copy(source, temporary, None, translate)
        for photo in _photo_files(journal):
            data = unseal(key, photo.name, photo.read_bytes())
            if data is not None:
                _write_synced(photo.with_name(photo.name + ".dec"), data)
        _photo_sync(journal)
    except BaseException:
        source.close()
        finish_pending(journal, translate)
        raise
    source.close()
    _remove(_sidecars(journal))
    temporary.replace(journal)  # the point of no return
    sync_folder(journal.parent)
    finish_pending(journal, translate)
    forget(journal)


def change_passphrase(journal: Path, key: bytes, passphrase: str) -> None:
    """Wrap the data key with a new passphrase; the recovery wrap and the data stay as they are."""
    write_keys(journal, wrap(key, _passphrase_bytes(passphrase)), recovery_slot(journal))


def renew(journal: Path, key: bytes, passphrase: str) -> str:
    """After a recovery: wrap the data key with a new passphrase and a new recovery code, which is returned.

    Both key files are rewritten (the recovery file first), so the code that was used opens nothing once this
    returns. Stopped between the two writes, the key file still holds the old passphrase and code, which open the
    journal as before; the new code, never shown, is then lost with nothing else.
    """
    code = new_recovery_code()
    write_keys(journal, wrap(key, _passphrase_bytes(passphrase)), wrap(key, _code_bytes(code)))
    return code


def keep(journal: Path) -> bool:
    """Keep the key this command unlocked in the session (after `data encrypt` or `data recover`)."""
    key = _unlocked.get(journal)
    minutes = session_minutes()
    return bool(key and minutes) and keep_in_session(journal, _binding(_keys(journal)), key or b"", minutes)


# --- an encrypted export (data export --format zip --encrypt | --recipient) ----------------------------------------
#
# age (age-encryption.org/v1) through pyrage: to a passphrase (scrypt, its work factor calibrated by age to about
# a second of this machine) or to age recipients (X25519 public keys, age1...). Anyone can open it with the age
# tool, on every system: age -d -o journal.zip journal.zip.age


def _age() -> Any:
    try:
        import pyrage  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        raise UsageError(
            "an encrypted export needs lipcare's encryption extra: install it with {command}.",
            command=extra_command("secure"),
        ) from None
    return pyrage


def export_recipients(recipients: list[str]) -> list[Any]:
    """The age recipients named with --recipient, checked (before anything is read or written)."""
    if not recipients:
        return []
    pyrage = _age()
    parsed = []
    for recipient in recipients:
        try:
            parsed.append(pyrage.x25519.Recipient.from_str(recipient.strip()))
        except (pyrage.RecipientError, ValueError, TypeError):
            raise UsageError(
                "Invalid value for '--recipient': {recipient} is not an age public key (age1...).",
                recipient=inert(repr(recipient[:80])),
            ) from None
    return parsed


def export_passphrase() -> str:
    """The export's passphrase: from LIPCARE_EXPORT_PASSPHRASE_FILE, or typed twice at the terminal."""
    _age()
    variable = "LIPCARE_EXPORT_PASSPHRASE_FILE"
    given = read_secret_file(variable)
    if given is None and not _terminal():
        raise UsageError(
            "an encrypted export needs a passphrase: run it in a terminal to type it, or name a private file "
            "holding it in {variable}.",
            variable=variable,
        )
    if given is None:
        given = ask(_("Passphrase for the export: "), variable)
        if ask(_("The same passphrase again: "), variable) != given:
            raise UsageError("the two passphrases differ; nothing was changed.")
    if len(given) < MIN_PASSPHRASE:
        raise UsageError("a passphrase needs at least {count} characters; nothing was changed.", count=MIN_PASSPHRASE)
    return given


def seal_export(data: bytes, passphrase: str | None, recipients: list[Any]) -> bytes:
    """`data` encrypted with age: to the recipients, or else to the passphrase."""
    pyrage = _age()
    try:
        if recipients:
            return bytes(pyrage.encrypt(data, recipients))
        return bytes(pyrage.passphrase.encrypt(data, _passphrase_bytes(passphrase or "").decode()))
    except pyrage.EncryptError as error:
        raise JournalError(
            "the export could not be encrypted ({error}); nothing was written.", error=inert(str(error))
        ) from None
