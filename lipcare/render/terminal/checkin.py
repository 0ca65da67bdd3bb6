"""`lipcare checkin`: the advice for the answers just recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from lipcare.dates import describe
from lipcare.locale import current
from lipcare.protocol import Protocol
from lipcare.render.terminal.amend import day_lines
from lipcare.render.terminal.parts import bulleted, clinic_lines, title_line
from lipcare.render.terminal.rich_console import WARNING_SIGNS_COMMAND, Notes, console, fitted, spoken
from lipcare.text import _, digits_in, num, plural

if TYPE_CHECKING:
    from lipcare.assess import Reason
    from lipcare.checkin import Recorded
    from lipcare.medicines import Missed


LEVEL_STYLES = {"immediate": "bold red", "urgent": "bold red", "contact": "bold yellow", "expected": "bold"}


def print_checkin(
    recorded: Recorded,
    protocol: Protocol,
    echoes: list[str],
    saved: str | None = None,
    missed: Sequence[Missed] = (),
) -> None:
    """The saved line (`saved`: another one, for a correction), the advice with its reasons and who to call, the
    doses `missed` with what to do about them, and pointers: one 80x24 screen."""
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
    doses: list[RenderableType] = []
    if missed:  # what to do about them, before the pointers and the notice
        from lipcare.render.words import missed_line

        doses = [Text(_("Missed doses:"), style="bold"), bulleted(missed_line(item) for item in missed)]
    again: list[RenderableType] = []
    if advice.level != "expected":
        # The advice must be on one screen, and a terminal shows the last lines printed. When it would not
        # fit, the warning signs reported share one bullet and the tip about the clinic's phone waits for a
        # calmer day; if it still does not fit, what to do is said again below the box. The row under the
        # output is the shell's prompt, and the line naming the protocol (head[0]) may go up under it: an
        # extra line said again would push the box's title off instead (25 lines on a 24-row terminal).
        room = out.height - 1 - _height(out, [*head[1:], *doses, *_checkin_tail(recorded, protocol, notes, out.width)])
        if _height(out, [panel]) > room:
            notes, panel = _advice_panel(recorded, protocol, compact=True)
            if _height(out, [panel]) > room:
                action = protocol.advice(advice.action, advice.incomplete, advice.followed)
                again = [Text.assemble((action.title, LEVEL_STYLES[advice.action]), ": ", action.text)]
    first = [panel, *head] if current().plain else [*head, panel]  # read from the top: the advice first
    for line in [*first, *again, *doses, *_checkin_tail(recorded, protocol, notes, out.width)]:
        out.print(line)


def _advice_panel(recorded: Recorded, protocol: Protocol, *, compact: bool) -> tuple[Notes, Panel]:
    """The advice box and the footnotes it cites; `compact` puts the warning signs reported in one bullet
    and leaves out how to add the clinic's phone."""
    advice = recorded.advice
    action = protocol.advice(advice.action, advice.incomplete, advice.followed)
    notes = Notes(protocol)
    body: list[RenderableType] = []
    if advice.level == "expected":
        body.extend(notes.cite(spoken(digits_in(reason.text)), reason.source) for reason in advice.reasons)
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
            reasons = [(spoken(digits_in(reason.text)), [reason.source]) for reason in advice.reasons]
        bullets = []
        for text, sources in reasons:
            cited = Text(text)
            for source in sources:
                cited.append_text(notes.mark(source))
            bullets.append(cited)
        body.append(bulleted(bullets))
        body.extend(notes.cite(digits_in(note.text), note.source) for note in advice.notes)
        body.extend(
            clinic_lines(protocol.clinic, notes, today=advice.level == "urgent", hint=not compact, compact=compact)
        )
    style = LEVEL_STYLES[advice.action]
    return notes, Panel(Group(*body), title=Text(action.title, style=style), title_align="left", border_style=style)


def _signs_in_one(reasons: Sequence[Reason], protocol: Protocol) -> list[tuple[str, list[str]]]:
    """The reasons as (text, sources), with the warning signs reported said in one: 'You reported: fever; pus.'"""
    said = [(spoken(digits_in(reason.text)), [reason.source]) for reason in reasons]
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
        if red.days_left == 0:  # the last day itself: "0 days left" would read as already over
            window = (
                _("Redness window on that day: ending {date}; that day was its last day.")
                if that_day
                else _("Redness window: ending {date}; today is its last day.")
            )
        else:
            window = (
                _("Redness window on that day: last day {date}, {count} left then.")
                if that_day
                else _("Redness window: last day {date}, {count} left.")
            )
        found.append(Text(window.format(date=describe(red.ends), count=plural(red.days_left, "day"))))
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
