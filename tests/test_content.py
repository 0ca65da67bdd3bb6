"""Issue 20, the content half: every line says what its source says, and info, the timeline and the protocol
never contradict one another (read together here), in English and in Arabic."""

from __future__ import annotations

import html
import json
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Cli

from lipcare.info import TOPICS, find_topics
from lipcare.protocol import check_protocol, default_protocol_path, load_protocol, longest_stated
from lipcare.protocol.sources import supported, use_name
from lipcare.timeline import build_timeline

PROTOCOL = load_protocol()


# --- sources that say what their lines say --------------------------------------------------------------


def test_every_line_of_the_default_protocol_has_support_text_from_its_source() -> None:
    have = supported(PROTOCOL)
    missing = [(use, source) for use, source in PROTOCOL.source_uses() if (use, source) not in have]
    assert missing == []


def test_no_support_names_a_line_that_does_not_cite_it_and_every_source_is_cited() -> None:
    warned = [str(warning) for warning in check_protocol().warnings]
    assert [warning for warning in warned if "does not cite" in warning or "not cited by any line" in warning] == []
    assert warned == []


def test_a_line_without_support_is_warned_about_where_it_cites_its_source() -> None:
    from lipcare.protocol.validate import _Reader

    path = default_protocol_path()
    raw = path.read_text(encoding="utf-8")
    reader = _Reader(str(path), raw)
    protocol = reader.protocol(tomllib.loads(raw))
    keys = reader.use_keys(protocol)
    assert {use for use, _ in protocol.source_uses()} <= set(keys)
    assert keys["course.crusting"] == "course[2].source" and keys["redness.rebound"] == "redness.rebound_source"
    assert keys["info.what.items.2"] == "info[0].items[2].source" and keys["sunscreen"] == "sun.sunscreen.source"
    assert keys["questions.pain.rules.severe"] == "checkin.pain.rules[0].source"


def test_the_warning_names_the_line_that_cites_the_source(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.toml"
    clinic.write_text(
        "format = 1\n[[prepare]]\ntext = 'Bring sunglasses.'\nsource = 'lip-clinic'\n"
        "[[sources]]\nid = 'lip-clinic'\nkind = 'clinic'\ntitle = 'Our sheet'\nurl = ''\n",
        encoding="utf-8",
    )
    (warning,) = [w for w in check_protocol(clinic).warnings if '"prepare.0" cites' in w.message]
    assert (warning.key, warning.line) == ("prepare[0].source", 4)


def test_every_kind_of_use_is_found_without_naming_it() -> None:
    uses = {use for use, _ in PROTOCOL.source_uses()}
    expected = {
        "redness",
        "redness.rebound",
        "redness.beyond",
        "redness.beyond_note",
        "clinic.if_closed",
        "rinse",
        "sun_avoid",
        "sunscreen",
        "course.crusting",
        "care.antiviral",
        "prepare.0",
        "warning_signs.airway",
        "urgency.immediate",
        "questions.pain.rules.severe",
        "questions.crusts.returning",
        "questions.painkillers",
        "questions.reminder",
        "info.what.items.2",
    }
    assert expected <= uses
    assert all(use_name(PROTOCOL, use) != use for use in uses)  # every line has a name a reader understands


def test_a_clinics_new_rule_is_a_use_that_needs_support(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(
        "format = 1\n[checkin.itching]\nprompt = 'How itchy?'\nname = 'itching'\nmin = 0\nmax = 3\n"
        "[[checkin.itching.rules]]\nat_least = 3\nlevel = 'urgent'\ntext = 'Itching {score} on day {day}.'\n"
        "source = 'lip-clinic'\n"
        "[[sources]]\nid = 'lip-clinic'\nkind = 'clinic'\ntitle = 'Our sheet'\nurl = ''\n"
        "[[sources]]\nid = 'unused-page'\nkind = 'clinical'\ntitle = 'A page'\nurl = 'https://example.org'\n"
        "[[sources.supports]]\nuses = ['care.ointment']\nwhere = 'Top'\nexcerpt = 'Ointment.'\n",
        encoding="utf-8",
    )
    checked = check_protocol(path)
    assert checked.problems == [] and checked.protocol is not None
    assert ("questions.itching.rules.0", "lip-clinic") in checked.protocol.source_uses()
    warned = [str(warning) for warning in checked.warnings]
    assert any('"questions.itching.rules.0" cites source "lip-clinic", which has no' in w for w in warned)
    assert any('names "care.ointment", which does not cite "unused-page"' in w for w in warned)
    assert any('source "unused-page" is not cited by any line' in w for w in warned)


def test_a_support_entry_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(
        "format = 1\n[[sources]]\nid = 'x'\nkind = 'clinical'\ntitle = 'X'\nurl = ''\n"
        "[[sources.supports]]\nuses = 'rinse'\nwhere = ''\nexcerpt = 'E'\nconfirmed = 'no'\nsaid = 1\n",
        encoding="utf-8",
    )
    problems = [str(problem) for problem in check_protocol(path).problems]

    def found(message: str) -> bool:  # the clinic's source comes after the default's 27
        return any(re.search(r"sources\[\d+\]\.supports\[0\]\." + re.escape(message), p) for p in problems)

    assert found("uses: expected a list of use paths"), problems
    assert found("where: text is empty")
    assert found("confirmed: expected true or false")
    assert found("said: unknown key")


def test_the_whole_info_page_names_the_sources_and_leaves_addresses_and_excerpts_to_info_sources(cli: Cli) -> None:
    """`lipcare info` is read by patients: it ends with the sources' names, as every screen does, instead of some
    400 lines of addresses and excerpts; `lipcare info sources` and --json keep everything."""
    result = cli("info", env={"COLUMNS": "100"})
    out = " ".join(result.stdout.split())
    assert "Sources: [1] leaflet, [2] lipcare-judgement" in out and "(see lipcare info sources)" in out
    assert "asec.net.au" not in out and "Supports:" not in out
    assert len(result.stdout.splitlines()) < 250
    assert "https://asec.net.au/dermatology/laser/laser-treatment-sun-damaged-lips/" in cli("info", "sources").stdout
    everything = json.loads(cli("info", "--json").stdout)["sections"]
    assert set(everything) == set(TOPICS) and all(source["supports"] for source in everything["sources"])


def test_info_sources_shows_each_support_and_says_unconfirmed(cli: Cli) -> None:
    out = " ".join(cli("info", "sources", env={"COLUMNS": "100"}).stdout.split())
    assert "[8] asec-lips:" in out and "Supports: Expected course: Crusts;" in out
    assert "It takes 2-3 weeks for the lip to heal" in out
    assert "UNCONFIRMED: Supports: Warning sign: From about week 3" in out  # the scarring page is not specific
    data = json.loads(cli("info", "sources", "--json").stdout)["sections"]["sources"]
    assert [source["number"] for source in data] == list(range(1, len(PROTOCOL.sources) + 1))
    mayo = next(source for source in data if source["id"] == "mayo-risks")
    assert any(support["confirmed"] is False for support in mayo["supports"])
    assert {
        "use": "warning_signs.colour-change",
        "name": "Warning sign: Patches of lip skin turning darker or lighter",
    } in [use for support in mayo["supports"] for use in support["uses"]]
    arabic = cli("info", "sources", "--lang", "ar").stdout
    assert "المقتطفات أدناه تقتبس صفحات إنجليزية أو تلخصها" in arabic


def test_source_numbers_are_the_same_in_the_terminal_and_the_printable_plan(cli: Cli, tmp_path: Path) -> None:
    number = {source: index for index, source in enumerate(PROTOCOL.sources, start=1)}
    timeline = cli("timeline", "--date", "2026-11-20", env={"COLUMNS": "200"}).stdout
    cited = re.findall(r"\[(\d+)\] ([a-z0-9-]+)", timeline.split("Sources:")[-1])
    assert cited and all(number[source] == int(n) for n, source in cited)
    sheet = cli("export", "sheet", "--date", "2026-11-20", "-o", "-").stdout
    by_title = {source.title: source.id for source in PROTOCOL.sources.values()}
    listed = re.findall(
        r'<li dir="auto">\[(?:<bdi>)?(\d+)(?:</bdi>)?\] ([^<]+?)(?: <span class="url">https?://[^<]*</span>)?</li>',
        sheet,
    )
    assert listed and all(number[by_title[html.unescape(title)]] == int(n) for n, title in listed)
    sun = sheet.split(PROTOCOL.sun_avoid.text)[1][:80]  # the sun line cites the same number
    assert re.search(rf"\[(<bdi>)?{number['uqu-posttreatment']}(</bdi>)?\]", sun), sun


# --- info, the timeline and the protocol read together ----------------------------------------------------


def test_sun_protection_never_starts_while_crusts_are_expected() -> None:
    crusting = PROTOCOL.course_item(PROTOCOL.questions.crusting_course)
    assert PROTOCOL.sunscreen.first_day == crusting.last_day + 1
    treated = date(2026, 11, 1)
    for day in range(0, crusting.last_day + 1):
        tl = build_timeline(PROTOCOL, treated, treated + timedelta(days=day))
        assert tl.sunscreen.when(tl.on) == "ahead"
    make_up = next(item for item in PROTOCOL.care if item.key == "make-up")
    assert make_up.first_day == crusting.last_day + 1  # make-up near the lips only once the crusts are gone


def test_strict_sun_avoidance_is_about_two_months_everywhere_it_is_said() -> None:
    assert PROTOCOL.sun_avoid.last_day == 60
    said = [PROTOCOL.sun_avoid.text, PROTOCOL.info_section("differences").items[2].text]
    assert all("two months" in text for text in said)
    assert "one to two months" in said[1]  # what the sources say, then what this protocol applies
    for text in said:
        assert longest_stated(text) is None  # no number of days or weeks that could disagree


def test_no_text_states_a_number_of_days_or_weeks_its_span_does_not_have() -> None:
    from test_protocol import disagreements

    assert disagreements(check_protocol()) == []


def test_nothing_listed_as_usual_is_also_a_warning_sign() -> None:
    words = {word for sign in PROTOCOL.warning_signs for word in sign.words}
    for item in PROTOCOL.course:
        assert item.key not in words
        assert not re.search(r"darker|lighter|patch|make-up", f"{item.title} {item.text}", re.IGNORECASE)
    assert any(item.key == "darker-patches" for item in PROTOCOL.care)
    assert next(sign for sign in PROTOCOL.warning_signs if sign.key == "colour-change").urgency == "contact"


def test_redness_is_said_with_the_window_the_check_in_applies() -> None:
    window = PROTOCOL.redness.window_days
    differences = PROTOCOL.info_section("differences").items[0].text
    assert f"redness window of {window} days" in differences and "one to four months" in differences
    assert "one to four months" in PROTOCOL.redness.beyond_note
    assert PROTOCOL.course_item("redness-fades").last_day == window


def test_the_antiviral_course_is_before_and_after_for_everyone() -> None:
    prepare = PROTOCOL.prepare[0].text
    assert "whether or not" in prepare and "before" in prepare and "after" in prepare and "whole course" in prepare
    assert "cold sores" in PROTOCOL.prepare[1].text and "tell your physician" in PROTOCOL.prepare[1].text.lower()
    antiviral = next(item for item in PROTOCOL.care if item.key == "antiviral")
    assert antiviral.first_day == 0 and antiviral.last_day == 14
    assert "whether or not" in PROTOCOL.info_section("what").items[2].text


def test_the_care_items_a_clinician_expects_are_there_with_their_days() -> None:
    spans = {item.key: (item.first_day, item.last_day) for item in PROTOCOL.care}
    assert spans["smoking"] == (0, 14) and spans["flushing"] == (0, 14) and spans["pools"] == (0, 14)
    assert spans["head-raised"] == (0, 3) and spans["cool-compresses"] == (0, 1)
    assert spans["kissing"] == (0, 21) and spans["ointment-reaction"] == (0, 21)
    assert "after every rinse" in next(item.text for item in PROTOCOL.care if item.key == "ointment")
    assert "ointment" in PROTOCOL.rinse.text
    assert "heat the layer beneath" in PROTOCOL.info_section("steps").items[1].text
    assert "500" in PROTOCOL.info_section("differences").items[3].text


@pytest.mark.parametrize("day", [0, 21, 22, 45, 60, 61, 120, 365, 366, 800])
def test_the_timeline_never_says_the_sun_period_ended(cli: Cli, day: int) -> None:
    on = date(2026, 1, 1) + timedelta(days=day)
    out = cli("timeline", "--date", "2026-01-01", "--on", on.isoformat(), "--preview", env={"COLUMNS": "200"}).stdout
    flat = " ".join(out.replace("│", " ").split())
    sun = flat.split("Sun:", 1)[1].split(" • ", 1)[0]
    assert "ended" not in sun
    if day > 60:
        assert "for good" in sun
    if 22 <= day <= 60:
        assert "avoid direct sun" in sun and "Daily sun protection: Every day" in sun


def test_warning_signs_are_most_serious_first_with_the_keys_the_judgement_uses() -> None:
    keys = [sign.key for sign in PROTOCOL.warning_signs]
    assert keys == [
        "airway",
        "eye",
        "heavy-bleeding",
        "red-eye",
        "bleeding",
        "rash",
        "pus",
        "blisters",
        "cold-sores",
        "fever",
        "chills",
        "cannot-eat-drink",
        "worsening-pain",
        "spreading-redness",
        "itching",
        "white-bumps",
        "colour-change",
        "thickening",
        "not-healed",
    ]
    levels = [sign.urgency for sign in PROTOCOL.warning_signs]
    assert levels == sorted(levels, key=["immediate", "urgent", "contact"].index)
    assert "normal" in PROTOCOL.sign("pus").label  # the usual yellowish crust is said to be normal
    assert "eye" in PROTOCOL.sign("eye").label.split(":")[1]  # and why the eye matters


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("severe-itching", "rash"),
        ("itchy", "itching"),
        ("itch", "itching"),
        ("herpes", "cold-sores"),
        ("coldsore", "cold-sores"),
        ("blister", "blisters"),
        ("sores", "blisters"),
        ("bleed", "bleeding"),
        ("anaphylaxis", "airway"),
        ("throat", "airway"),
        ("vision", "eye"),
        ("discharge", "pus"),
        ("milia", "white-bumps"),
        ("scarring", "thickening"),
        ("raw", "not-healed"),
        ("hives", "rash"),
        ("fever", "fever"),
        ("sneezing", None),
    ],
)
def test_a_sign_is_found_by_its_key_or_an_alias(word: str, key: str | None) -> None:
    assert PROTOCOL.sign_key(word) == key
    if key is not None:
        assert PROTOCOL.sign(word).key == key


def test_every_word_for_a_sign_leads_info_to_the_warning_signs(cli: Cli) -> None:
    for sign in PROTOCOL.warning_signs:
        for word in sign.words:
            assert "warning-signs" in (find_topics(word) or ()), word
    for word in ("kissing", "smoking", "antiviral", "swelling", "redness", "crusts", "الشمس"):
        assert find_topics(word), word
    out = " ".join(cli("info", "warning-signs", env={"COLUMNS": "200"}).stdout.split())
    for sign in PROTOCOL.warning_signs:
        assert f"{sign.key}:" in out
        if sign.aliases:
            assert f"(also: {', '.join(sign.aliases)})" in out
    assert "Thick, cloudy" in cli("info", "herpes").stdout + cli("info", "pus").stdout


def test_the_check_in_reminders_run_daily_through_healing_then_weekly(tmp_path: Path) -> None:
    reminder = PROTOCOL.questions.reminder
    assert (reminder.daily_last_day, reminder.weekly_last_day) == (21, 90)
    path = tmp_path / "clinic.toml"
    path.write_text("format = 1\n[checkin.reminder]\ndaily_last_day = 30\nweekly_last_day = 20\n", encoding="utf-8")
    problems = [str(problem) for problem in check_protocol(path).problems]
    assert any("checkin.reminder.weekly_last_day: ends (day 20) before the daily check-ins" in p for p in problems)


def test_a_clinic_file_that_still_sets_the_sunscreen_start_is_warned_and_not_read(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text("format = 1\n[sun.sunscreen]\nfirst_day = 3\n", encoding="utf-8")
    checked = check_protocol(path)
    assert checked.problems == [] and checked.protocol is not None
    assert checked.protocol.sunscreen.first_day == 22
    (warning,) = [w for w in checked.warnings if w.key == "sun.sunscreen.first_day"]
    assert "is no longer read" in warning.message and "day 22" in warning.message and warning.line == 3


def test_a_course_item_that_is_a_warning_sign_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    course = tomllib.loads(default_protocol_path().read_text(encoding="utf-8"))["course"]
    items = "".join(
        f"[[course]]\nkey = {json.dumps(item['key'])}\nfirst_day = {item['first_day']}\n"
        f"last_day = {item['last_day']}\ntitle = 'T'\ntext = 'T.'\nsource = 'leaflet'\n"
        for item in course
    )
    path.write_text(
        "format = 1\n" + items + "[[course]]\nkey = 'milia'\nfirst_day = 14\nlast_day = 28\ntitle = 'White bumps'\n"
        "text = 'Small white bumps.'\nsource = 'leaflet'\n",
        encoding="utf-8",
    )
    checked = check_protocol(path)
    assert checked.problems == []
    assert any(
        "is listed as part of the expected course and is also a warning sign" in w.message for w in checked.warnings
    )


# --- both languages ------------------------------------------------------------------------------------


def test_every_arabic_text_has_exactly_the_english_numbers() -> None:
    strings = tomllib.loads((default_protocol_path().parent / "protocol.ar.toml").read_text(encoding="utf-8"))
    for path, entry in strings["strings"].items():
        english = sorted(re.findall(r"\d+(?:\.\d+)?", entry["en"]))
        arabic = sorted(re.findall(r"\d+(?:\.\d+)?", entry["text"]))
        assert english == arabic, path


def test_a_journal_that_stored_an_old_key_shows_the_sign_it_is_now(cli: Cli) -> None:
    import sqlite3

    assert cli("checkin", "--date", "2026-11-20", "--redness", "1", "-s", "itching").exit_code == 0
    journal = Path(cli("data", "path").stdout.strip())
    with sqlite3.connect(journal) as connection:  # as a check-in saved before issue 20 stored it
        connection.execute("UPDATE checkins SET symptoms = ?", (json.dumps(["severe-itching"]),))
    connection.close()
    out = " ".join(cli("history", env={"COLUMNS": "80"}).stdout.split())
    assert f"warning signs: {PROTOCOL.sign('rash').label}" in out


def test_the_printable_plan_says_when_to_check_in_and_that_sun_protection_is_for_good(cli: Cli) -> None:
    sheet = cli("export", "sheet", "--date", "2026-11-20", "-o", "-").stdout
    assert "Check-ins: every day to Friday 11 December 2026, then every week to Friday 12 February 2027" in sheet
    assert "Daily sun protection: from Saturday 12 December 2026, every day, for good" in sheet
