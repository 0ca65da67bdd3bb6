"""The user's own settings: a small JSON file, 0600, in the config folder (or LIPCARE_HOME)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from lipcare.errors import LipcareError, Message, UsageError
from lipcare.fasttuple import Record
from lipcare.locale import languages
from lipcare.paths import (
    MAX_SETTINGS_BYTES,
    check_private_place,
    ensure_private_dir,
    legacy_settings_file,
    read_settings_file,
    settings_file,
)
from lipcare.protocol import Protocol
from lipcare.protocol.types import BY_SETTINGS
from lipcare.text import _, undecodable

KEYS = {
    "clinic-name": "Your clinic's name, shown with advice to contact it.",
    "clinic-phone": "Your clinic's phone number, shown with every advice to contact it.",
    "clinic-out-of-hours-phone": "A number to call when the clinic is closed.",
    "protocol": "A clinic protocol file to use for every command (see 'lipcare protocol').",
    "language": "The language lipcare speaks: en (English) or ar (Arabic).",
    "digits": "In Arabic, the digits to write numbers with: arabic-indic (٠١٢) or western (012).",
    "patient-name": "Your name, put on the report for your physician (lipcare report); kept only if you set it.",
    "patient-born": "Your date of birth (YYYY-MM-DD), put on the report for your physician; kept only if you set it.",
    "unlock-minutes": "An encrypted journal stays unlocked this many minutes after its last use (15; 0: always ask).",
}
DIGITS = ("arabic-indic", "western")
MAX_LENGTH = 500


def settings_path() -> Path:
    """The settings file: in the config folder (lipcare.paths.config_dir), where they are moved the first time
    a command reads them from beside the journal (`move_old_settings`)."""
    path = settings_file()
    move_old_settings(path)
    return path


def move_old_settings(path: Path) -> None:
    """Move the settings an earlier lipcare kept beside the journal to `path`, once and safely: the old file
        is copied in full under a temporary name and renamed into place, then removed. Stopped between the two
        (a kill, a full disk), both files hold the same settings, and the next command removes the old one; the
        settings are never in neither. If both exist and differ (settings changed by hand), the new file is in
        force, and the old one is set aside under another name beside the journal (`unused_settings_file`), said
    once on stderr: neither is lost, and `settings show` names it from then on (`data erase --settings` deletes
    all of them)."""
    old = legacy_settings_file()
    if old is None or not os.path.lexists(old):
        return
    check_private_place(old.parent)  # the data folder and the old file must be the user's own to trust them
    try:
        stored = read_settings_file(old)
        if stored is None:
            return
        if os.path.lexists(path):
            if read_settings_file(path) == stored:
                old.unlink()  # the copy was made before lipcare was stopped: finish the move
            else:
                _set_aside(old, path)
            return
        ensure_private_dir(path.parent)
        check_private_place(path.parent)
        from lipcare.files import atomic_write  # only a command that writes loads the writer

        atomic_write(path, stored, replace=False)
        old.unlink()
    except OSError as error:
        raise LipcareError(
            "cannot move your settings from {old} to {path}: {error}; they are still in {old}.",
            old=old,
            path=path,
            error=error.strerror or error,
        ) from None


UNUSED_NAME = "settings.unused.json"
"""Settings an earlier lipcare kept beside the journal that differ from those in force, set aside (never read)."""


def unused_settings_file() -> Path | None:
    """The older settings set aside beside the journal (`move_old_settings`), when they are there."""
    old = legacy_settings_file()
    unused = None if old is None else old.with_name(UNUSED_NAME)
    return unused if unused is not None and os.path.lexists(unused) else None


def _set_aside(old: Path, path: Path) -> None:
    """Both files hold settings, and they differ: the new ones are in force; the old ones are renamed, so that
    this is said once, and kept. When the name is taken (set aside before), the old file stays, said each time."""
    from lipcare.text import inert

    unused = old.with_name(UNUSED_NAME)
    try:
        renamed = not os.path.lexists(unused)
        if renamed:
            old.rename(unused)  # in the same folder: all or nothing
    except OSError:
        renamed = False
    if renamed:
        said = _(
            "Note: older settings beside your journal differ from those in force ({path}); lipcare uses only "
            "those and kept the older ones as {unused}. Compare them, then delete the one you do not want."
        )
    else:
        unused = old
        said = _(
            "Note: older settings in {unused} differ from those in force ({path}) and are not used. Compare them, "
            "then delete the one you do not want."
        )
    import sys

    sys.stderr.write(said.format(path=inert(str(path)), unused=inert(str(unused))) + "\n")


def all_settings_files() -> list[Path]:
    """Every settings file lipcare may have made: the one in force and, if they are still there, the old one
    and the old one set aside."""
    old = legacy_settings_file()
    unused = unused_settings_file()
    return [
        settings_file(),
        *([old] if old is not None and os.path.lexists(old) else []),
        *([unused] if unused is not None else []),
    ]


def load_settings() -> dict[str, str]:
    path = settings_path()
    if not os.path.lexists(path):
        return {}
    check_private_place(path.parent)  # settings choose the protocol: only the user's own are trusted
    try:
        stored = read_settings_file(path)
        if stored is None:
            return {}
        raw = stored.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else Message("it is not UTF-8 text")
        raise LipcareError("cannot read your settings {path}: {reason}.", path=path, reason=reason) from None
    import json  # only when there are settings to read: most commands run without any

    try:
        # Larger than lipcare writes, or nested (200,000 deep gave the internal error): damaged, not read.
        data = json.loads(raw) if len(stored) <= MAX_SETTINGS_BYTES else None
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError, and so is a 5,000-digit number
        data = None
    if (
        not isinstance(data, dict)
        or not all(isinstance(v, str) for v in data.values())
        or any(len(value) > MAX_LENGTH for key, value in data.items() if key in KEYS)
    ):
        raise LipcareError(
            "your settings file {path} is damaged; lipcare has left it as it is. Move it away to start again.",
            path=path,
        )
    return {key: value for key, value in data.items() if key in KEYS}


def choose_protocol(option: str | None, environment: str, settings: dict[str, str]) -> tuple[Path | None, str]:
    """Which protocol file is in force and what chose it: the --protocol option,
    else LIPCARE_PROTOCOL, else the user's settings; (None, "") for the default."""
    if option is not None:
        return Path(option).expanduser(), "--protocol"
    if environment.strip():
        return Path(environment.strip()).expanduser(), "LIPCARE_PROTOCOL"
    if settings.get("protocol"):
        return Path(settings["protocol"]), BY_SETTINGS
    return None, ""


def with_user_clinic(protocol: Protocol, settings: dict[str, str]) -> Protocol:
    """The user's own clinic details fill in what the protocol leaves empty; the protocol's win."""
    clinic = protocol.clinic
    return protocol._replace(
        clinic=clinic._replace(
            name=clinic.name or settings.get("clinic-name", ""),
            phone=clinic.phone or settings.get("clinic-phone", ""),
            out_of_hours_phone=clinic.out_of_hours_phone or settings.get("clinic-out-of-hours-phone", ""),
        )
    )


class InForce(Record):
    """One setting as the commands use it: its value (None when unset) and what set it."""

    key: str
    value: str | None
    source: str | None  # "flag", "environment", "settings", "protocol", "locale", "default"; None when unset
    by: str  # the option, variable or file that set it ("" for a default)


def settings_in_force(
    settings: dict[str, str],
    environ: Mapping[str, str],
    lang_option: str | None,
    protocol_clinic: Mapping[str, str],
    settings_at: str,
) -> list[InForce]:
    """What every setting is for the commands run now, with where it comes from: an option (only --lang can be
    given with `settings show`), the environment, the settings file, the protocol in force (its clinic
    details win over the settings: `with_user_clinic`), the locale, or lipcare's default."""
    found: list[InForce] = []
    for key in KEYS:
        if key == "protocol":
            path, by = choose_protocol(None, environ.get("LIPCARE_PROTOCOL", ""), settings)
            source = {"LIPCARE_PROTOCOL": "environment", BY_SETTINGS: "settings"}.get(by)
            at = settings_at if by == BY_SETTINGS else by
            found.append(InForce(key, None if path is None else str(path), source, at))
        elif key == "language":
            from lipcare.locale.choose import choose_language

            language, by = choose_language(lang_option, environ, settings)
            kinds = {"--lang": "flag", "LIPCARE_LANG": "environment", "language": "settings", "": "default"}
            found.append(InForce(key, language, kinds.get(by, "locale"), settings_at if by == "language" else by))
        elif protocol_clinic.get(key) and protocol_clinic[key] != settings.get(key):
            found.append(InForce(key, protocol_clinic[key], "protocol", ""))
        elif key in settings:
            found.append(InForce(key, settings[key], "settings", settings_at))
        elif key in DEFAULTS:
            found.append(InForce(key, DEFAULTS[key], "default", ""))
        else:
            found.append(InForce(key, None, None, ""))
    return found


DEFAULTS = {"digits": "arabic-indic", "unlock-minutes": "15"}
"""The settings that have a value when unset (the digits of a language with its own, lipcare.vault.SESSION_MINUTES)."""


def check_key(key: str) -> str:
    if key not in KEYS:
        raise UsageError(
            "Invalid value for 'KEY': unknown setting {key}. Settings: {keys}.", key=repr(key), keys=", ".join(KEYS)
        )
    return key


def change_setting(key: str, value: str | None) -> dict[str, str]:
    """Set (or with None, remove) one setting and save; returns all settings."""
    check_key(key)
    values = load_settings()
    if value is None:
        values.pop(key, None)
    else:
        clean = " ".join(value.split())
        if undecodable(clean):
            raise UsageError("Invalid value for 'VALUE': it has bytes that are not UTF-8 text; type it again.")
        if not clean or len(clean) > MAX_LENGTH:
            raise UsageError("Invalid value for 'VALUE': give between 1 and {most} characters.", most=MAX_LENGTH)
        if key == "language" and clean.lower() not in languages():
            named = [f"{code} ({name})" for code, name in languages().items()]
            raise UsageError(
                "{value} is not a language lipcare speaks: the language can be {available}.",
                value=repr(clean),
                available=_(", ").join(named[:-1]) + _(" or ") + named[-1] if len(named) > 1 else named[0],
            )
        if key == "digits" and clean.lower() not in DIGITS:
            raise UsageError("the digits can be arabic-indic (٠١٢) or western (012), not {value}.", value=repr(clean))
        if key == "patient-born":
            clean = check_birth_date(clean, "VALUE")
        if key == "unlock-minutes":
            clean = check_minutes(clean)
        values[key] = clean.lower() if key in ("language", "digits") else clean
    path = settings_path()
    ensure_private_dir(path.parent)
    check_private_place(path.parent)
    import json

    from lipcare.files import atomic_write

    atomic_write(path, json.dumps(values, indent=2, ensure_ascii=False) + "\n", replace=True)
    return values


def check_minutes(typed: str) -> str:
    """unlock-minutes: a whole number of minutes from 0 (ask every time) to 1440 (a day), as it is kept."""
    number = typed[1:] if typed.startswith(("-", "+")) else typed
    if not (number.isascii() and number.isdigit()):
        raise UsageError(
            "unlock-minutes is a whole number of minutes from 0 to 1440 (0 asks for the passphrase every time), "
            "not {value}.",
            value=repr(typed),
        )
    minutes = int(typed)
    if minutes < 0:
        raise UsageError(
            "unlock-minutes must be 0 or more, not {value}: 0 asks for the passphrase every time.", value=minutes
        )
    if minutes > 1440:
        raise UsageError("unlock-minutes can be at most 1440 (a day), not {value}.", value=minutes)
    return str(minutes)


def check_birth_date(typed: str, option: str) -> str:
    """A date of birth as YYYY-MM-DD (not in the future is not checked here: lipcare takes today as an argument)."""
    from datetime import date

    try:
        return date.fromisoformat(typed.strip()).isoformat() if len(typed.strip()) == 10 else _bad_birth(typed, option)
    except ValueError:
        return _bad_birth(typed, option)


def _bad_birth(typed: str, option: str) -> str:
    from lipcare.text import inert

    raise UsageError(
        "Invalid value for '{option}': {typed} is not a date of birth as YYYY-MM-DD (for example 1980-04-30).",
        option=option,
        typed=repr(inert(typed)),
    )
