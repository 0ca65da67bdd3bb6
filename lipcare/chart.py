"""A redness trend drawn with text characters, so it reads the same on a
terminal, in a pipe and on a printout, with or without colour."""

from __future__ import annotations

from collections.abc import Sequence

from lipcare.text import _, num, plural

BAR = "█"
ZERO = "▁"
WINDOW = "┆"


def redness_chart(
    points: Sequence[tuple[int, int | None]], window_days: int, top: int, width: int, *, bottom: int = 0
) -> list[str]:
    """Draw redness (bottom..top) against the day, one column per day or per group of days.

    `points` are (day, redness) in the order they were recorded. A day with
    more than one reading shows its highest, as the physician's report does, so
    a second check-in never hides the one that raised an alarm; the legend then
    says so. Redness that was not recorded (None) is a gap, never a 0. Where
    days are grouped to fit `width`, a column shows the highest reading of its
    days, so a bad day is never hidden. A dotted column marks the end of the window.
    """
    by_day: dict[int, int] = {}
    repeated = False
    for day, value in points:
        if day >= 0 and value is not None:
            repeated = repeated or day in by_day
            by_day[day] = max(value, by_day.get(day, value))
    if not by_day:
        return []
    # A score saved under a protocol whose scale was wider is drawn at its height, never clipped to today's.
    top, bottom = max(top, *by_day.values()), min(bottom, *by_day.values())
    last_day = max(max(by_day), window_days + 1)
    label_width = max(len(str(top)), len(str(bottom))) + 2
    room = max(width - label_width - 1, 8)
    per_column = -(-(last_day + 1) // room)  # ceiling division
    window_after = window_days // per_column  # the column holding the window's last day
    # Each reading goes to its column: the work is the number of readings, not of days (a tampered day of
    # 10^10 made this loop for minutes when it walked every day).
    columns: list[int | None] = [None] * (last_day // per_column + 1)
    for day, value in by_day.items():
        column = columns[day // per_column]
        columns[day // per_column] = value if column is None else max(column, value)

    def row(cells: list[str]) -> str:
        return "".join(cells[: window_after + 1]) + WINDOW + "".join(cells[window_after + 1 :])

    lines = []
    for level in range(top, bottom, -1):
        cells = [BAR if value is not None and value >= level else " " for value in columns]
        lines.append(f"{num(level):>{label_width - 2}} │{row(cells)}".rstrip())
    cells = [" " if value is None else ZERO if value <= bottom else BAR for value in columns]
    lines.append(f"{num(bottom):>{label_width - 2}} │{row(cells)}".rstrip())
    lines.append(" " * (label_width - 1) + "└" + "─" * (len(columns) + 1))
    axis = [" "] * (len(columns) + 1)
    marks = {0: num(0), window_after + 1: num(window_days)}
    end_label = num(last_day)
    marks.setdefault(len(axis) - len(end_label), end_label)
    for position, text in sorted(marks.items()):
        start = max(0, min(position - len(text) + 1, len(axis) - len(text))) if position else 0
        if all(cell == " " for cell in axis[max(start - 1, 0) : start + len(text) + 1]):
            axis[start : start + len(text)] = text
    lines.append(" " * label_width + "".join(axis).rstrip())
    highest = per_column > 1 or repeated
    unit = _("{days} (highest shown)").format(days=plural(per_column, "day")) if highest else _("day")
    lines.append(" " * label_width + _("one column = {unit}").format(unit=unit))
    lines.append(
        " " * label_width + _("{mark} end of the {days}-day redness window").format(mark=WINDOW, days=num(window_days))
    )
    lowest = _("no redness") if bottom == 0 else _("redness {score} (the lowest)").format(score=num(bottom))
    lines.append(" " * label_width + _("{mark} a check-in with {lowest}").format(mark=ZERO, lowest=lowest))
    lines.append(" " * label_width + _("blank: no redness recorded that day"))
    return lines


def redness_words(points: Sequence[tuple[int, int | None]], window_days: int) -> tuple[list[str], list[str]]:
    """The chart's readings as words, for plain output (a screen reader cannot read columns): one line a day
    with its highest redness, in day order, and the lines that explain them (where the window ends); empty when
    nothing was recorded."""
    by_day: dict[int, int] = {}
    repeated = False
    for day, value in points:
        if day >= 0 and value is not None:
            repeated = repeated or day in by_day
            by_day[day] = max(value, by_day.get(day, value))
    if not by_day:
        return [], []
    days = [_("day {day}: {score}").format(day=num(day), score=num(by_day[day])) for day in sorted(by_day)]
    explained = [_("The redness window ends on day {day}.").format(day=num(window_days))]
    if repeated:
        explained.append(_("A day with more than one check-in shows its highest redness."))
    return days, explained
