"""Everything in the journal as JSON or CSV, or a zip of the JSON and the photos, for `lipcare data export`."""

from __future__ import annotations

import csv
import io
import itertools
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath, PurePosixPath

from lipcare.journal import Journal
from lipcare.photos import folder_beside, read_photos
from lipcare.protocol import Protocol
from lipcare.render.jsonout import checkin_row, photo, protocol_ref
from lipcare.settings import load_settings
from lipcare.text import inert, json_safe

CSV_COLUMNS = (
    "treatment_date", "on", "day", "recorded_at", "redness", "swelling", "pain", "crusting", "symptoms", "note",
    "level", "action", "reasons", "protocol", "id", "protocol_in_force", "painkillers_relieve", "photos",
)  # fmt: skip
"""An answer that was not recorded is an empty cell, never 0 or "no"."""


def export_json(journal: Journal, protocol: Protocol, photo_folder: PurePath | None = None) -> str:
    """The journal as JSON; each check-in lists its photos, their files named within `photo_folder`
    (by default the photos folder beside the journal)."""
    return "".join(export_json_parts(journal, protocol, photo_folder))


def export_json_parts(
    journal: Journal, protocol: Protocol, photo_folder: PurePath | None = None, batch: int = 500
) -> Iterator[str]:
    """`export_json` in pieces, the check-ins read from the journal `batch` at a time: the same text."""
    folder = photo_folder if photo_folder is not None else folder_beside(journal.path)
    photos: dict[int, list[dict[str, object]]] = {}
    for kept in journal.photos():
        photos.setdefault(kept.checkin_id, []).append(photo(kept, folder))
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
        while chunk := [{**checkin_row(row, protocol), "photos": photos.get(row.id, [])}
                        for row in itertools.islice(rows, batch)]:  # fmt: skip
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


def export_zip(journal: Journal, protocol: Protocol) -> bytes:
    """A zip file: journal.json (as `export_json`) and photos/<sha256>.jpg for every photo it lists.

    The photos are the kept copies (already without metadata), stored as they are; a photo whose file
    is missing or does not match its hash is left out and `missing_photos` in the JSON counts it."""
    rows = journal.photos()
    found = {row.sha256: data for row, data in read_photos(journal, rows)}
    document = json.loads(export_json(journal, protocol, ZIP_PHOTOS))
    document["missing_photos"] = len({row.sha256 for row in rows} - set(found))
    buffer = io.BytesIO()
    stamp = datetime.now().timetuple()[:6]
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


def export_csv(journal: Journal, protocol: Protocol) -> str:
    return "".join(export_csv_parts(journal, protocol))


def export_csv_parts(journal: Journal, protocol: Protocol, batch: int = 500) -> Iterator[str]:
    """One row per check-in, read from the journal and written `batch` rows at a time; `protocol` is
    the one in force when the check-in was saved, `protocol_in_force` the one in force now, `photos`
    how many photos it has. Lists are joined with '; '. Spreadsheet-safe: every field is quoted,
    cells that start with = + - @ TAB or CR are prefixed with ' so they are not run as formulas, and
    control characters are escaped (`\\x1b`); the JSON export keeps text exactly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    in_force = protocol.label
    photos: dict[int, int] = {}
    for kept in journal.photos():
        photos[kept.checkin_id] = photos.get(kept.checkin_id, 0) + 1
    for number, row in enumerate(journal.iter_checkins(), start=1):
        values = {
            "id": row.id, "treatment_date": row.treatment_date.isoformat(), "on": row.on.isoformat(), "day": row.day,
            "recorded_at": row.recorded_at, "redness": row.redness, "swelling": row.swelling, "pain": row.pain,
            "crusting": _yes_no(row.crusting), "symptoms": "; ".join(row.symptoms), "note": row.note,
            "level": row.level, "action": row.action, "reasons": " | ".join(row.reasons), "protocol": row.protocol,
            "protocol_in_force": in_force, "painkillers_relieve": _yes_no(row.painkillers_relieve),
        }  # fmt: skip
        values["photos"] = photos.get(row.id, 0)  # how many; the files themselves are in --format zip
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
