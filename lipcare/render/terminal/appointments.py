"""`lipcare appointment`: the appointments kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from lipcare.render.terminal.rich_console import console
from lipcare.text import _, inert, num

if TYPE_CHECKING:
    from datetime import date

    from lipcare.journal_rows import AppointmentRow


def appointment_words(row: AppointmentRow, ref: date | None = None, *, with_date: bool = True) -> str:
    """'Thu 10 Dec 2026 (2026-12-10) at 10:30, Clinic: check the healing', the patient's text made inert; with
    `ref`, the date as 'Thu 10 Dec' (its year when it differs from ref's); without `with_date`, from the time on."""
    from lipcare.dates import describe
    from lipcare.render.terminal.parts import short

    said = (describe(row.on) if ref is None else short(row.on, ref)) if with_date else ""
    if row.at is not None:
        at = num(f"{row.at:%H:%M}")
        said = _("{date} at {time}").format(date=said, time=at) if said else _("at {time}").format(time=at)
    if row.place:
        place = inert(row.place, marks=True)
        said = _("{appointment}, {place}").format(appointment=said, place=place) if said else place
    if row.note:
        note = inert(row.note, marks=True)
        said = _("{appointment}: {note}").format(appointment=said, note=note) if said else note
    return said


def appointment_lines(
    rows: Sequence[AppointmentRow], on: date, next_one: AppointmentRow | None, said: str
) -> list[Text]:
    """The timeline's lines for the asked-about day: its appointments (`said`: 'Today' or 'On that day'), then the
    next one after it."""
    lines = []
    for row in rows:
        words = appointment_words(row, with_date=False)
        line = _("{said}: follow-up appointment {appointment}.") if words else _("{said}: follow-up appointment.")
        lines.append(Text(line.format(said=said, appointment=words), style="bold"))
    if next_one is not None:
        lines.append(Text(_("Next appointment: {appointment}.").format(appointment=appointment_words(next_one, on))))
    return lines


def appointment_section(rows: Sequence[AppointmentRow], on: date) -> list[Text]:
    """Every appointment under the timeline, those before `on` marked as past and `on`'s as that day's."""
    lines = []
    for row in rows:
        words = appointment_words(row, on)
        if row.on < on:
            words = _("{line} (past)").format(line=words)
        lines.append(Text(words, style="dim" if row.on < on else "bold" if row.on == on else ""))
    return lines


def print_appointment_list(rows: Sequence[AppointmentRow], today: date) -> None:
    """One line per appointment with its id, those before today marked as past."""
    out = console()
    if not rows:
        out.print(Text(_("No appointments kept yet. Add one with: lipcare appointment add DATE [TIME]")))
        return
    for row in rows:
        line = _("{id}. {appointment}").format(id=num(row.id), appointment=appointment_words(row))
        if row.on < today:
            line = _("{line} (past)").format(line=line)
        out.print(Text(line))
    out.print(Text(_("Remove one with: lipcare appointment remove ID")))


def print_appointment_kept(row: AppointmentRow) -> None:
    console().print(
        Text(_("Kept appointment {id}: {appointment}.").format(id=num(row.id), appointment=appointment_words(row)))
    )


def print_appointment_removed(row: AppointmentRow) -> None:
    console().print(
        Text(_("Removed appointment {id}: {appointment}.").format(id=num(row.id), appointment=appointment_words(row)))
    )
