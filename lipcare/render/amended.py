"""What changed in a check-in after it was saved, in words: shared by history and the report (no Rich here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lipcare.text import _, num

if TYPE_CHECKING:
    from lipcare.records import CheckinRow


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
