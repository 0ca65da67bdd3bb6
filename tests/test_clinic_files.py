"""A clinic's protocol and translation files checked in the reader's language (issue 23; issue 24, arabic-clinic
findings 6, 10, 11, 16): every finding of `protocol check` in Arabic with its line and the file's values quoted as
they are, TOML mistakes said so that the clinic's staff can put them right, which translation is reviewed, and a
translation file to start from."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
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


# --- TOML mistakes a clinic's staff can act on (arabic-clinic finding 10) ----------------------------------------


def _checked(cli: Cli, tmp_path: Path, line: str, language: str = "en") -> str:
    file = tmp_path / "nile.toml"
    file.write_text(f'format = 1\n[clinic]\n{line}\nhours = "9 to 5"\n', encoding="utf-8")
    result = cli("--lang", language, "protocol", "check", str(file))
    assert result.exit_code == 1 and result.stdout.count("\n") == 1, result.stdout
    return readable(result.stdout).strip().removeprefix(f"{file}:")


def test_text_without_quotes_is_told_to_be_quoted_with_the_line_as_it_should_be(cli: Cli, tmp_path: Path) -> None:
    assert _checked(cli, tmp_path, "name = Nile Lip Clinic") == '3: put text in double quotes: name = "Nile Lip Clinic"'
    assert _checked(cli, tmp_path, "name = Nile Lip Clinic", "ar") == (
        '3: ضع النص بين علامتي تنصيص مزدوجتين: name = "Nile Lip Clinic"'
    )
    assert _checked(cli, tmp_path, "name = Nile  # ours").endswith('name = "Nile"')


def test_a_phone_number_with_a_leading_zero_or_spaces_is_told_to_be_text(cli: Cli, tmp_path: Path) -> None:
    for typed in ("0227350000", "02 2735 0000", "+20 2 2735 0000"):
        said = _checked(cli, tmp_path, f"phone = {typed}")
        assert said == (
            "3: a number cannot start with 0 or hold spaces; a phone number is text, so put it in double quotes: "
            f'phone = "{typed}"'
        )
    assert _checked(cli, tmp_path, "phone = 0227350000", "ar").startswith("3: لا يبدأ الرقم بـ0 ولا تتخلله مسافات")


def test_a_missing_closing_quote_or_curly_quotes_are_named_with_the_fix(cli: Cli, tmp_path: Path) -> None:
    assert _checked(cli, tmp_path, 'name = "Nile Lip Clinic') == (
        '3: this text has no closing double quote: end it on the same line: name = "Nile Lip Clinic"'
    )
    assert _checked(cli, tmp_path, "name = \u201cNile\u201d") == (
        '3: use straight double quotes ("), not curly ones: name = "Nile"'
    )


def test_the_parsers_other_messages_are_mapped_or_marked_as_its_own_words(cli: Cli, tmp_path: Path) -> None:
    assert (
        _checked(cli, tmp_path, "[clinic]")
        == "3: this table is given twice; keep one [table] line and put its keys under it"
    )
    assert _checked(cli, tmp_path, 'name "Nile"').startswith("3: each line is key = value")
    assert _checked(cli, tmp_path, "hours = 9 to 5").endswith('hours = "9 to 5"')
    said = _checked(cli, tmp_path, 'name = "a \\q b"')
    assert said.startswith("3: is not valid TOML: in the TOML parser's words: ")  # what lipcare cannot say better
    arabic = _checked(cli, tmp_path, 'name = "a \\q b"', "ar")
    assert arabic.startswith("3: ليس TOML صالحًا: بكلمات قارئ TOML: ")


def test_a_translation_file_missing_a_closing_quote_names_its_line_and_the_fix(cli: Cli, tmp_path: Path) -> None:
    file = tmp_path / "nile.toml"
    file.write_text('format = 1\n[clinic]\nname = "Nile Lip Clinic"\n', encoding="utf-8")
    (tmp_path / "nile.ar.toml").write_text(
        '[translation]\nlanguage = "ar"\n\n[strings."clinic.name"]\nen = "Nile Lip Clinic"\n'
        'text = "عيادة النيل للشفاه\n',
        encoding="utf-8",
    )
    result = cli("--lang", "ar", "protocol", "check", str(file))
    assert result.exit_code == 1
    assert (
        f'{tmp_path / "nile.ar.toml"}:6: ليس لهذا النص علامة تنصيص ختامية ("): أنهِه بها على السطر نفسه: '
        in readable(result.stdout)
    )
    assert 'text = "عيادة النيل للشفاه"' in readable(result.stdout)


def test_a_huge_line_that_is_not_toml_is_reported_at_once(cli: Cli, tmp_path: Path) -> None:
    import time

    file = tmp_path / "nile.toml"
    file.write_text("format = 1\n" + "a" * 900_000 + " x\n", encoding="utf-8")
    started = time.monotonic()
    result = cli("protocol", "check", str(file))
    assert result.exit_code == 1 and time.monotonic() - started < 5
    assert f"{file}:2: " in result.stdout


# --- which part of a translation is reviewed (arabic-clinic finding 6) --------------------------------------------

NILE = 'format = 1\n[clinic]\nname = "Nile Lip Clinic"\nphone = "+20 2 2735 0000"\n'
NILE_AR = """\
[translation]
language = "ar"
reviewed_by_clinician = true

[strings."clinic.name"]
en = "Nile Lip Clinic"
text = "عيادة النيل للشفاه"
"""


def _nile(tmp_path: Path, translation: str = NILE_AR) -> Path:
    file = tmp_path / "nile.toml"
    file.write_text(NILE, encoding="utf-8")
    (tmp_path / "nile.ar.toml").write_text(translation, encoding="utf-8")
    return file


def test_protocol_check_and_show_say_which_file_is_reviewed_with_its_count(cli: Cli, tmp_path: Path) -> None:
    file = _nile(tmp_path)
    check = cli("protocol", "check", str(file))
    assert check.exit_code == 0, check.output
    lines = check.stdout.splitlines()
    head = next(index for index, line in enumerate(lines) if line.startswith("Translation ar "))
    total = int(re.findall(r"(\d+) of (\d+)", lines[head])[0][1])
    assert lines[head].endswith("not yet reviewed by a clinician.")
    assert (
        lines[head + 1]
        == f"  lipcare's shipped translation: {total - 1} strings in use, not yet reviewed by a clinician."
    )
    assert (
        lines[head + 2] == f"  {tmp_path / 'nile.ar.toml'}, the clinic's own: 1 string in use, reviewed by a clinician."
    )
    assert "lipcare protocol init --translation ar --protocol nile.toml" in lines[head + 3]
    show = cli("protocol", "show", "--protocol", str(file), env={"COLUMNS": "400"})
    assert show.exit_code == 0 and lines[head + 1] in show.stdout and lines[head + 2] in show.stdout
    arabic = cli("--lang", "ar", "protocol", "check", str(file))
    assert f"ترجمة lipcare المرفقة به: {load('ar').num(total - 1)} نصًا قيد الاستعمال، لم يراجعها طبيب بعد." in readable(
        arabic.stdout
    )
    assert "ترجمة العيادة نفسها: نص واحد قيد الاستعمال، راجعها طبيب." in arabic.stdout


def test_the_arabic_notice_says_the_clinic_reviewed_its_own_texts_and_the_shipped_ones_are_not(
    cli: Cli, tmp_path: Path
) -> None:
    file = _nile(tmp_path)
    shown = cli("--lang", "ar", "timeline", "--protocol", str(file), "--date", "2026-11-20", "--preview", "--no-pager")
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.stdout.replace("│", " ").split())
    assert "راجعت عيادتك نصوصها المترجمة" in flat and "لم يراجع طبيب هذه الترجمة العربية بعد" not in flat
    _nile(tmp_path, NILE_AR.replace("= true", "= false"))
    shown = cli("--lang", "ar", "timeline", "--protocol", str(file), "--date", "2026-11-20", "--preview", "--no-pager")
    flat = " ".join(shown.stdout.replace("│", " ").split())
    assert "لم يراجع طبيب هذه الترجمة العربية بعد" in flat and "راجعت عيادتك" not in flat


# --- translation paths follow the protocol file, and a translation file to start from (findings 11, 16) ------------

ROOT = Path(__file__).resolve().parent.parent


def _with_clinic_texts() -> object:
    from lipcare.protocol import load_protocol

    protocol = load_protocol()
    return protocol._replace(clinic=protocol.clinic._replace(name="Nile Lip Clinic", hours="9 to 5"))


def test_docs_list_every_kind_of_translation_path_and_where_it_is_in_the_protocol_file() -> None:
    import os

    from lipcare.locale.translation import path_kinds
    from lipcare.render.markdown import translation_paths_table

    path = ROOT / "docs" / "protocol.md"
    doc = path.read_text(encoding="utf-8")
    before, rest = doc.split("<!-- translation paths: begin -->\n", 1)
    shown, after = rest.split("<!-- translation paths: end -->", 1)
    kinds = path_kinds(_with_clinic_texts())  # type: ignore[arg-type]
    table = translation_paths_table(kinds)
    if os.environ.get("LIPCARE_UPDATE_GOLDEN"):
        path.write_text(f"{before}<!-- translation paths: begin -->\n{table}<!-- translation paths: end -->{after}")
        return
    assert shown == table, "run LIPCARE_UPDATE_GOLDEN=1 pytest tests/test_clinic_files.py and review the change"
    where = dict(kinds)
    assert [path for path, location in kinds if location == path] == []  # a new kind of path: give its location
    assert where["name"] == "[protocol] name" and where["clinic.name"] == "[clinic] name"
    assert where["questions.SCALE.prompt"] == "[checkin.SCALE] prompt"
    assert where["sun_avoid.title"] == "[sun.avoid] title" and where["sunscreen.text"] == "[sun.sunscreen] text"
    assert where["course.KEY.text"] == '[[course]] with key = "KEY", text'


def test_a_path_written_as_the_protocol_files_tables_name_it_is_pointed_to_the_path_it_means(
    cli: Cli, tmp_path: Path
) -> None:
    file = tmp_path / "m7.toml"
    file.write_text('format = 1\n[checkin.itching]\nprompt = "Itchy?"\nname = "Itching"\nmin = 0\nmax = 3\n')
    entries = {"protocol.name": "اسم", "checkin.itching.prompt": "هل تحك؟", "sun.avoid.title": "الشمس"}
    (tmp_path / "m7.ar.toml").write_text(
        '[translation]\nlanguage = "ar"\n'
        + "".join(f'[strings."{path}"]\ntext = "{text}"\n' for path, text in entries.items()),
        encoding="utf-8",
    )
    result = cli("protocol", "check", str(file))
    ignored = next(line for line in result.stdout.splitlines() if "Ignored, not a string of this protocol" in line)
    assert "protocol.name (did you mean name?)" in ignored
    assert "checkin.itching.prompt (did you mean questions.itching.prompt?)" in ignored
    assert "sun.avoid.title (did you mean sun_avoid.title?)" in ignored


def test_init_translation_writes_every_path_that_protocol_check_accepts_and_review_makes_it_the_clinics(
    cli: Cli, tmp_path: Path
) -> None:
    import tomllib

    from lipcare.locale.translation import toml_location, translatable
    from lipcare.protocol import load_protocol

    file = tmp_path / "nile.toml"
    file.write_text(NILE, encoding="utf-8")
    made = cli("protocol", "init", "--translation", "ar", "--protocol", str(file))
    assert made.exit_code == 0, made.output
    written = tmp_path / "nile.ar.toml"
    assert f"Wrote a translation to review to {written}" in made.stdout
    assert "lipcare protocol check nile.toml" in made.stdout
    text = written.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["translation"] == {"language": "ar", "reviewed_by_clinician": False, "review_note": ""}
    english = translatable(load_protocol(file))
    assert list(data["strings"]) == list(english)  # every path, in the protocol's order
    assert data["strings"]["clinic.name"] == {"en": "Nile Lip Clinic", "text": ""}  # lipcare has none: to write
    assert data["strings"]["course.crusting.text"]["text"].startswith("تتكوّن قشور")  # the shipped one, to review
    assert f'[strings."questions.pain.prompt"]\n# {toml_location("questions.pain.prompt")}\n' in text
    assert "# [checkin.pain] prompt" in text

    check = cli("protocol", "check", str(file))
    assert check.exit_code == 0, check.output
    assert f"  {written}, the clinic's own: {len(english) - 1} strings in use, not yet reviewed" in check.stdout
    assert "  lipcare's shipped translation: 0 strings in use" in check.stdout
    assert "Untranslated (shown in English): clinic.name." in check.stdout

    # The clinic's clinician reviews every text, writes the missing one and says so: the file is the clinic's.
    text = text.replace('en = "Nile Lip Clinic"\ntext = ""', 'en = "Nile Lip Clinic"\ntext = "عيادة النيل للشفاه"')
    written.write_text(text.replace("reviewed_by_clinician = false", "reviewed_by_clinician = true"), encoding="utf-8")
    check = cli("protocol", "check", str(file))
    assert (
        check.exit_code == 0 and f"{len(english)} of {len(english)} strings, reviewed by a clinician." in check.stdout
    )
    assert "To take responsibility" not in check.stdout
    shown = cli("--lang", "ar", "timeline", "--protocol", str(file), "--date", "2026-11-20", "--preview", "--no-pager")
    assert shown.exit_code == 0 and "عيادة النيل للشفاه" in shown.stdout
    assert "لم يراجع" not in shown.stdout and "راجعت عيادتك" not in shown.stdout


def test_init_translation_keeps_the_clinics_own_translations_and_refuses_what_it_cannot_do(
    cli: Cli, tmp_path: Path
) -> None:
    file = _nile(tmp_path)
    again = cli("protocol", "init", "--translation", "ar", "--protocol", str(file), "-o", str(tmp_path / "new.toml"))
    assert again.exit_code == 0, again.output
    assert "lipcare reads a translation only as nile.ar.toml beside nile.toml" in again.stdout
    assert 'en = "Nile Lip Clinic"\ntext = "عيادة النيل للشفاه"' in (tmp_path / "new.toml").read_text(encoding="utf-8")
    exists = cli("protocol", "init", "--translation", "ar", "--protocol", str(file))
    assert exists.exit_code != 0 and "nile.ar.toml" in exists.stderr  # never replaced without --force
    for args, said in (
        (["--translation", "fr"], "Invalid value for '--translation': 'fr' is not a language lipcare translates into"),
        (["--translation", "en"], "Invalid value for '--translation': 'en'"),
        (["--protocol", str(file)], "--protocol goes with --translation LANG"),
    ):
        result = cli("protocol", "init", *args, "-o", str(tmp_path / "x.toml"))
        assert result.exit_code == 2 and said in result.stderr, (args, result.stderr)
        arabic = cli("--lang", "ar", "protocol", "init", *args, "-o", str(tmp_path / "x.toml"))
        assert arabic.exit_code == 2 and arabic.stderr.startswith("خطأ: ")
        assert english_left(arabic.stderr) is None, arabic.stderr
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.slow  # real processes: the in-process test above is in the everyday loop
def test_init_translation_round_trips_in_a_real_lipcare_process(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    lipcare = Path(sys.executable).parent / "lipcare"
    env = {**os.environ, "LIPCARE_HOME": str(tmp_path / "home"), "LIPCARE_PROTOCOL": str(tmp_path / "nile.toml")}
    (tmp_path / "nile.toml").write_text(NILE, encoding="utf-8")
    made = subprocess.run(
        [str(lipcare), "--lang", "ar", "protocol", "init", "--translation", "ar"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert "راجع كل نص" in made.stdout and (tmp_path / "nile.ar.toml").is_file()  # beside the protocol in force
    check = subprocess.run(
        [str(lipcare), "protocol", "check", "nile.toml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "nile.ar.toml, the clinic's own:" in check.stdout
