"""Medicines and their doses: the protocol's [[medication]], the patient's own and their changes to the protocol's.

A pure API (no journal, no clock): `Schedule(protocol, stored, treated, today)` merges the protocol's medicines
with those the patient keeps in the journal (`Journal.medicines`) and says when each dose is due:

    schedule = Schedule(protocol, journal.medicines(treatment), treatment.treatment_date, today)
    schedule.doses_on(day)             # the doses due on a date, in time order
    schedule.doses_between(start, end)  # every dose due from `start` to `end`, both dates included

Each `Dose` names its medicine (key and name), when it is due (a naive local datetime), the dose text, and the
source of the line (the protocol's source id, or "patient" for a medicine the patient added or changed).
`lipcare remind` builds its reminders from `doses_between`. Reading what a patient typed (`parse_times`,
`parse_day`, `check_name`) and planning an addition or removal (`plan_add`, `find_stored`) live here too; the
command writes with the journal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from lipcare.errors import LipcareError, Message, UsageError
from lipcare.fasttuple import Record
from lipcare.journal_rows import DoseRecord, MedicineRow
from lipcare.protocol.types import MAX_DOSE_TIMES, MAX_LINE_TEXT, MAX_RINSE_DAY, MIN_MEDICATION_DAY, Medication
from lipcare.text import first_unsafe, inert

PATIENT = "patient"
"""The source of a medicine the patient added or changed: their own word, not the protocol's."""
MAX_NAME = 80
"""Characters in a medicine's name the patient types."""
MAX_MEDICINES = 50
"""Medicines a patient may keep for one treatment."""
STATUSES = ("taken", "missed", "some")
"""What a check-in records about a day's doses of a medicine: all taken, none, or some of them."""


class Dose(Record):
    """One dose due: the medicine's `key` and `name`, `at` (local date and time), `dose` (how much, as the patient
    was told), `source` (a protocol source id, or PATIENT), `day` (days after the treatment) and whether the time
    is only `suggested`."""

    key: str
    name: str
    at: datetime
    dose: str
    source: str
    day: int
    suggested: bool = False


class Schedule:
    """The medicines in force for one treatment, and their doses."""

    def __init__(
        self, protocol_medication: Sequence[Medication], stored: Sequence[MedicineRow], treated: date, today: date
    ) -> None:
        self.treated = treated
        self.today = today
        adjusted = {row.key: row for row in stored if row.adjusts}
        found = [_adjusted(item, adjusted[item.key]) if item.key in adjusted else item for item in protocol_medication]
        found += [_own(row) for row in stored if not row.adjusts]
        self.medicines: tuple[Medication, ...] = tuple(found)

    def day(self, on: date) -> int:
        return (on - self.treated).days

    def date_of(self, day: int) -> date:
        return self.treated + timedelta(days=day)

    def doses_on(self, on: date) -> list[Dose]:
        """The doses due on `on`, in time order (then in the medicines' order)."""
        day = self.day(on)
        found = [
            Dose(item.key, item.name, datetime.combine(on, at), item.dose, item.source, day, item.times_suggested)
            for item in self.medicines
            if item.covers(day)
            for at in item.times
        ]
        return sorted(found, key=lambda dose: dose.at)

    def doses_between(self, start: date, end: date) -> list[Dose]:
        """Every dose due from `start` to `end` (both included), in time order; only the days some medicine
        covers are walked, so a wide range costs no more than the courses it meets."""
        if not self.medicines:
            return []
        first = max(start, self.date_of(min(item.first_day for item in self.medicines)))
        last = min(end, self.date_of(max(item.last_day for item in self.medicines)))
        found: list[Dose] = []
        on = first
        while on <= last:
            found += self.doses_on(on)
            on += timedelta(days=1)
        return found

    def medicine(self, key: str) -> Medication | None:
        return next((item for item in self.medicines if item.key == key), None)

    @property
    def last_date(self) -> date | None:
        """The last day any dose is due, or None without medicines."""
        return self.date_of(max(item.last_day for item in self.medicines)) if self.medicines else None


def _adjusted(item: Medication, row: MedicineRow) -> Medication:
    return item._replace(
        first_day=row.first_day,
        last_day=row.last_day,
        times=row.times,
        dose=row.dose or item.dose,
        times_suggested=False,
        source=PATIENT,
    )


def _own(row: MedicineRow) -> Medication:
    return Medication(row.key, row.name, row.purpose, row.first_day, row.last_day, row.times, row.dose, "", PATIENT)


class Missed(Record):
    """A day on which a check-in recorded doses of a medicine as missed (`status` 'missed' or 'some'), with what
    the protocol says to do about it (`advice`, `source`)."""

    on: date
    key: str
    name: str
    status: str
    advice: str
    source: str


def missed(schedule: Schedule, records: Sequence[DoseRecord]) -> list[Missed]:
    """The missed doses among `records`, by day, with the protocol's advice for each medicine (its `missed_text`;
    without one, an empty advice: the caller says to ask the clinic or pharmacist, and no rule is invented)."""
    found = []
    for record in records:
        if record.status == "taken":
            continue
        item = schedule.medicine(record.medicine)
        name = item.name if item else record.medicine
        advice, source = (item.missed_text, item.missed_source) if item else ("", "")
        found.append(Missed(record.on, record.medicine, name, record.status, advice, source))
    return found


def due_on(schedule: Schedule, on: date, now: time | None = None) -> list[Medication]:
    """The medicines with a dose due on `on`, up to `now` when given (a check-in during the day asks only about the
    doses already due): what a check-in asks about."""
    due = {dose.key for dose in schedule.doses_on(on) if now is None or dose.at.time() <= now}
    return [item for item in schedule.medicines if item.key in due]


def dose_statuses(all_doses: str | None, each: Sequence[str], due: Sequence[Medication]) -> dict[str, str]:
    """What `--doses STATUS` (every medicine due) and `--dose KEY=STATUS` (one) say, checked against the medicines
    `due`: a key, a name or a status lipcare does not know is a usage error. Not given: not in the result (unknown,
    never "taken")."""
    found: dict[str, str] = {}
    if all_doses is not None:
        found.update({item.key: _status(all_doses, "--doses") for item in due})
    for given in each:
        typed, sep, status = given.partition("=")
        if not sep:
            raise UsageError(
                "Invalid value for '--dose': {given} is not MEDICINE=STATUS (for example --dose antiviral=taken).",
                given=_shown(given),
            )
        folded = key_of(typed)
        item = next((item for item in due if folded in (item.key.casefold(), key_of(item.name))), None)
        if item is None:
            names = ", ".join(item.key for item in due) or "-"
            raise UsageError(
                "Invalid value for '--dose': no dose of {medicine} is due that day; the medicines due: {names}.",
                medicine=_shown(typed),
                names=names,
            )
        found[item.key] = _status(status, "--dose")
    return found


def _status(typed: str, option: str) -> str:
    word = typed.strip().lower()
    if word not in STATUSES:
        raise UsageError(
            "Invalid value for '{option}': {typed} is not taken, missed or some.", option=option, typed=_shown(typed)
        )
    return word


# --- what the patient types ----------------------------------------------------------------------------------

_TIME = r"([0-9]{1,2}):([0-9]{2})"
_DAY = r"(?:day\s*)?([+-]?[0-9]{1,4})"


def parse_times(text: str, option: str = "--times") -> tuple[time, ...]:
    """'08:00,20:00' as times, in order: each a 24-hour HH:MM, none twice, at most MAX_DOSE_TIMES."""
    from lipcare.locale import current

    parts = [part.strip() for part in current().read_digits(text).replace("،", ",").split(",")]
    if not text.strip() or any(not part for part in parts):
        raise UsageError(
            "Invalid value for '{option}': give the times of day, separated by commas, like 08:00,20:00.",
            option=option,
        )
    if len(parts) > MAX_DOSE_TIMES:
        raise UsageError(
            "Invalid value for '{option}': at most {count} times a day.", option=option, count=str(MAX_DOSE_TIMES)
        )
    found: list[time] = []
    for part in parts:
        match = re.fullmatch(_TIME, part, re.ASCII)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise UsageError(
                "Invalid value for '{option}': {typed} is not a time of day; write HH:MM on a 24-hour clock, "
                "like 08:00 or 20:30.",
                option=option,
                typed=_shown(part),
            )
        at = time(int(match.group(1)), int(match.group(2)))
        if at in found:
            raise UsageError("Invalid value for '{option}': {typed} is given twice.", option=option, typed=_shown(part))
        found.append(at)
    return tuple(sorted(found))


def parse_day(text: str, option: str, treated: date, today: date) -> int:
    """A day of the treatment: 'day 3', '3' or '-1' (days after the treatment; negative: before it), or a date
    as lipcare reads them ('2026-11-20', 'tomorrow', 'in 3 days'), as its day. From MIN_MEDICATION_DAY to
    MAX_RINSE_DAY."""
    from lipcare.dates import parse_date
    from lipcare.locale import current

    typed = current().read_digits(" ".join(text.strip().lower().split()))
    match = re.fullmatch(_DAY, typed, re.ASCII)
    if match:
        day = int(match.group(1))
    else:
        try:
            day = (parse_date(text, today) - treated).days
        except UsageError as error:
            raise UsageError(
                "Invalid value for '{option}': give a day of the treatment (day 3, or -1 for the day before) or a "
                "date: {error}",
                option=option,
                error=error,
            ) from None
    if not MIN_MEDICATION_DAY <= day <= MAX_RINSE_DAY:
        raise UsageError(
            "Invalid value for '{option}': {typed} is day {day} of the treatment; lipcare schedules medicines from "
            "day {first} to day {last}.",
            option=option,
            typed=_shown(text),
            day=str(day),
            first=str(MIN_MEDICATION_DAY),
            last=str(MAX_RINSE_DAY),
        )
    return day


def check_text(text: str, option: str, limit: int = MAX_LINE_TEXT) -> str:
    """A one-line text the patient typed (a name, a dose, what it is for): without control or bidi characters,
    and at most `limit` characters."""
    cleaned = " ".join(text.split())
    if first_unsafe(text) is not None:
        raise UsageError(
            "Invalid value for '{option}': it contains a control character or line break; type it on one line.",
            option=option,
        )
    if len(cleaned) > limit:
        raise UsageError(
            "Invalid value for '{option}': at most {limit} characters, found {count}.",
            option=option,
            limit=str(limit),
            count=str(len(cleaned)),
        )
    return cleaned


def check_name(text: str) -> str:
    name = check_text(text, "NAME", MAX_NAME)
    if not name:
        raise UsageError("Invalid value for 'NAME': give the medicine's name.")
    return name


def key_of(name: str) -> str:
    """How a medicine the patient added is named in the journal, JSON and dose records: its name in lower case,
    spaces as one."""
    return " ".join(name.split()).casefold()


def protocol_match(protocol_medication: Sequence[Medication], name: str) -> Medication | None:
    """The protocol's medicine `name` names (its key, or its name in any case), or None."""
    folded = key_of(name)
    return next(
        (item for item in protocol_medication if folded in (item.key.casefold(), key_of(item.name))),
        None,
    )


def plan_add(
    protocol_medication: Sequence[Medication],
    stored: Sequence[MedicineRow],
    treatment_id: int,
    name: str,
    times: tuple[time, ...] | None,
    first_day: int | None,
    last_day: int | None,
    dose: str,
    purpose: str,
) -> MedicineRow:
    """The row to keep for `medicine add`, checked: a name of the protocol's medicines changes that one (days, times
    and dose not given keep its own), any other name adds the patient's own (times and --to required, from
    `first_day` or day 0). A name kept already, or days that end before they start, is an error."""
    name = check_name(name)
    matched = protocol_match(protocol_medication, name)
    key = matched.key if matched else key_of(name)
    if any(row.key == key for row in stored):
        raise LipcareError(
            "{name} is already in your medicines; remove it first ('lipcare medicine remove {typed}') to add it "
            "again with other times or days.",
            name=inert(name),
            typed=inert(name),
        )
    if len(stored) >= MAX_MEDICINES:
        raise LipcareError(
            "You keep {count} medicines already, the most lipcare keeps for a treatment.", count=str(MAX_MEDICINES)
        )
    if matched is not None:
        first = matched.first_day if first_day is None else first_day
        last = matched.last_day if last_day is None else last_day
        at = matched.times if times is None else times
        row = MedicineRow(
            0, treatment_id, key, matched.name, matched.purpose, dose or matched.dose, first, last, at, True
        )
    else:
        if times is None:
            raise UsageError(
                "Missing option '--times': when do you take {name}? For example --times 08:00,20:00.", name=inert(name)
            )
        if last_day is None:
            raise UsageError(
                "Missing option '--to': the last day you take {name}, a date or a day of the treatment.",
                name=inert(name),
            )
        first = 0 if first_day is None else first_day
        row = MedicineRow(0, treatment_id, key, name, purpose, dose, first, last_day, times, False)
    if row.last_day < row.first_day:
        raise UsageError(
            "Invalid value for '--to': day {last} is before the first day, day {first}.",
            last=str(row.last_day),
            first=str(row.first_day),
        )
    return row


def find_stored(stored: Sequence[MedicineRow], typed: str) -> MedicineRow:
    """The kept medicine `typed` names: its id, key or name (any case)."""
    folded = key_of(typed)
    for row in stored:
        if folded in (str(row.id), row.key, key_of(row.name)):
            return row
    raise LipcareError(
        "You keep no medicine named {typed}; 'lipcare medicine list' shows them. The protocol's own medicines "
        "cannot be removed, only changed with 'lipcare medicine add'.",
        typed=_shown(typed),
    )


def _shown(text: str) -> Message | str:
    from lipcare.dates import shown

    return shown(text)
