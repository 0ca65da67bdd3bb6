"""What the journal stores: treatments, check-ins and photos, as plain records.

journal.py reads and writes them; the renderers and the domain name them from here, so none of them
imports SQLite.
"""

from datetime import date, time
from typing import Any

from lipcare.fasttuple import Record


class Treatment(Record):
    id: int
    treatment_date: date
    treatment_time: time | None


class AppointmentRow(Record):
    """A follow-up appointment the patient keeps (journal table `appointments`; lipcare.appointments)."""

    id: int
    on: date
    at: time | None
    """None: a day without a time given."""
    note: str
    """The patient's text, as typed ('' when none): show it through `inert` or `json_safe`."""
    place: str
    """Where it is (--where), as typed ('' when none)."""


class MedicineRow(Record):
    """A medicine the patient keeps in the journal (table `medicines`): one of their own, or their change to one
    of the protocol's (`adjusts`: its key is the protocol medicine's, and it replaces it)."""

    id: int
    treatment_id: int
    key: str
    name: str
    purpose: str
    dose: str
    first_day: int
    last_day: int
    times: tuple[time, ...]
    adjusts: bool = False


class DoseRecord(Record):
    """Whether the doses of a medicine on a day were taken (table `doses`), as a check-in recorded it."""

    on: date
    medicine: str
    """The medicine's key."""
    status: str
    """'taken', 'missed' or 'some' (some of the day's doses were taken, some missed)."""


class ScaleDefinition(Record):
    """A scale as it was when a score was saved: what its numbers meant then (journal table `scale_definitions`)."""

    name: str
    min: int
    max: int
    labels: tuple[str, ...]

    def label(self, value: int) -> str:
        """The label of `value` on this scale ('' when it has none)."""
        index = value - self.min
        return self.labels[index] if self.labels and 0 <= index < len(self.labels) else ""


class Amendment(Record):
    """A change made to a check-in after it was saved (journal table `amendments`)."""

    kind: str
    """'corrected' (its answers were changed), 'removed', or 'rejudged' (its advice changed because an earlier
    check-in was corrected or removed)."""
    checkin_id: int
    amended_on: date
    """The day the change was made."""
    level_was: str
    """The advice level the check-in had before the change."""
    action_was: str
    caused_by: int | None = None
    """For 'rejudged': the check-in whose correction or removal changed it."""
    original: dict[str, object] | None = None
    """The check-in as it was before the change: its answers, level, reasons and open problems."""
    treatment_id: int = 0

    @property
    def shown_level_was(self) -> str:
        return "immediate" if self.action_was == "immediate" else self.level_was


class CheckinRow(Record):
    """A check-in as stored."""

    id: int
    treatment_id: int
    treatment_date: date
    on: date
    day: int
    recorded_at: str
    scores: dict[str, int | None]
    """Each scale the check-in had, by key, in the order asked; None: not recorded. A scale the protocol
    did not have then is absent."""
    crusting: bool | None
    symptoms: tuple[str, ...]
    note: str
    level: str
    action: str
    reasons: tuple[str, ...]
    protocol: str
    painkillers_relieve: bool | None = None
    """None: not asked (and for every check-in saved before the question existed)."""
    painkillers_taken: bool | None = None
    """False: the patient said they had taken none."""
    symptoms_recorded: bool = True
    """False: the warning signs were not asked (`symptoms` is then empty)."""
    definitions: dict[str, ScaleDefinition] = {}  # noqa: RUF012  (never changed: a default shared is safe)
    """Each scale as it was when the score was saved, by key (absent: saved before definitions were kept and not
    known since)."""
    amendments: tuple[Amendment, ...] = ()
    """Its corrections, and changes of its advice that an earlier check-in's correction or removal made, oldest
    first."""
    said: tuple[dict[str, Any], ...] = ()
    """Its reasons as kept (lipcare.wording.kept), in the order of `reasons`: what to word them again from.
    `lipcare.wording.reworded` gives the row with `reasons` in the run's language and `as_recorded` in each."""

    @property
    def corrected_on(self) -> date | None:
        """The day of its latest correction (None: never corrected)."""
        days = [item.amended_on for item in self.amendments if item.kind == "corrected"]
        return days[-1] if days else None

    @property
    def level_changes(self) -> tuple[Amendment, ...]:
        """The amendments that changed its advice level (a correction of it, or of an earlier check-in)."""
        levels = [item.shown_level_was for item in self.amendments] + [self.shown_level]
        return tuple(item for index, item in enumerate(self.amendments) if levels[index] != levels[index + 1])

    @property
    def shown_level(self) -> str:
        """The advice level as history and the report name it: `immediate` for an urgent one that could not
        wait (seek care now), otherwise the level."""
        return "immediate" if self.action == "immediate" else self.level

    def score(self, key: str) -> int | None:
        """The score of scale `key`; None when it was not recorded (or the scale was not asked then)."""
        return self.scores.get(key)

    @property
    def unanswered(self) -> bool:
        """Whether a question of the check-in has no answer (the scores and crusts)."""
        return self.crusting is None or None in self.scores.values()


class NewCheckin(Record):
    """A check-in to save; None is an answer not given (stored as NULL)."""

    on: date
    day: int
    scores: dict[str, int | None]
    """Every scale of the protocol, by key, in the order asked; None: not recorded."""
    crusting: bool | None
    symptoms: tuple[str, ...] | None
    """None: the warning signs were not asked."""
    note: str
    level: str
    action: str
    reasons: tuple[str, ...]
    protocol: str
    painkillers_relieve: bool | None = None
    painkillers_taken: bool | None = None
    held: tuple[dict[str, object], ...] = ()
    """The problems this check-in leaves open, as `lipcare.assess.Held.stored` gives them."""
    said: tuple[dict[str, Any], ...] = ()
    """Its reasons as the journal keeps them (lipcare.wording.kept); () keeps `reasons` as text only."""
    definitions: dict[str, ScaleDefinition] = {}  # noqa: RUF012  (never changed: a default shared is safe)
    """Each scale of `scores` as the protocol defines it now: kept with the scores."""


class NewPhoto(Record):
    """A photo about to be kept: the SHA-256 of its JPEG, its size in bytes and in pixels."""

    sha256: str
    bytes: int
    width: int
    height: int


class PhotoRow(Record):
    """A photo as stored, with the check-in it belongs to."""

    id: int
    checkin_id: int
    sha256: str
    bytes: int
    width: int
    height: int
    on: date
    day: int
    added_at: str
