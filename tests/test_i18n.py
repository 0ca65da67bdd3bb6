"""Languages: choosing one, Arabic plural forms, digits and dates, the translated protocol, Arabic output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Cli, readable
from hypothesis import given
from hypothesis import strategies as st

from lipcare.dates import EARLIEST, LATEST, parse_date
from lipcare.errors import DateError, UsageError
from lipcare.locale import current, load, using
from lipcare.locale import translation as i18n
from lipcare.locale.catalogue import data_file
from lipcare.locale.choose import choose_language
from lipcare.locale.languages import ar
from lipcare.protocol import load_protocol
from lipcare.text import plural

TODAY = date(2026, 11, 24)
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@pytest.fixture
def arabic() -> Iterator[None]:
    with using(load("ar")):
        yield


# --- choosing the language ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "environ", "settings", "expected"),
    [
        (None, {}, {}, ("en", "")),
        ("ar", {"LIPCARE_LANG": "en"}, {"language": "en"}, ("ar", "--lang")),
        (None, {"LIPCARE_LANG": "ar"}, {"language": "en"}, ("ar", "LIPCARE_LANG")),
        (None, {"LANG": "ar_EG.UTF-8"}, {"language": "en"}, ("en", "language")),
        (None, {"LANG": "ar_EG.UTF-8"}, {}, ("ar", "LANG")),
        (None, {"LANG": "en_GB.UTF-8", "LC_MESSAGES": "ar_SA.UTF-8"}, {}, ("ar", "LC_MESSAGES")),
        (None, {"LC_ALL": "C", "LC_MESSAGES": "ar_SA.UTF-8"}, {}, ("en", "LC_ALL")),
        (None, {"LANG": "fr_FR.UTF-8"}, {}, ("en", "LANG")),
        ("AR", {}, {}, ("ar", "--lang")),
        ("ar-EG", {}, {}, ("ar", "--lang")),
    ],
)
def test_language_precedence(
    option: str | None, environ: dict[str, str], settings: dict[str, str], expected: tuple[str, str]
) -> None:
    assert choose_language(option, environ, settings) == expected


def test_an_unknown_language_asked_for_is_a_usage_error_listing_the_languages(cli: Cli) -> None:
    for args, env, where in (
        (["info", "what", "--lang", "fr"], {}, "--lang"),
        (["timeline", "--date", "2026-11-20"], {"LIPCARE_LANG": "xx"}, "LIPCARE_LANG"),
    ):
        result = cli(*args, env=env)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert f"Invalid value for '{where}'" in result.stderr
        assert "Languages: en (English), ar (Arabic, العربية)." in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(UsageError):
        choose_language(None, {}, {"language": "de"})


def test_language_and_digits_as_settings(cli: Cli) -> None:
    assert cli("settings", "set", "language", "xx").exit_code == 2
    assert cli("settings", "set", "digits", "roman").exit_code == 2
    assert cli("settings", "set", "language", "ar").exit_code == 0
    arabic = cli("timeline", "--date", "2026-11-20")
    assert "اليوم ٤: الثلاثاء ٢٤ نوفمبر" in arabic.stdout and "الجمعة ٢٠ نوفمبر ٢٠٢٦" in arabic.stdout
    assert cli("settings", "set", "digits", "western").exit_code == 0
    western = cli("timeline", "--date", "2026-11-20")
    shown = readable(western.stdout)
    assert "اليوم 4: الثلاثاء 24 نوفمبر" in shown and "الجمعة 20 نوفمبر 2026" in shown
    assert not any("٠" <= char <= "٩" for char in western.stdout)
    english = cli("timeline", "--date", "2026-11-20", "--lang", "en")
    assert "Day 4" in english.stdout and not any("\u0600" <= char <= "\u06ff" for char in english.stdout)


# --- plural forms, digits, dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "category", "days"),
    [
        (0, "zero", "أقل من يوم"),  # "0 days left" on the last day: less than a day is left
        (1, "one", "يوم واحد"),
        (2, "two", "يومان"),
        (3, "few", "٣ أيام"),
        (10, "few", "١٠ أيام"),
        (11, "many", "١١ يومًا"),
        (99, "many", "٩٩ يومًا"),
        (100, "other", "١٠٠ يوم"),
        (101, "other", "١٠١ يوم"),
        (102, "other", "١٠٢ يوم"),
        (103, "few", "١٠٣ أيام"),
        (111, "many", "١١١ يومًا"),
    ],
)
def test_arabic_plural_forms_of_day_counts(arabic: None, count: int, category: str, days: str) -> None:
    assert ar.category(count) == category
    assert plural(count, "day") == days


def test_english_plural_is_unchanged() -> None:
    assert [plural(n, "day") for n in (0, 1, 2, 11)] == ["0 days", "1 day", "2 days", "11 days"]


def test_arabic_dates_name_the_weekday_and_month(arabic: None) -> None:
    assert current().long(date(2026, 11, 1)) == "الأحد ١ نوفمبر ٢٠٢٦"
    assert current().short(date(2027, 1, 4), date(2026, 12, 30)) == "الاثنين ٤ يناير ٢٠٢٧"
    assert current().short(date(2026, 12, 30), date(2026, 12, 1)) == "الأربعاء ٣٠ ديسمبر"
    assert "(\u200e2026-11-01\u200e)" in current().describe(date(2026, 11, 1))


@given(st.dates(min_value=EARLIEST, max_value=LATEST))
def test_arabic_indic_digits_are_read_in_every_language(day: date) -> None:
    typed = day.isoformat().translate(ARABIC_INDIC)
    assert parse_date(typed, TODAY) == day  # an Arabic keyboard, with lipcare in English
    with pytest.raises(DateError):
        parse_date(day.isoformat().translate(SUPERSCRIPTS), TODAY)  # digits, but not decimal ones
    with using(load("ar")):
        assert parse_date(typed, TODAY) == day
        assert parse_date(day.isoformat(), TODAY) == day  # ISO with 0-9 still works in Arabic


@given(st.integers(min_value=0, max_value=9999))
def test_arabic_relative_dates_with_arabic_indic_digits(count: int) -> None:
    with using(load("ar")):
        typed = f"{count} days ago".translate(ARABIC_INDIC)
        assert parse_date(typed, TODAY) == TODAY - timedelta(days=count)
        assert parse_date("أمس", TODAY) == TODAY - timedelta(days=1)


def test_arabic_indic_treatment_date_on_the_command_line(cli: Cli) -> None:
    result = cli("timeline", "--lang", "ar", "--date", "٢٠٢٦-١١-٢٠")
    assert result.exit_code == 0, result.stderr
    assert "العلاج: الجمعة ٢٠ نوفمبر ٢٠٢٦" in result.stdout


# --- the translated protocol --------------------------------------------------------------------------


def test_every_string_of_the_default_protocol_has_a_current_arabic_translation() -> None:
    """Fails whenever an English string is added or changed without its Arabic: that is its purpose."""
    protocol = load_protocol()
    translation = i18n.translate(protocol, "ar", None)
    assert translation.missing == []
    assert translation.outdated == []
    assert translation.problems == []
    assert set(translation.strings) == set(i18n.translatable(protocol))
    for path, text in translation.strings.items():
        assert any("\u0600" <= char <= "\u06ff" for char in text), path
    with using(load("ar")):
        arabic = i18n.translatable(i18n.translated_protocol(protocol, load("ar"), None))
    english = i18n.translatable(protocol)
    assert {path: i18n.placeholders(text) for path, text in arabic.items()} == {
        path: i18n.placeholders(text) for path, text in english.items()
    }  # what lipcare fills at load is filled in Arabic too; what it fills later is kept


def test_every_interface_string_used_by_info_and_timeline_is_in_the_catalogue(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lipcare.text

    asked: set[str] = set()
    original = lipcare.text._

    def recording(message: str) -> str:
        asked.add(message)
        return original(message)

    import importlib
    import pkgutil

    import lipcare.render.terminal as terminal

    for screen in pkgutil.iter_modules(terminal.__path__, "lipcare.render.terminal."):
        module = importlib.import_module(screen.name)
        if hasattr(module, "_"):
            monkeypatch.setattr(module, "_", recording)
    dates = ("2026-11-20", "2026-10-01", "2026-12-01", "2027-03-01")
    for args in (
        ["info"],
        ["timeline", "--date", "2026-11-24", "--time", "23:00"],
        *(["timeline", "--date", day] for day in dates),
    ):
        assert cli(*args, "--lang", "ar").exit_code == 0
    assert cli("protocol", "show", env={"LIPCARE_LANG": "ar"}).exit_code == 0  # it has no --lang
    with using(load("ar")):
        missing = sorted(message for message in asked if message not in current().messages)
    assert missing == []


ERROR_CALLS = ("Message", "LipcareError", "UsageError", "DateError", "ProtocolError", "JournalError", "PhotoError")
"""Calls whose first argument is an English template translated when shown (lipcare.errors)."""


def interface_strings() -> dict[str, list[str]]:
    """Every English string lipcare/ passes to `_()` (or i18n's `_message`), or as the template of an error or
    a Message (lipcare.errors), found in the source, with where.

    The first argument is read as a string literal, a module-level constant (a string, or a tuple, list or dict
    of strings: every one counts) or a name bound by a loop over a literal tuple. Values made at run time
    (a check-in's advice level) are not found here; test_every_interface_string_used_by_info_and_timeline...
    covers some of them by running commands.
    """
    import ast

    package = Path(i18n.__file__).parent.parent
    found: dict[str, list[str]] = {}
    for file in sorted(package.rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        constants: dict[str, list[str]] = {}
        for statement in tree.body:
            target = statement.targets[0] if isinstance(statement, ast.Assign) else getattr(statement, "target", None)
            value = getattr(statement, "value", None)
            if isinstance(target, ast.Name) and value is not None:
                constants[target.id] = _strings_in(value)
        for node in ast.walk(tree):
            if isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target, ast.Name):
                constants.setdefault(node.target.id, _strings_in(node.iter))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                continue
            if node.func.id not in ("_", "_message", *ERROR_CALLS):
                continue
            argument = node.args[0]
            if isinstance(argument, ast.Subscript):
                argument = argument.value
            texts = _strings_in(argument) if isinstance(argument, (ast.Constant, ast.IfExp)) else []
            if isinstance(argument, ast.Name):
                texts = constants.get(argument.id, [])
            for text in texts:
                found.setdefault(text, []).append(f"{file.relative_to(package.parent)}:{node.lineno}")
    return found


def _strings_in(node: object) -> list[str]:
    import ast

    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, (ast.Tuple, ast.List)):
        return [text for item in node.elts for text in _strings_in(item)]
    if isinstance(node, ast.Dict):
        return [text for item in node.values for text in _strings_in(item)]
    if isinstance(node, ast.IfExp):
        return [*_strings_in(node.body), *_strings_in(node.orelse)]
    return []


def test_every_interface_string_in_the_source_has_an_arabic_translation() -> None:
    """Fails whenever a string is wrapped in `_()` without its Arabic in data/messages.ar.toml: that is its purpose."""
    found = interface_strings()
    assert len(found) > 150  # the scan finds the interface (it would pass vacuously if it found nothing)
    assert "Error:" in found and "Day" in found  # a literal, and a name bound by a loop over a literal tuple
    with using(load("ar")):
        catalogue = dict(current().messages)
    missing = {text: where for text, where in found.items() if text not in catalogue}
    assert missing == {}
    for text, where in found.items():
        words = re.sub(r"\{[a-z_]*\}|lipcare [a-z ]+|--?[a-z]+", "", text)  # placeholders, commands, options
        if re.search(r"[A-Za-z]{2}", words):
            assert any("\u0600" <= char <= "\u06ff" for char in catalogue[text]), (text, where)
        assert i18n.placeholders(catalogue[text]) == i18n.placeholders(text), (text, where)


def test_the_translation_states_it_is_not_reviewed_by_a_clinician(cli: Cli) -> None:
    result = cli("info", "what", "--lang", "ar")
    assert "لم يراجع طبيب هذه الترجمة العربية بعد" in result.stdout
    check = cli("protocol", "check", str(Path(data_file("protocol.toml"))))
    total = len(i18n.translatable(load_protocol()))
    assert (
        f"Translation ar (Arabic, العربية): {total} of {total} strings, not yet reviewed by a clinician."
        in check.stdout
    )


CLINIC = """\
format = 1
[protocol]
id = "clinic"
name = "Clinic protocol"
version = "2"
language = "en"
summary = "A clinic."
[rinse]
text = "Rinse with cool boiled water."
"""

CLINIC_AR = """\
[translation]
language = "ar"
reviewed_by_clinician = true

[strings."rinse.text"]
en = "Rinse with cool boiled water."
text = "اشطف بماء مغلي مبرَّد."

[strings."reasons.expected"]
text = "اليوم {day}: {course} {oops}."
"""


def test_a_changed_english_string_falls_back_to_english_until_the_clinic_translates_it(
    cli: Cli, tmp_path: Path
) -> None:
    clinic = tmp_path / "clinic.toml"
    clinic.write_text(CLINIC, encoding="utf-8")
    result = cli("info", "aftercare", "--lang", "ar", "--protocol", str(clinic))
    assert "Rinse with cool boiled water." in readable(result.stdout)  # no Arabic for the clinic's own text: English
    assert "أبعِد شفتيك عن الشمس" in result.stdout  # the rest is still Arabic
    check = cli("protocol", "check", str(clinic))
    total = len(i18n.translatable(load_protocol()))
    assert f"{total - 3} of {total} strings" in check.stdout
    assert "Untranslated (shown in English): name, summary, rinse.text." in check.stdout

    (tmp_path / "clinic.ar.toml").write_text(CLINIC_AR, encoding="utf-8")
    result = cli("info", "aftercare", "--lang", "ar", "--protocol", str(clinic))
    assert "اشطف بماء مغلي مبرَّد." in result.stdout
    check = cli("protocol", "check", str(clinic))
    assert (
        f"{total - 2} of {total} strings" in check.stdout
        and "Untranslated (shown in English): name, summary." in check.stdout
    )
    assert "placeholders must be the English ones ({course}, {day})" in check.stdout  # and the shipped one is used
    assert "not yet reviewed by a clinician" in check.stdout  # the shipped translation is not reviewed


def test_an_outdated_translation_is_not_shown(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.toml"
    clinic.write_text(CLINIC.replace("[rinse]\ntext", "[notice]\ntext"), encoding="utf-8")
    (tmp_path / "clinic.ar.toml").write_text(
        '[translation]\nlanguage = "ar"\n[strings.notice]\nen = "Something older."\ntext = "نص قديم"\n',
        encoding="utf-8",
    )
    protocol = load_protocol(clinic)
    translation = i18n.translate(protocol, "ar", clinic)
    assert translation.outdated == ["notice"]
    assert i18n.translated_protocol(protocol, load("ar"), clinic).notice == "Rinse with cool boiled water."


# --- Arabic output ------------------------------------------------------------------------------------


def test_arabic_timeline_in_logical_order(cli: Cli) -> None:
    result = cli("timeline", "--lang", "ar", "--date", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for expected in (
        "الشطف التالي: الثلاثاء ٢٤ نوفمبر الساعة ١٢:٠٠ (اليوم ٤)",
        "والباقي ٢٤ يومًا",
        "علامات التحذير",
        "المسار المتوقع",
        "تواصل مع طبيبك اليوم",
        "الشطف بالماء البارد",
    ):
        assert expected in out
    assert "CO٢" not in out


def test_arabic_info_keeps_latin_codes_in_western_digits(cli: Cli) -> None:
    out = readable(cli("info", "--lang", "ar").stdout)
    assert "(CO2)" in out and "SPF 30" in out
    assert "الأسبوع ١" in out and "الأيام ٠-٧" in out


def test_visual_rtl_reshapes_and_reorders(cli: Cli) -> None:
    result = cli("info", "what", "--lang", "ar", "--rtl", "visual", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("\ufe70" <= char <= "\ufeff" for char in result.stdout)  # presentation forms: letters joined
    assert all(len(line) == 80 for line in lines if line.strip())  # aligned to the right edge
    assert "ﺀﺍﺮﺟﻹﺍ ﺍﺬﻫ ﺎﻣ" in result.stdout  # the heading "ما هذا الإجراء", reordered for left-to-right display


def test_visual_rtl_without_the_extra_says_how_to_install_it(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "arabic_reshaper", None)
    result = cli("info", "what", "--lang", "ar", "--rtl", "visual")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "pip install 'lipcare[rtl]'" in result.stderr


def test_rtl_modes(cli: Cli) -> None:
    from lipcare.locale.direction import wants_visual

    assert cli("info", "what", "--lang", "ar", "--rtl", "sideways").exit_code == 2
    assert not wants_visual("auto", {"VTE_VERSION": "7200"}, True)
    assert not wants_visual("auto", {"KONSOLE_VERSION": "230800"}, True)
    assert wants_visual("auto", {"TERM": "xterm-kitty"}, True)
    assert not wants_visual("auto", {"TERM": "xterm-kitty"}, False)
    assert not wants_visual("logical", {}, True)
    english = cli("info", "what", "--rtl", "visual")  # nothing to reorder in English
    assert english.exit_code == 0 and "What the procedure is" in english.stdout


def test_english_commands_do_not_load_the_language_machinery(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom lipcare.cli import app\n"
        "app(['info', 'what'], standalone_mode=False)\n"
        "app(['timeline', '--date', '2026-11-20'], standalone_mode=False)\n"
        "language = {'lipcare.locale.translation', 'lipcare.locale.catalogue'}\n"
        "print('LOADED' if language & set(sys.modules) else 'CLEAN')\n"
    )
    env = {**os.environ, "LIPCARE_HOME": str(tmp_path), "LANG": "C.UTF-8"}
    env.pop("LIPCARE_LANG", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("CLEAN")
    arabic = subprocess.run(
        [sys.executable, "-c", code.replace("'info', 'what'", "'info', 'what', '--lang', 'ar'")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert arabic.stdout.strip().endswith("LOADED")


def test_a_clinic_value_fills_the_arabic_text_too(tmp_path: Path) -> None:
    """Texts with {placeholders} follow the clinic's numbers in Arabic, in Arabic words and digits."""
    clinic = tmp_path / "clinic.toml"
    clinic.write_text("format = 1\n[redness]\nwindow_days = 56\n", encoding="utf-8")
    protocol = load_protocol(clinic)
    assert "eight weeks" in protocol.redness.text
    with using(load("ar")):
        arabic = i18n.translated_protocol(protocol, load("ar"), clinic)
    assert arabic.redness.text == "تقول النشرة إن احمرار الشفتين قد يستمر مدة تصل إلى ٨ أسابيع بعد العلاج."
    assert "قدرها ٥٦ يومًا" in arabic.info_section("differences").items[0].text
    assert load("ar").weeks(14) == "أسبوعين" and load("ar").weeks(7) == "أسبوع"


def test_arabic_history_lists_every_checkin_in_arabic(cli: Cli) -> None:
    assert cli("checkin", "--date", "2026-11-10", "--on", "2026-11-12", "--redness", "2", "--crusting").exit_code == 0
    assert cli("checkin", "--on", "2026-11-20", "--redness", "1", "-s", "white-bumps", "--note", "x").exit_code == 0
    narrow = readable(cli("history", "--lang", "ar", env={"COLUMNS": "80"}).stdout)
    assert "العلاج يوم الثلاثاء ١٠ نوفمبر ٢٠٢٦" in narrow and "تسجيلان" in narrow
    # The ISO date between left-to-right marks, so it is not shown 20-11-2026.
    assert "\u200e2026-11-20\u200e اليوم ١٠: يستدعي التواصل" in narrow
    assert "علامات التحذير: نتوءات بيضاء صغيرة صلبة" in narrow
    assert "الاحمرار يومًا بيوم (٠ لا يوجد، ١ خفيف، ٢ متوسط، ٣ شديد)" in narrow
    wide = cli("history", "--lang", "ar").stdout
    assert "النصيحة" in wide and "متوقع" in wide and "Advice" not in wide


# U+2028 and U+2029 break a line where a calendar or a one-line prompt cannot have one (calendars drop an event
# whose title has one), as a line feed would.
@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200f", "\x1b", "\x00", "\u2028", "\u2029"])
def test_a_translation_with_control_or_bidi_characters_is_refused(tmp_path: Path, char: str) -> None:
    clinic = tmp_path / "clinic.toml"
    clinic.write_text("format = 1\n", encoding="utf-8")
    (tmp_path / "clinic.ar.toml").write_text(
        f'[translation]\nlanguage = "ar"\n[strings.notice]\ntext = "نص \\u{ord(char):04X} مقلوب"\n', encoding="utf-8"
    )
    protocol = load_protocol(clinic)
    translation = i18n.translate(protocol, "ar", clinic)
    assert any(f"U+{ord(char):04X}" in str(problem) for problem in translation.problems)
    with using(load("ar")):
        shown = i18n.translated_protocol(protocol, load("ar"), clinic).notice
    assert char not in shown and shown.startswith("يقدّم lipcare")  # the shipped translation stays in use


def test_a_translation_with_joiners_that_join_nothing_is_refused(tmp_path: Path) -> None:
    """Two joiners in a row (lipcare.text.JOINER_RUN) join nothing, and Rich cannot lay them out when narrow; one
    joiner, as Arabic and emoji use it, is kept."""
    clinic = tmp_path / "clinic.toml"
    clinic.write_text("format = 1\n", encoding="utf-8")
    protocol = load_protocol(clinic)
    for written, refused in (("\\u200D\\u200D", True), ("\\u200D", False)):
        (tmp_path / "clinic.ar.toml").write_text(
            f'[translation]\nlanguage = "ar"\n[strings.notice]\ntext = "نص{written}مقلوب"\n', encoding="utf-8"
        )
        translation = i18n.translate(protocol, "ar", clinic)
        assert any("U+200D" in str(problem) for problem in translation.problems) is refused, written


@pytest.mark.parametrize(
    ("path", "size", "refused"),
    [
        ("questions.pain.column", 200, False),
        ("questions.pain.column", 201, True),
        ("notice", 4000, False),
        ("notice", 4001, True),
    ],
)
def test_a_translation_longer_than_its_place_allows_is_refused(
    tmp_path: Path, path: str, size: int, refused: bool
) -> None:
    # Found by review: a 5,000-character translated history column was accepted.
    clinic = tmp_path / "clinic.toml"
    clinic.write_text("format = 1\n", encoding="utf-8")
    (tmp_path / "clinic.ar.toml").write_text(
        f'[translation]\nlanguage = "ar"\n[strings."{path}"]\ntext = "{"ح" * size}"\n', encoding="utf-8"
    )
    translation = i18n.translate(load_protocol(clinic), "ar", clinic)
    said = [str(problem) for problem in translation.problems if path in str(problem)]
    assert bool(said) is refused and (not refused or f"{size} characters; at most" in said[0])
    assert (translation.strings.get(path) == "ح" * size) is not refused  # refused: the shipped translation stays


def test_common_errors_in_arabic_are_one_line_with_the_usual_exit_code(cli: Cli) -> None:
    missing = cli("timeline", "--lang", "ar")
    assert missing.exit_code == 2 and missing.stdout == ""
    assert missing.stderr.startswith("خطأ: لم يُعطَ تاريخ العلاج") and len(missing.stderr.splitlines()) == 1
    bad = cli("timeline", "--lang", "ar", "--date", "next tuesday")
    assert bad.exit_code == 2 and "تعذّرت قراءة 'next tuesday' على أنه تاريخ" in bad.stderr
    assert len(bad.stderr.splitlines()) == 1
    english = cli("timeline", "--date", "next tuesday")
    assert english.stderr.startswith("Error: Invalid value for '--date': cannot read 'next tuesday' as a date.")
    for typed, arabic, said in (
        (
            "2026-02-30",
            "\u200e'2026-02-30'\u200e ليس تاريخًا موجودًا في التقويم؛ تحقّق من الشهر واليوم.",
            "not a date on the calendar",
        ),
        (
            "1800-01-01",
            "\u200e'1800-01-01'\u200e خارج التواريخ التي يعمل بها lipcare "
            "(من \u200e1900-01-01\u200e إلى \u200e2199-12-31\u200e).",
            "outside",
        ),
    ):
        wrong = cli("timeline", "--lang", "ar", "--date", typed)
        assert wrong.exit_code == 2 and arabic in wrong.stderr and len(wrong.stderr.splitlines()) == 1
        assert said in cli("timeline", "--date", typed).stderr
    padded = cli("timeline", "--date", " " * 50 + "2026-02-30 ")  # the spaces around it are not shown
    assert "'2026-02-30' is not a date on the calendar" in padded.stderr


def test_checkin_reads_arabic_indic_dates_too(cli: Cli) -> None:
    result = cli("checkin", "--lang", "ar", "--date", "٢٠٢٦-١١-٢٠", "--on", "أمس", "--redness", "١")
    assert result.exit_code == 0, result.stderr
    assert "حُفظ تسجيل الحالة رقم ١: اليوم ٣، الاثنين ٢٣ نوفمبر ٢٠٢٦" in result.stdout


def test_journal_and_data_folder_errors_in_arabic(cli: Cli, lipcare_home: Path) -> None:
    lipcare_home.mkdir(mode=0o700, parents=True, exist_ok=True)
    journal = lipcare_home / "journal.sqlite3"
    journal.write_bytes(b"")
    journal.chmod(0o600)
    empty = cli("history", "--lang", "ar")
    assert empty.exit_code == 1 and empty.stdout == "" and len(empty.stderr.splitlines()) == 1
    assert empty.stderr.startswith(f"خطأ: تتعذّر قراءة السجل {journal}: الملف فارغ (حجمه صفر بايت). ترك lipcare")
    assert journal.read_bytes() == b""  # left as it was
    english = cli("history")
    assert english.stderr.startswith(f"Error: cannot read the journal {journal}: the file is empty (0 bytes).")
    journal.unlink()
    lipcare_home.chmod(0o777)
    try:
        shared = cli("checkin", "--lang", "ar", "--date", "2026-11-20", "--redness", "1")
    finally:
        lipcare_home.chmod(0o700)
    assert shared.exit_code == 1 and len(shared.stderr.splitlines()) == 1
    assert shared.stderr.startswith(f"خطأ: يستطيع مستخدمون آخرون تغيير مجلد البيانات {lipcare_home} (الأذونات 0777)")
    assert shared.stderr.rstrip().endswith(f"chmod 700 '{lipcare_home}'")


def test_command_errors_in_arabic(cli: Cli, tmp_path: Path) -> None:
    none_yet = cli("history", "--lang", "ar")
    assert none_yet.exit_code == 2 and len(none_yet.stderr.splitlines()) == 1
    assert none_yet.stderr.startswith("خطأ: لم يُعطَ تاريخ العلاج")
    existing = tmp_path / "plan.html"
    existing.write_text("kept", encoding="utf-8")
    refused = cli("export", "sheet", "--lang", "ar", "--date", "2026-11-20", "-o", str(existing))
    assert refused.exit_code == 1 and existing.read_text(encoding="utf-8") == "kept"
    assert refused.stderr == f"خطأ: {existing} موجود من قبل؛ أضف ‎--force لاستبداله.\n"
    english = cli("export", "sheet", "--date", "2026-11-20", "-o", str(existing))
    assert english.stderr == f"Error: {existing} already exists; add --force to replace it.\n"


def test_what_was_written_is_said_in_arabic(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    result = cli("export", "sheet", "--lang", "ar", "--date", "2026-11-20", "-o", str(target))
    assert result.exit_code == 0 and target.is_file()
    assert f"كتب lipcare خطتك القابلة للطباعة في {target}" in readable(result.stdout)


def test_arabic_lists_take_the_arabic_comma(cli: Cli) -> None:
    result = cli("checkin", "--lang", "ar", "--date", "2026-11-20", "--redness", "2", "--pain", "3")
    assert result.exit_code == 0, result.stderr
    assert "لم يُسجَّل في هذا التسجيل: التورم، القشور، علامات التحذير." in " ".join(
        result.stdout.replace("│", " ").split()
    )
