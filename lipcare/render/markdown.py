"""Markdown for people who review the protocol: the rule table and the translation paths of docs/protocol.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lipcare.assess import RuleRow


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_table(rows: Sequence[RuleRow]) -> str:
    """The rules as a Markdown table: rule, what it reads, when, days, level, source."""

    def days(row: RuleRow) -> str:
        if row.last_day is not None:
            return f"{row.first_day}-{row.last_day}"
        return f"from {row.first_day}" if row.first_day else "any"

    lines = ["| rule | reads | when | days | level | source |", "|---|---|---|---|---|---|"]
    lines += [
        f"| `{row.rule}` | {_cell(row.reads)} | {_cell(row.when)} | {days(row)} | {row.level} | `{row.source}` |"
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def translation_paths_table(kinds: Sequence[tuple[str, str]]) -> str:
    """The translation paths as a Markdown table: each kind of path and where its text is in the protocol file."""
    lines = ["| translation path | in the protocol file |", "|---|---|"]
    lines += [f"| `{_cell(path)}` | `{_cell(location)}` |" for path, location in kinds]
    return "\n".join(lines) + "\n"
