"""The aftercare plan and the check-ins as one FHIR R4 (4.0.1) Bundle, for `lipcare export fhir`.

Plain dicts turned into JSON with the standard library: no FHIR library at run time, and only
`lipcare export fhir` imports this module. docs/fhir.md maps every field to its FHIR element.

Choices (each explained in docs/fhir.md):
- Ids are UUIDs (version 5) of names like "checkin/12/pain" inside a namespace made from a random
  UUID kept in the journal, so a re-export gives every resource the same id (a server updates it
  instead of adding a copy) while two patients' journals never share an id. The Questionnaire,
  the same for everyone on one protocol version, takes its id from the protocol alone.
- References inside the bundle are `urn:uuid:` full URLs; a transaction bundle PUTs each resource
  at its own id, and the server rewrites the references.
- An answer that was not given is left out of the QuestionnaireResponse and has no Observation;
  it is never written as 0.
- The advice level is an Observation per check-in, not a Flag: it is a judgement at one point in
  time, derived from the answers, while a Flag is a standing alert that somebody must later end.
- The protocol id@version is recorded in an extension (PROTOCOL_EXTENSION), since a protocol id
  is free text and `meta.source` must be a URI.
- Every resource carries `language`, the language of the export. The Questionnaire is one per protocol
  version *and language*: the English one keeps the plain url and id, another language's has its own
  (`.../checkin/ID/ar`), derived from the English one, so a patient in one language never overwrites the
  clinic's Questionnaire in another.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any
from urllib.parse import quote

from lipcare.errors import UsageError
from lipcare.fasttuple import Record
from lipcare.journal_rows import CheckinRow, Treatment
from lipcare.locale import SOURCE, current
from lipcare.protocol import SCALES, Protocol, Scale, Span
from lipcare.protocol.types import Medication
from lipcare.text import _
from lipcare.timeline import date_of_day

BASE = "https://lipcare.invalid/fhir"
"""lipcare's namespace for its own code systems and extensions (a placeholder until it has a web home)."""
CODES = f"{BASE}/CodeSystem/lipcare"
ADVICE_LEVEL = f"{BASE}/CodeSystem/advice-level"
ADVICE_ACTION = f"{BASE}/CodeSystem/advice-action"
SCALE_POINT = f"{BASE}/CodeSystem/scale-point"
WARNING_SIGN = f"{BASE}/CodeSystem/warning-sign"
PROTOCOL_EXTENSION = f"{BASE}/StructureDefinition/protocol"
SOURCE_EXTENSION = f"{BASE}/StructureDefinition/source"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/checkin"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"

NAMESPACE = uuid.UUID("dd975a58-2864-4584-9f74-f6c49219e0b2")
"""lipcare's own UUID namespace: every id is derived from it."""

PROCEDURE = {"system": CODES, "code": "co2-laser-lip-resurfacing", "display": "CO2 laser lip resurfacing"}
ERYTHEMA = {"system": SNOMED, "code": "247441003", "display": "Erythema"}
SWELLING = {"system": SNOMED, "code": "65124004", "display": "Swelling"}
PAIN_0_10 = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
ABSENT = {"system": SNOMED, "code": "2667000", "display": "Absent"}
SEVERITIES = (
    {"system": SNOMED, "code": "255604002", "display": "Mild"},
    {"system": SNOMED, "code": "6736007", "display": "Moderate"},
    {"system": SNOMED, "code": "24484000", "display": "Severe"},
)
SURVEY = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


class PatientDetails(Record):
    """What the user chose to add about themselves; nothing is ever guessed."""

    name: str | None = None
    id_system: str | None = None
    id_value: str | None = None


def patient_details(name: str | None, identifier: str | None) -> PatientDetails:
    """Check --patient-name and --patient-id ('ID' or 'SYSTEM|ID'); raise UsageError if unusable."""
    if name is not None:
        name = name.strip()
        if not name or not _no_controls(name):
            raise UsageError("Invalid value for '--patient-name': give a name, without control characters.")
    system = value = None
    if identifier is not None:
        system, _bar, value = identifier.strip().rpartition("|")
        system = system.strip() or None
        value = value.strip()
        if not value or not _no_controls(value):
            raise UsageError(
                "Invalid value for '--patient-id': give an id (ID or SYSTEM|ID), without control characters."
            )
        if system is not None and (any(char.isspace() for char in system) or not _no_controls(system)):
            raise UsageError(
                "Invalid value for '--patient-id': the part before '|' is the id's system, a URI without spaces."
            )
    return PatientDetails(name, system, value)


def _no_controls(value: str) -> bool:
    """Names in any script pass (formatting marks are escaped in the file); control characters do not."""
    return not any(unicodedata.category(char) == "Cc" for char in value)


class Ids:
    """Stable ids: UUIDv5 of a name, in a namespace made from the journal's own random UUID."""

    def __init__(self, journal_uid: str) -> None:
        self.namespace = uuid.uuid5(NAMESPACE, f"journal/{journal_uid}")

    def __call__(self, name: str) -> str:
        return str(uuid.uuid5(self.namespace, name))


def questionnaire_id(label: str, language: str = SOURCE) -> str:
    """The Questionnaire is the same for every patient on one protocol version in one language."""
    return str(uuid.uuid5(NAMESPACE, f"questionnaire/{label}" + ("" if language == SOURCE else f"/{language}")))


def questionnaire_canonical(label: str, language: str = SOURCE) -> str:
    """'url|version' of the check-in Questionnaire of the protocol 'id@version' in `language`: English has
    the plain url, another language its own below it (`.../checkin/lipcare-default/ar`)."""
    protocol_id, _at, version = label.rpartition("@")
    url = f"{QUESTIONNAIRE_URL}/{quote(protocol_id or label, safe='')}"
    if language != SOURCE:
        url += f"/{quote(language, safe='')}"
    return f"{url}|{version or label}"


# --- small builders -------------------------------------------------------------------


def text(value: str) -> str | None:
    """A FHIR string: stripped, never empty (None instead), control characters shown as U+FFFD."""
    cleaned = "".join(
        char if char in "\t\n\r" or unicodedata.category(char) != "Cc" else "\ufffd" for char in value
    ).strip()
    return cleaned or None


def reference(resource: dict[str, Any]) -> dict[str, Any]:
    return {"reference": f"urn:uuid:{resource['id']}", "type": resource["resourceType"]}


def protocol_extension(label: str) -> list[dict[str, Any]]:
    return [{"url": PROTOCOL_EXTENSION, "valueString": label}]


def concept(coding: dict[str, Any], label: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"coding": [coding]}
    if label:
        found["text"] = label
    return found


def lipcare_code(code: str, display: str, shown: str | None = None) -> dict[str, Any]:
    """One of lipcare's own codes; `shown` is the text in the export's language when `display`, the code's
    own English name, is not."""
    return {"coding": [{"system": CODES, "code": code, "display": display}], "text": shown or display}


def lips() -> dict[str, str]:
    return {"text": _("Lips")}


def fhir_time(at: time) -> str:
    return at.strftime("%H:%M:%S")


def local_datetime(on: date, at: time, zone: tzinfo | None) -> str:
    """A wall-clock time on a date, with the offset in force there then (FHIR needs one)."""
    moment = datetime.combine(on, at)
    return _iso(moment.replace(tzinfo=zone) if zone is not None else moment.astimezone())


def instant(stamp: str, zone: tzinfo | None) -> str:
    """A stored ISO timestamp as a FHIR instant (seconds and an offset)."""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
    return _iso(moment)


def _iso(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:  # an old local mean time: FHIR offsets are whole minutes
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds")


# --- resources ------------------------------------------------------------------------


def patient(ids: Ids, details: PatientDetails) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient", "id": ids("patient"), "language": current().code}
    if details.id_value:
        identifier = {"value": details.id_value}
        if details.id_system:
            identifier = {"system": details.id_system, **identifier}
        resource["identifier"] = [identifier]
    if details.name:
        resource["name"] = [{"text": details.name}]
    return resource


def procedure(ids: Ids, treatment: Treatment, subject: dict[str, Any], zone: tzinfo | None) -> dict[str, Any]:
    performed = (
        local_datetime(treatment.treatment_date, treatment.treatment_time, zone)
        if treatment.treatment_time is not None
        else treatment.treatment_date.isoformat()
    )
    return {
        "resourceType": "Procedure",
        "id": ids(f"treatment/{treatment.id}/procedure"),
        "language": current().code,
        "status": "completed",
        "code": {"coding": [PROCEDURE], "text": _("CO2 laser lip resurfacing")},
        "subject": reference(subject),
        "performedDateTime": performed,
        "bodySite": [lips()],
    }


def _source(protocol: Protocol, source_id: str) -> dict[str, Any]:
    """The guidance's source as an extension (its title) and, where it has one, its address."""
    found = protocol.sources.get(source_id)
    title = text(found.title) if found else None
    detail: dict[str, Any] = {"extension": [{"url": SOURCE_EXTENSION, "valueString": title or source_id}]}
    if found and found.url.strip():
        detail["instantiatesUri"] = [found.url.strip()]
    return detail


def _status(first: date, last: date, today: date) -> str:
    """A planned activity's status on `today`: over, going on, or ahead. `completed` says that the
    period is over, not that the patient confirmed doing it (lipcare does not ask)."""
    if today > last:
        return "completed"
    return "in-progress" if today >= first else "scheduled"


def _daily(times: tuple[time, ...], start: str, end: date) -> dict[str, Any]:
    return {
        "repeat": {
            "boundsPeriod": {"start": start, "end": end.isoformat()},
            "frequency": len(times),
            "period": 1,
            "periodUnit": "d",
            "timeOfDay": [fhir_time(at) for at in times],
        }
    }


def careplan(
    ids: Ids,
    protocol: Protocol,
    treatment: Treatment,
    subject: dict[str, Any],
    procedure_resource: dict[str, Any],
    today: date,
    zone: tzinfo | None,
) -> dict[str, Any]:
    treated = treatment.treatment_date
    rinse = protocol.rinse
    activities: list[dict[str, Any]] = []

    first, last = date_of_day(treated, rinse.first_day), date_of_day(treated, rinse.last_day)
    start = first.isoformat()
    if rinse.first_day == 0 and treatment.treatment_time is not None:
        start = local_datetime(treated, treatment.treatment_time, zone)  # no rinse before the treatment
    activities.append(
        {
            "detail": {
                **_source(protocol, rinse.source),
                "code": lipcare_code("rinse", text(rinse.title) or "rinse"),
                "status": _status(first, last, today),
                "scheduledTiming": _daily(rinse.times, start, last),
                "description": text(rinse.text) or rinse.title,
            }
        }
    )

    for span in (protocol.sun_avoid, protocol.sunscreen):
        activities.append({"detail": _span_detail(protocol, span, treated, today)})

    reminder = protocol.questions.reminder
    window_end = date_of_day(treated, protocol.redness.window_days)
    activities.append(
        {
            "detail": {
                **_source(protocol, reminder.source),
                "instantiatesCanonical": [questionnaire_canonical(protocol.label, current().code)],
                "code": lipcare_code("daily-checkin", text(reminder.title) or "check-in"),
                "status": _status(treated, window_end, today),
                "scheduledTiming": _daily((reminder.time,), treated.isoformat(), window_end),
                "description": text(reminder.text) or reminder.title,
            }
        }
    )

    end = date_of_day(
        treated,
        max(rinse.last_day, protocol.sun_avoid.last_day, protocol.sunscreen.last_day, protocol.redness.window_days),
    )
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": ids(f"treatment/{treatment.id}/careplan"),
        "language": current().code,
        "extension": protocol_extension(protocol.label),
        "status": "completed" if today > end else "active",
        "intent": "plan",
        "title": text(_("Aftercare after CO2 laser lip resurfacing: {name}").format(name=protocol.name)),
        "description": text(protocol.summary),
        "subject": reference(subject),
        "period": {"start": treated.isoformat(), "end": end.isoformat()},
        "supportingInfo": [reference(procedure_resource)],
        "activity": activities,
    }
    return {key: value for key, value in resource.items() if value is not None}


def medication_statement(
    ids: Ids,
    protocol: Protocol,
    item: Medication,
    treatment: Treatment,
    subject: dict[str, Any],
    plan: dict[str, Any],
    today: date,
) -> dict[str, Any]:
    """A medicine of the plan as a MedicationStatement: what it is (as text: lipcare has no drug codes), what for,
    from when to when, and the dose and times of day as the patient was told them. Its status says where the
    course stands on `today` ("intended" before it starts), not that doses were taken."""
    first, last = (
        date_of_day(treatment.treatment_date, item.first_day),
        date_of_day(treatment.treatment_date, item.last_day),
    )
    status = {"completed": "completed", "in-progress": "active", "scheduled": "intended"}[_status(first, last, today)]
    dosage: dict[str, Any] = {"timing": _daily(item.times, first.isoformat(), last)}
    said = [part for part in (item.dose, item.text) if part]
    if item.times_suggested:
        said.append(_("The times are suggestions: take it when your clinic told you to."))
    if said:
        dosage["text"] = text(" ".join(said))
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": ids(f"treatment/{treatment.id}/medication/{item.key}"),
        "language": current().code,
        "extension": [
            *protocol_extension(protocol.label),
            *_source(protocol, item.source if item.source in protocol.sources else "patient")["extension"],
        ],
        "basedOn": [reference(plan)],
        "status": status,
        "medicationCodeableConcept": {"text": text(item.name) or item.key},
        "subject": reference(subject),
        "effectivePeriod": {"start": first.isoformat(), "end": last.isoformat()},
        "reasonCode": [{"text": text(item.purpose)}] if text(item.purpose) else None,
        "dosage": [dosage],
    }
    return {key: value for key, value in resource.items() if value is not None}


def _span_detail(protocol: Protocol, span: Span, treated: date, today: date) -> dict[str, Any]:
    first, last = date_of_day(treated, span.first_day), date_of_day(treated, span.last_day)
    code = "sun-avoid" if span.key == "avoid" else span.key
    return {
        **_source(protocol, span.source),
        "code": lipcare_code(code, text(span.title) or code),
        "status": _status(first, last, today),
        "scheduledPeriod": {"start": first.isoformat(), "end": last.isoformat()},
        "description": text(span.text) or span.title,
    }


# --- the questionnaire ----------------------------------------------------------------


def _scale_item(link: str, scale: Scale, code: dict[str, Any] | None) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": link}
    if code is not None:
        item["code"] = [code]
    item["text"] = text(scale.prompt) or link
    if scale.labels:
        item["type"] = "choice"
        item["answerOption"] = [
            {"valueCoding": {**_point(scale, point), "extension": [{"url": ORDINAL_VALUE, "valueDecimal": point}]}}
            for point in range(scale.min, scale.max + 1)
        ]
    else:
        item["type"] = "integer"
        item["extension"] = [
            {"url": MIN_VALUE, "valueInteger": scale.min},
            {"url": MAX_VALUE, "valueInteger": scale.max},
        ]
    return item


def _point(scale: Scale, point: int) -> dict[str, Any]:
    coding: dict[str, Any] = {"system": SCALE_POINT, "code": str(point)}
    index = point - scale.min
    if scale.labels and 0 <= index < len(scale.labels):
        label = text(scale.labels[index])
        if label:
            coding["display"] = label
    return coding


def _painkillers_item(protocol: Protocol) -> dict[str, Any]:
    """Whether painkillers relieve the pain: asked only when pain is `ask_at_least` or more."""
    follow_up = protocol.questions.painkillers
    pain = protocol.questions.pain
    item: dict[str, Any] = {"linkId": "painkillers", "text": text(follow_up.prompt) or "painkillers", "type": "boolean"}
    if not pain.labels:
        item["enableWhen"] = [{"question": "pain", "operator": ">=", "answerInteger": follow_up.ask_at_least}]
    else:
        points = range(max(follow_up.ask_at_least, pain.min), pain.max + 1)
        conditions = [{"question": "pain", "operator": "=", "answerCoding": _point(pain, point)} for point in points]
        if conditions:
            item["enableWhen"] = conditions
        if len(conditions) > 1:
            item["enableBehavior"] = "any"
    return item


def _added(protocol: Protocol) -> list[Scale]:
    """The scales a clinic's protocol adds to the built-in ones: lipcare's own codes, no LOINC or SNOMED CT."""
    return [scale for scale in protocol.questions.scales if scale.key not in SCALES]


def pain_is_0_10(scale: Scale) -> bool:
    """LOINC 72514-3 is the 0-10 numeric rating: used only when the protocol's pain scale is that one."""
    return scale.min == 0 and scale.max == 10


def questionnaire(protocol: Protocol) -> dict[str, Any]:
    questions = protocol.questions
    items = [
        {"linkId": "on", "text": _("The day this check-in describes"), "type": "date", "required": True},
        _scale_item("redness", questions.redness, ERYTHEMA),
        _scale_item("swelling", questions.swelling, SWELLING),
        _scale_item("pain", questions.pain, PAIN_0_10 if pain_is_0_10(questions.pain) else None),
        _painkillers_item(protocol),
        *(_scale_item(scale.key, scale, None) for scale in _added(protocol)),
        {"linkId": "crusting", "text": text(questions.crusting_prompt) or "crusting", "type": "boolean"},
        {
            "linkId": "symptoms",
            "text": _("Warning signs you have now"),
            "type": "choice",
            "repeats": True,
            "answerOption": [
                {"valueCoding": {"system": WARNING_SIGN, "code": sign.key, "display": text(sign.label) or sign.key}}
                for sign in protocol.warning_signs
            ],
        },
        {"linkId": "note", "text": text(questions.note_prompt) or "note", "type": "text"},
    ]
    language = current().code
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(protocol.label, language),
        "language": language,
        "extension": protocol_extension(protocol.label),
        "url": questionnaire_canonical(protocol.label, language).partition("|")[0],
        "version": protocol.version,
        "title": text(_("Daily lip check-in: {name}").format(name=protocol.name)),
    }
    if language != SOURCE:  # the same questions as the English Questionnaire, in another language
        resource["derivedFrom"] = [questionnaire_canonical(protocol.label)]
    resource |= {"status": "active", "subjectType": ["Patient"], "item": items}
    return resource


# --- a check-in -----------------------------------------------------------------------


def _answer(link: str, answers: list[dict[str, Any]], question: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": link}
    if question:
        item["text"] = question
    item["answer"] = answers
    return item


def _scale_answer(scale: Scale, value: int) -> dict[str, Any]:
    return {"valueCoding": _point(scale, value)} if scale.labels else {"valueInteger": value}


def questionnaire_response(
    ids: Ids, protocol: Protocol, row: CheckinRow, subject: dict[str, Any], plan: dict[str, Any], zone: tzinfo | None
) -> dict[str, Any]:
    questions = protocol.questions
    items = [_answer("on", [{"valueDate": row.on.isoformat()}])]
    for scale in questions.scales:  # in the questionnaire's order: the painkillers follow the pain
        value = row.score(scale.key)
        if value is not None:  # not asked: left out, never 0
            items.append(_answer(scale.key, [_scale_answer(scale, value)]))
        if scale.key == "pain" and row.painkillers_relieve is not None:
            items.append(_answer("painkillers", [{"valueBoolean": row.painkillers_relieve}]))
    crusting: bool | None = row.crusting
    if crusting is not None:
        items.append(_answer("crusting", [{"valueBoolean": crusting}]))
    signs = {word: sign for sign in protocol.warning_signs for word in sign.words}  # old keys too
    reported = [
        {"valueCoding": {"system": WARNING_SIGN, "code": key, **_display(signs[key].label if key in signs else "")}}
        for key in row.symptoms
        if key.strip()
    ]
    if reported:
        items.append(_answer("symptoms", reported))
    note = text(row.note)
    if note:
        items.append(_answer("note", [{"valueString": note}]))
    return {
        "resourceType": "QuestionnaireResponse",
        "id": ids(f"checkin/{row.id}/response"),
        "language": current().code,
        "extension": protocol_extension(row.protocol),
        "questionnaire": questionnaire_canonical(row.protocol, current().code),
        "basedOn": [reference(plan)],
        "status": "amended" if row.corrected_on else "completed",  # corrected by the patient after it was saved
        "subject": reference(subject),
        "authored": instant(row.recorded_at, zone),
        "source": reference(subject),
        "item": items,
    }


def _display(label: str) -> dict[str, str]:
    shown = text(label)
    return {"display": shown} if shown else {}


def _observation(
    ids: Ids,
    row: CheckinRow,
    name: str,
    code: dict[str, Any],
    subject: dict[str, Any],
    response: dict[str, Any],
    zone: tzinfo | None,
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": ids(f"checkin/{row.id}/{name}"),
        "language": current().code,
        "extension": protocol_extension(row.protocol),
        "status": "corrected" if row.amendments else "final",  # its answers or its advice changed after it was saved
        "category": SURVEY,
        "code": code,
        "subject": reference(subject),
        "effectiveDateTime": row.on.isoformat(),
        "issued": instant(row.recorded_at, zone),
        "performer": [reference(subject)],
        "derivedFrom": [reference(response)],
    }


def as_saved(scale: Scale, row: CheckinRow) -> Scale:
    """`scale` with the bounds and labels it had when `row`'s score was saved (as it is, when not known)."""
    saved = row.definitions.get(scale.key)
    if saved is None:
        return scale
    return scale._replace(min=saved.min, max=saved.max, labels=saved.labels)


def severity(scale: Scale, value: int) -> dict[str, Any]:
    """The severity of a 0-3 none/mild/moderate/severe answer in SNOMED CT, with lipcare's own point
    beside it; a scale of another shape keeps lipcare's point only."""
    point = _point(scale, value)
    label = point.get("display")
    if scale.min == 0 and scale.max == 3 and 0 <= value <= 3:
        snomed = ABSENT if value == 0 else SEVERITIES[value - 1]
        return {"coding": [snomed, point], "text": label or snomed["display"]}
    return {"coding": [point], "text": label or str(value)}


def observations(
    ids: Ids,
    protocol: Protocol,
    row: CheckinRow,
    subject: dict[str, Any],
    response: dict[str, Any],
    zone: tzinfo | None,
) -> list[dict[str, Any]]:
    """The answers as Observations (only those given) and the advice level as one more. Each score is read on its
    scale as it was when it was saved (a clinic that changes a scale does not relabel old scores)."""
    questions = protocol.questions
    questions = questions._replace(scales=tuple(as_saved(scale, row) for scale in questions.scales))
    found = []
    symptoms: tuple[tuple[str, dict[str, Any], str, Scale, int | None], ...] = (
        ("redness", ERYTHEMA, _("Redness (erythema) of the lips"), questions.redness, row.score("redness")),
        ("swelling", SWELLING, _("Swelling of the lips"), questions.swelling, row.score("swelling")),
    )
    for name, code, label, scale, value in symptoms:
        if value is None:
            continue
        observation = _observation(ids, row, name, concept(code, label), subject, response, zone)
        observation["valueCodeableConcept"] = severity(scale, value)
        observation["bodySite"] = lips()
        found.append(observation)
    pain = row.score("pain")
    if pain is not None:
        # A score saved on a wider scale (the protocol changed since) is not said to lie on today's.
        on_scale = questions.pain.min <= pain <= questions.pain.max
        code = (
            concept(PAIN_0_10, _("Pain score ({low}-{high})").format(low=0, high=10))
            if pain_is_0_10(questions.pain) and on_scale
            else lipcare_code(
                "pain-score", *_pain_score(questions.pain) if on_scale else ("Pain score", _("Pain score"))
            )
        )
        observation = _observation(ids, row, "pain", code, subject, response, zone)
        observation["valueInteger"] = pain
        found.append(observation)
    for scale in _added(protocol):
        value = row.score(scale.key)
        if value is None:
            continue
        scale = as_saved(scale, row)
        shown = f"{scale.title} ({scale.min}-{scale.max})" if scale.min <= value <= scale.max else scale.title
        code = lipcare_code(f"scale-{scale.key}", text(shown) or scale.key)
        observation = _observation(ids, row, f"scale-{scale.key}", code, subject, response, zone)
        if scale.labels:  # its own point only: what a clinic's scale measures is not known, so no SNOMED severity
            point = _point(scale, value)
            observation["valueCodeableConcept"] = {"coding": [point], "text": point.get("display") or str(value)}
        else:
            observation["valueInteger"] = value
        observation["bodySite"] = lips()
        found.append(observation)

    advice = _observation(
        ids,
        row,
        "advice",
        lipcare_code("advice-level", "lipcare advice level", _("lipcare advice level")),
        subject,
        response,
        zone,
    )
    advice["valueCodeableConcept"] = _advice(ADVICE_LEVEL, row.level, protocol, row.unanswered)
    advice["component"] = [
        {
            "code": lipcare_code("advice-action", "What to do", _("What to do")),
            "valueCodeableConcept": _advice(ADVICE_ACTION, row.action, protocol, row.unanswered),
        }
    ]
    notes = [{"text": reason} for reason in (text(item) for item in row.reasons) if reason]
    if notes:
        advice["note"] = notes
    found.append(advice)
    return found


def _pain_score(scale: Scale) -> tuple[str, str]:
    """'Pain score (0-5)' in English (the code's display) and in the export's language."""
    english = "Pain score ({low}-{high})"
    return english.format(low=scale.min, high=scale.max), _(english).format(low=scale.min, high=scale.max)


def _advice(system: str, key: str, protocol: Protocol, unanswered: bool) -> dict[str, Any]:
    wording = protocol.advice(key, unanswered) if key in protocol.urgency else None
    coding: dict[str, Any] = {"system": system, "code": key}
    if wording is not None and text(wording.title):
        coding["display"] = text(wording.title)
    return {"coding": [coding], "text": coding.get("display", key)}


# --- the bundle -----------------------------------------------------------------------


def build_bundle(
    protocol: Protocol,
    journal_uid: str,
    treatments: list[tuple[Treatment, list[CheckinRow]]],
    today: date,
    stamp: datetime,
    *,
    patient_info: PatientDetails | None = None,
    transaction: bool = False,
    zone: tzinfo | None = None,
    medicines: Mapping[int, Sequence[Medication]] | None = None,
) -> dict[str, Any]:
    """One Bundle: the Patient, the check-in Questionnaire, and for each treatment its Procedure,
    CarePlan, and each check-in's QuestionnaireResponse and Observations.

    `zone` is the time zone of wall-clock times (the machine's local zone when None); `stamp` is
    when the bundle is made. `medicines`: the medicines in force for each treatment, by its id (the protocol's
    own for a treatment not given), each a MedicationStatement based on the treatment's CarePlan.
    """
    ids = Ids(journal_uid)
    subject = patient(ids, patient_info or PatientDetails())
    resources = [subject, questionnaire(protocol)]
    for treatment, rows in treatments:
        done = procedure(ids, treatment, subject, zone)
        plan = careplan(ids, protocol, treatment, subject, done, today, zone)
        resources += [done, plan]
        kept = protocol.medication if medicines is None else medicines.get(treatment.id, protocol.medication)
        resources += [medication_statement(ids, protocol, item, treatment, subject, plan, today) for item in kept]
        for row in rows:
            response = questionnaire_response(ids, protocol, row, subject, plan, zone)
            resources += [response, *observations(ids, protocol, row, subject, response, zone)]
    entries = []
    for resource in resources:
        entry: dict[str, Any] = {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
        if transaction:
            entry["request"] = {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"}
        entries.append(entry)
    moment = stamp if stamp.tzinfo is not None else stamp.astimezone()
    return {
        "resourceType": "Bundle",
        "id": ids("bundle"),
        "language": current().code,
        "type": "transaction" if transaction else "collection",
        "timestamp": _iso(moment),
        "entry": entries,
    }


def to_json(bundle: dict[str, Any]) -> str:
    """The bundle as JSON text. Control, bidi and other invisible formatting characters inside
    strings are written as \\u escapes, so the file shows them to nobody raw; the values are kept."""
    raw = json.dumps(bundle, indent=2, ensure_ascii=False)
    return _BEYOND_ASCII.sub(_escape, raw) + "\n"


# JSON escapes C0 controls itself; everything else to look at lies outside printable ASCII.
_BEYOND_ASCII = re.compile(r"[^\n\x20-\x7e]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs"):
        return char
    return "".join(f"\\u{unit:04x}" for unit in _utf16(char))


def _utf16(char: str) -> list[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[index : index + 2], "big") for index in range(0, len(data), 2)]
