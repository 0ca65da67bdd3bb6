"""Errors are translatable by construction: an English template and its fields, said in the language in force."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest
from conftest import Cli

from lipcare.errors import LipcareError, Message, UsageError
from lipcare.locale import load, using


def test_an_error_is_english_in_str_and_its_template_is_translated_when_shown() -> None:
    error = LipcareError("{path} is a folder; give a file name.", path="/tmp")
    assert str(error) == error.shown() == "/tmp is a folder; give a file name."
    with using(load("ar")):
        assert error.shown() == "/tmp مجلد؛ أعطِ اسم ملف."
        assert str(error) == "/tmp is a folder; give a file name."  # logs and tests keep the English


def test_fields_are_said_in_the_language_numbers_in_its_digits_and_sentences_translated() -> None:
    error = UsageError(
        "Invalid value for 'VALUE': give between 1 and {most} characters.",
        most=200,
    )
    nested = LipcareError(
        "{path} is {kind}, not a regular file, so lipcare will not write to it; nothing was written. "
        "To write to standard output, use -o -.",
        path="fifo",
        kind=Message("a named pipe (FIFO)"),
    )
    assert "between 1 and 200 characters" in str(error)
    assert str(nested).startswith("fifo is a named pipe (FIFO), not a regular file")
    with using(load("ar")):
        assert "٢٠٠" in error.shown() and "200" not in error.shown()
        assert nested.shown().startswith("fifo أنبوب مسمّى (FIFO) وليس ملفًا عاديًا")


def test_an_error_without_fields_keeps_braces_and_survives_pickling() -> None:
    error = UsageError("{not a field} as typed")
    assert str(error) == error.shown() == "{not a field} as typed"
    again = pickle.loads(pickle.dumps(UsageError("cannot write {path}: {error}.", path="x", error="full")))
    assert isinstance(again, UsageError) and str(again) == "cannot write x: full."
    assert again.exit_code == 2


# --- every message in the source is a template: the form is checked, not trusted -------------------------------

PACKAGE = Path(__file__).resolve().parent.parent / "lipcare"


def _error_classes() -> set[str]:
    """The names of LipcareError and every subclass of it in lipcare (each module imported)."""
    import importlib
    import pkgutil

    import lipcare

    for module in pkgutil.walk_packages(lipcare.__path__, "lipcare."):
        if not module.name.endswith("__main__"):  # it runs the command line
            importlib.import_module(module.name)
    found, todo = set(), [LipcareError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def message_calls() -> list[tuple[str, ast.Call]]:
    """Every call in lipcare/ whose first argument is a message said to the user: an error made (raised or
    returned), a Message, and `fail(...)` in the CLI; with where."""
    names = _error_classes() | {"Message", "fail"}
    calls = []
    for file in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names and node.args:
                calls.append((f"{file.relative_to(PACKAGE.parent)}:{node.lineno}", node))
    return calls


def _built_at_run_time(node: ast.expr) -> str | None:
    """Why `node` is not a template: an f-string, a `%` or `+`, a `.format(...)` or `_()` (translated, or
    formatted, before it is said: the catalogue could never match it)."""
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return "a % or + expression"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return ".format()"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "_message"):
        return "_(), translated when made"
    return None


def test_no_error_message_is_built_at_run_time() -> None:
    calls = message_calls()
    assert len(calls) > 150  # the scan finds the errors (it would pass vacuously if it found nothing)
    wrong = [f"{where}: {why}" for where, call in calls if (why := _built_at_run_time(call.args[0]))]
    assert wrong == []


def test_the_form_check_refuses_what_it_should() -> None:
    """The check itself can fail: each refused form, written as someone might."""
    for source in (
        'LipcareError(f"cannot write {path}")',
        'UsageError("cannot write %s" % path)',
        'UsageError("cannot write " + path)',
        'JournalError("cannot write {path}".format(path=path))',
        'fail(_("stopped").format(x=1), 1)',
    ):
        call = ast.parse(source, mode="eval").body
        assert isinstance(call, ast.Call) and _built_at_run_time(call.args[0]) is not None, source
    good = ast.parse('LipcareError("cannot write {path}", path=p)', mode="eval").body
    assert isinstance(good, ast.Call) and _built_at_run_time(good.args[0]) is None


def test_every_template_has_its_fields_and_an_arabic_entry_with_the_same_placeholders() -> None:
    from lipcare.locale.translation import placeholders

    catalogue = load("ar").messages
    problems = []
    templates = 0
    for where, call in message_calls():
        template = call.args[0]
        if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
            continue
        templates += 1
        text = template.value
        given = {keyword.arg or "**" for keyword in call.keywords}
        unfilled = placeholders(text) - given
        if "**" not in given and unfilled:
            problems.append(f"{where}: no value for {sorted(unfilled)}")
        if text not in catalogue:
            problems.append(f"{where}: no Arabic for {text!r}")
        elif placeholders(catalogue[text]) != placeholders(text):
            problems.append(f"{where}: the Arabic's placeholders differ for {text!r}")
    assert templates > 150
    assert problems == []


# --- every error path said in English is said in Arabic ----------------------------------------------------------

_OUTSIDE = re.compile(
    r"'[^']*'"  # what was typed, a command to run, a choice: quoted as typed
    r"|\S*/\S*"  # a path
    r"|(?<!\w)--?[a-z][\w-]*(?:[ =](?:zip|visual|logical|auto))?"  # an option, with a value that goes with it
    r"|\([^()]*\bTOML\b[^()]*\)"
)
_NAMES = re.compile(
    r"\b(?:lipcare|LIPCARE_\w+|YYYY-MM-DD|HH:MM|FIFO|KEY|VALUE|English|Arabic|en|ar|SQLite|UTF-8|NUL|JPEG|"
    r"logical|visual|auto|pip|install|N|days|ago|in|weeks|socket|[A-Z]+)\b"
)


def english_left(line: str) -> str | None:
    """Three English words in a row in `line` once quoted text, paths, options and names are taken out:
    a sentence left in English. None when there is none."""
    bare = _NAMES.sub(" ", _OUTSIDE.sub(" ", line))
    found = re.search(r"[A-Za-z]+(?:[\s,;:.]+[A-Za-z]+){2,}", bare)
    return found.group() if found else None


def test_the_english_check_finds_a_sentence_and_passes_names() -> None:
    assert english_left("خطأ: /tmp is a folder; give a file name.") == "is a folder; give a file name"
    assert english_left("خطأ: /tmp مجلد؛ أعطِ اسم ملف. استخدم --force أو 'lipcare checkin --help'") is None


def _sweep_cases(tmp_path: Path) -> list[tuple[str, list[str], dict[str, str]]]:
    """One bad input per family of errors: (what, command line, files to write first under LIPCARE_HOME)."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    day = ["--date", "2026-11-01"]
    typo, wrong = tmp_path / "typo.toml", tmp_path / "wrong.toml"
    typo.write_text("format = 1\n[clinic]\nname = Nile\n", encoding="utf-8")  # text without quotes
    wrong.write_text("format = 1\n[redness]\nwindow_days = 'six'\n", encoding="utf-8")
    return [
        ("a date not on the calendar", ["timeline", "--date", "2026-13-45"], {}),
        ("a date that cannot be read", ["timeline", "--date", "soon"], {}),
        ("a date out of range", ["timeline", "--date", "1800-01-01"], {}),
        ("a time that cannot be read", ["timeline", *day, "--time", "25:00"], {}),
        ("a day after today", ["checkin", "--on", "2030-01-01", *day, "--answer", "redness=1"], {}),
        ("Click: not a number", ["checkin", "--redness", "x"], {}),
        ("Click: no such option", ["checkin", "--bogus"], {}),
        ("Click: no such command", ["nosuch"], {}),
        ("Click: an option without its value", ["timeline", "--date"], {}),
        ("Click: not one of the choices", ["settings", "set", "colour", "x"], {}),
        ("an empty output name", ["export", "ics", *day, "-o", ""], {}),
        ("no journal", ["history"], {}),
        ("no treatment remembered", ["photo", "list"], {}),
        ("a damaged journal", ["history"], {"journal.sqlite3": "not a database at all" * 100}),
        ("a folder given as a file", ["export", "ics", *day, "-o", str(tmp_path), "--force"], {}),
        ("a named pipe given as a file", ["export", "ics", *day, "-o", str(fifo)], {}),
        ("zip to standard output", ["data", "export", "--format", "zip"], {}),
        ("an unknown language setting", ["settings", "set", "language", "xx"], {}),
        ("an empty setting", ["settings", "set", "clinic-name", ""], {}),
        ("a date of birth that cannot be read", ["settings", "set", "patient-born", "1980"], {}),
        ("damaged settings", ["info"], {"settings.json": "{not json"}),
        ("a protocol file that is not there", ["info", "--protocol", str(tmp_path / "missing.toml")], {}),
        ("a protocol file with a TOML mistake", ["info", "--protocol", str(typo)], {}),
        ("a protocol file with a wrong value", ["info", "--protocol", str(wrong)], {}),
    ]


@pytest.mark.slow  # a sweep of every error path, twice: CI runs it
def test_every_error_said_in_english_is_said_in_arabic_with_the_same_exit_code(cli: Cli, tmp_path: Path) -> None:
    import os

    home = Path(os.environ["LIPCARE_HOME"])
    for what, args, files in _sweep_cases(tmp_path):
        for name, content in files.items():
            home.mkdir(mode=0o700, exist_ok=True)
            (home / name).write_text(content)
            (home / name).chmod(0o600)
        english = cli(*args)
        arabic = cli("--lang", "ar", *args)
        for name in files:
            (home / name).unlink()
        assert english.exit_code in (1, 2), (what, english.stderr)
        assert arabic.exit_code == english.exit_code, (what, arabic.stderr)
        said = english.stderr.strip().splitlines()
        assert len(said) == 1 and said[0].startswith("Error: "), (what, english.stderr)
        line = arabic.stderr.strip()
        assert "\n" not in line and line.startswith("خطأ: "), (what, arabic.stderr)
        assert english_left(line) is None, (what, line)
