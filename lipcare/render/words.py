"""Words shared by the terminal and the report (no Rich here): what the advice levels mean, and what changed in a
check-in after it was saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lipcare.text import _, num

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lipcare.journal_rows import Amendment, CheckinRow
    from lipcare.medicines import Missed


def amendment_lines(row: CheckinRow) -> list[str]:
    """What changed in a check-in after it was saved: 'corrected on D', and each change of its advice level."""
    lines = []
    if row.corrected_on is not None:
        lines.append(_("corrected on {date}").format(date=row.corrected_on.isoformat()))
    for change in row.level_changes:
        if change.kind == "corrected":
            said = _("it said {level} before it was corrected")
        else:
            said = _("it said {level} until check-in {id} was corrected or removed on {date}")
        lines.append(
            said.format(
                level=_(change.shown_level_was), id=num(change.caused_by or 0), date=change.amended_on.isoformat()
            )
        )
    return lines


def level_meaning(level: str) -> str:
    """The level words, explained: the same words history, the report and the exports use."""
    meanings = {
        "immediate": _("seek care now"),
        "urgent": _("contact your physician today"),
        "contact": _("contact your physician"),
        "expected": _("nothing recorded was a reason to call"),
    }
    return meanings.get(level, level)


def levels_explained() -> str:
    """One line naming every level with what it means."""
    return _("Levels: {levels}.").format(
        levels=_("; ").join(
            f"{_(level)} = {level_meaning(level)}" for level in ("immediate", "urgent", "contact", "expected")
        )
    )


def removed_lines(removed: Sequence[Amendment]) -> list[str]:
    """One line for each check-in the patient removed."""
    return [
        _("Check-in {id} of {date} (day {day}, {level}) was removed on {on}.").format(
            id=num(item.checkin_id),
            date=str(item.original.get("on", "")) if item.original else "",
            day=num(item.original.get("day", "")) if item.original else "",
            level=_(item.shown_level_was),
            on=item.amended_on.isoformat(),
        )
        for item in removed
    ]


def missed_line(item: Missed) -> str:
    """'Antiviral medicine, 2026-11-03: doses missed. If you missed a dose, ask ...': the protocol's advice, or to
    ask the clinic or pharmacist (lipcare invents no dosing rule)."""
    from lipcare.text import iso

    what = _("doses missed") if item.status == "missed" else _("some doses missed")
    advice = item.advice or _("Ask your clinic or pharmacist what to do about a missed dose.")
    return _("{name}, {date}: {what}. {advice}").format(name=item.name, date=iso(item.on), what=what, advice=advice)
