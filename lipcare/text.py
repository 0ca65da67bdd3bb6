"""Small helpers for the sentences lipcare builds around protocol text."""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` as typed when it prints cleanly, else quoted with its control characters escaped."""
    return text if text.isprintable() else repr(text)


def plural(count: int, word: str) -> str:
    """'1 day', '2 days'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
