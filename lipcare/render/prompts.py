"""The interactive check-in: questions built from the protocol, asked in lipcare's own words.

Every scored question needs an answer: pressing Enter never records a 0. A
wrong answer is asked again with what is accepted. End of input (Ctrl-D) or
Ctrl-C stops the check-in, and nothing is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from lipcare.assess import Answers, Held, asks_about_painkillers
from lipcare.dates import describe
from lipcare.errors import LipcareError
from lipcare.locale import current
from lipcare.protocol import Protocol, Scale, WarningSign
from lipcare.protocol.types import Medication
from lipcare.render.hanging import Hanging
from lipcare.text import _, digits_in, num
from lipcare.timeline import day_number

_NUMBER = re.compile(r"[0-9]{1,4}")
"""ASCII digits only: str.isdigit() also accepts '²' and other digits int() refuses."""


def _typed(text: str) -> str:
    """In a language with digits of its own (Arabic), numbers typed with them are read as 0-9."""
    return current().read_digits(text)


T = TypeVar("T")


def _ask(console: Console, prompt: str) -> str:
    """One line typed by the patient. EOFError and KeyboardInterrupt go up: the check-in stops unsaved."""
    return console.input(Text(prompt + " "))


def scale_hint(scale: Scale) -> str:
    """'0 = none, 3 = severe' or '0 to 10'."""
    if scale.labels:
        return _("{low} = {low_label}, {high} = {high_label}").format(
            low=num(scale.min), low_label=scale.labels[0], high=num(scale.max), high_label=scale.labels[-1]
        )
    return _("{low} to {high}").format(low=num(scale.min), high=num(scale.max))


def parse_score(typed: str, scale: Scale) -> int | None:
    """The score typed, or None when it is not one whole number on the scale."""
    typed = _typed(typed.strip())
    if not _NUMBER.fullmatch(typed):
        return None
    value = int(typed)
    return value if scale.min <= value <= scale.max else None


def skipped(typed: str) -> bool:
    """Whether the patient typed what leaves a question unanswered (-, s, skip, and the language's own words):
    kept as not recorded, never as 0 or no."""
    return typed.strip().lower() in current().skip


def ask_scale(console: Console, scale: Scale) -> int | None:
    """The score typed; None when the patient skipped the question (typed '-' or 's')."""
    if scale.labels:
        console.print(Text("  " + "   ".join(f"{num(scale.min + i)} {label}" for i, label in enumerate(scale.labels))))
    while True:
        asked = _("{prompt} [{low}-{high}, - to skip]:")
        typed = _ask(console, asked.format(prompt=scale.prompt, low=num(scale.min), high=num(scale.max)))
        if skipped(typed):
            return None
        value = parse_score(typed, scale)
        if value is not None:
            return value
        if not typed.strip():
            console.print(
                Text(
                    _("Please type a number from {low} to {high} ({hint}), or - to skip the question.").format(
                        low=num(scale.min), high=num(scale.max), hint=scale_hint(scale)
                    )
                )
            )
        else:
            console.print(
                Text(
                    _("Please type one whole number from {low} to {high} ({hint}).").format(
                        low=num(scale.min), high=num(scale.max), hint=scale_hint(scale)
                    )
                )
            )


def ask_yes_no(console: Console, prompt: str) -> bool:
    while True:
        locale = current()
        typed = _ask(console, f"{prompt} [{_('y/n')}]:").strip().lower()
        if typed in locale.yes:
            return True
        if typed in locale.no:
            return False
        console.print(Text(_("Please type y for yes or n for no.")))


def ask_yes_no_skip(console: Console, prompt: str) -> bool | None:
    """Yes, no, or None when the patient skipped the question ('-' or 's')."""
    while True:
        locale = current()
        typed = _ask(console, f"{prompt} [{_('y/n, - to skip')}]:").strip().lower()
        if typed in locale.yes:
            return True
        if typed in locale.no:
            return False
        if skipped(typed):
            return None
        console.print(Text(_("Please type y for yes, n for no, or - to skip the question.")))


def ask_treatment_date(console: Console, today: date) -> date:
    """The treatment date, asked when none is given or remembered; asked again until it can be read."""
    from lipcare.dates import parse_date
    from lipcare.errors import UsageError

    console.print(Text(_("lipcare does not know the date of your treatment yet; it will remember it.")))
    while True:
        typed = _ask(console, _("When was your treatment? (YYYY-MM-DD, today, yesterday, 'N days ago'):"))
        try:
            return parse_date(typed, today)
        except UsageError as error:
            console.print(Text(error.shown()))


def ask_painkillers(console: Console, prompt: str) -> tuple[bool | None, bool | None]:
    """Whether painkillers relieve the pain, as (relieve, taken): yes, no, or 0 for none taken (unknown relief)."""
    while True:
        locale = current()
        hint = digits_in(_("y/n, 0 if you have taken none"))  # the 0 in the language's digits, as it is read
        typed = _typed(_ask(console, f"{prompt} [{hint}]:").strip().lower())
        if typed in locale.yes:
            return True, None
        if typed in locale.no:
            return False, None
        if typed == "0":
            return None, False
        console.print(Text(digits_in(_("Please type y for yes, n for no, or 0 if you have taken no painkillers."))))


def ask_contacted(console: Console, protocol: Protocol, open_problems: tuple[Held, ...]) -> bool:
    """Whether the patient has contacted their clinic about the problems an earlier check-in left open."""
    since = min(held.since for held in open_problems)
    from lipcare.assess import held_name

    what = _("; ").join(dict.fromkeys(held_name(protocol, held) for held in open_problems))
    return ask_yes_no(console, protocol.reasons["contacted_question"].format(what=what, since=describe(since)))


def parse_numbers(typed: str, count: int) -> list[int] | None:
    """'1 3' or '1,3' -> [1, 3]; None when anything is not a number from 1 to count."""
    parts = [part for part in re.split(r"[\s,،]+", _typed(typed).strip()) if part]
    if not all(_NUMBER.fullmatch(part) and 1 <= int(part) <= count for part in parts):
        return None
    return list(dict.fromkeys(int(part) for part in parts))


def ask_signs(console: Console, signs: tuple[WarningSign, ...]) -> tuple[str, ...] | None:
    """The keys of the signs the patient has; None when they skipped the question (not recorded)."""
    console.print(Text(_("Do you have any of these right now?")))
    # Wrapped labels hang under their text, not under the number.
    numbered = Hanging(
        (Text(f"{num(f'{number:>2}')}."), Text(sign.label)) for number, sign in enumerate(signs, start=1)
    )
    console.print(Padding(numbered, (0, 0, 0, 2)))
    while True:
        typed = _ask(
            console,
            _("Type the numbers of any you have (for example {example}), press Enter for none, or - to skip:").format(
                example=num("1 3")
            ),
        )
        if skipped(typed):
            return None
        numbers = parse_numbers(typed, len(signs))
        if numbers is not None:
            return tuple(signs[number - 1].key for number in numbers)
        again = _("Please type numbers from {first} to {count}, separated by spaces, or press Enter.")
        console.print(Text(again.format(first=num(1), count=num(len(signs)))))


def ask_answers(
    console: Console,
    protocol: Protocol,
    given: Answers,
    treated: date,
    on: date,
    open_problems: tuple[Held, ...] = (),
) -> Answers:
    """Ask every question `given` has no answer to (None), for the check-in of `on`: whether the patient has
    contacted their clinic about `open_problems`, each scale of the protocol in order, whether painkillers
    help when the pain calls for them, crusts, warning signs and a note."""
    questions = protocol.questions
    console.print(
        Text(
            _("Recording day {day}, {date}.").format(day=num(day_number(treated, on)), date=describe(on)), style="bold"
        )
    )
    answers = given
    if open_problems and answers.contacted is None:
        answers = answers._replace(contacted=ask_contacted(console, protocol, open_problems))
    for scale in questions.scales:
        if answers.score(scale.key) is None and scale.key not in answers.scores:  # skipped: kept as not recorded
            answers = answers.with_score(scale.key, ask_scale(console, scale))
        severe = scale.key == "pain" and asks_about_painkillers(protocol, answers.score("pain"))
        if severe and answers.painkillers_relieve is None and answers.painkillers_taken is None:
            relieve, taken = ask_painkillers(console, questions.painkillers.prompt)
            answers = answers._replace(painkillers_relieve=relieve, painkillers_taken=taken)
    if answers.crusting is None:
        answers = answers._replace(crusting=ask_yes_no_skip(console, questions.crusting_prompt))
    if answers.symptoms is None:
        answers = answers._replace(symptoms=ask_signs(console, protocol.warning_signs))
        if answers.symptoms is None:
            console.print(Text(_("Warning signs skipped: kept as not recorded.")))
    if answers.note is None:
        answers = answers._replace(note=_ask(console, questions.note_prompt + _(" (Enter to skip)")).strip())
    return answers


def ask_photos(console: Console, prepare: Callable[[str], T]) -> list[T]:
    """The optional last question: paths of photos of the lips, one at a time, Enter when done.

    `prepare` reads and cleans a photo, raising LipcareError for one it cannot use; that photo's
    problem is shown and the question asked again.
    """
    kept: list[T] = []
    while True:
        question = (
            _("Path of a photo of your lips (Enter to skip):") if not kept else _("Another photo (Enter when done):")
        )
        typed = _ask(console, question).strip()
        if not typed:
            return kept
        if len(typed) > 1 and typed[0] == typed[-1] and typed[0] in "'\"":
            typed = typed[1:-1]  # a path dragged into the terminal may come quoted...
        else:
            typed = typed.replace("\\ ", " ")  # ...or with its spaces escaped
        try:
            kept.append(prepare(typed))
        except LipcareError as error:
            console.print(Text(error.shown()))
            # "nothing was saved" is about that photo: the check-in's answers are still to be saved.
            console.print(Text(_("Your answers are kept: type another path, or press Enter to go on without it.")))


DOSE_ANSWERS = {"1": "taken", "2": "some", "3": "missed"}


def ask_doses(console: Console, due: Sequence[Medication], given: dict[str, str], today: bool) -> dict[str, str]:
    """Whether the doses of each medicine `due` were taken (those `given` by options are not asked): 1 all taken,
    2 some, 3 none; skipped (- or Enter) stays not recorded, never "taken". The check-in's last question: input that
    ends here (Ctrl-D, or a script's answers running out) leaves the doses not asked not recorded, and the
    check-in is saved."""
    from lipcare.render.terminal.medicines import times_words

    found = dict(given)
    for item in due:
        if item.key in found:
            continue
        question = (
            _("Did you take your {name} today, as planned, at {times}?")
            if today
            else _("Did you take your {name} that day, as planned, at {times}?")
        )
        console.print(Text(question.format(name=item.name, times=times_words(item.times, item.times_suggested))))
        while True:
            try:
                line = _ask(
                    console,
                    _("{taken} all taken, {some} some, {none} none [- or Enter to skip]:").format(
                        taken=num(1), some=num(2), none=num(3)
                    ),
                )
            except EOFError:
                return found
            typed = _typed(line.strip())
            if not typed or skipped(typed):
                break
            if typed in DOSE_ANSWERS:
                found[item.key] = DOSE_ANSWERS[typed]
                break
            console.print(Text(_("Please type 1, 2 or 3, or press Enter to skip.")))
    return found
