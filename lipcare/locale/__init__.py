"""The language lipcare speaks in this run: one `Locale`, chosen once, before any option is parsed.

A Locale holds everything that differs between languages: the interface catalogue (data/messages.LANG.toml),
plural forms, the digits numbers are written with, how dates and spans of weeks are said, the words typed
for yes, no, skip and the relative dates, the direction of the text, whether right-to-left lines are reordered
for the terminal (--rtl visual), how the run prints (--plain, --no-pager: read with the language), and the
notes to show with guidance (a translation's review state).

What is particular to one language is in one small module, lipcare/locale/languages/CODE.py, with its data in
data/messages.CODE.toml and data/protocol.CODE.toml (docs/adding-a-language.md). Nothing outside this package
branches on a language code.

Where it lives: the root command (lipcare.cli) builds it (lipcare.locale.choose.resolve) and holds it for the
run with `using(locale)`, a context variable set at the root and reset when the command ends. `current()` is
the one ambient access, for what deep helpers say (`lipcare.text._`, `num`, `plural`, an error's `shown()`):
passing a locale through every function that may word a sentence would touch most signatures for no gain in
safety, since the locale cannot change during a run. English, the default, reads no file.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from types import ModuleType

SOURCE = "en"
"""The language lipcare and its protocols are written in: the catalogue's keys, and what needs no file."""

TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
"""The one digit table for what people type: Arabic-Indic digits, and the Eastern Arabic-Indic ones of Persian
and Urdu keyboards, read as 0-9 (in every language)."""


def language_module(code: str) -> ModuleType:
    """lipcare/locale/languages/CODE.py: what is particular to the language `code`."""
    from importlib import import_module

    return import_module(f"lipcare.locale.languages.{code}")


class Locale:
    """The language in force, and how it is written for this run."""

    def __init__(
        self,
        language: ModuleType,
        *,
        messages: dict[str, str] | None = None,
        plurals: dict[str, dict[str, str]] | None = None,
        western_digits: bool = False,
    ) -> None:
        self.language = language
        self.code: str = language.CODE
        self.name: str = language.NAME
        self.messages = messages or {}
        self.plurals = plurals or {}
        native: str | None = language.DIGITS
        self.digits = str.maketrans("0123456789", native) if native and not western_digits else None
        self.right_to_left: bool = language.RIGHT_TO_LEFT
        self.font: bool = language.FONT
        """Whether a page embeds lipcare's Arabic-and-Latin font (data/fonts)."""
        self.yes: frozenset[str] = frozenset({"y", "yes", *language.YES})
        self.no: frozenset[str] = frozenset({"n", "no", *language.NO})
        self.skip: frozenset[str] = frozenset({"-", "s", "skip", *language.SKIP})
        self.date_words: dict[str, int] = language.DATE_WORDS
        self.weekday_words: dict[str, int] = language.WEEKDAY_WORDS
        self.visual = False
        """Reshape and reorder right-to-left lines for terminals without bidi support (--rtl visual)."""
        self.plain = False
        """Print for a screen reader or a dumb terminal (--plain, LIPCARE_PLAIN, TERM=dumb): no boxes, rules,
        symbols or colour; the same words (lipcare.render.terminal)."""
        self.pager = True
        """Whether long output may go through a pager (not after --no-pager, before or after the command)."""
        self.notes: list[str] = []
        """Lines to show with guidance in this language, such as the translation's review state."""
        self.problem: Exception | None = None
        """Why the language asked for could not be used (an unknown code, a bad --rtl): the command says it."""

    @property
    def translated(self) -> bool:
        """Whether this is another language than the one lipcare is written in: a catalogue, Click's words
        and the protocol's translation are then in use."""
        return self.code != SOURCE

    # --- words ------------------------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        """The interface string `message` (English, the catalogue's key) in this language."""
        return self.messages.get(message, message) if self.messages else message

    def num(self, value: object) -> str:
        """A number (or a time like 08:00) written with this language's digits."""
        written = str(value)
        return written.translate(self.digits) if self.digits else written

    def digits_in(self, text: str) -> str:
        """`text` built around numbers with this language's digits, except in Latin codes (CO2, SPF 30)."""
        if not self.digits:
            return text
        import re

        return re.sub(r"(?<![A-Za-z0-9])(?<![A-Za-z] )[0-9]+", lambda match: self.num(match.group()), text)

    def plural(self, count: int, word: str) -> str:
        """'1 day', '2 days'; in another language, the catalogue's form of `word` for `count`."""
        forms = self.plurals.get(word)
        if forms:
            return forms.get(self.language.category(count), forms["other"]).format(n=self.num(count))
        return f"{count} {word}" if count == 1 else f"{count} {word}s"

    def read_digits(self, typed: str) -> str:
        """What was typed with Arabic-Indic or Eastern Arabic-Indic digits read as 0-9, in every language: a
        patient who reads lipcare in English may still type on an Arabic keyboard, and a digit means the same
        whichever way it is written."""
        return typed.translate(TO_WESTERN)

    def has_right_to_left(self, text: str) -> bool:
        """Whether `text` has a letter written right to left (Arabic, Hebrew, Syriac, Thaana, N'Ko)."""
        return any("\u0590" <= char <= "\u08ff" and char.isalpha() for char in text)

    # --- dates ------------------------------------------------------------------------------------------

    def short(self, day: date, ref: date | None = None) -> str:
        """'Sun 1 Nov', with the year when it differs from `ref`'s (always without `ref`, in Arabic)."""
        return str(self.language.short(day, ref, self.num))

    def long(self, day: date) -> str:
        """'Sunday 1 November 2026'."""
        return str(self.language.long(day, self.num))

    def describe(self, day: date) -> str:
        """A date as people read it, with the ISO form: 'Sun 1 Nov 2026 (2026-11-01)'."""
        return str(self.language.describe(day, self.num))

    def iso(self, day: date) -> str:
        """'2026-11-01' as lipcare puts it in a sentence: in a right-to-left language between left-to-right marks,
        as `describe` writes it, since after Arabic letters the bidi algorithm shows it 01-11-2026. Marks, not
        isolates: they pass the terminal's escaping of outside text (lipcare.text.MARKS)."""
        written = day.isoformat()
        return f"\u200e{written}\u200e" if self.right_to_left else written

    def day_month(self, day: date) -> str:
        """'01 Nov', as a calendar event's title ends."""
        return str(self.language.day_month(day, self.num))

    def weeks(self, days: int) -> str:
        """A number of days in weeks, as a protocol's text says it: 'four weeks', 'أسبوعين'."""
        return str(self.language.weeks(days, self.num))


def english() -> Locale:
    """English, as lipcare is written: no file read."""
    from lipcare.locale.languages import en

    return Locale(en)


ENGLISH = english()
"""The default: what every run starts in, and what a run that chose no other language keeps."""

_CURRENT: ContextVar[Locale] = ContextVar("lipcare_locale", default=ENGLISH)


def current() -> Locale:
    """The locale of this run (see the module's docstring for why this one ambient access exists)."""
    return _CURRENT.get()


@contextmanager
def using(locale: Locale) -> Iterator[Locale]:
    """Speak `locale` within the block: the root command's run, or a test's."""
    token = _CURRENT.set(locale)
    try:
        yield locale
    finally:
        _CURRENT.reset(token)


def load(code: str, digits: str = "") -> Locale:
    """The locale of the language `code` (one lipcare speaks), its catalogue read; `digits` is the user's
    setting ('western' writes 0-9 in a language that has its own)."""
    if code == SOURCE:
        return ENGLISH
    from lipcare.locale.catalogue import catalogue

    data = catalogue(code)
    return Locale(
        language_module(code),
        messages={key: value for key, value in data.get("messages", {}).items() if isinstance(value, str)},
        plurals={key: value for key, value in data.get("plurals", {}).items() if isinstance(value, dict)},
        western_digits=digits == "western",
    )


def languages() -> dict[str, str]:
    """Every language lipcare speaks, by code, with its name: one module each in lipcare/locale/languages/."""
    from pathlib import Path

    folder = Path(__file__).parent / "languages"
    codes = sorted(file.stem for file in folder.glob("*.py") if not file.stem.startswith("_"))
    ordered = [SOURCE, *(code for code in codes if code != SOURCE)]
    return {code: str(language_module(code).NAME) for code in ordered}
