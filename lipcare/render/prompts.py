"""The interactive check-in: Rich prompts built from the protocol's questions.

A wrong answer is asked again; end of input stops the check-in without saving.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.prompt import Confirm, IntPrompt, Prompt
from rich.text import Text

from lipcare.assess import Answers
from lipcare.protocol import Protocol, Scale, WarningSign


def ask_scale(console: Console, scale: Scale, given: int | None) -> int:
    if given is not None:
        return given
    if scale.labels:
        console.print(Text("  " + "   ".join(f"{scale.min + i} {label}" for i, label in enumerate(scale.labels))))
    choices = [str(value) for value in range(scale.min, scale.max + 1)]
    return IntPrompt.ask(
        Text(scale.prompt), console=console, choices=choices, default=scale.min, show_choices=not scale.labels
    )


def parse_numbers(typed: str, count: int) -> list[int] | None:
    """'1 3' or '1,3' -> [1, 3]; None when anything is not a number from 1 to count."""
    parts = [part for part in re.split(r"[\s,]+", typed.strip()) if part]
    # ASCII digits only: str.isdigit() is true for '²', which int() cannot read.
    if not all(part.isascii() and part.isdigit() and 1 <= int(part) <= count for part in parts):
        return None
    return list(dict.fromkeys(int(part) for part in parts))


def ask_signs(console: Console, signs: tuple[WarningSign, ...]) -> tuple[str, ...]:
    console.print(Text("Do you have any of these right now?"))
    for number, sign in enumerate(signs, start=1):
        console.print(Text(f"  {number:>2}. {sign.label}"))
    while True:
        typed = Prompt.ask(
            Text("Type the numbers of any you have (for example 1 3), or press Enter for none"),
            console=console,
            default="",
            show_default=False,
        )
        numbers = parse_numbers(typed, len(signs))
        if numbers is not None:
            return tuple(signs[number - 1].key for number in numbers)
        console.print(Text(f"Please type numbers from 1 to {len(signs)}, separated by spaces, or press Enter."))


def ask_answers(console: Console, protocol: Protocol, given: Answers, given_fields: set[str]) -> Answers:
    """Ask every question whose answer was not given as an option."""
    questions = protocol.questions
    redness = ask_scale(console, questions.redness, given.redness if "redness" in given_fields else None)
    swelling = ask_scale(console, questions.swelling, given.swelling if "swelling" in given_fields else None)
    pain = ask_scale(console, questions.pain, given.pain if "pain" in given_fields else None)
    crusting = (
        given.crusting
        if "crusting" in given_fields
        else Confirm.ask(Text(questions.crusting_prompt), console=console, default=False)
    )
    symptoms = given.symptoms if "symptoms" in given_fields else ask_signs(console, protocol.warning_signs)
    note = (
        given.note
        if "note" in given_fields
        else Prompt.ask(Text(questions.note_prompt + " (Enter to skip)"), console=console, default="",
                        show_default=False).strip()
    )  # fmt: skip
    return Answers(redness, swelling, pain, crusting, symptoms, note)
