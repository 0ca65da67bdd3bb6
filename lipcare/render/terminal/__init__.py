"""Rich output for people at a terminal or reading a printout: one module per screen.

- `rich_console`: the Console (escaping what must not reach a terminal, paging, any output encoding) and the
  numbered source notes every screen shares; `parts`: headings, the notice, the clinic's lines, warning signs;
- `info`, `timeline`, `checkin`, `history`, `protocol`, `photos`, `appointments`: the screens of those commands;
  `amend`: a corrected or removed check-in.

Imported only by the commands that print with Rich, so that its start-up cost is paid where it is used; a name
is importable from here, and its module is loaded when the name is first used (PEP 562), so `lipcare info`
loads the info screen and not the history's. Text from protocol files is passed as `Text`, never as markup,
so a clinic's wording is printed exactly as written. Meaning is always carried by words ("past", "today",
"Contact your physician today"), colour only adds emphasis. Sources are footnote numbers, named once at the end.
"""

from typing import TYPE_CHECKING

from lipcare.lazy import lazy_names

if TYPE_CHECKING:
    from lipcare.render.terminal.amend import alert_lines, day_lines, level_change_lines, print_removed
    from lipcare.render.terminal.appointments import (
        appointment_words,
        print_appointment_kept,
        print_appointment_list,
        print_appointment_removed,
    )
    from lipcare.render.terminal.checkin import LEVEL_STYLES, print_checkin
    from lipcare.render.terminal.history import NOT_RECORDED, NOT_RECORDED_MARK, HistoryGroup, print_history
    from lipcare.render.terminal.info import info_topic, print_info
    from lipcare.render.terminal.medicines import (
        dose_line,
        print_medicine_added,
        print_medicine_list,
        times_words,
    )
    from lipcare.render.terminal.parts import (
        bulleted,
        clinic_lines,
        heading,
        notice,
        short,
        span_days,
        title_line,
        url_line,
        warning_signs,
    )
    from lipcare.render.terminal.photos import photo_days, print_photo_list, print_photos_kept
    from lipcare.render.terminal.protocol import print_protocol, print_rules, rule_days
    from lipcare.render.terminal.rich_console import (
        SET_PHONE,
        URGENCY_STYLES,
        WARNING_SIGNS_COMMAND,
        InertConsole,
        Notes,
        console,
        finish,
        fitted,
        ltr,
        output,
        said,
        start,
        trimmed,
    )
    from lipcare.render.terminal.timeline import Page, print_timeline, when_words

_LAZY = {
    "HistoryGroup": "history",
    "InertConsole": "rich_console",
    "LEVEL_STYLES": "checkin",
    "NOT_RECORDED": "history",
    "NOT_RECORDED_MARK": "history",
    "Notes": "rich_console",
    "Page": "timeline",
    "SET_PHONE": "rich_console",
    "URGENCY_STYLES": "rich_console",
    "WARNING_SIGNS_COMMAND": "rich_console",
    "alert_lines": "amend",
    "appointment_words": "appointments",
    "bulleted": "parts",
    "clinic_lines": "parts",
    "console": "rich_console",
    "day_lines": "amend",
    "dose_line": "medicines",
    "print_medicine_added": "medicines",
    "print_medicine_list": "medicines",
    "times_words": "medicines",
    "finish": "rich_console",
    "fitted": "rich_console",
    "heading": "parts",
    "info_topic": "info",
    "level_change_lines": "amend",
    "ltr": "rich_console",
    "notice": "parts",
    "output": "rich_console",
    "photo_days": "photos",
    "print_appointment_kept": "appointments",
    "print_appointment_list": "appointments",
    "print_appointment_removed": "appointments",
    "print_checkin": "checkin",
    "print_history": "history",
    "print_info": "info",
    "print_photo_list": "photos",
    "print_photos_kept": "photos",
    "print_protocol": "protocol",
    "print_removed": "amend",
    "print_rules": "protocol",
    "print_timeline": "timeline",
    "rule_days": "protocol",
    "said": "rich_console",
    "short": "parts",
    "span_days": "parts",
    "start": "rich_console",
    "title_line": "parts",
    "trimmed": "rich_console",
    "url_line": "parts",
    "warning_signs": "parts",
    "when_words": "timeline",
}
"""Each name, and the module of this package that defines it."""

__all__ = [
    "LEVEL_STYLES",
    "NOT_RECORDED",
    "NOT_RECORDED_MARK",
    "SET_PHONE",
    "URGENCY_STYLES",
    "WARNING_SIGNS_COMMAND",
    "HistoryGroup",
    "InertConsole",
    "Notes",
    "Page",
    "alert_lines",
    "appointment_words",
    "bulleted",
    "clinic_lines",
    "console",
    "day_lines",
    "dose_line",
    "finish",
    "fitted",
    "heading",
    "info_topic",
    "level_change_lines",
    "ltr",
    "notice",
    "output",
    "photo_days",
    "print_appointment_kept",
    "print_appointment_list",
    "print_appointment_removed",
    "print_checkin",
    "print_history",
    "print_info",
    "print_medicine_added",
    "print_medicine_list",
    "print_photo_list",
    "print_photos_kept",
    "print_protocol",
    "print_removed",
    "print_rules",
    "print_timeline",
    "rule_days",
    "said",
    "short",
    "span_days",
    "start",
    "times_words",
    "title_line",
    "trimmed",
    "url_line",
    "warning_signs",
    "when_words",
]


__getattr__ = lazy_names(__name__, _LAZY)
"""Each screen's names, imported with their module when first asked for (PEP 562)."""
