"""Arabic a patient types and reads (issue 24): topic words in `lipcare info`, and the Arabic catalogues kept
free of the mechanical slips a native reader notices at once (Latin punctuation, English left in Arabic)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import Cli

from lipcare.info import TOPICS, find_topics

ROOT = Path(__file__).resolve().parent.parent
NAMES = tomllib.loads((ROOT / "data" / "topics.toml").read_text(encoding="utf-8"))["names"]["ar"]


def test_every_topic_has_an_arabic_name_that_info_takes() -> None:
    assert set(NAMES) == set(TOPICS)
    for topic, name in NAMES.items():
        assert find_topics(name) == (topic,), name
        assert find_topics(name.replace(" ", "-")) == (topic,), name


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("الشمس", "aftercare"),
        ("شمس", "aftercare"),  # without the article
        ("الحمّى", "warning-signs"),  # with a shadda
        ("الحمى", "warning-signs"),
        ("الالم", "aftercare"),  # a bare alef for the hamza one (الألم)
        ("الأعراض", "warning-signs"),
        ("آثار جانبية", "side-effects"),
        ("المصادر", "sources"),
    ],
)
def test_info_takes_arabic_words(cli: Cli, typed: str, topic: str) -> None:
    assert topic in (find_topics(typed) or ())
    result = cli("--lang", "ar", "info", typed, "--no-pager")
    assert result.exit_code == 0, result.stderr


def test_info_says_which_topic_it_shows_by_its_arabic_name(cli: Cli) -> None:
    shown = " ".join(cli("--lang", "ar", "info", "الشمس", "--no-pager").stdout.split())
    assert "يُعرض العناية بعد الإجراء لكلمة 'الشمس'." in shown
    # A topic's own name needs no such line.
    assert "يُعرض" not in cli("--lang", "ar", "info", "الآثار الجانبية", "--no-pager").stdout


def test_a_typo_in_arabic_gets_did_you_mean_in_arabic(cli: Cli) -> None:
    result = cli("--lang", "ar", "info", "شمسس")
    assert result.exit_code == 2
    assert "هل تقصد الشمس؟" in result.stderr and "Invalid" not in result.stderr
    assert "did you mean sun?" in cli("info", "sunn").stderr


def test_an_unknown_word_lists_the_topics_in_the_language_of_the_message(cli: Cli) -> None:
    arabic = " ".join(cli("--lang", "ar", "info", "xyzzy").stderr.split())
    assert "المواضيع: ما هذا الإجراء، خطوات الإجراء، المسار المتوقع" in arabic
    assert "aftercare" not in arabic and "pain" not in arabic
    english = " ".join(cli("info", "xyzzy").stderr.split())
    assert "Topics: what, steps, course, side-effects, aftercare, warning-signs, differences, sources;" in english


# --- the Arabic catalogues ---------------------------------------------------------------------------------

ARABIC_FILES = sorted((ROOT / "data").glob("*.ar.toml"))
ARABIC_LETTER = "\u0621-\u064a\u0671-\u06d3"
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
ENGLISH_PROSE = {
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "not", "of", "on", "or",
    "that", "the", "this", "to", "was", "with", "you", "your", "day", "days", "settings", "none", "yes", "no",
}  # fmt: skip
"""English words that only English prose has: a value where one is left after the names and codes below are taken
out says something in English ('(your settings)')."""
NAMES_AND_CODES = [
    r"\{[a-z_]+\}",  # placeholders lipcare fills in
    r"<[^>]*>",  # the HTML of the report's legend
    r"https?://\S+",
    r"lipcare(?:\s+(?:[a-z][a-z-]*|--?[a-z][a-z-]*|[A-Z]+|'[^']*'|\"[^\"]*\"|\[\d+\]))*",  # a command to type
    r"'[^'\u0600-\u06ff]*'|\"[^\"\u0600-\u06ff]*\"|«[^»\u0600-\u06ff]*»",  # something typed, quoted
    r"[A-Za-z0-9]+(?:[-_./][A-Za-z0-9]+)+",  # keys, files and packages: cold-sores, journal.key, python-bidi
    r"(?<![A-Za-z0-9])--?[a-z][a-z0-9-]*",  # an option
    r"[A-Za-z]*[0-9][A-Za-z0-9]*",  # codes with digits: CO2, the photo id 3f2a
]


def arabic_values() -> list[tuple[str, str, str]]:
    """(file, key, Arabic text) of every string the shipped Arabic catalogues hold."""
    found = []
    for file in ARABIC_FILES:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        for key, value in data.get("messages", {}).items():
            found.append((file.name, key, value))
        for word, forms in data.get("plurals", {}).items():
            found += [(file.name, f"plurals.{word}.{category}", form) for category, form in forms.items()]
        for key, entry in data.get("strings", {}).items():
            found.append((file.name, key, entry["text"]))
    return found


def test_the_catalogues_are_found() -> None:
    assert {file.name for file in ARABIC_FILES} >= {"messages.ar.toml", "protocol.ar.toml"}
    assert len(arabic_values()) > 500


def test_no_latin_semicolon_or_comma_inside_arabic_sentences() -> None:
    import re

    latin = re.compile(rf"[{ARABIC_LETTER}][)\]»\u200e]*\s*[;,]\s*[(\[«\u200e]*[{ARABIC_LETTER}]")
    wrong = [(file, key, value) for file, key, value in arabic_values() if latin.search(value)]
    assert wrong == [], "use the Arabic ؛ and ، between Arabic words"


def test_the_check_for_latin_punctuation_can_fail() -> None:
    import re

    latin = re.compile(rf"[{ARABIC_LETTER}][)\]»\u200e]*\s*[;,]\s*[(\[«\u200e]*[{ARABIC_LETTER}]")
    assert latin.search("التورم والألم; النزّ") and latin.search("(الشمس), الاحمرار")
    assert not latin.search("التورم والألم؛ النزّ") and not latin.search("what, steps (الخطوات)")


def english_left(value: str) -> list[str]:
    import re

    if not re.search(f"[{ARABIC_LETTER}]", value):
        return []  # a value that is all code (a format, a command) is not Arabic prose
    for pattern in NAMES_AND_CODES:
        value = re.sub(pattern, " ", value)
    return [word for word in re.findall(r"[A-Za-z]+", value) if word.lower() in ENGLISH_PROSE]


def test_no_english_prose_left_in_arabic_values() -> None:
    wrong = [(file, key, english_left(value)) for file, key, value in arabic_values() if english_left(value)]
    assert wrong == []


def test_the_check_for_english_prose_can_fail() -> None:
    assert english_left("البروتوكول: nile.toml (your settings)") == ["your", "settings"]
    assert english_left("شغّل lipcare checkin --on yesterday أو 'none' أو journal.key (shell) JSON 3f2a") == []


def test_no_weekday_after_fi_in_arabic_values() -> None:
    """A date is 'يوم الجمعة ٢٠ نوفمبر', never 'في الجمعة ...'."""
    wrong = [(file, key) for file, key, value in arabic_values() if any(f"في {day}" in value for day in WEEKDAYS)]
    assert wrong == []


WRONG_AFTER_PREPOSITION = re.compile(
    r"(?:بعد|قبل|منذ|خلال|بـ|لـ)\s?(?:يومان|تسجيلان|صورتان|مشكلتان|جلستا|ملفا)|في (?:"
    + "|".join(WEEKDAYS)
    + r")|(?<![٠-٩0-9])[٠0] يوم"
)


@pytest.mark.parametrize(
    "on",
    [
        "2026-11-18",  # two days before the treatment
        "2026-11-19",  # one day before
        "2026-11-26",
        "2026-12-18",  # the last day of the redness window
        "2026-12-19",
        "2026-12-20",  # two days after it
        "2027-01-19",  # the last day out of the sun
    ],
)
def test_the_arabic_timeline_says_days_as_arabic_grammar_wants(cli: Cli, on: str) -> None:
    """بعد يومين, not بعد يومان; يوم الجمعة, not في الجمعة; no '٠ يوم' on a last day."""
    result = cli("timeline", "--lang", "ar", "--date", "2026-11-20", "--on", on, "--no-pager", env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert WRONG_AFTER_PREPOSITION.findall(shown) == []
    assert "يوم" in shown


def test_the_grammar_check_can_fail() -> None:
    for wrong in ("موعد علاجك بعد يومان", "قبل ذلك اليوم بـيومان", "انتهت في الجمعة ١٨ ديسمبر", "والباقي ٠ يوم"):
        assert WRONG_AFTER_PREPOSITION.search(wrong), wrong
    assert not WRONG_AFTER_PREPOSITION.search("بقي على موعد علاجك يومان، وهو يوم الجمعة ٢٠ نوفمبر")


def test_a_backdated_arabic_checkin_says_how_long_ago_in_the_nominative(cli: Cli) -> None:
    result = cli("checkin", "--lang", "ar", "--date", "2026-11-20", "--on", "2026-11-22", "--redness", "1")
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert "وقد مضى عليه يومان" in shown and WRONG_AFTER_PREPOSITION.findall(shown) == []


NOT_REVIEWED = "لم يراجع طبيب هذه الترجمة العربية بعد"


def test_the_arabic_checkin_says_its_translation_is_not_reviewed_like_every_other_output(cli: Cli) -> None:
    saved = cli("checkin", "--lang", "ar", "--date", "2026-11-20", "--on", "2026-11-22", "--redness", "1")
    assert saved.exit_code == 0, saved.stderr
    lines = saved.stdout.splitlines()
    assert NOT_REVIEWED in " ".join(lines[1:3])  # right under the title line, as in the timeline and history
    corrected = cli("checkin", "--lang", "ar", "--correct", "1", "--redness", "2")
    assert corrected.exit_code == 0, corrected.stderr
    assert NOT_REVIEWED in " ".join(corrected.stdout.split())
    english = cli("checkin", "--on", "2026-11-23", "--redness", "1")
    assert english.exit_code == 0 and "reviewed" not in english.stdout


def test_the_arabic_report_counts_its_checkins_with_the_noun(cli: Cli, tmp_path: Path) -> None:
    for on in ("2026-11-21", "2026-11-23"):
        assert cli("checkin", "--date", "2026-11-20", "--on", on, "--redness", "1").exit_code == 0
    target = tmp_path / "report.html"
    assert cli("--lang", "ar", "report", "-o", str(target)).exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert "<bdi>تسجيلان</bdi>، من <bdi>2026-11-21</bdi> إلى <bdi>2026-11-23</bdi>" in page
    english = tmp_path / "report-en.html"
    assert cli("report", "-o", str(english)).exit_code == 0
    assert "2, from 2026-11-21 to 2026-11-23" in english.read_text(encoding="utf-8")


def test_a_narrow_arabic_history_labels_each_answer(cli: Cli) -> None:
    assert cli("checkin", "--date", "2026-11-20", "--on", "2026-11-21", "--redness", "2").exit_code == 0
    shown = " ".join(cli("--lang", "ar", "history", "--no-pager", env={"COLUMNS": "60"}).stdout.split())
    assert "الاحمرار: ٢" in shown and "القشور: لم يُسجَّل" in shown
