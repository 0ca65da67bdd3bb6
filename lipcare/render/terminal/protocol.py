"""`lipcare protocol show`: the protocol's values and rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.padding import Padding
from rich.text import Text

from lipcare.protocol import Protocol
from lipcare.render.terminal.checkin import LEVEL_STYLES
from lipcare.render.terminal.parts import span_days
from lipcare.render.terminal.rich_console import console
from lipcare.text import _, num

if TYPE_CHECKING:
    from lipcare.assess import RuleRow


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


def _shown_origin(origin: str) -> str:
    """The protocol's origin, 'FILE (CHOSEN BY)', with what chose it in the language in force. The origin keeps
    lipcare.settings.choose_protocol's key, in English, for --json (scripts read it); a person reads it here."""
    from lipcare.protocol.types import BY_SETTINGS

    suffix = f" ({BY_SETTINGS})"
    if origin.endswith(suffix):
        return f"{origin.removesuffix(suffix)} ({_(BY_SETTINGS)})"
    return origin


def print_protocol(protocol: Protocol, defaulted: list[str], translations: Sequence[str] = ()) -> None:
    """The protocol's values, what it takes from the default, and how each translation of it stands
    (`translations`: lipcare.locale.translation.review_report's lines)."""
    out = console()
    out.print(Text(_("{name}, version {version}").format(name=protocol.name, version=protocol.version), style="bold"))
    out.print(Text(_("From: {origin}").format(origin=_shown_origin(protocol.origin))))
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
        out.print(Text(_("Taken from the default protocol: {fields}.").format(fields=_(", ").join(defaulted))))
    for line in translations:  # a file's lines under its language's, indented
        indent = len(line) - len(line.lstrip())
        out.print(Padding(Text(line.strip()), (0, 0, 0, indent)))


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
