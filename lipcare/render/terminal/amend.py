"""A corrected or removed check-in: what changed, and the day's lines and alerts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text

from lipcare.render.terminal.parts import bullet
from lipcare.render.terminal.rich_console import URGENCY_STYLES, console, spoken
from lipcare.text import _, num, plural

if TYPE_CHECKING:
    from lipcare.amend import Amended, LevelChange
    from lipcare.checkin import Recorded
    from lipcare.journal_rows import CheckinRow


def level_change_lines(changes: Sequence[LevelChange]) -> list[str]:
    """One line for each later check-in whose advice level changed with a correction or removal."""
    return [
        _("Check-in {id} ({date}, day {day}) now says {now}; it said {was} before.").format(
            id=num(change.checkin_id),
            date=change.on.isoformat(),
            day=num(change.day),
            now=_(change.now),
            was=_(change.was),
        )
        for change in changes
    ]


def print_removed(amended: Amended) -> None:
    """What `checkin --remove` did: the check-in removed, its photos, and the later check-ins whose level changed."""
    out = console()
    row = amended.checkin
    out.print(
        Text(
            _("Removed check-in {id} of {date} (day {day}, {level}). A record that it was removed is kept.").format(
                id=num(row.id), date=row.on.isoformat(), day=num(row.day), level=_(row.shown_level)
            ),
            style="bold",
        )
    )
    if amended.photos_removed:
        out.print(Text(_("Its photos were removed with it: {count}.").format(count=num(amended.photos_removed))))
    for line in level_change_lines(amended.changes):
        out.print(Text(line))


def day_lines(recorded: Recorded) -> list[str]:
    """What the check-in says of its day: that it is for an earlier day (its advice is that day's), and that the
    day already had a check-in (both are kept)."""
    lines = []
    if recorded.backdated and recorded.today is not None:
        ago = plural((recorded.today - recorded.on).days, "day")
        if recorded.advice.level == "expected":
            said = _("This check-in is for {date}, {ago} ago: what follows is about that day.")
        else:
            said = _(
                "This check-in is for {date}, {ago} ago: the advice below is what that day's answers called for. "
                "If it is still like this, act on it now."
            )
        lines.append(said.format(date=recorded.on.isoformat(), ago=ago))
    if recorded.same_day is not None:
        lines.append(
            _(
                "{date} already had a check-in (check-in {id}); both are kept. 'lipcare history' lists each, and "
                "'lipcare checkin --remove ID' removes one saved by mistake."
            ).format(date=recorded.on.isoformat(), id=num(recorded.same_day))
        )
    return lines


def alert_lines(row: CheckinRow) -> list[RenderableType]:
    """The latest check-in that said to contact the physician, summed up: its day, level and reasons."""
    from lipcare.render.words import level_meaning

    head = _(
        "Latest check-in that said to contact your physician: {date}, day {day}, {level} ({meaning}); check-in {id}."
    )
    level = row.shown_level
    lines: list[RenderableType] = [
        Text(
            head.format(
                date=row.on.isoformat(), day=num(row.day), level=_(level), meaning=level_meaning(level), id=num(row.id)
            ),
            style=URGENCY_STYLES.get(level, "bold"),
        )
    ]
    lines.extend(Padding(Text(f"{bullet()} {spoken(reason)}"), (0, 0, 0, 2)) for reason in row.reasons)
    return lines
