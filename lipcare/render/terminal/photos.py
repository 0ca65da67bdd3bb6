"""`lipcare photo`: the photos kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from lipcare.render.terminal.rich_console import console
from lipcare.text import _, iso, num, plural

if TYPE_CHECKING:
    from pathlib import Path

    from lipcare.journal_rows import CheckinRow, PhotoRow


def photo_days(rows: Sequence[CheckinRow], photos: Sequence[PhotoRow]) -> str:
    """'Photos: 2026-11-02 (day 2): 1; ...', naming each day of these check-ins that has photos ('' for none)."""
    ids = {row.id for row in rows}
    days: dict[tuple[date, int], int] = {}
    for photo in photos:
        if photo.checkin_id in ids:
            days[(photo.on, photo.day)] = days.get((photo.on, photo.day), 0) + 1
    if not days:
        return ""
    listed = _("; ").join(
        _("{date} (day {day}): {count}").format(date=iso(on), day=num(day), count=num(count))
        for (on, day), count in sorted(days.items())
    )
    return _("Photos: {days}. 'lipcare report' puts them beside the check-ins.").format(days=listed)


def print_photos_kept(photos: Sequence[PhotoRow]) -> None:
    """After a check-in or `photo add`, one line: what was kept, and that nothing hidden was."""
    if not photos:
        return
    sizes = _(", ").join(num(f"{photo.width}x{photo.height}") for photo in photos)
    console().print(
        Text(
            _("Kept {count} ({sizes}), without location or camera details.").format(
                count=plural(len(photos), "photo"), sizes=sizes
            )
        )
    )


def print_photo_list(photos: Sequence[PhotoRow], folder: Path) -> None:
    """One line per kept photo: its day, pixels, size, id (the start of its SHA-256) and file."""
    out = console()
    if not photos:
        out.print(Text(_("No photos kept yet. Add one with: lipcare photo add FILE [--on DATE]")))
        return
    for photo in photos:
        size = f"{photo.bytes / 1024:.0f} KB"
        out.print(
            Text(
                f"{photo.on.isoformat()} (day {photo.day})  {photo.width}x{photo.height}  {size}  "
                f"id {photo.sha256[:12]}"
            ),
            overflow="ignore",
            crop=False,
        )
        out.print(Text(f"  {folder / (photo.sha256 + '.jpg')}"), overflow="ignore", crop=False)
    out.print(Text(_("Remove one kept by mistake with: lipcare photo remove ID")))
