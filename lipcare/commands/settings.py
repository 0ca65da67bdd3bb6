"""`lipcare settings show|set|unset`: the clinic's details, the protocol file, the language."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.errors import UsageError
from lipcare.text import _, inert

settings_app = typer.Typer(help=COMMANDS["settings"], no_args_is_help=True, add_completion=False)
app.add_typer(settings_app, name="settings")


@settings_app.command("show")
def settings_show(as_json: common.JsonFlag = False) -> None:
    """Show each setting in force and where it comes from: an option, the environment, your settings or a default."""
    import os

    from lipcare.cli import TYPED
    from lipcare.errors import LipcareError
    from lipcare.locale.choose import typed_option
    from lipcare.settings import load_settings, settings_in_force, settings_path

    values = load_settings()
    clinic: dict[str, str] = {}
    try:  # the protocol's clinic details win over the settings (lipcare.settings.with_user_clinic)
        protocol = common.current_protocol(None)
        clinic = {
            "clinic-name": protocol.clinic.name,
            "clinic-phone": protocol.clinic.phone,
            "clinic-out-of-hours-phone": protocol.clinic.out_of_hours_phone,
        }
    except LipcareError:
        pass  # a protocol that cannot be used is said by the commands that use it; the settings are still shown
    path = settings_path()
    in_force = settings_in_force(values, os.environ, typed_option(TYPED, "--lang"), clinic, str(path))
    if as_json:
        common.echo_json(
            "settings",
            {
                "file": str(path),
                "settings": {
                    each.key: {"value": each.value, "from": each.source, "by": each.by or None} for each in in_force
                },
            },
        )
        return
    said = {
        "flag": _("option {by}"),
        "environment": _("environment variable {by}"),
        "settings": _("your settings"),
        "protocol": _("the protocol in force"),
        "locale": _("your locale, {by}"),
        "default": _("default"),
    }
    for each in in_force:
        if each.value is None:
            common.echo(f"{each.key}: {_('(not set)')}")
        else:
            source = said[each.source or "default"].format(by=each.by)
            common.echo(f"{each.key}: {inert(each.value, marks=True)} ({inert(source)})")
    where = _("(kept in {path})") if path.exists() else _("(none set yet; they would be kept in {path})")
    sys.stderr.write(where.format(path=inert(str(path), marks=True)) + "\n")
    from lipcare.settings import unused_settings_file

    unused = unused_settings_file()
    if unused is not None:
        sys.stderr.write(
            _("(older settings, not used, are in {unused}; delete it once you have compared them)").format(
                unused=inert(str(unused), marks=True)
            )
            + "\n"
        )


class SettingKey(StrEnum):
    """The settings, as choices that `--help` and shell completion list (a test keeps them to settings.KEYS)."""

    clinic_name = "clinic-name"
    clinic_phone = "clinic-phone"
    clinic_out_of_hours_phone = "clinic-out-of-hours-phone"
    protocol = "protocol"
    language = "language"
    digits = "digits"
    patient_name = "patient-name"
    patient_born = "patient-born"
    unlock_minutes = "unlock-minutes"


@settings_app.command("set", context_settings={"ignore_unknown_options": True})  # -5 is a value, not an option
def settings_set(
    setting: Annotated[
        SettingKey,
        typer.Argument(metavar="KEY", help=f"The setting to change: {', '.join(SettingKey)}.", show_default=False),
    ],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="Its new value.", show_default=False)],
) -> None:
    """Set a setting, for example: lipcare settings set clinic-phone "+44 20 7946 0000"."""
    from lipcare.protocol import load_protocol
    from lipcare.settings import change_setting

    key = setting.value
    if key == "protocol":
        # Only a protocol that passes the check is kept, so no later command fails on it.
        if "\x00" in value:
            raise UsageError("Invalid value for 'VALUE': a file name cannot contain a NUL character.")
        value = str(Path(value).expanduser().resolve())
        protocol = load_protocol(Path(value))
        # Nor one whose translation 'lipcare protocol check' refuses: its strings would be shown in English.
        from lipcare.locale.translation import translation_problems

        problems = translation_problems(protocol, Path(value))
        if problems:
            from lipcare.errors import ProtocolError

            raise ProtocolError(
                "{file} was not set: its translation has a problem that 'lipcare protocol check {file}' refuses: "
                "{problem}. Ask whoever gave it to you for a corrected file.",
                file=inert(value),
                problem=problems[0],
            )
    values = change_setting(key, value)
    common.echo(f"{key}: {inert(values[key], marks=True)}")


@settings_app.command("unset")
def settings_unset(
    setting: Annotated[
        SettingKey,
        typer.Argument(metavar="KEY", help=f"The setting to remove: {', '.join(SettingKey)}.", show_default=False),
    ],
) -> None:
    """Remove a setting."""
    from lipcare.settings import change_setting

    key = setting.value
    change_setting(key, None)
    common.echo(f"{key}: {_('(not set)')}")
