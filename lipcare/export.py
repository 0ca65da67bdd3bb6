"""Everything in the journal as JSON or CSV, for `lipcare data export`."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from datetime import datetime

from lipcare.journal import Journal
from lipcare.protocol import Protocol
from lipcare.render.jsonout import checkin_row, protocol_ref
from lipcare.settings import load_settings
from lipcare.text import inert, json_safe

CSV_COLUMNS = (
    "treatment_date", "on", "day", "recorded_at", "redness", "swelling", "pain", "crusting", "symptoms", "note",
    "level", "action", "reasons", "protocol", "id", "protocol_in_force", "painkillers_relieve",
)  # fmt: skip
"""An answer that was not recorded is an empty cell, never 0 or "no"."""


def export_json(journal: Journal, protocol: Protocol) -> str:
    return "".join(export_json_parts(journal, protocol))


def export_json_parts(journal: Journal, protocol: Protocol, batch: int = 500) -> Iterator[str]:
    """`export_json` in pieces, the check-ins read from the journal `batch` at a time: the same text."""
    treatments = journal.treatments()
    current = journal.current_treatment()
    data = {
        "format": "lipcare-journal-export",
        "version": 1,
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "journal": str(journal.path),
        "protocol_in_force": protocol_ref(protocol),
        "current_treatment": current.treatment_date.isoformat() if current else None,
        "settings": load_settings(),
        "treatments": [],
    }  # fmt: skip
    head = _dumps(data)
    if not treatments:
        yield head + "\n"
        return
    yield head.removesuffix("[]\n}") + "[\n"
    for number, treatment in enumerate(treatments):
        item: dict[str, object] = {
            "treatment_date": treatment.treatment_date.isoformat(),
            "treatment_time": treatment.treatment_time.strftime("%H:%M") if treatment.treatment_time else None,
            "checkins": [],
        }
        text = _indented(_dumps(item), 4)
        yield ",\n" if number else ""
        if not journal.count_checkins(treatment):
            yield text
            continue
        yield text.removesuffix("[]\n    }") + "[\n"
        rows = journal.iter_checkins(treatment)
        first = True
        while chunk := [checkin_row(row, protocol) for row in itertools.islice(rows, batch)]:
            # A list dumped with indent=2 has its items indented by two spaces; they sit at eight here.
            yield ("" if first else ",\n") + _indented(_dumps(chunk)[2:-2], 6)
            first = False
        yield "\n      ]\n    }"
    yield "\n  ]\n}\n"


def _dumps(data: object) -> str:
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False))


def _indented(text: str, spaces: int) -> str:
    """Every line of `text` moved right (JSON strings hold no raw line breaks)."""
    pad = " " * spaces
    return pad + text.replace("\n", "\n" + pad)


def export_csv(journal: Journal, protocol: Protocol) -> str:
    return "".join(export_csv_parts(journal, protocol))


def export_csv_parts(journal: Journal, protocol: Protocol, batch: int = 500) -> Iterator[str]:
    """One row per check-in, read from the journal and written `batch` rows at a time; `protocol` is
    the one in force when the check-in was saved, `protocol_in_force` the one in force now. Lists
    are joined with '; '. Spreadsheet-safe: every field is quoted, cells that start with = + - @ TAB
    or CR are prefixed with ' so they are not run as formulas, and control characters are escaped
    (`\\x1b`); the JSON export keeps text exactly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    in_force = protocol.label
    for number, row in enumerate(journal.iter_checkins(), start=1):
        values = {
            "id": row.id, "treatment_date": row.treatment_date.isoformat(), "on": row.on.isoformat(), "day": row.day,
            "recorded_at": row.recorded_at, "redness": row.redness, "swelling": row.swelling, "pain": row.pain,
            "crusting": _yes_no(row.crusting), "symptoms": "; ".join(row.symptoms), "note": row.note,
            "level": row.level, "action": row.action, "reasons": " | ".join(row.reasons), "protocol": row.protocol,
            "protocol_in_force": in_force, "painkillers_relieve": _yes_no(row.painkillers_relieve),
        }  # fmt: skip
        writer.writerow({key: _cell(value) for key, value in values.items()})
        if number % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value
    return inert(value)
