"""What a desktop reminder says.

`on_time` and `late` make the notification (summary, body, urgency) for reminders that are due; `missed_lines`
the lines a later command prints for reminders that could not be shown or were shown late (lipcare.notify shows
a notification on each platform). Times are local wall-clock minutes as YYYYMMDDHHMM (lipcare.remind_store).
"""

from __future__ import annotations

from datetime import datetime

from lipcare.notify import Notification
from lipcare.text import _, inert, num

MAX_LISTED = 8
"""Reminders listed one per line in a notification or on the terminal; the rest are counted."""


def when(minute: int) -> datetime:
    return datetime.strptime(str(minute), "%Y%m%d%H%M")


def clock(minute: int) -> str:
    """08:00, in the digits of the run."""
    return num(when(minute).strftime("%H:%M"))


def moment(minute: int, today: int) -> str:
    """08:00 on the day of `today`, else 2026-11-24 08:00: a time the reader places without a calendar."""
    if minute // 10000 == today // 10000:
        return clock(minute)
    return num(when(minute).strftime("%Y-%m-%d %H:%M"))


def on_time(items: list[tuple[int, str, str, str, int]]) -> Notification:
    """One notification for the reminders (due, kind, title, body, urgency) due at the same minute: a rinse and a
    dose at 08:00 are one notification, not two at once (titles joined, each body after its title)."""
    if len(items) == 1:
        _due, _kind, title, body, urgency = items[0]
        return Notification(title, body, urgency)
    summary = " · ".join(item[2] for item in items)
    return Notification(summary, "\n".join(f"{item[2]}: {item[3]}" for item in items), max(item[4] for item in items))


def late(items: list[tuple[int, str, str, str, int]], now: int) -> Notification:
    """One notification for the reminders (due, kind, title, body, urgency) whose time passed while none could be
    shown (the computer was asleep or off): each says when it was due and when it is shown, never as if current."""
    if len(items) == 1:
        due, _kind, title, body, urgency = items[0]
        said = _("Late: due at {due}, shown at {shown}.").format(due=moment(due, now), shown=clock(now))
        return Notification(title, f"{said}\n{body}", urgency)
    lines = [f"{moment(due, now)} {title}" for due, _kind, title, _body, _urgency in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(_("and {count} more").format(count=num(len(items) - MAX_LISTED)))
    said = _("Shown late, at {shown}; they were due at:").format(shown=clock(now))
    urgency = max(item[4] for item in items)
    return Notification(_("{count} missed reminders").format(count=num(len(items))), "\n".join([said, *lines]), urgency)


WHY = {
    "no-bus": "no desktop session bus to show it on",
    "no-service": "no notification service was running",
    "error": "the notification service refused it",
    "failed": "the system's notifier failed",
}
"""Why a reminder was not shown, by the code `remind due` keeps."""


def missed_lines(missed: list[tuple[int, str, str, str, int]], today: int) -> list[str]:
    """What a command prints after its output for reminders that were not shown in time, one line each."""
    lines = [_("Missed reminders:")]
    for due, _kind, title, why, shown in missed[:MAX_LISTED]:
        if shown:
            reason = _("shown late, at {shown}").format(shown=moment(shown, today))
        else:
            reason = _("not shown: {why}").format(why=_(WHY.get(why, WHY["failed"])))
        lines.append(f"  {moment(due, today)}  {inert(title)} ({reason})")
    if len(missed) > MAX_LISTED:
        lines.append("  " + _("and {count} more").format(count=num(len(missed) - MAX_LISTED)))
    return lines
