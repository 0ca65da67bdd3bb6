"""Everything in the journal as JSON or CSV, for `lipcare data export`."""

from __future__ import annotations

import csv
import io
import json
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
    treatments = []
    for treatment in journal.treatments():
        treatments.append(
            {
                "treatment_date": treatment.treatment_date.isoformat(),
                "treatment_time": treatment.treatment_time.strftime("%H:%M") if treatment.treatment_time else None,
                "checkins": [checkin_row(row, protocol) for row in journal.checkins(treatment)],
            }
        )
    current = journal.current_treatment()
    data = {
        "format": "lipcare-journal-export",
        "version": 1,
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "journal": str(journal.path),
        "protocol_in_force": protocol_ref(protocol),
        "current_treatment": current.treatment_date.isoformat() if current else None,
        "settings": load_settings(),
        "treatments": treatments,
    }  # fmt: skip
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def export_csv(journal: Journal, protocol: Protocol) -> str:
    """One row per check-in; `protocol` is the one in force when the check-in was saved,
    `protocol_in_force` the one in force now. Lists are joined with '; '. Spreadsheet-safe: every
    field is quoted, cells that start with = + - @ TAB or CR are prefixed with ' so they are not run
    as formulas, and control characters are escaped (`\\x1b`); the JSON export keeps text exactly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    in_force = protocol.label
    for row in journal.checkins():
        values = {
            "id": row.id, "treatment_date": row.treatment_date.isoformat(), "on": row.on.isoformat(), "day": row.day,
            "recorded_at": row.recorded_at, "redness": row.redness, "swelling": row.swelling, "pain": row.pain,
            "crusting": _yes_no(row.crusting), "symptoms": "; ".join(row.symptoms), "note": row.note,
            "level": row.level, "action": row.action, "reasons": " | ".join(row.reasons), "protocol": row.protocol,
            "protocol_in_force": in_force, "painkillers_relieve": _yes_no(row.painkillers_relieve),
        }  # fmt: skip
        writer.writerow({key: _cell(value) for key, value in values.items()})
    return buffer.getvalue()


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value
    return inert(value)
