"""A clinic's files as an attacker or a careless editor could write them: its translation (FILE.LANG.toml) gets
every guard the protocol file has, its numbers are those of the English, and checking any file is linear."""

import os
import time
from pathlib import Path

import pytest
from conftest import Cli, readable

from lipcare.locale import translation as i18n
from lipcare.protocol import load_protocol
from lipcare.protocol.types import MAX_FILE_BYTES

GENERIC = "does not know how to handle"
CHECKIN = ("checkin", "--date", "3 days ago", "--redness", "1", "--swelling", "1", "--pain", "1", "--no-crusting")


@pytest.fixture
def clinic(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "clinic.toml"
    assert cli("protocol", "init", "-o", str(path)).exit_code == 0
    return path


def _translation(strings: str) -> str:
    return f'[translation]\nlanguage = "ar"\nreviewed_by_clinician = true\n{strings}'


def _deep(path: Path) -> None:
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")


def _too_large(path: Path) -> None:
    path.write_text(_translation("# padding\n" * (MAX_FILE_BYTES // 10 + 1)), encoding="utf-8")


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (os.mkfifo, "not a regular file"),
        (_dev_zero, "not a regular file"),
        (_deep, "nested too deeply"),
        (_too_large, "too large: a translation file may be at most"),
    ],
)
def test_a_hostile_translation_file_is_a_named_problem_never_a_hang(
    cli: Cli, clinic: Path, make: object, expected: str
) -> None:
    # Found by review (M1): a FIFO hung every command, /dev/zero was read without limit, deep nesting crashed.
    make(clinic.with_name("clinic.ar.toml"))  # type: ignore[operator]
    started = time.monotonic()
    check = cli("protocol", "check", str(clinic))
    assert check.exit_code == 1 and expected in check.stdout and GENERIC not in check.stderr
    assert len(check.stderr.splitlines()) == 1 and "translations of" in check.stderr
    # An Arabic command carries on with the English of that file, and says so once (issue 24).
    arabic = cli("info", "warning-signs", "--lang", "ar", "--protocol", str(clinic))
    assert arabic.exit_code == 0 and arabic.stderr == ""
    assert " ".join(readable(arabic.stdout).split()).count("تعذّرت قراءة ملف الترجمة clinic.ar.toml") == 1
    english = cli("info", "warning-signs", "--protocol", str(clinic))  # English never reads the translation
    assert english.exit_code == 0
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(  # a clinic's protocol and translation checked each: one in the everyday loop, all in CI
    "written",
    [
        "{day:>999999999}",
        *(pytest.param(written, marks=pytest.mark.slow) for written in ("{day:s}", "{day!r}", "{day:>50}")),
    ],
)
def test_a_translated_template_with_a_format_of_its_own_is_refused_and_never_reaches_a_checkin(
    cli: Cli, clinic: Path, written: str
) -> None:
    # Found by review (M1): {day:>999999999} passed protocol check, then each Arabic check-in took 5.9 GB;
    # {day:s} ended every Arabic check-in in the internal error.
    clinic.with_name("clinic.ar.toml").write_text(
        _translation(
            '[strings."reasons.expected"]\nen = "Usual on day {day}: {course}."\n'
            f'text = "المعتاد في اليوم {written}: {{course}}."\n'
        ),
        encoding="utf-8",
    )
    check = cli("protocol", "check", str(clinic))
    assert check.exit_code == 1 and 'strings."reasons.expected"' in check.stdout
    assert "placeholders must be written as in the English" in check.stdout
    translation = i18n.translate(load_protocol(clinic), "ar", clinic)
    assert "reasons.expected" in translation.strings  # the shipped translation is kept
    assert written not in translation.strings["reasons.expected"]
    result = cli(*CHECKIN, "--lang", "ar", "--protocol", str(clinic))
    assert result.exit_code == 0, result.stderr
    assert GENERIC not in result.stderr


def test_a_translation_that_changes_a_number_is_refused_and_shown_in_english(cli: Cli, clinic: Path) -> None:
    # Found by review (M2): an Arabic fever threshold of 41 °C against the English 38 °C passed without a word.
    clinic.with_name("clinic.ar.toml").write_text(
        _translation(
            '[strings."warning_signs.fever.label"]\nen = "Fever of 38 °C (100.4 °F) or higher"\n'
            'text = "حمى 41 درجة مئوية (105.8 فهرنهايت) أو أعلى"\n'
        ),
        encoding="utf-8",
    )
    check = cli("protocol", "check", str(clinic))
    assert check.exit_code == 1
    assert "its numbers are not the English ones (it leaves out 100.4, 38 and adds 105.8, 41)" in check.stdout
    shown = cli("info", "warning-signs", "--lang", "ar", "--protocol", str(clinic), "--no-pager").stdout
    assert "٤١" not in shown and "41" not in shown
    assert "٣٨" in shown and "١٠٠\u066b٤" in shown  # the shipped translation, whose numbers are the English ones


@pytest.mark.parametrize(
    ("english", "text", "same"),
    [
        ("Fever of 38 °C (100.4 °F) or higher", "حمى ٣٨ درجة مئوية (١٠٠\u066b٤ فهرنهايت) أو أعلى", True),
        ("Fever of 38.5 °C", "حمى ٣٨\u066b٥ درجة", True),
        ("Fever of 38.5 °C", "حمى ٣٨ درجة", False),
        ("Fever of 38.5 °C", "حمى 38.5 درجة", True),
        ("Fever of 38 °C", "حمى ۳۸ درجة", True),  # Eastern Arabic-Indic (Persian, Urdu) digits
        ("Fever of 38 °C", "حمى \uff13\uff18 درجة", True),  # full-width digits are digits too
        ("Rinse at 08:00", "اشطف الساعة 8:00", True),
        ("Call 555 0100", "اتصل بالرقم 555 0101", False),
        ("Darker patches three to {weeks} after", "بعد 3 إلى {weeks}", True),  # "three" may become 3
        ("After CO2 lasers", "بعد ليزر ثاني أكسيد الكربون", True),  # a code, not a number
        ("Up to {window_days} days", "حتى {window_days} يومًا", True),
        ("Up to 1,000 mg", "حتى ١٬٠٠٠ ملغ", True),
        ("Twice a day", "مرتين في اليوم 2", False),
    ],
)
def test_numbers_of_a_translation_are_compared_in_any_script(english: str, text: str, same: bool) -> None:
    assert (i18n.numbers_differ(english, text) is None) is same


def test_the_shipped_arabic_translation_has_the_english_numbers() -> None:
    translation = i18n.translate(load_protocol(), "ar", None)
    assert translation.problems == [] and not translation.unreadable
    assert translation.missing == []


# --- checking a large or broken file -------------------------------------------------------------------------


def _unknown_keys(path: Path, count: int) -> None:
    path.write_text("format = 1\n" + "".join(f"k{i}=1\n" for i in range(count)), encoding="utf-8")


@pytest.mark.slow  # a 20,000-line file checked: CI runs it
def test_checking_indexes_the_lines_once_and_names_at_most_a_hundred_problems(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by review (M3): each problem scanned the whole file for its line, so 20,000 unknown keys took 38 s
    # and a file under 1 MB ran past 60 s. bench/protocol_check.py times it; here the work is counted.
    from lipcare.protocol import locate

    built: list[int] = []
    real = locate._LineIndex.__init__

    def counted(self: locate._LineIndex, lines: list[str]) -> None:
        built.append(len(lines))
        real(self, lines)

    monkeypatch.setattr(locate._LineIndex, "__init__", counted)
    path = tmp_path / "many.toml"
    _unknown_keys(path, 20_000)
    result = cli("protocol", "check", str(path))
    assert result.exit_code == 1
    listed = [line for line in result.stdout.splitlines() if ": unknown key;" in line]
    assert len(listed) == 100 and listed[0].startswith(f"{path}:2: k0:") and listed[-1].startswith(f"{path}:101:")
    assert "... and 19900 problems not listed here." in result.stdout
    assert result.stderr.strip() == f"20000 problems found in {path}."
    assert built == [20_001]  # one index for the whole file, however many problems


def test_an_invalid_protocol_is_checked_once_not_by_every_command(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by review (M3): only valid protocols were cached, so every command paid the whole check (9.8 s).
    from lipcare import protocol_cache

    path = tmp_path / "many.toml"
    _unknown_keys(path, 300)
    first = cli("info", "what", "--protocol", str(path))
    assert first.exit_code == 1 and "(300 problems in all)" in first.stderr

    def checked_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the protocol was checked again")

    with monkeypatch.context() as patch:
        patch.setattr(protocol_cache, "load_protocol", checked_again)
        again = cli("timeline", "--date", "2026-11-01", "--protocol", str(path))
    assert again.exit_code == 1 and again.stderr == first.stderr
    arabic = cli("info", "what", "--protocol", str(path), "--lang", "ar")  # said in Arabic: checked in Arabic
    assert arabic.exit_code == 1 and arabic.stderr != first.stderr and "k0" in arabic.stderr
    path.write_text("format = 1\n", encoding="utf-8")  # corrected: the verdict no longer applies
    assert cli("info", "what", "--protocol", str(path)).exit_code == 0


def test_the_cache_sees_an_edit_that_keeps_size_inode_and_modification_time(cli: Cli, tmp_path: Path) -> None:
    # Found by review (L1): `cp -p` of an edit of the same length kept serving the old protocol.
    path = tmp_path / "live.toml"
    old = 'format = 1\n[protocol]\nname = "Old clinic protocol"\n'
    new = 'format = 1\n[protocol]\nname = "New clinic protocol"\n'
    assert len(old) == len(new)
    path.write_text(old, encoding="utf-8")
    stamp = (1_000_000_000, 1_000_000_000)
    os.utime(path, stamp)
    assert "Old clinic protocol" in cli("protocol", "show", "--protocol", str(path)).stdout
    inode = path.stat().st_ino
    time.sleep(0.01)  # the change time moves on
    with path.open("r+", encoding="utf-8") as file:  # in place, as cp -p does
        file.write(new)
    os.utime(path, stamp)
    assert path.stat().st_ino == inode and path.stat().st_size == len(old)
    assert "New clinic protocol" in cli("protocol", "show", "--protocol", str(path)).stdout
