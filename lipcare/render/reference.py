"""The command reference: every help page of lipcare, as Markdown (docs/cli.md) and as a man page (lipcare.1).

Both are made from the same pages a user gets with `lipcare COMMAND --help` (English, 80 columns), so they
cannot say something the program does not. tests/test_docs.py checks that the files in docs/ are these;
LIPCARE_UPDATE_GOLDEN=1 writes them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

WIDTH = 80


def help_pages() -> Iterator[tuple[tuple[str, ...], str]]:
    """Each command as typed after `lipcare` (the root first, then in the order the help lists them), with its
    help page."""
    import typer

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
