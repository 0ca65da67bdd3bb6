"""The lines that cite a source, as a reader names them (`lipcare info sources`).

`Protocol.source_uses` (lipcare.protocol.types) finds every use; the validator warns about uses without
support text (lipcare.protocol.validate).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lipcare.protocol.types import Protocol


def use_name(protocol: Protocol, use: str) -> str:
    """A use path as a reader names the line: 'Expected course: Crusts', 'Warning sign: Fever of 38 °C ...'."""
    from lipcare.text import _, num

    head, _dot, rest = use.partition(".")
    key, _dot, tail = rest.partition(".")
    fixed = {
        "redness": _("Redness window"),
        "redness.rebound": _("Redness that comes back or gets worse"),
        "redness.beyond": _("Redness past the window"),
        "redness.beyond_note": _("Redness past the window: what clinical sources report"),
        "clinic.if_closed": _("When the clinic is closed"),
        "rinse": protocol.rinse.title,
        "sun_avoid": protocol.sun_avoid.title,
        "sunscreen": protocol.sunscreen.title,
        "questions.painkillers": _("Check-in: the painkiller question"),
        "questions.reminder": _("Check-in reminder"),
    }
    if use in fixed:
        return fixed[use]
    if head in ("course", "care") and not tail:
        item = next((span for span in getattr(protocol, head) if span.key == key), None)
        if item is not None:
            heading = _("Expected course") if head == "course" else _("Aftercare")
            return f"{heading}: {item.title}"
    if head == "medication":
        medicine = next((item for item in protocol.medication if item.key == key), None)
        if medicine is not None and tail in ("", "missed"):
            said = _("Medicine: {name}") if not tail else _("Medicine: {name}, a missed dose")
            return said.format(name=medicine.name)
    if head == "prepare" and key.isdigit() and not tail:
        return _("Before the treatment, item {number}").format(number=num(int(key) + 1))
    if head == "warning_signs" and not tail:
        sign = next((sign for sign in protocol.warning_signs if sign.key == key), None)
        if sign is not None:
            return _("Warning sign: {label}").format(label=sign.label)
    if head == "urgency" and key in protocol.urgency and not tail:
        return _("Advice: {title}").format(title=protocol.urgency[key].title)
    if head == "questions" and tail.startswith("rules."):
        rule = tail.removeprefix("rules.")
        scale = next((scale for scale in protocol.questions.scales if scale.key == key), None)
        if scale is not None and any(each.key == rule for each in scale.rules):
            return _("Check-in rule {rule} ({name})").format(rule=f"{scale.key}.{rule}", name=scale.name)
    if use == "questions.crusts.returning":
        return _("Check-in: crusts that come back")
    if head == "info" and tail.startswith("items."):
        index = tail.removeprefix("items.")
        section = next((section for section in protocol.info if section.key == key), None)
        if section is not None and index.isdigit():
            return _("{section}, item {number}").format(section=section.title, number=num(int(index) + 1))
    return use


def supported(protocol: Protocol) -> set[tuple[str, str]]:
    """The (use, source id) pairs that have support text."""
    return {
        (use, source_id)
        for use, source_id in protocol.source_uses()
        if source_id in protocol.sources
        and any(use in support.uses for support in protocol.sources[source_id].supports)
    }
