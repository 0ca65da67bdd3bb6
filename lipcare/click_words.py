"""Click's and Typer's own words (help, command-line errors, yes/no questions) in the language in force.

Imported when that language is not English, and for any error in the command line: Click's messages are
said in a patient's words in English too ("not a whole number", never "not a valid int").

Typer 0.28 vendors Click without its gettext calls, and passes its own few words ("default: {default}",
"required", "Options"...) to the standard library's `gettext.gettext`, which only .mo files of the global
"messages" domain could translate (for every library in the process). No private name is patched; the words
are reached through Click's public hooks:
- the help texts lipcare gives its commands and options are English keys of the catalogue, swapped in the
  Click objects built for this run before help is formatted (`translate_help`);
- Click's headings, usage prefix and the "[default: ...; required]" after an option's help through a help
  formatter (`TranslatedFormatter`, the public `Context.formatter_class`);
- Click's error messages, which are English f-strings, read back by pattern (`click_message`): a message no
  pattern knows stays English.
What stays English: option names, metavars (FILE, DATE, [OPTIONS]) and values, as they are typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer

from lipcare.helptext import RANGE, HelpContext, HelpFormatter
from lipcare.locale import current
from lipcare.text import _


class TranslatedFormatter(HelpFormatter):
    """Click's help layout with its own words ("Usage:", the section headings, --help's help) translated."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{_('Usage:')} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl(
            [(first, _described(re.sub(RANGE, "", second))) for first, second in rows], col_max, col_spacing
        )


_EXTRAS = (
    (re.compile(r"default: (?P<default>.*)", re.DOTALL), "default: {default}"),
    (re.compile(r"env var: (?P<var>.*)", re.DOTALL), "env var: {var}"),
    (re.compile(r"required"), "required"),
)
"""What Typer adds in brackets after an option's help ("  [default: 3; required]"), as it words it."""


def _described(text: str) -> str:
    """An option's or command's help in the language in force, with the bracketed extras Typer adds to it."""
    help_text, spaces, extras = text.rpartition("  [")
    if not (spaces and extras.endswith("]")):
        return _(text)
    said = []
    for part in extras[:-1].split("; "):
        for pattern, key in _EXTRAS:
            found = pattern.fullmatch(part)
            if found:
                said.append(_(key).format(**found.groupdict()))
                break
        else:
            return _(text)  # not Typer's extras: a help text of its own that ends in brackets
    return f"{_(help_text)}  [{'; '.join(said)}]"


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


def read_yes_no(typed: str) -> bool | None:
    """True for yes, False for no (or nothing typed: the default), None for anything else."""
    word = " ".join(typed.split()).lower().strip(".!؟?")
    if not word:
        return False
    locale = current()
    if word in locale.yes:
        return True
    return False if word in locale.no else None


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
