"""Every command and option of `lipcare`, read from the Click objects Typer builds: the lists the tests work
through (the fuzzer, the golden outputs, the damaged journals) come from here, so a new command or option is
covered without an edit.

The root group builds its commands lazily (lipcare.cli.LazyCommands): `list_commands` gives every name and
`get_command` builds one, as `lipcare NAME` does; a walk builds them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

import typer

from lipcare.cli import app


class Option(NamedTuple):
    names: tuple[str, ...]
    """Every spelling: `--date`, `-d`, and for a two-way flag its other side (`--no-crusting`)."""
    flag: bool
    """Takes no value."""
    hidden: bool


class Command(NamedTuple):
    path: tuple[str, ...]
    """As typed after `lipcare`: ("data", "export")."""
    options: tuple[Option, ...]
    arguments: int
    """How many arguments it takes at most (an open-ended one counts as 2)."""
    help: str


def root() -> Any:
    """The `lipcare` group, as `lipcare` builds it."""
    return typer.main.get_command(app)


def _options(command: Any) -> tuple[Option, ...]:
    return tuple(
        Option(tuple(param.opts) + tuple(param.secondary_opts), bool(param.is_flag), bool(param.hidden))
        for param in command.params
        if param.param_type_name == "option"
    )


def _arguments(command: Any) -> int:
    return sum(2 if param.nargs < 0 else param.nargs for param in command.params if param.param_type_name == "argument")


def _walk(group: Any, context: Any, path: tuple[str, ...]) -> Iterator[Command]:
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        if hasattr(command, "list_commands"):
            yield from _walk(command, context, (*path, name))
        else:
            yield Command((*path, name), _options(command), _arguments(command), command.help or "")


def commands() -> list[Command]:
    """Every command a user can run (the leaves of the tree: `data export`, not `data`), in the help's order."""
    return list(_walked())


@cache
def _walked() -> tuple[Command, ...]:
    """The walk, once per test process: it builds every command (some 10 ms), and a golden test asks for the
    list once per case (1.2 s in all). Commands are immutable, and the tree does not change while tests run."""
    group = root()
    return tuple(_walk(group, typer.Context(group), ()))


def groups() -> list[tuple[str, ...]]:
    """Every group of commands (`data`, `export`, ...): typed alone, each shows its help."""
    return sorted({command.path[:-1] for command in commands() if len(command.path) > 1})


def root_options() -> tuple[Option, ...]:
    """The options given before a command (`lipcare --lang ar history`)."""
    return _options(root())
