"""The {placeholders} in a protocol's texts, filled from the protocol's own values so the two cannot disagree.

`fill` runs when a protocol is checked (`lipcare.protocol.validate`); a command served from the protocol cache
gets the filled texts and never imports this module. `weeks` also says a number of days in the translations'
checks (`lipcare.protocol.weeks`).
"""

import re
from collections.abc import Callable

from lipcare.errors import Message
from lipcare.protocol.types import NUMBER_WORDS, Protocol, Span

_PLACEHOLDER = r"\{([a-z_]+)\}"

Report = Callable[[str, Message], None]
"""Where a problem goes: called with the key and the message."""


def weeks(days: int) -> str:
    """A number of days in weeks as a text says it: 'four weeks', 'one week', 'about nine weeks'."""
    count = round(days / 7)
    number = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    said = f"{number} week" if count == 1 else f"{number} weeks"
    return said if count * 7 == days else f"about {said}"


def fill(protocol: Protocol, problem: Report) -> Protocol:
    """`protocol` with the {placeholders} of its texts filled in; an unknown placeholder is reported to `problem`."""
    window = protocol.redness.window_days
    common = {"window_days": str(window), "window_weeks": weeks(window)}

    def placed(text: str, where: str, values: dict[str, str]) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in values:
                return values[name]
            allowed = ", ".join("{" + key + "}" for key in sorted(values))
            problem(
                where,
                Message(
                    "unknown placeholder {placeholder}; this text may use {allowed}",
                    placeholder="{" + name + "}",
                    allowed=allowed,
                ),
            )
            return match.group(0)

        return re.sub(_PLACEHOLDER, value, text)

    def span(item: Span, path: str) -> Span:
        values = {
            **common,
            "first_day": str(item.first_day),
            "last_day": str(item.last_day),
            "weeks": weeks(item.last_day),
        }
        return item._replace(text=placed(item.text, f"{path}.text", values))

    redness_values = {**common, "weeks": weeks(window)}
    red = protocol.redness
    info = tuple(
        section._replace(
            items=tuple(
                entry._replace(text=placed(entry.text, f"info[{i}].items[{j}].text", common))
                for j, entry in enumerate(section.items)
            )
        )
        for i, section in enumerate(protocol.info)
    )
    rinse = protocol.rinse
    rinse_values = {
        **common,
        "first_day": str(rinse.first_day),
        "last_day": str(rinse.last_day),
        "weeks": weeks(rinse.last_day),
    }
    return protocol._replace(
        redness=red._replace(
            text=placed(red.text, "redness.text", redness_values),
            beyond_text=placed(red.beyond_text, "redness.beyond_text", redness_values),
            beyond_note=placed(red.beyond_note, "redness.beyond_note", redness_values),
        ),
        rinse=rinse._replace(text=placed(rinse.text, "rinse.text", rinse_values)),
        sun_avoid=span(protocol.sun_avoid, "sun.avoid"),
        sunscreen=span(protocol.sunscreen, "sun.sunscreen"),
        course=tuple(span(item, f"course[{i}]") for i, item in enumerate(protocol.course)),
        care=tuple(span(item, f"care[{i}]") for i, item in enumerate(protocol.care)),
        prepare=tuple(
            item._replace(text=placed(item.text, f"prepare[{i}].text", common))
            for i, item in enumerate(protocol.prepare)
        ),
        info=info,
    )
