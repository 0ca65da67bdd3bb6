"""The conventions of well-liked command-line tools (clig.dev, git, gh): -h, Ctrl-C, exit codes."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from conftest import as_a_process_meets_it

from lipcare.cli import COMMANDS, app


def every_command_path() -> list[tuple[str, ...]]:
    """Every command and group of lipcare as typed after `lipcare`, the root included."""
    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = [()]

    def walk(command: Any, path: tuple[str, ...]) -> None:
        for name in getattr(command, "commands", {}):
            sub = command.commands[name]
            paths.append((*path, name))
            walk(sub, (*path, name))

    walk(root, ())
    return paths


def test_every_command_is_walked() -> None:
    paths = every_command_path()
    assert {path[0] for path in paths if path} == set(COMMANDS)
    assert ("data", "erase") in paths and ("export", "ics") in paths and len(paths) > 25


@pytest.mark.parametrize("path", every_command_path(), ids=lambda path: " ".join(path) or "lipcare")
def test_dash_h_is_help_everywhere(cli: Any, path: tuple[str, ...]) -> None:
    short, long = cli(*path, "-h"), cli(*path, "--help")
    assert short.exit_code == 0, short.stderr
    assert short.stdout == long.stdout and short.stdout.startswith("Usage: lipcare")
    assert "-h, --help" in short.stdout


HELP_PAGES = every_command_path()


def help_page(cli: Any, path: tuple[str, ...]) -> str:
    result = cli(*path, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


@pytest.mark.parametrize("path", HELP_PAGES, ids=lambda path: " ".join(path) or "lipcare")
def test_every_help_page_ends_with_examples_that_lipcare_reads(cli: Any, path: tuple[str, ...]) -> None:
    import shlex

    page = help_page(cli, path)
    assert "\nExamples:\n" in page, "a new command: give it 1-3 examples in lipcare/helppages.py (EXAMPLES)"
    examples = page.split("\nExamples:\n")[1]
    commands = [line.strip() for line in examples.splitlines() if line.startswith("  lipcare")]
    assert 1 <= len(commands) <= 3, page
    for command in commands:
        words = shlex.split(command)[1:]
        words = words[: words.index(">")] if ">" in words else words  # where its output goes: the shell's
        assert words[: len(path)] == list(path), command
        # The example's options and values are ones the command takes (parsed as Click parses them, not run).
        root: Any = typer.main.get_command(as_a_process_meets_it())  # building only the commands looked up
        context = root.make_context("lipcare", list(words), resilient_parsing=False)
        sub: Any = root
        for index, word in enumerate(path):
            sub = sub.get_command(context, word)
            context = sub.make_context(word, list(words[index + 1 :]), parent=context)
        if not path:  # the root's examples name a command: that command takes the rest
            sub = root.get_command(context, words[0])
            sub.make_context(words[0], words[1:], parent=context)


@pytest.mark.parametrize("path", HELP_PAGES, ids=lambda path: " ".join(path) or "lipcare")
def test_help_pages_speak_without_type_jargon_or_cut_sentences(cli: Any, path: tuple[str, ...]) -> None:
    page = help_page(cli, path)
    for jargon in ("<int>", "<str>", "{", "[x>", "[x<", "<=x", "INTEGER", "TEXT RANGE"):
        assert jargon not in page, (jargon, page)
    if "\nCommands:\n" in page:
        listed = page.split("\nCommands:\n")[1].split("\n\n")[0]
        assert "..." not in listed, listed


def test_the_root_help_names_every_environment_variable_lipcare_reads(cli: Any) -> None:
    import re
    from pathlib import Path

    import lipcare

    source = "\n".join(path.read_text(encoding="utf-8") for path in Path(lipcare.__file__).parent.rglob("*.py"))
    read = set(re.findall(r"\b(LIPCARE_[A-Z_]+)\b", source)) - {"LIPCARE_UPDATE_GOLDEN"}
    read |= {"NO_COLOR", "PAGER", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"}
    environment = help_page(cli, ()).split("\nEnvironment:\n")[1].split("\n\n")[0]
    named = set(re.findall(r"\b([A-Z][A-Z_]+[A-Z])\b", environment))
    assert len(read) > 10 and read <= named, sorted(read - named)


def test_every_example_and_variable_is_said_in_arabic() -> None:
    from lipcare.helppages import ENVIRONMENT, EXAMPLES
    from lipcare.locale import load

    said = {text for examples in EXAMPLES.values() for _command, text in examples}
    said |= {text for _name, text in ENVIRONMENT} | {"Examples", "Environment"}
    catalogue = load("ar").messages
    assert sorted(text for text in said if text not in catalogue) == []


def test_a_mistyped_number_is_said_in_a_patients_words(cli: Any) -> None:
    result = cli("history", "--limit", "0")
    assert result.exit_code == 2 and "0 is less than 1" in result.stderr
    result = cli("checkin", "--pain", "much")
    assert result.exit_code == 2 and "'much' is not a whole number" in result.stderr and "int" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("timeline",),
        ("history",),
        ("history", "--json"),
        ("report", "-o", "-"),
        ("export", "ics", "-o", "-"),
        ("export", "sheet", "-o", "-"),
        ("export", "fhir", "-o", "-"),
        ("photo", "list"),
        ("checkin", "--redness", "1"),
        ("checkin", "--correct", "1", "--pain", "2"),
    ],
    ids=" ".join,
)
def test_no_treatment_date_is_the_same_usage_error_in_every_command(cli: Any, args: tuple[str, ...]) -> None:
    """It was 2 from timeline and 1 from history: the same missing --date is one exit code, 2, everywhere."""
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    assert "no treatment date given or remembered" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "--redness", "1"),
        ("checkin", "--date", "2026-11-01", "--redness", "9"),
        ("checkin", "--date", "2026-11-01", "--on", "2026-10-01", "--redness", "1"),
        ("checkin", "--date", "2026-11-01", "--redness", "1", "--symptom", "bogus"),
        ("checkin", "--date", "2026-11-01", "--correct", "3", "--pain", "1"),
        ("checkin", "--date", "2026-11-01", "--pain", "3", "--painkillers-not-taken", "--painkillers-help"),
        ("timeline", "--date", "2026-02-30"),
        ("timeline", "--date", "2026-11-01", "--on", "bogus"),
        ("export", "ics", "--date", "2026-11-01", "--time", "25:00", "-o", "-"),
        ("settings", "set", "language", "xx"),
        ("history", "--limit", "0"),
    ],
    ids=" ".join,
)
def test_a_command_refused_for_its_command_line_leaves_no_file(
    cli: Any, lipcare_home: Any, args: tuple[str, ...]
) -> None:
    """No empty journal, no settings file: only what a command that ran would have made (the cache)."""
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    made = sorted(str(path.relative_to(lipcare_home)) for path in lipcare_home.rglob("*") if path.is_file())
    assert [path for path in made if not path.startswith("cache")] == []
