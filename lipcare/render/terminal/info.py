"""`lipcare info`: the topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from lipcare.locale import current
from lipcare.protocol import Protocol
from lipcare.render.hanging import Hanging, Stack
from lipcare.render.terminal.parts import (
    bullet,
    bulleted,
    clinic_lines,
    heading,
    notice,
    span_days,
    url_line,
    warning_signs,
)
from lipcare.render.terminal.rich_console import Notes, fitted, output, spoken
from lipcare.text import _, num

if TYPE_CHECKING:
    pass  # info does not load the timeline code


def info_topic(protocol: Protocol, topic: str, notes: Notes) -> list[RenderableType]:
    if topic == "course":
        from lipcare.info import course_by_week  # here: the timeline and history pages do not need it

        out: list[RenderableType] = [heading(_("The expected course, week by week"))]
        for week, spans in course_by_week(protocol):
            out.append(Text(_("Week {week}").format(week=num(week)), style="bold"))
            items = [notes.cite(Text(f"{span.title} ({span_days(span)}): {span.text}"), span.source) for span in spans]
            out.append(bulleted(items, indent=2))
        redness = protocol.redness
        out.append(notes.cite(redness.text, redness.source))
        beyond = notes.cite(redness.beyond_text, redness.beyond_source)
        out.append(notes.cite(beyond.append(f" {redness.beyond_note}"), redness.beyond_note_source))
        return out
    if topic == "warning-signs":
        return [
            heading(_("Warning signs and when to contact your physician")),
            *warning_signs(protocol, notes, keys=True),
            Text(
                _(
                    "The word before each sign, or any word after 'also', is what to give to: "
                    "lipcare checkin --symptom WORD"
                ),
                style="dim",
            ),
            *clinic_lines(protocol.clinic, notes, today=True),
        ]
    if topic == "sources":
        return _sources_topic(protocol, notes)
    section = protocol.info_section(topic)
    items = [notes.cite(item.text, item.source) for item in section.items]
    if topic == "aftercare":
        rinse, avoid, screen = protocol.rinse, protocol.sun_avoid, protocol.sunscreen
        times = _(", ").join(num(at.strftime("%H:%M")) for at in rinse.times)
        schedule = _("{title}, days {first}-{last} at {times}: {text}").format(
            title=rinse.title, first=num(rinse.first_day), last=num(rinse.last_day), times=times, text=rinse.text
        )
        items.append(notes.cite(schedule, rinse.source))
        items += [notes.cite(f"{item.title} ({span_days(item)}): {item.text}", item.source) for item in protocol.care]
        items.append(notes.cite(f"{avoid.title} ({span_days(avoid)}): {avoid.text}", avoid.source))
        every_day = _("from day {day}, every day, for good").format(day=num(screen.first_day))
        items.append(notes.cite(f"{screen.title} ({every_day}): {screen.text}", screen.source))
    return [heading(section.title), bulleted(items)]


def _sources_topic(protocol: Protocol, notes: Notes) -> list[RenderableType]:
    """Every source with its number, title and address, and for each line it supports: which line (named as a
    reader names it), where on the page, and what the page says; "unconfirmed" where it could not be found."""
    from lipcare.protocol.sources import use_name

    out: list[RenderableType] = [heading(_("Sources"))]
    if current().translated:
        out.append(Text(_("The excerpts below quote or summarise English pages, so they are in English."), style="dim"))
    for source in protocol.sources.values():
        about = Text.assemble((f"{source.id}:", "bold"), f" {source.title} ({source.kind})")
        number = notes.number(source.id)
        out.append(Hanging([(Text(bullet() if current().plain else f"[{number}]", style="bold"), about)]))
        if source.url:
            out.append(url_line(source.url, 4))
        for support in source.supports:
            lines = _("; ").join(use_name(protocol, use) for use in support.uses)
            said = Text()
            if not support.confirmed:
                said.append(_("UNCONFIRMED: "), style="bold")
            said.append(_("Supports: {lines}.").format(lines=lines))
            said.append(" " + _("Where: {where}.").format(where=support.where.rstrip(".")))
            said.append(f' "{support.excerpt}"', style="italic")
            out.append(bulleted([said], indent=4))
    return out


def print_info(protocol: Protocol, topics: list[str], echoes: list[str], *, page: bool = False) -> None:
    with output(page) as out:
        protocol = fitted(out, protocol)
        notes = Notes(protocol)
        parts: list[RenderableType] = [
            Text(
                spoken(
                    _("CO2 laser lip peeling · {name} {version}").format(name=protocol.name, version=protocol.version)
                ),
                style="bold",
            ),
            *(Text(echo) for echo in echoes),
            notice(protocol),
            *(Text(note, style="italic") for note in current().notes),
        ]
        # The sources section numbers every source; the others cite those numbers.
        ordered = [topic for topic in topics if topic != "sources"]
        for topic in ordered:
            parts.append(Text())
            parts.extend(info_topic(protocol, topic, notes))
        if "sources" in topics:
            parts.append(Text())
            parts.extend(info_topic(protocol, "sources", notes))
        elif notes.ids:
            parts.append(Text())
            parts.append(notes.sources_line(out.width))
        out.print(Stack(*parts), crop=False)  # an address longer than the screen is printed whole
