"""Click's and Typer's own words (help, command-line errors, yes/no questions) in the language in force.

Imported when that language is not English, and for any error in the command line: Click's messages are
said in a patient's words in English too ("not a whole number", never "not a valid int").

Typer 0.28 vendors Click without its gettext calls, so its words are reached three ways:
- the help texts lipcare gives its commands and options are English keys of the catalogue, swapped in the
  Click objects built for this run before help is formatted (`translate_help`);
- Click's headings and usage prefix through a help formatter (`TranslatedFormatter`), and the few strings
  Typer itself passes to gettext ("default: {default}", "Options"...) through the catalogue;
- Click's error messages, which are English f-strings, read back by pattern (`click_message`): a message no
  pattern knows stays English.
What stays English: option names, metavars (FILE, DATE, [OPTIONS]) and values, as they are typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer
import typer.core

from lipcare.helptext import RANGE, HelpContext, HelpFormatter
from lipcare.text import _


class TranslatedFormatter(HelpFormatter):
    """Click's help layout with its own words ("Usage:", the section headings, --help's help) translated."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{_('Usage:')} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(first, _(re.sub(RANGE, "", second))) for first, second in rows], col_max, col_spacing)


class TranslatedContext(HelpContext):
    formatter_class = TranslatedFormatter


def _built(group: Any) -> Iterator[Any]:
    """The commands under `group` that are built: the root group builds its own only when one is used."""
    commands = getattr(group, "commands", {})
    for command in list(getattr(commands, "built", commands).values()):
        yield command
        yield from _built(command)


def translate_help(command: Any) -> None:
    """Put the help texts of `command` and of the commands built under it into the language in force.

    The Click objects are built anew for every run, so they are changed in place. The root group translates
    each command it builds later (lipcare.cli.build_command), and each it lists without building.
    """
    typer.core._ = _  # type: ignore[attr-defined]  # Typer's gettext strings: "default: {default}", "Options"...
    for each in [command, *_built(command)]:
        each.context_class = TranslatedContext
        for attribute in ("help", "short_help"):
            text = getattr(each, attribute, None)
            if isinstance(text, str):
                setattr(each, attribute, _(text))
        for param in each.params:
            if isinstance(getattr(param, "help", None), str):
                param.help = _(param.help)


# --- Click's error messages -----------------------------------------------------------------------------

QUOTED = r"'(?P<{}>[^']*)'"
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"No such option: (?P<option>\S+)", "No such option: {option}."),
    (
        r"No such option: (?P<option>\S+) \(Possible options: (?P<options>.+)\)",
        "No such option: {option}. Did you mean one of {options}?",
    ),
    (r"No such command " + QUOTED.format("command") + r"\.", "No such command '{command}'."),
    (
        r"No such command " + QUOTED.format("command") + r"\. Did you mean (?P<suggestions>.+)\?",
        "No such command '{command}'. Did you mean {suggestions}?",
    ),
    (r"Option " + QUOTED.format("option") + r" requires an argument\.", "Option '{option}' requires a value."),
    (
        r"Option " + QUOTED.format("option") + r" requires (?P<count>\d+) arguments\.",
        "Option '{option}' requires {count} values.",
    ),
    (r"Missing option " + QUOTED.format("option") + r"\.", "Missing option '{option}'."),
    (r"Missing argument " + QUOTED.format("argument") + r"\.", "Missing argument '{argument}'."),
    (r"Missing command\.", "Missing command."),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<arguments>.*)\)", "Unexpected extra arguments: {arguments}."),
    (r"Invalid value for (?P<param>'[^']*'(?: / '[^']*')*): (?P<problem>.*)", "Invalid value for {param}: {problem}"),
    (r"Invalid value: (?P<problem>.*)", "Invalid value: {problem}"),
)
"""Click's messages (as Typer 0.28 words them) and the English catalogue keys they are said with."""

PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"(?P<value>.*) is not a valid (?:int|integer)(?: range)?\.", "{value} is not a whole number."),
    (r"(?P<value>.*) is not a valid float(?: range)?\.", "{value} is not a number."),
    (r"(?P<value>.*) is not a valid boolean\.", "{value} is not yes or no."),
    (r"(?P<value>.*) is not one of (?P<choices>.*)\.", "{value} is not one of {choices}."),
    (r"(?P<value>.*) is not (?P<choice>'[^']*')\.", "{value} is not {choice}."),
    (r"(?P<value>.*) is not in the range x>=(?P<low>-?\d+)\.", "{value} is less than {low}."),
    (r"(?P<value>.*) is not in the range (?P<low>-?\d+)<=x<=(?P<high>-?\d+)\.", "{value} is not from {low} to {high}."),
    (r"(?P<value>.*) is not in the range (?P<range>.*)\.", "{value} is not in the range {range}."),
)
"""What Click says is wrong with a value (after "Invalid value for '--x': ")."""


def click_message(message: str) -> str:
    """Click's one-line error `message` in the language in force; English when no pattern knows it."""
    for pattern, key in PATTERNS:
        found = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if found:
            fields = found.groupdict()
            if "problem" in fields:
                fields["problem"] = _problem(fields["problem"])
            return _(key).format(**fields)
    return message


def _problem(problem: str) -> str:
    for pattern, key in PROBLEMS:
        found = re.fullmatch(pattern, problem.strip(), flags=re.DOTALL)
        if found:
            return _(key).format(**found.groupdict())
    return problem


# --- yes or no ------------------------------------------------------------------------------------------

YES = frozenset({"y", "yes", "ن", "نعم"})
NO = frozenset({"n", "no", "ل", "لا"})


def read_yes_no(typed: str) -> bool | None:
    """True for yes, False for no (or nothing typed: the default), None for anything else."""
    word = " ".join(typed.split()).lower().strip(".!؟?")
    if not word:
        return False
    if word in YES:
        return True
    return False if word in NO else None


def confirm(question: str) -> bool:
    """`question` answered yes or no in the language in force, with no as the default (Ctrl-C or the end of
    input stop the command, as with Click)."""
    import sys

    while True:
        sys.stdout.write(f"{question} {_('[y/N]')}: ")
        sys.stdout.flush()
        try:
            typed = input()
        except (KeyboardInterrupt, EOFError):
            sys.stdout.write("\n")
            raise typer.Abort() from None
        answer = read_yes_no(typed)
        if answer is not None:
            return answer
        sys.stdout.write(_("Please answer yes or no (y or n).") + "\n")
