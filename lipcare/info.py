"""What `lipcare info` can show, in the order it shows it, and the words people type for it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported for annotations only: `lipcare --help` does not load the protocol code
    from lipcare.protocol import Protocol, Span

TOPICS = ("what", "steps", "course", "side-effects", "aftercare", "warning-signs", "differences", "sources")


def course_by_week(protocol: Protocol) -> list[tuple[int, list[Span]]]:
    """The expected course grouped by the week each part of it begins in (day 0-6 is week 1)."""
    weeks: dict[int, list[Span]] = {}
    for span in sorted(protocol.course, key=lambda item: (item.first_day, item.last_day)):
        weeks.setdefault(span.first_day // 7 + 1, []).append(span)
    return sorted(weeks.items())


def aliases_path() -> Path:
    """data/topics.toml: inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent / "data" / "topics.toml"
    return packaged if packaged.is_file() else Path(__file__).resolve().parent.parent / "data" / "topics.toml"


def aliases() -> dict[str, tuple[str, ...]]:
    import tomllib

    table = tomllib.loads(aliases_path().read_text(encoding="utf-8"))["aliases"]
    return {word: (value,) if isinstance(value, str) else tuple(value) for word, value in table.items()}


def find_topics(typed: str) -> tuple[str, ...] | None:
    """The topics for what someone typed ('pain', 'Sun', 'warning signs'), or None when unknown."""
    word = "-".join(typed.strip().lower().split())
    if word in TOPICS:
        return (word,)
    found = aliases().get(word)
    if found is None and word.endswith("s"):
        found = aliases().get(word[:-1])
    return found
