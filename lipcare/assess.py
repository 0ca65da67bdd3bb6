"""The check-in's advice: a pure function of the protocol, the day, the answers and what the earlier
check-ins left open. It never diagnoses; it says which of three things to do and why.

Every answer is read: a warning sign reported is a reason at its level, and every score is read
against the protocol's rules for the day. A question not asked is unknown: no rule reads it, and the
advice says it was not recorded instead of calling the day as expected.

A problem is held until it is better (`Held`): a check-in that repeats it, or does not record it,
keeps it at its level; one a point better says "improving" one level lower, never "expected"; it
closes after two check-ins at least a day apart below its trigger (one, if two points below), and
says so once. Once the patient says they contacted their clinic about it, it becomes one line
("follow their advice") until it gets worse, a new warning sign appears, or nothing has improved
2 days (urgent) or 7 days (contact) after the call.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from lipcare.fasttuple import Record
from lipcare.protocol import Protocol, ScoreRule
from lipcare.text import _
from lipcare.wording import Joined, Said, Told, Words, phrase

Level = Literal["urgent", "contact", "expected"]
Action = Literal["immediate", "urgent", "contact", "expected"]

WAIT_AFTER_CALL = MappingProxyType({"urgent": 2, "contact": 7})
"""Days after the patient contacted their clinic before a problem that has not improved is raised again."""


class Answers(Record):
    """What the patient reported, the one shape of a check-in's answers from options to storage.

    Every field is optional until the check-in is recorded: None (or a scale missing from `scores`)
    is a question not asked yet, then one not answered: unknown, never 0. The interactive check-in
    asks exactly the questions that are None here.
    """

    scores: Mapping[str, int | None] = MappingProxyType({})
    """By scale key (`redness`, a clinic's `itching`...)."""
    crusting: bool | None = None
    symptoms: tuple[str, ...] | None = None
    """Warning-sign keys; None: not asked (not recorded), () none of them."""
    note: str | None = None
    painkillers_relieve: bool | None = None
    """Whether painkillers relieve the pain; None when the question was not asked or none were taken."""
    painkillers_taken: bool | None = None
    """False: the patient has taken no painkillers (so whether they relieve is not known)."""
    contacted: bool | None = None
    """Whether the patient has contacted their clinic about the problems left open; None: not asked."""

    def score(self, key: str) -> int | None:
        return self.scores.get(key)

    def with_score(self, key: str, value: int | None) -> "Answers":
        return self._replace(scores=MappingProxyType({**self.scores, key: value}))


class Reading(Record):
    on: date
    value: int


class Held(Record):
    """A problem a check-in raised, kept open by the check-ins after it until it is better."""

    rule: str
    """What raised it: a rule's key ('pain.rising'), 'sign.KEY', 'redness.rebound', 'crusting.late'..."""
    level: Level
    """The level it was raised at: urgent or contact."""
    text: str
    """The reason as it was last raised."""
    source: str
    what: str
    """A short name: 'pain', a warning sign's label, 'crusts'."""
    follows: str
    """What it reads at each check-in: a scale key, 'sign.KEY', 'crusting' or 'painkillers'."""
    trigger: int
    """It is still there while what it follows is at least this."""
    worst: int
    last: int
    since: date
    """The day of the check-in that raised it."""
    contacted: date | None = None
    """The day of the check-in at which the patient said they had contacted their clinic about it."""
    at_call: int | None = None
    """Its value then."""
    below: date | None = None
    """The first check-in below the trigger, while it waits for a second to close."""
    immediate: bool = False
    """A warning sign that means seek care now: held at that, not only at 'today'."""
    words: Words | None = None
    """What `text` was made from (lipcare.wording), to say it again in the language of a later check-in."""

    def stored(self) -> dict[str, Any]:
        from lipcare.wording import stored

        found = self._asdict()
        for key in ("since", "contacted", "below"):
            found[key] = found[key].isoformat() if found[key] is not None else None
        if self.words is None:
            del found["words"]  # as before wordings were kept
        else:
            found["words"] = stored(self.words)
        return found

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> "Held":
        """Raises (KeyError, TypeError, ValueError) on anything lipcare did not write."""
        values = {name: data[name] for name in cls._fields if name not in ("immediate", "words")}
        values["immediate"] = data.get("immediate", False)
        if data.get("words") is not None:
            from lipcare.wording import from_stored

            words = from_stored(data["words"])
            if not isinstance(words, Words):
                raise TypeError("words")
            values["words"] = words
        for key in ("since", "contacted", "below"):
            values[key] = date.fromisoformat(values[key]) if values[key] is not None else None
        for key in ("trigger", "worst", "last"):
            if isinstance(values[key], bool) or not isinstance(values[key], int):
                raise TypeError(key)
        if not isinstance(values["immediate"], bool):
            raise TypeError("immediate")
        if values["level"] not in ("urgent", "contact"):
            raise ValueError(values["level"])
        for key in ("rule", "text", "source", "what", "follows"):
            if not isinstance(values[key], str):
                raise TypeError(key)
        return cls(**values)


class Previous(Record):
    """What the earlier check-ins of the treatment say, as of the day of a new one."""

    readings: Mapping[str, Reading] = MappingProxyType({})
    """The latest earlier reading of each score, by scale key (absent: no earlier check-in recorded it)."""
    lowest: Mapping[str, Reading] = MappingProxyType({})
    """The lowest reading of each score from day 1 on in the `LOWEST_DAYS` days before."""
    crusting: tuple[bool, ...] = ()
    """The latest recorded crust answers, newest first."""
    held: tuple[Held, ...] = ()
    """The problems the latest earlier check-in left open."""

    def reading(self, key: str) -> Reading | None:
        return self.readings.get(key)


class Reason(Record):
    level: Level
    text: str
    source: str
    sign: str = ""
    """The warning sign reported, for a reason that is one (a screen may say several in one line)."""
    rule: str = ""
    """What raised it (see `Held.rule`); '' for a line that only informs."""
    followed: bool = False
    """A problem the patient has contacted their clinic about: one line, 'follow their advice'."""
    words: Words | None = None
    """What `text` was made from (lipcare.wording), to say it again in another language; None: text only."""


class Advice(Record):
    level: Level
    action: Action
    """What to do: `immediate` is an `urgent` level that cannot wait for a call back."""
    reasons: tuple[Reason, ...]
    incomplete: bool = False
    """An `expected` level given with questions unanswered: shown as the protocol's `incomplete`
    advice, which does not say the day matches the expected course."""
    notes: tuple[Reason, ...] = ()
    """Lines that inform without changing the level: a problem that has settled, notes lipcare does not
    read, painkillers not taken, redness past the leaflet's window that clinical sources still expect."""
    held: tuple[Held, ...] = ()
    """The problems still open after this check-in, for the next one."""
    followed: bool = False
    """Every problem left is one the patient has contacted their clinic about."""


_RANK = MappingProxyType({"expected": 0, "contact": 1, "urgent": 2})


class _Finding(Record):
    """A problem this check-in's answers show, before what was held is taken into account."""

    rule: str
    level: Level
    text: str
    source: str
    what: str
    follows: str
    trigger: int
    value: int
    sign: str = ""
    immediate: bool = False
    rise: bool = False
    """Raised by a rise from a baseline: still raised while the score stays above that baseline, even when
    it is better than its worst."""
    words: Words | None = None


def asks_about_painkillers(protocol: Protocol, pain: int | None) -> bool:
    """Whether the check-in asks if painkillers relieve the pain."""
    return pain is not None and pain >= protocol.questions.painkillers.ask_at_least


def assess(protocol: Protocol, day: int, answers: Answers, previous: Previous | None, on: date | None = None) -> Advice:
    """Advice for a check-in on `day` (0 = treatment day) of a treatment, on the date `on`."""
    previous = previous or Previous()
    on = on or date.min
    findings = _findings(protocol, day, answers, previous)
    return _with_held(protocol, day, on, answers, findings, previous.held)


def _findings(protocol: Protocol, day: int, answers: Answers, previous: Previous) -> list[_Finding]:
    templates, questions = protocol.reasons, protocol.questions
    found: list[_Finding] = []
    for key in dict.fromkeys(answers.symptoms or ()):
        sign = protocol.sign(key)
        level: Level = "contact" if sign.urgency == "contact" else "urgent"
        label = Said(sign.label, Words(f"warning_signs.{sign.key}.label"))
        said = phrase(protocol, "reasons.warning_sign", templates["warning_sign"], label=label)
        found.append(
            _Finding(
                f"sign.{sign.key}",
                level,
                said.text,
                sign.source,
                sign.label,
                f"sign.{sign.key}",
                1,
                1,
                sign.key,
                sign.urgency == "immediate",
                words=said.words,
            )
        )
    found.extend(_redness_findings(protocol, day, answers.score("redness"), previous.reading("redness")))
    for scale in questions.scales:
        score = answers.score(scale.key)
        if score is None:
            continue  # unknown: no rule reads it
        for number, rule in enumerate(scale.rules):
            path = f"questions.{scale.key}.rules.{rule.key or number}.text"
            read = _read_rule(protocol, path, rule, scale.key, day, score, scale.max, answers, previous)
            if read is not None:
                told, trigger = read
                key = f"{scale.key}.{rule.key or number}"
                found.append(
                    _Finding(
                        key,
                        rule.level,
                        told.text,
                        rule.source,
                        scale.name,
                        scale.key,
                        trigger,
                        score,
                        rise=rule.rise is not None,
                        words=told.words,
                    )
                )
    found.extend(_painkiller_findings(protocol, day, answers))
    found.extend(_crust_findings(protocol, day, answers, previous))
    # One finding a rule; where two rules read the same scale, the stricter one speaks.
    return list({finding.rule: finding for finding in found}.values())


def _with_held(
    protocol: Protocol, day: int, on: date, answers: Answers, findings: list[_Finding], held: Sequence[Held]
) -> Advice:
    templates = protocol.reasons
    fresh = {finding.rule: finding for finding in findings}
    new_sign = any(finding.sign for finding in findings if finding.rule not in {old.rule for old in held})
    said: list[tuple[str, int, Reason]] = []
    """(what the reason follows, how much it says: see `_one_each`, the reason)"""
    notes: list[Reason] = []
    still: list[Held] = []
    settled: set[str] = set()
    for old in held:
        if not _still_read(protocol, old.follows):
            continue  # a scale or sign the protocol in force no longer has: nothing can read it again
        if answers.contacted and old.contacted is None:
            old = old._replace(contacted=on, at_call=old.last)
        finding = fresh.pop(old.rule) if old.rule in fresh else None
        value = finding.value if finding is not None else _value(protocol, old.follows, answers)
        since = old.since.isoformat()
        if value is None:  # not recorded: held as it was, never cleared
            if _followed(old, on, None, new_sign):
                said.append((old.follows, _FOLLOWED, _followed_line(protocol, old)))
            else:
                told = phrase(protocol, "reasons.unrecorded", templates["unrecorded"], reason=_told(old), since=since)
                reason = Reason(old.level, told.text, old.source, rule=old.rule, words=told.words)
                said.append((old.follows, _HELD, reason))
            still.append(old)
            continue
        if finding is None and value < old.trigger:  # better: closed, or waiting for a second check-in to say so
            if value <= old.trigger - 2 or (old.below is not None and (on - old.below).days >= 1):
                if old.follows not in settled:  # one line for each thing, however many rules read it
                    settled.add(old.follows)
                    told = phrase(
                        protocol, "reasons.closed", templates["closed"], what=_name(protocol, old), since=since
                    )
                    notes.append(Reason("expected", told.text, old.source, rule=old.rule, words=told.words))
                continue
            old = old._replace(below=old.below or on, last=value)
            if old.contacted is not None and not new_sign:
                said.append((old.follows, _FOLLOWED, _followed_line(protocol, old)))
            elif old.level == "urgent":  # one level lower while it waits to close
                told = phrase(protocol, "reasons.clearing", templates["clearing"], reason=_told(old), since=since)
                reason = Reason("contact", told.text, old.source, rule=old.rule, words=told.words)
                said.append((old.follows, _CLEARING, reason))
            else:  # a reason to contact the physician, now below where it counted: a line, not a call
                told = phrase(protocol, "reasons.clearing", templates["clearing"], reason=_told(old), since=since)
                if old.follows not in settled:
                    settled.add(old.follows)  # one line for each thing, however many rules read it
                    notes.append(Reason("expected", told.text, old.source, rule=old.rule, words=told.words))
            still.append(old)
            continue
        # Still there: raised again today, or at or above its trigger.
        level = finding.level if finding is not None else old.level
        text = finding.text if finding is not None else old.text
        words = finding.words if finding is not None else old.words
        worse = value > old.last
        updated = old._replace(
            level=level,
            text=text,
            words=words,
            last=value,
            worst=max(old.worst, value),
            trigger=min(old.trigger, finding.trigger) if finding is not None else old.trigger,
            below=None,
        )
        sign = finding.sign if finding is not None else ""
        if finding is not None and finding.immediate:  # ticked again: seek care now, whatever was said before
            said.append((old.follows, _AGAIN, Reason(level, text, finding.source, sign, finding.rule, words=words)))
            still.append(updated._replace(contacted=None, at_call=None))
            continue
        if _followed(updated, on, value, new_sign) and not worse:
            said.append((old.follows, _FOLLOWED, _followed_line(protocol, updated)))
            still.append(updated)
            continue
        if old.contacted is not None:  # raised again: worse, a new sign, or not better in time
            called = old.contacted.isoformat()
            if worse or new_sign:
                told = phrase(
                    protocol,
                    "reasons.worse_after_call",
                    templates["worse_after_call"],
                    reason=_told(updated),
                    on=called,
                )
            else:
                days = (on - old.contacted).days
                template = templates["not_better_after_call"]
                told = phrase(
                    protocol, "reasons.not_better_after_call", template, reason=_told(updated), on=called, days=days
                )
            reason = Reason(level, told.text, updated.source, sign, updated.rule, words=told.words)
            said.append((old.follows, _AGAIN, reason))
            still.append(updated._replace(contacted=None, at_call=None))
            continue
        if value < old.worst and (finding is None or finding.rise):
            # A point or more better than its worst, still above where it counts: one level lower, never
            # "expected". (An absolute threshold still crossed keeps its level.)
            change = f"{old.worst} → {value}"
            told = phrase(
                protocol, "reasons.improving", templates["improving"], reason=_told(old), since=since, change=change
            )
            reason = Reason("contact", told.text, updated.source, rule=updated.rule, words=told.words)
            said.append((old.follows, _IMPROVING, reason))
            updated = updated._replace(level="contact", text=old.text, words=old.words)
        elif finding is not None:
            weight = _FRESH_RISE if finding.rise else _FRESH
            said.append((old.follows, weight, Reason(level, text, finding.source, sign, finding.rule, words=words)))
        else:
            told = phrase(protocol, "reasons.held", templates["held"], reason=_told(updated), since=since)
            reason = Reason(level, told.text, updated.source, rule=updated.rule, words=told.words)
            said.append((old.follows, _HELD, reason))
        still.append(updated)
    called_about = {old.follows: old for old in still if old.contacted is not None}
    # A sign that means seek care now and is still there (or not recorded) keeps that advice.
    held_immediate = {old.rule for old in still if old.immediate and old.contacted is None and old.below is None}
    for finding in fresh.values():  # new today
        new = Held(
            finding.rule,
            finding.level,
            finding.text,
            finding.source,
            finding.what,
            finding.follows,
            finding.trigger,
            finding.value,
            finding.value,
            on,
            immediate=finding.immediate,
            words=finding.words,
        )
        covered = called_about.get(finding.follows)
        if covered is not None and not new_sign and not finding.immediate and finding.value <= covered.last:
            # Another rule reads what the patient already called about, and it is no worse.
            new = new._replace(contacted=covered.contacted, at_call=finding.value)
            said.append((finding.follows, _FOLLOWED, _followed_line(protocol, new)))
        else:
            reason = Reason(
                finding.level, finding.text, finding.source, finding.sign, finding.rule, words=finding.words
            )
            said.append((finding.follows, _FRESH_RISE if finding.rise else _FRESH, reason))
        still.append(new)
    reasons = _one_each(said)
    notes.extend(_notes(protocol, day, answers))
    immediate = any(finding.immediate for finding in findings) or any(
        reason.rule in held_immediate and reason.level == "urgent" and not reason.followed for reason in reasons
    )
    acting = [reason for reason in reasons if not reason.followed]
    reasons.sort(key=lambda reason: (reason.followed, -_RANK[reason.level]))  # stable: urgent first, followed last
    if any(reason.level == "urgent" for reason in acting):
        action: Action = "immediate" if immediate else "urgent"
        return Advice("urgent", action, tuple(reasons), notes=tuple(notes), held=tuple(still))
    if reasons:
        followed = not acting
        return Advice("contact", "contact", tuple(reasons), notes=tuple(notes), held=tuple(still), followed=followed)
    expected = [expected_reason(protocol, day)]
    missing = not_recorded(protocol, answers)
    if missing:
        names = Said(_(", ").join(missing), Joined(", ", _not_recorded_words(protocol, answers)))  # "، " in Arabic
        told = phrase(protocol, "reasons.not_recorded", templates["not_recorded"], missing=names)
        expected.append(Reason("expected", told.text, protocol.urgency["expected"].source, words=told.words))
    return Advice("expected", "expected", tuple(expected), incomplete=bool(missing), notes=tuple(notes))


# How much a reason says, for `_one_each`: a problem raised again after a call, one improving (its trend
# beside today's score), a rise raised today (both scores and their days), another raised today, one held
# or not recorded, one better and waiting to close, one the patient called about.
_AGAIN, _IMPROVING, _FRESH_RISE, _FRESH, _HELD, _CLEARING, _FOLLOWED = 6, 5, 4, 3, 2, 1, 0


def _one_each(said: Sequence[tuple[str, int, Reason]]) -> list[Reason]:
    """One reason for each thing the reasons follow (a scale, a sign, the crusts): the one at the highest
    level, and of those the one that says most. Several rules that read the same pain say one thing."""
    best: dict[str, tuple[int, int, Reason]] = {}
    for follows, weight, reason in said:
        rank = -1 if reason.followed else _RANK[reason.level]
        if follows not in best or (rank, weight) > best[follows][:2]:
            best[follows] = (rank, weight, reason)
    return [reason for _rank, _weight, reason in best.values()]


def _followed(held: Held, on: date, value: int | None, new_sign: bool) -> bool:
    """Whether a problem the patient contacted their clinic about stays one line today."""
    if held.contacted is None or new_sign:
        return False
    if value is None or held.at_call is None or value < held.at_call:
        return True  # not recorded, or better than at the call
    return (on - held.contacted).days < WAIT_AFTER_CALL[held.level]


def _followed_line(protocol: Protocol, held: Held) -> Reason:
    assert held.contacted is not None
    name = _name(protocol, held)
    words = name.words._replace(case="capital") if isinstance(name.words, Words) else None
    what = Said(name.text[:1].upper() + name.text[1:], words)
    told = phrase(
        protocol, "reasons.contacted", protocol.reasons["contacted"], what=what, on=held.contacted.isoformat()
    )
    return Reason("contact", told.text, held.source, rule=held.rule, followed=True, words=told.words)


def _told(held: Held) -> Said:
    """A held problem's reason as it was last raised, to put in another one."""
    return Said(held.text, held.words)


def _name(protocol: Protocol, held: Held) -> Said:
    """`held_name`, and the protocol text it is."""
    name, follows = held_name(protocol, held), held.follows
    if follows.startswith("sign.") and any(sign.key == follows[5:] for sign in protocol.warning_signs):
        return Said(name, Words(f"warning_signs.{follows[5:]}.label"))
    if follows == "crusting":
        return Said(name, Words("questions.crusting_name"))
    if follows == "painkillers":
        return Said(name, Words("questions.pain.name"))
    if follows in protocol.questions.keys:
        return Said(name, Words(f"questions.{follows}.name"))
    return Said(name)


def held_name(protocol: Protocol, held: Held) -> str:
    """What a held problem is about, named in the protocol (and language) in force: a check-in in Arabic
    names a problem an English one raised in Arabic. The stored name when the protocol has no other."""
    follows = held.follows
    if follows.startswith("sign."):
        return next((sign.label for sign in protocol.warning_signs if sign.key == follows[5:]), held.what)
    if follows == "crusting":
        return protocol.questions.crusting_name
    if follows == "painkillers":
        return protocol.questions.pain.name
    return next((scale.name for scale in protocol.questions.scales if scale.key == follows), held.what)


def _still_read(protocol: Protocol, follows: str) -> bool:
    """Whether the protocol in force can still read what a held problem follows."""
    if follows.startswith("sign."):
        return any(sign.key == follows[5:] for sign in protocol.warning_signs)
    return follows in ("crusting", "painkillers") or follows in protocol.questions.keys


def _value(protocol: Protocol, follows: str, answers: Answers) -> int | None:
    """Today's value of what a held problem follows; None when this check-in did not record it."""
    if follows.startswith("sign."):
        if answers.symptoms is None:
            return None
        return 1 if any(protocol.sign(key).key == follows[5:] for key in answers.symptoms) else 0
    if follows == "crusting":
        return None if answers.crusting is None else int(answers.crusting)
    if follows == "painkillers":
        pain = answers.score("pain")
        follow_up = protocol.questions.painkillers
        if pain is None or answers.painkillers_taken is False:
            return None
        if pain < follow_up.ask_at_least or answers.painkillers_relieve:
            return 0
        return None if answers.painkillers_relieve is None else 1
    return answers.score(follows)


def _notes(protocol: Protocol, day: int, answers: Answers) -> list[Reason]:
    templates, follow_up = protocol.reasons, protocol.questions.painkillers
    notes = []
    pain = answers.score("pain")
    fields = {"score": "?" if pain is None else pain, "max": protocol.questions.pain.max, "day": day}
    if answers.painkillers_taken is False and follow_up.not_taken_text:
        notes.append(Reason("expected", follow_up.not_taken_text.format(**fields), follow_up.source))
    elif answers.painkillers_relieve and asks_about_painkillers(protocol, pain):
        notes.append(Reason("expected", follow_up.relieved_text.format(**fields), follow_up.source))
    redness = answers.score("redness")
    rules = protocol.redness
    if redness is not None and day > rules.window_days and redness > protocol.questions.redness.min:
        text = templates["beyond_window"].format(day=day, window=rules.window_days)
        notes.append(Reason("expected", text, rules.source))  # what clinical sources say follows it, on every screen
    if answers.note:
        notes.append(Reason("expected", templates["note_unread"], protocol.urgency["contact"].source))
    return notes


def _not_recorded_words(protocol: Protocol, answers: Answers) -> tuple[Words, ...]:
    """What `not_recorded` names, as the protocol's and the catalogue's texts."""
    questions = protocol.questions
    missing = [Words(f"questions.{scale.key}.name") for scale in questions.scales if answers.score(scale.key) is None]
    if answers.crusting is None:
        missing.append(Words("questions.crusting_name"))
    if answers.symptoms is None:
        missing.append(Words(message="warning signs"))
    return tuple(missing)


def not_recorded(protocol: Protocol, answers: Answers) -> list[str]:
    """The names of the questions this check-in has no answer to."""
    questions = protocol.questions
    missing = [scale.name for scale in questions.scales if answers.score(scale.key) is None]
    if answers.crusting is None:
        missing.append(questions.crusting_name)
    if answers.symptoms is None:
        missing.append(_("warning signs"))
    return missing


def _redness_findings(protocol: Protocol, day: int, redness: int | None, before: Reading | None) -> list[_Finding]:
    """The rebound rule of [redness]: redness that comes back or gets worse."""
    if redness is None:
        return []
    rules, scale, templates = protocol.redness, protocol.questions.redness, protocol.reasons
    if before is not None and day >= rules.rebound_from_day and redness > before.value:
        said = phrase(
            protocol,
            "reasons.rebound",
            templates["rebound"],
            now=redness,
            before=before.value,
            max=scale.max,
            before_date=before.on.isoformat(),
        )
        return [
            _Finding(
                "redness.rebound",
                "contact",
                said.text,
                rules.rebound_source,
                scale.name,
                "redness",
                before.value + 1,
                redness,
                rise=True,
                words=said.words,
            )
        ]
    return []


def _read_rule(
    protocol: Protocol,
    path: str,
    rule: ScoreRule,
    scale: str,
    day: int,
    score: int,
    top: int,
    answers: Answers,
    previous: Previous,
) -> tuple[Told, int] | None:
    """The reason `rule` gives for `score` on `day` and the score it holds at, or None when it does not apply."""
    if not rule.covers(day):
        return None
    if rule.score_below is not None and score >= rule.score_below:
        return None
    last = previous.reading(scale)
    if rule.not_falling and last is not None and score < last.value:
        return None
    if rule.with_any and not any(_at_least(answers.score(other), value) for other, value in rule.with_any):
        return None
    fields: dict[str, int | str] = {"score": score, "max": top, "day": day, "from_day": rule.from_day}
    trigger = rule.threshold if rule.kind == "at_least" else score
    if rule.kind == "at_least":
        if score < rule.threshold:
            return None
        fields["at_least"] = rule.threshold
    rise = rule.rise
    if rise is not None:
        before = previous.lowest.get(scale) if rule.compare == "lowest" else last
        if before is None or score - before.value < rise:
            return None  # nothing to compare with, or not risen enough
        fields.update(before=before.value, before_date=before.on.isoformat(), rise=score - before.value, rise_by=rise)
        trigger = max(trigger, before.value + rise) if rule.kind == "at_least" else before.value + rise
    return phrase(protocol, path, rule.text, **fields), trigger


def _at_least(score: int | None, value: int) -> bool:
    return score is not None and score >= value


def _painkiller_findings(protocol: Protocol, day: int, answers: Answers) -> list[_Finding]:
    follow_up = protocol.questions.painkillers
    pain = answers.score("pain")
    if answers.painkillers_relieve is not False or answers.painkillers_taken is False:
        return []
    fields: dict[str, int | str] = {
        "score": "?" if pain is None else pain,
        "max": protocol.questions.pain.max,
        "day": day,
    }
    level = follow_up.not_relieved_at(pain, day)
    said = phrase(protocol, "questions.painkillers.not_relieved_text", follow_up.not_relieved_text, **fields)
    name = protocol.questions.pain.name
    return [
        _Finding(
            "painkillers.not-relieved", level, said.text, follow_up.source, name, "painkillers", 1, 1, words=said.words
        )
    ]


def _crust_findings(protocol: Protocol, day: int, answers: Answers, previous: Previous) -> list[_Finding]:
    if not answers.crusting:
        return []
    questions, templates = protocol.questions, protocol.reasons
    crusts = protocol.course_item(questions.crusting_course)
    name = questions.crusting_name
    if day > crusts.last_day:
        said = phrase(protocol, "reasons.late_crusting", templates["late_crusting"], day=day, last_day=crusts.last_day)
        return [
            _Finding("crusting.late", "contact", said.text, crusts.source, name, "crusting", 1, 1, words=said.words)
        ]
    back = questions.crusts
    if back is None or day < back.returning_from_day:
        return []
    recent = previous.crusting[: back.returning_after]
    if len(recent) < back.returning_after or any(recent):
        return []
    pain = answers.score("pain")
    urgent = back.returning_urgent_pain is not None and pain is not None and pain >= back.returning_urgent_pain
    said = phrase(protocol, "questions.crusts.returning_text", back.returning_text, day=day, after=back.returning_after)
    level: Level = "urgent" if urgent else back.returning_level
    return [
        _Finding(
            "crusting.returning", level, said.text, back.returning_source, name, "crusting", 1, 1, words=said.words
        )
    ]


def expected_reason(protocol: Protocol, day: int) -> Reason:
    """What the protocol's expected course says about `day`."""
    current = [span for span in protocol.course if span.first_day <= day <= span.last_day]
    if not current:
        said = phrase(protocol, "reasons.nothing_expected", protocol.reasons["nothing_expected"], day=day)
        return Reason("expected", said.text, protocol.urgency["expected"].source, words=said.words)
    titles = tuple(Words(f"course.{span.key or protocol.course.index(span)}.title", case="lower") for span in current)
    course = Said(_("; ").join(span.title.lower() for span in current), Joined("; ", titles))
    said = phrase(protocol, "reasons.expected", protocol.reasons["expected"], day=day, course=course)
    return Reason("expected", said.text, current[0].source, words=said.words)


class RuleRow(Record):
    """One rule of the check-in, as `lipcare protocol show --rules` lists it for a clinician."""

    rule: str
    """Its name in reasons and `--json`: 'pain.rising', 'sign.fever', 'crusting.late'."""
    reads: str
    """What it reads: a scale's name, a warning sign's label, the crusts."""
    when: str
    """Its condition in words."""
    first_day: int
    last_day: int | None
    level: str
    """'immediate', 'urgent' or 'contact'."""
    source: str


def rule_table(protocol: Protocol) -> tuple[RuleRow, ...]:
    """Every rule the check-in applies with `protocol`, in the order a clinician reviews them: the scales'
    rules, redness that comes back, crusts, painkillers, then the warning signs."""
    from lipcare.protocol.types import LOWEST_DAYS
    from lipcare.text import num

    questions = protocol.questions
    rows: list[RuleRow] = []
    for scale in questions.scales:
        for number, rule in enumerate(scale.rules):
            parts = []
            if rule.kind == "at_least":
                parts.append(_("{score} or more").format(score=num(rule.threshold)))
            if rule.rise is not None:
                if rule.compare == "lowest":
                    said = _("{rise} or more above the lowest since day 1 in the {days} days before")
                else:
                    said = _("{rise} or more above the check-in before")
                parts.append(said.format(rise=num(rule.rise), days=num(LOWEST_DAYS)))
            if rule.score_below is not None:
                parts.append(_("below {score}").format(score=num(rule.score_below)))
            if rule.not_falling:
                parts.append(_("not lower than the check-in before"))
            if rule.with_any:
                withs = [
                    _("{scale} {score} or more").format(scale=questions.scale(key).name, score=num(score))
                    for key, score in rule.with_any
                    if key in questions.keys
                ]
                parts.append(_("with {others}").format(others=_(" or ").join(withs)))
            rows.append(
                RuleRow(
                    f"{scale.key}.{rule.key or number}",
                    scale.name,
                    _(", ").join(parts),
                    rule.from_day,
                    rule.to_day,
                    rule.level,
                    rule.source,
                )
            )
    redness = protocol.redness
    rows.append(
        RuleRow(
            "redness.rebound",
            questions.redness.name,
            _("higher than at the check-in before"),
            redness.rebound_from_day,
            None,
            "contact",
            redness.rebound_source,
        )
    )
    crusts = protocol.course_item(questions.crusting_course)
    rows.append(
        RuleRow(
            "crusting.late", questions.crusting_name, _("crusts"), crusts.last_day + 1, None, "contact", crusts.source
        )
    )
    back = questions.crusts
    if back is not None:
        when = _("crusts after {count} check-ins in a row without them").format(count=num(back.returning_after))
        if back.returning_urgent_pain is not None:
            when += _(" (urgent with pain of {score} or more)").format(score=num(back.returning_urgent_pain))
        rows.append(
            RuleRow(
                "crusting.returning",
                questions.crusting_name,
                when,
                back.returning_from_day,
                None,
                back.returning_level,
                back.returning_source,
            )
        )
    follow_up = questions.painkillers
    when = _("painkillers do not relieve a pain of {score} or more").format(score=num(follow_up.ask_at_least))
    urgent = []
    if follow_up.urgent_at is not None:
        urgent.append(_("from a pain of {score}").format(score=num(follow_up.urgent_at)))
    if follow_up.urgent_from_day is not None:
        urgent.append(_("from day {day}").format(day=num(follow_up.urgent_from_day)))
    if urgent:
        when += _(" (urgent {when})").format(when=_(" or ").join(urgent))
    rows.append(
        RuleRow(
            "painkillers.not-relieved",
            questions.pain.name,
            when,
            0,
            None,
            follow_up.not_relieved_level,
            follow_up.source,
        )
    )
    for sign in protocol.warning_signs:
        rows.append(RuleRow(f"sign.{sign.key}", sign.label, _("reported"), 0, None, sign.urgency, sign.source))
    return tuple(rows)
