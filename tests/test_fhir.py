"""FHIR export: the bundle read back and validated for real, offline, by two validators.

- fhir.resources (Python, R4B models) rejects elements FHIR does not define, wrong types and
  missing required elements, but does not check codes against value sets.
- FHIR.js (Node, the npm package "fhir", with its bundled R4 profiles and value sets) rejects codes
  outside a required value set, and, as run here (errorOnUnexpected), unknown elements too.
Both must pass, on golden bundles and on bundles from random check-in histories.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli, examples
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lipcare.journal import CheckinRow, Treatment
from lipcare.protocol import Protocol, load_protocol
from lipcare.render import fhir
from lipcare.render.fhir import PatientDetails, build_bundle, to_json

ROOT = Path(__file__).resolve().parent.parent
FHIRJS = ROOT / "tests" / "fhirjs"
GOLDEN = ROOT / "tests" / "golden"
DOC = ROOT / "docs" / "fhir.md"
# CI sets this so that a missing validator fails instead of skipping.
REQUIRED = os.environ.get("LIPCARE_REQUIRE_TOOLS") == "1"
STAMP = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
JOURNAL_UID = "0f6b8a52-1c7e-4d8e-9a43-2a2b7c1d5e90"


# --- the two validators ---------------------------------------------------------------


class FhirJs:
    """One Node process running tests/fhirjs/validate.js: a resource per line in, a result per line out."""

    def __init__(self, node: str) -> None:
        self.process = subprocess.Popen(
            [node, str(FHIRJS / "validate.js")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=FHIRJS,
        )

    def validate(self, resource: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(resource) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the FHIR.js validator stopped"
        result: dict[str, Any] = json.loads(line)
        return result

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


@pytest.fixture(scope="module")
def fhirjs() -> Iterator[FhirJs]:
    node = shutil.which("node")
    installed = (FHIRJS / "node_modules" / "fhir" / "package.json").is_file()
    if node is None or not installed:
        missing = "node" if node is None else "FHIR.js (cd tests/fhirjs && npm ci)"
        if REQUIRED:
            pytest.fail(f"{missing} is required (LIPCARE_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{missing} is not installed; .ci/run installs it")
    validator = FhirJs(node)
    yield validator
    validator.close()


def problems(result: dict[str, Any]) -> list[dict[str, Any]]:
    """FHIR.js messages that matter: every error, and every warning other than a code from lipcare's own
    systems, SNOMED CT or LOINC not being in an *example* or *preferred* value set that FHIR.js cannot expand."""
    found = []
    for message in result["messages"]:
        if message["severity"] == "info":
            continue  # "value set could not be found": an example binding FHIR.js does not ship
        if message["severity"] == "warning" and "not found in value set" in message["message"]:
            continue  # only ever a warning for a binding that is not required
        found.append(message)
    return found


Validate = Callable[[dict[str, Any]], None]


@pytest.fixture(params=["fhir.resources", "FHIR.js"])
def validate(request: pytest.FixtureRequest) -> Validate:
    """Each validator in turn, so that a missing FHIR.js skips its half only."""
    if request.param == "fhir.resources":

        def with_models(bundle: dict[str, Any]) -> None:
            Bundle.model_validate(bundle)  # raises on an unknown element, a wrong type or a missing required one

        return with_models
    fhirjs: FhirJs = request.getfixturevalue("fhirjs")

    def with_fhirjs(bundle: dict[str, Any]) -> None:
        result = fhirjs.validate(bundle)
        assert result["valid"] and problems(result) == [], problems(result)[:5]

    return with_fhirjs


# --- test data ------------------------------------------------------------------------


def row(
    ident: int,
    on: date,
    treated: date,
    redness: int | None = 1,
    swelling: int | None = 1,
    pain: int | None = 2,
    crusting: bool | None = False,
    symptoms: tuple[str, ...] = (),
    note: str = "",
    level: str = "expected",
    action: str = "expected",
    reasons: tuple[str, ...] = ("On day 1 this protocol expects: swelling.",),
    painkillers_relieve: bool | None = None,
) -> CheckinRow:
    """A check-in as the journal returns it; None is an answer not given."""
    return CheckinRow(
        ident,
        1,
        treated,
        on,
        (on - treated).days,
        f"{on.isoformat()}T19:05:00+00:00",
        {"redness": redness, "swelling": swelling, "pain": pain},
        crusting,
        symptoms,
        note,
        level,
        action,
        reasons,
        "lipcare-default@1.0",
        painkillers_relieve,
    )


TREATED = date(2026, 11, 1)
TREATMENT = Treatment(1, TREATED, time(10, 0))


FEVER = ("You reported: Fever of 38 °C (100.4 °F) or higher.",)
RELIEVED = (
    "Pain is 7/10 on day 1; you said painkillers relieve it. That helps, but severe pain still needs your "
    "physician's advice today: take painkillers only as your clinic advised.",
)


def week() -> list[CheckinRow]:
    """A week of check-ins: falling scores, a skipped pain question, a warning sign and a note."""
    day = TREATED
    return [
        row(1, day, TREATED, 2, 3, 6, False, note="Numb until the evening."),
        row(2, day + timedelta(1), TREATED, 2, 2, 7, True, (), "", "contact", "contact", RELIEVED, True),
        row(3, day + timedelta(2), TREATED, 2, 2, None, True),
        row(4, day + timedelta(3), TREATED, 1, None, 2, None),
        row(5, day + timedelta(4), TREATED, 1, 1, 2, True, ("fever",), level="urgent", action="urgent", reasons=FEVER),
        row(6, day + timedelta(5), TREATED, 1, 1, 1, True),
        row(7, day + timedelta(6), TREATED, 0, 0, 0, False, note="Much better \u202e today."),
    ]


@pytest.fixture(scope="module")
def protocol() -> Protocol:
    return load_protocol()


def week_bundle(protocol: Protocol, *, transaction: bool = False) -> dict[str, Any]:
    return build_bundle(protocol, JOURNAL_UID, [(TREATMENT, week())], TODAY, STAMP, transaction=transaction, zone=UTC)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def answers(response: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {item["linkId"]: item["answer"] for item in response["item"]}


# --- golden bundles ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["collection", "transaction"])
def test_golden_bundle_is_unchanged_and_valid(protocol: Protocol, validate: Validate, kind: str) -> None:
    bundle = week_bundle(protocol, transaction=kind == "transaction")
    golden = GOLDEN / f"fhir-week-{kind}.json"
    if os.environ.get("LIPCARE_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(to_json(bundle), encoding="utf-8")
    assert to_json(bundle) == golden.read_text(encoding="utf-8"), "run with LIPCARE_UPDATE_GOLDEN=1 and review"
    validate(json.loads(golden.read_text(encoding="utf-8")))


@pytest.mark.parametrize("labelled", [True, False])
def test_a_scale_a_clinic_adds_is_asked_and_observed_and_valid(
    tmp_path: Path, validate: Validate, labelled: bool
) -> None:
    labels = '["none", "mild", "moderate", "severe"]' if labelled else "[]"
    path = tmp_path / "clinic.toml"
    path.write_text(
        f'format = 1\n[checkin.itching]\nprompt = "How itchy?"\nname = "itching"\nmin = 0\nmax = 3\n'
        f"labels = {labels}\n",
        encoding="utf-8",
    )
    clinic = load_protocol(path)
    rows = [
        checkin._replace(scores={**checkin.scores, "itching": n % 4 if n != 3 else None})
        for n, checkin in enumerate(week(), start=1)
    ]
    bundle = json.loads(to_json(build_bundle(clinic, JOURNAL_UID, [(TREATMENT, rows)], TODAY, STAMP, zone=UTC)))
    validate(bundle)
    (questionnaire,) = resources(bundle, "Questionnaire")
    item = next(item for item in questionnaire["item"] if item["linkId"] == "itching")
    assert item["text"] == "How itchy?" and item["type"] == ("choice" if labelled else "integer")
    responses = resources(bundle, "QuestionnaireResponse")
    assert ["itching" in answers(response) for response in responses] == [n != 3 for n in range(1, 8)]
    observed = [obs for obs in resources(bundle, "Observation") if obs["code"]["coding"][0]["code"] == "scale-itching"]
    assert len(observed) == 6 and all(obs["bodySite"] == {"text": "Lips"} for obs in observed)


def test_a_scale_a_clinic_adds_is_never_coded_as_a_snomed_severity(tmp_path: Path) -> None:
    """lipcare cannot know what a clinic's own 0-3 scale measures: 'healed' at 3 is not SNOMED CT 'Severe'."""
    path = tmp_path / "clinic.toml"
    path.write_text(
        'format = 1\n[checkin.healing]\nprompt = "How healed do your lips look?"\nname = "healing"\n'
        'min = 0\nmax = 3\nlabels = ["not healed", "a little", "mostly", "healed"]\n',
        encoding="utf-8",
    )
    clinic = load_protocol(path)
    rows = [checkin._replace(scores={**checkin.scores, "healing": 3}) for checkin in week()]
    bundle = json.loads(to_json(build_bundle(clinic, JOURNAL_UID, [(TREATMENT, rows)], TODAY, STAMP, zone=UTC)))
    observed = [obs for obs in resources(bundle, "Observation") if obs["code"]["coding"][0]["code"] == "scale-healing"]
    assert len(observed) == 7
    for obs in observed:
        assert obs["valueCodeableConcept"]["text"] == "healed"
        assert [coding["system"] for coding in obs["valueCodeableConcept"]["coding"]] == [fhir.SCALE_POINT]
    redness = [obs for obs in resources(bundle, "Observation") if obs["code"]["coding"][0] == fhir.ERYTHEMA]
    assert fhir.SNOMED in [coding["system"] for coding in redness[0]["valueCodeableConcept"]["coding"]]


def test_a_score_saved_on_a_wider_scale_is_not_said_to_lie_on_the_narrower_one_of_today(
    protocol: Protocol, validate: Validate
) -> None:
    """The clinic narrowed pain to 0-5 after pain 8 was saved on 0-10: the Observation keeps the 8 and does not
    call it a 'Pain score (0-5)'; nor is a 15 saved on a 0-20 scale coded with LOINC's 0-10 rating."""
    narrowed = protocol.questions.with_scale(protocol.questions.pain._replace(max=5, rules=()))
    narrowed = narrowed._replace(painkillers=narrowed.painkillers._replace(ask_at_least=4))
    rows = [row(1, TREATED, TREATED, pain=8), row(2, TREATED + timedelta(1), TREATED, pain=3)]
    bundle = build_bundle(
        protocol._replace(questions=narrowed), JOURNAL_UID, [(TREATMENT, rows)], TODAY, STAMP, zone=UTC
    )
    validate(bundle)
    pains = [obs for obs in resources(bundle, "Observation") if obs["code"]["coding"][0]["code"] == "pain-score"]
    assert [(obs["valueInteger"], obs["code"]["coding"][0]["display"]) for obs in pains] == [
        (8, "Pain score"),
        (3, "Pain score (0-5)"),
    ]
    wider_then = [row(1, TREATED, TREATED, pain=15)]
    bundle = build_bundle(protocol, JOURNAL_UID, [(TREATMENT, wider_then)], TODAY, STAMP, zone=UTC)
    (pain,) = [obs for obs in resources(bundle, "Observation") if "valueInteger" in obs]
    assert pain["valueInteger"] == 15 and pain["code"]["coding"][0]["code"] == "pain-score"


def test_bundle_holds_the_plan_and_every_checkin(protocol: Protocol) -> None:
    bundle = week_bundle(protocol)
    assert bundle["type"] == "collection" and bundle["timestamp"] == "2026-11-24T10:30:00+00:00"
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds[:4] == ["Patient", "Questionnaire", "Procedure", "CarePlan"]
    assert kinds.count("QuestionnaireResponse") == 7
    (procedure,) = resources(bundle, "Procedure")
    assert procedure["code"]["text"] == "CO2 laser lip resurfacing"
    assert [coding["system"] for coding in procedure["code"]["coding"]] == [fhir.CODES]  # no invented SNOMED code
    assert procedure["performedDateTime"] == "2026-11-01T10:00:00+00:00" and procedure["status"] == "completed"

    (plan,) = resources(bundle, "CarePlan")
    assert plan["intent"] == "plan" and plan["status"] == "active"
    assert plan["period"] == {"start": "2026-11-01", "end": "2027-11-01"}  # day 365 of daily sun protection
    assert {"url": fhir.PROTOCOL_EXTENSION, "valueString": "lipcare-default@1.0"} in plan["extension"]
    details = {activity["detail"]["code"]["coding"][0]["code"]: activity["detail"] for activity in plan["activity"]}
    rinse = details["rinse"]["scheduledTiming"]["repeat"]
    assert rinse["timeOfDay"] == ["08:00:00", "12:00:00", "16:00:00", "20:00:00"] and rinse["frequency"] == 4
    assert (rinse["period"], rinse["periodUnit"]) == (1, "d")  # neither validator checks periodUnit's codes
    # Days 0 to 7, from the treatment time on day 0 (no rinse before the treatment).
    assert rinse["boundsPeriod"] == {"start": "2026-11-01T10:00:00+00:00", "end": "2026-11-08"}
    assert details["rinse"]["status"] == "completed"  # the rinsing week is over on 24 Nov
    assert details["sun-avoid"]["scheduledPeriod"] == {"start": "2026-11-01", "end": "2026-12-31"}  # day 60
    assert details["sunscreen"]["scheduledPeriod"] == {"start": "2026-11-23", "end": "2027-11-01"}  # from day 22
    for detail in details.values():
        assert detail["description"] and detail["extension"][0]["url"] == fhir.SOURCE_EXTENSION
    assert details["rinse"]["description"] == protocol.rinse.text
    assert details["rinse"]["extension"][0]["valueString"] == protocol.sources["leaflet"].title
    assert details["sunscreen"]["instantiatesUri"] == [protocol.sources["cleveland-recovery"].url]


def test_questionnaire_follows_the_protocol(protocol: Protocol) -> None:
    (questionnaire,) = resources(week_bundle(protocol), "Questionnaire")
    items = {item["linkId"]: item for item in questionnaire["item"]}
    assert list(items) == ["on", "redness", "swelling", "pain", "painkillers", "crusting", "symptoms", "note"]
    assert items["painkillers"]["type"] == "boolean"
    assert items["painkillers"]["enableWhen"] == [{"question": "pain", "operator": ">=", "answerInteger": 4}]
    assert items["redness"]["text"] == protocol.questions.redness.prompt
    assert [option["valueCoding"]["display"] for option in items["redness"]["answerOption"]] == list(
        protocol.questions.redness.labels
    )
    assert items["pain"]["type"] == "integer" and items["pain"]["code"][0]["code"] == "72514-3"
    signs = [option["valueCoding"]["code"] for option in items["symptoms"]["answerOption"]]
    assert signs == [sign.key for sign in protocol.warning_signs] and items["symptoms"]["repeats"] is True
    assert questionnaire["version"] == protocol.version


def test_unknown_answers_are_left_out_never_zero(protocol: Protocol) -> None:
    bundle = week_bundle(protocol)
    responses = resources(bundle, "QuestionnaireResponse")
    day2, day3 = answers(responses[2]), answers(responses[3])
    assert "pain" not in day2 and "redness" in day2  # pain not asked on day 2
    assert "painkillers" not in day2 and answers(responses[1])["painkillers"] == [{"valueBoolean": True}]
    assert "swelling" not in day3 and "crusting" not in day3
    observed = {(obs["id"], obs["code"]["coding"][0]["code"]) for obs in resources(bundle, "Observation")}
    ids = fhir.Ids(JOURNAL_UID)
    assert (ids("checkin/3/pain"), "72514-3") not in observed and (ids("checkin/2/pain"), "72514-3") in observed
    assert not any(code == "65124004" and ident == ids("checkin/4/swelling") for ident, code in observed)
    # A real 0 stays a 0.
    assert answers(responses[6])["pain"] == [{"valueInteger": 0}]


def test_observations_use_the_standard_codes(protocol: Protocol) -> None:
    bundle = week_bundle(protocol)
    by_id = {obs["id"]: obs for obs in resources(bundle, "Observation")}
    ids = fhir.Ids(JOURNAL_UID)
    pain = by_id[ids("checkin/1/pain")]
    assert pain["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "72514-3",
        "display": fhir.PAIN_0_10["display"],
    }
    assert pain["valueInteger"] == 6 and pain["effectiveDateTime"] == "2026-11-01"
    redness = by_id[ids("checkin/1/redness")]
    assert redness["code"]["coding"][0]["code"] == "247441003"
    assert redness["valueCodeableConcept"]["coding"][0]["code"] == "6736007"  # 2 = moderate
    swelling = by_id[ids("checkin/1/swelling")]
    assert swelling["code"]["coding"][0]["code"] == "65124004"
    assert swelling["valueCodeableConcept"]["coding"][0]["code"] == "24484000"  # 3 = severe
    assert by_id[ids("checkin/4/redness")]["valueCodeableConcept"]["coding"][0]["code"] == "255604002"  # mild
    assert by_id[ids("checkin/7/redness")]["valueCodeableConcept"]["coding"][0]["code"] == "2667000"  # absent
    for obs in by_id.values():
        assert obs["category"][0]["coding"][0]["code"] == "survey" and obs["status"] == "final"
        assert obs["derivedFrom"][0]["type"] == "QuestionnaireResponse"


def test_advice_is_an_observation_with_its_reasons(protocol: Protocol) -> None:
    ids = fhir.Ids(JOURNAL_UID)
    by_id = {obs["id"]: obs for obs in resources(week_bundle(protocol), "Observation")}
    advice = by_id[ids("checkin/5/advice")]
    assert advice["code"]["coding"][0]["code"] == "advice-level"
    assert advice["valueCodeableConcept"]["coding"][0] == {
        "system": fhir.ADVICE_LEVEL,
        "code": "urgent",
        "display": protocol.urgency["urgent"].title,
    }
    assert advice["note"] == [{"text": "You reported: Fever of 38 °C (100.4 °F) or higher."}]
    assert by_id[ids("checkin/1/advice")]["valueCodeableConcept"]["coding"][0]["code"] == "expected"
    fever = answers(resources(week_bundle(protocol), "QuestionnaireResponse")[4])["symptoms"]
    assert fever == [
        {"valueCoding": {"system": fhir.WARNING_SIGN, "code": "fever", "display": protocol.sign("fever").label}}
    ]


def test_a_pain_scale_other_than_0_10_gets_no_loinc_code(protocol: Protocol) -> None:
    questions = protocol.questions.with_scale(protocol.questions.pain._replace(max=5))
    bundle = build_bundle(
        protocol._replace(questions=questions), JOURNAL_UID, [(TREATMENT, week()[:1])], TODAY, STAMP, zone=UTC
    )
    codes = {coding["code"] for obs in resources(bundle, "Observation") for coding in obs["code"]["coding"]}
    assert "72514-3" not in codes and "pain-score" in codes


def test_transaction_puts_every_resource_at_its_own_id(protocol: Protocol) -> None:
    bundle = week_bundle(protocol, transaction=True)
    assert bundle["type"] == "transaction"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert entry["request"] == {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"}
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def test_patient_carries_nothing_identifying_unless_asked(protocol: Protocol) -> None:
    (patient,) = resources(week_bundle(protocol), "Patient")
    assert set(patient) == {"resourceType", "id", "language"}
    details = fhir.patient_details("Ada Example", "https://clinic.example/mrn|A-12")
    bundle = build_bundle(protocol, JOURNAL_UID, [(TREATMENT, [])], TODAY, STAMP, patient_info=details, zone=UTC)
    (patient,) = resources(bundle, "Patient")
    assert patient["name"] == [{"text": "Ada Example"}]
    assert patient["identifier"] == [{"system": "https://clinic.example/mrn", "value": "A-12"}]
    assert fhir.patient_details(None, "A-12") == PatientDetails(None, None, "A-12")
    assert (
        fhir.patient_details("\u0645\u0647\u200c\u0633\u0627", None).name == "\u0645\u0647\u200c\u0633\u0627"
    )  # a Persian name with ZWNJ


def test_control_and_bidi_characters_never_reach_the_file_raw(protocol: Protocol) -> None:
    checkin = row(1, TREATED, TREATED, note="a\u202eb\x00c\x1bd\u2028e")
    raw = to_json(build_bundle(protocol, JOURNAL_UID, [(TREATMENT, [checkin])], TODAY, STAMP, zone=UTC))
    assert "\u202e" not in raw and "\x1b" not in raw and "\u2028" not in raw and "\\u202e" in raw
    (response,) = resources(json.loads(raw), "QuestionnaireResponse")
    assert answers(response)["note"] == [{"valueString": "a\u202eb\ufffdc\ufffdd\u2028e"}]


# --- random check-in histories ----------------------------------------------------------

NOTES = st.one_of(st.just(""), st.text(max_size=30), st.sampled_from([" ", "\n", "\x00", "\u202e", "é 🙂", "a\tb"]))


@st.composite
def histories(draw: st.DrawFn) -> tuple[Treatment, list[CheckinRow], date]:
    treated = draw(st.dates(date(2000, 1, 1), date(2090, 12, 31)))
    at = draw(st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))))
    rows = []
    for ident in range(1, draw(st.integers(0, 12)) + 1):
        on = treated + timedelta(days=draw(st.integers(0, 60)))
        rows.append(
            row(
                ident,
                on,
                treated,
                redness=draw(st.one_of(st.none(), st.integers(0, 3))),
                swelling=draw(st.one_of(st.none(), st.integers(0, 3))),
                pain=draw(st.one_of(st.none(), st.integers(0, 10))),
                crusting=draw(st.one_of(st.none(), st.booleans())),
                symptoms=tuple(
                    draw(st.lists(st.sampled_from(["fever", "pus", "eye", "white-bumps"]), max_size=3, unique=True))
                ),
                note=draw(NOTES),
                level=draw(st.sampled_from(["urgent", "contact", "expected"])),
                action=draw(st.sampled_from(["immediate", "urgent", "contact", "expected"])),
                reasons=tuple(draw(st.lists(NOTES, max_size=3))),
                painkillers_relieve=draw(st.one_of(st.none(), st.booleans())),
            )
        )
    today = treated + timedelta(days=draw(st.integers(0, 400)))
    return Treatment(draw(st.integers(1, 10**6)), treated, at), rows, today


def variant(protocol: Protocol, labelled: bool, pain_max: int) -> Protocol:
    """As a clinic may set it: unless `labelled`, redness and swelling without labels and pain with them;
    pain from 0 to `pain_max`."""
    questions = protocol.questions
    pain = questions.pain._replace(max=pain_max)
    if not labelled:
        questions = questions.with_scale(questions.redness._replace(labels=()))
        questions = questions.with_scale(questions.swelling._replace(labels=()))
        pain = pain._replace(labels=tuple(f"level {point}" for point in range(pain_max + 1)))
    return protocol._replace(questions=questions.with_scale(pain))


@given(history=histories(), transaction=st.booleans(), labelled=st.booleans(), pain_max=st.sampled_from([5, 10]))
@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_histories_pass_both_validators(
    protocol: Protocol,
    validate: Validate,
    history: tuple[Treatment, list[CheckinRow], date],
    transaction: bool,
    labelled: bool,
    pain_max: int,
) -> None:
    treatment, rows, today = history
    shaped = variant(protocol, labelled, pain_max)
    bundle = build_bundle(shaped, JOURNAL_UID, [(treatment, rows)], today, STAMP, transaction=transaction)
    bundle = json.loads(to_json(bundle))  # what the file holds
    validate(bundle)
    for response, checkin in zip(resources(bundle, "QuestionnaireResponse"), rows, strict=True):
        given_answers = answers(response)
        for name in ("redness", "swelling", "pain"):
            assert (name in given_answers) == (checkin.score(name) is not None)
        for name, field in (("crusting", "crusting"), ("painkillers", "painkillers_relieve")):
            assert (name in given_answers) == (getattr(checkin, field) is not None)
    pains = [obs for obs in resources(bundle, "Observation") if obs["code"]["coding"][0]["code"] == "72514-3"]
    assert len(pains) == (sum(checkin.score("pain") is not None for checkin in rows) if pain_max == 10 else 0)
    assert len({entry["fullUrl"] for entry in bundle["entry"]}) == len(bundle["entry"])


# --- what each validator catches ----------------------------------------------------------


def broken(protocol: Protocol) -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads(to_json(week_bundle(protocol)))
    return bundle


def first(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    return resources(bundle, kind)[0]


def test_fhir_resources_rejects_an_unknown_element_and_misses_a_bad_code(protocol: Protocol) -> None:
    bundle = broken(protocol)
    first(bundle, "Observation")["severityScore"] = 3  # not an element of Observation
    with pytest.raises(ValidationError, match="severityScore"):
        Bundle.model_validate(bundle)
    bundle = broken(protocol)
    first(bundle, "Observation")["status"] = "done"  # not in the required value set observation-status
    Bundle.model_validate(bundle)  # fhir.resources does not check value sets: FHIR.js has to


def test_fhirjs_rejects_a_code_outside_a_required_value_set(protocol: Protocol, fhirjs: FhirJs) -> None:
    for kind, element, bad in (
        ("Observation", "status", "done"),
        ("QuestionnaireResponse", "status", "finished"),
        ("CarePlan", "intent", "wish"),
    ):
        bundle = broken(protocol)
        first(bundle, kind)[element] = bad
        result = fhirjs.validate(bundle)
        assert not result["valid"]
        assert [m["message"] for m in problems(result)] == [f'Code "{bad}" not found in value set']
    # What FHIR.js misses and fhir.resources catches: an impossible date in the right shape.
    bundle = broken(protocol)
    first(bundle, "Observation")["effectiveDateTime"] = "2026-13-45"
    assert fhirjs.validate(bundle)["valid"]
    with pytest.raises(ValidationError, match="effectiveDateTime"):
        Bundle.model_validate(bundle)


def test_fhirjs_rejects_an_unknown_element_and_a_missing_one(protocol: Protocol, fhirjs: FhirJs) -> None:
    bundle = broken(protocol)
    first(bundle, "Observation")["severityScore"] = 3
    result = fhirjs.validate(bundle)
    assert not result["valid"] and [m["message"] for m in problems(result)] == ["Unexpected property"]
    bundle = broken(protocol)
    del first(bundle, "Observation")["code"]
    assert [m["message"] for m in problems(fhirjs.validate(bundle))] == ["Missing property"]


# --- the command ------------------------------------------------------------------------


def export(cli: Cli, tmp_path: Path, *args: str) -> dict[str, Any]:
    target = tmp_path / "bundle.json"
    result = cli("export", "fhir", "-o", str(target), "--force", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return data


def test_command_exports_checkins_from_the_journal(cli: Cli, tmp_path: Path, validate: Validate) -> None:
    assert (
        cli(
            "checkin",
            "--date",
            "2026-11-20",
            "--time",
            "09:30",
            "--on",
            "2026-11-21",
            "--redness",
            "2",
            "--swelling",
            "1",
            "--pain",
            "3",
        ).exit_code
        == 0
    )
    assert cli("checkin", "--redness", "1", "--symptom", "fever", "--note", "hot").exit_code == 0
    bundle = export(cli, tmp_path)
    validate(bundle)
    responses = resources(bundle, "QuestionnaireResponse")
    assert [answers(response)["on"] for response in responses] == [
        [{"valueDate": "2026-11-21"}],
        [{"valueDate": "2026-11-24"}],
    ]
    assert answers(responses[1])["note"] == [{"valueString": "hot"}]
    advice = [obs for obs in resources(bundle, "Observation") if obs["code"]["coding"][0]["code"] == "advice-level"]
    assert [obs["valueCodeableConcept"]["coding"][0]["code"] for obs in advice] == ["expected", "urgent"]


def test_reexport_keeps_every_id_and_another_journal_shares_none(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--redness", "2").exit_code == 0
    first_ids = [entry["fullUrl"] for entry in export(cli, tmp_path)["entry"]]
    assert cli("checkin", "--redness", "1").exit_code == 0
    again = [entry["fullUrl"] for entry in export(cli, tmp_path)["entry"]]
    assert again[: len(first_ids)] == first_ids and len(again) > len(first_ids)
    monkeypatch.setenv("LIPCARE_HOME", str(tmp_path / "another-patient"))
    assert cli("checkin", "--date", "2026-11-20", "--redness", "2").exit_code == 0
    other = export(cli, tmp_path)
    shared = set(first_ids) & {entry["fullUrl"] for entry in other["entry"]}
    # Only the Questionnaire, a definition the same for everyone on this protocol, is shared.
    assert [url.removeprefix("urn:uuid:") for url in shared] == [first(other, "Questionnaire")["id"]]


def test_command_options(cli: Cli, tmp_path: Path) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--redness", "2").exit_code == 0
    bundle = export(cli, tmp_path, "--transaction", "--patient-name", "Ada Example", "--patient-id", "A-12")
    assert bundle["type"] == "transaction" and all(entry["request"]["method"] == "PUT" for entry in bundle["entry"])
    assert first(bundle, "Patient")["name"] == [{"text": "Ada Example"}]
    assert first(bundle, "Patient")["identifier"] == [{"value": "A-12"}]
    result = cli("export", "fhir", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["resourceType"] == "Bundle"
    for option, bad in (
        ("--patient-name", " "),
        ("--patient-name", "a\x1bb"),
        ("--patient-id", "x y|1"),
        ("--patient-id", "https://a.example|"),
    ):
        result = cli("export", "fhir", "-o", "-", option, bad)
        assert result.exit_code == 2 and result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
        assert option in result.stderr


def test_an_answer_not_given_at_the_command_line_is_absent(cli: Cli, tmp_path: Path, validate: Validate) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--redness", "2").exit_code == 0
    assert cli("checkin", "--redness", "1", "--pain", "8", "--painkillers-no-help").exit_code == 0
    bundle = export(cli, tmp_path)
    validate(bundle)
    only_redness, with_pain = (answers(response) for response in resources(bundle, "QuestionnaireResponse"))
    assert set(only_redness) == {"on", "redness"}  # swelling, pain, crusts and painkillers were not asked
    assert with_pain["pain"] == [{"valueInteger": 8}] and with_pain["painkillers"] == [{"valueBoolean": False}]
    observed = [
        (obs["code"]["coding"][0]["code"], obs["derivedFrom"][0]["reference"])
        for obs in resources(bundle, "Observation")
    ]
    first_response = "urn:uuid:" + resources(bundle, "QuestionnaireResponse")[0]["id"]
    assert [code for code, source in observed if source == first_response] == ["247441003", "advice-level"]


def test_command_keeps_earlier_treatments_with_all(cli: Cli, tmp_path: Path) -> None:
    assert cli("checkin", "--date", "2026-10-01", "--on", "2026-10-02", "--redness", "2").exit_code == 0
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1").exit_code == 0
    assert len(resources(export(cli, tmp_path), "Procedure")) == 1
    procedures = resources(export(cli, tmp_path, "--all"), "Procedure")
    assert [p["performedDateTime"] for p in procedures] == ["2026-10-01", "2026-11-20"]


def test_command_needs_a_treatment(cli: Cli) -> None:
    result = cli("export", "fhir", "-o", "-")
    assert result.exit_code == 2 and "no treatment date" in result.stderr and result.stdout == ""


def test_fhir_export_does_not_reach_other_commands_start_up() -> None:
    code = (  # every command defined, none run
        "import json, sys; from importlib import import_module; from lipcare.cli import COMMANDS; "
        "[import_module(f'lipcare.commands.{name}') for name in COMMANDS]; print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "lipcare.render.fhir" not in json.loads(done.stdout)


# --- documentation ----------------------------------------------------------------------


def test_every_code_and_system_in_the_bundle_is_documented(protocol: Protocol) -> None:
    doc = DOC.read_text(encoding="utf-8")
    bundle = week_bundle(protocol)
    found: set[tuple[str, str]] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "system" in value and "code" in value and value["system"] not in (fhir.SCALE_POINT, fhir.WARNING_SIGN):
                found.add((value["system"], value["code"]))
            if "url" in value and str(value["url"]).startswith("http"):
                found.add((value["url"], ""))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(bundle)
    missing = sorted((system, code) for system, code in found if system not in doc or (code and f"`{code}`" not in doc))
    assert missing == []
    for system in (fhir.SCALE_POINT, fhir.WARNING_SIGN):
        assert system in doc


# --- ids and times, for real ------------------------------------------------------------


def test_journal_identity_is_made_once_and_kept(tmp_path: Path) -> None:
    from lipcare.journal import Journal

    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    with journal:
        made = journal.identity()
        assert journal.identity() == made
    reopened = Journal.open(path, create=False)
    assert reopened is not None
    with reopened:
        assert reopened.identity() == made
    other = Journal.open(tmp_path / "other.sqlite3")
    assert other is not None
    with other:
        assert other.identity() != made


@pytest.fixture
def central_european_time() -> Iterator[None]:
    """The machine's local zone set to Central European Time (a POSIX rule: no time zone database needed)."""
    import time as clock_time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "CET-1CEST,M3.5.0,M10.5.0/3"
    clock_time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    clock_time.tzset()


@pytest.mark.usefixtures("central_european_time")
def test_treatment_time_carries_the_local_offset_of_its_own_date(protocol: Protocol) -> None:
    summer = Treatment(1, date(2026, 7, 1), time(10, 0))
    winter = Treatment(2, date(2026, 12, 1), time(10, 0))
    bundle = build_bundle(protocol, JOURNAL_UID, [(summer, []), (winter, [])], TODAY, STAMP)
    performed = [procedure["performedDateTime"] for procedure in resources(bundle, "Procedure")]
    assert performed == ["2026-07-01T10:00:00+02:00", "2026-12-01T10:00:00+01:00"]


@pytest.mark.slow  # a real process: the in-process export tests are quick
def test_export_in_a_real_process_writes_json_to_a_pipe(tmp_path: Path, lipcare_home: Path) -> None:
    env = {**os.environ, "LIPCARE_HOME": str(lipcare_home)}
    run = [sys.executable, "-m", "lipcare"]
    subprocess.run([*run, "checkin", "--date", "yesterday", "--redness", "1"], env=env, check=True, capture_output=True)
    done = subprocess.run([*run, "export", "fhir", "-o", "-"], env=env, capture_output=True, text=True, check=True)
    bundle = json.loads(done.stdout)
    assert done.stderr == "" and len(resources(bundle, "QuestionnaireResponse")) == 1


def test_an_offset_with_seconds_is_written_in_utc(protocol: Protocol) -> None:
    from datetime import timezone

    amsterdam_1930 = timezone(timedelta(minutes=19, seconds=32))  # local mean time, as Amsterdam kept until 1937
    bundle = build_bundle(protocol, JOURNAL_UID, [(TREATMENT, [])], TODAY, STAMP, zone=amsterdam_1930)
    assert first(bundle, "Procedure")["performedDateTime"] == "2026-11-01T09:40:28+00:00"


def test_painkillers_follow_a_labelled_pain_scale(protocol: Protocol) -> None:
    (questionnaire,) = resources(
        build_bundle(variant(protocol, False, 10), JOURNAL_UID, [], TODAY, STAMP), "Questionnaire"
    )
    (item,) = [item for item in questionnaire["item"] if item["linkId"] == "painkillers"]
    assert [condition["answerCoding"]["code"] for condition in item["enableWhen"]] == [
        str(score) for score in range(4, 11)
    ]
    assert item["enableBehavior"] == "any"


def test_an_advice_given_with_questions_unanswered_is_not_called_the_expected_course(cli: Cli, tmp_path: Path) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--redness", "1").exit_code == 0  # swelling, pain, crusts unasked
    assert cli("checkin", "--redness", "1", "--swelling", "1", "--pain", "1", "--no-crusting").exit_code == 0
    bundle = export(cli, tmp_path)
    observations = [
        entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == "Observation"
    ]
    advice = [item for item in observations if "advice-level" in json.dumps(item["code"])]
    shown = sorted(item["valueCodeableConcept"]["text"] for item in advice)
    assert shown == ["Matches the expected course", "Nothing you recorded is a reason to call"]


def test_an_arabic_and_an_english_patient_never_share_a_questionnaire_in_different_languages(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validate: Validate
) -> None:
    """A url|version names fixed content: the Arabic Questionnaire has its own id and url, says it is Arabic,
    and names the English one it is derived from; every resource says its language."""
    assert cli("checkin", "--date", "2026-11-20", "--redness", "2", "--pain", "3").exit_code == 0
    english = export(cli, tmp_path)
    monkeypatch.setenv("LIPCARE_HOME", str(tmp_path / "arabic-patient"))
    monkeypatch.setenv("LIPCARE_LANG", "ar")
    assert cli("checkin", "--date", "2026-11-20", "--redness", "2", "--pain", "3").exit_code == 0
    arabic = export(cli, tmp_path)
    for bundle, language in ((english, "en"), (arabic, "ar")):
        validate(bundle)
        assert bundle["language"] == language
        assert {entry["resource"]["language"] for entry in bundle["entry"]} == {language}
    en_form, ar_form = first(english, "Questionnaire"), first(arabic, "Questionnaire")
    assert en_form["id"] != ar_form["id"]
    assert en_form["url"] == "https://lipcare.invalid/fhir/Questionnaire/checkin/lipcare-default"
    assert ar_form["url"] == en_form["url"] + "/ar" and ar_form["version"] == en_form["version"]
    assert ar_form["derivedFrom"] == [f"{en_form['url']}|{en_form['version']}"] and "derivedFrom" not in en_form
    assert en_form["item"][0]["text"] == "The day this check-in describes"
    assert ar_form["item"][0]["text"] == "اليوم الذي يصفه هذا التسجيل"
    assert ar_form["title"].startswith("تسجيل حالة الشفتين اليومي: ")
    for bundle, form in ((english, en_form), (arabic, ar_form)):
        (response,) = resources(bundle, "QuestionnaireResponse")
        assert response["questionnaire"] == f"{form['url']}|{form['version']}"
        (plan,) = resources(bundle, "CarePlan")
        assert plan["activity"][-1]["detail"]["instantiatesCanonical"] == [f"{form['url']}|{form['version']}"]
    # Codes keep their own (English) display; the text a person reads is in the bundle's language.
    arabic_pain = next(obs for obs in resources(arabic, "Observation") if "valueInteger" in obs)
    assert arabic_pain["code"]["coding"][0]["display"].startswith("Pain severity")
    assert arabic_pain["code"]["text"] == "درجة الألم (0-10)"
    assert not any("Lips" in json.dumps(obs, ensure_ascii=False) for obs in resources(arabic, "Observation"))
