"""`lipcare history`: the check-ins, as a table or a list, with the redness trend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from lipcare.dates import describe
from lipcare.fasttuple import Record
from lipcare.locale import current
from lipcare.protocol import Protocol
from lipcare.render.terminal.amend import alert_lines
from lipcare.render.terminal.checkin import _symptoms
from lipcare.render.terminal.parts import bulleted, heading, title_line
from lipcare.render.terminal.photos import photo_days
from lipcare.render.terminal.rich_console import finish, start
from lipcare.text import _, inert, iso, num, plural

if TYPE_CHECKING:
    from rich.table import Table  # imported where a table is drawn: it costs start-up time

    from lipcare.journal_rows import Amendment, AppointmentRow, CheckinRow, PhotoRow, Treatment
    from lipcare.medicines import Missed


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
            _("{date} day {day}: {level}").format(date=iso(row.on), day=num(row.day), level=_(row.shown_level)),
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
    missed: Sequence[Missed] = ()
    """The days its check-ins recorded doses of a medicine as missed."""


def print_history(
    protocol: Protocol,
    groups: list[HistoryGroup],
    photos: Sequence[PhotoRow] = (),
    *,
    page: bool = False,
    elsewhere: int = 0,
    switch_to: date | None = None,
    appointments: Sequence[AppointmentRow] = (),
    today: date | None = None,
) -> None:
    """`elsewhere`: check-ins of other treatments, not shown (without --all); `switch_to`: the date of the
    latest other treatment that has check-ins; `appointments`: the follow-ups kept, those before `today` as past."""
    from lipcare.chart import redness_chart

    out = start(page)
    out.print(title_line(protocol))
    for note in current().notes:  # as in the timeline: the translation's review state
        out.print(Text(note, style="italic"))
    any_rows = False
    for treatment, rows, total, points, removed, alert, missed in groups:
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
        if current().plain:  # a screen reader reads the values, not the columns
            from lipcare.chart import redness_words

            by_day, explained = redness_words(points, protocol.redness.window_days)
            out.print(bulleted(Text(line) for line in by_day))
            for said in explained:
                out.print(Text(said))
        else:
            for chart_line in redness_chart(
                points, protocol.redness.window_days, scale.max, out.width, bottom=scale.min
            ):
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
        if missed:
            from lipcare.render.words import missed_line

            out.print(Text(_("Missed doses:"), style="bold"))
            out.print(bulleted((missed_line(item) for item in missed), indent=2))
        from lipcare.render.words import removed_lines

        for line in removed_lines(removed):
            out.print(Text(line))
    if any_rows:
        from lipcare.render.words import levels_explained

        out.print()
        out.print(Text(levels_explained()))
    if appointments and today is not None:
        from lipcare.render.terminal.appointments import appointment_section

        out.print()
        out.print(heading(_("Appointments")))
        out.print(bulleted(appointment_section(appointments, today)))
    out.print()
    out.print(Text(protocol.notice, style="italic"))
    finish(out)
