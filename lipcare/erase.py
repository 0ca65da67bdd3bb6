"""`lipcare data erase`: what is deleted, checked before anything is, then deleted.

`plan` finds every file lipcare made for the journal (the journal and SQLite's files beside it, an encrypted
journal's key files, what an interrupted creation left, the photo folder, with --settings the settings) and the
cache, and reads how much the journal holds. `run` deletes them. The command asks in between.

A symbolic link, a folder or a file with other names (hard links) in lipcare's place would leave the data on the
disk when deleted, so any of them stops the erase before anything is deleted, with a message naming where the data
is (`files_to_erase`, `folder_to_erase`).
"""

import os
import stat
from collections.abc import Callable
from pathlib import Path

from lipcare import vault
from lipcare.errors import JournalError, LipcareError
from lipcare.fasttuple import Record
from lipcare.journal import Journal, journal_files, leftovers
from lipcare.paths import cache_dir, check_private_dir, journal_path
from lipcare.photos import folder_beside
from lipcare.settings import all_settings_files, settings_path
from lipcare.text import _, inert


class Plan(Record):
    """What `data erase` deletes, found and checked by `plan`."""

    journal: Path
    encrypted: bool
    files: list[Path]
    """What is deleted, the photo folder (with every photo in it) included; empty when there is nothing."""
    photo_folder: Path
    photos: int
    """How many files are in the photo folder."""
    counts: tuple[int, int] | None
    """(treatments, check-ins) in the journal, when it was read: never for an encrypted journal (reading would
    ask for the passphrase), nor when there is nothing to erase."""
    unreadable: LipcareError | None
    """Why the journal could not be read, when it could not."""
    settings_kept: Path | None
    """The settings file, when it is there and not erased (no --settings)."""
    cached: list[Path]
    """lipcare's cache files: deleted with the data, asked about or not."""
    cache_left: str
    """Why the cache was left as it is, when it was (a link, another user's folder); "" otherwise."""
    appointments: int = 0
    """How many follow-up appointments the journal keeps, when it was read (as `counts`)."""


def plan(with_settings: bool) -> Plan:
    """Find and check what `data erase` deletes. Raises JournalError, before anything is deleted, when deleting a
    file would leave its data on the disk."""
    path = journal_path()
    check_private_dir(path.parent)  # a folder lipcare refuses is not read, nor anything deleted in it
    encrypted = vault.is_encrypted(path)
    settings = settings_path()
    own = [
        *journal_files(path),
        *vault.vault_files(path),
        *leftovers(path.parent),
        *reminder_files(path.parent),  # the plan's reminders (lipcare remind), with their titles and times
        *(all_settings_files() if with_settings else []),  # the one in force, and an old one left beside the journal
    ]
    files = files_to_erase(own)
    cached, cache_left = cache_files()
    settings_kept = settings if not with_settings and settings.exists() else None
    photo_folder = folder_beside(path)
    pictures = folder_to_erase(photo_folder)  # refuses a link or hard-linked photos, like the journal
    if os.path.lexists(photo_folder):
        files.append(photo_folder)  # deleted with every photo in it
    counts, unreadable, appointments = None, None, 0
    if files and not encrypted and os.path.lexists(path):
        try:
            journal = Journal.open(path, create=False)
            if journal is None:  # gone since it was looked for a moment ago
                raise LipcareError("{path} is no longer there", path=path)
            with journal:
                counts = journal.counts()
                appointments = len(journal.appointments())
        except LipcareError as error:
            unreadable = error
    return Plan(
        path,
        encrypted,
        files,
        photo_folder,
        len(pictures),
        counts,
        unreadable,
        settings_kept,
        cached,
        cache_left,
        appointments,
    )


def run(plan: Plan) -> None:
    """Delete what `plan` found: the photo folder first (when it fails, nothing else is deleted), then the journal,
    its keys and leftovers (and the settings), then the cache. The data key kept unlocked for the session and an
    encrypted journal's passphrase kept in the system's keyring go with the keys."""
    if plan.files:
        vault.lock(plan.journal)  # the unlocked key kept for the session (a plaintext journal's: from before)
    if plan.encrypted:
        vault.forget_remembered(plan.journal)
    try:
        if plan.photo_folder in plan.files:
            erase_folder(plan.photo_folder)
    except OSError as error:
        raise LipcareError(
            "could not delete {path}: {error}; nothing else was deleted.",
            path=inert(str(error.filename)),
            error=error.strerror,
        ) from None
    erase_files([file for file in plan.files if file != plan.photo_folder])
    erase_files(plan.cached)


def reminder_files(folder: Path) -> list[Path]:
    """The reminders' files in the data folder (lipcare.remind_store) that are there now. The scheduler's own files
    are lipcare.scheduler.installed_files; lipcare.scheduler.remove stops the timer and deletes them."""
    from lipcare.remind_store import FILES

    return [folder / name for name in FILES if os.path.lexists(folder / name)]


def cache_files() -> tuple[list[Path], str]:
    """lipcare's cache files (the checked protocol, which names the clinic's file), erased with the data, and ""; or
    none and why, when lipcare refuses the cache folder (a link, another user's): it is left alone and never read."""
    folder = cache_dir()
    try:
        check_private_dir(folder)
        names = [entry.name for entry in os.scandir(folder)] if folder.is_dir() else []
        ours = [folder / name for name in sorted(names) if name.endswith(".cache") or name.startswith(".protocol-")]
        return files_to_erase(ours), ""
    except (JournalError, OSError) as error:
        reason = error.shown() if isinstance(error, JournalError) else error.strerror or str(error)
        return [], _(
            "lipcare's cache in {folder} was left as it is ({reason}); delete it yourself if you mean to."
        ).format(folder=inert(str(folder), marks=True), reason=reason.rstrip("."))


def files_to_erase(files: list[Path]) -> list[Path]:
    """Those of `files` that exist, once it is sure that deleting them deletes the data itself.

    A symbolic link, a folder or a file with other names (hard links) would
    leave the data on the disk when deleted, so any of them stops the erase
    before anything is deleted, with a message naming where the data is.
    """
    found = []
    names: dict[tuple[int, int], int] = {}
    """How many of `files` are names of each (device, inode): names all erased together leave nothing."""
    for file in files:
        try:
            info = file.lstat()
        except OSError:
            continue
        names[(info.st_dev, info.st_ino)] = names.get((info.st_dev, info.st_ino), 0) + 1
    for file in files:
        shown = inert(str(file))
        checked = _checked(file, photos=False)
        if checked is None:
            continue
        if not stat.S_ISREG(checked.st_mode):
            raise JournalError(
                "{path} is not a regular file (a folder or a device), so it is not lipcare's; nothing was deleted.",
                path=shown,
            )
        if checked.st_nlink > names.get((checked.st_dev, checked.st_ino), 1):
            raise JournalError(
                "{path} has {count} other name(s) on this disk (hard links), so deleting it here would "
                "leave the data there. Nothing was deleted; find the others with: find / -xdev -samefile '{path}'",
                path=shown,
                count=checked.st_nlink - 1,
            )
        found.append(file)
    return found


def folder_to_erase(folder: Path) -> list[Path]:
    """The files in `folder` (the photos), once it is sure that deleting them deletes the data: a link
    in the folder's place, or a file in it that is a link, not a file or has other names, stops the
    erase before anything is deleted, with a message naming where the data is."""
    info = _checked(folder, photos=True)
    if info is None:
        return []
    if not stat.S_ISDIR(info.st_mode):
        return files_to_erase([folder])
    try:
        entries = sorted(Path(entry.path) for entry in os.scandir(folder))
    except OSError as error:
        raise JournalError(
            "cannot read {path}: {error}; nothing was deleted.", path=inert(str(folder)), error=error.strerror or error
        ) from None
    return files_to_erase(entries)


def _checked(path: Path, *, photos: bool) -> os.stat_result | None:
    """What `files_to_erase` and `folder_to_erase` both check first: `path`'s own status (None when it is not
    there), once it is sure it is no symbolic link, whose data would stay on the disk when the link is deleted.
    Raises JournalError, naming where the data is, before anything is deleted."""
    shown = inert(str(path))
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise JournalError(
            "cannot check {path}: {error}; nothing was deleted.", path=shown, error=error.strerror or error
        ) from None
    if stat.S_ISLNK(info.st_mode):
        target = inert(os.path.realpath(path))
        if photos:
            raise JournalError(
                "{path} is a symbolic link: the photos it points to are in {target}, and deleting the link would "
                "leave them there. Nothing was deleted; delete {target} yourself (then the link) if you mean to.",
                path=shown,
                target=target,
            )
        raise JournalError(
            "{path} is a symbolic link: the data it points to is in {target}, and deleting the link would "
            "leave it there. Nothing was deleted; delete {target} yourself (then the link) if you mean to.",
            path=shown,
            target=target,
        )
    return info


def erase_files(files: list[Path]) -> None:
    """Delete `files`; raise JournalError naming any that is still on disk afterwards."""
    for file in files:
        try:
            file.unlink(missing_ok=True)
        except OSError as error:
            others = ", ".join(inert(str(other)) for other in files[files.index(file) + 1 :])
            if others:
                raise JournalError(
                    "could not delete {path}: {error}. It is still on disk, and so are {others}.",
                    path=inert(str(file)),
                    error=error.strerror or error,
                    others=others,
                ) from None
            raise JournalError(
                "could not delete {path}: {error}. It is still on disk.",
                path=inert(str(file)),
                error=error.strerror or error,
            ) from None
    left = [file for file in files if os.path.lexists(file)]
    if left:
        raise JournalError(
            "{files} is still on disk; delete it yourself.", files=", ".join(inert(str(file)) for file in left)
        )


def erase_folder(folder: Path) -> list[Path]:
    """Delete every file in the photo folder and the folder itself; the files deleted.

    A link in the folder's place is removed, never followed: what it points to is not lipcare's."""
    if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
        folder.unlink()
        return []
    removed = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        if entry.is_file(follow_symlinks=False) or entry.is_symlink():
            Path(entry.path).unlink()
            removed.append(Path(entry.path))
    folder.rmdir()
    return removed


# --- data erase --everything: what lipcare made outside its data ---------------------------------------------------


class Made(Record):
    """One thing lipcare made besides the journal, photos, settings and cache, that `data erase --everything`
    removes: a file deleted, a line taken out of a file (the rest of it left byte for byte), an empty folder
    removed, or something found and left as it is, with why."""

    path: Path
    kind: str
    """"file" (deleted), "line" (taken out of `path`), "folder" (removed when empty) or "left" (not touched)."""
    line: str = ""
    """For "line": the line taken out, whole."""
    note: str = ""
    """For "left": why, said to the person. For "folder": what is said when it is not empty ("" says nothing)."""
    undo: Callable[[], None] | None = None
    """Run before the file is deleted (a reminder's timer is stopped first, for example); an OSError or a
    LipcareError from it is a failure like any other."""


PROVIDERS: list[Callable[[], list[Made]]] = []
"""Who says what else lipcare made, for `data erase --everything`: each returns its list, checked (it raises
JournalError, before anything is deleted, for what it cannot check) but not yet removed. The shell completion
is first (`completion_made`); a feature that leaves something behind (reminders: systemd user units) adds its
own here, so that erasing everything keeps up with what lipcare makes."""


class Everything(Record):
    """What `data erase --everything` removes: the data (`plan` with the settings), then what else lipcare made."""

    data: Plan
    made: list[Made]


def plan_everything() -> Everything:
    """Find and check everything lipcare made; nothing is deleted yet."""
    data = plan(with_settings=True)
    made = [found for provider in PROVIDERS for found in provider()]
    return Everything(data, [*made, *_own_folders(data)])


def _own_folders(data: Plan) -> list[Made]:
    """lipcare's own folders, removed once empty: the data and config folders when they are lipcare's (not a
    LIPCARE_HOME, which the person chose), and the cache folder unless it was left alone."""
    from lipcare.paths import config_dir, data_dir

    ours = [] if os.environ.get("LIPCARE_HOME", "").strip() else [data_dir(), config_dir()]
    if not data.cache_left:
        ours.append(cache_dir())
    note = _("{folder} was left: it holds files lipcare did not make.")
    return [Made(folder, "folder", note=note) for folder in dict.fromkeys(ours) if folder.is_dir()]


class Done(Record):
    """What `run_everything` did: what it removed, what it left (and why), and what failed (one line each)."""

    removed: list[Made]
    left: list[str]
    failed: list[str]


def run_everything(everything: Everything) -> Done:
    """Delete the data first (`run`: stops at its first failure, naming what is still there), then everything
    else lipcare made, each on its own: one failure does not stop the others, and each is said."""
    run(everything.data)
    removed: list[Made] = []
    left: list[str] = []
    failed: list[str] = []
    for made in everything.made:
        try:
            if made.kind == "left":
                left.append(made.note)
                continue
            if made.undo is not None:
                made.undo()
            if made.kind == "file":
                made.path.unlink(missing_ok=True)
            elif made.kind == "line":
                if not _take_out(made.path, made.line):
                    continue  # taken out since it was found: nothing to say
            elif made.kind == "folder" and not _remove_empty(made):
                if made.note:
                    left.append(made.note.format(folder=inert(str(made.path), marks=True)))
                continue
            removed.append(made)
        except OSError as error:
            failed.append(
                _("could not remove {path}: {error}; it is still there.").format(
                    path=inert(str(error.filename or made.path)), error=error.strerror or error
                )
            )
        except LipcareError as error:
            failed.append(error.shown())
    return Done(removed, left, failed)


def _remove_empty(made: Made) -> bool:
    """Remove the folder when it is empty; False when something is still in it (or it is gone)."""
    try:
        made.path.rmdir()
    except FileNotFoundError:
        return False
    except OSError as error:
        import errno

        if error.errno in (errno.ENOTEMPTY, errno.EEXIST):
            return False
        raise
    return True


# --- the shell completion --install-completion made ----------------------------------------------------------------

COMPLETE_VAR = "_LIPCARE_COMPLETE"
"""lipcare.cli.COMPLETE_VAR, which every completion script lipcare writes names (erase may not import the CLI)."""
ZSH_LINE = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
"""The line Typer's --install-completion adds to ~/.zshrc, for every Typer program's completion in ~/.zfunc."""
MAX_START_UP_FILE = 4 * 1024 * 1024
"""A shell start-up file larger than this is not read (nor changed): lipcare never wrote one so large."""


def completion_made() -> list[Made]:
    """What `lipcare --install-completion` made (Typer's install, for bash, zsh and fish): the script, and the
    line that loads it in ~/.bashrc (or ~/.zshrc). A start-up file is changed only when it holds the line."""
    home = Path.home()
    bash = home / ".bash_completions" / "lipcare.sh"
    zfunc = home / ".zfunc"
    zsh = zfunc / "_lipcare"
    fish = home / ".config" / "fish" / "completions" / "lipcare.fish"
    found = [*_script(bash), *_script(zsh), *_script(fish)]
    found += _line(home / ".bashrc", f"source '{bash}'")
    if any(made.path == zsh and made.kind == "file" for made in found):
        try:
            others = [entry.name for entry in os.scandir(zfunc) if entry.name != zsh.name]
        except OSError:
            others = []
        if not others:  # the line serves lipcare's completion alone
            found += _line(home / ".zshrc", ZSH_LINE)
            found.append(Made(zfunc, "folder"))
        elif _holds_line(home / ".zshrc", ZSH_LINE):
            found.append(
                Made(
                    home / ".zshrc",
                    "left",
                    note=_(
                        "The line {line} in {file} was left: other programs' completion in {folder} uses it too."
                    ).format(line=ZSH_LINE, file=inert(str(home / ".zshrc")), folder=inert(str(zfunc))),
                )
            )
    found.append(Made(bash.parent, "folder"))
    return found


PROVIDERS.append(completion_made)


def reminders_made() -> list[Made]:
    """The desktop reminders' scheduler files (`lipcare remind install`): the timer is stopped before the first is
    deleted. The reminders' files in the data folder go with the data (`reminder_files`)."""
    from lipcare import scheduler
    from lipcare.paths import data_dir

    files = scheduler.installed_files(data_dir())
    return [Made(path, "file", undo=scheduler.stop if index == 0 else None) for index, path in enumerate(files)]


PROVIDERS.append(reminders_made)


def _script(path: Path) -> list[Made]:
    """The completion script at `path` when it is lipcare's (it names COMPLETE_VAR); a file that is not is left."""
    try:
        info = path.lstat()
    except OSError:
        return []
    if stat.S_ISLNK(info.st_mode):
        return [Made(path, "file")]  # the link is what lipcare's place holds; what it points to is not lipcare's
    holds = False
    if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_START_UP_FILE:
        try:
            holds = COMPLETE_VAR.encode() in path.read_bytes()
        except OSError:
            holds = False
    if holds:
        return [Made(path, "file")]
    return [
        Made(
            path,
            "left",
            note=_("{path} was left: it is not a completion script lipcare wrote.").format(path=inert(str(path))),
        )
    ]


def _start_up_file(path: Path) -> Path | None:
    """The file `path` names, through a link (a dotfiles manager's), when it is a regular file of a size lipcare
    reads; None otherwise."""
    real = Path(os.path.realpath(path))
    try:
        info = real.stat()
    except OSError:
        return None
    return real if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_START_UP_FILE else None


def _without(data: bytes, line: str) -> bytes | None:
    """`data` without every line that is exactly `line` (each with its line break), the rest byte for byte; None
    when it holds no such line."""
    lines = data.split(b"\n")
    wanted = line.encode()
    if wanted not in lines:
        return None
    return b"\n".join(each for each in lines if each != wanted)


def _holds_line(path: Path, line: str) -> bool:
    real = _start_up_file(path)
    try:
        return real is not None and _without(real.read_bytes(), line) is not None
    except OSError:
        return False


def _line(path: Path, line: str) -> list[Made]:
    """`line` taken out of the start-up file `path`, when it holds it and lipcare can write it; said and left
    when it cannot."""
    if not _holds_line(path, line):
        return []
    real = _start_up_file(path)
    assert real is not None  # _holds_line read it
    if not (os.access(real, os.W_OK) and os.access(real.parent, os.W_OK)):
        return [
            Made(
                path,
                "left",
                note=_(
                    "The line {line} in {file} was left: lipcare cannot change that file; take it out yourself."
                ).format(line=line, file=inert(str(path))),
            )
        ]
    return [Made(path, "line", line=line)]


def _take_out(path: Path, line: str) -> bool:
    """Take `line` out of `path` (through a link: the file it names), written whole or not at all, keeping the
    file's permissions; False when it no longer holds the line."""
    from lipcare.files import atomic_write

    real = _start_up_file(path)
    if real is None:
        return False
    mode = stat.S_IMODE(real.stat().st_mode)
    rest = _without(real.read_bytes(), line)
    if rest is None:
        return False
    atomic_write(real, rest, replace=True)
    real.chmod(mode)
    return True
