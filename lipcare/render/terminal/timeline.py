"""`lipcare timeline`: where you stand today, and the plan."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from lipcare.dates import describe
from lipcare.locale import current
from lipcare.render.hanging import Box, PanelBody, PlainTable, Stack
from lipcare.render.terminal.parts import (
    bulleted,
    clinic_lines,
    heading,
    short,
    span_days,
    title_line,
    warning_signs,
)
from lipcare.render.terminal.rich_console import Notes, fitted, output
from lipcare.text import _, num, plural

if TYPE_CHECKING:
    from lipcare.medicines import Dose
    from lipcare.protocol import Span
    from lipcare.timeline import Period, Timeline  # info does not load the timeline code


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


def _dose_lines(tl: Timeline, notes: Notes, care: dict[str, Span]) -> list[Text]:
    """'Today: Antiviral medicine at 08:00, 20:00 (suggested times) (As your clinic prescribed)', one line a medicine,
    cited when the protocol's. The aftercare item of the same key and source (what to do about that medicine) is
    said on the same line, once, and taken out of `care`."""
    from lipcare.render.terminal.medicines import dose_line

    by_key: dict[str, list[Dose]] = {}
    for dose in tl.doses:
        by_key.setdefault(dose.key, []).append(dose)
    lines = []
    for key, same in by_key.items():
        source = same[0].source
        said = _("{said}: {doses}").format(said=when_words(tl), doses=dose_line(same))
        item = care.get(key)
        if item is not None and item.source == source:
            del care[key]
            said = _("{doses}. {text}").format(doses=said, text=item.text)
        text = Text(said)
        lines.append(notes.cite(text, source) if source in tl.protocol.sources else text)
    return lines


def _status_lines(tl: Timeline, now: time | None, notes: Notes) -> list[RenderableType]:
    protocol = tl.protocol
    lines: list[RenderableType] = []
    rinse = protocol.rinse
    if tl.day < 0:
        return _before_lines(tl, notes)
    todays = tl.todays_reminders
    lines += _appointments_now(tl)
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
    care = {item.key: item for item in tl.care}
    lines += _dose_lines(tl, notes, care)
    lines += [notes.cite(Text(f"{item.title}: {item.text}"), item.source) for item in care.values()]
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
        if red.days_left == 0:  # the last day itself: "0 days left" would read as already over
            window = (
                _("Redness window: {days} days, ending {date}; today is its last day.")
                if tl.is_today
                else _("Redness window: {days} days, ending {date}; that day is its last day.")
            )
        else:
            window = _("Redness window: {days} days, last day {date}, {count} left.")
        # What the window is, in the leaflet's words, is the expected course's (below); here, where today stands.
        text = window.format(days=num(red.days), date=describe(red.ends), count=plural(red.days_left, "day"))
        lines.append(notes.cite(text, protocol.redness.source))
    return [bulleted(lines)]


def _sun_line(tl: Timeline, notes: Notes) -> Text:
    """Where the day stands for the sun. Strict avoidance ends, but sun protection never does: the line never
    says the sun period "ended" in a way that reads as permission."""
    avoid, screen = tl.sun_avoid, tl.sunscreen
    if avoid.when(tl.on) != "past":
        left = (avoid.last - tl.on).days
        if left == 0:  # the last day itself, not "0 days from today"
            until = (
                _("Sun: avoid direct sun until {date}; today is its last day.")
                if tl.is_today
                else _("Sun: avoid direct sun until {date}; that day is its last day.")
            )
        else:
            until = (
                _("Sun: avoid direct sun until {date}, {count} from today.")
                if tl.is_today
                else _("Sun: avoid direct sun until {date}, {count} from that day.")
            )
        # The date is today's action; why and how (shade, a hat) are the Sun section's, printed below.
        out = notes.cite(until.format(date=describe(avoid.last), count=plural(left, "day")), avoid.span.source)
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
        *_appointments_now(tl),
    ]
    doses = _dose_lines(tl, notes, {})  # no aftercare item covers a day before the treatment
    if doses:
        lines.append(bulleted(doses))
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
            _("Redness window: {days} days from the treatment, last day {date}, {count} {counted}.").format(
                days=num(red.days),
                date=describe(red.ends),
                count=plural((red.ends - tl.on).days, "day"),
                counted=counted,
            ),
            tl.protocol.redness.source,
        )
    )
    lines.append(Text(_("After it:"), style="bold"))
    lines.append(bulleted(after))
    return lines


def _appointments_now(tl: Timeline) -> list[Text]:
    if not tl.appointments:
        return []
    from lipcare.render.terminal.appointments import appointment_lines

    return appointment_lines(tl.todays_appointments, tl.on, tl.next_appointment, when_words(tl))


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


def _when_mark(when: str) -> str:
    """'[now] ' before a period; in plain output 'now: ' (a screen reader reads brackets out)."""
    return f"{_(when)}: " if current().plain else f"[{_(when)}] "


def _period_line(period: Period, on: date, notes: Notes, *, for_good: bool = False) -> Text:
    """'[now] Title, days 0-7 (dates): text'; `for_good`: a period that starts and never ends (daily sun
    protection), never shown as past."""
    when = period.when(on)
    span = period.span
    if for_good:
        when = "ahead" if on < period.first else "now"
        out = Text(_when_mark(when), style="bold")
        every_day = _("from day {day}, every day, for good").format(day=num(span.first_day))
        out.append(f"{span.title}{_(', ')}{every_day} ({short(period.first, on)}): ")
        out.append(span.text)
        return notes.cite(out, span.source)
    first, last = short(period.first, on), short(period.last, on)
    dates = first if period.first == period.last else f"{first} - {last}"
    out = Text(_when_mark(when), style="dim" if when == "past" else "bold")
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
        sheet.add(Box(PanelBody(*_status_lines(tl, now, notes)), title=Text(title)))

        sheet.add(heading(_("{title}s").format(title=protocol.rinse.title)))
        if not tl.todays_reminders:  # else the box above has just said how, with today's times
            sheet.add(notes.cite(protocol.rinse.text, protocol.rinse.source))
        sheet.add(_reminder_table(tl))
        sheet.add()
        if tl.appointments:
            from lipcare.render.terminal.appointments import appointment_section

            sheet.add(heading(_("Appointments")))
            sheet.add(bulleted(appointment_section(tl.appointments, tl.on)))
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
            Box(
                PanelBody(*warning_signs(protocol, notes), *clinic_lines(protocol.clinic, notes, today=True)),
                title=Text(_("Warning signs")),
                border_style="red",
            )
        )
        sheet.add(Text(protocol.notice, style="italic"))
        sheet.add(notes.sources_line(out.width))
        out.print(Stack(*sheet.parts), crop=False)  # every line is laid out to the width; a longer word is shown whole
