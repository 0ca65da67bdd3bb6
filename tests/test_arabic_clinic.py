"""What a Cairo clinic's trial of its own protocol in Arabic found: the clinic's details in its translation,
typos in its translation file, Western digits left in Arabic output, and the review notice in `history`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import Cli, readable
from rich.console import Console

from lipcare.chart import redness_chart
from lipcare.locale import load, using
from lipcare.locale import translation as i18n
from lipcare.locale.catalogue import data_file
from lipcare.protocol import load_protocol
from lipcare.render import prompts

CLINIC = """\
format = 1
[clinic]
name = "Nile Lip Clinic"
phone = "+20 2 1234 5678"
hours = "Sunday to Thursday, 9:00 to 17:00"
if_closed = "If we are closed, call the hospital switchboard."

[[prepare]]
text = "Bring your sunglasses."
source = "mayo-prepare"
"""

CLINIC_AR = """\
[translation]
language = "ar"
reviewed_by_clinician = true

[strings."clinic.name"]
en = "Nile Lip Clinic"
text = "عيادة النيل للشفاه"

[strings."clinic.hours"]
en = "Sunday to Thursday, 9:00 to 17:00"
text = "من الأحد إلى الخميس، من 9:00 إلى 17:00"

[strings."clinic.if_closed"]
en = "If we are closed, call the hospital switchboard."
text = "إن كنا مغلقين، فاتصل بمقسم المستشفى."
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    file = tmp_path / "nile.toml"
    file.write_text(CLINIC, encoding="utf-8")
    return file


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


# --- 1. the clinic's own details can be translated -------------------------------------------------------


def test_the_clinics_name_hours_and_closed_advice_are_translated_by_its_own_file(cli: Cli, clinic: Path) -> None:
    (clinic.parent / "nile.ar.toml").write_text(CLINIC_AR, encoding="utf-8")
    shown = _flat(cli("timeline", "--lang", "ar", "--date", "2026-11-20", "--protocol", str(clinic)).stdout)
    assert "عيادتك: عيادة النيل للشفاه" in shown and "Nile Lip Clinic" not in shown
    assert "\u2066+20 2 1234 5678\u2069 (من الأحد إلى الخميس، من ٩:٠٠ إلى ١٧:٠٠)" in shown  # kept, and isolated
    assert "Sunday to Thursday" not in shown
    assert "إن كنا مغلقين، فاتصل بمقسم المستشفى." in shown
    english = _flat(cli("timeline", "--date", "2026-11-20", "--protocol", str(clinic)).stdout)
    assert "Your clinic: Nile Lip Clinic" in english and "(Sunday to Thursday, 9:00 to 17:00)" in english
    check = cli("protocol", "check", str(clinic)).stdout
    assert "clinic.name" not in check and "clinic.hours" not in check  # translated, so not listed as missing


def test_the_clinics_details_not_translated_stay_english_and_are_listed(cli: Cli, clinic: Path) -> None:
    shown = readable(_flat(cli("timeline", "--lang", "ar", "--date", "2026-11-20", "--protocol", str(clinic)).stdout))
    assert "عيادتك: Nile Lip Clinic" in shown and "(Sunday to Thursday, 9:00 to 17:00)" in shown
    check = cli("protocol", "check", str(clinic)).stdout
    untranslated = next(line for line in check.splitlines() if "Untranslated" in line)
    assert "clinic.name" in untranslated and "clinic.hours" in untranslated and "clinic.if_closed" in untranslated
    assert "clinic.phone" not in untranslated  # phone numbers are never translated


def test_the_default_protocols_empty_clinic_details_need_no_translation() -> None:
    paths = i18n.translatable(load_protocol())
    assert "clinic.if_unknown" in paths and "clinic.if_closed" in paths
    assert "clinic.name" not in paths and "clinic.hours" not in paths and "clinic.phone" not in paths


# --- 2. a translation that names no string of the protocol is reported ------------------------------------


def test_a_typo_in_the_clinics_translation_file_is_reported_with_what_it_may_mean(cli: Cli, clinic: Path) -> None:
    typo = CLINIC_AR + '[strings."clinic.hurs"]\ntext = "مواعيد"\n[strings."nothing.like.this.at.all"]\ntext = "س"\n'
    (clinic.parent / "nile.ar.toml").write_text(typo, encoding="utf-8")
    check = cli("protocol", "check", str(clinic))
    assert check.exit_code == 0, check.stderr
    assert (
        "Ignored, not a string of this protocol: clinic.hurs (did you mean clinic.hours?), nothing.like.this.at.all."
        in check.stdout
    )
    arabic = readable(cli("protocol", "check", str(clinic), env={"LIPCARE_LANG": "ar"}).stdout)
    assert "clinic.hurs (هل تقصد clinic.hours؟)" in arabic


def test_the_shipped_translation_of_strings_a_clinic_removed_is_not_reported(cli: Cli, clinic: Path) -> None:
    protocol = load_protocol(clinic)
    assert "prepare.2.text" not in i18n.translatable(protocol)  # the clinic has one thing to prepare, not three
    assert i18n.translate(protocol, "ar", clinic).unknown == []
    assert "Ignored" not in cli("protocol", "check", str(clinic)).stdout


def test_the_shipped_translation_names_only_strings_of_the_default_protocol() -> None:
    protocol = load_protocol()
    assert i18n.translate(protocol, "ar", None).unknown == []
    assert i18n.translate(protocol, "ar", data_file("protocol.toml")).unknown == []


# --- 3. digits in force in the chart and the check-in's example ------------------------------------------


def test_the_redness_chart_numbers_its_axes_with_the_digits_in_force() -> None:
    points = [(0, 3), (2, 1), (40, 2)]
    english = redness_chart(points, window_days=28, top=3, width=80)
    with using(load("ar")):
        arabic = redness_chart(points, window_days=28, top=3, width=80)
    with using(load("ar", "western")):
        western = redness_chart(points, window_days=28, top=3, width=80)
    assert [line.split("│")[0] for line in arabic[:4]] == ["٣ ", "٢ ", "١ ", "٠ "]
    axis = english[5]
    assert axis.split() == ["0", "28", "40"]
    assert arabic[5].split() == ["٠", "٢٨", "٤٠"] and len(arabic[5]) == len(axis)  # same places
    assert western[:6] == english[:6]


@pytest.mark.parametrize(("digits", "example"), [("", "مثلًا ١ ٣"), ("western", "مثلًا 1 3")])
def test_the_checkin_example_numbers_use_the_digits_in_force(
    monkeypatch: pytest.MonkeyPatch, digits: str, example: str
) -> None:
    signs = load_protocol().warning_signs
    typed = iter(["99", "1"])
    monkeypatch.setattr("builtins.input", lambda *args: next(typed))
    console = Console(file=io.StringIO(), record=True, width=200, color_system=None)
    with using(load("ar", digits)):
        assert prompts.ask_signs(console, signs) == (signs[0].key,)
    said = console.export_text()
    assert example in said
    assert ("من 1 إلى 19" if digits else "من ١ إلى ١٩") in said  # asked again after 99


def test_the_english_checkin_example_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    signs = load_protocol().warning_signs
    typed = iter(["99", ""])
    monkeypatch.setattr("builtins.input", lambda *args: next(typed))
    console = Console(file=io.StringIO(), record=True, width=200, color_system=None)
    assert prompts.ask_signs(console, signs) == ()
    said = console.export_text()
    assert "Type the numbers of any you have (for example 1 3), press Enter for none, or - to skip:" in said
    assert "Please type numbers from 1 to 19, separated by spaces, or press Enter." in said


# --- 4. the review notice in history ------------------------------------------------------------------


def test_arabic_history_says_the_translation_is_not_reviewed_like_the_timeline(cli: Cli) -> None:
    assert cli("checkin", "--date", "2026-11-10", "--on", "2026-11-12", "--redness", "2").exit_code == 0
    notice = "لم يراجع طبيب هذه الترجمة العربية بعد"
    timeline = _flat(cli("timeline", "--lang", "ar").stdout)
    history = cli("history", "--lang", "ar")
    assert history.exit_code == 0, history.stderr
    assert notice in timeline and notice in _flat(history.stdout)
    assert _flat(history.stdout).index(notice) < _flat(history.stdout).index("العلاج يوم")  # at the top, as in timeline
    assert "reviewed" not in cli("history").stdout
