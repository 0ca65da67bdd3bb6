"""A protocol in another language: its translations, protocol.LANG.toml, checked and applied.

protocol.LANG.toml holds the protocol's guidance, keyed by its path in the protocol (`course.crusting.text`,
`info.aftercare.items.2`...). Each entry carries `en`, the English it translates: when the English changes,
the translation no longer matches it and English is shown instead until someone translates it again.
A clinic's protocol FILE.toml can carry its own translations beside it, FILE.LANG.toml, in the same form
(see docs/protocol.md, "Translations"). Imported only when the language in force is not English.
"""

from __future__ import annotations

import string
from collections import Counter
from pathlib import Path
from typing import Any

from lipcare.errors import Message
from lipcare.fasttuple import Record
from lipcare.locale import ENGLISH, SOURCE, Locale, languages
from lipcare.locale.catalogue import data_file, read_guarded
from lipcare.protocol import Protocol
from lipcare.text import JOINER_RUN, UNSAFE, _, inert, plural, printable

NOT_TRANSLATED = frozenset(
    {
        "id",
        "key",
        "source",
        "url",
        "kind",
        "urgency",
        "version",
        "language",
        "origin",
        "rebound_source",
        "beyond_source",
        "crusting_course",
        "compare",
        "phone",
        "out_of_hours_phone",
    }
)
"""Text fields that are identifiers, references or phone numbers, never translated. The clinic's name, hours and
what to do when it is closed or unknown are prose: a clinic's own translation file may translate them."""
NOT_WALKED = frozenset({"sources", "aliases", "with_any", "originals"})
"""Parts of the protocol left in their language: the sources are cited by their own titles (their excerpts quote
English pages), a warning sign's aliases are words typed after --symptom, `with_any` names scales by key, and
`originals` are fingerprints."""


def _translated(value: Any, path: str, field: str) -> bool:
    if field in NOT_WALKED:
        return False
    identifier = field in NOT_TRANSLATED or field.endswith(("_source", "_level")) or field == "level"
    return not (identifier and isinstance(value, str))


def translatable(protocol: Protocol) -> dict[str, str]:
    """Every string of guidance in `protocol`, by its path: what a translation must cover."""
    found: dict[str, str] = {}
    _walk(protocol, "", found)
    return found


def _walk(value: Any, path: str, found: dict[str, str]) -> None:
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        for field in value._fields:
            if _translated(getattr(value, field), path, field):
                _walk(getattr(value, field), _child(path, field), found)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            name = getattr(item, "key", None) if hasattr(item, "_fields") else None
            _walk(item, f"{path}.{name if isinstance(name, str) and name else index}", found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}.{key}", found)
    elif isinstance(value, str) and value.strip():
        found[path] = value


def _child(path: str, field: str) -> str:
    """The path of `field` of the record at `path`. The check-in's scales are named as the protocol file
    names them, `questions.redness.prompt` for [checkin.redness] prompt, not by the tuple that holds them."""
    if path == "questions" and field == "scales":
        return path
    return f"{path}.{field}" if path else field


def _rebuild(value: Any, path: str, strings: dict[str, str]) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        changes = {
            field: _rebuild(getattr(value, field), _child(path, field), strings)
            for field in value._fields
            if _translated(getattr(value, field), path, field)
        }
        return value._replace(**changes)  # type: ignore[attr-defined]
    if isinstance(value, tuple):
        items = []
        for index, item in enumerate(value):
            name = getattr(item, "key", None) if hasattr(item, "_fields") else None
            items.append(_rebuild(item, f"{path}.{name if isinstance(name, str) and name else index}", strings))
        return tuple(items)
    if isinstance(value, dict):
        return {key: _rebuild(item, f"{path}.{key}", strings) for key, item in value.items()}
    if isinstance(value, str):
        return strings.get(path, value)
    return value


class Review(Record):
    """What a translation file says about itself, and how many of the strings in use it gives."""

    file: str
    reviewed_by_clinician: bool
    note: str
    shipped: bool = False
    """lipcare's own translation (data/protocol.LANG.toml), not a clinic's file."""
    strings: int = 0
    """How many of the translated strings shown come from this file (a clinic's file wins where both give one)."""


class Translation(Record):
    """How a protocol's strings stand in one language."""

    strings: dict[str, str]
    """Path to translated text, for every string with a current translation."""
    missing: list[str]
    outdated: list[str]
    """Translations of an English text that has changed since: English is shown instead."""
    problems: list[Message]
    """Each one names its file and the string ('FILE: strings."PATH": what is wrong')."""
    reviews: list[Review]
    unknown: list[str]
    """Paths in the protocol's own translation file that name no string of the protocol (a typo, or a string
    the protocol no longer has); the shipped translation's under a clinic's protocol are not listed."""
    unreadable: list[str]
    """The names of translation files that exist but cannot be read (a FIFO, a device, too large, not TOML, nested
    too deeply): what is wrong with each is in `problems`."""

    @property
    def reviewed(self) -> bool:
        """Whether a clinician has reviewed every file that gives a string in use (a file that gives none, such as
        the shipped translation under a clinic's file that translates every string itself, does not count)."""
        return all(review.reviewed_by_clinician for review in self.reviews if review.strings)

    @property
    def unreviewed(self) -> int:
        """How many of the translated strings in use come from a file a clinician has not reviewed."""
        return sum(review.strings for review in self.reviews if not review.reviewed_by_clinician)


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


def translation_files(language: str, protocol_file: Path | None) -> list[Path]:
    """The shipped translation, then the clinic's own beside its protocol file (FILE.LANG.toml), which wins."""
    files = [data_file(f"protocol.{language}.toml")]
    if protocol_file is not None:
        files.append(protocol_file.with_name(f"{protocol_file.stem}.{language}.toml"))
    return files


_UNSAFE = ("Cc", "Zl", "Zp")
"""Control characters, and U+2028 and U+2029, which break a line as a line feed does: never taken from a
translation file, nor anything in lipcare.text.UNSAFE (bidi controls and marks, zero-width characters; ZWJ and
ZWNJ are allowed, but not two joiners in a row: JOINER_RUN)."""


def translate(protocol: Protocol, language: str, protocol_file: Path | None) -> Translation:
    import unicodedata

    english = translatable(protocol)
    strings: dict[str, str] = {}
    outdated: set[str] = set()
    problems: list[Message] = []
    reviews: list[Review] = []
    unknown: dict[str, None] = {}
    failed: list[str] = []
    given_by: dict[str, int] = {}
    """Which of `reviews` gave each translated string."""
    files = translation_files(language, protocol_file)
    for file in files:
        # A text that differs from what a file translated is outdated in the protocol's own translation;
        # in the shipped one under a clinic's protocol it is the clinic's own wording, not yet translated.
        own = file == files[-1]
        data, unreadable = read_guarded(file)
        if unreadable is not None:
            problems.append(unreadable)
            failed.append(printable(file.name))
            continue
        if not data:
            continue
        name = printable(str(file))
        meta = data.get("translation", {})
        if not isinstance(meta, dict) or meta.get("language") != language:
            problems.append(
                Message('{file}: [translation] language must be "{language}"', file=name, language=language)
            )
            continue
        reviewed = meta.get("reviewed_by_clinician") is True
        reviews.append(Review(name, reviewed, str(meta.get("review_note", "")), shipped=file == files[0]))
        entries = data.get("strings", {})
        for path, entry in entries.items() if isinstance(entries, dict) else ():
            text = entry.get("text") if isinstance(entry, dict) else None
            if path not in english:
                if own:  # in the shipped translation under a clinic's protocol, a string the clinic removed
                    unknown[path] = None
                continue
            if text == "":  # not translated yet (lipcare protocol init writes it so): the English is shown
                continue
            if not isinstance(text, str) or not text.strip():
                problems.append(_at(name, path, Message('expected text = "..."')))
                continue
            source = entry.get("en")
            template = source if isinstance(source, str) else english[path]
            if isinstance(source, str) and not _same(fill(source, values(protocol, path, ENGLISH)), english[path]):
                if own:
                    outdated.add(path)
                continue
            unsafe = next((char for char in text if char in UNSAFE or unicodedata.category(char) in _UNSAFE), None)
            if unsafe is None and JOINER_RUN in text:  # joiners that join nothing (lipcare.text.JOINER_RUN)
                unsafe = "\u200d"
            if unsafe is not None:
                said = Message(
                    "contains the control or bidi formatting character {code}; remove it (lipcare isolates numbers "
                    "and dates itself)",
                    code=f"U+{ord(unsafe):04X}",
                )
                problems.append(_at(name, path, said))
                continue
            longest = _longest(path, english[path])
            if len(text.strip()) > longest:
                said = Message("{count} characters; at most {most} here", count=len(text.strip()), most=longest)
                problems.append(_at(name, path, said))
                continue
            if placeholders(text) != placeholders(template):
                wanted = ", ".join("{" + field + "}" for field in sorted(placeholders(template))) or "none"
                said = Message("the placeholders must be the English ones ({wanted})", wanted=wanted)
                problems.append(_at(name, path, said))
                continue
            wrong = _template_problem(text, template)
            if wrong is not None:
                problems.append(_at(name, path, wrong))
                continue
            differ = numbers_differ(template, text)
            if differ is not None:
                problems.append(_at(name, path, differ))
                continue
            strings[path] = text.strip()
            given_by[path] = len(reviews) - 1
            outdated.discard(path)
    missing = [path for path in english if path not in strings and path not in outdated]
    given = Counter(given_by.values())
    reviews = [review._replace(strings=given[index]) for index, review in enumerate(reviews)]
    return Translation(strings, missing, sorted(outdated), problems, reviews, list(unknown), failed)


def _at(file: str, path: str, said: Message) -> Message:
    """A problem of one string of a translation file: 'FILE: strings."PATH": what is wrong'."""
    return Message('{file}: strings."{path}": {problem}', file=file, path=inert(path), problem=said)


def _template_problem(text: str, template: str) -> Message | None:
    """What is wrong with a translated text as a template, checked as the protocol's own templates are: its
    placeholders written exactly as in the English (no format spec or conversion of its own), and the text
    filled in with the validator's sample values, so that `{day:>999999999}` or `{day:s}` never reaches a
    check-in."""
    from lipcare.protocol.validate import _template_problem as checked

    def fields(value: str) -> list[tuple[str, str, str]]:
        try:
            parsed = string.Formatter().parse(value)
            return sorted({(name, spec or "", conversion or "") for _, name, spec, conversion in parsed if name})
        except ValueError:
            return []

    if fields(text) != fields(template):
        shown = (
            ", ".join(
                "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
                for name, spec, conv in fields(template)
            )
            or "none"
        )
        return Message(
            "the placeholders must be written as in the English ({wanted}), with no format of their own",
            wanted=inert(shown),
        )
    return checked(text, placeholders(template))


_NUMBER = r"(?<![A-Za-z])\d+(?:[.\u066b]\d+)?"
"""A number as a text writes it, in the digits of any script, with a decimal point or the Arabic decimal
separator; digits right after a Latin letter are part of a code (CO2), not a number."""
_GROUPING = r"(?<=\d)[,\u066c](?=\d{3}(?!\d))"


def numbers_in(text: str) -> Counter[str]:
    """The numbers a text states, placeholders left out, each normalised: any script's digits as 0-9 (٣٨ is
    38), U+066B as a decimal point (Arabic 38.5 is 38.5), grouping and leading or trailing zeros dropped
    (08:00 is 8 and 0)."""
    import re
    import unicodedata

    bare = re.sub(_GROUPING, "", re.sub(r"\{[^{}]*\}", " ", text))
    found: Counter[str] = Counter()
    for match in re.finditer(_NUMBER, bare):
        digits = "".join(str(unicodedata.decimal(char)) if char.isdecimal() else "." for char in match.group())
        whole, _, fraction = digits.partition(".")
        fraction = fraction.rstrip("0")
        found[(whole.lstrip("0") or "0") + (f".{fraction}" if fraction else "")] += 1
    return found


def numbers_differ(english: str, text: str) -> Message | None:
    """Why the numbers of a translation are not those of its English, or None when they are: every number the
    English writes in digits must be in the translation, and every number of the translation in the English
    (in digits, or as a word: "three" may be translated as 3). A fever threshold, a day count or a phone
    number cannot be changed by translating it."""
    import re

    from lipcare.protocol.types import NUMBER_WORDS

    said, translated = numbers_in(english), numbers_in(text)
    words: Counter[str] = Counter(
        str(NUMBER_WORDS.index(word.lower()))
        for word in re.findall(r"[A-Za-z]+", english)
        if word.lower() in NUMBER_WORDS
    )
    dropped = said - translated
    added = translated - (said + words)
    if not dropped and not added:
        return None
    if dropped and added:
        change = Message(
            "it leaves out {dropped} and adds {added}",
            dropped=", ".join(sorted(dropped)),
            added=", ".join(sorted(added)),
        )
    elif dropped:
        change = Message("it leaves out {dropped}", dropped=", ".join(sorted(dropped)))
    else:
        change = Message("it adds {added}", added=", ".join(sorted(added)))
    return Message(
        "its numbers are not the English ones ({change}); a translation may not change a number", change=change
    )


def _same(one: str, other: str) -> bool:
    return " ".join(one.split()) == " ".join(other.split())


def fill(text: str, given: dict[str, str]) -> str:
    """`text` with the {placeholders} the protocol fills at load replaced by `given`; others are left."""
    import re

    return re.sub(r"\{([a-z_]+)\}", lambda match: given.get(match.group(1), match.group(0)), text)


def values(protocol: Protocol, path: str, locale: Locale) -> dict[str, str]:
    """The values the protocol fills into the text at `path` (as lipcare.protocol does at load), in `language`."""
    said_weeks, number = locale.weeks, locale.num

    window = protocol.redness.window_days
    common = {"window_days": number(window), "window_weeks": said_weeks(window)}
    head, _, rest = path.partition(".")
    key = rest.partition(".")[0]
    span: Any = None
    if head == "redness":
        return {**common, "weeks": said_weeks(window)}
    if head in ("course", "care"):
        span = next((item for item in getattr(protocol, head, ()) if getattr(item, "key", None) == key), None)
    elif head in ("sun_avoid", "sunscreen", "rinse"):
        span = getattr(protocol, head)
    if span is not None and hasattr(span, "last_day"):
        return {
            **common,
            "first_day": number(span.first_day),
            "last_day": number(span.last_day),
            "weeks": said_weeks(span.last_day),
        }
    return common


def translated_protocol(protocol: Protocol, locale: Locale, protocol_file: Path | None) -> Protocol:
    """`protocol` in the language of `locale`, string by string; what has no current translation stays English.
    The translation's review state, when a clinician has not reviewed it, is added to the locale's notes.

    A translation file that cannot be read (a one-character TOML typo) stops nothing: its strings stay English
    (the shipped translation still gives those the clinic did not change) and one note says so, since a patient
    must be able to check in while the clinic fixes a file ('lipcare protocol check' shows the problem)."""
    translation = translate(protocol, locale.code, protocol_file)
    if translation.unreadable:
        locale.notes.append(
            locale.gettext(
                "The translation file {file} cannot be read, so its texts are shown in English. Ask whoever gave "
                "it to you for a corrected file."
            ).format(file=", ".join(translation.unreadable))
        )
    if translation.strings:
        with_digits = {
            path: fill(_digits_in_text(text, locale), values(protocol, path, locale))
            for path, text in translation.strings.items()
        }
        from lipcare.wording import digest

        english = translatable(protocol)
        originals = {path: digest(english[path]) for path in translation.strings if path in english}
        protocol = _rebuild(protocol, "", with_digits)._replace(language=locale.code, originals=originals)
    if not translation.reviewed:
        own = [review for review in translation.reviews if not review.shipped and review.strings]
        if own and all(review.reviewed_by_clinician for review in own):
            # The clinic has reviewed its own texts; the rest come from lipcare's shipped translation.
            locale.notes.append(
                locale.gettext(
                    "Your clinic has reviewed its own translated texts; the other {count} come from lipcare's "
                    "translation, which a clinician has not yet reviewed."
                ).format(count=locale.num(translation.unreviewed))
            )
        else:
            locale.notes.append(locale.gettext("This translation has not yet been reviewed by a clinician."))
    return protocol


def _digits_in_text(text: str, locale: Locale) -> str:
    """The locale's digits in translated guidance, except in Latin names and codes (CO2, SPF 30)."""
    if locale.digits is None:
        return text
    import re

    converted = re.sub(r"(?<![A-Za-z0-9])(?<![A-Za-z] )\d+", lambda match: locale.num(match.group()), text)
    return re.sub(r"(?<=[٠-٩])\.(?=[٠-٩])", "\u066b", converted)  # the Arabic decimal separator


def _longest(path: str, english: str) -> int:
    """How long a translation of the text at `path` may be: a longer text as the protocol allows it, a
    one-line one (a title, a label, a column) twice its English or the protocol's one-line limit."""
    from lipcare.protocol.types import MAX_LINE_TEXT, MAX_TEXT, MULTILINE_KEYS

    field = path.rsplit(".", 1)[-1]
    if field in MULTILINE_KEYS or path == "notice" or path.startswith("reasons.") or len(english) > MAX_LINE_TEXT:
        return MAX_TEXT
    return max(MAX_LINE_TEXT, 2 * len(english))


def translation_problems(protocol: Protocol, protocol_file: Path | None) -> list[Message]:
    """Every problem `lipcare protocol check` finds in the translations of `protocol` (what makes it exit 1)."""
    return [
        problem
        for language in languages()
        if language != SOURCE
        for problem in translate(protocol, language, protocol_file).problems
    ]


def translation_report(protocol: Protocol, protocol_file: Path | None) -> tuple[list[str], int]:
    """For `lipcare protocol check`: how far each language covers `protocol`, and what is left in English;
    with the number of problems found in the translations (each string with one is shown in English)."""
    lines = []
    count = 0
    english = translatable(protocol)
    total = len(english)
    for language, name in languages().items():
        if language == SOURCE:
            continue
        translation = translate(protocol, language, protocol_file)
        lines.extend(_summary(translation, language, name, total, protocol_file))
        if translation.missing:
            lines.append(
                "  " + _("Untranslated (shown in English): {paths}.").format(paths=", ".join(translation.missing))
            )
        if translation.outdated:
            lines.append(
                "  "
                + _("Outdated, the English has changed (shown in English): {paths}.").format(
                    paths=", ".join(translation.outdated)
                )
            )
        lines.extend(
            "  " + _("Problem: {problem}.").format(problem=problem.shown()) for problem in translation.problems
        )
        count += len(translation.problems)
        if translation.unknown:
            lines.append(
                "  "
                + _("Ignored, not a string of this protocol: {paths}.").format(
                    paths=", ".join(_suggested(path, english) for path in translation.unknown)
                )
            )
    return lines, count


def review_report(protocol: Protocol, protocol_file: Path | None) -> list[str]:
    """For `lipcare protocol show`: how far each language covers `protocol`, and which part of it a clinician has
    reviewed (the clinic's own file, lipcare's shipped translation)."""
    total = len(translatable(protocol))
    return [
        line
        for language, name in languages().items()
        if language != SOURCE
        for line in _summary(translate(protocol, language, protocol_file), language, name, total, protocol_file)
    ]


def _summary(translation: Translation, language: str, name: str, total: int, protocol_file: Path | None) -> list[str]:
    """'Translation ar (Arabic): 129 of 129 strings, not yet reviewed by a clinician.', then which file is reviewed."""
    from lipcare.text import num

    reviewed = bool(translation.strings) and translation.reviewed  # no string in use: nothing a clinician reviewed
    review = _("reviewed by a clinician" if reviewed else "not yet reviewed by a clinician")
    head = _("Translation {language} ({name}): {count} of {total} strings, {review}.").format(
        language=language, name=name, count=num(len(translation.strings)), total=num(total), review=review
    )
    return [head, *("  " + line for line in review_lines(translation, language, protocol_file))]


def review_lines(translation: Translation, language: str, protocol_file: Path | None) -> list[str]:
    """Under a clinic's protocol, which part of a translation is reviewed: the clinic's own file and lipcare's
    shipped one, each with the number of strings in use it gives; and, while the shipped strings in use are not
    reviewed, how the clinic takes responsibility for them. Nothing for lipcare's default protocol (one file)."""
    if protocol_file is None or len(translation.reviews) < 2:
        return []
    lines = []
    for review in translation.reviews:
        state = _("reviewed by a clinician" if review.reviewed_by_clinician else "not yet reviewed by a clinician")
        strings = plural(review.strings, "string")
        if review.shipped:
            lines.append(
                _("lipcare's shipped translation: {strings} in use, {review}.").format(strings=strings, review=state)
            )
        else:
            lines.append(
                _("{file}, the clinic's own: {strings} in use, {review}.").format(
                    file=review.file, strings=strings, review=state
                )
            )
    shipped = next(review for review in translation.reviews if review.shipped)
    if shipped.strings and not shipped.reviewed_by_clinician:
        lines.append(
            _(
                "To take responsibility for the shipped strings, copy them into your own file, review them and set "
                "reviewed_by_clinician = true: {command} writes every string with its English and the shipped "
                "translation."
            ).format(
                command=f"lipcare protocol init --translation {language} --protocol {printable(protocol_file.name)}"
            )
        )
    return lines


def _suggested(path: str, paths: dict[str, str]) -> str:
    """`path`, with the string of the protocol it was probably meant to name, if one is close."""
    import difflib

    guess = _guessed(path)
    if guess != path and guess in paths:  # written as the protocol file's tables name it: [checkin.itching] prompt
        return _("{path} (did you mean {match}?)").format(path=path, match=guess)
    close = difflib.get_close_matches(path, list(paths), n=1, cutoff=0.9)
    return _("{path} (did you mean {match}?)").format(path=path, match=close[0]) if close else path


# --- where each path is in the protocol file, and a translation file to start from (arabic-clinic 11, 16) --------

_LOCATIONS = (
    (r"^(name|summary)$", r"[protocol] \1"),
    (r"^notice$", r"[notice] text"),
    (r"^sun_avoid\.(\w+)$", r"[sun.avoid] \1"),
    (r"^sunscreen\.(\w+)$", r"[sun.sunscreen] \1"),
    (r"^questions\.crusting_(prompt|name)$", r"[checkin.crusting] \1"),
    (r"^questions\.crusts\.(\w+)$", r"[checkin.crusting] \1"),
    (r"^questions\.note_prompt$", r"[checkin.note] prompt"),
    (r"^questions\.([\w-]+)\.labels\.(\d+|N)$", r"[checkin.\1] labels, item \2 (from 0)"),
    (r"^questions\.([\w-]+)\.rules\.(\d+)\.(\w+)$", r"[[checkin.\1.rules]] item \2 (from 0; a rule without a key), \3"),
    (r"^questions\.([\w-]+)\.rules\.([\w-]+)\.(\w+)$", r'[[checkin.\1.rules]] with key = "\2", \3'),
    (r"^questions\.([\w-]+)\.(\w+)$", r"[checkin.\1] \2"),
    (r"^(course|care|warning_signs|medication)\.([\w-]+)\.(\w+)$", r'[[\1]] with key = "\2", \3'),
    (r"^prepare\.(\d+|N)\.text$", r"[[prepare]] item \1 (from 0), text"),
    (r"^info\.([\w-]+)\.items\.(\d+|N)\.text$", r'[[info]] with key = "\1", its [[info.items]] item \2 (from 0), text'),
    (r"^info\.([\w-]+)\.title$", r'[[info]] with key = "\1", title'),
    (r"^(clinic|redness|rinse|reasons)\.(\w+)$", r"[\1] \2"),
    (r"^urgency\.(\w+)\.(\w+)$", r"[urgency.\1] \2"),
)
"""A translation path (as `translatable` names it) and where that text is written in a protocol file."""


def toml_location(path: str) -> str:
    """Where the text a translation path names is in the protocol file: 'questions.itching.prompt' is
    '[checkin.itching] prompt'. docs/protocol.md lists them all (tests/test_docs.py keeps the list true)."""
    import re

    for pattern, location in _LOCATIONS:
        if re.match(pattern, path):
            return re.sub(pattern, location, path)
    return path


_GUESSES = (
    (r"^protocol\.(name|summary)$", r"\1"),
    (r"^notice\.text$", "notice"),
    (r"^sun[._]avoid\.", "sun_avoid."),
    (r"^sun[._]sunscreen\.", "sunscreen."),
    (r"^checkin\.crusting\.(prompt|name)$", r"questions.crusting_\1"),
    (r"^checkin\.crusting\.(returning_\w+)$", r"questions.crusts.\1"),
    (r"^checkin\.note\.prompt$", "questions.note_prompt"),
    (r"^checkin\.", "questions."),
    (r"\[(\d+)\]", r".\1"),
)
"""How a translation path is guessed from the protocol file's tables, and the path it means: for 'did you mean'."""


def path_kinds(protocol: Protocol) -> list[tuple[str, str]]:
    """Each kind of translation path of `protocol` (a key as KEY, a place in a list as N; the check-in's scales,
    urgency levels and reasons by name) with where its text is in the protocol file: docs/protocol.md's table."""
    import re

    found: dict[str, str] = {}
    for path in translatable(protocol):
        kind = re.sub(r"\.\d+(?=\.|$)", ".N", path)
        kind = re.sub(r"^(course|care|warning_signs|info|medication)\.[\w-]+", r"\1.KEY", kind)
        kind = re.sub(r"^(questions\.[\w-]+\.rules)\.[\w-]+", r"\1.KEY", kind)
        kind = re.sub(
            r"^questions\.(?!crusts\.|reminder\.|painkillers\.)[\w-]+\.(?=prompt|name|column|labels|rules)",
            "questions.SCALE.",
            kind,
        )
        kind = re.sub(r"^urgency\.\w+", "urgency.LEVEL", kind)
        kind = re.sub(r"^reasons\.\w+", "reasons.NAME", kind)
        found.setdefault(kind, toml_location(kind))
    return list(found.items())


def _guessed(path: str) -> str:
    import re

    for pattern, meant in _GUESSES:
        path = re.sub(pattern, meant, path)
    return path


def starter_translation(protocol: Protocol, language: str, protocol_file: Path | None) -> str:
    """A translation file for `protocol` to review: every translatable text with its English (`en`) and the
    translation lipcare has for it (the clinic's own file's first, then lipcare's shipped one), or an empty `text`
    where there is none; `reviewed_by_clinician = false`. `lipcare protocol check` accepts it as written."""
    import json

    english = translatable(protocol)
    accepted = translate(protocol, language, protocol_file).strings
    written: dict[str, dict[str, Any]] = {}
    for file in translation_files(language, protocol_file):
        data, unreadable = read_guarded(file)
        entries = data.get("strings", {}) if unreadable is None else {}
        for path, entry in entries.items() if isinstance(entries, dict) else ():
            text = entry.get("text") if isinstance(entry, dict) else None
            if path in accepted and isinstance(text, str) and text.strip() == accepted[path]:
                written[path] = entry

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)  # a TOML basic string: JSON's escapes are TOML's

    name = languages().get(language, language)
    lines = [
        f"# Translation {language} ({name}) of the protocol '{protocol.name}'"
        + (f" ({protocol_file.name})" if protocol_file is not None else "")
        + ", written by lipcare protocol init.",
        '# Each [strings."PATH"] is one text of the protocol: the comment says where it is in the protocol file,',
        "# `en` is its English, `text` the translation to review (empty where lipcare has none: write it, or",
        "# leave it empty and the English is shown). Keep every {placeholder} and number of the English.",
        "# When a clinician has reviewed every text, set reviewed_by_clinician = true: patients are then no longer",
        "# told that the translation is unreviewed. Check it with: lipcare protocol check"
        + (f" {protocol_file.name}" if protocol_file is not None else " FILE"),
        '# (docs/protocol.md, "A clinic\'s own translation").',
        "",
        "format = 1",
        "",
        "[translation]",
        f"language = {quoted(language)}",
        "reviewed_by_clinician = false",
        'review_note = ""',
    ]
    for path, text in english.items():
        entry = written.get(path)
        source = entry.get("en") if entry is not None else None
        lines += [
            "",
            f"[strings.{quoted(path)}]",
            f"# {toml_location(path)}",
            f"en = {quoted(source if isinstance(source, str) else text)}",
            f"text = {quoted(str(entry['text']).strip() if entry is not None else '')}",
        ]
    return "\n".join(lines) + "\n"
