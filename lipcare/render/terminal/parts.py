"""Pieces every screen is built from: headings, the notice, the clinic's lines, the warning signs, dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from lipcare.locale import current
from lipcare.protocol import Clinic, Protocol, Span
from lipcare.render.hanging import BULLET, Box, Hanging, PanelBody
from lipcare.render.terminal.rich_console import SET_PHONE, URGENCY_STYLES, Notes, ltr, said
from lipcare.text import _, num

if TYPE_CHECKING:
    pass  # info does not load the timeline code


def short(day: date, ref: date) -> str:
    """'Sun 1 Nov', with the year when it differs from `ref`'s."""
    return current().short(day, ref)


def bulleted(items: Iterable[RenderableType], indent: int = 0) -> RenderableType:
    """A list whose wrapped lines line up under each item's text, not under the bullet."""
    mark = bullet()
    return Hanging(((Text(mark), item) for item in items), indent=indent)


def bullet() -> str:
    """A list item's mark: '•', or '-' in plain output (a screen reader reads '-' as nothing, or as a dash)."""
    return "-" if current().plain else BULLET


def heading(title: str) -> Text:
    return Text(title, style="bold underline")


def notice(protocol: Protocol) -> Box:
    return Box(PanelBody(Text(protocol.notice)), title=Text(_("Please note")), border_style="dim")


def title_line(protocol: Protocol) -> Text:
    return Text(f"lipcare{':' if current().plain else ' ·'} {protocol.name} {protocol.version}", style="bold")


def clinic_lines(
    clinic: Clinic, notes: Notes, *, today: bool = False, hint: bool = True, compact: bool = False
) -> list[Text]:
    """Who to call; with `today`, also who to call when the clinic is closed; with `hint`, how to add its phone;
    `compact`: a phone without the clinic's name in one line ('Your clinic's phone: ...'), for a full screen."""
    lines: list[Text] = []
    if compact and clinic.phone and not clinic.name:
        phone: Text | None = said(_("Your clinic's phone: {phone}"), phone=ltr(clinic.phone))
    else:
        lines.append(Text(_("Your clinic: {clinic}").format(clinic=clinic.name or clinic.if_unknown)))
        phone = said(_("Phone: {phone}"), phone=ltr(clinic.phone)) if clinic.phone else None
    if phone is not None:
        lines.append(phone.append(f" ({clinic.hours})") if clinic.hours else phone)
    if clinic.out_of_hours_phone:
        lines.append(said(_("Out of hours: {phone}"), phone=ltr(clinic.out_of_hours_phone)))
    elif today:
        lines.append(notes.cite(clinic.if_closed, clinic.if_closed_source))
    if hint and not clinic.phone:
        command = SET_PHONE.replace("NUMBER", _("NUMBER"))  # the placeholder in the language in force
        lines.append(Text(_("To see your clinic's phone here: {command}").format(command=command)))
    return lines


def warning_signs(protocol: Protocol, notes: Notes, *, keys: bool = False) -> list[RenderableType]:
    """The signs grouped by what to do, one heading per group; with `keys`, the check-in key of each."""
    out: list[RenderableType] = []
    for urgency in ("immediate", "urgent", "contact"):
        signs = [sign for sign in protocol.warning_signs if sign.urgency == urgency]
        if not signs:
            continue
        action = protocol.urgency[urgency]
        head = Text.assemble((f"{action.title}:", URGENCY_STYLES[urgency]), f" {action.text}")
        out.append(notes.cite(head, action.source))
        items = []
        for sign in signs:
            item = Text.assemble((f"{sign.key}:", "bold"), " ") if keys else Text()
            cited = notes.cite(item.append(sign.label), sign.source)
            if keys and sign.aliases:
                cited.append(" " + _("(also: {words})").format(words=_(", ").join(sign.aliases)), style="dim")
            items.append(cited)
        out.append(bulleted(items, indent=2))
    return out


def span_days(span: Span) -> str:
    if span.first_day == span.last_day:
        return _("day {day}").format(day=num(span.first_day))
    return _("days {first}-{last}").format(first=num(span.first_day), last=num(span.last_day))


def url_line(url: str, indent: int) -> Text:
    """An address on a line of its own that is never broken, so it can be copied whole."""
    return Text(" " * indent + url, style="dim", no_wrap=True, overflow="ignore")
