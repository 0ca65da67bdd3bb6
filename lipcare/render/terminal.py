"""Rich output for people at a terminal or reading a printout.

Imported only by the commands that print with Rich, so that its start-up cost
is paid where it is used. Text from protocol files is passed as `Text`, never
as markup, so a clinic's wording is printed exactly as written. Meaning is
always carried by words ("past", "today", "Contact your physician today"),
colour only adds emphasis. Sources are footnote numbers, named once at the end.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, time
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

from rich.console import Console, ConsoleOptions, ConsoleRenderable, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.protocol import rich_cast
from rich.segment import Segment
from rich.text import Text

from lipcare.dates import describe
from lipcare.fasttuple import Record
from lipcare.locale import current
from lipcare.protocol import Clinic, Protocol, Span
from lipcare.render.hanging import Hanging, PanelBody, PlainTable, Stack
from lipcare.text import _, digits_in, encodable, inert, num, plural

if TYPE_CHECKING:
    from pathlib import Path

    from rich.table import Table  # imported where a table is drawn: it costs start-up time

    from lipcare.amend import Amended, LevelChange
    from lipcare.assess import Reason, RuleRow
    from lipcare.checkin import Recorded
    from lipcare.journal_rows import Amendment, CheckinRow, PhotoRow, Treatment
    from lipcare.timeline import Period, Timeline  # info does not load the timeline code

URGENCY_STYLES = {"immediate": "bold red", "urgent": "bold red", "contact": "bold yellow"}
SET_PHONE = 'lipcare settings set clinic-phone "NUMBER"'
WARNING_SIGNS_COMMAND = "lipcare info warning-signs"

_CODE_CHARACTERS = frozenset("0123456789;")


def trimmed(text: str) -> str:
    """`text` without the spaces Rich leaves at the ends of wrapped and padded lines: the spaces and tabs
    before the line break, or before the style codes that end a line (`[ \\t]+` before `(\\x1b\\[[0-9;]*m)*\\n`).

    Done line by line rather than with that pattern, which tries every run of spaces in the output (a
    panel's padding before its border) at every length.
    """
    if " \n" not in text and "\t\n" not in text and "m\n" not in text:
        return text
    lines = text.split("\n")
    for index in range(len(lines) - 1):  # the last piece has no line break after it
        line = lines[index]
        if line.endswith((" ", "\t")):
            lines[index] = line.rstrip(" \t")
        elif line.endswith("m"):
            codes = len(line)  # where the style codes that end the line start
            while line.endswith("m", 0, codes):
                start = line.rfind("\x1b[", 0, codes)
                if start < 0 or not _CODE_CHARACTERS.issuperset(line[start + 2 : codes - 1]):
                    break
                codes = start
            if codes < len(line):
                lines[index] = line[:codes].rstrip(" \t") + line[codes:]
    return "\n".join(lines)


class _Trimmed:
    """A text stream that drops spaces at the ends of lines, so piped output has none."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(trimmed(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class InertConsole(Console):
    """A console that shows control characters (C0, DEL, C1) and bidi controls escaped.

    Notes, settings and protocol texts come from outside; whatever renderable
    carries them (Text, Table, Panel, a prompt), every piece of text passes
    through `render` here, so no call site can forget. Rich's own escape codes
    for styles are added after this, and line breaks are kept for the layout.
    """

    def on_broken_pipe(self) -> None:
        """The reader went away: handled by lipcare.cli as for every command (Rich would exit 1 itself, where a
        command printing without Rich exits 0)."""
        self.quiet = True
        raise BrokenPipeError

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        # Console.render's own loop, so that a segment is escaped where it is made: what a nested renderable
        # yields comes from this method already escaped, and is passed up without another look.
        render_options = options or self.options
        renderable = rich_cast(renderable)
        if render_options.max_width < 1 or not hasattr(renderable, "__rich_console__") or isinstance(renderable, type):
            yield from _escaped(super().render(renderable, options))  # Rich's checks and errors
            return
        child_options = render_options.reset_height()
        for output in cast(ConsoleRenderable, renderable).__rich_console__(self, render_options):
            if isinstance(output, Segment):
                text = output.text
                # The common case kept cheap: printable text (or a bare line break) has nothing to escape.
                if output.control or text.isprintable() or text == "\n":
                    yield output
                else:
                    yield Segment(inert(text, keep_lines=True), output.style, output.control)
            else:
                yield from self.render(output, child_options)


def _escaped(segments: Iterable[Segment]) -> Iterator[Segment]:
    for segment in segments:
        if segment.control or segment.text.isprintable():
            yield segment
        else:
            yield Segment(inert(segment.text, keep_lines=True), segment.style, segment.control)


def console(*, stderr: bool = False) -> Console:
    # Rich leaves out styling when stdout is not a terminal. Its own NO_COLOR
    # support drops colours but keeps bold and dim, so with NO_COLOR set we
    # turn every escape code off. Highlighting would recolour numbers: off.
    plain = bool(os.environ.get("NO_COLOR"))
    if current().visual and not stderr:
        from lipcare.render.rtl import visual_console

        return visual_console()
    stream: Any = _Trimmed(sys.stderr if stderr else sys.stdout)
    # No markup or emoji codes in plain strings either: a clinic's "[...]" or ":...:" prints as written,
    # and Rich's emoji table (a large module) is never loaded.
    return InertConsole(highlight=False, markup=False, emoji=False, color_system=None if plain else "auto", file=stream)


def start(page: bool = False) -> Console:
    """A console for one command's output; with `page` on a terminal, it is kept for the pager."""
    out = console()
    command = None
    if page and sys.stdout.isatty() and not current().visual:
        from lipcare.render import pager  # only a terminal pages

        command = pager.command()
    if command is not None:
        out.begin_capture()
        out._lipcare_pager = command  # type: ignore[attr-defined]
    return out


def finish(out: Console) -> None:
    """Send what `start` kept to the pager, which prints short output directly."""
    command = getattr(out, "_lipcare_pager", None)
    if command is not None:
        from lipcare.render import pager

        pager.show(trimmed(out.end_capture()), command)


@contextmanager
def output(page: bool = False) -> Iterator[Console]:
    out = start(page)
    yield out
    finish(out)


T = TypeVar("T")


def fitted(out: Console, value: T) -> T:
    """`value` (a protocol, a timeline, a check-in) with every text spelled in what `out` can print.

    Done before Rich lays the text out, so a '°' spelled 'deg' on an ASCII
    terminal still fits its box; what is missed is spelled when written.
    """
    encoding = out.encoding
    if encoding.replace("-", "").startswith("utf"):
        return value
    return _fitted(value, encoding)  # type: ignore[no-any-return]


def _fitted(value: Any, encoding: str) -> Any:
    if isinstance(value, str):
        return encodable(value, encoding)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(_fitted(item, encoding) for item in value))
    if isinstance(value, tuple | list):
        return type(value)(_fitted(item, encoding) for item in value)
    if isinstance(value, dict):
        return {key: _fitted(item, encoding) for key, item in value.items()}
    return value


class Notes:
    """Sources as footnote numbers: ' [2]' after a line, and one line naming them at the end.

    A source's number is its place in the protocol's [[sources]] (the first is [1]), the same in every
    output and in `lipcare info sources`, so [5] always means the same page."""

    def __init__(self, protocol: Protocol | None = None) -> None:
        self.ids: list[str] = []
        listed = protocol.sources if protocol is not None else {}
        self.places: dict[str, int] = {source: index for index, source in enumerate(listed)}

    def number(self, source: str) -> int:
        if source not in self.places:  # not in the protocol's sources: numbered after them
            self.places[source] = len(self.places)
        if source not in self.ids:
            self.ids.append(source)
            self.ids.sort(key=self.places.__getitem__)
        return self.places[source] + 1

    def mark(self, source: str) -> Text:
        return Text(f" [{self.number(source)}]", style="dim")

    def cite(self, text: str | Text, source: str) -> Text:
        out = Text(text) if isinstance(text, str) else text
        out.append_text(self.mark(source))
        return out

    def sources_line(self, width: int = 80, *, compact: bool = False) -> Text:
        """'Sources: [1] leaflet, [2] mayo-risks (lipcare info sources)', never breaking a number from its name.

        `compact` leaves out the pointer to `lipcare info sources` when it would take a line of its own.
        """
        entries = [f"[{self.places[source] + 1}] {source}," for source in self.ids]
        if entries:
            entries[-1] = entries[-1].rstrip(",")
        pointer = _("(lipcare info sources)")
        lead = _("Sources:")
        lines = [lead]
        for entry in entries:
            if len(lines[-1]) + 1 + len(entry) > width and lines[-1].strip():
                lines.append(" " * len(lead))
            lines[-1] += " " + entry
        if len(lines[-1]) + 1 + len(pointer) <= width:
            lines[-1] += " " + pointer
        elif not compact:
            lines.append(" " * len(lead) + " " + pointer)
        return Text("\n".join(lines), style="dim", no_wrap=True, overflow="ignore")


def short(day: date, ref: date) -> str:
    """'Sun 1 Nov', with the year when it differs from `ref`'s."""
    return current().short(day, ref)


def bulleted(items: Iterable[RenderableType], indent: int = 0) -> RenderableType:
    """A list whose wrapped lines line up under each item's text, not under the bullet."""
    return Hanging(((Text("•"), item) for item in items), indent=indent)


def heading(title: str) -> Text:
    return Text(title, style="bold underline")


def notice(protocol: Protocol) -> Panel:
    return Panel(Text(protocol.notice), title=Text(_("Please note")), title_align="left", border_style="dim")


def title_line(protocol: Protocol) -> Text:
    return Text(f"lipcare · {protocol.name} {protocol.version}", style="bold")


def clinic_lines(clinic: Clinic, notes: Notes, *, today: bool = False, hint: bool = True) -> list[Text]:
    """Who to call; with `today`, also who to call when the clinic is closed; with `hint`, how to add its phone."""
    lines = [Text(_("Your clinic: {clinic}").format(clinic=clinic.name or clinic.if_unknown))]
    if clinic.phone:
        lines.append(
            Text(_("Phone: {phone}").format(phone=clinic.phone) + (f" ({clinic.hours})" if clinic.hours else ""))
        )
    if clinic.out_of_hours_phone:
        lines.append(Text(_("Out of hours: {phone}").format(phone=clinic.out_of_hours_phone)))
    elif today:
        lines.append(notes.cite(clinic.if_closed, clinic.if_closed_source))
    if hint and not clinic.phone:
        lines.append(Text(_("To see your clinic's phone here: {command}").format(command=SET_PHONE)))
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
        out.append(Hanging([(Text(f"[{notes.number(source.id)}]", style="bold"), about)]))
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
                _("CO2 laser lip peeling · {name} {version}").format(name=protocol.name, version=protocol.version),
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


class Page:
    """What a command prints, one thing under another, to be printed at once: as printing each in turn
    would print it, without Rich's work for every print (a `Text` printed alone loses its own wrapping
    settings, as `Console.print` joins it; an empty print is an empty line)."""

    def __init__(self) -> None:
        self.parts: list[RenderableType] = []

    def add(self, renderable: RenderableType | None = None) -> None:
        if renderable is None:
            self.parts.append(Text())
        elif isinstance(renderable, Text):
            self.parts.append(Text(" ", end="\n").join([renderable]))
        else:
            self.parts.append(renderable)


def when_words(tl: Timeline) -> str:
    """'Today' for today's plan, 'On that day' for any other day."""
    return _("Today") if tl.is_today else _("On that day")


def _status_lines(tl: Timeline, now: time | None, notes: Notes) -> list[RenderableType]:
    protocol = tl.protocol
    lines: list[RenderableType] = []
    rinse = protocol.rinse
    if tl.day < 0:
        return _before_lines(tl, notes)
    todays = tl.todays_reminders
    said = when_words(tl)
    if todays:
        times = _(", ").join(num(item.time.strftime("%H:%M")) for item in todays)
        lines.append(
            notes.cite(
                _("{said}: {title} at {times}. {text}").format(
                    said=said, title=rinse.title.lower(), times=times, text=rinse.text
                ),
                rinse.source,
            )
        )
    else:
        lines.append(
            Text(
                _("{said}: no rinses are scheduled (rinsing runs days {first}-{last}).").format(
                    said=said, first=num(rinse.first_day), last=num(rinse.last_day)
                )
            )
        )
    if not tl.in_past:
        upcoming = tl.next_reminder(now)
        if upcoming:
            lines.append(
                Text(
                    _("Next rinse: {date} at {time} (day {day})").format(
                        date=short(upcoming.date, tl.on), time=num(f"{upcoming.time:%H:%M}"), day=num(upcoming.day)
                    )
                )
            )
        elif tl.reminders and tl.reminders[-1].date < tl.on:
            lines.append(Text(_("Next rinse: none, the rinsing schedule has ended.")))
    lines += [notes.cite(Text(f"{item.title}: {item.text}"), item.source) for item in tl.care]
    if tl.course_now:
        usual = _("; ").join(span.title.lower() for span in tl.course_now)
        lines.append(Text(_("Usual at this stage: {usual} (lipcare info course).").format(usual=usual)))
    lines.append(_sun_line(tl, notes))
    red = tl.redness
    if red.status == "beyond":
        ended = (
            _("Redness window: {days} days, ended {date}, {count} ago. {text}")
            if tl.is_today
            else _("Redness window: {days} days, ended {date}, {count} before that day. {text}")
        )
        text = ended.format(
            days=num(red.days),
            date=describe(red.ends),
            count=plural(red.days_beyond, "day"),
            text=protocol.redness.beyond_text,
        )
        lines.append(notes.cite(text, protocol.redness.beyond_source))
        lines.append(notes.cite(protocol.redness.beyond_note, protocol.redness.beyond_note_source))
    else:
        text = _("Redness window: {days} days, last day {date}, {count} left. {text}").format(
            days=num(red.days), date=describe(red.ends), count=plural(red.days_left, "day"), text=protocol.redness.text
        )
        lines.append(notes.cite(text, protocol.redness.source))
    return [bulleted(lines)]


def _sun_line(tl: Timeline, notes: Notes) -> Text:
    """Where the day stands for the sun. Strict avoidance ends, but sun protection never does: the line never
    says the sun period "ended" in a way that reads as permission."""
    avoid, screen = tl.sun_avoid, tl.sunscreen
    if avoid.when(tl.on) != "past":
        left = (avoid.last - tl.on).days
        until = (
            _("Sun: avoid direct sun until {date}, {count} from today. {text}")
            if tl.is_today
            else _("Sun: avoid direct sun until {date}, {count} from that day. {text}")
        )
        out = notes.cite(
            until.format(date=describe(avoid.last), count=plural(left, "day"), text=avoid.span.text), avoid.span.source
        )
        if screen.when(tl.on) == "now":
            out.append(" ")
            out.append_text(notes.cite(f"{screen.span.title}: {screen.span.text}", screen.span.source))
        return out
    if screen.when(tl.on) != "past":
        return notes.cite(_("Sun: {text}").format(text=screen.span.text), screen.span.source)
    return notes.cite(_("Sun: keep protecting your lips from the sun for good."), screen.span.source)


def _before_lines(tl: Timeline, notes: Notes) -> list[RenderableType]:
    days = -tl.day
    counted = _("from today") if tl.is_today else _("from that day")
    lines: list[RenderableType] = [
        Text(
            _("Your treatment is in {count}, on {date}.").format(
                count=plural(days, "day"), date=describe(tl.treatment_date)
            ),
            style="bold",
        ),
    ]
    if tl.prepare:
        lines.append(Text(_("Before it:"), style="bold"))
        lines.append(bulleted(notes.cite(item.text, item.source) for item in tl.prepare))
    rinse = tl.protocol.rinse
    first_rinse = tl.reminders[0] if tl.reminders else None
    after: list[Text] = []
    if first_rinse:
        away = plural((first_rinse.date - tl.on).days, "day")
        start_text = _("{title}s start {date} (day {day}), {count} {counted}.").format(
            title=rinse.title,
            date=short(first_rinse.date, tl.on),
            day=num(first_rinse.day),
            count=away,
            counted=counted,
        )
        after.append(notes.cite(start_text, rinse.source))
    after.append(_sun_line(tl, notes))
    red = tl.redness
    after.append(
        notes.cite(
            _("Redness window: {days} days from the treatment, last day {date}, {count} {counted}. {text}").format(
                days=num(red.days),
                date=describe(red.ends),
                count=plural((red.ends - tl.on).days, "day"),
                counted=counted,
                text=tl.protocol.redness.text,
            ),
            tl.protocol.redness.source,
        )
    )
    lines.append(Text(_("After it:"), style="bold"))
    lines.append(bulleted(after))
    return lines


def _reminder_table(tl: Timeline) -> PlainTable:
    table = PlainTable([_("Day"), _("Date"), _("Rinse at"), ""], right=[True, False, False, False])
    by_day: dict[date, list[str]] = {}
    for item in tl.reminders:
        by_day.setdefault(item.date, []).append(num(item.time.strftime("%H:%M")))
    said = _("today") if tl.is_today else _("that day")
    for day, times in by_day.items():
        when = _("past") if day < tl.on else said if day == tl.on else ""
        style = "dim" if day < tl.on else "bold" if day == tl.on else ""
        table.add_row(num((day - tl.treatment_date).days), short(day, tl.on), " ".join(times), when, style=style)
    return table


def _period_line(period: Period, on: date, notes: Notes, *, for_good: bool = False) -> Text:
    """'[now] Title, days 0-7 (dates): text'; `for_good`: a period that starts and never ends (daily sun
    protection), never shown as past."""
    when = period.when(on)
    span = period.span
    if for_good:
        when = "ahead" if on < period.first else "now"
        out = Text(f"[{_(when)}] ", style="bold")
        every_day = _("from day {day}, every day, for good").format(day=num(span.first_day))
        out.append(f"{span.title}, {every_day} ({short(period.first, on)}): ")
        out.append(span.text)
        return notes.cite(out, span.source)
    first, last = short(period.first, on), short(period.last, on)
    dates = first if period.first == period.last else f"{first} - {last}"
    out = Text(f"[{_(when)}] ", style="dim" if when == "past" else "bold")
    out.append(
        _("{title}, {days} ({dates}): ").format(title=span.title, days=span_days(span), dates=dates),
        style="dim" if when == "past" else "",
    )
    out.append(span.text, style="dim" if when == "past" else "")
    return notes.cite(out, span.source)


def print_timeline(tl: Timeline, now: time | None, echoes: list[str], *, page: bool = False) -> None:
    with output(page) as out:
        tl = fitted(out, tl)
        protocol = tl.protocol
        notes = Notes(protocol)
        sheet = Page()
        sheet.add(title_line(protocol))
        for note in current().notes:
            sheet.add(Text(note, style="italic"))
        for echo in echoes:
            sheet.add(Text(echo))
        treated = _("Treatment: {date}").format(date=describe(tl.treatment_date))
        if tl.treatment_time:
            treated += _(" at {time}").format(time=num(f"{tl.treatment_time:%H:%M}"))
        sheet.add(Text(treated))
        if not tl.is_today:
            sheet.add(Text(_("Showing the plan for {date}, not for today.").format(date=describe(tl.on))))
        if tl.day < 0:
            title = _("Before your treatment")
        else:
            title = _("Day {day}: {date}").format(day=num(tl.day), date=short(tl.on, tl.on))
            title += "" if tl.is_today else _(" (that day)")
        sheet.add(Panel(PanelBody(*_status_lines(tl, now, notes)), title=Text(title), title_align="left", padding=0))

        sheet.add(heading(_("{title}s").format(title=protocol.rinse.title)))
        sheet.add(notes.cite(protocol.rinse.text, protocol.rinse.source))
        sheet.add(_reminder_table(tl))
        sheet.add()
        sheet.add(heading(_("Sun")))
        sheet.add(
            bulleted(
                [_period_line(tl.sun_avoid, tl.on, notes), _period_line(tl.sunscreen, tl.on, notes, for_good=True)]
            )
        )
        sheet.add()
        sheet.add(heading(_("Expected course")))
        sheet.add(bulleted(_period_line(period, tl.on, notes) for period in tl.milestones))
        sheet.add()
        sheet.add(
            Panel(
                PanelBody(*warning_signs(protocol, notes), *clinic_lines(protocol.clinic, notes, today=True)),
                title=Text(_("Warning signs")),
                title_align="left",
                border_style="red",
                padding=0,
            )
        )
        sheet.add(Text(protocol.notice, style="italic"))
        sheet.add(notes.sources_line(out.width))
        out.print(Stack(*sheet.parts))


LEVEL_STYLES = {"immediate": "bold red", "urgent": "bold red", "contact": "bold yellow", "expected": "bold"}


def print_checkin(recorded: Recorded, protocol: Protocol, echoes: list[str], saved: str | None = None) -> None:
    """The saved line (`saved`: another one, for a correction), the advice with its reasons and who to call, and
    pointers: one 80x24 screen."""
    out = console()
    protocol, recorded = fitted(out, (protocol, recorded))
    advice = recorded.advice
    saved = saved or _("Saved check-in {id}: day {day}, {date}.").format(
        id=num(recorded.id), day=num(recorded.day), date=describe(recorded.on)
    )
    head = [title_line(protocol), *(Text(echo) for echo in echoes), Text(saved, style="bold")]
    head.extend(Text(line, style="bold") for line in day_lines(recorded))
    # Footnote numbers are given in reading order, so [1] is the first one the patient sees.
    notes, panel = _advice_panel(recorded, protocol, compact=False)
    again: list[RenderableType] = []
    if advice.level != "expected":
        # The advice must be on one screen, and a terminal shows the last lines printed. When it would not
        # fit, the warning signs reported share one bullet and the tip about the clinic's phone waits for a
        # calmer day; if it still does not fit, what to do is said again below the box.
        room = out.height - 1 - _height(out, [*head, *_checkin_tail(recorded, protocol, notes, out.width)])
        if _height(out, [panel]) > room:
            notes, panel = _advice_panel(recorded, protocol, compact=True)
            if _height(out, [panel]) > room:
                action = protocol.advice(advice.action, advice.incomplete, advice.followed)
                again = [Text.assemble((action.title, LEVEL_STYLES[advice.action]), ": ", action.text)]
    for line in [*head, panel, *again, *_checkin_tail(recorded, protocol, notes, out.width)]:
        out.print(line)


def _advice_panel(recorded: Recorded, protocol: Protocol, *, compact: bool) -> tuple[Notes, Panel]:
    """The advice box and the footnotes it cites; `compact` puts the warning signs reported in one bullet
    and leaves out how to add the clinic's phone."""
    advice = recorded.advice
    action = protocol.advice(advice.action, advice.incomplete, advice.followed)
    notes = Notes(protocol)
    body: list[RenderableType] = []
    if advice.level == "expected":
        body.extend(notes.cite(digits_in(reason.text), reason.source) for reason in advice.reasons)
        body.extend(notes.cite(digits_in(note.text), note.source) for note in advice.notes)
        what = action.text
        from lipcare.timeline import again_text

        if recorded.checkin_again and again_text(protocol, recorded.day):
            what += " " + again_text(protocol, recorded.day)
        body.append(notes.cite(what, action.source))
    else:
        body.append(notes.cite(action.text, action.source))
        body.append(Text(_("Why:"), style="bold"))
        if compact:
            reasons = _signs_in_one(advice.reasons, protocol)
        else:
            reasons = [(digits_in(reason.text), [reason.source]) for reason in advice.reasons]
        bullets = []
        for text, sources in reasons:
            cited = Text(text)
            for source in sources:
                cited.append_text(notes.mark(source))
            bullets.append(cited)
        body.append(bulleted(bullets))
        body.extend(notes.cite(digits_in(note.text), note.source) for note in advice.notes)
        body.extend(clinic_lines(protocol.clinic, notes, today=advice.level == "urgent", hint=not compact))
    style = LEVEL_STYLES[advice.action]
    return notes, Panel(Group(*body), title=Text(action.title, style=style), title_align="left", border_style=style)


def _signs_in_one(reasons: Sequence[Reason], protocol: Protocol) -> list[tuple[str, list[str]]]:
    """The reasons as (text, sources), with the warning signs reported said in one: 'You reported: fever; pus.'"""
    said = [(digits_in(reason.text), [reason.source]) for reason in reasons]
    signs = [protocol.sign(reason.sign) for reason in reasons if reason.sign]
    if len(signs) < 2:
        return said
    one = digits_in(protocol.reasons["warning_sign"].format(label=_("; ").join(sign.label for sign in signs)))
    at = next(index for index, reason in enumerate(reasons) if reason.sign)
    others = [text for text, reason in zip(said, reasons, strict=True) if not reason.sign]
    return [*others[:at], (one, list(dict.fromkeys(sign.source for sign in signs))), *others[at:]]


def _checkin_tail(recorded: Recorded, protocol: Protocol, notes: Notes, width: int) -> list[RenderableType]:
    """What follows the advice box: the redness window when it says something, the pointer to the warning
    signs, the sources the box cited and the notice."""
    found: list[RenderableType] = []
    red = recorded.redness_window
    # Advice to call comes with its reasons; the window's days only add to an otherwise calm answer.
    that_day = recorded.backdated  # a check-in of an earlier day counts the window from that day
    if red.status == "beyond":
        redness = protocol.redness
        text = (
            _("Redness window: ended {date}, {count} before that day. {note}")
            if that_day
            else _("Redness window: ended {date}, {count} ago. {note}")
        ).format(date=describe(red.ends), count=plural(red.days_beyond, "day"), note=redness.beyond_note)
        found.append(notes.cite(text, redness.beyond_note_source))
    elif recorded.advice.level == "expected":
        found.append(
            Text(
                (
                    _("Redness window on that day: last day {date}, {count} left then.")
                    if that_day
                    else _("Redness window: last day {date}, {count} left.")
                ).format(date=describe(red.ends), count=plural(red.days_left, "day"))
            )
        )
    pointer = _("Warning signs to act on whenever they appear: {command}").format(command=WARNING_SIGNS_COMMAND)
    found.append(Text(pointer, style="bold"))
    found.append(notes.sources_line(width, compact=True))
    found.append(Text(protocol.notice, style="italic"))
    return found


def _height(out: Console, renderables: Sequence[RenderableType]) -> int:
    """Lines `renderables` take on `out`."""
    options = out.options
    return sum(len(out.render_lines(item, options, pad=False)) for item in renderables)


def _symptoms(protocol: Protocol, keys: tuple[str, ...]) -> str:
    labels = {word: sign.label for sign in protocol.warning_signs for word in sign.words}  # old keys too
    return _("; ").join(labels.get(key, key) for key in keys) or _("none")


def _history_table(protocol: Protocol, rows: list[CheckinRow]) -> Table:
    from rich.table import Table

    from lipcare.render.words import amendment_lines

    table = Table(box=None, pad_edge=False, padding=(0, 1), show_edge=False)
    scales = protocol.questions.scales
    columns = [
        (_("Date"), "left"),
        (_("Day"), "right"),
        *((scale.column, "right") for scale in scales),
        (_("Crusts"), "left"),
        (_("Warning signs"), "left"),
        (_("Advice"), "left"),
        (_("Note"), "left"),
        (_("Check-in"), "right"),
    ]
    for name, justify in columns:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            row.on.isoformat(),
            num(row.day),
            *(_score_of(row, scale.key) for scale in scales),
            _yes_no(row.crusting),
            Text(_symptoms(protocol, row.symptoms) if row.symptoms_recorded else _("not recorded")),
            _(row.shown_level),
            Text(_("; ").join([inert(row.note, marks=True), *amendment_lines(row)]).removeprefix(_("; "))),
            num(row.id),
        )
    if any(row.crusting is None or any(row.score(key) is None for key in protocol.questions.keys) for row in rows):
        table.caption = _("{mark} = not recorded").format(mark=NOT_RECORDED_MARK)
        table.caption_justify = "left"
    return table


NOT_RECORDED = "not recorded"
NOT_RECORDED_MARK = "-"


def _score(value: int | None, unknown: str = NOT_RECORDED_MARK) -> str:
    """A stored score; one that was not asked is shown as unknown, never as 0."""
    return _(unknown) if value is None else num(value)


def _score_of(row: CheckinRow, key: str, unknown: str = NOT_RECORDED_MARK, *, relief: bool = True) -> str:
    """The score of scale `key` in a history row; with `relief`, the pain says whether painkillers relieve it."""
    value = _score(row.score(key), unknown)
    if key != "pain" or row.painkillers_relieve is None or not relief:
        return value
    said = _("(relieved by painkillers)") if row.painkillers_relieve else _("(not relieved by painkillers)")
    return f"{value} {said}"


def _yes_no(value: bool | None, unknown: str = NOT_RECORDED_MARK) -> str:
    return _(unknown) if value is None else _("yes") if value else _("no")


def _history_list(protocol: Protocol, rows: list[CheckinRow]) -> list[RenderableType]:
    """One entry per check-in: a bold line, then its details indented, wrapped lines kept under them."""
    out: list[RenderableType] = []
    for row in rows:
        head = Text(
            _("{date} day {day}: {level}").format(date=row.on.isoformat(), day=num(row.day), level=_(row.shown_level)),
            style="bold",
        )
        head.append(" " + _("(check-in {id})").format(id=num(row.id)))
        answered = [
            (scale.name, _score_of(row, scale.key, NOT_RECORDED, relief=False)) for scale in protocol.questions.scales
        ]
        answered.append((protocol.questions.crusting_name, _yes_no(row.crusting, NOT_RECORDED)))
        details = [_(", ").join(_("{name} {value}").format(name=name, value=value) for name, value in answered)]
        if row.painkillers_relieve is not None:
            details.append(
                _("painkillers relieve the pain")
                if row.painkillers_relieve
                else _("painkillers do not relieve the pain")
            )
        if row.symptoms:
            details.append(_("warning signs: {signs}").format(signs=_symptoms(protocol, row.symptoms)))
        if row.note:
            details.append(_("note: {note}").format(note=inert(row.note, marks=True)))
        from lipcare.render.words import amendment_lines

        details.extend(amendment_lines(row))
        out.append(Group(head, *(Padding(Text(detail), (0, 0, 0, 2)) for detail in details)))
    return out


class HistoryGroup(Record):
    """One treatment in `history`: its latest check-ins, how many it has in all, and every
    (day, redness) for the chart, which is cheap to read however many there are."""

    treatment: Treatment
    rows: list[CheckinRow]
    total: int
    points: list[tuple[int, Any]]
    removed: Sequence[Amendment] = ()
    """The check-ins of the treatment the patient removed."""
    alert: CheckinRow | None = None
    """Its latest check-in that said to contact the physician, shown first whether or not it is in `rows`."""


def print_history(
    protocol: Protocol,
    groups: list[HistoryGroup],
    photos: Sequence[PhotoRow] = (),
    *,
    page: bool = False,
    elsewhere: int = 0,
    switch_to: date | None = None,
) -> None:
    """`elsewhere`: check-ins of other treatments, not shown (without --all); `switch_to`: the date of the
    latest other treatment that has check-ins."""
    from lipcare.chart import redness_chart

    out = start(page)
    out.print(Text(f"lipcare · {protocol.name} {protocol.version}", style="bold"))
    for note in current().notes:  # as in the timeline: the translation's review state
        out.print(Text(note, style="italic"))
    any_rows = False
    for treatment, rows, total, points, removed, alert in groups:
        out.print()
        count = plural(total, "check-in")
        out.print(heading(_("Treatment {date}: {count}").format(date=describe(treatment.treatment_date), count=count)))
        if not rows:
            out.print(Text(_("No check-ins yet. Record one with: lipcare checkin")))
            if elsewhere:  # a mistyped date starts a new treatment: the earlier check-ins are still kept
                out.print(
                    Text(
                        _("Your other treatments have {count}: lipcare history --all shows them.").format(
                            count=plural(elsewhere, "check-in")
                        ),
                        style="bold",
                    )
                )
                if switch_to is not None:
                    out.print(
                        Text(
                            _("To use the treatment of {date} again: lipcare timeline --date {date}").format(
                                date=switch_to.isoformat()
                            ),
                            style="bold",
                        )
                    )
            continue
        scale = protocol.questions.redness
        choices = _(", ").join(f"{num(scale.min + index)} {label}" for index, label in enumerate(scale.labels))
        out.print(Text(_("Redness by day ({choices})").format(choices=choices or scale.choices())))
        for chart_line in redness_chart(points, protocol.redness.window_days, scale.max, out.width, bottom=scale.min):
            out.print(Text(chart_line), overflow="ignore", crop=False)
        out.print()
        any_rows = True
        if alert is not None:
            for line in alert_lines(alert):
                out.print(line)
            out.print()
        if total > len(rows):
            out.print(
                Text(
                    _(
                        "The latest {shown} of {total} check-ins; {earlier} earlier ones are not shown "
                        "(--limit N shows more, --all every one; --json or 'lipcare report' for all of them)."
                    ).format(shown=num(len(rows)), total=num(total), earlier=num(total - len(rows))),
                    style="bold",
                )
            )
        if out.width >= 100:
            out.print(_history_table(protocol, rows))
        else:
            for entry in _history_list(protocol, rows):
                out.print(entry)
        if days_with_photos := photo_days(rows, photos):
            out.print(Text(days_with_photos))
        from lipcare.render.words import removed_lines

        for line in removed_lines(removed):
            out.print(Text(line))
    if any_rows:
        from lipcare.render.words import levels_explained

        out.print()
        out.print(Text(levels_explained()))
    out.print()
    out.print(Text(protocol.notice, style="italic"))
    finish(out)


def _score_rules(protocol: Protocol) -> str:
    """'pain 7+ any day: urgent; pain up 2+ from day 3: urgent; ...'"""
    described = []
    for scale in protocol.questions.scales:
        for rule in scale.rules:
            threshold = num(rule.threshold)
            what = _("{score}+" if rule.kind == "at_least" else "up {score}+").format(score=threshold)
            days = _("from day {day}").format(day=num(rule.from_day))
            if rule.from_day == 0 and rule.to_day is None:
                days = _("any day")
            if rule.to_day is not None:
                days = _("days {first}-{last}").format(first=num(rule.from_day), last=num(rule.to_day))
            described.append(f"{scale.name} {what} {days}: {_(rule.level)}")
    return _("; ").join(described) or _("(none)")


def print_protocol(protocol: Protocol, defaulted: list[str]) -> None:
    out = console()
    out.print(Text(_("{name}, version {version}").format(name=protocol.name, version=protocol.version), style="bold"))
    out.print(Text(_("From: {origin}").format(origin=protocol.origin)))
    from rich.table import Table

    table = Table(_("Setting"), _("Value"), box=None, pad_edge=False, show_edge=False, padding=(0, 1))
    unset = _("(not set)")
    clinic = protocol.clinic
    rinse, avoid, screen = protocol.rinse, protocol.sun_avoid, protocol.sunscreen
    times, painkillers = _(", ").join(num(f"{at:%H:%M}") for at in rinse.times), protocol.questions.painkillers
    rows = [
        ("Protocol id", protocol.id),
        ("Clinic", clinic.name or unset),
        ("Phone", clinic.phone or unset),
        ("Opening hours", clinic.hours or unset),
        ("Out of hours", clinic.out_of_hours_phone or unset),
        ("Redness window", _("days {first}-{last}").format(first=num(0), last=num(protocol.redness.window_days))),
        ("Rebound counts from", _("day {day}").format(day=num(protocol.redness.rebound_from_day))),
        (
            "Rinses",
            _("days {first}-{last} at {times}").format(
                first=num(rinse.first_day), last=num(rinse.last_day), times=times
            ),
        ),
        ("Avoid direct sun", span_days(avoid)),
        ("Sun protection", _("from day {day}, every day, for good").format(day=num(screen.first_day))),
        (
            "Check-ins",
            _("daily to day {daily}, then weekly to day {weekly}").format(
                daily=num(protocol.questions.reminder.daily_last_day),
                weekly=num(protocol.questions.reminder.weekly_last_day),
            ),
        ),
        ("Warning signs", _(", ").join(f"{sign.key} ({_(sign.urgency)})" for sign in protocol.warning_signs)),
        (
            "Scales",
            _(", ").join(f"{scale.key} {num(scale.min)}-{num(scale.max)}" for scale in protocol.questions.scales),
        ),
        ("Score rules", _score_rules(protocol)),
        ("Painkiller question", _("asked from pain {score}").format(score=num(painkillers.ask_at_least))),
        ("Sources", num(len(protocol.sources))),
    ]
    for name, value in rows:
        table.add_row(_(name), Text(value))
    out.print(table)
    if defaulted:
        out.print(Text(_("Taken from the default protocol: {fields}.").format(fields=", ".join(defaulted))))


def print_rules(rows: Sequence[RuleRow], protocol: Protocol) -> None:
    """Every rule of the check-in, two lines each (any width, a screen reader reads them in order): its name,
    level, days and source, then what it reads and when it applies."""
    out = console()
    out.print(Text(_("{name}, version {version}").format(name=protocol.name, version=protocol.version), style="bold"))
    out.print(Text(_("Every rule of the check-in (a problem is held until it is better; docs/protocol.md):")))
    for row in rows:
        level = Text(_(row.level), style=LEVEL_STYLES.get(row.level, ""))
        comma = _(", ")  # "، " in Arabic
        head = Text.assemble((row.rule, "bold"), "  ", level, comma, rule_days(row.first_day, row.last_day), comma)
        head.append(_("source {source}").format(source=row.source))
        out.print(head)
        out.print(Padding(Text(f"{row.reads}: {row.when}"), (0, 0, 0, 2)))


def rule_days(first: int, last: int | None) -> str:
    """'any day', 'from day 5', 'days 3-4'."""
    if last is not None:
        return _("days {first}-{last}").format(first=num(first), last=num(last))
    return _("from day {day}").format(day=num(first)) if first else _("any day")


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
        _("{date} (day {day}): {count}").format(date=on.isoformat(), day=num(day), count=num(count))
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
    lines.extend(Padding(Text("• " + reason), (0, 0, 0, 2)) for reason in row.reasons)
    return lines
