"""`lipcare data path|export|erase|encrypt|decrypt|passphrase|recover|forget|lock`: where the journal is, a copy
of it, deleting it, and encrypting it."""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.errors import LipcareError, UsageError
from lipcare.text import _, inert, plural

if TYPE_CHECKING:
    from pathlib import Path

    from lipcare import erase
    from lipcare.journal import Journal
    from lipcare.protocol import Protocol
    from lipcare.render.data_export import Contents


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    zip = "zip"


data_app = typer.Typer(help=COMMANDS["data"], no_args_is_help=True, add_completion=False)
app.add_typer(data_app, name="data")


@data_app.command("path")
def data_path() -> None:
    """Print where your journal is kept."""
    from lipcare.paths import journal_path

    path = journal_path()
    common.echo(inert(str(path), marks=True))  # from the environment: never raw escape codes on a terminal
    if not path.exists():
        sys.stderr.write(_("(no journal there yet: it is created the first time you give a treatment date)") + "\n")


@data_app.command("export")
def data_export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="json, csv, or zip (the JSON and your photos; needs -o).")
    ] = ExportFormat.json,
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE; '-' (the default) is standard output.")
    ] = "-",
    force: common.ForceOption = False,
    protocol_file: common.ProtocolOption = None,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt", help="Encrypt the zip file with a passphrase (age; asked twice). Needs lipcare[secure]."
        ),
    ] = False,
    recipients: Annotated[
        list[str] | None,
        typer.Option(
            "--recipient",
            metavar="AGE1...",
            help="Encrypt the zip file to this age public key (give it again for more; each can open it).",
        ),
    ] = None,
) -> None:
    """Write everything in your journal as JSON or CSV, or as a zip file of the JSON with your photos."""
    from lipcare.paths import journal_path
    from lipcare.render.data_export import export_csv_parts, export_json_parts

    sealed = encrypt or bool(recipients)
    if sealed and fmt is not ExportFormat.zip:
        raise UsageError("--encrypt and --recipient encrypt a zip file: add --format zip and -o FILE.")
    if encrypt and recipients:
        raise UsageError("give either --encrypt (a passphrase) or --recipient (age public keys), not both.")
    if fmt is ExportFormat.zip and output == "-":
        raise UsageError("--format zip writes a file: give its name with -o, for example -o lipcare-journal.zip.")
    protocol = common.current_protocol(protocol_file)
    journal = common.open_journal(create=False)
    if journal is None:
        raise LipcareError("there is nothing to export: no journal at {path}.", path=journal_path())
    with journal:  # closed whatever happens next, a refused -o included
        target = common.output_target(output, "-", force)
        contents = reworded_contents(protocol, export_contents(journal))
        if fmt is ExportFormat.zip:
            from lipcare.photos import read_photos
            from lipcare.render.data_export import export_zip

            if not sealed:
                read = read_photos(journal, contents.photos)
                common.write_file(export_zip(contents, protocol, read), target, _("your journal and photos"))
                return
            from lipcare import vault

            keys = vault.export_recipients(recipients or [])  # checked, and the passphrase asked, before reading
            passphrase = None if keys else vault.export_passphrase()
            read = read_photos(journal, contents.photos)
            data = vault.seal_export(export_zip(contents, protocol, read), passphrase, keys)
            common.write_file(data, target, _("your journal and photos (encrypted with age)"))
            return
        # Written as it is read from the journal, at any size.
        parts = (export_json_parts if fmt is ExportFormat.json else export_csv_parts)(contents, protocol)
        common.write_file(parts, target, _("your journal"))


def export_contents(journal: "Journal") -> "Contents":
    """What `data export` writes: the journal's records (check-ins read as they are written) and the settings."""
    from lipcare.photos import folder_beside
    from lipcare.render.data_export import Contents
    from lipcare.settings import load_settings

    return Contents(
        journal.path,
        load_settings(),
        journal.treatments(),
        journal.current_treatment(),
        journal.photos(),
        folder_beside(journal.path),
        journal.scale_keys(),
        journal.iter_checkins,
        journal.count_checkins,
        clock.moment(),
        journal.removed_checkins(),
        journal.appointments(),
    )


def reworded_contents(protocol: "Protocol", contents: "Contents") -> "Contents":
    """`contents` with the check-ins' reasons in the language of the run where they can be (lipcare.wording)."""
    from lipcare.wording import reworded_amendment, reworded_rows

    read = contents.checkins
    return contents._replace(
        checkins=lambda treatment: reworded_rows(protocol, read(treatment)),
        removed=[reworded_amendment(protocol, entry) for entry in contents.removed],
    )


@data_app.command("erase")
def data_erase(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    with_settings: Annotated[
        bool, typer.Option("--settings", help="Also delete your settings (clinic details, protocol file).")
    ] = False,
    everything: Annotated[
        bool,
        typer.Option(
            "--everything",
            help="Remove everything lipcare made, before you uninstall it: the journal, photos, keys, settings, "
            "cache, the shell completion and the line that loads it, and the folders once empty.",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was removed as JSON on stdout, for scripts (needs --yes).")
    ] = False,
) -> None:
    """Delete your journal and photos: every treatment, check-in and photo (with --settings, your settings too)."""
    from lipcare import erase

    if as_json and not yes:
        raise UsageError("--json prints what was removed, so it cannot ask first: add --yes.")
    if everything:
        _erase_everything(yes, as_json)
        return
    plan = erase.plan(with_settings)
    if as_json:
        erase.run(plan)
        common.echo_json("erase", {"removed": _removed_data(plan), "left": _left_data(plan), "failed": []})
        return
    kept = (
        ""
        if plan.settings_kept is None
        else " "
        + _("Your settings are kept in {path}; add --settings to delete them too.").format(path=plan.settings_kept)
    )
    if not plan.files:
        erase.run(plan)  # only the cache: what lipcare can always rebuild, and names the clinic: no question asked
        common.echo(
            inert(
                _("Nothing to erase: there is no journal at {path}.").format(path=plan.journal)
                + kept
                + _cache_said(plan)
            )
        )
        return
    what = _erased(plan)
    if not yes:
        if not common.stdin_is_terminal():
            raise UsageError("erasing needs a confirmation; run it in a terminal or add --yes.")
        if not common.confirm(
            _("Delete {folder}/ {files} with {what}? This cannot be undone").format(
                folder=inert(str(plan.journal.parent), marks=True),
                # A file outside the journal's folder (the settings, under $XDG_CONFIG_HOME) is named whole:
                # the question must say where each file it deletes is.
                files=inert(
                    _(", ").join(f.name if f.parent == plan.journal.parent else str(f) for f in plan.files),
                    marks=True,
                ),
                what=inert(what),
            )
        ):
            common.echo(_("Nothing was deleted."))
            return
    erase.run(plan)
    common.echo(
        inert(
            _("Deleted {files}: {what}.").format(files=_(", ").join(str(file) for file in plan.files), what=what)
            + kept
            + _cache_said(plan)
        )
    )


def _erase_everything(yes: bool, as_json: bool) -> None:
    """`data erase --everything`: list what lipcare made, ask (unless --yes), remove it, say what was left."""
    from lipcare import erase

    whole = erase.plan_everything()
    data = whole.data
    listed = [inert(str(file), marks=True) for file in (*data.files, *data.cached)]
    for made in whole.made:
        if made.kind == "file":
            listed.append(inert(str(made.path), marks=True))
        elif made.kind == "line":
            listed.append(
                _("{file}: the line {line}").format(
                    file=inert(str(made.path), marks=True), line=inert(made.line, marks=True)
                )
            )
    left = [made.note for made in whole.made if made.kind == "left"]
    if not as_json:
        if listed:
            common.echo(_("lipcare made these, and --everything removes them:"))
            for line in listed:
                common.echo("  " + line)
        for note in [*left, *([data.cache_left] if data.cache_left else [])]:
            common.echo(note)
    if listed and not yes:
        if not common.stdin_is_terminal():
            raise UsageError("erasing needs a confirmation; run it in a terminal or add --yes.")
        question = (
            _("Delete all of these, with {what}? This cannot be undone").format(what=inert(_erased(data)))
            if data.files
            else _("Delete all of these? This cannot be undone")
        )
        if not common.confirm(question):
            common.echo(_("Nothing was deleted."))
            return
    done = erase.run_everything(whole)
    removed = [*_removed_data(data), *_removed_made(done.removed)]
    if as_json:
        common.echo_json("erase", {"removed": removed, "left": [*_left_data(data), *done.left], "failed": done.failed})
    else:
        for note in done.left:
            if note not in left:
                common.echo(note)
        if not listed and not done.failed:
            common.echo(_("Nothing to erase: lipcare has left nothing here."))
        elif not done.failed:
            common.echo(_("Removed everything lipcare made."))
    if done.failed:
        for line in done.failed:
            sys.stderr.write(inert(line) + "\n")
        raise LipcareError(
            "{count} of what lipcare made could not be removed (each is named above); the rest was removed.",
            count=len(done.failed),
        )
    if not as_json:
        from lipcare.install import uninstall_command

        common.echo(_("To remove lipcare itself too: {command}").format(command=uninstall_command()))


def _removed_data(plan: "erase.Plan") -> list[dict[str, str | None]]:
    """What `erase.run` removed, as `data erase --json` lists it."""
    return [
        {"path": str(file), "kind": "folder" if file == plan.photo_folder else "file", "line": None}
        for file in (*plan.files, *plan.cached)
    ]


def _removed_made(removed: "list[erase.Made]") -> list[dict[str, str | None]]:
    return [{"path": str(made.path), "kind": made.kind, "line": made.line or None} for made in removed]


def _left_data(plan: "erase.Plan") -> list[str]:
    """What `data erase` left and why, as its --json lists it: the settings without --settings, a cache left."""
    left = []
    if plan.settings_kept is not None:
        left.append(
            _("Your settings are kept in {path}; add --settings to delete them too.").format(path=plan.settings_kept)
        )
    if plan.cache_left:
        left.append(plan.cache_left)
    return left


def _erased(plan: "erase.Plan") -> str:
    """What `data erase` deletes, as the question and the answer say it."""
    what = _("your settings")
    if plan.encrypted:  # counting would ask for the passphrase: the keys are deleted too
        what = _("an encrypted journal and its keys")
    elif plan.counts is not None:
        treatments, checkins = plan.counts
        what = _("{checkins} of {treatments}").format(
            checkins=plural(checkins, "check-in"), treatments=plural(treatments, "treatment")
        )
    elif plan.unreadable is not None:
        what = _("a journal that cannot be read ({error})").format(error=plan.unreadable.shown())
    if plan.appointments:
        what += _(" and {appointments}").format(appointments=plural(plan.appointments, "appointment"))
    if plan.photos:
        what += _(" and {photos}").format(photos=plural(plan.photos, "photo file"))
    return what


def _cache_said(plan: "erase.Plan") -> str:
    if plan.cache_left:
        return " " + plan.cache_left
    if not plan.cached:
        return ""
    return " " + _("Deleted lipcare's cache: {files}.").format(files=_(", ").join(str(file) for file in plan.cached))


def _convertible() -> "Path":
    """The journal's path, once a journal there (if any) opens: checked, migrated, a stopped conversion finished."""
    from lipcare.paths import ensure_private_dir, journal_path

    path = journal_path()
    ensure_private_dir(path.parent)
    journal = common.open_journal(create=False)
    if journal is not None:
        journal.close()
    return path


RememberOption = Annotated[
    bool,
    typer.Option(
        "--remember",
        help="Also keep the passphrase in your system's keyring, so lipcare does not ask for it (needs keyring).",
    ),
]


def _remember(path: "Path", passphrase: str) -> None:
    from lipcare import vault

    if vault.remember(path, passphrase):
        common.echo(_("The passphrase is kept in your system's keyring; lipcare data forget removes it."))


@data_app.command("encrypt")
def data_encrypt(remember: RememberOption = False) -> None:
    """Encrypt your journal and photos with a passphrase (in an empty folder: start an encrypted journal)."""
    from lipcare import vault
    from lipcare.journal import described
    from lipcare.photos import folder_files

    path = _convertible()
    if vault.is_encrypted(path):
        raise LipcareError("the journal {path} is already encrypted; nothing was changed.", path=path)
    existed = os.path.lexists(path)
    passphrase = vault.ask_new()
    code = vault.encrypt(path, passphrase, described(path))
    if not existed:
        common.open_journal(create=True).close()
    if remember:
        _remember(path, passphrase)
    kept = vault.keep(path)
    photos = len([file for file in folder_files(path.parent / "photos") if file.name.endswith(".jpg")])
    common.echo(
        _("Encrypted {path} and {photos}; lipcare asks for the passphrase from now on.").format(
            path=path, photos=plural(photos, "photo")
        )
    )
    common.echo(_("Your recovery code, shown only this once: {code}").format(code=code))
    common.echo(
        _(
            "Write it on paper and keep it away from this computer: with it, lipcare data recover opens the journal "
            "if you forget the passphrase. Without both, nobody can."
        )
    )
    if kept:
        _kept_said()


def _kept_said() -> None:
    from lipcare import vault

    common.echo(
        _(
            "lipcare keeps the journal unlocked until {minutes} minutes after its last use (setting {setting}); "
            "lipcare data lock locks it now."
        ).format(minutes=vault.session_minutes(), setting=vault.SESSION_SETTING)
    )


@data_app.command("decrypt")
def data_decrypt() -> None:
    """Store your journal and photos unencrypted again (asks for the passphrase)."""
    from lipcare import vault
    from lipcare.journal import described

    path = _convertible()
    if not vault.is_encrypted(path) or not os.path.lexists(path):
        raise LipcareError("the journal {path} is not encrypted; nothing was changed.", path=path)
    vault.decrypt(path, described(path))
    vault.lock(path)
    vault.forget_remembered(path)
    common.echo(_("Decrypted {path}: it and your photos are stored unencrypted again.").format(path=path))


@data_app.command("passphrase")
def data_passphrase(remember: RememberOption = False) -> None:
    """Change the passphrase of your encrypted journal (the data is not rewritten)."""
    from lipcare import vault

    path = _convertible()
    if not vault.is_encrypted(path) or not os.path.lexists(path):
        raise LipcareError("the journal {path} is not encrypted; nothing was changed.", path=path)
    key = vault.data_key(path)
    passphrase = vault.ask_new("LIPCARE_NEW_PASSPHRASE_FILE")
    vault.change_passphrase(path, key, passphrase)
    vault.lock(path)  # the next command asks for the new passphrase
    common.echo(
        _("The passphrase of {path} is changed; your recovery code still works. The journal is locked.").format(
            path=path
        )
    )
    if remember or os.path.lexists(path.with_name(vault.REMEMBER_NAME)):  # the keyring's copy follows the change
        _remember(path, passphrase)


@data_app.command("recover")
def data_recover(remember: RememberOption = False) -> None:
    """Forgot the passphrase, or the key file is damaged: unlock with your recovery code and choose a new one."""
    from lipcare import vault
    from lipcare.paths import journal_path

    path = journal_path()
    if not vault.is_encrypted(path) or not os.path.lexists(path):
        if os.path.lexists(path):  # a folder or a damaged file says so, not "not encrypted" (reads only)
            from lipcare.journal import check_file

            check_file(path)
        raise LipcareError("the journal {path} is not encrypted; nothing was changed.", path=path)
    vault.lock(path)
    key = vault.recover_key(path)
    _convertible()  # opens with the recovered key: it is the journal's
    passphrase = vault.ask_new("LIPCARE_NEW_PASSPHRASE_FILE")
    code = vault.renew(path, key, passphrase)  # the code just used opens nothing from here on
    common.echo(
        _(
            "The journal {path} is unlocked and has a new passphrase; the recovery code you used no longer works."
        ).format(path=path)
    )
    common.echo(_("Your new recovery code, shown only this once: {code}").format(code=code))
    common.echo(
        _(
            "Write it on paper and keep it away from this computer: with it, lipcare data recover opens the journal "
            "if you forget the passphrase. Without both, nobody can."
        )
    )
    if remember or os.path.lexists(path.with_name(vault.REMEMBER_NAME)):
        _remember(path, passphrase)
    if vault.keep(path):
        _kept_said()


@data_app.command("forget")
def data_forget() -> None:
    """Delete the copy of your passphrase kept in your system's keyring (--remember); lipcare asks for it again."""
    from lipcare import vault
    from lipcare.paths import journal_path

    path = journal_path()
    vault.forget_remembered(path)
    vault.lock(path)
    common.echo(_("lipcare asks for the passphrase of {path} from now on.").format(path=path))


@data_app.command("lock")
def data_lock() -> None:
    """Lock your encrypted journal now: the next command asks for the passphrase again."""
    from lipcare import vault
    from lipcare.paths import journal_path

    path = journal_path()
    if vault.lock(path):
        common.echo(_("Locked {path}: the next command asks for the passphrase.").format(path=path))
    elif not vault.is_encrypted(path):  # "not unlocked" would suggest a plain journal is encrypted
        common.echo(_("{path} is not encrypted, so there is nothing to lock.").format(path=path))
    else:
        common.echo(_("{path} was not unlocked; nothing to lock.").format(path=path))
