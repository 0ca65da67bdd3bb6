"""What `lipcare info` can show, in the order it shows it."""

from __future__ import annotations

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
