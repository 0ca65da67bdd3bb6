"""Arabic a patient types and reads (issue 24): topic words in `lipcare info`, and the Arabic catalogues kept
free of the mechanical slips a native reader notices at once (Latin punctuation, English left in Arabic)."""

from __future__ import annotations

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
