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
        try:
            info = file.lstat()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise JournalError(
                "cannot check {path}: {error}; nothing was deleted.", path=shown, error=error.strerror or error
            ) from None
        if stat.S_ISLNK(info.st_mode):
            target = inert(os.path.realpath(file))
            raise JournalError(
                "{path} is a symbolic link: the data it points to is in {target}, and deleting the link would "
                "leave it there. Nothing was deleted; delete {target} yourself (then the link) if you mean to.",
                path=shown,
                target=target,
            )
        if not stat.S_ISREG(info.st_mode):
            raise JournalError(
                "{path} is not a regular file (a folder or a device), so it is not lipcare's; nothing was deleted.",
                path=shown,
            )
        if info.st_nlink > names.get((info.st_dev, info.st_ino), 1):
            raise JournalError(
                "{path} has {count} other name(s) on this disk (hard links), so deleting it here would "
                "leave the data there. Nothing was deleted; find the others with: find / -xdev -samefile '{path}'",
                path=shown,
                count=info.st_nlink - 1,
            )
        found.append(file)
    return found


def folder_to_erase(folder: Path) -> list[Path]:
    """The files in `folder` (the photos), once it is sure that deleting them deletes the data: a link
    in the folder's place, or a file in it that is a link, not a file or has other names, stops the
    erase before anything is deleted, with a message naming where the data is."""
    shown = inert(str(folder))
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise JournalError(
            "cannot check {path}: {error}; nothing was deleted.", path=shown, error=error.strerror or error
        ) from None
    if stat.S_ISLNK(info.st_mode):
        target = inert(os.path.realpath(folder))
        raise JournalError(
            "{path} is a symbolic link: the photos it points to are in {target}, and deleting the link would "
            "leave them there. Nothing was deleted; delete {target} yourself (then the link) if you mean to.",
            path=shown,
            target=target,
        )
    if not stat.S_ISDIR(info.st_mode):
        return files_to_erase([folder])
    try:
        entries = sorted(Path(entry.path) for entry in os.scandir(folder))
    except OSError as error:
        raise JournalError(
            "cannot read {path}: {error}; nothing was deleted.", path=shown, error=error.strerror or error
        ) from None
    return files_to_erase(entries)


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
