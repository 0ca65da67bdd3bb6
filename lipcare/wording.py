"""A check-in's reasons as they can be worded again, in the language of whoever reads them.

A reason is kept with the text the patient was shown and what it was made from (`Words`): the protocol text it
fills (by its path, as translations name it: `reasons.held`, `questions.pain.rules.severe.text`,
`warning_signs.fever.label`) or a catalogue string, and its fields: numbers and dates kept as values, and other
texts of the protocol (a sign's label, a scale's name, an earlier reason) as `Words` of their own. With each
path goes a fingerprint of the protocol's own (untranslated) text there when the reason was given.

When a reason is shown, it is worded again in the protocol in force, in the run's language, only if every text it
was made from is still the one the patient was shown, in whatever language: a clinic that has since changed a
text changes what lipcare says now, not what it said then, and a physician must see what the patient was told.
Otherwise, and for reasons saved before lipcare kept their wording, the text is shown as it was recorded, with no
claim it was translated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Union

from lipcare.fasttuple import Record
from lipcare.locale import current

if TYPE_CHECKING:
    from lipcare.journal_rows import Amendment, CheckinRow
    from lipcare.protocol import Protocol


class Words(Record):
    """A text of the protocol (`template`: its path) or of the catalogue (`message`: its English), and the
    fields it is filled with."""

    template: str = ""
    fields: tuple[tuple[str, Value], ...] = ()
    message: str = ""
    case: str = ""
    """'lower' (a course title inside a sentence) or 'capital' (a name that starts one)."""


class Joined(Record):
    """Texts said one after the other, between a catalogue separator (`"; "`, `", "`)."""

    separator: str
    items: tuple[Value, ...]


Value = Union[int, str, Words, Joined]  # noqa: UP007  (a runtime alias: `|` cannot join a string forward reference)
"""A field: a number or a literal (a date, '3 → 2') kept as it is, or a text of its own."""


MESSAGES = frozenset({"warning signs"})
"""The catalogue strings a reason is made from: a journal's words naming another are not lipcare's (tampered)."""
SEPARATORS = frozenset({"; ", ", "})


class Said(Record):
    """A text as it was made, and what it was made from (None: it cannot be made again, as it holds a text kept
    from before lipcare kept wordings)."""

    text: str
    words: Words | Joined | None = None


class Told(Record):
    """A reason's text and what it was made from (None: it cannot be worded again)."""

    text: str
    words: Words | None = None


def text_at(protocol: Protocol, path: str) -> str | None:
    """The text at `path` in `protocol` (the scheme of translation paths), or None when it has none there."""
    value: Any = protocol
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, tuple) and hasattr(value, "_fields"):
            if part in value._fields:
                value = getattr(value, part)
            elif "scales" in value._fields:  # questions.pain: the check-in's scales are named by their key
                value = next((scale for scale in getattr(value, "scales") if scale.key == part), None)  # noqa: B009
            else:
                return None
        elif isinstance(value, tuple):
            keyed = next((item for item in value if getattr(item, "key", None) == part), None)
            if keyed is None and part.isdigit() and int(part) < len(value):
                keyed = value[int(part)]
            value = keyed
        else:
            return None
        if value is None:
            return None
    return value if isinstance(value, str) else None


def say(protocol: Protocol, value: Value) -> str | None:
    """`value` worded with the texts of `protocol` and the catalogue of the run; None when the protocol no longer
    has a text it needs."""
    if isinstance(value, Joined):
        items = [say(protocol, item) for item in value.items]
        if value.separator not in SEPARATORS or any(item is None for item in items):
            return None
        return current().gettext(value.separator).join(item for item in items if item is not None)
    if not isinstance(value, Words):
        return value if isinstance(value, str) else str(value)
    if value.message:  # a catalogue string is said as it is, never filled
        return current().gettext(value.message) if value.message in MESSAGES and not value.fields else None
    base = text_at(protocol, value.template)
    if base is None:
        return None
    fields: dict[str, object] = {}
    for name, item in value.fields:
        if isinstance(item, Words | Joined):
            worded = say(protocol, item)
            if worded is None:
                return None
            fields[name] = worded
        else:
            fields[name] = item
    try:
        text = base.format(**fields) if fields else base
    except (KeyError, IndexError, ValueError):  # a placeholder the text had not: a changed text, never a crash
        return None
    if value.case == "lower":
        return text.lower()
    if value.case == "capital":
        return text[:1].upper() + text[1:]
    return text


def phrase(protocol: Protocol, template: str, text: str, **fields: int | str | Said) -> Told:
    """The protocol's `text` (at path `template`) filled with `fields`, and how to word it again. A `Said` field
    is a text of its own (a label, an earlier reason): worded from its words while the protocol can, from its text
    otherwise (and then this one keeps only its text)."""
    filled: dict[str, object] = {}
    kept: list[tuple[str, Value]] = []
    whole = text_at(protocol, template) == text
    for name, item in fields.items():
        if isinstance(item, Said):
            worded = say(protocol, item.words) if item.words is not None else None
            whole = whole and worded is not None
            filled[name] = worded if worded is not None else item.text
            kept.append((name, item.words if item.words is not None else item.text))
        else:
            filled[name] = item
            kept.append((name, item))
    said = text.format(**filled)
    return Told(said, Words(template, tuple(kept)) if whole else None)


def stored(value: Value) -> Any:
    """`value` as JSON: {"template": path, "fields": {...}}, {"message": English}, {"join": [...], "separator"}."""
    if isinstance(value, Joined):
        return {"join": [stored(item) for item in value.items], "separator": value.separator}
    if not isinstance(value, Words):
        return value
    found: dict[str, Any] = {"template": value.template} if value.template else {"message": value.message}
    if value.fields:
        found["fields"] = {name: stored(item) for name, item in value.fields}
    if value.case:
        found["case"] = value.case
    return found


def from_stored(data: Any) -> Value:
    """What `stored` wrote; raises (TypeError, ValueError, KeyError) on anything else."""
    if isinstance(data, bool) or data is None:
        raise TypeError("a field is a number, a text or words")
    if isinstance(data, int | str):
        return data
    if not isinstance(data, dict):
        raise TypeError("words are an object")
    if "join" in data:
        return Joined(_string(data["separator"]), tuple(from_stored(item) for item in data["join"]))
    fields = data.get("fields", {})
    if not isinstance(fields, dict):
        raise TypeError("fields are an object")
    return Words(
        _string(data.get("template", "")),
        tuple((_string(name), from_stored(item)) for name, item in fields.items()),
        _string(data.get("message", "")),
        _string(data.get("case", "")),
    )


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a text")
    return value


def templates(value: Value) -> list[str]:
    """Every protocol path `value` is made from."""
    if isinstance(value, Joined):
        return [path for item in value.items for path in templates(item)]
    if not isinstance(value, Words):
        return []
    found = [value.template] if value.template else []
    return found + [path for _name, item in value.fields for path in templates(item)]


def fingerprint(protocol: Protocol, path: str, memo: dict[str, str | None] | None = None) -> str | None:
    """A fingerprint of the protocol's own text at `path` (its English, in a translated protocol): the same
    whatever the language of the run, different once the text is changed. `memo`: those found already, for
    one protocol."""
    if memo is not None:
        if path not in memo:
            memo[path] = fingerprint(protocol, path)
        return memo[path]
    if path in protocol.originals:
        return protocol.originals[path]
    text = text_at(protocol, path)
    return None if text is None else digest(text)


def digest(text: str) -> str:
    """CRC-32 and length of `text` with its spaces evened out: a clinic's edit changes it (this is not a defence
    against forgery, which a tampered journal needs no fingerprint for), and zlib costs nothing to import where
    hashlib loads OpenSSL (40 ms)."""
    import zlib

    data = " ".join(text.split()).encode()
    return f"{zlib.crc32(data):08x}{len(data):x}"


def kept(protocol: Protocol, text: str, words: Words | None, rule: str) -> dict[str, Any]:
    """A reason as the journal keeps it: its text, the rule that gave it, and what to word it again from."""
    found: dict[str, Any] = {"text": text}
    if rule:
        found["rule"] = rule
    if words is not None:
        paths = dict.fromkeys(templates(words))
        marks = {path: fingerprint(protocol, path) for path in paths}
        if all(mark is not None for mark in marks.values()):
            found["words"] = stored(words)
            found["sources"] = marks
    return found


def shown(protocol: Protocol, reason: Mapping[str, Any], memo: dict[str, str | None] | None = None) -> tuple[str, bool]:
    """A kept reason's text in the run's language and its digits, and True; or its text as recorded and False,
    when it was kept without its wording or a text it was made from has changed since."""
    text = str(reason.get("text", ""))
    words, sources = reason.get("words"), reason.get("sources")
    if words is None or not isinstance(sources, dict):
        return text, False
    if any(fingerprint(protocol, str(path), memo) != mark for path, mark in sources.items()):
        return text, False
    try:
        parsed = from_stored(words)
    except (TypeError, ValueError, KeyError):
        return text, False
    if not isinstance(parsed, Words) or not set(templates(parsed)) <= set(sources):
        return text, False  # not lipcare's: it keeps a fingerprint for every text a reason is made from
    worded = say(protocol, parsed)
    if worded is None:
        return text, False
    return current().digits_in(worded), True


def reworded(protocol: Protocol, row: CheckinRow, memo: dict[str, str | None] | None = None) -> CheckinRow:
    """`row` with its reasons, and those its amendments kept, in the run's language where they can be."""
    said = []
    texts = []
    for item in row.said:
        text, again = shown(protocol, item, memo)
        texts.append(text)
        said.append({**item, "as_recorded": not again})
    amendments = tuple(reworded_amendment(protocol, item) for item in row.amendments)
    if not said:
        return row._replace(amendments=amendments) if row.amendments else row
    return row._replace(reasons=tuple(texts), said=tuple(said), amendments=amendments)


def reworded_amendment(protocol: Protocol, item: Amendment) -> Amendment:
    """An amendment with the reasons of the check-in it kept in the run's language where they can be."""
    original = item.original
    kept_said = original.get("said") if original else None
    if not original or not isinstance(kept_said, list):
        return item
    texts = [shown(protocol, reason)[0] for reason in kept_said if isinstance(reason, dict)]
    kept_as = {key: value for key, value in original.items() if key != "said"}
    return item._replace(original={**kept_as, "reasons": texts})


def reworded_rows(protocol: Protocol, rows: Iterable[CheckinRow]) -> Iterator[CheckinRow]:
    memo: dict[str, str | None] = {}
    for row in rows:
        yield reworded(protocol, row, memo)
