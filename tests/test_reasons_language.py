"""A check-in's reasons in the language of whoever reads them (lipcare.wording): recorded in English and read in
Arabic, and the reverse, in history, its JSON, the report and the FHIR export, with the reader's digits; what a
journal from before kept as text only, and a reason whose protocol text a clinic changed since, shown as recorded."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli

ARABIC_DIGIT = re.compile("[٠-٩]")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def _record(cli: Cli, *lang: str, protocol: Path | None = None) -> None:
    """Two check-ins: a calm one on day 2, then on day 9 fever, pain up from 2 to 8 and redness back up."""
    chosen = ("--protocol", str(protocol)) if protocol else ()
    first = cli(*lang, "checkin", "--date", "2026-11-14", "--on", "2026-11-16", "--redness", "1", "--swelling", "0",
                "--pain", "2", "--no-crusting", "--symptom", "none", *chosen)  # fmt: skip
    assert first.exit_code == 0, first.stderr
    second = cli(*lang, "checkin", "--on", "2026-11-23", "--redness", "3", "--swelling", "0", "--pain", "8",
                 "--crusting", "--symptom", "fever", *chosen)  # fmt: skip
    assert second.exit_code == 0, second.stderr


def _history(cli: Cli, *args: str, protocol: Path | None = None) -> list[dict[str, Any]]:
    result = cli(*args, "history", "--json", *(("--protocol", str(protocol)) if protocol else ()))
    assert result.exit_code == 0, result.stderr
    checkins: list[dict[str, Any]] = json.loads(result.stdout)["checkins"]
    return checkins


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_a_checkin_recorded_in_english_is_read_in_arabic_with_arabic_digits(cli: Cli, tmp_path: Path) -> None:
    _record(cli)
    urgent = _history(cli, "--lang", "ar")[1]
    assert urgent["reasons"] == [
        "أبلغت عن: حمّى: حرارة ٣٨ درجة مئوية (١٠٠\u066b٤ فهرنهايت) أو أعلى.",
        "شدة الألم ٨/١٠ في اليوم ٩، وهي أعلى من ٢/١٠ بتاريخ ٢٠٢٦-١١-١٦ (الفرق ٦): الألم الذي يزداد بعد أول ٤٨ ساعة "
        "علامة تحذير.",
        "درجة الاحمرار الآن ٣/٣، وهي أعلى من ١/٣ في تسجيلك بتاريخ ٢٠٢٦-١١-١٦: أي أن الاحمرار عاد أو ازداد.",
    ]
    details = urgent["reason_details"]
    assert [item["rule"] for item in details] == ["sign.fever", "pain.rising", "redness.rebound"]
    assert not any(item["as_recorded"] for item in details)
    # what a script reads: the rule's text by its path, and the numbers as numbers, whatever the language
    pain = details[1]["words"]
    assert pain["template"] == "questions.pain.rules.rising.text"
    assert {key: pain["fields"][key] for key in ("score", "before", "before_date")} == {
        "score": 8,
        "before": 2,
        "before_date": "2026-11-16",
    }
    # the English is still what English readers get, unchanged
    assert _history(cli)[1]["reasons"][0] == "You reported: Fever of 38 °C (100.4 °F) or higher."

    shown = _flat(cli("--lang", "ar", "history").stdout)
    assert "أبلغت عن: حمّى" in shown and "شدة الألم ٨/١٠ في اليوم ٩" in shown
    assert "You reported" not in shown and "Pain is" not in shown

    report = tmp_path / "r.html"
    assert cli("--lang", "ar", "report", "-o", str(report)).exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert '<li dir="auto">أبلغت عن: حمّى' in html and "شدة الألم ٨/١٠" in html
    assert "You reported" not in html and "Pain is" not in html

    fhir = cli("--lang", "ar", "export", "fhir", "-o", "-")
    assert fhir.exit_code == 0, fhir.stderr
    assert "شدة الألم ٨/١٠" in fhir.stdout and "Pain is" not in fhir.stdout


def test_a_checkin_recorded_in_arabic_is_read_in_english_with_western_digits(cli: Cli, tmp_path: Path) -> None:
    _record(cli, "--lang", "ar")
    urgent = _history(cli)[1]
    assert urgent["reasons"] == [
        "You reported: Fever of 38 °C (100.4 °F) or higher.",
        "Pain is 8/10 on day 9, 6 points higher than 2/10 on 2026-11-16: pain that gets worse after the first 48 "
        "hours is a warning sign.",
        "Redness is 3/3, higher than 1/3 at your check-in on 2026-11-16: it has come back or got worse.",
    ]
    calm = _history(cli)[0]["reasons"]
    assert calm[0] == "Usual on day 2: swelling and soreness; oozing; crusts; redness."
    for text in urgent["reasons"] + calm:
        assert not ARABIC_DIGIT.search(text) and not ARABIC_LETTER.search(text), text

    report = tmp_path / "r.html"
    assert cli("report", "-o", str(report)).exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert "Pain is 8/10 on day 9" in html and "أبلغت" not in html

    shown = _flat(cli("history").stdout)
    assert "Pain is 8/10 on day 9" in shown and "شدة" not in shown


def test_a_journal_from_before_shows_its_reasons_as_recorded(
    cli: Cli, lipcare_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal from before 0010 kept each reason as its text, and the problems held open without their words: it
    migrates, every check-in is kept, and an Arabic reader sees the English the patient was shown, marked as
    recorded, not a translation."""
    from lipcare import journal as journal_module

    migrations = journal_module.MIGRATIONS
    before = [name for name, _migration in migrations].index("0010_reasons_kept")
    with monkeypatch.context() as patch:
        patch.setattr(journal_module, "MIGRATIONS", migrations[:before])
        _record(cli)
    path = lipcare_home / "journal.sqlite3"
    db = sqlite3.connect(path)
    for checkin_id, reasons, held in db.execute("SELECT id, reasons, held FROM checkins").fetchall():
        texts = [item["text"] for item in json.loads(reasons)]
        problems = [{key: value for key, value in item.items() if key != "words"} for item in json.loads(held)]
        db.execute(
            "UPDATE checkins SET reasons = ?, held = ? WHERE id = ?",
            (json.dumps(texts, ensure_ascii=False), json.dumps(problems, ensure_ascii=False), checkin_id),
        )
    assert db.execute("PRAGMA user_version").fetchone()[0] == before
    db.commit()
    db.close()

    checkins = _history(cli, "--lang", "ar")
    assert len(checkins) == 2
    assert checkins[1]["reasons"][0] == "You reported: Fever of 38 °C (100.4 °F) or higher."
    assert checkins[1]["reason_details"][0] == {"rule": None, "words": None, "as_recorded": True}
    assert "You reported: Fever" in _flat(cli("--lang", "ar", "history").stdout)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations)
    stored = json.loads(db.execute("SELECT reasons FROM checkins WHERE id = 2").fetchone()[0])
    db.close()
    assert stored[0] == {"text": "You reported: Fever of 38 °C (100.4 °F) or higher."}

    # A check-in after it, in Arabic, says what the old one left open in Arabic where it can: the problem's own
    # words were not kept, so its text is the English recorded, inside an Arabic sentence.
    after = cli("--lang", "ar", "checkin", "--on", "2026-11-24", "--redness", "3", "--pain", "8", "--no-crusting")
    assert after.exit_code == 0, after.stderr
    latest = _history(cli, "--lang", "ar")[-1]
    assert any("You reported: Fever" in text for text in latest["reasons"])


CLINIC = """\
format = 1
[clinic]
name = "Nile Lip Clinic"
phone = "+20 2 1234 5678"
"""


def test_a_reason_whose_text_the_clinic_changed_since_is_shown_as_the_patient_was_told(
    cli: Cli, tmp_path: Path
) -> None:
    clinic = tmp_path / "nile.toml"
    clinic.write_text(CLINIC, encoding="utf-8")
    _record(cli, protocol=clinic)
    clinic.write_text(CLINIC + '[reasons]\nwarning_sign = "You told us about: {label}."\n', encoding="utf-8")

    for lang in ((), ("--lang", "ar")):
        urgent = _history(cli, *lang, protocol=clinic)[1]
        assert urgent["reasons"][0] == "You reported: Fever of 38 °C (100.4 °F) or higher."  # as the patient read it
        assert [item["as_recorded"] for item in urgent["reason_details"]] == [True, False, False]
    arabic = _history(cli, "--lang", "ar", protocol=clinic)[1]["reasons"]
    assert arabic[1].startswith("شدة الألم ٨/١٠")  # the texts the clinic did not change are worded again
    # What lipcare says now follows the clinic's new text.
    now = cli("checkin", "--on", "2026-11-24", "--redness", "3", "--symptom", "fever", "--protocol", str(clinic))
    assert now.exit_code == 0, now.stderr
    assert "You told us about: Fever" in _flat(now.stdout)


def test_a_correction_keeps_what_the_checkin_said_and_shows_it_in_the_readers_language(cli: Cli) -> None:
    _record(cli)
    corrected = cli("checkin", "--correct", "2", "--pain", "3", "--yes")
    assert corrected.exit_code == 0, corrected.stderr
    urgent = _history(cli, "--lang", "ar")[1]
    (amendment,) = urgent["amendments"]
    before = amendment["before"]
    assert "said" not in before
    assert before["reasons"][1].startswith("شدة الألم ٨/١٠ في اليوم ٩")
    assert urgent["reasons"][0].startswith("أبلغت عن: حمّى")
    assert not any(item["as_recorded"] for item in urgent["reason_details"])
    english = _history(cli)[1]["amendments"][0]["before"]["reasons"]
    assert english[1].startswith("Pain is 8/10 on day 9")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_judging_a_checkin_again_in_another_language_is_not_a_change(cli: Cli, lang: str) -> None:
    """Correcting an earlier check-in in Arabic re-judges the later English one: the same rules and words are the
    same advice, not a change to keep (its texts differ only by language)."""
    _record(cli)
    corrected = cli("--lang", lang, "checkin", "--correct", "1", "--note", "dry", "--yes")
    assert corrected.exit_code == 0, corrected.stderr
    assert _history(cli)[1]["amendments"] == []


def test_words_a_journal_did_not_get_from_lipcare_are_shown_as_recorded() -> None:
    """A tampered row cannot make lipcare fill an arbitrary text: a catalogue string it does not use, a field in
    one, an unknown separator, a path the protocol has not or a format it cannot fill leave the text as recorded."""
    from lipcare.protocol import load_protocol
    from lipcare.wording import digest, shown, text_at

    protocol = load_protocol(None, chosen_by="default")
    label = "warning_signs.fever.label"
    sources = {
        "reasons.warning_sign": digest(protocol.reasons["warning_sign"]),
        label: digest(text_at(protocol, label) or ""),
    }
    good = {"template": "reasons.warning_sign", "fields": {"label": {"template": label}}}
    assert shown(protocol, {"text": "kept", "words": good, "sources": sources}) == (
        "You reported: Fever of 38 °C (100.4 °F) or higher.",
        True,
    )
    for words in (
        {"message": "{x:>99999999}", "fields": {"x": 1}},
        {"message": "warning signs", "fields": {"x": 1}},
        {"template": "reasons.warning_sign", "fields": {"label": {"join": ["a", "b"], "separator": "{x}"}}},
        {"template": "reasons.warning_sign", "fields": {"wrong": 1}},
        {"template": "no.such.path"},
        {"template": "reasons.warning_sign", "fields": {"label": [1]}},
        "not words",
    ):
        assert shown(protocol, {"text": "kept", "words": words, "sources": sources}) == ("kept", False), words
    assert shown(protocol, {"text": "kept", "words": good, "sources": {**sources, label: "changed"}}) == ("kept", False)
    assert shown(protocol, {"text": "kept"}) == ("kept", False)


def test_every_rule_of_the_default_protocol_names_a_text_that_can_be_worded_again() -> None:
    from lipcare.protocol import load_protocol
    from lipcare.wording import text_at

    protocol = load_protocol(None, chosen_by="default")
    for scale in protocol.questions.scales:
        for number, rule in enumerate(scale.rules):
            assert text_at(protocol, f"questions.{scale.key}.rules.{rule.key or number}.text") == rule.text
    for key, text in protocol.reasons.items():
        assert text_at(protocol, f"reasons.{key}") == text
    assert (
        text_at(protocol, "questions.painkillers.not_relieved_text") == protocol.questions.painkillers.not_relieved_text
    )
    assert text_at(protocol, "questions.pain.name") == protocol.questions.pain.name


def test_a_correction_in_arabic_says_what_the_english_checkin_said_before_in_arabic(cli: Cli) -> None:
    _record(cli)
    result = cli("--lang", "ar", "checkin", "--correct", "2", "--pain", "3", "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    before = json.loads(result.stdout)["before"]["reasons"]
    assert before[0].startswith("أبلغت عن: حمّى") and before[1].startswith("شدة الألم ٨/١٠ في اليوم ٩")
