"""Rich output for people at a terminal or reading a printout.

Imported only by the commands that print with Rich, so that its start-up cost
is paid where it is used. Text from protocol files is passed as `Text`, never
as markup, so a clinic's wording is printed exactly as written. Meaning is
always carried by words ("past", "today", "URGENT"), colour only adds emphasis.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, time
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from lipcare.dates import describe
from lipcare.info import course_by_week
from lipcare.protocol import Clinic, Protocol, Span
from lipcare.text import inert, plural
from lipcare.timeline import Period, Timeline

if TYPE_CHECKING:  # annotations only: info and timeline do not load the journal code
    from lipcare.checkin import Recorded
    from lipcare.journal import CheckinRow, Treatment

URGENCY_STYLES = {"immediate": "bold red", "urgent": "bold red", "contact": "bold yellow"}


class InertConsole(Console):
    """A console that shows control characters (C0, DEL, C1) and bidi controls escaped.

    Notes, settings and protocol texts come from outside; whatever renderable
    carries them (Text, Table, Panel, a prompt), every piece of text passes
    through `render` here, so no call site can forget. Rich's own escape codes
    for styles are added after this, and line breaks are kept for the layout.
    """

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control:
                yield segment
            else:
                yield Segment(inert(segment.text, keep_lines=True), segment.style, segment.control)


def console(*, stderr: bool = False) -> Console:
    # Rich leaves out styling when stdout is not a terminal. Its own NO_COLOR
    # support drops colours but keeps bold and dim, so with NO_COLOR set we
    # turn every escape code off. Highlighting would recolour numbers: off.
    plain = bool(os.environ.get("NO_COLOR"))
    return InertConsole(highlight=False, color_system=None if plain else "auto", stderr=stderr)


def short(day: date, ref: date) -> str:
    """'Sun 1 Nov', with the year when it differs from `ref`'s."""
    year = f" {day.year}" if ref.year != day.year else ""
    return f"{day:%a} {day.day} {day:%b}{year}"


def tag(source: str) -> Text:
    return Text(f" [{source}]", style="dim")


def line(text: str, source: str) -> Text:
    out = Text(text)
    out.append_text(tag(source))
    return out


def bulleted(items: Iterable[Text], indent: int = 0) -> RenderableType:
    """A list whose wrapped lines line up under each item's text, not under the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row("•", item)
    return Padding(grid, (0, 0, 0, indent)) if indent else grid


def heading(title: str) -> Text:
    return Text(title, style="bold underline")


def notice(protocol: Protocol) -> Panel:
    return Panel(Text(protocol.notice), title="Please note", title_align="left", border_style="dim")


def clinic_lines(clinic: Clinic) -> list[Text]:
    lines = [Text(f"Your clinic: {clinic.name or clinic.if_unknown}")]
    if clinic.phone:
        lines.append(Text(f"Phone: {clinic.phone}" + (f" ({clinic.hours})" if clinic.hours else "")))
    if clinic.out_of_hours_phone:
        lines.append(Text(f"Out of hours: {clinic.out_of_hours_phone}"))
    return lines


def warning_signs(protocol: Protocol) -> list[RenderableType]:
    out: list[RenderableType] = []
    for urgency in ("immediate", "urgent", "contact"):
        signs = [sign for sign in protocol.warning_signs if sign.urgency == urgency]
        if not signs:
            continue
        action = protocol.urgency[urgency]
        head = Text(f"{action.title.upper()}: ", style=URGENCY_STYLES[urgency])
        head.append_text(line(action.text, action.source))
        out.append(head)
        out.append(bulleted((line(sign.label, sign.source) for sign in signs), indent=2))
    return out


def span_days(span: Span) -> str:
    if span.first_day == span.last_day:
        return f"day {span.first_day}"
    return f"days {span.first_day}-{span.last_day}"


def info_topic(protocol: Protocol, topic: str) -> list[RenderableType]:
    if topic == "course":
        out: list[RenderableType] = [heading("The expected course, week by week")]
        for week, spans in course_by_week(protocol):
            out.append(Text(f"Week {week}", style="bold"))
            items = [Text(f"{span.title} ({span_days(span)}): ").append_text(line(span.text, span.source))
                     for span in spans]  # fmt: skip
            out.append(bulleted(items, indent=2))
        redness = protocol.redness
        out.append(line(redness.text, redness.source))
        out.append(line(redness.beyond_text, redness.beyond_source))
        return out
    if topic == "warning-signs":
        return [
            heading("Warning signs and when to contact your physician"),
            *warning_signs(protocol),
            *clinic_lines(protocol.clinic),
        ]
    if topic == "sources":
        out = [heading("Sources")]
        for source in protocol.sources.values():
            entry = Text(f"[{source.id}] ", style="bold")
            entry.append(f"{source.title} ({source.kind})")
            if source.url:
                entry.append(f"\n    {source.url}", style="dim")
            out.append(entry)
        return out
    section = protocol.info_section(topic)
    items = [line(item.text, item.source) for item in section.items]
    if topic == "aftercare":
        rinse, avoid, screen = protocol.rinse, protocol.sun_avoid, protocol.sunscreen
        times = ", ".join(at.strftime("%H:%M") for at in rinse.times)
        schedule = f"{rinse.title}, days {rinse.first_day}-{rinse.last_day} at {times}: {rinse.text}"
        items.append(line(schedule, rinse.source))
        items.append(line(f"{avoid.title} ({span_days(avoid)}): {avoid.text}", avoid.source))
        items.append(line(f"{screen.title} ({span_days(screen)}): {screen.text}", screen.source))
    return [heading(section.title), bulleted(items)]


def print_info(protocol: Protocol, topics: list[str]) -> None:
    parts: list[RenderableType] = [
        Text(f"CO2 laser lip peeling · {protocol.name} {protocol.version}", style="bold"),
        notice(protocol),
    ]
    for topic in topics:
        parts.append(Text())
        parts.extend(info_topic(protocol, topic))
    console().print(Group(*parts))


def _status_lines(tl: Timeline, now: time | None) -> list[Text]:
    protocol = tl.protocol
    lines: list[Text] = []
    if tl.day < 0:
        days = -tl.day
        lines.append(Text(f"Your treatment is in {plural(days, 'day')}. This is the plan ahead.", style="bold"))
    todays = tl.todays_reminders
    rinse = protocol.rinse
    if todays:
        times = ", ".join(item.time.strftime("%H:%M") for item in todays)
        lines.append(line(f"Today: {rinse.title.lower()} at {times}. {rinse.text}", rinse.source))
    elif tl.day >= 0:
        lines.append(Text(f"Today: no rinses are scheduled (rinsing runs days {rinse.first_day}-{rinse.last_day})."))
    upcoming = tl.next_reminder(now)
    if upcoming:
        lines.append(Text(f"Next rinse: {short(upcoming.date, tl.on)} at {upcoming.time:%H:%M} (day {upcoming.day})"))
    else:
        lines.append(Text("Next rinse: none, the rinsing schedule has ended."))
    avoid, screen = tl.sun_avoid, tl.sunscreen
    if avoid.when(tl.on) != "past":
        left = (avoid.last - max(tl.on, tl.treatment_date)).days
        lines.append(
            line(
                f"Sun: avoid direct sun until {describe(avoid.last)}, {plural(left, 'more day')}. {avoid.span.text}",
                avoid.span.source,
            )
        )
    elif screen.when(tl.on) == "now":
        lines.append(
            line(
                f"Sun: direct-sun period ended {short(avoid.last, tl.on)}. Until {describe(screen.last)}: "
                f"{screen.span.text}",
                screen.span.source,
            )
        )
    else:
        lines.append(Text(f"Sun: the protocol's sun periods ended on {describe(screen.last)}."))
    red = tl.redness
    if red.status == "beyond":
        lines.append(
            line(
                f"Redness window: {red.days} days, ended {describe(red.ends)}, "
                f"{plural(red.days_beyond, 'day')} ago. "
                f"{protocol.redness.beyond_text}",
                protocol.redness.beyond_source,
            )
        )
    else:
        lines.append(
            line(
                f"Redness window: {red.days} days, last day {describe(red.ends)}, "
                f"{plural(red.days_left, 'day')} left. {protocol.redness.text}",
                protocol.redness.source,
            )
        )
    return lines


def _reminder_table(tl: Timeline) -> Table:
    table = Table(show_edge=False, box=None, pad_edge=False, padding=(0, 1))
    table.add_column("Day", justify="right")
    table.add_column("Date")
    table.add_column("Rinse at")
    table.add_column("")
    by_day: dict[date, list[str]] = {}
    for item in tl.reminders:
        by_day.setdefault(item.date, []).append(item.time.strftime("%H:%M"))
    for day, times in by_day.items():
        when = "past" if day < tl.on else "today" if day == tl.on else ""
        style = "dim" if when == "past" else "bold" if when == "today" else ""
        table.add_row(str((day - tl.treatment_date).days), short(day, tl.on), " ".join(times), when, style=style)
    return table


def _period_line(period: Period, on: date) -> Text:
    when = period.when(on)
    span = period.span
    first, last = short(period.first, on), short(period.last, on)
    dates = first if period.first == period.last else f"{first} - {last}"
    out = Text(f"[{when}] ", style="dim" if when == "past" else "bold")
    out.append(f"{span.title}, {span_days(span)} ({dates}): ", style="dim" if when == "past" else "")
    out.append(span.text, style="dim" if when == "past" else "")
    out.append_text(tag(span.source))
    return out


def print_timeline(tl: Timeline, now: time | None, echoes: list[str]) -> None:
    out = console()
    protocol = tl.protocol
    out.print(Text(f"lipcare · {protocol.name} {protocol.version}", style="bold"))
    for echo in echoes:
        out.print(Text(echo))
    treated = f"Treatment: {describe(tl.treatment_date)}"
    if tl.treatment_time:
        treated += f" at {tl.treatment_time:%H:%M}"
    out.print(Text(treated))
    out.print(Text(f"Asked about: {describe(tl.on)}"))
    title = f"Day {tl.day}" if tl.day >= 0 else "Before your treatment"
    out.print(Panel(Group(*_status_lines(tl, now)), title=title, title_align="left"))

    out.print(heading(f"{protocol.rinse.title}s"))
    out.print(line(protocol.rinse.text, protocol.rinse.source))
    out.print(_reminder_table(tl))
    out.print()
    out.print(heading("Sun"))
    out.print(_period_line(tl.sun_avoid, tl.on))
    out.print(_period_line(tl.sunscreen, tl.on))
    out.print()
    out.print(heading("Expected course"))
    for period in tl.milestones:
        out.print(_period_line(period, tl.on))
    out.print()
    out.print(
        Panel(
            Group(*warning_signs(protocol), *clinic_lines(protocol.clinic)),
            title="Warning signs",
            title_align="left",
            border_style="red",
        )
    )
    out.print(Text(protocol.notice, style="italic"))
    out.print(Text("Where each line comes from: lipcare info sources", style="dim"))


LEVEL_STYLES = {"immediate": "bold red", "urgent": "bold red", "contact": "bold yellow", "expected": "bold"}


def print_checkin(recorded: Recorded, protocol: Protocol, echoes: list[str]) -> None:
    out = console()
    out.print(Text(f"lipcare · {protocol.name} {protocol.version}", style="bold"))
    for echo in echoes:
        out.print(Text(echo))
    advice = recorded.advice
    out.print(Text(f"Saved check-in {recorded.id}: day {recorded.day}, {describe(recorded.on)}.", style="bold"))
    action = protocol.urgency[advice.action]
    body: list[RenderableType] = [line(action.text, action.source)]
    body.append(Text("Why:" if advice.level != "expected" else "What the protocol says:", style="bold"))
    body.append(bulleted(line(reason.text, reason.source) for reason in advice.reasons))
    if advice.level != "expected":
        body.extend(clinic_lines(protocol.clinic))
    out.print(Panel(Group(*body), title=action.title.upper(), title_align="left",
                    border_style=LEVEL_STYLES[advice.action]))  # fmt: skip
    red = recorded.redness_window
    if red.status == "beyond":
        out.print(Text(f"Redness window: ended {describe(red.ends)}, {plural(red.days_beyond, 'day')} ago."))
    else:
        out.print(Text(f"Redness window: last day {describe(red.ends)}, {plural(red.days_left, 'day')} left."))
    out.print(Panel(Group(*warning_signs(protocol)), title="Warning signs: whenever they appear",
                    title_align="left", border_style="red"))  # fmt: skip
    out.print(Text(protocol.notice, style="italic"))


def _symptoms(protocol: Protocol, keys: tuple[str, ...]) -> str:
    labels = {sign.key: sign.label for sign in protocol.warning_signs}
    return "; ".join(labels.get(key, key) for key in keys) or "none"


def _history_table(protocol: Protocol, rows: list[CheckinRow]) -> Table:
    table = Table(box=None, pad_edge=False, padding=(0, 1), show_edge=False)
    for name, justify in (("Date", "left"), ("Day", "right"), ("Red", "right"), ("Swell", "right"),
                          ("Pain", "right"), ("Crusts", "left"), ("Warning signs", "left"), ("Advice", "left"),
                          ("Note", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            row.on.isoformat(), str(row.day), str(row.redness), str(row.swelling), str(row.pain),
            "yes" if row.crusting else "no", Text(_symptoms(protocol, row.symptoms)), row.level, Text(inert(row.note)),
        )  # fmt: skip
    return table


def _history_list(protocol: Protocol, rows: list[CheckinRow]) -> list[Text]:
    out = []
    for row in rows:
        entry = Text(f"{row.on.isoformat()} day {row.day}: {row.level}", style="bold")
        entry.append(f"\n  redness {row.redness}, swelling {row.swelling}, pain {row.pain}, "
                     f"crusts {'yes' if row.crusting else 'no'}", style="")  # fmt: skip
        if row.symptoms:
            entry.append(f"\n  warning signs: {_symptoms(protocol, row.symptoms)}", style="")
        if row.note:
            entry.append(f"\n  note: {inert(row.note)}", style="")
        out.append(entry)
    return out


class HistoryGroup(NamedTuple):
    """One treatment in `history`: its latest check-ins, how many it has in all, and every
    (day, redness) for the chart, which is cheap to read however many there are."""

    treatment: Treatment
    rows: list[CheckinRow]
    total: int
    points: list[tuple[int, Any]]


def print_history(protocol: Protocol, groups: list[HistoryGroup]) -> None:
    from lipcare.chart import redness_chart

    out = console()
    out.print(Text(f"lipcare · {protocol.name} {protocol.version}", style="bold"))
    for treatment, rows, total, points in groups:
        out.print()
        count = plural(total, "check-in")
        out.print(heading(f"Treatment {describe(treatment.treatment_date)}: {count}"))
        if not rows:
            out.print(Text("No check-ins yet. Record one with: lipcare checkin"))
            continue
        scale = protocol.questions.redness
        out.print(Text(f"Redness by day ({scale.choices()})"))
        for chart_line in redness_chart(points, protocol.redness.window_days, scale.max, out.width):
            out.print(Text(chart_line), overflow="ignore", crop=False)
        out.print()
        if total > len(rows):
            out.print(Text(f"The latest {len(rows)} of {total:,} check-ins; {total - len(rows):,} earlier ones are "
                           "not shown (--limit N shows more, --all every one; --json or 'lipcare report' for "
                           "all of them).", style="bold"))  # fmt: skip
        if out.width >= 100:
            out.print(_history_table(protocol, rows))
        else:
            for entry in _history_list(protocol, rows):
                out.print(entry)
    out.print()
    out.print(Text(protocol.notice, style="italic"))


def print_protocol(protocol: Protocol, defaulted: list[str]) -> None:
    out = console()
    out.print(Text(f"{protocol.name}, version {protocol.version}", style="bold"))
    out.print(Text(f"From: {protocol.origin}"))
    table = Table("Setting", "Value", box=None, pad_edge=False, show_edge=False, padding=(0, 1))
    clinic = protocol.clinic
    rinse, avoid, screen = protocol.rinse, protocol.sun_avoid, protocol.sunscreen
    rows = [
        ("Protocol id", protocol.id),
        ("Clinic", clinic.name or "(not set)"),
        ("Phone", clinic.phone or "(not set)"),
        ("Opening hours", clinic.hours or "(not set)"),
        ("Out of hours", clinic.out_of_hours_phone or "(not set)"),
        ("Redness window", f"days 0-{protocol.redness.window_days}"),
        ("Rebound counts from", f"day {protocol.redness.rebound_from_day}"),
        ("Rinses", f"days {rinse.first_day}-{rinse.last_day} at {', '.join(f'{at:%H:%M}' for at in rinse.times)}"),
        ("Avoid direct sun", span_days(avoid)),
        ("Sun protection", span_days(screen)),
        ("Warning signs", ", ".join(f"{sign.key} ({sign.urgency})" for sign in protocol.warning_signs)),
        ("Sources", str(len(protocol.sources))),
    ]  # fmt: skip
    for name, value in rows:
        table.add_row(name, Text(value))
    out.print(table)
    if defaulted:
        out.print(Text(f"Taken from the default protocol: {', '.join(defaulted)}."))
