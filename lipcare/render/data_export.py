"""Everything in the journal as JSON or CSV, or a zip of the JSON and the photos, for `lipcare data export`.

Like every renderer, it never opens the journal or the settings: the command reads them into `Contents`,
whose check-ins are read a batch at a time as they are written.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import PurePath, PurePosixPath
from typing import Any

from lipcare.fasttuple import Record
from lipcare.journal_rows import Amendment, AppointmentRow, CheckinRow, PhotoRow, Treatment
from lipcare.protocol import Protocol
from lipcare.render.jsonout import appointment, checkin_row, nulls_for_empty, photo, protocol_ref, schema_id
from lipcare.text import inert, json_safe


class Contents(Record):
    """What an export holds, as the command read it from the journal and the settings."""

    journal: PurePath
    settings: dict[str, Any]
    treatments: Sequence[Treatment]
    current: Treatment | None
    photos: Sequence[PhotoRow]
    photo_folder: PurePath
    """Where the photos are, as the export names their files."""
    scale_keys: Sequence[str]
    """Every scale a stored check-in has a score for."""
    checkins: Callable[[Treatment | None], Iterator[CheckinRow]]
    """The check-ins of one treatment (or of all, for None), read a batch at a time."""
    count: Callable[[Treatment], int]
    exported_at: datetime
    """When the export was made (local time, to the second)."""
    removed: Sequence[Amendment] = ()
    """The check-ins the patient removed, each as it was (kept in the journal's amendment records)."""
    appointments: Sequence[AppointmentRow] = ()
    """The follow-up appointments kept (in the JSON and the zip; the CSV has one row per check-in only)."""


def csv_columns(protocol: Protocol, contents: Contents) -> tuple[str, ...]:
    """A column for each scale of the protocol, and for any other scale a stored check-in has."""
    scales = dict.fromkeys([*protocol.questions.keys, *contents.scale_keys])
    return (
        "treatment_date",
        "on",
        "day",
        "recorded_at",
        *scales,
        "crusting",
        "symptoms",
        "note",
        "level",
        "action",
        "reasons",
        "protocol",
        "id",
        "protocol_in_force",
        "painkillers_relieve",
        "photos",
        "corrected_on",
        "level_before",
    )


def export_json(contents: Contents, protocol: Protocol) -> str:
    """The journal as JSON; each check-in lists its photos, their files named within `contents.photo_folder`."""
    return "".join(export_json_parts(contents, protocol))


def export_json_parts(contents: Contents, protocol: Protocol, batch: int = 500) -> Iterator[str]:
    """`export_json` in pieces, the check-ins read `batch` at a time: the same text."""
    photos: dict[int, list[dict[str, object]]] = {}
    for kept in contents.photos:
        photos.setdefault(kept.checkin_id, []).append(photo(kept, contents.photo_folder))
    treatments = contents.treatments
    current = contents.current
    data = {
        "schema": schema_id("export"),
        "format": "lipcare-journal-export",
        "version": 1,
        "exported_at": contents.exported_at.isoformat(timespec="seconds"),
        "journal": str(contents.journal),
        "protocol_in_force": protocol_ref(protocol),
        "current_treatment": current.treatment_date.isoformat() if current else None,
        "settings": contents.settings,
        "appointments": [appointment(row, contents.exported_at.date()) for row in contents.appointments],
        "treatments": [],
    }
    head = _dumps(data)
    if not treatments:
        yield head + "\n"
        return
    yield head.removesuffix("[]\n}") + "[\n"
    for number, treatment in enumerate(treatments):
        gone = [
            {
                "id": entry.checkin_id,
                "removed_on": entry.amended_on.isoformat(),
                "before": nulls_for_empty(entry.original),
            }
            for entry in contents.removed
            if entry.original is not None and entry.treatment_id == treatment.id
        ]
        item: dict[str, object] = {
            "treatment_date": treatment.treatment_date.isoformat(),
            "treatment_time": treatment.treatment_time.strftime("%H:%M") if treatment.treatment_time else None,
            **({"removed_checkins": gone} if gone else {}),
            "checkins": [],
        }
        text = _indented(_dumps(item), 4)
        yield ",\n" if number else ""
        if not contents.count(treatment):
            yield text
            continue
        yield text.removesuffix("[]\n    }") + "[\n"
        rows = contents.checkins(treatment)
        first = True
        while chunk := [
            {**checkin_row(row, protocol), "photos": photos.get(row.id, [])} for row in itertools.islice(rows, batch)
        ]:
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


ZIP_JSON_NAME = "journal.json"
ZIP_PHOTOS = PurePosixPath("photos")


def export_zip(contents: Contents, protocol: Protocol, read: Sequence[tuple[PhotoRow, bytes]]) -> bytes:
    """A zip file: journal.json (as `export_json`) and photos/<sha256>.jpg for every photo it lists.

    The photos are the kept copies (already without metadata), stored as they are: `read` holds those
    whose file could be read and matches its hash; another one is left out and `missing_photos` in the
    JSON counts it."""
    found = {row.sha256: data for row, data in read}
    document = json.loads(export_json(contents._replace(photo_folder=ZIP_PHOTOS), protocol))
    document["missing_photos"] = len({row.sha256 for row in contents.photos} - set(found))
    buffer = io.BytesIO()
    # A zip file's dates run from 1980 to 2107; a clock outside them is clamped, not an error.
    stamp = min(max(contents.exported_at.timetuple()[:6], (1980, 1, 1, 0, 0, 0)), (2107, 12, 31, 23, 59, 58))
    with zipfile.ZipFile(buffer, "w") as archive:
        text = json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
        archive.writestr(_private(ZIP_JSON_NAME, stamp), text, compress_type=zipfile.ZIP_DEFLATED)
        for sha256, data in sorted(found.items()):
            name = str(ZIP_PHOTOS / f"{sha256}.jpg")
            archive.writestr(_private(name, stamp), data, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def _private(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """An entry that unzip tools restore readable by its owner only (0600), like the journal itself."""
    entry = zipfile.ZipInfo(name, stamp)
    entry.create_system = 3  # Unix, so the mode below is read
    entry.external_attr = 0o100600 << 16
    return entry


def export_csv_parts(contents: Contents, protocol: Protocol, batch: int = 500) -> Iterator[str]:
    """One row per check-in, read from the journal and written `batch` rows at a time; a score that was
    not recorded is an empty cell, never 0, and so is an answer not given (never "no"). `protocol` is
    the one in force when the check-in was saved, `protocol_in_force` the one in force now, `photos`
    how many photos it has. Lists are joined with '; '. Spreadsheet-safe: every field is quoted,
    cells that start with = + - @ TAB or CR are prefixed with ' so they are not run as formulas, and
    control characters are escaped (`\\x1b`); the JSON export keeps text exactly."""
    buffer = io.StringIO()
    columns = csv_columns(protocol, contents)
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    in_force = protocol.label
    photos: dict[int, int] = {}
    for kept in contents.photos:
        photos[kept.checkin_id] = photos.get(kept.checkin_id, 0) + 1
    for number, row in enumerate(contents.checkins(None), start=1):
        values: dict[str, object] = {
            "id": row.id,
            "treatment_date": row.treatment_date.isoformat(),
            "on": row.on.isoformat(),
            "day": row.day,
            "recorded_at": row.recorded_at,
            **{key: row.score(key) for key in columns[4 : columns.index("crusting")]},
            "crusting": _yes_no(row.crusting),
            "symptoms": "; ".join(row.symptoms),
            "note": row.note or None,
            "level": row.level,
            "action": row.action,
            "reasons": " | ".join(row.reasons),
            "protocol": row.protocol,
            "protocol_in_force": in_force,
            "painkillers_relieve": _yes_no(row.painkillers_relieve),
        }
        values["photos"] = photos.get(row.id, 0)  # how many; the files themselves are in --format zip
        # Corrected (the day of the latest correction), and the level before its first change, when it changed.
        values["corrected_on"] = row.corrected_on.isoformat() if row.corrected_on else ""
        values["level_before"] = row.level_changes[0].shown_level_was if row.level_changes else ""
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
    return inert(value, marks=True)
