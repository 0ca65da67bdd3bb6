"""Small wording fixes a reader notices (issue 24): the language's own comma in lines the code joins, the last
day of a window said as its last day (never "0 days left"), and no English left inside Arabic screens."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TODAY, Cli, readable

TREATED = "2026-11-14"  # with the default protocol: redness to day 28 (2026-12-12), direct sun to day 60 (2027-01-13)


def _plan(cli: Cli, lang: str, on: str) -> str:
    result = cli("--lang", lang, "timeline", "--preview", "--date", TREATED, "--on", on, "--no-pager")
    assert result.exit_code == 0, result.output
    return " ".join(readable(result.stdout).split())


def test_arabic_joins_sources_and_the_daily_protection_line_with_the_arabic_comma(cli: Cli) -> None:
    arabic = _plan(cli, "ar", "2026-12-05")
    assert "[1] leaflet، [2]" in arabic
    assert "الحماية اليومية من الشمس، من اليوم ٢٢" in arabic
    assert not re.search(r"[\u0600-\u06ff\]a-z-], ", arabic.replace("(انظر lipcare info sources)", ""))
    english = _plan(cli, "en", "2026-12-05")
    assert "[1] leaflet, [2]" in english
    assert "Daily sun protection, from day 22, every day, for good" in english


def test_the_last_day_of_the_redness_window_is_said_as_its_last_day(cli: Cli) -> None:
    english = _plan(cli, "en", "2026-12-12")
    assert "0 days" not in english
    assert "ending Sat 12 Dec 2026 (2026-12-12); that day is its last day." in english
    arabic = _plan(cli, "ar", "2026-12-12")
    assert "أقل من يوم" not in arabic
    assert "وذلك اليوم هو آخر يوم فيها" in arabic
    # the day before still counts
    assert "1 day left" in _plan(cli, "en", "2026-12-11")


def test_the_last_day_away_from_the_sun_is_said_as_its_last_day(cli: Cli) -> None:
    english = _plan(cli, "en", "2027-01-13")
    assert "0 days from" not in english
    assert "avoid direct sun until Wed 13 Jan 2027 (2027-01-13); that day is its last day." in english
    assert "وذلك اليوم هو آخر أيام التجنّب" in _plan(cli, "ar", "2027-01-13")


def test_today_being_the_last_day_says_today(cli: Cli) -> None:
    treated = (TODAY - timedelta(days=28)).isoformat()
    result = cli("timeline", "--preview", "--date", treated, "--no-pager")
    assert "today is its last day." in " ".join(result.stdout.split())
    result = cli("--lang", "ar", "timeline", "--preview", "--date", treated, "--no-pager")
    assert "واليوم هو آخر يوم فيها" in " ".join(result.stdout.split())


def test_a_checkin_on_the_last_day_of_the_redness_window_says_so(cli: Cli) -> None:
    treated = (TODAY - timedelta(days=28)).isoformat()
    answers = ("--redness", "1", "--swelling", "0", "--pain", "1", "--no-crusting", "-s", "none")
    english = " ".join(cli("checkin", "--date", treated, *answers).stdout.split())
    assert "Redness window: ending Tue 24 Nov 2026 (2026-11-24); today is its last day." in english
    assert "0 days" not in english
    arabic = " ".join(cli("--lang", "ar", "checkin", "--on", TODAY.isoformat(), *answers).stdout.split())
    assert "واليوم هو آخر يوم فيها" in arabic and "أقل من يوم" not in arabic


def test_arabic_protocol_show_says_your_settings_in_arabic_and_json_keeps_the_key(cli: Cli, tmp_path: Path) -> None:
    clinic = f"{tmp_path}/clinic.toml"
    assert cli("protocol", "init", clinic).exit_code == 0
    assert cli("settings", "set", "protocol", clinic).exit_code == 0
    arabic = cli("--lang", "ar", "protocol", "show").stdout
    assert "(إعداداتك)" in arabic and "your settings" not in arabic
    assert "(your settings)" in cli("protocol", "show").stdout
    assert cli("--lang", "ar", "protocol", "show", "--json").stdout.count("(your settings)") == 1


def test_the_arabic_painkiller_question_writes_its_zero_in_arabic_digits_and_reads_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lipcare.commands.common

    assert cli("checkin", "--date", "2026-11-20", "--redness", "1").exit_code == 0
    monkeypatch.setattr(lipcare.commands.common, "stdin_is_terminal", lambda: True)
    result = cli("--lang", "ar", "checkin", input="2\n1\n6\nx\n٠\ny\n\nstill sore\n\n")
    assert "[ن/ل، أو ٠ إن لم تتناول شيئًا]" in result.stdout
    assert "أو ٠ إن لم تتناول أي مسكّن" in result.stdout  # after the answer it could not read
    assert " 0 " not in result.stdout
    assert "ولم تتناول مسكّنات" in result.stdout  # the ٠ typed read as none taken
    assert "[y/n, 0 if you have taken none]" in cli("checkin", input="y\n2\n1\n6\n0\ny\n\n\n\n").stdout


def test_the_arabic_phone_hint_says_number_in_arabic(cli: Cli) -> None:
    arabic = readable(cli("--lang", "ar", "checkin", "--date", "2026-11-20", "--redness", "1", "-s", "fever").stdout)
    assert 'lipcare settings set clinic-phone "الرقم"' in arabic and "NUMBER" not in arabic
    english = cli("checkin", "--redness", "1", "-s", "fever").stdout
    assert 'lipcare settings set clinic-phone "NUMBER"' in english


@pytest.mark.parametrize("damage", ["folder", "random bytes"])
def test_data_recover_on_a_damaged_unencrypted_journal_says_it_is_damaged(
    cli: Cli, lipcare_home: Path, damage: str
) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1").exit_code == 0
    journal = lipcare_home / "journal.sqlite3"
    journal.unlink()
    if damage == "folder":
        journal.mkdir()
    else:
        journal.write_bytes(bytes(range(256)) * 16)
        journal.chmod(0o600)
    result = cli("data", "recover")
    assert result.exit_code == 1 and "not encrypted" not in result.stderr
    said = "is a folder, not a lipcare journal" if damage == "folder" else "it is not a lipcare journal"
    assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert journal.is_dir() if damage == "folder" else journal.read_bytes() == bytes(range(256)) * 16


def test_data_recover_on_a_sound_unencrypted_journal_still_says_not_encrypted(cli: Cli) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1").exit_code == 0
    result = cli("data", "recover")
    assert result.exit_code == 1 and "is not encrypted; nothing was changed." in result.stderr
