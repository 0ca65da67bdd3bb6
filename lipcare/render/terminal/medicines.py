"""`lipcare medicine list` and the doses of a day: the medicines in force, and when each is taken."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from lipcare.render.hanging import Hanging
from lipcare.render.terminal.rich_console import console
from lipcare.text import _, iso, num

if TYPE_CHECKING:
    from lipcare.medicines import Dose
    from lipcare.protocol.types import Medication


def times_words(times: Sequence[time], suggested: bool) -> str:
    """'08:00, 20:00', and '(suggested times)' when they are only a suggestion."""
    listed = _(", ").join(num(at.strftime("%H:%M")) for at in times)
    return _("{times} (suggested times)").format(times=listed) if suggested else listed


def medicine_lines(item: Medication, treated: date) -> list[str]:
    """A medicine in a few lines: name and dose, what it is for, its days and times, and where it comes from."""
    first, last = treated + timedelta(days=item.first_day), treated + timedelta(days=item.last_day)
    lines = [f"{item.name}: {item.dose}" if item.dose else item.name]
    if item.purpose:
        lines.append("  " + _("For: {purpose}").format(purpose=item.purpose))
    lines.append(
        "  "
        + _("Days {first} to {last} ({start} to {end}), at {times}").format(
            first=num(item.first_day),
            last=num(item.last_day),
            start=iso(first),
            end=iso(last),
            times=times_words(item.times, item.times_suggested),
        )
    )
    return lines


def indented(line: str) -> RenderableType:
    """A line of `medicine_lines`: one that starts with two spaces wraps under its own text, not at the margin."""
    if not line.startswith("  "):
        return Text(line)
    return Hanging(((Text(" "), Text(line[2:])),))


def print_medicine_added(said: str, item: Medication, treated: date, also: str | None = None) -> None:
    """`medicine add`: what was added or changed, then the medicine as `medicine list` shows it, then `also`."""
    out = console()
    out.print(Text(said))
    for line in medicine_lines(item, treated):
        out.print(indented(line))
    if also:
        out.print(Text(also))


def print_medicine_list(
    medicines: Sequence[Medication], own: dict[str, int], adjusted: dict[str, int], treated: date
) -> None:
    """The medicines in force: the protocol's (as the patient changed them) and the patient's own, with the id
    `medicine remove` takes."""
    out = console()
    if not medicines:
        out.print(Text(_("No medicines. Add one with: lipcare medicine add NAME --times 08:00,20:00 --to DATE")))
        return
    for item in medicines:
        lines = medicine_lines(item, treated)
        if item.key in own:
            lines.append("  " + _("Your own medicine (id {id})").format(id=num(own[item.key])))
        elif item.key in adjusted:
            lines.append("  " + _("From the protocol, as you changed it (id {id})").format(id=num(adjusted[item.key])))
        else:
            lines.append("  " + _("From the protocol ({key})").format(key=item.key))
        for line in lines:
            out.print(indented(line))
    out.print(
        Text(
            _(
                "Change a protocol medicine or add your own with 'lipcare medicine add'; "
                "undo with 'lipcare medicine remove ID'."
            )
        )
    )


def dose_line(doses: Sequence[Dose]) -> str:
    """The doses of one day, by medicine: 'Antiviral medicine at 08:00, 20:00 (As your clinic prescribed)'."""
    by_key: dict[str, list[Dose]] = {}
    for dose in doses:
        by_key.setdefault(dose.key, []).append(dose)
    parts = []
    for same in by_key.values():
        first = same[0]
        times = times_words([dose.at.time() for dose in same], first.suggested)
        said = _("{name} at {times}").format(name=first.name, times=times)
        parts.append(f"{said} ({first.dose})" if first.dose else said)
    return _("; ").join(parts)
