"""What `lipcare info` can show, in the order it shows it, and the words people type for it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lipcare.errors import Message

if TYPE_CHECKING:  # imported for annotations only: `lipcare --help` does not load the protocol code
    from lipcare.protocol import Protocol, Span

TOPICS = ("what", "steps", "course", "side-effects", "aftercare", "warning-signs", "differences", "sources")


def course_by_week(protocol: Protocol) -> list[tuple[int, list[Span]]]:
    """The expected course grouped by the week each part of it begins in (day 0-6 is week 1)."""
    weeks: dict[int, list[Span]] = {}
    for span in sorted(protocol.course, key=lambda item: (item.first_day, item.last_day)):
        weeks.setdefault(span.first_day // 7 + 1, []).append(span)
    return sorted(weeks.items())


def aliases_path() -> Path:
    """data/topics.toml: inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent / "data" / "topics.toml"
    return packaged if packaged.is_file() else Path(__file__).resolve().parent.parent / "data" / "topics.toml"


@cache
def _table() -> dict[str, Any]:
    import tomllib

    return tomllib.loads(aliases_path().read_text(encoding="utf-8"))


def aliases() -> dict[str, tuple[str, ...]]:
    """Every word `lipcare info` takes besides a topic's key: the everyday words, and each topic's own name in
    every language (`[names.LANG]`), each leading to its topics."""
    found = {word: (value,) if isinstance(value, str) else tuple(value) for word, value in _table()["aliases"].items()}
    for names in _table().get("names", {}).values():
        for topic, name in names.items():
            found.setdefault(_joined(name), (topic,))
    return found


def topic_name(topic: str, language: str) -> str:
    """A topic as a patient reads it: its name in `language` (data/topics.toml, `[names.LANG]`), else its key."""
    name: str = _table().get("names", {}).get(language, {}).get(topic, topic)
    return name


def _joined(typed: str) -> str:
    return "-".join(typed.strip().lower().split())


# Arabic short vowels, shadda, sukun, the dagger alef and the tatweel: a word typed with or without them is the
# same word (حمّى, حمى). The hamza forms of alef and a final alef maqsura are written both
# ways on keyboards.
_ARABIC_MARKS = dict.fromkeys(map(ord, "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"))
_ARABIC_LETTERS = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0649": "\u064a"})


def _key(word: str) -> str:
    """`word` as it is compared: lower case, marks left out, alef and ya forms made one, no Arabic article."""
    plain = word.translate(_ARABIC_MARKS).translate(_ARABIC_LETTERS)
    return "-".join(part.removeprefix("ال") if len(part) > 3 else part for part in plain.split("-"))


@cache
def _by_key() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every word by its compared form: the word as written in data/topics.toml, and its topics."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for word, topics in (*((topic, (topic,)) for topic in TOPICS), *aliases().items()):
        found.setdefault(_key(word), (word, topics))
    return found


def find_topics(typed: str) -> tuple[str, ...] | None:
    """The topics for what someone typed ('pain', 'Sun', 'warning signs', 'الشمس', 'شمس'), or None when unknown."""
    word = _joined(typed)
    if word in TOPICS:
        return (word,)
    known = _by_key()
    for candidate in (word, word[:-1] if word.endswith("s") else None):
        if candidate and _key(candidate) in known:
            return known[_key(candidate)][1]
    return None


def close_words(typed: str) -> list[str]:
    """The words `lipcare info` knows that look most like `typed` (a typo), in the script typed: for 'did you mean'."""
    import difflib

    known = _by_key()
    close = difflib.get_close_matches(_key(_joined(typed)), list(known), n=3, cutoff=0.75)
    return [known[key][0] for key in close]


class TopicNames(Message):
    """The topics, listed in the language the message is shown in (an error is made before the language is
    known, and said after)."""

    def __init__(self, topics: tuple[str, ...]) -> None:
        super().__init__(", ")
        self.topics = topics

    def english(self) -> str:
        return ", ".join(self.topics)

    def shown(self) -> str:
        from lipcare.locale import current

        locale = current()
        return locale.gettext(", ").join(topic_name(topic, locale.code) for topic in self.topics)
