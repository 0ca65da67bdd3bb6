from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Cli

from lipcare.errors import LipcareError, UsageError
from lipcare.protocol import load_protocol
from lipcare.settings import change_setting, choose_protocol, load_settings, settings_path, with_user_clinic


def test_the_option_beats_the_environment_which_beats_the_settings() -> None:
    settings = {"protocol": "/clinic/settings.toml"}
    assert choose_protocol("opt.toml", "env.toml", settings) == (Path("opt.toml"), "--protocol")
    assert choose_protocol(None, "env.toml", settings) == (Path("env.toml"), "LIPCARE_PROTOCOL")
    assert choose_protocol(None, "  ", settings) == (Path("/clinic/settings.toml"), "your settings")
    assert choose_protocol(None, "", {}) == (None, "")


def test_user_clinic_details_fill_gaps_but_never_replace_the_protocols() -> None:
    protocol = load_protocol()
    filled = with_user_clinic(protocol, {"clinic-phone": "123", "clinic-name": "Mine"})
    assert (filled.clinic.phone, filled.clinic.name) == ("123", "Mine")
    clinics = protocol._replace(clinic=protocol.clinic._replace(phone="999"))
    assert with_user_clinic(clinics, {"clinic-phone": "123"}).clinic.phone == "999"


def test_settings_round_trip_private_file(lipcare_home: Path) -> None:
    assert load_settings() == {}
    change_setting("clinic-phone", "  +44   20 7946 0000 ")
    assert load_settings() == {"clinic-phone": "+44 20 7946 0000"}
    assert settings_path().stat().st_mode & 0o777 == 0o600
    change_setting("clinic-phone", None)
    assert load_settings() == {}


@pytest.mark.parametrize("value", ["", "   ", "x" * 501])
def test_empty_or_huge_values_are_refused(value: str) -> None:
    with pytest.raises(UsageError):
        change_setting("clinic-name", value)


def test_a_damaged_settings_file_is_named_and_left_alone(lipcare_home: Path) -> None:
    lipcare_home.mkdir()
    for damage in ("{not json", json.dumps(["a"]), json.dumps({"clinic-phone": 5})):
        settings_path().write_text(damage, encoding="utf-8")
        with pytest.raises(LipcareError, match=str(settings_path())):
            load_settings()
        with pytest.raises(LipcareError):
            change_setting("clinic-name", "x")
        assert settings_path().read_text(encoding="utf-8") == damage


def test_the_settings_command_offers_exactly_the_settings_there_are() -> None:
    from lipcare.commands.settings import SettingKey
    from lipcare.settings import KEYS

    assert [key.value for key in SettingKey] == list(KEYS)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("language", "fr"),
            "'fr' is not a language lipcare speaks: the language can be en (English) or ar (Arabic, العربية).",
        ),
        (("digits", "roman"), "the digits can be arabic-indic (٠١٢) or western (012), not 'roman'."),
        # Click read -5 as an option ("No such option: -5"): it is the value, refused for what it is.
        (("unlock-minutes", "-5"), "unlock-minutes must be 0 or more, not -5: 0 asks for the passphrase every time."),
        (("unlock-minutes", "1441"), "unlock-minutes can be at most 1440 (a day), not 1441."),
        (
            ("unlock-minutes", "ten"),
            "unlock-minutes is a whole number of minutes from 0 to 1440 (0 asks for the passphrase every time), "
            "not 'ten'.",
        ),
    ],
)
def test_a_refused_setting_says_what_it_can_be(cli: Cli, lipcare_home: Path, args: tuple[str, str], said: str) -> None:
    done = cli("settings", "set", *args)
    assert (done.exit_code, done.stdout, done.stderr) == (2, "", f"Error: {said}\n")
    assert not (lipcare_home / "settings.json").exists()


def test_a_value_that_looks_like_an_option_is_the_value(cli: Cli) -> None:
    assert cli("settings", "set", "clinic-name", "-Dr Lee-").stdout == "clinic-name: -Dr Lee-\n"
    assert cli("settings", "set", "unlock-minutes", "0").stdout == "unlock-minutes: 0\n"
    assert cli("settings", "set", "unlock-minutes", "-0").stdout == "unlock-minutes: 0\n"  # minus nought is nought
