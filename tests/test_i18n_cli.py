"""Arabic around the commands: --help, errors in the command line, yes/no questions, and the messages of the
data, settings, photo and protocol commands (issue 13)."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from conftest import Cli, readable

from lipcare import click_words as clicktext
from lipcare.cli import app
from lipcare.locale import current, load, using
from lipcare.locale import translation as i18n

LIPCARE = [sys.executable, "-m", "lipcare"]
ARABIC = re.compile("[\u0600-\u06ff]")


def catalogue() -> dict[str, str]:
    with using(load("ar")):
        return dict(current().messages)


def one_arabic_line(stderr: str) -> str:
    assert stderr.startswith("خطأ: ") and len(stderr.splitlines()) == 1, stderr
    return stderr


# --- help -----------------------------------------------------------------------------------------------


def test_every_help_text_of_every_command_has_an_arabic_translation() -> None:
    """The help Typer builds from the commands (docstrings, option help, computed ones such as the topics)."""
    root = typer.main.get_command(app)

    def walk(command: object) -> list[object]:
        return [command, *(sub for child in getattr(command, "commands", {}).values() for sub in walk(child))]

    texts = {text for command in walk(root) for text in (getattr(command, "help", None),) if text}
    texts |= {param.help for command in walk(root) for param in getattr(command, "params", []) if param.help}
    texts |= {"Usage:", "Options", "Commands", "Arguments", "Show this message and exit.", "default: {default}"}
    assert len(texts) > 60  # the walk found the commands
    arabic = catalogue()
    assert sorted(text for text in texts if text not in arabic) == []
    for text in texts:
        assert ARABIC.search(arabic[text]), text
        assert i18n.placeholders(arabic[text]) == i18n.placeholders(text), text


def test_clicks_messages_have_arabic_keys_with_the_same_placeholders() -> None:
    arabic = catalogue()
    for _pattern, key in (*clicktext.PATTERNS, *clicktext.PROBLEMS):
        assert key in arabic, key
        assert i18n.placeholders(arabic[key]) == i18n.placeholders(key), key
        assert set(i18n.placeholders(key)) <= set(re.findall(r"\?P<(\w+)>", _pattern)), key


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--lang", "ar", "--help"], {}), (["--help"], {"LIPCARE_LANG": "ar"}), (["--lang=ar", "--help"], {})],
)
def test_top_level_help_in_arabic(cli: Cli, args: list[str], env: dict[str, str]) -> None:
    result = cli(*args, env={"COLUMNS": "100", **env})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "الاستخدام: lipcare [OPTIONS] COMMAND [ARGS]..."
    assert "الخيارات:" in lines and "الأوامر:" in lines
    assert "  -h, --help            اعرض هذه الرسالة واخرج." in lines
    assert any(re.match(r"  checkin +سجّل حال شفتيك اليوم", line) for line in lines)
    assert "لا يشخّص lipcare أي حالة" in result.stdout
    # The environment and the examples: names and command lines stay as typed; what they say is Arabic.
    environment_heading, examples_heading = "متغيرات البيئة:", "أمثلة:"
    page, environment = result.stdout.split(f"\n{environment_heading}\n")
    environment, examples = environment.split(f"\n{examples_heading}\n")
    assert "  LIPCARE_HOME " in environment and "مجلد واحد لكل ما يحفظه lipcare" in environment
    assert "  lipcare checkin\n      كيف حال شفتيك اليوم؟" in examples
    typed = r"Windows\s+Terminal|--?[a-z-]+|lipcare|\[?[A-Z]+\]?|CO2|HTML|FHIR|\[ARGS\]\.\.\.|shell"
    english_words = re.sub(typed, "", page)
    assert not re.search(
        r"\b(?!info|timeline|checkin|history|report|data|settings|export|photo|appointment|protocol|remind|medicine|completion"
        r"|Tab\b|logical|visual|auto|dumb|xterm|kitty|rtl\b|set\b|language\b)"
        r"[a-z]{3,}\b",
        english_words,
    ), english_words


def test_command_help_in_arabic_keeps_option_names_metavars_and_values(cli: Cli) -> None:
    result = cli("checkin", "--lang", "ar", "--help", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("الاستخدام: lipcare checkin [OPTIONS]\n")
    assert "سجّل حال شفتيك اليوم في سجلك الخاص" in result.stdout
    assert re.search(r"  --redness N +الاحمرار من 0 إلى 3", result.stdout)
    assert "  -s, --symptom KEY" in result.stdout and "white-bumps, colour-change, thickening" in result.stdout
    export = cli("data", "export", "--help", env={"LIPCARE_LANG": "ar"})
    assert "[الافتراضي: json]" in export.stdout and "  --format <json|csv|zip>" in export.stdout


def test_a_group_alone_shows_its_help_in_arabic(cli: Cli) -> None:
    result = cli("--lang", "ar", "data")
    assert "الاستخدام: lipcare data [OPTIONS] COMMAND [ARGS]..." in result.stdout + result.stderr
    assert "مكان سجلك؛ تصديره أو مسحه." in result.stdout + result.stderr


def test_english_help_is_english_before_and_after_an_arabic_one(cli: Cli) -> None:
    before = cli("checkin", "--help").stdout
    assert cli("checkin", "--help", "--lang", "ar").exit_code == 0
    after = cli("checkin", "--help").stdout
    assert before == after and before.startswith("Usage: lipcare checkin [OPTIONS]") and not ARABIC.search(after)
    assert cli("checkin", "--help", "--lang", "en", env={"LIPCARE_LANG": "ar"}).stdout == before


def test_an_unknown_language_leaves_the_help_in_english(cli: Cli) -> None:
    result = cli("checkin", "--help", env={"LIPCARE_LANG": "xx"})
    assert result.exit_code == 0 and result.stdout.startswith("Usage: lipcare checkin [OPTIONS]")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {key: value for key, value in os.environ.items() if key not in ("LIPCARE_LANG", "LC_ALL", "LC_MESSAGES")}
    full.update({"LANG": "C.UTF-8", "COLUMNS": "100", **(env or {})})
    return subprocess.run([*LIPCARE, *args], capture_output=True, text=True, env=full, timeout=60)


@pytest.mark.slow  # a real process: test_lazy_commands compares Arabic help in real processes quickly
def test_arabic_help_in_a_real_process_where_only_the_invoked_command_is_built(tmp_path: Path) -> None:
    """`lipcare --help` in a process lists commands that were never built (from lipcare.cli.COMMANDS)."""
    env = {"LIPCARE_HOME": str(tmp_path)}
    arabic = run("--lang", "ar", "--help", env=env)
    assert arabic.returncode == 0, arabic.stderr
    assert re.search(r"\n  photo +صور شفتيك، محفوظة مع تسجيلات حالتك.\n", arabic.stdout)
    command = run("--lang", "ar", "photo", "list", "--help", env=env)
    assert command.stdout.startswith("الاستخدام: ") and "lipcare photo list [OPTIONS]" in command.stdout
    by_locale = run("settings", "--help", env={**env, "LANG": "ar_EG.UTF-8"})
    assert "بيانات عيادتك وملف البروتوكول" in by_locale.stdout
    english = run("--help", env=env)
    assert english.stdout.startswith("Usage: ") and "lipcare [OPTIONS] COMMAND" in english.stdout
    assert not ARABIC.search(english.stdout)


# --- errors in the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "arabic", "english"),
    [
        (
            ["checkin", "--redness", "x"],
            "خطأ: قيمة غير صالحة لـ \u200e'--redness'\u200e: \u200e'x'\u200e ليس عددًا صحيحًا.",
            "Error: Invalid value for '--redness': 'x' is not a whole number.",
        ),
        (
            ["checkin", "--redness"],
            "خطأ: الخيار \u200e'--redness'\u200e يحتاج إلى قيمة بعده.",
            "Error: Option '--redness' requires a value.",
        ),
        (["checkin", "--bogus"], "خطأ: لا يوجد خيار باسم \u200e--bogus\u200e.", "Error: No such option: --bogus."),
        (
            ["chekin"],
            "خطأ: لا يوجد أمر باسم 'chekin'. هل تقصد 'checkin'؟",
            "Error: No such command 'chekin'. Did you mean 'checkin'?",
        ),
        (
            ["history", "--limit", "0"],
            "خطأ: قيمة غير صالحة لـ \u200e'--limit'\u200e: \u200e0\u200e أقل من \u200e1\u200e.",
            "Error: Invalid value for '--limit': 0 is less than 1.",
        ),
        (
            ["settings", "set", "colour", "x"],
            "ليس من الخيارات المتاحة: \u200e'clinic-name', 'clinic-phone'",
            "Error: Invalid value for 'KEY': 'colour' is not one of 'clinic-name',",
        ),
        (
            ["history", "--limit", "x"],
            "خطأ: قيمة غير صالحة لـ \u200e'--limit'\u200e: \u200e'x'\u200e ليس عددًا صحيحًا.",
            "Error: Invalid value for '--limit': 'x' is not a whole number.",
        ),
        (
            ["info", "what", "extra"],
            "خطأ: مُدخلات زائدة غير متوقعة: \u200eextra\u200e.",
            "Error: Unexpected extra arguments: extra.",
        ),
    ],
)
def test_command_line_errors_in_arabic_keep_the_option_names(
    cli: Cli, args: list[str], arabic: str, english: str
) -> None:
    said = cli(*args, env={"LIPCARE_LANG": "ar"})
    assert said.exit_code == 2 and said.stdout == ""
    assert arabic in one_arabic_line(said.stderr)
    typed = cli("--lang", "ar", *args) if args[0] != "chekin" else said  # --lang before the command, too
    assert typed.stderr == said.stderr
    plain = cli(*args)
    assert plain.exit_code == 2 and plain.stderr.startswith(english) and not ARABIC.search(plain.stderr)
    assert ("جرّب ‎'lipcare " in said.stderr) == ("Try 'lipcare " in plain.stderr)  # the same hint, in Arabic


def test_an_unknown_click_message_stays_english_rather_than_being_guessed() -> None:
    assert clicktext.click_message("Something Click says one day.") == "Something Click says one day."


# --- yes or no --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("y", True),
        ("Yes", True),
        ("نعم", True),
        ("ن", True),
        (" نعم ", True),
        ("n", False),
        ("لا", False),
        ("ل", False),
        ("", False),
        ("ربما", None),
        ("yn", None),
    ],
)
def test_yes_and_no_in_arabic_and_english(typed: str, answer: bool | None) -> None:
    with using(load("ar")):  # confirm() asks with it only in another language; Click asks in English
        assert clicktext.read_yes_no(typed) is answer


def converse(args: list[str], exchanges: list[tuple[str, str]], home: Path) -> str:
    """Run lipcare in a pseudo-terminal; for each (prompt, answer), wait for the prompt, then type the answer."""
    env = {**os.environ, "LIPCARE_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1", "LANG": "C.UTF-8"}
    env.pop("LIPCARE_LANG", None)
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [*LIPCARE, *args], stdin=terminal, stdout=terminal, stderr=terminal, env=env, close_fds=True
    )
    os.close(terminal)
    output = b""

    def read_until(marker: str | None, seconds: float = 30.0) -> None:
        nonlocal output
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if marker is not None and marker.encode() in output:
                return
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                output += chunk
        assert marker is None, f"no {marker!r} in {output.decode(errors='replace')!r}"

    for prompt, answer in exchanges:
        read_until(prompt)
        os.write(controller, answer.encode() + b"\r")
    read_until(None, 10.0)
    process.wait(timeout=60)
    os.close(controller)
    return output.decode("utf-8", errors="replace")


def checked_in(home: Path) -> None:
    env = {**os.environ, "LIPCARE_HOME": str(home)}
    subprocess.run(
        [*LIPCARE, "checkin", "--date", "2026-11-20", "--redness", "1"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


QUESTION = "[نعم/لا، والافتراضي: لا]: "


def test_erase_asks_in_arabic_and_takes_an_arabic_no_then_yes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    checked_in(home)
    journal = home / "journal.sqlite3"
    kept = converse(["--lang", "ar", "data", "erase"], [(QUESTION, "ربما"), ("أجب بنعم أو لا", "لا")], home)
    assert "أتريد حذف" in kept and "تسجيل واحد وجلسة علاج واحدة" in kept and "لا يمكن التراجع عن ذلك" in kept
    assert "لم يُحذف شيء." in kept and journal.exists()
    erased = converse(["--lang", "ar", "data", "erase"], [(QUESTION, "ن")], home)
    assert "حُذف " in erased and not journal.exists()


@pytest.mark.slow  # a real process at a terminal: the erase question below is quick
def test_replacing_a_file_asks_in_arabic(tmp_path: Path) -> None:
    home = tmp_path / "home"
    checked_in(home)
    target = tmp_path / "plan.ics"
    target.write_text("kept", encoding="utf-8")
    args = ["export", "ics", "--lang", "ar", "-o", str(target)]
    left = converse(args, [(QUESTION, "ل")], home)
    assert "موجود من قبل. أتريد استبداله؟" in left and target.read_text(encoding="utf-8") == "kept"
    replaced = converse(args, [(QUESTION, "نعم")], home)
    assert "كتب lipcare" in readable(replaced) and target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    english = converse(["export", "ics", "-o", str(target), "--force"], [], home)
    assert "Wrote your calendar to" in english


# --- the commands that did not switch language ------------------------------------------------------------


def test_settings_speak_arabic(cli: Cli) -> None:
    env = {"LIPCARE_LANG": "ar"}
    shown = cli("settings", "show", env=env)
    assert "clinic-name: (غير محدد)" in shown.stdout and shown.stderr.startswith("(لا إعدادات بعد؛ ستُحفظ في ")
    assert cli("settings", "set", "clinic-name", "عيادة الشفاء", env=env).stdout == "clinic-name: عيادة الشفاء\n"
    assert cli("settings", "show", env=env).stderr.startswith("(محفوظة في ")
    assert cli("settings", "unset", "clinic-name", env=env).stdout == "clinic-name: (غير محدد)\n"
    bad = cli("settings", "set", "digits", "roman", env=env)
    assert bad.exit_code == 2 and "الأرقام إما arabic-indic (٠١٢) أو western (012)، لا 'roman'" in one_arabic_line(
        bad.stderr
    )
    assert cli("settings", "show").stdout.startswith("clinic-name: (not set)")


def test_data_commands_speak_arabic(cli: Cli, lipcare_home: Path) -> None:
    nothing = cli("--lang", "ar", "data", "erase", "--yes")
    assert nothing.stdout.startswith("لا شيء لمسحه: لا يوجد سجل في ")
    assert "(لا يوجد سجل هناك بعد" in cli("data", "path", env={"LIPCARE_LANG": "ar"}).stderr
    zipped = cli("data", "export", "--format", "zip", env={"LIPCARE_LANG": "ar"})
    assert zipped.exit_code == 2 and "‎-o lipcare-journal.zip" in one_arabic_line(zipped.stderr)
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1").exit_code == 0
    erased = cli("--lang", "ar", "data", "erase", "--yes")
    said = readable(erased.stdout)
    assert erased.exit_code == 0 and said.startswith("حُذف ")
    assert ": تسجيل واحد وجلسة علاج واحدة." in said
    assert said.rstrip().endswith("/cache/protocol.cache.")  # the cache is erased too, and named


def test_photo_commands_speak_arabic(cli: Cli, tmp_path: Path) -> None:
    missing = cli("photo", "add", str(tmp_path / "none.jpg"), env={"LIPCARE_LANG": "ar"})
    assert missing.exit_code == 1
    assert "لا يمكن استعمال" in one_arabic_line(missing.stderr) and "لا يوجد ملف بهذا الاسم" in missing.stderr
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1").exit_code == 0
    short = cli("--lang", "ar", "photo", "remove", "ab")
    assert short.exit_code == 2 and "أعطِ على الأقل أول ٦ أحرف من معرّف الصورة" in one_arabic_line(short.stderr)
    unknown = cli("--lang", "ar", "photo", "remove", "abcdef12")
    assert unknown.exit_code == 1 and "لا توجد صورة يبدأ معرّفها بـ abcdef12" in one_arabic_line(unknown.stderr)
    folder = cli("--lang", "ar", "photo", "add", str(tmp_path))
    assert "إنه مجلد" in one_arabic_line(folder.stderr)


def test_protocol_commands_speak_arabic(cli: Cli, tmp_path: Path) -> None:
    starter = tmp_path / "clinic.toml"
    made = cli("--lang", "ar", "protocol", "init", "-o", str(starter))
    assert made.exit_code == 0 and f"عدّله، ثم شغّل: lipcare protocol check {starter}" in readable(made.stdout)
    checked = cli("--lang", "ar", "protocol", "check", str(starter))
    assert checked.exit_code == 0, checked.stdout
    assert f"{starter}: بروتوكول lipcare صالح" in readable(checked.stdout)
    shown = readable(checked.stdout)
    assert re.search(r"الترجمة ar \(Arabic, العربية\): \d+ من \d+ نصًا، لم يراجعها طبيب بعد\.", shown)
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[redness]\nwindow_days = -3\n", encoding="utf-8")
    failed = cli("--lang", "ar", "protocol", "check", str(broken))
    assert failed.exit_code == 1 and f"وُجد في {broken}: مشكلة واحدة." in failed.stderr
    english = cli("protocol", "check", str(broken))
    assert f"1 problem found in {broken}." in english.stderr


def test_language_before_the_command_reaches_commands_with_their_own_lang(cli: Cli) -> None:
    result = cli("--lang", "ar", "timeline", "--date", "2026-11-20")
    assert result.exit_code == 0 and "اليوم ٤" in result.stdout
    own = cli("--lang", "ar", "timeline", "--date", "2026-11-20", "--lang", "en")
    assert "Day 4" in own.stdout  # the command's own --lang comes first
    unknown = cli("--lang", "fr", "timeline", "--date", "2026-11-20")
    assert unknown.exit_code == 2 and "Invalid value for '--lang': unknown language 'fr'" in unknown.stderr
