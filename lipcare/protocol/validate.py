"""The hand-written validator: walks the parsed TOML and reports every problem with its key and line.

The jobs around it have modules of their own: `locate` finds a key's line in the TOML text, `fill` fills the
{placeholders} in the texts from the protocol's own values, and `consistency` finds what a valid protocol says
twice (a text stating days its value disagrees with, a source without support text): warnings, not errors.
"""

import re
from datetime import time
from typing import Any, Literal, cast

from lipcare.errors import Message
from lipcare.protocol.consistency import course_signs, disagreements, restated_values, support_warnings
from lipcare.protocol.fill import fill
from lipcare.protocol.locate import LineFinder
from lipcare.protocol.types import (
    CHECKIN_TABLES,
    FORMAT_VERSION,
    INFO_SECTIONS,
    MAX_DOSE_TIMES,
    MAX_FORMAT_WIDTH,
    MAX_LINE_TEXT,
    MAX_LIST,
    MAX_RINSE_DAY,
    MAX_RINSE_TIMES,
    MAX_SCALES,
    MAX_SCORE,
    MAX_TEXT,
    MIN_MEDICATION_DAY,
    MULTILINE_KEYS,
    RESERVED_SCALE_KEYS,
    RULE_LEVELS,
    SCALES,
    SOURCE_KINDS,
    URGENCIES,
    CheckinReminder,
    Clinic,
    Crusting,
    Guidance,
    InfoSection,
    Medication,
    Painkillers,
    Problem,
    Protocol,
    Questions,
    Redness,
    Rinse,
    RuleLevel,
    Scale,
    ScoreRule,
    Source,
    Span,
    Support,
    Urgency,
    UrgencyText,
    WarningSign,
    spread_times,
)
from lipcare.text import first_unsafe, inert

# Patterns compile on first use (re caches them), not when a command imports the protocol types.
_KEY = r"[a-z0-9]+(-[a-z0-9]+)*"
_TIME = r"([0-9]{2}):([0-9]{2})"  # ASCII digits only: \d would take any script's

_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85")
#: Values the reason templates are filled in with when the protocol is checked.
_SAMPLES: dict[str, object] = {
    "label": "Fever",
    "day": 12,
    "window": 90,
    "now": 2,
    "before": 1,
    "max": 3,
    "before_date": "2026-11-10",
    "last_day": 10,
    "course": "crusting",
    "reason": "Pain is 6/10 on day 5.",
    "since": "2026-11-10",
    "on": "2026-11-11",
    "change": "6 → 5",
    "what": "pain",
    "days": 2,
    "after": 2,
}
_REASON_FIELDS = {
    "warning_sign": {"label"},
    "beyond_window": {"day", "window"},
    "rebound": {"now", "before", "max", "before_date"},
    "late_crusting": {"day", "last_day"},
    "expected": {"day", "course"},
    "nothing_expected": {"day"},
    "not_recorded": {"missing"},
    "held": {"reason", "since"},
    "improving": {"reason", "since", "change"},
    "clearing": {"reason", "since"},
    "unrecorded": {"reason", "since"},
    "contacted": {"what", "on"},
    "not_better_after_call": {"reason", "on", "days"},
    "worse_after_call": {"reason", "on"},
    "closed": {"what", "since"},
    "note_unread": set(),
    "contacted_question": {"what", "since"},
}
_KEYED = ("course", "care", "warning_signs", "medication")
_SUN_USES = {"avoid": "sun_avoid", "sunscreen": "sunscreen"}
"""Lists whose items a use path names by key, not by place."""
_SUPPORT_KEYS = ("uses", "where", "excerpt", "confirmed")
_SCALE_KEYS = {"prompt", "name", "min", "max", "labels", "rules", "column"}
_RULE_KEYS = {
    "key",
    "at_least",
    "rise_by",
    "compare",
    "score_below",
    "not_falling",
    "with_any",
    "from_day",
    "to_day",
    "level",
    "text",
    "source",
}
_AT_LEAST_FIELDS = {"score", "max", "day", "at_least", "from_day"}
_RISE_FIELDS = {"score", "max", "day", "before", "before_date", "rise", "rise_by", "from_day"}
_PAINKILLER_FIELDS = {"score", "max", "day"}
_PAINKILLER_KEYS = {
    "prompt",
    "ask_at_least",
    "relieved_level",  # read by lipcare before 0.9; accepted, and no longer a reason of its own
    "relieved_text",
    "not_relieved_level",
    "not_relieved_text",
    "urgent_at",
    "urgent_from_day",
    "not_taken_text",
    "source",
}
_CRUSTING_KEYS = {
    "prompt",
    "name",
    "course",
    "returning_from_day",
    "returning_after",
    "returning_level",
    "returning_urgent_pain",
    "returning_text",
    "returning_source",
}
_NAMES_SCORE_AND_DAY = ("score", "day")
_TEXT_FIELDS = {"label", "before_date", "course", "missing", "reason", "since", "on", "change", "what"}
"""Placeholders filled with text; every other one is a whole number."""


class _Reader:
    """Walks the parsed TOML, collecting problems instead of stopping at the first."""

    def __init__(self, file: str, raw: str) -> None:
        self.file = file
        self._lines = LineFinder(raw)
        self.problems: list[Problem] = []
        self.source_refs: list[tuple[str, str]] = []
        self.ignored_sunscreen_start = False

    def problem(self, key: str, message: Message) -> None:
        self.problems.append(Problem(self.file, key, message, self.line(key)))

    def line(self, key: str) -> int | None:
        return self._lines.line(key)

    # --- scalar fields ---------------------------------------------------

    def table(self, data: dict[str, Any], key: str, path: str) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            self.problem(_join(path, key), Message("missing table"))
            return {}
        if not isinstance(value, dict):
            self.problem(_join(path, key), Message("expected a table, found {kind}", kind=_kind(value)))
            return {}
        return value

    def text(self, data: dict[str, Any], key: str, path: str, *, empty_ok: bool = False) -> str:
        value = data.get(key)
        where = _join(path, key)
        if value is None:
            self.problem(where, Message("missing text"))
            return ""
        if not isinstance(value, str):
            self.problem(where, Message("expected text in quotes, found {kind}", kind=_kind(value)))
            return ""
        if not empty_ok and not value.strip():
            self.problem(where, Message("text is empty"))
        multiline = key in MULTILINE_KEYS
        limit = MAX_TEXT if multiline else MAX_LINE_TEXT
        if len(value) > limit:
            self.problem(
                where, Message("text is too long: {count} characters, at most {limit}", count=len(value), limit=limit)
            )
            return value.strip()[:limit]
        stripped = value.strip()
        bad = first_unsafe(stripped, allow="\n" if multiline else "")
        if not multiline and (bad in _LINE_BREAKS or any(char in stripped for char in "\u2028\u2029")):
            self.problem(where, Message("has a line break; this text must be on one line"))
        elif bad is not None:
            self.problem(
                where,
                Message(
                    "contains the control character {character}, which could change what a terminal or calendar "
                    "shows; remove it",
                    character=inert(bad, marks=True),
                ),
            )
        return stripped

    def integer(self, data: dict[str, Any], key: str, path: str, *, minimum: int = 0, maximum: int = 3650) -> int:
        value = data.get(key)
        where = _join(path, key)
        if value is None:
            self.problem(where, Message("missing whole number"))
            return minimum
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, Message("expected a whole number, found {kind}", kind=_kind(value)))
            return minimum
        if not minimum <= value <= maximum:
            self.problem(
                where,
                Message(
                    "expected a number from {minimum} to {maximum}, found {value}",
                    minimum=minimum,
                    maximum=maximum,
                    value=_number(value),
                ),
            )
            return minimum
        return value

    def flag(self, data: dict[str, Any], key: str, path: str, *, default: bool) -> bool:
        """An optional true or false; `default` when absent, or (reported) when it is something else."""
        value = data.get(key, default)
        if isinstance(value, bool):
            return value
        self.problem(_join(path, key), Message("expected true or false, found {kind}", kind=_kind(value)))
        return default

    def clock(self, value: Any, where: str) -> time | None:
        if not isinstance(value, str):
            self.problem(where, Message('expected a time like "08:00", found {kind}', kind=_kind(value)))
            return None
        match = re.fullmatch(_TIME, value)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            self.problem(
                where, Message('expected a 24-hour time HH:MM from 00:00 to 23:59, found "{value}"', value=inert(value))
            )
            return None
        return time(int(match.group(1)), int(match.group(2)))

    def key(self, data: dict[str, Any], path: str) -> str:
        value = self.text(data, "key", path)
        if value and not re.fullmatch(_KEY, value):
            self.problem(
                _join(path, "key"),
                Message('expected lower-case letters, digits and dashes, found "{value}"', value=value),
            )
        return value

    def source(self, data: dict[str, Any], key: str, path: str) -> str:
        value = self.text(data, key, path)
        if value:
            self.source_refs.append((_join(path, key), value))
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(key)
        where = _join(path, key)
        if value is None:
            self.problem(where, Message("missing list"))
            return []
        if not isinstance(value, list):
            self.problem(
                where, Message("expected a list of tables ([[{table}]]), found {kind}", table=where, kind=_kind(value))
            )
            return []
        if len(value) > MAX_LIST:
            self.problem(where, _too_many(len(value)))
            value = value[:MAX_LIST]
        found = []
        for index, item in enumerate(value):
            item_path = f"{where}[{index}]"
            if isinstance(item, dict):
                found.append((item_path, item))
            else:
                self.problem(item_path, Message("expected a table, found {kind}", kind=_kind(item)))
        if not found:
            self.problem(where, Message("list is empty"))
        return found

    def unique(self, keys: list[tuple[str, str]], what: Message) -> None:
        seen: dict[str, str] = {}
        for path, key in keys:
            if key and key in seen:
                self.problem(
                    path, Message('duplicate {what} "{key}" (first at {first})', what=what, key=key, first=seen[key])
                )
            seen.setdefault(key, path)

    def span(
        self, data: dict[str, Any], path: str, *, from_day_zero: bool = False, maximum: int = 3650
    ) -> tuple[int, int]:
        first = 0 if from_day_zero else self.integer(data, "first_day", path, maximum=maximum)
        last = self.integer(data, "last_day", path, maximum=maximum)
        if last < first:
            self.problem(_join(path, "last_day"), _ends_before(last, first))
        return first, last

    # --- sections --------------------------------------------------------

    def protocol(self, data: dict[str, Any]) -> Protocol:
        fmt = data.get("format")
        if fmt != FORMAT_VERSION:
            if isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > FORMAT_VERSION:
                self.problem(
                    "format",
                    Message(
                        "format {found} is newer than this lipcare reads ({known}); update lipcare",
                        found=str(fmt),
                        known=str(FORMAT_VERSION),
                    ),
                )
            else:
                shown = inert(repr(fmt) if len(repr(fmt)) <= 60 else repr(fmt)[:57] + "...")
                self.problem(
                    "format",
                    Message("expected format = {known}, found {found}", known=str(FORMAT_VERSION), found=shown),
                )
        head = self.table(data, "protocol", "")
        clinic = self.table(data, "clinic", "")
        sun = self.table(data, "sun", "")
        sources = self.sources(data)
        protocol = Protocol(
            format=FORMAT_VERSION,
            id=self.text(head, "id", "protocol"),
            name=self.text(head, "name", "protocol"),
            version=self.text(head, "version", "protocol"),
            language=self.text(head, "language", "protocol"),
            summary=self.text(head, "summary", "protocol"),
            origin=self.file,
            clinic=Clinic(
                name=self.text(clinic, "name", "clinic", empty_ok=True),
                phone=self.text(clinic, "phone", "clinic", empty_ok=True),
                hours=self.text(clinic, "hours", "clinic", empty_ok=True),
                out_of_hours_phone=self.text(clinic, "out_of_hours_phone", "clinic", empty_ok=True),
                if_unknown=self.text(clinic, "if_unknown", "clinic"),
                if_closed=self.text(clinic, "if_closed", "clinic"),
                if_closed_source=self.source(clinic, "if_closed_source", "clinic"),
            ),
            notice=self.text(self.table(data, "notice", ""), "text", "notice"),
            redness=self.redness(self.table(data, "redness", "")),
            rinse=self.rinse(self.table(data, "rinse", "")),
            sun_avoid=self.sun_span(sun, "avoid"),
            sunscreen=self.sun_span(sun, "sunscreen"),
            course=self.course(data),
            care=self.course(data, "care"),
            prepare=self.guidance(data, "prepare"),
            warning_signs=self.warning_signs(data),
            urgency=self.urgency(self.table(data, "urgency", "")),
            questions=self.questions(self.table(data, "checkin", "")),
            reasons=self.reasons(self.table(data, "reasons", "")),
            info=self.info(data),
            sources=sources,
            medication=self.medication(data),
        )
        for where, ref in self.source_refs:
            if ref not in sources:
                self.problem(where, Message('source "{source}" is not listed in [[sources]]', source=ref))
        info_keys = {section.key for section in protocol.info}
        for key in INFO_SECTIONS:
            if protocol.info and key not in info_keys:
                self.problem("info", Message('missing the [[info]] section with key = "{key}"', key=key))
        protocol = fill(self.derive_sunscreen(protocol, sun), self.problem)
        course_keys = {item.key for item in protocol.course}
        if protocol.questions.crusting_course and protocol.questions.crusting_course not in course_keys:
            self.problem(
                "checkin.crusting.course",
                Message('"{key}" is not a [[course]] key', key=protocol.questions.crusting_course),
            )
        return protocol

    def sources(self, data: dict[str, Any]) -> dict[str, Source]:
        found: dict[str, Source] = {}
        ids = []
        for path, item in self.items(data, "sources", ""):
            source_id = self.text(item, "id", path)
            kind = self.text(item, "kind", path)
            if kind and kind not in SOURCE_KINDS:
                kinds = ", ".join(f'"{name}"' for name in SOURCE_KINDS)
                self.problem(
                    _join(path, "kind"),
                    Message('expected one of {choices}, found "{found}"', choices=kinds, found=kind),
                )
            ids.append((_join(path, "id"), source_id))
            title, url = self.text(item, "title", path), self.text(item, "url", path, empty_ok=True)
            supports = self.supports(item, path)
            if source_id and source_id not in found:
                found[source_id] = Source(source_id, kind, title, url, supports)
        self.unique(ids, Message("source id"))
        return found

    def redness(self, data: dict[str, Any]) -> Redness:
        return Redness(
            window_days=self.integer(data, "window_days", "redness", minimum=1),
            rebound_from_day=self.integer(data, "rebound_from_day", "redness"),
            rebound_source=self.source(data, "rebound_source", "redness"),
            text=self.text(data, "text", "redness"),
            source=self.source(data, "source", "redness"),
            beyond_text=self.text(data, "beyond_text", "redness"),
            beyond_source=self.source(data, "beyond_source", "redness"),
            beyond_note=self.text(data, "beyond_note", "redness"),
            beyond_note_source=self.source(data, "beyond_note_source", "redness"),
        )

    def times(self, raw_times: Any, path: str, what: str) -> tuple[time, ...]:
        """A list of "HH:MM" times, each once, at most MAX_RINSE_TIMES (`what`: "rinses", "doses")."""
        times: list[time] = []
        where = _join(path, "times")
        if not isinstance(raw_times, list) or not raw_times:
            self.problem(
                where,
                Message('expected a list of times like ["08:00", "20:00"], found {kind}', kind=_kind(raw_times)),
            )
        elif len(raw_times) > MAX_RINSE_TIMES:
            too_many = (
                Message("has {count} times; at most {most} rinses a day", count=len(raw_times), most=MAX_RINSE_TIMES)
                if what == "rinses"
                else Message(
                    "has {count} times; at most {most} doses a day", count=len(raw_times), most=MAX_RINSE_TIMES
                )
            )
            self.problem(where, too_many)
        else:
            for index, value in enumerate(raw_times):
                parsed = self.clock(value, f"{where}[{index}]")
                if parsed is not None:
                    if parsed in times:
                        self.problem(f"{where}[{index}]", Message("time {time} is listed twice", time=value))
                    times.append(parsed)
        return tuple(sorted(set(times)))

    def rinse(self, data: dict[str, Any]) -> Rinse:
        first, last = self.span(data, "rinse", maximum=MAX_RINSE_DAY)
        return Rinse(
            first_day=first,
            last_day=last,
            times=self.times(data.get("times"), "rinse", "rinses"),
            title=self.text(data, "title", "rinse"),
            text=self.text(data, "text", "rinse"),
            source=self.source(data, "source", "rinse"),
        )

    def sun_span(self, sun: dict[str, Any], part: str) -> Span:
        path = f"sun.{part}"
        table = self.table(sun, part, "sun")
        if part == "sunscreen":  # its first day is derived from the crusts' course: see `derive_sunscreen`
            first, last = 0, self.integer(table, "last_day", path)
        else:
            first, last = self.span(table, path, from_day_zero=True)
        return Span(
            part,
            first,
            last,
            self.text(table, "title", path),
            self.text(table, "text", path),
            self.source(table, "source", path),
        )

    def course(self, data: dict[str, Any], name: str = "course") -> tuple[Span, ...]:
        spans = []
        keys = []
        for path, item in self.items(data, name, ""):
            key = self.key(item, path)
            keys.append((_join(path, "key"), key))
            first, last = self.span(item, path)
            spans.append(
                Span(
                    key,
                    first,
                    last,
                    self.text(item, "title", path),
                    self.text(item, "text", path),
                    self.source(item, "source", path),
                )
            )
        self.unique(keys, Message("course key") if name == "course" else Message("care key"))
        return tuple(spans)

    def medication(self, data: dict[str, Any]) -> tuple[Medication, ...]:
        """[[medication]]: each medicine with its days (from MIN_MEDICATION_DAY), and either `times` or
        `times_per_day` (spread over the day as suggestions). A protocol may have none (`medication = []`)."""
        if data.get("medication") == []:
            return ()
        found = []
        keys = []
        for path, item in self.items(data, "medication", ""):
            key = self.key(item, path)
            keys.append((_join(path, "key"), key))
            first = self.integer(item, "first_day", path, minimum=MIN_MEDICATION_DAY, maximum=MAX_RINSE_DAY)
            last = self.integer(item, "last_day", path, minimum=MIN_MEDICATION_DAY, maximum=MAX_RINSE_DAY)
            if last < first:
                self.problem(
                    _join(path, "last_day"),
                    Message("ends (day {last}) before it starts (day {first})", last=last, first=first),
                )
            suggested = self.flag(item, "times_suggested", path, default=False)
            if "times" in item and "times_per_day" in item:
                self.problem(_join(path, "times_per_day"), Message("give either times or times_per_day, not both"))
                times: tuple[time, ...] = ()
            elif "times_per_day" in item:
                count = self.integer(item, "times_per_day", path, minimum=1, maximum=MAX_DOSE_TIMES)
                times, suggested = spread_times(count), True
            else:
                times = self.times(item.get("times"), path, "doses")
            missed_text = self.text(item, "missed_text", path) if "missed_text" in item else ""
            missed_source = self.source(item, "missed_source", path) if "missed_source" in item else ""
            if missed_text and not missed_source:
                self.problem(_join(path, "missed_source"), Message("missing: the source of missed_text"))
            found.append(
                Medication(
                    key,
                    self.text(item, "name", path),
                    self.text(item, "purpose", path),
                    first,
                    last,
                    times,
                    self.text(item, "dose", path),
                    self.text(item, "text", path),
                    self.source(item, "source", path),
                    suggested,
                    missed_text,
                    missed_source,
                )
            )
        self.unique(keys, Message("medication key"))
        return tuple(found)

    def guidance(self, data: dict[str, Any], name: str) -> tuple[Guidance, ...]:
        return tuple(
            Guidance(self.text(item, "text", path), self.source(item, "source", path))
            for path, item in self.items(data, name, "")
        )

    def warning_signs(self, data: dict[str, Any]) -> tuple[WarningSign, ...]:
        signs = []
        keys = []
        for path, item in self.items(data, "warning_signs", ""):
            key = self.key(item, path)
            keys.append((_join(path, "key"), key))
            urgency = self.text(item, "urgency", path)
            if urgency and urgency not in URGENCIES:
                self.problem(
                    _join(path, "urgency"),
                    Message('expected one of {choices}, found "{found}"', choices=", ".join(URGENCIES), found=urgency),
                )
            aliases = self.aliases(item, path)
            keys.extend((f"{_join(path, 'aliases')}[{index}]", alias) for index, alias in enumerate(aliases))
            signs.append(
                WarningSign(
                    key,
                    self.text(item, "label", path),
                    cast(Urgency, urgency),
                    self.source(item, "source", path),
                    aliases,
                )
            )
        self.unique(keys, Message("warning-sign key or alias"))
        return tuple(signs)

    def urgency(self, data: dict[str, Any]) -> dict[str, UrgencyText]:
        found = {}
        for level in ("immediate", "urgent", "contact", "expected", "incomplete", "followed"):
            path = f"urgency.{level}"
            table = self.table(data, level, "urgency")
            found[level] = UrgencyText(
                self.text(table, "title", path), self.text(table, "text", path), self.source(table, "source", path)
            )
        return found

    def scale(self, data: dict[str, Any], key: str) -> Scale:
        path = f"checkin.{key}"
        table = self.table(data, key, "checkin")
        before = len(self.problems)
        low = self.integer(table, "min", path, maximum=MAX_SCORE)
        high = self.integer(table, "max", path, maximum=MAX_SCORE)
        known = len(self.problems) == before  # the labels and rules are read against the range only when it is
        if known and high <= low:
            self.problem(_join(path, "max"), Message("must be more than min ({low})", low=low))
            known = False
        if not known:
            low, high = 0, MAX_SCORE
        labels = table.get("labels", [])
        if not isinstance(labels, list) or not all(isinstance(label, str) and label.strip() for label in labels):
            self.problem(_join(path, "labels"), Message("expected a list of non-empty texts"))
            labels = []
        elif labels and known and len(labels) != high - low + 1:
            self.problem(
                _join(path, "labels"),
                Message(
                    "expected {count} labels, one for each point from {low} to {high}, found {found}",
                    count=high - low + 1,
                    low=low,
                    high=high,
                    found=len(labels),
                ),
            )
            labels = []
        # Each label is a line of text the patient reads (the prompt, the history's key): checked as one, for
        # length, line breaks and control characters (found by review: ESC and a line break passed here).
        labels = [
            self.text({f"labels[{index}]": label}, f"labels[{index}]", path) for index, label in enumerate(labels)
        ]
        for unknown in sorted(set(table) - _SCALE_KEYS):
            self.problem(
                _join(path, unknown),
                Message("unknown key; a scale may have {keys}", keys=", ".join(sorted(_SCALE_KEYS))),
            )
        column = self.text(table, "column", path) if "column" in table else ""
        scale = Scale(
            key,
            self.text(table, "prompt", path),
            low,
            high,
            tuple(labels),
            self.text(table, "name", path),
            self.score_rules(table, path, low, high),
            column,
        )
        return scale if column else scale._replace(column=scale.title)  # the name as a heading by default

    def scales(self, data: dict[str, Any]) -> tuple[Scale, ...]:
        """The built-in scales, then every other [checkin.KEY] table, in the order the file gives them."""
        import difflib

        added = []
        for key in data:
            path = f"checkin.{key}"
            if key in CHECKIN_TABLES or key in SCALES:
                continue
            if not isinstance(data[key], dict):
                self.problem(
                    path,
                    Message(
                        "expected a table [{table}] describing a scale, found {kind}", table=path, kind=_kind(data[key])
                    ),
                )
            elif not re.fullmatch(_KEY, key) or key in RESERVED_SCALE_KEYS:
                reserved = ", ".join(sorted(RESERVED_SCALE_KEYS))
                self.problem(
                    path,
                    Message(
                        "a scale's key is lowercase letters, digits and dashes, and none of {reserved}",
                        reserved=reserved,
                    ),
                )
            elif not {"prompt", "name", "min", "max"} & set(data[key]):  # rules for a scale that is not there
                others = [*SCALES, *(other for other in data if other not in CHECKIN_TABLES and other != key)]
                close = difflib.get_close_matches(key, others, n=1)
                hint = Message(" (did you mean {match}?)", match=close[0]) if close else ""
                self.problem(
                    path,
                    Message(
                        "there is no scale '{key}'{hint}: a new scale needs prompt, name, min and max",
                        key=key,
                        hint=hint,
                    ),
                )
            else:
                added.append(key)
        if len(SCALES) + len(added) > MAX_SCALES:
            self.problem(
                "checkin",
                Message(
                    "at most {most} scales (the built-in ones included), found {found}",
                    most=MAX_SCALES,
                    found=len(SCALES) + len(added),
                ),
            )
        return tuple(self.scale(data, key) for key in [*SCALES, *added])

    def score_rules(self, table: dict[str, Any], path: str, low: int, high: int) -> tuple[ScoreRule, ...]:
        if table.get("rules", []) == []:
            return ()  # a scale may have no rules; `rules = []` removes the default ones
        rules = []
        for index, (item_path, item) in enumerate(self.items(table, "rules", path)):
            for key in sorted(set(item) - _RULE_KEYS):
                self.problem(
                    _join(item_path, key),
                    Message("unknown key; a rule may have {keys}", keys=", ".join(sorted(_RULE_KEYS))),
                )
            if "at_least" not in item and "rise_by" not in item:
                self.problem(item_path, Message("give at_least (a score), rise_by (a rise in points), or both"))
            fields = set(_AT_LEAST_FIELDS)
            at_least = rise_by = None
            if "at_least" in item:
                at_least = self.integer(item, "at_least", item_path, minimum=low, maximum=high)
            if "rise_by" in item:
                rise_by = self.integer(item, "rise_by", item_path, minimum=1, maximum=max(high - low, 1))
                fields |= _RISE_FIELDS
            compare = item.get("compare", "previous")
            if compare not in ("previous", "lowest"):
                self.problem(
                    _join(item_path, "compare"),
                    Message('expected "previous" or "lowest", found {kind}', kind=_kind(compare)),
                )
                compare = "previous"
            score_below = (
                self.integer(item, "score_below", item_path, minimum=low + 1, maximum=high)
                if ("score_below" in item)
                else None
            )
            not_falling = self.flag(item, "not_falling", item_path, default=False)
            with_any = self.rule_with_any(item.get("with_any", {}), _join(item_path, "with_any"))
            from_day = self.integer(item, "from_day", item_path) if "from_day" in item else 0
            to_day = self.integer(item, "to_day", item_path) if "to_day" in item else None
            if to_day is not None and to_day < from_day:
                self.problem(_join(item_path, "to_day"), _ends_before(to_day, from_day))
            key = self.key(item, item_path) if "key" in item else str(index)  # as translation paths name it
            if at_least is not None:
                kind: Literal["at_least", "rise_by"] = "at_least"
                threshold = at_least
            else:
                kind, threshold = "rise_by", rise_by or 1
            rules.append(
                ScoreRule(
                    kind,
                    threshold,
                    from_day,
                    to_day,
                    self.rule_level(item, "level", item_path),
                    self.template(item, "text", item_path, fields, required=_NAMES_SCORE_AND_DAY),
                    self.source(item, "source", item_path),
                    key=key,
                    rise_by=rise_by if kind == "at_least" else None,
                    compare=cast(Literal["previous", "lowest"], compare),
                    score_below=score_below,
                    not_falling=not_falling,
                    with_any=with_any,
                )
            )
        keys = [rule.key for rule in rules]
        for twice in sorted({key for key in keys if keys.count(key) > 1}):
            self.problem(_join(path, "rules"), Message('two rules have the key "{key}"', key=twice))
        return tuple(rules)

    def rule_with_any(self, value: Any, where: str) -> tuple[tuple[str, int], ...]:
        """`with_any = { pain = 4, redness = 3 }`: other scales and the score each must reach (checked against
        the scales once all are read, in `questions`)."""
        if not isinstance(value, dict):
            self.problem(where, Message("expected a table of scale = score, found {kind}", kind=_kind(value)))
            return ()
        found = []
        for key, score in value.items():
            if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
                self.problem(
                    _join(where, key),
                    Message("expected a score from 0 to {most}, found {kind}", most=MAX_SCORE, kind=_kind(score)),
                )
                continue
            found.append((str(key), score))
        return tuple(found)

    def rule_level(self, data: dict[str, Any], key: str, path: str) -> RuleLevel:
        level = self.text(data, key, path)
        if level and level not in RULE_LEVELS:
            self.problem(_join(path, key), Message('expected "urgent" or "contact", found "{level}"', level=level))
        return cast(RuleLevel, level)

    def painkillers(self, data: dict[str, Any], pain: Scale) -> Painkillers:
        path = "checkin.painkillers"
        fields, required = _PAINKILLER_FIELDS, _NAMES_SCORE_AND_DAY
        for unknown in sorted(set(data) - _PAINKILLER_KEYS):
            self.problem(_join(path, unknown), _unknown_key(path, _PAINKILLER_KEYS))
        top = max(pain.max, pain.min)
        return Painkillers(
            prompt=self.text(data, "prompt", path),
            ask_at_least=self.integer(data, "ask_at_least", path, minimum=pain.min, maximum=top),
            relieved_text=self.template(data, "relieved_text", path, fields, required=required),
            not_relieved_level=self.rule_level(data, "not_relieved_level", path),
            not_relieved_text=self.template(data, "not_relieved_text", path, fields, required=required),
            source=self.source(data, "source", path),
            urgent_at=self.integer(data, "urgent_at", path, minimum=pain.min, maximum=top)
            if "urgent_at" in data
            else None,
            urgent_from_day=self.integer(data, "urgent_from_day", path) if "urgent_from_day" in data else None,
            not_taken_text=self.template(data, "not_taken_text", path, fields, required=required)
            if "not_taken_text" in data
            else "",
        )

    def crusts(self, data: dict[str, Any], pain: Scale) -> Crusting | None:
        """Crusts that come back: the `returning_*` keys of [checkin.crusting], all or none."""
        path = "checkin.crusting"
        keys = {key for key in data if key.startswith("returning_")}
        for unknown in sorted(set(data) - _CRUSTING_KEYS):
            self.problem(_join(path, unknown), _unknown_key(path, _CRUSTING_KEYS))
        if not keys:
            return None
        return Crusting(
            returning_from_day=self.integer(data, "returning_from_day", path),
            returning_after=self.integer(data, "returning_after", path, minimum=1, maximum=10),
            returning_level=self.rule_level(data, "returning_level", path),
            returning_urgent_pain=self.integer(
                data, "returning_urgent_pain", path, minimum=pain.min, maximum=max(pain.max, pain.min)
            )
            if "returning_urgent_pain" in data
            else None,
            returning_text=self.template(data, "returning_text", path, {"day", "after"}, required=("day",)),
            returning_source=self.source(data, "returning_source", path),
        )

    def questions(self, data: dict[str, Any]) -> Questions:
        crusting = self.table(data, "crusting", "checkin")
        scales = self.scales(data)
        pain = scales[SCALES.index("pain")]
        known = {scale.key: scale for scale in scales}
        for scale in scales:
            for number, rule in enumerate(scale.rules):
                for other, score in rule.with_any:
                    where = f"checkin.{scale.key}.rules[{number}].with_any.{other}"
                    if other not in known:
                        self.problem(where, Message("there is no scale '{key}'", key=other))
                    elif not known[other].min <= score <= known[other].max:
                        self.problem(
                            where,
                            Message(
                                "{score} is not on the scale {low}-{high}",
                                score=score,
                                low=known[other].min,
                                high=known[other].max,
                            ),
                        )
        return Questions(
            scales=scales,
            crusting_prompt=self.text(crusting, "prompt", "checkin.crusting"),
            crusting_course=self.text(crusting, "course", "checkin.crusting"),
            note_prompt=self.text(self.table(data, "note", "checkin"), "prompt", "checkin.note"),
            reminder=self.checkin_reminder(self.table(data, "reminder", "checkin")),
            crusting_name=self.text(crusting, "name", "checkin.crusting"),
            painkillers=self.painkillers(self.table(data, "painkillers", "checkin"), pain),
            crusts=self.crusts(crusting, pain),
        )

    def checkin_reminder(self, data: dict[str, Any]) -> CheckinReminder:
        path = "checkin.reminder"
        at = self.clock(data.get("time"), _join(path, "time")) or time(19, 0)
        daily = self.integer(data, "daily_last_day", path, maximum=MAX_RINSE_DAY)
        weekly = self.integer(data, "weekly_last_day", path, maximum=MAX_RINSE_DAY)
        if weekly < daily:
            where = _join(path, "weekly_last_day")
            self.problem(
                where,
                Message("ends (day {last}) before the daily check-ins do (day {daily})", last=weekly, daily=daily),
            )
        return CheckinReminder(
            at,
            self.text(data, "title", path),
            self.text(data, "text", path),
            self.source(data, "source", path),
            self.text(data, "again_text", path),
            daily,
            weekly,
            self.text(data, "weekly_again_text", path),
        )

    def reasons(self, data: dict[str, Any]) -> dict[str, str]:
        return {key: self.template(data, key, "reasons", fields) for key, fields in _REASON_FIELDS.items()}

    def template(
        self, data: dict[str, Any], key: str, path: str, fields: set[str], *, required: tuple[str, ...] = ()
    ) -> str:
        """A text with {placeholders} that lipcare fills in: only `fields` may be used, `required` must be."""
        import string

        template = self.text(data, key, path)
        where = _join(path, key)
        # Read its placeholders, then fill it in with sample values as a check-in will: a format spec
        # or conversion that cannot take the value, or a width that would take gigabytes, is found here.
        problem = _template_problem(template, fields)
        if problem:
            self.problem(where, problem)
            if problem.template.startswith("braces do not match"):
                return template
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
        except ValueError:
            return template
        missing = [name for name in required if name not in used]
        if template and missing:
            self.problem(
                where,
                Message(
                    "must name {placeholder}: every reason says the score and the day",
                    placeholder="{" + missing[0] + "}",
                ),
            )
        return template

    def info(self, data: dict[str, Any]) -> tuple[InfoSection, ...]:
        sections = []
        keys = []
        for path, item in self.items(data, "info", ""):
            key = self.key(item, path)
            keys.append((_join(path, "key"), key))
            entries = tuple(
                Guidance(self.text(entry, "text", entry_path), self.source(entry, "source", entry_path))
                for entry_path, entry in self.items(item, "items", path)
            )
            sections.append(InfoSection(key, self.text(item, "title", path), entries))
        self.unique(keys, Message("info key"))
        return tuple(sections)

    # --- sources' support, aliases and the derived sun-protection start (new keys of issue 20) ----------

    def supports(self, item: dict[str, Any], path: str) -> tuple[Support, ...]:
        """A source's [[sources.supports]]: which lines it supports, where on the page, and what it says."""
        if "supports" not in item:
            return ()
        found = []
        for entry_path, entry in self.items(item, "supports", path):
            for unknown in sorted(set(entry) - set(_SUPPORT_KEYS)):
                self.problem(
                    _join(entry_path, unknown),
                    Message("unknown key; a support may have {keys}", keys=", ".join(_SUPPORT_KEYS)),
                )
            uses = entry.get("uses")
            if not isinstance(uses, list) or not uses or not all(isinstance(use, str) and use for use in uses):
                self.problem(
                    _join(entry_path, "uses"), Message('expected a list of use paths, like ["course.crusting"]')
                )
                uses = []
            elif any(len(use) > MAX_LINE_TEXT or first_unsafe(use) is not None for use in uses):
                self.problem(
                    _join(entry_path, "uses"),
                    Message("a use path is one line of at most {most} characters", most=MAX_LINE_TEXT),
                )
                uses = []
            confirmed = self.flag(entry, "confirmed", entry_path, default=True)
            found.append(
                Support(
                    tuple(uses),
                    self.text(entry, "where", entry_path),
                    self.text(entry, "excerpt", entry_path),
                    confirmed,
                )
            )
        return tuple(found)

    def aliases(self, item: dict[str, Any], path: str) -> tuple[str, ...]:
        """A warning sign's other words, written like keys."""
        value = item.get("aliases", [])
        where = _join(path, "aliases")
        if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
            self.problem(where, Message('expected a list of words, like ["itchy", "itch"]'))
            return ()
        if len(value) > MAX_LIST:
            self.problem(where, _too_many(len(value)))
            return ()
        for word in value:
            if not re.fullmatch(_KEY, word) or len(word) > MAX_LINE_TEXT:
                shown = inert(word if len(word) <= 40 else word[:37] + "...")
                self.problem(
                    where, Message('expected lower-case letters, digits and dashes, found "{value}"', value=shown)
                )
                return ()
        return tuple(value)

    def derive_sunscreen(self, protocol: Protocol, sun: dict[str, Any]) -> Protocol:
        """Daily sun protection starts the day after the crusts are expected to end: [[course]] crusting's
        last_day + 1 (the course [checkin.crusting] names). A clinic's `first_day` is not read: see
        `sunscreen_warnings`."""
        crusting = protocol.questions.crusting_course
        course = next((item for item in protocol.course if item.key == crusting), None)
        if course is None:
            return protocol  # reported where the crusting course is checked
        first = course.last_day + 1
        screen = protocol.sunscreen
        if screen.last_day < first:
            self.problem(
                "sun.sunscreen.last_day",
                Message(
                    'ends (day {last}) before daily sun protection starts: day {first}, the day after the "{course}" '
                    "course ends",
                    last=screen.last_day,
                    first=first,
                    course=crusting,
                ),
            )
        # A clinic's file that still gives first_day: one warning (sunscreen_warnings), not an unknown key.
        self.problems = [problem for problem in self.problems if problem.key != "sun.sunscreen.first_day"]
        self.ignored_sunscreen_start = isinstance(sun.get("sunscreen"), dict) and "first_day" in sun["sunscreen"]
        return protocol._replace(sunscreen=screen._replace(first_day=first))

    def use_keys(self, protocol: Protocol) -> dict[str, str]:
        """The key each use's `source` has in the file ("course[2].source" for "course.crusting"), so a warning
        about it names the line that cites the source."""
        names = {name: [str(getattr(item, "key", "")) for item in getattr(protocol, name)] for name in _KEYED}
        names["info"] = [section.key for section in protocol.info]
        rules = {scale.key: [rule.key for rule in scale.rules] for scale in protocol.questions.scales}

        def by_key(match: re.Match[str]) -> str:
            keys, index = names.get(match.group(1), []), int(match.group(2))
            return f"{match.group(1)}.{keys[index]}" if index < len(keys) else match.group(0)

        def rule_key(match: re.Match[str]) -> str:  # rules are named by their key, as translation paths name them
            keys, index = rules.get(match.group(1), []), int(match.group(2))
            return f"questions.{match.group(1)}.rules.{keys[index]}" if index < len(keys) else match.group(0)

        found: dict[str, str] = {}
        for path, _ in self.source_refs:
            use = re.sub(r"\.source$|_source$", "", path)
            use = re.sub(r"^sun\.(avoid|sunscreen)", lambda match: _SUN_USES[match.group(1)], use)
            use = re.sub(r"^checkin\.([a-z0-9-]+)\.rules\[(\d+)\]", rule_key, use)
            use = re.sub(r"^checkin\.crusting\.returning", "questions.crusts.returning", use)
            use = re.sub(r"^checkin\.", "questions.", use)
            use = re.sub(r"^([a-z_]+)\[(\d+)\]", by_key, use)
            found.setdefault(re.sub(r"\[(\d+)\]", r".\1", use), path)
        return found

    def shipped_sources(self) -> frozenset[str]:
        """The default protocol's source ids when this is a clinic's file; none when it is the default itself."""
        import tomllib

        from lipcare.protocol.types import default_protocol_path
        from lipcare.text import printable

        default = default_protocol_path()
        if self.file == printable(str(default)):
            return frozenset()
        try:
            data = tomllib.loads(default.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return frozenset()
        return frozenset(str(item.get("id")) for item in data.get("sources", []) if isinstance(item, dict))

    def warnings(self, protocol: Protocol) -> list[Problem]:
        """What `protocol check` warns about in a protocol that is valid (lipcare.protocol.consistency), each with
        its line: texts stating days or weeks their values disagree with, sources without support text,
        supports naming the wrong lines, unused sources, an ignored sunscreen first_day, and course items that
        are also warning signs."""
        found = [Problem(self.file, key, message, self.line(key)) for key, message in disagreements(protocol)]
        cited_at = self.use_keys(protocol)
        for key, message in support_warnings(protocol, self.shipped_sources()):
            use = str(message.fields.get("use", "")) if key == "sources" else ""
            where = cited_at.get(use, key)  # a line without support is reported where it cites its source
            found.append(Problem(self.file, where, message, self.line(where)))
        if self.ignored_sunscreen_start:
            first = protocol.sunscreen.first_day
            found.append(
                Problem(
                    self.file,
                    "sun.sunscreen.first_day",
                    Message(
                        "is no longer read: daily sun protection starts the day after the crusts are expected to "
                        "end (day {first}, the crusting course's last_day + 1); remove it, and change that "
                        "course's last_day to move it",
                        first=first,
                    ),
                    self.line("sun.sunscreen.first_day"),
                )
            )
        found += [Problem(self.file, key, message, self.line(key)) for key, message in course_signs(protocol)]
        found += [Problem(self.file, key, message, self.line(key)) for key, message in restated_values(protocol)]
        return found


def _template_problem(template: str, fields: set[str]) -> Message | None:
    """What is wrong with a template, found by reading its placeholders and then filling it in with
    sample values, as a check-in will; None when it works."""
    import string

    allowed = ", ".join("{" + field + "}" for field in sorted(fields))
    try:
        parsed = [(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        return Message(
            "braces do not match ({error}); write {open} and {close} for a brace itself",
            error=_parser_said(error),
            open="{{",
            close="}}",
        )
    unknown = sorted({name for name, _ in parsed} - fields)
    if unknown:
        shown = inert(unknown[0] if len(unknown[0]) <= 40 else unknown[0][:37] + "...")
        return Message(
            "unknown placeholder {placeholder}; this text may use {allowed}",
            placeholder="{" + shown + "}",
            allowed=allowed,
        )
    for name, spec in parsed:
        if spec and ("{" in spec or "}" in spec):
            return Message(
                "the format of {placeholder} may not contain another placeholder", placeholder="{" + name + "}"
            )
        numbers = re.findall(r"[0-9]+", spec or "")
        if any(len(number) > 3 or int(number) > MAX_FORMAT_WIDTH for number in numbers):
            shown_spec = inert((spec or "")[:20])
            return Message(
                "the width in {placeholder} is too large; at most {most}",
                placeholder="{" + name + ":" + shown_spec + "}",
                most=MAX_FORMAT_WIDTH,
            )
    samples = {name: _SAMPLES.get(name, "Fever" if name in _TEXT_FIELDS else 12) for name in fields}
    try:
        template.format(**samples)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        return Message(
            "a placeholder cannot be filled in ({error}); write it as {example}",
            error=_parser_said(error),
            example="{name}",
        )
    return None


def _number(value: int) -> int | Message:
    """A number found in a file: itself (said in the language's digits), or how long it is when it is huge."""
    return value if abs(value) < 10**100 else Message("a number with {count} digits", count=len(str(abs(value))))


def _parser_said(error: Exception) -> Message:
    """What Python's own parser said, in English (it has no other language), marked as its words."""
    return Message("in Python's words: {said}", said=inert(str(error)))


def _too_many(count: int) -> Message:
    return Message("has {count} entries; a list may have at most {most}", count=count, most=MAX_LIST)


def _ends_before(last: int, first: int) -> Message:
    return Message("ends (day {last}) before it starts (day {first})", last=last, first=first)


def _unknown_key(table: str, keys: set[str]) -> Message:
    return Message("unknown key; [{table}] may have {keys}", table=table, keys=", ".join(sorted(keys)))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> Message:
    """What a file gave instead of what was expected: 'the number 5', 'the text "..."' (quoted inert), 'a list'."""
    if value is None:
        return Message("nothing")
    if isinstance(value, bool):
        return Message("true/false")
    if isinstance(value, int):
        return Message("the number {number}", number=_number(value))
    if isinstance(value, float):
        return Message("the number {number}", number=str(value))
    if isinstance(value, str):
        return Message('the text "{text}"', text=inert(value if len(value) <= 60 else value[:57] + "..."))
    if isinstance(value, list):
        return Message("a list")
    if isinstance(value, dict):
        return Message("a table")
    return Message("a value of type {type}", type=type(value).__name__)
