"""Arabic (العربية): what is particular to it. Its words are in data/messages.ar.toml and data/protocol.ar.toml."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

CODE = "ar"
NAME = "Arabic, العربية"
RIGHT_TO_LEFT = True
DIGITS: str | None = "٠١٢٣٤٥٦٧٨٩"
"""Arabic-Indic; the setting `digits western` writes 0-9 instead."""
FONT = True
YES = frozenset({"نعم", "ن"})
NO = frozenset({"لا", "ل"})
SKIP = frozenset({"ت", "تخطي"})
DATE_WORDS = {"اليوم": 0, "أمس": -1, "امس": -1, "البارحة": -1, "غدا": 1, "غدًا": 1, "غداً": 1}

LRM = "\u200e"
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
WEEKDAY_WORDS = {
    **{name: number for number, name in enumerate(WEEKDAYS)},
    **{"الإثنين": 0, "الأثنين": 0, "الاربعاء": 2, "الاحد": 6},  # typed without (or with another) hamza
}
"""The weekdays typed for a date ahead (`appointment add الجمعة`), Monday 0; the English ones are always read."""
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
"""The month names used from Egypt to the Gulf; the Levant's (كانون الثاني...) are not used here."""

Num = Callable[[object], str]


def category(count: int) -> str:
    """The CLDR plural category of a whole number in Arabic."""
    count = abs(count)
    if count in (0, 1, 2):
        return ("zero", "one", "two")[count]
    if 3 <= count % 100 <= 10:
        return "few"
    if 11 <= count % 100 <= 99:
        return "many"
    return "other"


def short(day: date, ref: date | None, num: Num) -> str:
    """'الأحد 1 نوفمبر' (with the digits in force), with the year when it differs from `ref`'s, or no `ref`."""
    year = f" {num(day.year)}" if ref is None or ref.year != day.year else ""
    return f"{WEEKDAYS[day.weekday()]} {num(day.day)} {MONTHS[day.month - 1]}{year}"


def long(day: date, num: Num) -> str:
    return f"{WEEKDAYS[day.weekday()]} {num(day.day)} {MONTHS[day.month - 1]} {num(day.year)}"


def describe(day: date, num: Num) -> str:
    """'الأحد 1 نوفمبر 2026 (2026-11-01)', with the digits in force; the ISO form stays as it is typed.

    Left-to-right marks keep the ISO date in its order inside Arabic text: without them the bidi algorithm
    reads 2026-11-01 after Arabic letters as three separate Arabic numbers and shows 01-11-2026.
    """
    return f"{long(day, num)} ({LRM}{day.isoformat()}{LRM})"


def day_month(day: date, num: Num) -> str:
    return short(day, None, num)


def weeks(days: int, num: Num) -> str:
    """A number of days in weeks, as Arabic says it after a preposition: 'أسبوعين', '4 أسابيع' (digits in force)."""
    count = round(days / 7)
    if count == 1:
        said = "أسبوع"
    elif count == 2:
        said = "أسبوعين"
    elif category(count) == "few":
        said = f"{num(count)} أسابيع"
    elif category(count) == "many":
        said = f"{num(count)} أسبوعًا"
    else:
        said = f"{num(count)} أسبوع"
    return said if count * 7 == days else f"نحو {said}"
