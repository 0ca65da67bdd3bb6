"""Which treatment record a command uses, and what changed when a new date was given.

A date given with --date becomes the current treatment. The patient is told
when that made a new record or moved away from the one in use, and how to go
back, so their record never switches silently.
"""

from datetime import date, time

from lipcare.errors import NO_TREATMENT, UsageError
from lipcare.fasttuple import Record
from lipcare.journal import Journal, Treatment
from lipcare.text import _, iso


class Chosen(Record):
    treatment: Treatment
    earlier: Treatment | None
    """The record in use before, when this command moved away from it."""
    new: bool
    """Whether a new treatment record was made."""

    def said(self) -> list[str]:
        """What happened, in words; nothing when the record in use did not change."""
        day = self.treatment.treatment_date
        if self.earlier is None:
            return (
                [_("Treatment date {date} remembered: next time --date can be left out.").format(date=iso(day))]
                if self.new
                else []
            )
        before = iso(self.earlier.treatment_date)
        back = _("To go back to it: lipcare timeline --date {date}").format(date=before)
        if self.new:
            said = _("New treatment record for {date}, now in use. Your record of {before} is kept. {back}")
        else:
            said = _("Now using your earlier treatment record of {date}. Your record of {before} is kept. {back}")
        return [said.format(date=iso(day), before=before, back=back)]


def choose_treatment(journal: Journal, treated: date | None, at: time | None) -> Chosen:
    """The treatment given (remembered from now on) or the remembered one."""
    current = journal.current_treatment()
    if treated is None:
        if current is None:
            raise UsageError(NO_TREATMENT)
        if at is not None and at != current.treatment_time:
            return Chosen(journal.remember_treatment(current.treatment_date, at), None, False)
        return Chosen(current, None, False)
    known = current is not None and current.treatment_date == treated
    known = known or any(item.treatment_date == treated for item in journal.treatments())
    chosen = journal.remember_treatment(treated, at)
    earlier = current if current is not None and current.id != chosen.id else None
    return Chosen(chosen, earlier, not known)


def plan_treatment(journal: Journal, treated: date | None, at: time | None) -> Chosen:
    """What `choose_treatment` would choose, without writing anything: a command checks what it was given against
    this first and remembers the choice only once nothing can fail (a new record has id 0 until then)."""
    current = journal.current_treatment()
    if treated is None or (current is not None and current.treatment_date == treated):
        if current is None:
            raise UsageError(NO_TREATMENT)
        return Chosen(current._replace(treatment_time=at or current.treatment_time), None, False)
    found = [item for item in journal.treatments() if item.treatment_date == treated]
    if found:
        chosen = max(found, key=lambda item: item.id)  # the one remember_treatment reuses
        return Chosen(chosen._replace(treatment_time=at or chosen.treatment_time), current, False)
    return Chosen(Treatment(0, treated, at), current, True)
