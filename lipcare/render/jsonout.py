"""Plain data for `--json`: built from domain objects, serialised without Rich."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

from lipcare.protocol import Protocol
from lipcare.text import json_safe
from lipcare.timeline import Period, RednessWindow, Reminder, Timeline, redness_window

if TYPE_CHECKING:  # annotations only: timeline --json does not load the journal code
    from collections.abc import Sequence
    from pathlib import PurePath

    from lipcare.amend import Amended
    from lipcare.assess import RuleRow
    from lipcare.checkin import Recorded
    from lipcare.journal_rows import AppointmentRow, CheckinRow, PhotoRow
    from lipcare.medicines import Dose, Missed
    from lipcare.protocol.types import Medication


SCHEMAS = {
    "info": 1,
    "timeline": 1,
    "checkin": 1,
    "amendment": 1,
    "history": 1,
    "photo": 1,
    "photos": 1,
    "appointments": 1,
    "protocol": 1,
    "rules": 1,
    "settings": 1,
    "export": 1,
    "remind": 1,
    "erase": 1,
    "medicine": 1,
    "medicines": 1,
}
"""Every kind of `--json` output and its version: the output's `"schema"` is `lipcare.KIND/VERSION`. A version
changes when a key is removed, renamed or changes meaning (a new key is no change); docs/json.md and
docs/schemas/ describe each, and CHANGELOG.md says when one changed."""


def schema_id(kind: str) -> str:
    return f"lipcare.{kind}/{SCHEMAS[kind]}"


def dumps(data: Any, *, ascii_only: bool = False) -> str:
    # check_circular: the data is a tree made here, never a cycle (a pass over every container it would skip)
    return json_safe(json.dumps(data, indent=2, ensure_ascii=ascii_only, check_circular=False))


def dumps_stream(items: Iterable[Any], *, ascii_only: bool = False, batch: int = 500) -> Iterator[str]:
    """`dumps(list(items))` in pieces, `batch` items at a time, ending with a line break."""
    first = True
    chunk: list[Any] = []
    for item in itertools.chain(items, [_END]):
        if item is not _END:
            chunk.append(item)
            if len(chunk) < batch:
                continue
        if chunk:
            # A list dumped with indent=2 has its items already indented by two spaces: keep
            # what is between "[\n" and "\n]".
            inner = dumps(chunk, ascii_only=ascii_only)[2:-2]
            yield ("[\n" if first else ",\n") + inner
            first = False
            chunk = []
    yield "[]\n" if first else "\n]\n"


_END = object()


def dumps_object_stream(
    kind: str, key: str, items: Iterable[Any], *, ascii_only: bool = False, batch: int = 500
) -> Iterator[str]:
    """`dumps({"schema": ..., key: list(items)})` in pieces, the items written as they are read."""
    yield "{\n" + f'  "schema": {json.dumps(schema_id(kind))},\n  {json.dumps(key)}: '
    for piece in dumps_stream(items, ascii_only=ascii_only, batch=batch):
        yield piece.removesuffix("\n").replace("\n", "\n  ")
    yield "\n}\n"


def nulls_for_empty(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A record as the journal stored it, with "" (an answer not given, as older check-ins stored it) as null."""
    return {key: None if value == "" else value for key, value in stored.items()}


def clinic(protocol: Protocol) -> dict[str, Any]:
    """The clinic's details; one that is not given is null, never "" (docs/json.md)."""
    return {key: value or None for key, value in protocol.clinic._asdict().items()}


def protocol_ref(protocol: Protocol) -> dict[str, Any]:
    return {"id": protocol.id, "name": protocol.name, "version": protocol.version, "origin": protocol.origin}


def clock(at: time | None) -> str | None:
    return at.strftime("%H:%M") if at is not None else None


def window(redness: RednessWindow) -> dict[str, Any]:
    return {
        "days": redness.days,
        "ends": redness.ends.isoformat(),
        "status": redness.status,
        "days_left": redness.days_left,
        "days_beyond": redness.days_beyond,
    }


def reminder(item: Reminder, on: date) -> dict[str, Any]:
    return {
        "date": item.date.isoformat(),
        "time": clock(item.time),
        "day": item.day,
        "kind": item.kind,
        "title": item.title,
        "text": item.text,
        "source": item.source,
        "when": "past" if item.date < on else "now" if item.date == on else "ahead",
    }


def period(item: Period, on: date) -> dict[str, Any]:
    return {
        "key": item.span.key,
        "title": item.span.title,
        "text": item.span.text,
        "source": item.span.source,
        "first_day": item.span.first_day,
        "last_day": item.span.last_day,
        "from": item.first.isoformat(),
        "until": item.last.isoformat(),
        "when": item.when(on),
    }


def timeline(tl: Timeline, now: time | None) -> dict[str, Any]:
    upcoming = None if tl.in_past else tl.next_reminder(now)  # a day in the past has no next rinse
    checkins = tl.protocol.questions.reminder
    return {
        "protocol": protocol_ref(tl.protocol),
        "treatment_date": tl.treatment_date.isoformat(),
        "treatment_time": clock(tl.treatment_time),
        "on": tl.on.isoformat(),
        "day": tl.day,
        "days_until_treatment": max(-tl.day, 0),
        "redness_window": window(tl.redness),
        "sun": {
            "avoid_until": tl.sun_avoid.last.isoformat(),
            "avoid_now": tl.sun_avoid.when(tl.on) == "now",
            "sunscreen_from": tl.sunscreen.first.isoformat(),
            "sunscreen_until": tl.sunscreen.last.isoformat(),
            "sunscreen_now": tl.sunscreen.when(tl.on) == "now",
            "avoid": period(tl.sun_avoid, tl.on),
            "sunscreen": period(tl.sunscreen, tl.on),
        },
        "today": [reminder(item, tl.on) for item in tl.todays_reminders],
        "next_reminder": reminder(upcoming, tl.on) if upcoming else None,
        "reminders": [reminder(item, tl.on) for item in tl.reminders],
        "appointments": [appointment(row, tl.on) for row in tl.appointments],
        "next_appointment": appointment(tl.next_appointment, tl.on) if tl.next_appointment else None,
        "milestones": [period(item, tl.on) for item in tl.milestones],
        "care": [{"key": item.key, "title": item.title, "text": item.text, "source": item.source} for item in tl.care],
        "prepare": [item._asdict() for item in tl.prepare],
        "doses": [dose(item) for item in tl.doses],
        "medicines": [medicine(item, tl.treatment_date) for item in tl.medicines],
        "checkins": {
            "daily_until": (tl.treatment_date + timedelta(days=checkins.daily_last_day)).isoformat(),
            "days": [(tl.treatment_date + timedelta(days=day)).isoformat() for day in checkins.days()],
            "source": checkins.source,
        },
        "warning_signs": [
            {
                "key": sign.key,
                "label": sign.label,
                "urgency": sign.urgency,
                "source": sign.source,
                "aliases": list(sign.aliases),
            }
            for sign in tl.warning_signs
        ],
        "notice": tl.protocol.notice,
    }


def info(protocol: Protocol, topics: list[str]) -> dict[str, Any]:
    sections: dict[str, Any] = {}
    for topic in topics:
        if topic == "course":
            sections[topic] = [
                {
                    "key": s.key,
                    "title": s.title,
                    "text": s.text,
                    "source": s.source,
                    "first_day": s.first_day,
                    "last_day": s.last_day,
                }
                for s in protocol.course
            ]
        elif topic == "warning-signs":
            sections[topic] = [
                {
                    "key": s.key,
                    "label": s.label,
                    "urgency": s.urgency,
                    "source": s.source,
                    "action": protocol.urgency[s.urgency].sentence,
                    "aliases": list(s.aliases),
                }
                for s in protocol.warning_signs
            ]
        elif topic == "sources":
            from lipcare.protocol.sources import use_name

            sections[topic] = [
                {
                    "number": number,
                    "id": source.id,
                    "kind": source.kind,
                    "title": source.title,
                    "url": source.url or None,
                    "supports": [
                        {
                            "uses": [{"use": use, "name": use_name(protocol, use)} for use in support.uses],
                            "where": support.where,
                            "excerpt": support.excerpt,
                            "confirmed": support.confirmed,
                        }
                        for support in source.supports
                    ],
                }
                for number, source in enumerate(protocol.sources.values(), start=1)
            ]
        else:
            section = protocol.info_section(topic)
            sections[topic] = {"title": section.title, "items": [item._asdict() for item in section.items]}
            if topic == "aftercare":
                rinse = protocol.rinse
                sections[topic]["rinse"] = {
                    "first_day": rinse.first_day,
                    "last_day": rinse.last_day,
                    "times": [clock(at) for at in rinse.times],
                    "title": rinse.title,
                    "text": rinse.text,
                    "source": rinse.source,
                }
                sections[topic]["sun"] = [span._asdict() for span in (protocol.sun_avoid, protocol.sunscreen)]
    return {"protocol": protocol_ref(protocol), "notice": protocol.notice, "sections": sections}


def recorded(result: Recorded, protocol: Protocol) -> dict[str, Any]:
    advice = result.advice
    answers = result.answers
    return {
        "protocol": protocol_ref(protocol),
        "treatment_date": result.treatment.treatment_date.isoformat(),
        "on": result.on.isoformat(),
        "day": result.day,
        "backdated": result.backdated,
        "same_day_as": result.same_day,
        "level": advice.level,
        "action": advice.action,
        "what_to_do": protocol.advice(advice.action, advice.incomplete, advice.followed).sentence,
        "incomplete": advice.incomplete,
        "reasons": [reason.text for reason in advice.reasons],
        "reason_sources": [reason.source for reason in advice.reasons],
        "reason_rules": [reason.rule or None for reason in advice.reasons],  # null: a reason no rule gave
        "followed": advice.followed,
        "notes": [note.text for note in advice.notes],
        "open_problems": [
            {
                "rule": held.rule,
                "level": held.level,
                "since": held.since.isoformat(),
                "what": held.what,
                "contacted": held.contacted.isoformat() if held.contacted else None,
            }
            for held in advice.held
        ],
        "redness_window": window(result.redness_window),
        "answers": {
            **scores(protocol, answers.scores),
            "crusting": answers.crusting,
            "symptoms": list(answers.symptoms) if answers.symptoms is not None else None,
            "note": answers.note or None,  # unset is null (docs/json.md)
            "painkillers_relieve": answers.painkillers_relieve,
            "painkillers_taken": answers.painkillers_taken,
            "contacted": answers.contacted,
        },
        "clinic": clinic(protocol),
        "saved": True,
        "id": result.id,
    }


def scores(protocol: Protocol, given: Mapping[str, int | None]) -> dict[str, int | None]:
    """Every scale of `protocol`, then any other the check-in has (a scale since removed), by key: null
    for a score not recorded."""
    keys = dict.fromkeys([*protocol.questions.keys, *given])
    return {key: given.get(key) for key in keys}


def checkin_row(row: CheckinRow, protocol: Protocol) -> dict[str, Any]:
    return {
        "id": row.id,
        "treatment_date": row.treatment_date.isoformat(),
        "on": row.on.isoformat(),
        "day": row.day,
        "recorded_at": row.recorded_at,
        "level": row.level,
        "action": row.action,
        "reasons": list(row.reasons),
        "reason_details": reason_details(row),
        "redness_window": window(redness_window(protocol, row.treatment_date, row.on)),
        "answers": {
            **scores(protocol, row.scores),
            "crusting": row.crusting,
            "symptoms": list(row.symptoms) if row.symptoms_recorded else None,
            "note": row.note or None,
            "painkillers_relieve": row.painkillers_relieve,
        },
        "protocol": row.protocol,
        "scales": {
            key: {"name": item.name, "min": item.min, "max": item.max, "labels": list(item.labels)}
            for key, item in row.definitions.items()
        },
        **amendments(row),
    }


def reason_details(row: CheckinRow) -> list[dict[str, Any]]:
    """For each of `reasons`, in its order: the rule that gave it (null: a line no rule gave), what it was made
    from (`words`: the protocol text's path or the catalogue's English, and its fields; null: kept as text only,
    before lipcare kept wordings), and whether its text is shown as it was recorded rather than worded again in
    the language of the run (lipcare.wording)."""
    return [
        {
            "rule": item.get("rule") or None,
            "words": item.get("words"),
            "as_recorded": bool(item.get("as_recorded", True)),
        }
        for item in row.said
    ]


def amendments(row: CheckinRow) -> dict[str, Any]:
    """`corrected_on` (null: never corrected) and, oldest first, each change made to the check-in after it was
    saved, with what it was before: its answers, level and reasons."""
    return {
        "corrected_on": row.corrected_on.isoformat() if row.corrected_on else None,
        "amendments": [
            {
                "kind": item.kind,
                "on": item.amended_on.isoformat(),
                "level_before": item.shown_level_was,
                "caused_by": item.caused_by,
                "before": None if item.original is None else nulls_for_empty(item.original),
            }
            for item in row.amendments
        ],
    }


def rules(rows: Sequence[RuleRow], protocol: Protocol) -> dict[str, Any]:
    """`lipcare protocol show --rules --json`."""
    return {
        **protocol_ref(protocol),
        "rules": [
            {
                "rule": row.rule,
                "reads": row.reads,
                "when": row.when,
                "first_day": row.first_day,
                "last_day": row.last_day,
                "level": row.level,
                "source": row.source,
            }
            for row in rows
        ],
    }


def protocol_summary(protocol: Protocol, defaulted: list[str]) -> dict[str, Any]:
    return {
        **protocol_ref(protocol),
        "format": protocol.format,
        "language": protocol.language,
        "clinic": clinic(protocol),
        "redness_window_days": protocol.redness.window_days,
        "rebound_from_day": protocol.redness.rebound_from_day,
        "rinse": {
            "first_day": protocol.rinse.first_day,
            "last_day": protocol.rinse.last_day,
            "times": [clock(at) for at in protocol.rinse.times],
        },
        "sun_avoid_last_day": protocol.sun_avoid.last_day,
        "sunscreen": {"first_day": protocol.sunscreen.first_day, "last_day": protocol.sunscreen.last_day},
        "warning_signs": {sign.key: sign.urgency for sign in protocol.warning_signs},
        "score_rules": {
            scale.key: [
                {
                    rule.kind: rule.threshold,
                    "from_day": rule.from_day,
                    "to_day": rule.to_day,
                    "level": rule.level,
                    "source": rule.source,
                }
                for rule in scale.rules
            ]
            for scale in protocol.questions.scales
        },
        "painkillers_asked_from_pain": protocol.questions.painkillers.ask_at_least,
        "sources": sorted(protocol.sources),
        "defaulted": defaulted,
    }


def photo(row: PhotoRow, folder: PurePath) -> dict[str, Any]:
    """A kept photo: where its file is, its SHA-256, size in bytes and pixels, and the day of its check-in."""
    return {
        "file": str(folder / f"{row.sha256}.jpg"),
        "sha256": row.sha256,
        "bytes": row.bytes,
        "width": row.width,
        "height": row.height,
        "on": row.on.isoformat(),
        "day": row.day,
        "added_at": row.added_at,
    }


def appointment(row: AppointmentRow, today: date) -> dict[str, Any]:
    """A kept appointment: its id, date, time (null: none given), note and place (null: none), and whether it is
    before `today`."""
    return {
        "id": row.id,
        "date": row.on.isoformat(),
        "time": clock(row.at),
        "note": row.note or None,
        "where": row.place or None,
        "past": row.on < today,
    }


def medicine(item: Medication, treated: date, kept_id: int | None = None) -> dict[str, Any]:
    """A medicine in force: its key, name, what it is for, dose, days (and dates), times, whether the times are
    only suggested, its source ("patient" for the patient's own or changed one) and its journal id (null for the
    protocol's own)."""
    return {
        "key": item.key,
        "name": item.name,
        "purpose": item.purpose or None,
        "dose": item.dose or None,
        "first_day": item.first_day,
        "last_day": item.last_day,
        "first_date": (treated + timedelta(days=item.first_day)).isoformat(),
        "last_date": (treated + timedelta(days=item.last_day)).isoformat(),
        "times": [at.strftime("%H:%M") for at in item.times],
        "times_suggested": item.times_suggested,
        "source": item.source or None,
        "id": kept_id,
    }


def dose(item: Dose) -> dict[str, Any]:
    """A dose due: its medicine, date and time, dose text and source."""
    return {
        "key": item.key,
        "name": item.name,
        "at": item.at.isoformat(timespec="minutes"),
        "dose": item.dose or None,
        "source": item.source or None,
        "suggested": item.suggested,
    }


def missed_dose(item: Missed) -> dict[str, Any]:
    """A medicine whose doses a check-in recorded as missed ('missed', or 'some'), with the protocol's advice (null:
    ask the clinic or pharmacist) and its source."""
    return {
        "on": item.on.isoformat(),
        "key": item.key,
        "name": item.name,
        "status": item.status,
        "advice": item.advice or None,
        "source": item.source or None,
    }


def amended(result: Amended, protocol: Protocol) -> dict[str, Any]:
    """`checkin --correct/--remove --json`: what changed. A correction has the check-in as `recorded` gives it."""
    row = result.checkin
    found: dict[str, Any] = {
        "id": row.id,
        "corrected" if result.recorded is not None else "removed": True,
        "before": {"on": row.on.isoformat(), "day": row.day, "level": row.shown_level, "reasons": list(row.reasons)},
        "level_changes": [
            {
                "id": change.checkin_id,
                "on": change.on.isoformat(),
                "day": change.day,
                "was": change.was,
                "now": change.now,
            }
            for change in result.changes
        ],
    }
    if result.recorded is not None:
        found.update(recorded(result.recorded, protocol))
    else:
        found["photos_removed"] = result.photos_removed
    return found
