"""The protocol's types: every record a checked protocol is made of, and the public constants.

Importing this module costs only the class definitions; reading and checking a protocol file lives in
`lipcare.protocol.load` and `lipcare.protocol.validate`, which a command served from the protocol
cache never imports.
"""

# Annotations stay strings: `Record` reads only the field names, so none is evaluated on import.
from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from pathlib import Path
from typing import Any, Literal

from lipcare.errors import Message
from lipcare.fasttuple import Record

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
MAX_DOSE_TIMES = 24
"""Times a day a medicine may be taken."""
MIN_MEDICATION_DAY = -30
"""The earliest day a medicine may start: a course can start before the treatment (the antiviral a day or two)."""
SUGGESTED_FIRST = time(8, 0)
SUGGESTED_LAST = time(20, 0)
"""A medicine given as `times_per_day` is spread evenly from SUGGESTED_FIRST to SUGGESTED_LAST, as suggestions."""
MAX_FORMAT_WIDTH = 100
"""Width or precision in a placeholder's format, as in {day:>3}."""
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
"""Numbers as guidance writes them in words: checked against the values they state, and against translations."""
#: Keys whose text may run over several lines; every other text is one line (calendars drop
#: events whose title has a line break).
MULTILINE_KEYS = frozenset({"text", "beyond_text", "summary", "excerpt"})


def default_protocol_path() -> Path:
    """The protocol shipped with lipcare (here, not in `load`: the protocol cache keys on it without loading
    the loader).

    In an installed wheel the data directory sits inside the package; in a
    source checkout (editable install) it is the repository's top-level data/.
    """
    package = Path(__file__).resolve().parent.parent  # lipcare/, this module being lipcare/protocol/types.py
    packaged = package / "data" / "protocol.toml"
    if packaged.is_file():
        return packaged
    return package.parent / "data" / "protocol.toml"


SOURCE_KINDS = ("leaflet", "clinical", "clinic", "judgement")
"""What a source is: the patient leaflet, a published clinical page, the clinic's own word, or lipcare's own
clinical judgement where no published source says it."""


class Support(Record):
    """What a source says that supports some of the lines citing it: [[sources.supports]] in the protocol."""

    uses: tuple[str, ...]
    """The use paths of the lines it supports ("course.crusting", "warning_signs.fever"): see `source_uses`."""
    where: str
    """Where on the page: a section, a paragraph, a list."""
    excerpt: str
    """A short quote or close paraphrase of what the page says."""
    confirmed: bool = True
    """False when the claim could not be confirmed on the page: said aloud as "unconfirmed"."""


class Source(Record):
    id: str
    kind: str
    title: str
    url: str
    supports: tuple[Support, ...] = ()


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


class Medication(Record):
    """A medicine the protocol schedules: [[medication]], taken at `times` each day from `first_day` to `last_day`
    (both inclusive, day 0 the treatment day; negative: before it)."""

    key: str
    name: str
    purpose: str
    """What it is for, one line."""
    first_day: int
    last_day: int
    times: tuple[time, ...]
    dose: str
    """How much, as the patient is told: "As your clinic prescribed" where the dose is the clinic's to set."""
    text: str
    source: str
    times_suggested: bool = False
    """The times are lipcare's suggestion (the clinic sets the real ones): shown as "suggested"."""
    missed_text: str = ""
    """What to do about a missed dose, said when a check-in records one; empty: ask the clinic or pharmacist."""
    missed_source: str = ""

    def covers(self, day: int) -> bool:
        return self.first_day <= day <= self.last_day


def spread_times(count: int) -> tuple[time, ...]:
    """`count` times a day spread evenly from SUGGESTED_FIRST to SUGGESTED_LAST, each on a quarter hour."""
    first = SUGGESTED_FIRST.hour * 60 + SUGGESTED_FIRST.minute
    last = SUGGESTED_LAST.hour * 60 + SUGGESTED_LAST.minute
    if count <= 1:
        return (SUGGESTED_FIRST,)
    found = []
    for index in range(count):
        minute = round((first + (last - first) * index / (count - 1)) / 15) * 15
        found.append(time(minute // 60, minute % 60))
    return tuple(sorted(set(found)))


class WarningSign(Record):
    key: str
    label: str
    urgency: Urgency
    source: str
    aliases: tuple[str, ...] = ()
    """Other words `--symptom` and `lipcare info` take for this sign (an old key that journals still hold,
    "itchy", "herpes"); unique across every key and alias of the protocol."""

    @property
    def words(self) -> tuple[str, ...]:
        """The key, then the aliases: every word that names this sign."""
        return (self.key, *self.aliases)


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

    It fires when every condition it has holds (it has at least one of the first two):
    `at_least`, the score is that or more; `rise_by`, the score is that many points higher than the
    baseline (`compare`: "previous", the latest earlier check-in that recorded it; "lowest", the lowest
    score recorded from day 1 on in the `LOWEST_DAYS` days before, never the numb day 0);
    `score_below`, the score is lower than that (a milder rule beside a stricter one); `not_falling`,
    the score is not lower than at the previous check-in; `with_any`, at least one other scale of the
    same check-in is at or above its value.
    """

    kind: Literal["at_least", "rise_by"]
    """The main condition: `at_least` whenever the rule has one."""
    threshold: int
    """The main condition's number: `at_least`, else `rise_by`."""
    from_day: int
    to_day: int | None
    level: RuleLevel
    text: str
    source: str
    key: str = ""
    """Names the rule within its scale (`severe`); reasons and `protocol show --rules` name it with its scale's
    key, 'pain.severe'. Without one in the file: its place in the list, from 0, as translation paths name it."""
    rise_by: int | None = None
    """Set with `at_least` too when the rule needs both."""
    compare: Literal["previous", "lowest"] = "previous"
    score_below: int | None = None
    not_falling: bool = False
    with_any: tuple[tuple[str, int], ...] = ()

    def covers(self, day: int) -> bool:
        return self.from_day <= day and (self.to_day is None or day <= self.to_day)

    @property
    def rise(self) -> int | None:
        """The rise the rule needs, whichever condition holds it."""
        return self.threshold if self.kind == "rise_by" else self.rise_by


LOWEST_DAYS = 7
"""How far back a rule that compares with the lowest score looks, in days."""


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
    """The follow-up question asked when pain is `ask_at_least` or more, and what each answer means.

    "Not relieved" is a reason at `not_relieved_level`, raised to urgent when the pain is `urgent_at` or
    more or the day is `urgent_from_day` or later. "Relieved" and "not taken" add a line to the advice
    (`relieved_text`, `not_taken_text`) and leave the level to the pain rules."""

    prompt: str
    ask_at_least: int
    relieved_text: str
    not_relieved_level: RuleLevel
    not_relieved_text: str
    source: str
    urgent_at: int | None = None
    urgent_from_day: int | None = None
    not_taken_text: str = ""

    def not_relieved_at(self, score: int | None, day: int) -> RuleLevel:
        """The level of pain that painkillers do not relieve, at `score` on `day`."""
        if self.urgent_at is not None and score is not None and score >= self.urgent_at:
            return "urgent"
        if self.urgent_from_day is not None and day >= self.urgent_from_day:
            return "urgent"
        return self.not_relieved_level


class Crusting(Record):
    """Crusts that come back: from `returning_from_day`, crusts after `returning_after` check-ins in a row
    recorded none are a reason at `returning_level`, urgent with pain of `returning_urgent_pain` or more."""

    returning_from_day: int
    returning_after: int
    returning_level: RuleLevel
    returning_urgent_pain: int | None
    returning_text: str
    returning_source: str


class CheckinReminder(Record):
    """The reminder to check in, for calendars: daily to `daily_last_day`, then weekly to `weekly_last_day`."""

    time: time
    title: str
    text: str
    source: str
    again_text: str
    """Said after a check-in with nothing to act on, while the daily check-ins run."""
    daily_last_day: int = 21
    """The last day of the daily check-ins (day 0 is the treatment day)."""
    weekly_last_day: int = 90
    """The last day of the weekly check-ins that follow them, every seventh day after `daily_last_day`."""
    weekly_again_text: str = ""
    """Said after a check-in with nothing to act on, while the weekly check-ins run."""

    def days(self) -> tuple[int, ...]:
        """Every day with a check-in reminder: each day to `daily_last_day`, then every seventh day."""
        daily = tuple(range(0, self.daily_last_day + 1))
        weekly = tuple(range(self.daily_last_day + 7, self.weekly_last_day + 1, 7))
        return daily + weekly


class Questions(Record):
    scales: tuple[Scale, ...]
    """Every scored question, in the order they are asked: the built-in ones (SCALES), then a clinic's own."""
    crusting_prompt: str
    crusting_course: str
    note_prompt: str
    reminder: CheckinReminder
    crusting_name: str
    painkillers: Painkillers
    crusts: Crusting | None = None
    """Crusts that come back after healing; None: a protocol without that rule."""

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


BY_SETTINGS = "your settings"
"""What lipcare.settings.choose_protocol says chose a protocol from the settings: a key, kept in English in the
protocol's origin (which --json gives), and the catalogue's key for how the terminal says it."""


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
    originals: dict[str, str] = {}  # noqa: RUF012  (never changed: a default shared is safe)
    """In a translated protocol, a fingerprint of the English each translated text replaced, by its path
    (lipcare.wording.fingerprint): a reason saved in one language is worded again in another only when both come
    from the same English."""
    medication: tuple[Medication, ...] = ()
    """The medicines the protocol schedules (an antiviral course, the ointment): [[medication]]."""

    @property
    def label(self) -> str:
        """'id@version', stored with every check-in to say whose rules it was judged by."""
        return f"{self.id}@{self.version}"

    def sign_key(self, word: str) -> str | None:
        """The key of the warning sign `word` names (its key or one of its aliases), or None."""
        for sign in self.warning_signs:
            if word == sign.key or word in sign.aliases:
                return sign.key
        return None

    def sign(self, key: str) -> WarningSign:
        """The warning sign named by `key` or by one of its aliases; StopIteration when none is."""
        found = self.sign_key(key)
        return next(sign for sign in self.warning_signs if sign.key == found)

    def advice(self, action: str, unanswered: bool, followed: bool = False) -> UrgencyText:
        """What to tell the patient for an advice `action`. An `expected` one given while questions went
        unanswered takes the `incomplete` wording, which never says the day matches; a `contact` one whose
        only problems the patient has already called about takes the `followed` wording."""
        if followed and action == "contact" and "followed" in self.urgency:
            return self.urgency["followed"]
        return self.urgency["incomplete" if action == "expected" and unanswered else action]

    def course_item(self, key: str) -> Span:
        return next(item for item in self.course if item.key == key)

    def info_section(self, key: str) -> InfoSection:
        return next(section for section in self.info if section.key == key)

    def with_stored(self, keys: Iterable[str]) -> Protocol:
        """This protocol with a `removed` scale for each of `keys` (the scales saved check-ins recorded) it no
        longer has (`Questions.with_stored`), so that history, the report and the exports show what was saved."""
        return self._replace(questions=self.questions.with_stored(keys))

    def source_uses(self) -> list[tuple[str, str]]:
        """Every (use path, source id) of this protocol, in its order. A *use* is a line that cites a source,
        named by the path of the item whose `source` it is, in the scheme translation paths use, without the
        final field: `course.crusting`, `warning_signs.fever`, `redness.rebound` (its `rebound_source`),
        `questions.pain.rules.0`, `info.what.items.2`. Found by walking the records, so a key added later is
        covered without a change here."""
        found: list[tuple[str, str]] = []
        _uses(self, "", found)
        return found


def _uses(value: Any, path: str, found: list[tuple[str, str]]) -> None:
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        for field in value._fields:
            if field == "sources":
                continue  # the sources themselves cite nothing
            item = getattr(value, field)
            if isinstance(item, str) and (field == "source" or field.endswith("_source")):
                if item:
                    found.append((path if field == "source" else _use_child(path, field.removesuffix("_source")), item))
            elif isinstance(item, tuple | dict):
                _uses(item, _use_child(path, field), found)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            name = getattr(item, "key", None) if hasattr(item, "_fields") else None
            _uses(item, f"{path}.{name if isinstance(name, str) and name else index}", found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _uses(item, f"{path}.{key}", found)


def _use_child(path: str, field: str) -> str:
    # As lipcare.locale.translation names them: the check-in's scales are `questions.pain`, not `questions.scales.pain`.
    if path == "questions" and field == "scales":
        return path
    return f"{path}.{field}" if path else field


class Problem(Record):
    """One thing wrong with a protocol file: where (the file, its line, the key) and what, as a `Message` (an
    English template and its fields), said in the language in force by `shown()`; `str()` is the English."""

    file: str
    key: str
    said: Message
    line: int | None = None

    @property
    def message(self) -> str:
        """What is wrong, in English."""
        return self.said.english()

    def place(self) -> str:
        """'FILE:LINE' (the line in ASCII digits in every language: editors and terminals jump to it), or 'FILE'."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_message(self) -> Message:
        """The whole finding as a `Message`, to be a field of an error."""
        if self.key:
            return Message("{place}: {key}: {message}", place=self.place(), key=self.key, message=self.said)
        return Message("{place}: {message}", place=self.place(), message=self.said)

    def shown(self) -> str:
        """The finding in the language in force: 'FILE:LINE: KEY: what is wrong'."""
        return _cut(self.as_message().shown())

    def __str__(self) -> str:
        return _cut(self.as_message().english())


def _cut(text: str) -> str:
    """A finding of at most 500 characters (a file's long value is quoted in part)."""
    return text if len(text) <= 500 else text[:497] + "..."


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
