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


def appointment_words(row: AppointmentRow) -> str:
    """'Thu 10 Dec 2026 (2026-12-10) at 10:30, Clinic: check the healing', the patient's text made inert."""
    from lipcare.dates import describe

    said = describe(row.on)
    if row.at is not None:
        said = _("{date} at {time}").format(date=said, time=num(f"{row.at:%H:%M}"))
    if row.place:
        said = _("{appointment}, {place}").format(appointment=said, place=inert(row.place, marks=True))
    if row.note:
        said = _("{appointment}: {note}").format(appointment=said, note=inert(row.note, marks=True))
    return said


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
