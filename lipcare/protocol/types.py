"""The protocol's types: every record a checked protocol is made of, and the public constants.

Importing this module costs only the class definitions; reading and checking a protocol file lives in
`lipcare.protocol.load` and `lipcare.protocol.validate`, which a command served from the protocol
cache never imports.
"""

# Annotations stay strings: `Record` reads only the field names, so none is evaluated on import.
from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from typing import Literal

from lipcare.record import Record

FORMAT_VERSION = 1
URGENCIES = ("immediate", "urgent", "contact")
Urgency = Literal["immediate", "urgent", "contact"]
RULE_LEVELS = ("urgent", "contact")
RuleLevel = Literal["urgent", "contact"]
SCALES = ("redness", "swelling", "pain")
"""The built-in scored questions, which every protocol has; a clinic may add others after them."""
CHECKIN_TABLES = frozenset({"crusting", "note", "reminder", "painkillers"})
"""The tables under [checkin] that are not scales: every other [checkin.KEY] table is a scale."""
RESERVED_SCALE_KEYS = CHECKIN_TABLES | {
    "on",
    "day",
    "symptoms",
    "level",
    "action",
    "reasons",
    "protocol",
    "id",
    "photo",
    "photos",
    "advice",
    "response",
}
"""Keys an added scale cannot take: they name other fields of a check-in in its JSON, CSV and FHIR forms."""
MAX_SCORE = 100
"""The highest `max` a scale may have."""
MAX_SCALES = 20
"""Scales in a protocol (the three built-in ones included)."""

INFO_SECTIONS = ("what", "steps", "side-effects", "aftercare", "differences")
"""The [[info]] sections every protocol provides; `lipcare info` shows them in this order."""

# Limits, generous for any real clinic (docs/protocol.md lists them). They keep a mistaken or hostile
# file from making lipcare slow, huge or unreadable: every check-in, calendar and page is built from it.
MAX_FILE_BYTES = 1024 * 1024
"""A protocol file is at most 1 MiB (the default is about 15 KB)."""
MAX_PROBLEMS = 100
"""How many problems of one protocol file are named; the rest are counted."""
MAX_LINE_TEXT = 200
"""Characters in a title, name, label, key, prompt, phone number or other one-line text."""
MAX_TEXT = 4000
"""Characters in a longer text (text, beyond_text, summary, the reason templates)."""
MAX_LIST = 200
"""Entries in any list of tables ([[course]], [[warning_signs]], [[info]], items, [[sources]])."""
MAX_RINSE_TIMES = 24
"""Rinse times a day."""
MAX_RINSE_DAY = 365
"""The last day a rinse may be scheduled (a year): at most 366 x 24 calendar reminders."""
MAX_FORMAT_WIDTH = 100
"""Width or precision in a placeholder's format, as in {day:>3}."""
#: Keys whose text may run over several lines; every other text is one line (calendars drop
#: events whose title has a line break).
MULTILINE_KEYS = frozenset({"text", "beyond_text", "summary"})


class Source(Record):
    id: str
    kind: str
    title: str
    url: str


class Guidance(Record):
    text: str
    source: str


class InfoSection(Record):
    key: str
    title: str
    items: tuple[Guidance, ...]


class Clinic(Record):
    name: str
    phone: str
    hours: str
    out_of_hours_phone: str
    if_unknown: str
    """What to tell the patient where the clinic's details are not known."""
    if_closed: str
    """Who to call when the clinic is closed and no out-of-hours number is known."""
    if_closed_source: str

    @property
    def known(self) -> bool:
        return bool(self.name or self.phone or self.out_of_hours_phone)


class Redness(Record):
    window_days: int
    rebound_from_day: int
    rebound_source: str
    text: str
    source: str
    beyond_text: str
    beyond_source: str
    beyond_note: str
    """Said beside `beyond_text`: what clinical sources report, so the check is not read as an alarm."""
    beyond_note_source: str


class Rinse(Record):
    first_day: int
    last_day: int
    times: tuple[time, ...]
    title: str
    text: str
    source: str


class Span(Record):
    """Guidance that applies from `first_day` to `last_day`, both inclusive."""

    key: str
    first_day: int
    last_day: int
    title: str
    text: str
    source: str


class WarningSign(Record):
    key: str
    label: str
    urgency: Urgency
    source: str


class UrgencyText(Record):
    title: str
    """The heading: what to do, in a few words."""
    text: str
    """What the heading does not say already."""
    source: str

    @property
    def sentence(self) -> str:
        """The heading and the text as one instruction."""
        return f"{self.title}. {self.text}"


class ScoreRule(Record):
    """A rule that reads one score of a check-in on the days from `from_day` to `to_day`.

    `at_least`: the score is `threshold` or more. `rise_by`: the score is at
    least `threshold` points higher than at the latest earlier check-in that
    recorded it.
    """

    kind: Literal["at_least", "rise_by"]
    threshold: int
    from_day: int
    to_day: int | None
    level: RuleLevel
    text: str
    source: str

    def covers(self, day: int) -> bool:
        return self.from_day <= day and (self.to_day is None or day <= self.to_day)


class Scale(Record):
    """A scored question of the check-in: [checkin.KEY] in the protocol."""

    key: str
    """How options, storage and exports name it: `--answer KEY=N`, the JSON and CSV field."""
    prompt: str
    min: int
    max: int
    labels: tuple[str, ...]
    name: str = ""
    """What the score is called in a sentence: 'redness', 'swelling', 'pain'."""
    rules: tuple[ScoreRule, ...] = ()
    column: str = ""
    """Its heading in the history table, short: 'Red', 'Swell'."""
    removed: bool = False
    """A scale this protocol does not have, which check-ins saved under another one recorded (see
    `Questions.with_stored`): shown with what was saved, never asked, read by no rule and not charted."""

    @property
    def title(self) -> str:
        """The name as a heading: 'Redness'."""
        return self.name[:1].upper() + self.name[1:]

    def choices(self) -> str:
        """'0 none, 1 mild, 2 moderate, 3 severe', or '0 to 10' without labels, in the language in force."""
        from lipcare.text import _, num

        if self.labels:
            return _(", ").join(f"{num(self.min + index)} {label}" for index, label in enumerate(self.labels))
        return _("{low} to {high}").format(low=num(self.min), high=num(self.max))


class Painkillers(Record):
    """The follow-up question asked when pain is `ask_at_least` or more, and what each answer means."""

    prompt: str
    ask_at_least: int
    relieved_level: RuleLevel
    relieved_text: str
    not_relieved_level: RuleLevel
    not_relieved_text: str
    source: str


class CheckinReminder(Record):
    """The daily reminder to check in, for calendars."""

    time: time
    title: str
    text: str
    source: str
    again_text: str
    """Said after a check-in with nothing to act on, while the daily check-ins run."""


class Questions(Record):
    scales: tuple[Scale, ...]
    """Every scored question, in the order they are asked: the built-in ones (SCALES), then a clinic's own."""
    crusting_prompt: str
    crusting_course: str
    note_prompt: str
    reminder: CheckinReminder
    crusting_name: str
    painkillers: Painkillers

    def scale(self, key: str) -> Scale:
        """The scale whose key is `key`; KeyError when the protocol has none."""
        for scale in self.scales:
            if scale.key == key:
                return scale
        raise KeyError(key)

    @property
    def redness(self) -> Scale:
        return self.scale("redness")

    @property
    def swelling(self) -> Scale:
        return self.scale("swelling")

    @property
    def pain(self) -> Scale:
        return self.scale("pain")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(scale.key for scale in self.scales)

    def with_stored(self, keys: Iterable[str]) -> Questions:
        """These questions, then a `removed` scale, named by its key, for each of `keys` (the scales saved
        check-ins recorded) that the protocol does not have: a scale a clinic dropped stays in sight."""
        known = self.keys
        gone = tuple(Scale(key, "", 0, MAX_SCORE, (), key, (), key, removed=True) for key in keys if key not in known)
        return self._replace(scales=self.scales + gone) if gone else self

    def with_scale(self, scale: Scale) -> Questions:
        """These questions with the scale of the same key replaced by `scale`."""
        return self._replace(scales=tuple(scale if old.key == scale.key else old for old in self.scales))


class Protocol(Record):
    format: int
    id: str
    name: str
    version: str
    language: str
    summary: str
    origin: str
    clinic: Clinic
    notice: str
    redness: Redness
    rinse: Rinse
    sun_avoid: Span
    sunscreen: Span
    course: tuple[Span, ...]
    care: tuple[Span, ...]
    """What to do on the days each item covers (ointment, crusts, pain relief)."""
    prepare: tuple[Guidance, ...]
    """What to do or have ready before the treatment."""
    warning_signs: tuple[WarningSign, ...]
    urgency: dict[str, UrgencyText]
    questions: Questions
    reasons: dict[str, str]
    info: tuple[InfoSection, ...]
    sources: dict[str, Source]

    @property
    def label(self) -> str:
        """'id@version', stored with every check-in to say whose rules it was judged by."""
        return f"{self.id}@{self.version}"

    def sign(self, key: str) -> WarningSign:
        return next(sign for sign in self.warning_signs if sign.key == key)

    def advice(self, action: str, unanswered: bool) -> UrgencyText:
        """What to tell the patient for an advice `action`. An `expected` one given while questions went
        unanswered takes the `incomplete` wording, which never says the day matches."""
        return self.urgency["incomplete" if action == "expected" and unanswered else action]

    def course_item(self, key: str) -> Span:
        return next(item for item in self.course if item.key == key)

    def info_section(self, key: str) -> InfoSection:
        return next(section for section in self.info if section.key == key)


class Problem(Record):
    """One thing wrong with a protocol file."""

    file: str
    key: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = self.message if len(self.message) <= 400 else self.message[:397] + "..."
        return f"{where}: {self.key}: {message}" if self.key else f"{where}: {message}"


class Checked(Record):
    """The outcome of checking a protocol file."""

    protocol: Protocol | None
    problems: list[Problem]
    defaulted: list[str]
    """Key paths the file leaves out, which take the default protocol's values."""
    warnings: tuple[Problem, ...] = ()
    """Texts that state a number of days or weeks the protocol's values disagree with."""
    more: int = 0
    """Problems found beyond the MAX_PROBLEMS listed in `problems`, counted but not named."""
