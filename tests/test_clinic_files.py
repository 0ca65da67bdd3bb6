"""A clinic's protocol and translation files checked in the reader's language (issue 23; issue 24, arabic-clinic
findings 6, 10, 11, 16): every finding of `protocol check` in Arabic with its line and the file's values quoted as
they are, TOML mistakes said so that the clinic's staff can put them right, which translation is reviewed, and a
translation file to start from."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import Cli, readable
from test_error_messages import english_left, message_calls

from lipcare.locale import load

FINDING_MODULES = ("lipcare/protocol/", "lipcare/locale/translation.py")
"""Where `protocol check`'s findings are written: every Message made there is one, or a part of one."""

LAYOUT = re.compile(r"^[\s{}a-z_:.\"\[\]()-]*$")
"""A template that is only the layout of its fields ('{place}: {key}: {message}'): nothing to translate."""


def _finding_templates() -> dict[str, str]:
    """Every message template of the validator, the TOML reader, the consistency checks and the translation
    checks, found in the source (not listed by hand), with where it is."""
    found: dict[str, str] = {}
    for where, call in message_calls():
        template = call.args[0]
        if where.startswith(FINDING_MODULES) and isinstance(template, ast.Constant):
            found.setdefault(str(template.value), where)
    return found


def test_every_finding_template_has_arabic_that_leaves_no_english_sentence() -> None:
    templates = _finding_templates()
    assert len(templates) > 100  # the scan finds the findings (it would pass vacuously if it found nothing)
    assert "expected text in quotes, found {kind}" in templates and "the number {number}" in templates
    catalogue = load("ar").messages
    untranslated = []
    for template, where in templates.items():
        arabic = catalogue.get(template)
        if arabic is None:
            untranslated.append(f"{where}: {template}")
            continue
        if LAYOUT.match(template):
            continue
        bare = re.sub(r"\{[a-z_]+\}", " ", arabic)
        if not re.search("[\u0600-\u06ff]", bare) or english_left(bare) is not None:
            untranslated.append(f"{where}: {template} -> {arabic}")
    assert untranslated == []


IDENTIFIERS = re.compile(r"[a-z_]+(?:, [a-z_]+)+")
"""A list of the keys a table may have: names, not words to translate."""

BROKEN = """\
format = 1
[clinic]
name = 5
phne = "+20 2 2735 0000"
[redness]
window_days = -3
[rinse]
times = ["08:00", "8am"]
[[course]]
key = "Bad Key"
first_day = 5
last_day = 2
title = "Redness"
text = "Redness lasts {wekks}."
source = "nosuch"
[checkin.itching]
prompt = "Itchy?"
name = "Itching"
min = 0
max = 3
labels = ["none", "some"]
"""


def test_protocol_check_in_arabic_says_every_finding_in_arabic_with_its_line_and_the_values_as_written(
    cli: Cli, tmp_path: Path
) -> None:
    file = tmp_path / "nile.toml"
    file.write_text(BROKEN, encoding="utf-8")
    english = cli("protocol", "check", str(file))
    arabic = cli("--lang", "ar", "protocol", "check", str(file))
    assert english.exit_code == arabic.exit_code == 1
    said, shown = english.stdout.splitlines(), readable(arabic.stdout).splitlines()
    assert len(said) == len(shown) >= 8
    for line_en, line_ar in zip(said, shown, strict=True):
        place = line_en.split(": ")[0]
        assert line_ar.startswith(place + ": "), (line_en, line_ar)  # the file and its line, as an editor reads them
        what = IDENTIFIERS.sub(" ", line_ar.split(": ", 2)[-1])
        assert re.search("[\u0600-\u06ff]", what) and english_left(what) is None, line_ar
    assert f"{file}:3: clinic.name: المتوقَّع نص بين علامتي تنصيص، والموجود الرقم ٥" in shown
    assert any(line.startswith(f"{file}:4: clinic.phne: ") and "هل تقصد phone؟" in line for line in shown)
    assert any('"8am"' in line and line.startswith(f"{file}:8: rinse.times[1]: ") for line in shown)
    assert any('"Bad Key"' in line for line in shown)  # the file's own value, as written
    assert "٨ مشكلات" in arabic.stderr or "مشكلات" in arabic.stderr


def test_a_value_from_the_file_is_quoted_inert_in_every_language(cli: Cli, tmp_path: Path) -> None:
    file = tmp_path / "nile.toml"
    file.write_text('format = 1\n[clinic]\nname = 5\n[redness]\nwindow_days = "6\\u202e weeks\\u001b[2J"\n')
    for language in ("en", "ar"):
        result = cli("--lang", language, "protocol", "check", str(file))
        assert result.exit_code == 1
        assert "\u202e" not in result.stdout and "\x1b" not in result.stdout
        assert "U+202E" in result.stdout or "\\u202e" in result.stdout.lower(), result.stdout


def test_translation_problems_and_warnings_are_said_in_arabic(cli: Cli, tmp_path: Path) -> None:
    file = tmp_path / "nile.toml"
    file.write_text('format = 1\n[redness]\nwindow_days = 42\ntext = "Redness can last four weeks."\n')
    (tmp_path / "nile.ar.toml").write_text(
        '[translation]\nlanguage = "ar"\n[strings."redness.beyond_note"]\ntext = "لا شيء قبل اليوم 99"\n',
        encoding="utf-8",
    )
    result = cli("--lang", "ar", "protocol", "check", str(file))
    assert result.exit_code == 1
    warning = next(line for line in readable(result.stdout).splitlines() if "redness.text" in line)
    assert warning.startswith("تحذير: ") and "window_days يساوي ٤٢" in warning
    problem = next(line for line in readable(result.stdout).splitlines() if 'strings."redness.beyond_note"' in line)
    assert "مشكلة: " in problem and "أرقامها ليست أرقام النص الإنجليزي" in problem
    for line in (warning, problem):
        assert english_left(re.sub(r'\S*"[^"]*"\S*', " ", line)) is None, line


def test_an_unknown_language_is_said_in_the_system_locales_language(cli: Cli) -> None:
    arabic = cli("--lang", "xx", "info", env={"LC_ALL": "ar_EG.UTF-8"})
    english = cli("--lang", "xx", "info", env={"LC_ALL": "C.UTF-8"})
    assert arabic.exit_code == english.exit_code == 2
    assert arabic.stderr.startswith("خطأ: ") and "'xx'" in arabic.stderr
    assert english.stderr.startswith("Error: Invalid value for '--lang': unknown language 'xx'.")
