"""What every help page adds to Click's: examples at the end, the environment variables on the root page, and
words a patient knows instead of Click's type jargon (`{KEY}`, `[x>=1]`).

Each command's context (`HelpContext`) formats its help page; the examples and the environment
(`lipcare.helppages`, imported only then) are added when a help page is asked for, in the language in force
(their descriptions are catalogue keys).
"""

import re
from collections.abc import Iterator
from typing import Any

import typer

from lipcare.text import _


def command_key(ctx: Any) -> str:
    """The command as typed after `lipcare` ("data erase"; "" for the root), whatever the program was called."""
    names: list[str] = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


RANGE = r"\s*\[(?:-?\d+(?:\.\d+)?<=?)?x(?:[<>]=?-?\d+(?:\.\d+)?)?\]"
"""Click's range notes (`[x>=1]`, `[0<=x<=3]`): each option's help says its range in words. A pattern compiled
when a help page first has a row that may hold one (by `re`), not on every command's start."""


class HelpFormatter(typer.Context.formatter_class):  # type: ignore[misc,valid-type]  # public: typer.Context
    """Click's help layout without its type jargon: `{KEY}` in the usage line is KEY, range notes go."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, re.sub(r"\{([^{}]+)\}", r"\1", args) if "{" in args else args, prefix)

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """Click's definition list, with a row whose text fits on its line written directly: Click wraps every
        row's text with a new `TextWrapper`, the most of what a help page costs (bench/startup.py), and a row
        that fits comes out of it unchanged. Every other row goes through Click's own `write_dl`, its first
        column padded to the width of the list's, so the columns line up as Click lays them out
        (tests/test_help_layout.py holds the two to the same text)."""
        rows = [(first, _without_range(second)) for first, second in rows]
        if not rows or not all(first.isprintable() for first, _second in rows):  # an escape: Click measures it
            super().write_dl(rows, col_max, col_spacing)
            return
        width = min(max(len(first) for first, _second in rows), col_max)
        first_col = width + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        indent = " " * self.current_indent
        for first, second in rows:
            if not second:
                self.write(f"{indent}{first}\n")
            elif len(first) <= width and _one_line(second, text_width):
                self.write(f"{indent}{first:<{first_col}}{second}\n")
            else:
                super().write_dl([(first.ljust(width), second)], col_max, col_spacing)


def _one_line(text: str, width: int) -> bool:
    """Whether Click's wrapping leaves `text` as it is, on one line: it fits, and holds nothing the wrapping
    changes (a tab, a line break, Click's no-rewrap mark, whitespace it strips from either end)."""
    return len(text) <= width and text.isprintable() and not text[0].isspace() and not text[-1].isspace()


def _without_range(text: str) -> str:
    """`text` without Click's range note; the pattern runs only on a text that may hold one ('x>', '<x', ...)."""
    if any(mark in text for mark in ("x<", "x>", "<x", "=x")):
        return re.sub(RANGE, "", text)
    return text


class HelpContext(typer.Context):
    """A command's context: its help page ends with examples (and, on the root page, the environment)."""

    formatter_class = HelpFormatter

    def get_help(self) -> str:
        from lipcare.helppages import ENVIRONMENT, EXAMPLES

        page = super().get_help()
        formatter = self.make_formatter()
        key = command_key(self)
        examples = EXAMPLES.get(key, ())
        if key == "":
            with formatter.section(_("Environment")):
                formatter.write_dl([(name, _(said)) for name, said in ENVIRONMENT])
        if examples:
            with formatter.section(_("Examples")):
                for command, said in examples:
                    formatter.write(f"{'':>{formatter.current_indent}}{command}\n")
                    with formatter.indentation(), formatter.indentation():
                        formatter.write_text(_(said))
        added = formatter.getvalue().rstrip("\n")
        return f"{page}\n\n{added}" if added else page


def teach(command: Any) -> None:
    """Give `command` and every command built under it the help pages above, with their first paragraph whole
    in their group's list (Click cuts it to fit one line, with "...")."""
    if not issubclass(command.context_class, HelpContext):
        command.context_class = HelpContext
    if command.short_help is None and command.help:
        command.short_help = command.help.split("\n\n")[0]
    commands = getattr(command, "commands", {})
    for each in list(getattr(commands, "built", commands).values()):
        teach(each)


# --- the command reference: docs/cli.md and the man page docs/lipcare.1 ------------------------------------
# Both are made from the same pages a user gets with `lipcare COMMAND --help` (English, 80 columns), so they
# cannot say something the program does not. tests/test_docs.py checks that the files in docs/ are these;
# LIPCARE_UPDATE_GOLDEN=1 writes them again.

WIDTH = 80


def help_pages() -> Iterator[tuple[tuple[str, ...], str]]:
    """Each command as typed after `lipcare` (the root first, then in the order the help lists them), with its
    help page."""
    from lipcare.cli import app

    root: Any = typer.main.get_command(app)

    def walk(command: Any, path: tuple[str, ...], parent: Any) -> Iterator[tuple[tuple[str, ...], str]]:
        name = path[-1] if path else "lipcare"
        context = command.make_context(
            name, [], parent=parent, resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH
        )
        yield path, context.get_help()
        for sub in command.list_commands(context) if hasattr(command, "list_commands") else []:
            yield from walk(command.get_command(context, sub), (*path, sub), context)

    yield from walk(root, (), None)


def markdown() -> str:
    """docs/cli.md."""
    parts = [
        "# lipcare command reference\n\n"
        "Every help page of lipcare, as `lipcare COMMAND --help` prints it (`-h` too). Made from the program by\n"
        "`LIPCARE_UPDATE_GOLDEN=1 pytest tests/test_docs.py`; do not edit it by hand. The same pages are the man\n"
        "page `docs/lipcare.1` (`man ./docs/lipcare.1`).\n"
    ]
    for path, page in help_pages():
        parts.append(f"\n## {' '.join(('lipcare', *path))}\n\n```text\n{page}\n```\n")
    return "".join(parts)


def _roff(text: str) -> str:
    """`text` as roff takes it literally: backslashes doubled, a leading dot or quote escaped."""
    lines = []
    for line in text.replace("\\", "\\e").splitlines():
        lines.append(f"\\&{line}" if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def man_page(version: str) -> str:
    """docs/lipcare.1: NAME, SYNOPSIS, DESCRIPTION from the root's page, then each command's page."""
    pages = list(help_pages())
    (_root, root_page), commands = pages[0], pages[1:]
    out = [
        f'.TH LIPCARE 1 "" "lipcare {version}" "User Commands"',
        ".SH NAME",
        "lipcare \\- aftercare reminders and a private symptom journal after CO2 laser lip peeling",
        ".SH SYNOPSIS",
        ".B lipcare",
        "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
        ".nf",
        _roff(root_page),
        ".fi",
        ".SH COMMANDS",
    ]
    for path, page in commands:
        out += [f'.SS "lipcare {" ".join(path)}"', ".nf", _roff(page), ".fi"]
    out += [".SH SEE ALSO", "The README of lipcare: installing, using and removing it.", ""]
    return "\n".join(out)
