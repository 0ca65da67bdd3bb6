"""Warnings about a protocol that reads correctly but says two things: a text that states a number of days or
weeks its value disagrees with, a line whose source has no support text for it, a source nothing cites, a course
item that is also a warning sign. `lipcare protocol check` shows them; none stops the protocol being used.

Each check returns (key, message) pairs; `lipcare.protocol.validate` adds the file and the line.
"""

import re

from lipcare.errors import Message
from lipcare.protocol.types import NUMBER_WORDS, Protocol, Rinse, Span

_STATED = r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")[ -](day|week)s?\b"


def disagreements(protocol: Protocol) -> list[tuple[str, Message]]:
    """Texts whose longest stated number of days or weeks is not the value they describe."""
    red = protocol.redness
    window = red.window_days
    checks = [("redness.text", red.text, window, "window_days")]
    spans: list[tuple[str, Span | Rinse]] = [
        ("rinse", protocol.rinse),
        ("sun.avoid", protocol.sun_avoid),
        ("sun.sunscreen", protocol.sunscreen),
    ]
    spans += [(f"course[{i}]", item) for i, item in enumerate(protocol.course)]
    spans += [(f"care[{i}]", item) for i, item in enumerate(protocol.care)]
    for path, item in spans:
        checks.append((f"{path}.text", item.text, item.last_day, "last_day"))
    found = []
    for where, text, days, name in checks:
        stated = longest_stated(text)
        if stated is None:
            continue
        phrase, count, unit = stated
        agrees = count == days if unit == "day" else count == round(days / 7) or count * 7 == days
        if not agrees:
            hint = "{weeks}" if unit == "week" else "{last_day}" if where != "redness.text" else "{window_days}"
            found.append(
                (
                    where,
                    Message(
                        'says "{phrase}" but {name} is {value}; write {hint} to follow the value',
                        phrase=phrase,
                        name=name,
                        value=days,
                        hint=hint,
                    ),
                )
            )
    return found


RESTATED = {"redness-fades": "redness.window_days"}
"""Course items (by key) whose days restate another value of the protocol: the redness item's last day is the
redness window. A clinic that changes the value and not the item (or leaves out [[course]], taking the default's)
has one screen say both 'redness can last up to 6 weeks' and 'Redness, days 0-28: settles within 4 weeks'."""


def restated_values(protocol: Protocol) -> list[tuple[str, Message]]:
    """Course items whose last day disagrees with the protocol value they restate (RESTATED)."""
    values = {"redness.window_days": protocol.redness.window_days}
    found = []
    for index, item in enumerate(protocol.course):
        name = RESTATED.get(item.key)
        if name is None or item.last_day == values[name]:
            continue
        found.append(
            (
                f"course[{index}].last_day",
                Message(
                    'the course item "{key}" ends on day {last} but {name} is {value}: the timeline would say both; '
                    "set its last_day to {value} (a protocol without its own [[course]] takes the default's)",
                    key=item.key,
                    last=item.last_day,
                    name=name,
                    value=values[name],
                ),
            )
        )
    return found


def course_signs(protocol: Protocol) -> list[tuple[str, Message]]:
    """Course items that are also warning signs: the patient would be told both to expect it and to call."""
    words = {word for sign in protocol.warning_signs for word in sign.words}
    return [
        (
            f"course[{index}].key",
            Message('"{key}" is listed as part of the expected course and is also a warning sign', key=item.key),
        )
        for index, item in enumerate(protocol.course)
        if item.key in words
    ]


def longest_stated(text: str) -> tuple[str, int, str] | None:
    """The longest duration a text states in days or weeks: (as written, number, 'day' or 'week')."""
    found = []
    for match in re.finditer(_STATED, text, re.IGNORECASE):
        number, unit = match.group(1).lower(), match.group(2).lower()
        count = int(number) if number.isdigit() else NUMBER_WORDS.index(number)
        found.append((count * (7 if unit == "week" else 1), match.group(0), count, unit))
    if not found:
        return None
    _, phrase, count, unit = max(found)
    return phrase, count, unit


def support_warnings(protocol: Protocol, shipped: frozenset[str] = frozenset()) -> list[tuple[str, Message]]:
    """(key, message) for each use without support text, each support naming a use that does not cite its
    source, and each source nothing cites: what `lipcare protocol check` warns about. The `shipped` sources (the
    default protocol's, when a clinic's file is checked) are not held to the last two: their supports name the
    default's lines, which a clinic's own lists may re-source or leave out."""
    uses = protocol.source_uses()
    cited: dict[str, set[str]] = {}
    for use, source_id in uses:
        cited.setdefault(source_id, set()).add(use)
    every_use = {use for use, _ in uses}
    found = []
    for use, source_id in uses:
        cited_source = protocol.sources.get(source_id)
        if cited_source is None:
            continue  # reported as an error by the validator
        if not any(use in support.uses for support in cited_source.supports):
            found.append(
                (
                    "sources",
                    Message(
                        '"{use}" cites source "{source}", which has no [[sources.supports]] entry for it: add what '
                        "the page says that supports the line (or confirmed = false)",
                        use=use,
                        source=source_id,
                    ),
                )
            )
    for index, source in enumerate(protocol.sources.values()):
        mine = cited.get(source.id, set())
        if not mine and source.id not in shipped:
            found.append(
                (
                    f"sources[{index}]",
                    Message('source "{source}" is not cited by any line; remove it', source=source.id),
                )
            )
        for number, support in enumerate(source.supports if source.id not in shipped else ()):
            for use in support.uses:
                # A line this protocol does not have (a clinic replaced the default's list) is not a mistake of
                # the support: only a line that cites another source is.
                if use not in mine and use in every_use:
                    found.append(
                        (
                            f"sources[{index}].supports[{number}].uses",
                            Message('names "{use}", which does not cite "{source}"', use=use, source=source.id),
                        )
                    )
    return found
