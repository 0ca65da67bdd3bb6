"""The private journal: the only module that touches SQLite.

Promises, each tested:
- A journal is created complete (schema and all) under a temporary name and
  then linked into place, so no other process ever sees a half-made file and
  an existing file is never overwritten. It is 0600 in a 0700 folder.
- An existing file is checked before anything is written to it: not SQLite,
  not lipcare's, from a newer lipcare, empty or visibly damaged files stop
  with an error naming the file, and the file is left byte for byte as it was.
- Every write is one `BEGIN IMMEDIATE` transaction, committed with
  synchronous=FULL before the caller goes on; WAL and a busy timeout let two
  terminals write at the same time.
- Schema changes are named migrations applied in order; PRAGMA user_version
  counts them.
"""

import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, time
from pathlib import Path
from typing import Any, Literal, overload

from lipcare import clock
from lipcare.errors import JournalError, Message

# The records the journal stores live in lipcare.journal_rows, so renderers can name them without SQLite.
from lipcare.journal_rows import (
    Amendment,
    AppointmentRow,
    CheckinRow,
    DoseRecord,
    MedicineRow,
    NewCheckin,
    NewPhoto,
    PhotoRow,
    ScaleDefinition,
    Treatment,
)
from lipcare.paths import check_private_dir, check_private_place, ensure_private_dir
from lipcare.protocol.types import RESERVED_SCALE_KEYS
from lipcare.text import inert, num

#: Written into the SQLite header so lipcare recognises its own files ("LIPC").
APPLICATION_ID = 0x4C495043
BUSY_TIMEOUT_S = 15.0
SQLITE_MAGIC = b"SQLite format 3\x00"


def _statements(db: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, which would split a migration
    # from the transaction that records it.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m0001_initial(db: sqlite3.Connection) -> None:
    _statements(
        db,
        """
        CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE treatments (
            id INTEGER PRIMARY KEY,
            treatment_date TEXT NOT NULL,
            treatment_time TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX treatments_by_date ON treatments (treatment_date);
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            treatment_id INTEGER NOT NULL REFERENCES treatments (id),
            on_date TEXT NOT NULL,
            day INTEGER NOT NULL,
            recorded_at TEXT NOT NULL,
            redness INTEGER NOT NULL,
            swelling INTEGER NOT NULL,
            pain INTEGER NOT NULL,
            crusting INTEGER NOT NULL,
            symptoms TEXT NOT NULL,
            note TEXT NOT NULL,
            level TEXT NOT NULL,
            action TEXT NOT NULL,
            reasons TEXT NOT NULL,
            protocol TEXT NOT NULL
        );
        CREATE INDEX checkins_by_treatment ON checkins (treatment_id, on_date, id);
        """,
    )


def _m0002_unknown_answers(db: sqlite3.Connection) -> None:
    """A question not asked is unknown: scores and crusts may be NULL; the painkiller answer is kept.

    SQLite cannot drop NOT NULL from a column, so the table is rebuilt and
    every row copied, inside the migration's transaction. Nothing refers to
    `checkins`, so dropping the old table leaves every reference intact.
    Rows from before this migration keep their values as stored.
    """
    _statements(
        db,
        """
        CREATE TABLE checkins_0002 (
            id INTEGER PRIMARY KEY,
            treatment_id INTEGER NOT NULL REFERENCES treatments (id),
            on_date TEXT NOT NULL,
            day INTEGER NOT NULL,
            recorded_at TEXT NOT NULL,
            redness INTEGER,
            swelling INTEGER,
            pain INTEGER,
            crusting INTEGER,
            symptoms TEXT NOT NULL,
            note TEXT NOT NULL,
            level TEXT NOT NULL,
            action TEXT NOT NULL,
            reasons TEXT NOT NULL,
            protocol TEXT NOT NULL,
            painkillers_relieve INTEGER
        );
        INSERT INTO checkins_0002 (id, treatment_id, on_date, day, recorded_at, redness, swelling, pain, crusting,
                                   symptoms, note, level, action, reasons, protocol, painkillers_relieve)
            SELECT id, treatment_id, on_date, day, recorded_at, redness, swelling, pain, crusting,
                   symptoms, note, level, action, reasons, protocol, NULL FROM checkins;
        DROP TABLE checkins;
        ALTER TABLE checkins_0002 RENAME TO checkins;
        CREATE INDEX checkins_by_treatment ON checkins (treatment_id, on_date, id);
        """,
    )


def _m0003_photos(db: sqlite3.Connection) -> None:
    # A photo belongs to one check-in; its file is photos/<sha256>.jpg beside the journal. The day (date and
    # day number) is copied from the check-in so the photo list reads on its own. From here on `photos` refers
    # to `checkins`: a later migration that rebuilds `checkins` (as 0002 does) must keep the ids.
    _statements(
        db,
        """
        CREATE TABLE photos (
            id INTEGER PRIMARY KEY,
            checkin_id INTEGER NOT NULL REFERENCES checkins (id),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            bytes INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            on_date TEXT NOT NULL,
            day INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            UNIQUE (checkin_id, sha256)
        );
        CREATE INDEX photos_by_hash ON photos (sha256);
        """,
    )


def _m0004_scores(db: sqlite3.Connection) -> None:
    # One row per scale of a check-in, so a clinic's protocol can add a scale without a schema change: the
    # three score columns move here. A row with a NULL value is a question asked and not answered (unknown);
    # a scale with no row was not part of that check-in (the protocol did not have it then). `position` keeps
    # the order they were asked in. Dropping a column keeps every check-in's id, which photos refer to.
    _statements(
        db,
        """
        CREATE TABLE scores (
            checkin_id INTEGER NOT NULL REFERENCES checkins (id),
            scale TEXT NOT NULL,
            position INTEGER NOT NULL,
            value INTEGER,
            PRIMARY KEY (checkin_id, scale)
        ) WITHOUT ROWID;
        INSERT INTO scores (checkin_id, scale, position, value) SELECT id, 'redness', 0, redness FROM checkins;
        INSERT INTO scores (checkin_id, scale, position, value) SELECT id, 'swelling', 1, swelling FROM checkins;
        INSERT INTO scores (checkin_id, scale, position, value) SELECT id, 'pain', 2, pain FROM checkins;
        ALTER TABLE checkins DROP COLUMN redness;
        ALTER TABLE checkins DROP COLUMN swelling;
        ALTER TABLE checkins DROP COLUMN pain;
        """,
    )


_NO_ID = 2**62
"""`before_id` when no check-in is being re-judged: every check-in saved so far on the day counts."""


def _m0005_held_problems(db: sqlite3.Connection) -> None:
    # `held`: the problems a check-in left open, as JSON, for the next check-in to read (lipcare.assess.Held);
    # NULL for a check-in saved before problems were held. `painkillers_taken`: 0 when the patient said they
    # had taken none. `symptoms` may now hold JSON null: the warning signs were not asked.
    _statements(
        db,
        """
        ALTER TABLE checkins ADD COLUMN held TEXT;
        ALTER TABLE checkins ADD COLUMN painkillers_taken INTEGER;
        """,
    )


def _m0006_amendments(db: sqlite3.Connection) -> None:
    # A check-in corrected or removed keeps what it was: one row per change, with the check-in as it was stored
    # before it (answers, level, reasons, open problems) as JSON. `kind`: 'corrected' (the patient changed its
    # answers), 'removed' (the patient removed it; the row keeps its answers, its photos are deleted) or
    # 'rejudged' (a later check-in whose judgement changed because an earlier one was corrected or removed;
    # `caused_by` names that one). No reference to `checkins`: the record of a removal outlives the check-in.
    _statements(
        db,
        """
        CREATE TABLE amendments (
            id INTEGER PRIMARY KEY,
            checkin_id INTEGER NOT NULL,
            treatment_id INTEGER NOT NULL REFERENCES treatments (id),
            kind TEXT NOT NULL CHECK (kind IN ('corrected', 'removed', 'rejudged')),
            amended_on TEXT NOT NULL,
            amended_at TEXT NOT NULL,
            caused_by INTEGER,
            original TEXT NOT NULL
        );
        CREATE INDEX amendments_by_checkin ON amendments (checkin_id, id);
        CREATE INDEX amendments_by_treatment ON amendments (treatment_id, id);
        """,
    )


BUILT_IN_SCALES = {
    "redness": ("redness", 0, 3, ["none", "mild", "moderate", "severe"]),
    "swelling": ("swelling", 0, 3, ["none", "mild", "moderate", "severe"]),
    "pain": ("pain", 0, 10, []),
}
"""The built-in scales as lipcare's default protocol has always defined them (data/protocol.toml): what 0007 records
for the scores saved before definitions were kept."""


def _m0007_scale_definitions(db: sqlite3.Connection) -> None:
    # Each score keeps the definition of its scale as it was when it was saved (name, min, max, labels), so a
    # clinic that changes a scale does not change what an old score meant. Definitions are shared: one row for each
    # distinct one. Scores saved before: the built-in scales get the default protocol's definitions (which they have
    # always had); a clinic's own scale is left NULL here and filled from the protocol in force by the next
    # check-in (`Journal.fill_definitions`), the best knowledge there is.
    import json

    _statements(
        db,
        """
        CREATE TABLE scale_definitions (
            id INTEGER PRIMARY KEY,
            scale TEXT NOT NULL,
            name TEXT NOT NULL,
            min INTEGER NOT NULL,
            max INTEGER NOT NULL,
            labels TEXT NOT NULL,
            UNIQUE (scale, name, min, max, labels)
        );
        ALTER TABLE scores ADD COLUMN definition INTEGER REFERENCES scale_definitions (id);
        -- The scores still without one, which every check-in looks for: found through this index, not by
        -- reading every score (15 ms a check-in at 100,000 check-ins, bench/startup.py).
        CREATE INDEX scores_without_definition ON scores (scale) WHERE definition IS NULL;
        """,
    )
    for key, (name, low, high, labels) in BUILT_IN_SCALES.items():
        cursor = db.execute(
            "INSERT INTO scale_definitions (scale, name, min, max, labels) VALUES (?, ?, ?, ?, ?)",
            (key, name, low, high, json.dumps(labels)),
        )
        db.execute("UPDATE scores SET definition = ? WHERE scale = ?", (cursor.lastrowid, key))


def _m0008_scores_answered(db: sqlite3.Connection) -> None:
    # The answered scores of each scale, so that looking for a scale's previous score never walks every
    # check-in when the scale was never (or long ago) answered: 100,000 check-ins with only redness answered
    # made a check-in cost 2.2 times a fresh journal's (issue 21). Partial: only answered scores are listed.
    _statements(db, "CREATE INDEX scores_answered ON scores (scale, checkin_id) WHERE value IS NOT NULL;")


def _m0009_appointments(db: sqlite3.Connection) -> None:
    # Follow-up appointments (lipcare.appointments): the patient's own, not tied to a treatment (one may be booked
    # before the treatment date is known). `at_time` HH:MM or NULL (a day without a time); `note` and `place` are
    # the patient's text ('' when not given). One appointment a date and time: the unique index refuses a
    # duplicate even from two terminals at once (a day without a time counts as one time of its own).
    _statements(
        db,
        """
        CREATE TABLE appointments (
            id INTEGER PRIMARY KEY,
            on_date TEXT NOT NULL,
            at_time TEXT,
            note TEXT NOT NULL,
            place TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX appointments_by_moment ON appointments (on_date, ifnull(at_time, ''));
        """,
    )


def _m0010_reasons_kept(db: sqlite3.Connection) -> None:
    # A check-in's reasons are kept as objects: {"text": what the patient was shown, "rule", "words": what to
    # word it again from, "sources": fingerprints of the protocol texts it was made from} (lipcare.wording.kept),
    # so history, the report and the exports say them in the reader's language. The reasons saved before were
    # kept as text only: each becomes {"text": ...}, shown as it was recorded. A reader also takes the old form (a
    # read-only journal is read without this migration), but an older lipcare must not read the new one.
    import json

    for checkin_id, reasons in db.execute("SELECT id, reasons FROM checkins").fetchall():
        try:
            kept = json.loads(reasons)
        except ValueError:
            continue  # not lipcare's JSON: left as it is for `data recover` to show
        if isinstance(kept, list) and all(isinstance(item, str) for item in kept):
            converted = json.dumps([{"text": item} for item in kept], ensure_ascii=False)
            db.execute("UPDATE checkins SET reasons = ? WHERE id = ?", (converted, checkin_id))


def _m0011_medicines(db: sqlite3.Connection) -> None:
    # The patient's own medicines and their changes to the protocol's (`adjusts` = 1: `key` is the protocol
    # medicine's), per treatment, with their days counted from the treatment; and whether a day's doses of a
    # medicine were taken, as a check-in recorded it (a day without a row is unknown, never "taken").
    _statements(
        db,
        """
        CREATE TABLE medicines (
            id INTEGER PRIMARY KEY,
            treatment_id INTEGER NOT NULL REFERENCES treatments (id),
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            purpose TEXT NOT NULL,
            dose TEXT NOT NULL,
            first_day INTEGER NOT NULL,
            last_day INTEGER NOT NULL,
            times TEXT NOT NULL,
            adjusts INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            UNIQUE (treatment_id, key)
        );
        CREATE TABLE doses (
            treatment_id INTEGER NOT NULL REFERENCES treatments (id),
            on_date TEXT NOT NULL,
            medicine TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('taken', 'missed', 'some')),
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (treatment_id, on_date, medicine)
        );
        """,
    )


#: Applied in order, each once; never edit or reorder a released one, add a new one.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_initial", _m0001_initial),
    ("0002_unknown_answers", _m0002_unknown_answers),
    ("0003_photos", _m0003_photos),
    ("0004_scores", _m0004_scores),
    ("0005_held_problems", _m0005_held_problems),
    ("0006_amendments", _m0006_amendments),
    ("0007_scale_definitions", _m0007_scale_definitions),
    ("0008_scores_answered", _m0008_scores_answered),
    ("0009_appointments", _m0009_appointments),
    ("0010_reasons_kept", _m0010_reasons_kept),
    ("0011_medicines", _m0011_medicines),
]
_INDEXES_FROM = 4
"""From this schema version on, the migrations left add indexes only, or (0009) a table a read-only journal reads as
empty, or (0010) change what a reader also takes in its old form (reasons as text), or (0011) tables a read-only
journal reads as empty: a read-only journal is read without them."""


def _read_only_place(path: Path) -> bool:
    """Whether the journal's folder cannot be written: a read-only disk, or a folder without write permission."""
    try:
        read_only_disk = bool(os.statvfs(path.parent).f_flag & getattr(os, "ST_RDONLY", 1))
    except (OSError, AttributeError):
        read_only_disk = False
    return read_only_disk or not os.access(path.parent, os.W_OK)


__all__ = ["Amendment", "CheckinRow", "Journal", "NewCheckin", "NewPhoto", "PhotoRow", "Treatment"]


_PHOTO_COLUMNS = "p.id, p.checkin_id, p.sha256, p.bytes, p.width, p.height, p.on_date, p.day, p.added_at"


def _photo(row: tuple[object, ...]) -> PhotoRow:
    id_, checkin_id, sha256, size, width, height, on, day, added = row
    return PhotoRow(
        int(str(id_)),
        int(str(checkin_id)),
        _sha256(sha256),
        int(str(size)),
        int(str(width)),
        int(str(height)),
        _date(on),
        _day(day),
        str(added),
    )


EARLIEST_STORED, LATEST_STORED = date(1900, 1, 1), date(2199, 12, 31)
"""The dates lipcare accepts (lipcare.dates.EARLIEST and LATEST), so the only dates it ever stores."""
MAX_DAY = (LATEST_STORED - EARLIEST_STORED).days
"""The latest day after a treatment a stored check-in can have."""


def _date(value: object) -> date:
    """A stored date; _Unreadable for one lipcare never writes (9999-12-31 would overflow every date sum).
    Checked as text first (YYYY-MM-DD compares as text in date order): it runs for every row read."""
    if type(value) is not str or len(value) != 10 or value[4] != "-" or not "1900-01-01" <= value <= "2199-12-31":
        raise _OutOfRange(value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _OutOfRange(value) from None


def _day(value: object) -> int:
    """A stored day after the treatment: 0 to MAX_DAY (a day of 10^10 made history loop for minutes)."""
    if type(value) is int and 0 <= value <= MAX_DAY:
        return value
    if isinstance(value, float) or not re.fullmatch(r"[0-9]{1,6}", str(value)) or int(str(value)) > MAX_DAY:
        raise _OutOfRange(value)
    return int(str(value))


def _sha256(value: object) -> str:
    """A stored photo hash: 64 lowercase hex digits, which is also the photo's file name, so a row changed by
    hand can never name a file outside the photos folder."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{64}", value):
        raise _OutOfRange(value)
    return value


_RECENT = 64
"""How many of the latest check-ins are looked at first for a scale's previous score, and at most for the
judgement's other look-backs (the lowest score of a week, the latest crust answers): a check-in costs the same
with 100,000 in the journal, whatever their pattern."""
_LATEST_RECENT = (
    "SELECT c.id, c.on_date, s.value FROM (SELECT id, on_date FROM checkins "
    "WHERE treatment_id = :treatment AND on_date <= :on "
    f"AND NOT (on_date = :on AND id >= :before) ORDER BY on_date DESC, id DESC LIMIT {_RECENT}) c "
    "JOIN scores s ON s.checkin_id = c.id AND s.scale = :scale AND s.value IS NOT NULL "
    "ORDER BY c.on_date DESC, c.id DESC LIMIT 1"
)
_LATEST_ANSWERED = (
    # CROSS JOIN keeps the answered scores as the outer loop (SQLite does not reorder it), found through
    # scores_answered: a scale never answered reads nothing at all. (Not INDEXED BY: a journal read on a
    # read-only disk may not have the index, and is then only slower.)
    "SELECT c.id, c.on_date, s.value FROM scores s CROSS JOIN checkins c ON c.id = s.checkin_id "
    "WHERE s.scale = :scale AND s.value IS NOT NULL AND c.treatment_id = :treatment AND c.on_date <= :on "
    "AND NOT (c.on_date = :on AND c.id >= :before) ORDER BY c.on_date DESC, c.id DESC LIMIT 1"
)

_CHECKIN_COLUMNS = (
    "c.id, c.treatment_id, t.treatment_date, c.on_date, c.day, c.recorded_at, "
    "(SELECT group_concat(s.position || ':' || s.scale || '=' || ifnull(s.value, ''), ',') FROM scores s "
    "WHERE s.checkin_id = c.id), "
    "c.crusting, c.symptoms, c.note, c.level, c.action, c.reasons, c.protocol, c.painkillers_relieve, "
    "c.painkillers_taken, "
    "(SELECT group_concat(s.scale || '=' || s.definition, ',') FROM scores s WHERE s.checkin_id = c.id "
    "AND s.definition IS NOT NULL)"
)
"""A check-in's scores come as '0:redness=1,1:swelling=,2:pain=4' (keys are [a-z0-9-], checked by the protocol)."""


def _checkin(row: tuple[object, ...]) -> CheckinRow:
    (
        id_,
        treatment_id,
        treated,
        on,
        day,
        recorded,
        scores,
        crusting,
        symptoms,
        note,
        level,
        action,
        reasons,
        protocol,
        painkillers,
        taken,
    ) = row
    import json  # here, not at the top: timeline and info open the journal and never read a check-in

    said = _reasons(json.loads(str(reasons)))
    return CheckinRow(
        int(str(id_)),
        int(str(treatment_id)),
        _date(treated),
        _date(on),
        _day(day),
        str(recorded),
        _scores(scores),
        _bool(crusting),
        _signs(json.loads(str(symptoms))),
        str(note),
        str(level),
        str(action),
        tuple(str(item.get("text", "")) for item in said),
        str(protocol),
        _bool(painkillers),
        _bool(taken),
        json.loads(str(symptoms)) is not None,
        said=said,
    )


def _reasons(value: object) -> tuple[dict[str, Any], ...]:
    """A check-in's reasons as kept: objects with their text (lipcare.wording.kept), or, before 0010, texts."""
    if not isinstance(value, list):
        raise ValueError("reasons")
    return tuple(item if isinstance(item, dict) else {"text": str(item)} for item in value)


def _entry_values(entry: NewCheckin) -> tuple[object, ...]:
    """A check-in's stored columns from `crusting` to `held`, in that order, as a new one and a corrected one
    write them."""
    import json

    return (
        _stored(entry.crusting),
        json.dumps(list(entry.symptoms) if entry.symptoms is not None else None),
        entry.note,
        entry.level,
        entry.action,
        json.dumps(list(entry.said) or [{"text": text} for text in entry.reasons], ensure_ascii=False),
        entry.protocol,
        _stored(entry.painkillers_relieve),
        _stored(entry.painkillers_taken),
        json.dumps(list(entry.held), ensure_ascii=False),
    )


def _signs(value: object) -> tuple[str, ...]:
    """The warning signs stored: a list of keys, or null when they were not asked."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise _Unreadable(value)
    return tuple(value)


MAX_SCORE = 100
"""lipcare writes scores from 0 to 100 (lipcare.protocol.types.MAX_SCORE: every scale lies within them); anything
else is damage."""
_STORED_SCORE = r"(-?[0-9]+):([a-z0-9]+(?:-[a-z0-9]+)*)=([0-9]{0,3})"
"""One item of a check-in's scores as _CHECKIN_COLUMNS reads them: a key lipcare writes cannot hold ',', ':' or '=',
so an item that does not match whole was not written by lipcare."""


class _Unreadable(ValueError):
    """A stored value lipcare never writes: a row changed by hand or by another program."""


class _OutOfRange(_Unreadable):
    """A stored date, day or photo hash lipcare never writes."""


def _scores(stored: object) -> dict[str, int | None]:
    if not stored:
        return {}
    found = []
    for item in str(stored).split(","):
        match = re.fullmatch(_STORED_SCORE, item)
        if match is None:
            raise _Unreadable(item)
        position, key, value = match.groups()
        if key in RESERVED_SCALE_KEYS:  # a name no scale may take (crusting, note...): not written by lipcare
            raise _Unreadable(item)
        found.append((int(position), key, _score(value or None)))
    return {key: value for _position, key, value in sorted(found)}


def _readable(day: object, value: object) -> bool:
    try:
        _day(day)
        _score(value)
    except ValueError:
        return False
    return True


def _score(value: object) -> int | None:
    """A stored score, None when not recorded; _Unreadable for anything lipcare does not write."""
    if value is None:
        return None
    if type(value) is int and 0 <= value <= MAX_SCORE:  # what lipcare writes: no pattern needed
        return value
    if isinstance(value, float) or not re.fullmatch(r"[0-9]{1,3}", str(value)) or int(str(value)) > MAX_SCORE:
        raise _Unreadable(value)
    return int(str(value))


def _bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def _stored(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _treatment(row: tuple[object, ...]) -> Treatment:
    id_, treated, at = row
    return Treatment(int(str(id_)), _date(treated), time.fromisoformat(str(at)) if at else None)


def describe_error(path: Path, error: sqlite3.Error) -> JournalError:
    """Turn an SQLite error into a message a patient can act on."""
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return JournalError(
            "the journal {path} stayed busy for {seconds} seconds (another lipcare "
            "is using it); nothing was saved, please try again.",
            path=path,
            seconds=num(f"{BUSY_TIMEOUT_S:g}"),
        )
    if name.startswith("SQLITE_READONLY") or name == "SQLITE_PERM":
        return JournalError(
            "cannot write to the journal {path}: the file or its folder is read-only. Nothing was saved.", path=path
        )
    if name == "SQLITE_FULL":
        return JournalError(
            "the disk holding the journal {path} is full. Nothing was saved; free some space and try again.", path=path
        )
    if name.startswith("SQLITE_CANTOPEN"):
        if path.parent.is_dir() and not os.access(path.parent, os.W_OK):
            # SQLite keeps two small files beside a WAL journal, so even reading needs the folder writable.
            return JournalError(
                "cannot use the journal {path}: its folder is read-only, and lipcare needs to "
                "write beside the journal. Nothing was saved.",
                path=path,
            )
        return JournalError("cannot open the journal {path}; check that its folder exists and is yours.", path=path)
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or name.startswith("SQLITE_CORRUPT"):
        return damaged(path)
    if name.startswith("SQLITE_IOERR"):
        return JournalError("the disk reported an error while using the journal {path}. Nothing was saved.", path=path)
    return JournalError("the journal {path} could not be used ({error}).", path=path, error=error)


def damaged(path: Path, detail: "str | Message" = "") -> JournalError:
    return JournalError(
        "cannot read the journal {path}: {detail}. lipcare has left the file exactly as it was; "
        "keep a copy, and move it away to start a new journal.",
        path=path,
        detail=detail or Message("it is damaged"),
    )


def check_file(path: Path, encrypted: bool = False) -> None:
    """Raise JournalError unless `path` looks like a lipcare journal, reading only."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise JournalError(
                "{path} is a folder, not a lipcare journal; move it away or set LIPCARE_HOME.", path=path
            )
        with path.open("rb") as file:
            head = file.read(100)
    except PermissionError:
        raise JournalError("cannot read the journal {path}: permission denied.", path=path) from None
    except OSError as error:
        raise JournalError(
            "cannot read the journal {path}: {error}.", path=path, error=error.strerror or error
        ) from None
    if size == 0:
        raise damaged(path, Message("the file is empty (0 bytes)"))
    if encrypted:
        _check_encrypted(path, head, size)
        return
    if not head.startswith(SQLITE_MAGIC):
        raise damaged(path, Message("it is not a lipcare journal (not an SQLite database)"))
    if len(head) < 100:
        raise damaged(path, Message("the file is cut short"))
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        raise damaged(path, Message("the file is cut short or its header is damaged"))
    pages = int.from_bytes(head[28:32], "big")
    size_is_current = head[24:28] == head[92:96]
    wal = path.with_name(path.name + "-wal")
    if size_is_current and pages * page_size > size and not wal.exists():
        raise damaged(path, Message("the file is cut short"))


def _check_encrypted(path: Path, head: bytes, size: int) -> None:
    if head.startswith(SQLITE_MAGIC):
        raise damaged(
            path,
            Message(
                "key files lie beside it, but the journal itself is not encrypted; move journal.key and "
                "journal.recovery away to use it as it is"
            ),
        )
    if size % 1024:
        raise damaged(path, Message("the file is cut short"))


def as_sqlite_error(error: Exception) -> sqlite3.Error:
    """An SQLCipher error as the sqlite3 error of the same name, so the journal reports it as it reports its own."""
    kind = getattr(sqlite3, type(error).__name__, sqlite3.DatabaseError)
    if not (isinstance(kind, type) and issubclass(kind, sqlite3.Error)):
        kind = sqlite3.DatabaseError
    same = kind(*error.args)
    same.sqlite_errorname = getattr(error, "sqlite_errorname", "")
    same.sqlite_errorcode = getattr(error, "sqlite_errorcode", -1)
    return same


def described(path: Path) -> Callable[[Exception], Exception]:
    """For lipcare.vault's conversions: an SQLCipher error as the message the journal gives for it."""
    return lambda error: describe_error(path, as_sqlite_error(error))


def _encrypted(path: Path) -> bool:
    """Whether the journal at `path` is encrypted (key files beside it): lipcare.vault is imported only then."""
    return any(
        os.path.lexists(path.with_name(name)) for name in ("journal.key", "journal.recovery", "journal.converting")
    )


class Journal:
    """An open journal. Use `Journal.open()`; close with `close()` or a `with` block."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db

    # --- opening -----------------------------------------------------------

    @overload
    @classmethod
    def open(cls, path: Path, *, create: Literal[True] = True) -> "Journal": ...
    @overload
    @classmethod
    def open(cls, path: Path, *, create: bool) -> "Journal | None": ...
    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> "Journal | None":
        """Open the journal at `path`, creating it when `create` is true.

        Returns None only when it does not exist and `create` is false: the type says so, so a caller
        that creates never has to check.
        """
        # The folder first: one that is a link, or under a folder others can change, may have been swapped,
        # and a missing journal there is not "no journal yet".
        check_private_dir(path.parent)
        encrypted = _encrypted(path)
        if encrypted:
            from lipcare import vault

            check_private_place(path.parent, [*journal_files(path), *vault.vault_files(path)])
            vault.finish_pending(path, as_sqlite_error)
            encrypted = vault.is_encrypted(path)
        existed = os.path.lexists(path)
        if not existed:
            if not create:
                return None
            cls._create(path)
        # Before SQLite opens anything: a journal, -wal or -shm that is a link, someone else's or open to
        # other users is refused, so no planted file is ever read or written. The folder was checked at the top,
        # unless it has just been made.
        check_private_place(path.parent, journal_files(path), folder_checked=existed)
        clean_leftovers(path)
        check_file(path, encrypted)
        db: sqlite3.Connection | None = None
        try:
            try:
                db = cls._connect(path, encrypted)
                version = cls._verify(path, db)
            except JournalError:
                if not _read_only_place(path):
                    raise
                # A read-only disk or folder: SQLite cannot make the -shm file a WAL journal reads with, so
                # the journal is opened read-only and immutable, which needs none (reads and exports work;
                # writes say the disk is read-only). Not with a -wal left beside it: its check-ins would be
                # missed.
                if db is not None:
                    db.close()
                db = None
                db = cls._connect_read_only(path, encrypted)
                version = cls._verify(path, db)
            journal = cls(path, db)
            journal._migrate(version)
        except BaseException:
            if db is not None:
                db.close()
            raise
        return journal

    @staticmethod
    def _connect_read_only(path: Path, encrypted: bool = False) -> sqlite3.Connection:
        from urllib.parse import quote

        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise describe_error(path, sqlite3.OperationalError("unable to open database file"))
        uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
        try:
            if encrypted:  # the same, through SQLCipher with the data key (unlocked once for the command)
                from typing import cast

                from lipcare import vault

                db = cast(sqlite3.Connection, vault.connect(path, vault.data_key(path), 0, as_sqlite_error, uri=uri))
            else:
                db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=True)
            db.execute("PRAGMA query_only = ON")
        except sqlite3.Error as error:
            raise describe_error(path, error) from None
        return db

    @staticmethod
    def _connect(path: Path, encrypted: bool = False) -> sqlite3.Connection:
        if encrypted:  # SQLCipher, keyed with the journal's data key (lipcare.vault)
            from typing import cast

            from lipcare import vault

            try:
                connection = vault.connect(path, vault.data_key(path), BUSY_TIMEOUT_S, as_sqlite_error)
            except sqlite3.Error as error:
                raise describe_error(path, error) from None
            try:
                connection.execute("PRAGMA synchronous = FULL")
                connection.execute("PRAGMA foreign_keys = ON")
            except sqlite3.Error as error:
                connection.close()
                raise describe_error(path, error) from None
            return cast(sqlite3.Connection, connection)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=True)
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as error:
            raise describe_error(path, error) from None
        return db

    @staticmethod
    def _verify(path: Path, db: sqlite3.Connection) -> int:
        """The journal's schema version, once it is known to be a lipcare journal this lipcare can read."""
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as error:
            raise describe_error(path, error) from None
        if app_id != APPLICATION_ID:
            raise damaged(path, Message("it is an SQLite database, but not a lipcare journal"))
        if version > len(MIGRATIONS):
            raise JournalError(
                "the journal {path} was written by a newer lipcare (schema {version}; this one reads up to "
                "{supported}). Update lipcare; the file has not been changed.",
                path=path,
                version=num(version),
                supported=num(len(MIGRATIONS)),
            )
        return int(version)

    @classmethod
    def _create(cls, path: Path) -> None:
        import tempfile

        ensure_private_dir(path.parent)
        try:
            fd, temporary = tempfile.mkstemp(prefix=CREATING[0], suffix=CREATING[1], dir=path.parent)
        except OSError as error:
            raise JournalError(
                "cannot create the journal in {folder}: {error}.", folder=path.parent, error=error.strerror or error
            ) from None
        os.close(fd)
        made = Path(temporary)
        try:
            made.chmod(0o600)
            if _encrypted(path):  # `data encrypt` in an empty folder: the key is made, the journal starts encrypted
                from lipcare import vault

                vault.adopt(made, path)
            db = cls._connect(made, _encrypted(path))
            try:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute("PRAGMA journal_mode = WAL")
                cls(made, db)._migrate()
            except sqlite3.Error as error:
                raise describe_error(path, error) from None
            finally:
                db.close()
            try:
                os.link(made, path)  # fails if the journal appeared meanwhile: never overwrite
            except FileExistsError:
                pass  # another lipcare created it first; use theirs
            except OSError:
                if not path.exists():  # a file system without hard links
                    made.rename(path)
        except OSError as error:
            raise JournalError(
                "cannot create the journal {path}: {error}.", path=path, error=error.strerror or error
            ) from None
        finally:
            for leftover in (made, made.with_name(made.name + "-wal"), made.with_name(made.name + "-shm")):
                leftover.unlink(missing_ok=True)

    def _migrate(self, version: int | None = None) -> None:
        """Bring the schema up to date; `version`: the one `_verify` has just read, else it is read here."""
        # Reading the version takes no lock; only a journal that needs a
        # migration is written to, so reading works on a read-only disk.
        if version is None:
            version = int(str(self._read("PRAGMA user_version")[0][0]))
        if version == len(MIGRATIONS):
            return
        if version >= _INDEXES_FROM and self._read("PRAGMA query_only")[0][0]:
            return  # read-only: what is missing is only indexes, which make reading faster, not possible
        db = self.db
        with self.transaction():
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for name, migration in MIGRATIONS[version:]:
                migration(db)
                db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, _stamp()))
            if version < len(MIGRATIONS):
                db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- transactions ------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back on any error.

        The methods called inside the block take part in it; the connection itself never leaves the journal.
        A block inside another joins it: it commits (or rolls back) with the outer one, so a command can make
        several writes (remembering a treatment and saving its check-in) one transaction.
        """
        if self.db.in_transaction:
            yield
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise describe_error(self.path, error) from None
        try:
            yield
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise describe_error(self.path, error) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.db.in_transaction:
            with suppress(sqlite3.Error):  # the original error is the one to report
                self.db.execute("ROLLBACK")

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise describe_error(self.path, error) from None

    # --- settings and treatments ---------------------------------------------

    def current_treatment(self) -> Treatment | None:
        rows = self._read(
            "SELECT id, treatment_date, treatment_time FROM treatments "
            "WHERE id = (SELECT CAST(value AS INTEGER) FROM state WHERE key = 'current_treatment')"
        )
        return self._treatment(rows[0]) if rows else None

    def remember_treatment(self, treated: date, at: time | None) -> Treatment:
        """Make the treatment on `treated` the current one, creating its record if it is new.

        An earlier treatment on the same date is reused, so correcting a
        mistyped date does not leave a duplicate; a time given now replaces
        the one stored.
        """
        clock = at.strftime("%H:%M") if at else None
        current = self.current_treatment()
        if (
            current is not None
            and current.treatment_date == treated
            and (clock is None or at == current.treatment_time)
        ):
            return current  # nothing changes: no write, no disk sync
        db = self.db
        with self.transaction():
            row = db.execute(
                "SELECT id, treatment_date, treatment_time FROM treatments WHERE treatment_date = ? "
                "ORDER BY id DESC LIMIT 1",
                (treated.isoformat(),),
            ).fetchone()
            if row is None:
                cursor = db.execute(
                    "INSERT INTO treatments (treatment_date, treatment_time, created_at) VALUES (?, ?, ?)",
                    (treated.isoformat(), clock, _stamp()),
                )
                row = (cursor.lastrowid, treated.isoformat(), clock)
            elif clock and clock != row[2]:
                db.execute("UPDATE treatments SET treatment_time = ? WHERE id = ?", (clock, row[0]))
                row = (row[0], row[1], clock)
            db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('current_treatment', ?)", (str(row[0]),))
        return _treatment(row)

    def identity(self, proposed: str | None = None) -> str:
        """A random UUID made once for this journal and kept in it; exports derive their ids from it.
        `proposed`: the one to keep when there is none yet (what `identity_made` gave before the export was written)."""
        rows = self._read("SELECT value FROM state WHERE key = 'journal_uuid'")
        if rows:
            return str(rows[0][0])
        import uuid

        db = self.db

        with self.transaction():  # two exports at once agree on the first one written
            db.execute(
                "INSERT OR IGNORE INTO state (key, value) VALUES ('journal_uuid', ?)", (proposed or str(uuid.uuid4()),)
            )
            value = db.execute("SELECT value FROM state WHERE key = 'journal_uuid'").fetchone()[0]
        return str(value)

    def identity_made(self) -> tuple[str, bool]:
        """The journal's UUID without writing it: (uuid, whether it is already kept). A new one is kept by
        `identity(proposed)` once the export that uses it has been written, so a failed export changes nothing."""
        rows = self._read("SELECT value FROM state WHERE key = 'journal_uuid'")
        if rows:
            return str(rows[0][0]), True
        import uuid

        return str(uuid.uuid4()), False

    def treatments(self) -> list[Treatment]:
        rows = self._read("SELECT id, treatment_date, treatment_time FROM treatments ORDER BY treatment_date, id")
        return [self._treatment(row) for row in rows]

    # --- check-ins ---------------------------------------------------------

    def latest_scores(
        self, treatment: Treatment, on: date, keys: Iterable[str], before_id: int = _NO_ID
    ) -> dict[str, tuple[date, int]]:
        """For each scale in `keys` that has one, its latest recorded value on or before `on` and the day it
        was recorded; call inside a transaction. A check-in that did not record a score is passed over.
        `before_id`: on the day `on` itself, only check-ins saved before that one count (re-judging it)."""
        found: dict[str, tuple[date, int]] = {}
        for key in keys:
            # The latest check-ins first (the usual case: the score was given at the last one or close), at most
            # _RECENT of them; then, if none of those answered it, the answered scores of the scale through
            # their index, however few. Neither walks every check-in of a scale never or rarely answered.
            # Named, not numbered (?1): Python 3.12.0-3.12.3 warn that numbered ones with a sequence will fail.
            params = {"treatment": treatment.id, "on": on.isoformat(), "scale": key, "before": before_id}
            row = (
                self.db.execute(_LATEST_RECENT, params).fetchone()
                or self.db.execute(_LATEST_ANSWERED, params).fetchone()
            )
            reading = self._reading(row)
            if reading is not None:
                found[key] = reading
        return found

    def lowest_scores(
        self,
        treatment: Treatment,
        on: date,
        keys: Iterable[str],
        since: date,
        from_day: int = 1,
        before_id: int = _NO_ID,
    ) -> dict[str, tuple[date, int]]:
        """For each scale in `keys`, its lowest value recorded from `since` to `on` (both included) on day
        `from_day` or later, with the day of the latest check-in that recorded it; call inside a transaction."""
        found: dict[str, tuple[date, int]] = {}
        for key in keys:
            row = self.db.execute(
                "SELECT c.id, c.on_date, s.value FROM (SELECT id, on_date FROM checkins WHERE treatment_id = ? "
                "AND on_date BETWEEN ? AND ? AND NOT (on_date = ? AND id >= ?) AND day >= ? "
                f"ORDER BY on_date DESC, id DESC LIMIT {_RECENT}) c "
                "JOIN scores s ON s.checkin_id = c.id AND s.scale = ? WHERE s.value IS NOT NULL "
                "ORDER BY s.value, c.on_date DESC, c.id DESC LIMIT 1",
                (treatment.id, since.isoformat(), on.isoformat(), on.isoformat(), before_id, from_day, key),
            ).fetchone()
            reading = self._reading(row)
            if reading is not None:
                found[key] = reading
        return found

    def _reading(self, row: tuple[object, ...] | None) -> tuple[date, int] | None:
        """(day, score) from a row (check-in id, date, score value); damage is named as such."""
        if row is None:
            return None
        try:
            score, on_date = _score(row[2]), _date(row[1])
        except ValueError:
            raise self._unreadable(row[0]) from None
        return None if score is None else (on_date, score)

    def recent_crusting(self, treatment: Treatment, on: date, count: int, before_id: int = _NO_ID) -> tuple[bool, ...]:
        """The latest `count` crust answers recorded on or before `on`, newest first; call inside a transaction."""
        rows = self.db.execute(
            "SELECT crusting FROM (SELECT id, on_date, crusting FROM checkins WHERE treatment_id = ? AND on_date <= ? "
            f"AND NOT (on_date = ? AND id >= ?) ORDER BY on_date DESC, id DESC LIMIT {_RECENT}) "
            "WHERE crusting IS NOT NULL ORDER BY on_date DESC, id DESC LIMIT ?",
            (treatment.id, on.isoformat(), on.isoformat(), before_id, count),
        ).fetchall()
        return tuple(bool(row[0]) for row in rows)

    def held_before(
        self, treatment: Treatment, on: date, before_id: int = _NO_ID
    ) -> tuple[date, list[dict[str, object]]] | None:
        """The problems the latest check-in on or before `on` left open, as it stored them (None: no check-in,
        or one saved before problems were held). Damage is reported as such."""
        import json

        row = self.db.execute(
            "SELECT id, on_date, held FROM checkins WHERE treatment_id = ? AND on_date <= ? "
            "AND NOT (on_date = ? AND id >= ?) ORDER BY on_date DESC, id DESC LIMIT 1",
            (treatment.id, on.isoformat(), on.isoformat(), before_id),
        ).fetchone()
        if row is None or row[2] is None:
            return None
        try:
            held = json.loads(str(row[2]))
            if not isinstance(held, list) or not all(isinstance(item, dict) for item in held):
                raise _Unreadable(held)
            return date.fromisoformat(str(row[1])), held
        except ValueError:
            raise self._unreadable(row[0]) from None

    def add_checkin(self, treatment: Treatment, entry: NewCheckin) -> int:
        """Insert a check-in; call inside a transaction. Returns its id."""

        cursor = self.db.execute(
            "INSERT INTO checkins (treatment_id, on_date, day, recorded_at, crusting, "
            "symptoms, note, level, action, reasons, protocol, painkillers_relieve, painkillers_taken, held) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                treatment.id,
                entry.on.isoformat(),
                entry.day,
                _stamp(),
                *_entry_values(entry),
            ),
        )
        checkin_id = cursor.lastrowid
        assert checkin_id is not None
        self.db.executemany(
            "INSERT INTO scores (checkin_id, scale, position, value) VALUES (?, ?, ?, ?)",
            [(checkin_id, key, position, value) for position, (key, value) in enumerate(entry.scores.items())],
        )
        if entry.definitions:
            self._keep_definitions(checkin_id, entry.definitions)
        return checkin_id

    def checkins(self, treatment: Treatment | None = None) -> list[CheckinRow]:
        """Check-ins in order of day and entry, of one treatment or of all."""
        where, params = ("WHERE c.treatment_id = ?", (treatment.id,)) if treatment else ("", ())
        rows = self._read(
            f"SELECT {_CHECKIN_COLUMNS} FROM checkins c JOIN treatments t ON t.id = c.treatment_id {where} "
            "ORDER BY t.treatment_date, t.id, c.on_date, c.id",
            params,
        )
        return [self._checkin(row) for row in rows]

    def _checkin(self, row: tuple[object, ...]) -> CheckinRow:
        """The check-in stored in `row`; a value lipcare never writes in it is named as damage, not a crash."""
        try:
            found = _checkin(row[:16])
            if len(row) > 16 and row[16]:  # the definition of each scale, as it was when the score was saved
                known = self._definitions()
                found = found._replace(
                    definitions={
                        key: known[int(number)] for key, number in (item.split("=") for item in str(row[16]).split(","))
                    }
                )
        except _OutOfRange:  # a date or day changed by hand (a day of 10^10, 9999-12-31)
            raise damaged(
                self.path, Message("check-in {id} holds a value lipcare does not write", id=inert(str(row[0])))
            ) from None
        except (ValueError, KeyError):  # _Unreadable, and a date, a number or JSON changed by hand
            raise self._unreadable(row[0]) from None
        amended = self._amended().get(found.id)
        return found._replace(amendments=amended) if amended else found

    # --- scale definitions ---------------------------------------------------

    _definitions_cache: "dict[int, ScaleDefinition] | None" = None

    def _definitions(self) -> dict[int, ScaleDefinition]:
        """Every scale definition kept, by id (a handful: read once per journal opened)."""
        import json

        if self._definitions_cache is None:
            found = {}
            for id_, name, low, high, labels in self._read("SELECT id, name, min, max, labels FROM scale_definitions"):
                words = json.loads(str(labels))
                if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
                    raise _Unreadable(labels)
                found[int(str(id_))] = ScaleDefinition(str(name), int(str(low)), int(str(high)), tuple(words))
            self._definitions_cache = found
        return self._definitions_cache

    def _definition_ids(self, definitions: dict[str, ScaleDefinition]) -> dict[str, int]:
        """The id of each definition, kept once each; call inside a transaction."""
        import json

        ids = {}
        for key, item in definitions.items():
            labels = json.dumps(list(item.labels), ensure_ascii=False)
            values = (key, item.name, item.min, item.max, labels)
            self.db.execute(
                "INSERT OR IGNORE INTO scale_definitions (scale, name, min, max, labels) VALUES (?, ?, ?, ?, ?)", values
            )
            row = self.db.execute(
                "SELECT id FROM scale_definitions WHERE scale = ? AND name = ? AND min = ? AND max = ? AND labels = ?",
                values,
            ).fetchone()
            ids[key] = int(row[0])
        self._definitions_cache = None
        return ids

    def _keep_definitions(self, checkin_id: int, definitions: dict[str, ScaleDefinition]) -> None:
        for key, number in self._definition_ids(definitions).items():
            self.db.execute(
                "UPDATE scores SET definition = ? WHERE checkin_id = ? AND scale = ?", (number, checkin_id, key)
            )

    def fill_definitions(self, definitions: dict[str, ScaleDefinition]) -> None:
        """Give the scores saved without a definition (a clinic's own scale, before 0007) the one in force;
        call inside a transaction. Quick when there are none."""
        missing = {
            str(row[0])
            for row in self.db.execute("SELECT DISTINCT scale FROM scores WHERE definition IS NULL LIMIT 100")
        }
        wanted = {key: item for key, item in definitions.items() if key in missing}
        for key, number in self._definition_ids(wanted).items():
            self.db.execute("UPDATE scores SET definition = ? WHERE scale = ? AND definition IS NULL", (number, key))

    # --- corrections and removals -------------------------------------------

    _amended_cache: "dict[int, tuple[Amendment, ...]] | None" = None

    def _amended(self) -> dict[int, tuple[Amendment, ...]]:
        """Every check-in's amendments (few: read once per journal opened, again after a change)."""
        if self._amended_cache is None:
            self._amended_cache = {}
            for item in self._amendment_rows("kind <> 'removed'", ()):
                self._amended_cache[item.checkin_id] = (*self._amended_cache.get(item.checkin_id, ()), item)
        return self._amended_cache

    def _amendment_rows(self, where: str, params: tuple[object, ...]) -> list[Amendment]:
        import json

        rows = self._read(
            "SELECT id, kind, checkin_id, amended_on, level_was, action_was, caused_by, original, treatment_id FROM ("
            "SELECT id, kind, checkin_id, treatment_id, amended_on, json_extract(original, '$.level') AS level_was, "
            "json_extract(original, '$.action') AS action_was, caused_by, original FROM amendments) "
            f"WHERE {where} ORDER BY id",
            params,
        )
        found = []
        for id_, kind, checkin_id, amended_on, level, action, caused_by, original, treatment_id in rows:
            try:
                data = json.loads(str(original))
                if not isinstance(data, dict):
                    raise _Unreadable(data)
                found.append(
                    Amendment(
                        str(kind),
                        int(str(checkin_id)),
                        date.fromisoformat(str(amended_on)),
                        str(level),
                        str(action),
                        int(str(caused_by)) if caused_by is not None else None,
                        data,
                        int(str(treatment_id)),
                    )
                )
            except ValueError:
                raise damaged(
                    self.path, Message("the record of change {id} is not as lipcare writes it", id=inert(str(id_)))
                ) from None
        return found

    def removed_checkins(self, treatment: Treatment | None = None) -> list[Amendment]:
        """The check-ins removed, of one treatment or of all, in the order they were removed."""
        if treatment is None:
            return self._amendment_rows("kind = 'removed'", ())
        return self._amendment_rows("kind = 'removed' AND treatment_id = ?", (treatment.id,))

    def latest_alert(self, treatment: Treatment) -> CheckinRow | None:
        """The latest check-in of `treatment` that said to contact the physician (urgent or contact), if any."""
        rows = self._read(
            f"SELECT {_CHECKIN_COLUMNS} FROM checkins c JOIN treatments t ON t.id = c.treatment_id "
            "WHERE c.treatment_id = ? AND c.level IN ('urgent', 'contact') ORDER BY c.on_date DESC, c.id DESC LIMIT 1",
            (treatment.id,),
        )
        return self._checkin(rows[0]) if rows else None

    def checkin_by_id(self, checkin_id: int) -> CheckinRow | None:
        """One check-in by its id (None: there is none); inside a transaction too."""
        rows = self._read(
            f"SELECT {_CHECKIN_COLUMNS} FROM checkins c JOIN treatments t ON t.id = c.treatment_id WHERE c.id = ?",
            (checkin_id,),
        )
        return self._checkin(rows[0]) if rows else None

    def treatment_of(self, checkin: CheckinRow) -> Treatment:
        rows = self._read(
            "SELECT id, treatment_date, treatment_time FROM treatments WHERE id = ?", (checkin.treatment_id,)
        )
        return _treatment(rows[0])

    def held_of(self, checkin_id: int) -> list[dict[str, object]] | None:
        """The open problems a check-in stored (None: saved before problems were held); call inside a transaction."""
        import json

        row = self.db.execute("SELECT held FROM checkins WHERE id = ?", (checkin_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        try:
            held = json.loads(str(row[0]))
            if not isinstance(held, list) or not all(isinstance(item, dict) for item in held):
                raise _Unreadable(held)
        except ValueError:
            raise self._unreadable(checkin_id) from None
        return held

    def checkin_ids_from(self, treatment: Treatment, on: date) -> list[tuple[int, date]]:
        """(id, day) of every check-in of `treatment` on or after `on`, in the order they are judged."""
        rows = self.db.execute(
            "SELECT id, on_date FROM checkins WHERE treatment_id = ? AND on_date >= ? ORDER BY on_date, id",
            (treatment.id, on.isoformat()),
        ).fetchall()
        return [(int(row[0]), date.fromisoformat(str(row[1]))) for row in rows]

    def replace_checkin(self, checkin_id: int, entry: NewCheckin) -> None:
        """Store new answers and judgement for a check-in, keeping its id, treatment, photos and time of entry;
        call inside a transaction."""

        self.db.execute(
            "UPDATE checkins SET on_date = ?, day = ?, crusting = ?, symptoms = ?, note = ?, level = ?, action = ?, "
            "reasons = ?, protocol = ?, painkillers_relieve = ?, painkillers_taken = ?, held = ? WHERE id = ?",
            (
                entry.on.isoformat(),
                entry.day,
                *_entry_values(entry),
                checkin_id,
            ),
        )
        # A score that keeps its value keeps the definition it was saved with; a changed one takes today's.
        before = {
            str(row[0]): (row[1], row[2])
            for row in self.db.execute(
                "SELECT scale, value, definition FROM scores WHERE checkin_id = ?", (checkin_id,)
            )
        }
        self.db.execute("DELETE FROM scores WHERE checkin_id = ?", (checkin_id,))
        self.db.executemany(
            "INSERT INTO scores (checkin_id, scale, position, value, definition) VALUES (?, ?, ?, ?, ?)",
            [
                (checkin_id, key, position, value, before[key][1] if before.get(key, (None,))[0] == value else None)
                for position, (key, value) in enumerate(entry.scores.items())
            ],
        )
        changed = {
            key: item
            for key, item in entry.definitions.items()
            if key in entry.scores and (before.get(key, (None, None))[1] is None or before[key][0] != entry.scores[key])
        }
        if changed:
            self._keep_definitions(checkin_id, changed)
        self.db.execute(
            "UPDATE photos SET on_date = ?, day = ? WHERE checkin_id = ?", (entry.on.isoformat(), entry.day, checkin_id)
        )

    def delete_checkin(self, checkin_id: int) -> list[str]:
        """Delete a check-in, its scores and its photos' rows; call inside a transaction. Returns the hashes of its
        photos (their files go once nothing else refers to them)."""
        hashes = [
            str(row[0]) for row in self.db.execute("SELECT sha256 FROM photos WHERE checkin_id = ?", (checkin_id,))
        ]
        self.db.execute("DELETE FROM photos WHERE checkin_id = ?", (checkin_id,))
        self.db.execute("DELETE FROM scores WHERE checkin_id = ?", (checkin_id,))
        self.db.execute("DELETE FROM checkins WHERE id = ?", (checkin_id,))
        return hashes

    def add_amendment(
        self, checkin: CheckinRow, kind: str, on: date, original: dict[str, object], caused_by: int | None = None
    ) -> None:
        """Keep what a check-in was before it was corrected, removed or re-judged; call inside a transaction."""
        import json

        self.db.execute(
            "INSERT INTO amendments (checkin_id, treatment_id, kind, amended_on, amended_at, caused_by, original) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                checkin.id,
                checkin.treatment_id,
                kind,
                on.isoformat(),
                _stamp(),
                caused_by,
                json.dumps(original, ensure_ascii=False),
            ),
        )
        self._amended_cache = None

    def _treatment(self, row: tuple[object, ...]) -> Treatment:
        try:
            return _treatment(row)
        except ValueError:  # a date changed by hand, such as 9999-12-31
            raise damaged(
                self.path, Message("treatment {id} holds a value lipcare does not write", id=inert(str(row[0])))
            ) from None

    def _photo(self, row: tuple[object, ...]) -> PhotoRow:
        try:
            return _photo(row)
        except ValueError:  # a hash that is not one (it names the photo's file), a date or day changed by hand
            raise damaged(
                self.path, Message("photo {id} holds a value lipcare does not write", id=inert(str(row[0])))
            ) from None

    def _unreadable(self, checkin_id: object) -> JournalError:
        return damaged(
            self.path, Message("check-in {id} holds a score lipcare does not write", id=inert(str(checkin_id)))
        )

    def count_checkins(self, treatment: Treatment) -> int:
        """How many check-ins `treatment` has (counted through the index, without reading them)."""
        rows = self._read("SELECT COUNT(*) FROM checkins WHERE treatment_id = ?", (treatment.id,))
        return int(str(rows[0][0]))

    def latest_level(self, treatment: Treatment) -> tuple[date, str, str] | None:
        """The day, level and action of the latest check-in of `treatment` (one row through the index)."""
        rows = self._read(
            "SELECT on_date, level, action FROM checkins WHERE treatment_id = ? ORDER BY on_date DESC, id DESC LIMIT 1",
            (treatment.id,),
        )
        if not rows:
            return None
        return date.fromisoformat(str(rows[0][0])), str(rows[0][1]), str(rows[0][2])

    def latest_checkins(self, treatment: Treatment, limit: int | None) -> list[CheckinRow]:
        """The last `limit` check-ins of `treatment` (all with None), oldest first, as `checkins` orders them."""
        if limit is None:
            return self.checkins(treatment)
        rows = self._read(
            f"SELECT {_CHECKIN_COLUMNS} FROM checkins c JOIN treatments t ON t.id = c.treatment_id "
            "WHERE c.treatment_id = ? ORDER BY c.on_date DESC, c.id DESC LIMIT ?",
            (treatment.id, max(limit, 0)),
        )
        return [self._checkin(row) for row in reversed(rows)]

    def iter_checkins(self, treatment: Treatment | None = None, batch: int = 1000) -> Iterator[CheckinRow]:
        """Like `checkins`, read from the database a batch at a time, so any number costs little memory."""
        where, params = ("WHERE c.treatment_id = ?", (treatment.id,)) if treatment else ("", ())
        try:
            cursor = self.db.execute(
                f"SELECT {_CHECKIN_COLUMNS} FROM checkins c JOIN treatments t ON t.id = c.treatment_id {where} "
                "ORDER BY t.treatment_date, t.id, c.on_date, c.id",
                params,
            )
            while rows := cursor.fetchmany(batch):
                yield from (self._checkin(row) for row in rows)
        except sqlite3.Error as error:
            raise describe_error(self.path, error) from None

    def day_values(self, treatment: Treatment, scale: str) -> list[tuple[int, int | None]]:
        """(day, score of `scale`) for each day of `treatment` with a recorded score, in order: the score of the
        day's last check-in that recorded one, as a chart draws it (lipcare.chart), aggregated in SQL so that
        100,000 check-ins return one row a day."""
        # SQLite takes a bare column (s.value) from the row that gave max(): the day's last recorded score.
        rows = self._read(
            "SELECT max(c.id), c.day, s.value FROM checkins c JOIN scores s "
            "ON s.checkin_id = c.id AND s.scale = ? AND s.value IS NOT NULL "
            "WHERE c.treatment_id = ? GROUP BY c.day ORDER BY c.day",
            (scale, treatment.id),
        )
        try:
            return [(_day(day), _score(value)) for _id, day, value in rows]
        except ValueError:
            bad = next(id_ for id_, day, value in rows if not _readable(day, value))
            raise self._unreadable(bad) from None

    def scale_keys(self) -> list[str]:
        """Every scale any check-in has a score row for, in the order they were asked. Every score row is checked
        first, so an export that streams the check-ins stops before it writes anything, not halfway."""
        damage = self._read(
            "SELECT checkin_id FROM scores WHERE NOT (typeof(position) = 'integer' AND scale <> '' AND scale NOT GLOB "
            "'*[^a-z0-9-]*' AND scale NOT GLOB '-*' AND scale NOT GLOB '*-' AND scale NOT GLOB '*--*' "
            f"AND (value IS NULL OR (typeof(value) = 'integer' AND value BETWEEN 0 AND {MAX_SCORE})) "
            f"AND scale NOT IN ({', '.join('?' * len(RESERVED_SCALE_KEYS))})) LIMIT 1",
            tuple(sorted(RESERVED_SCALE_KEYS)),
        )
        if damage:
            raise self._unreadable(damage[0][0])
        rows = self._read("SELECT scale FROM scores GROUP BY scale ORDER BY min(position), scale")
        return [str(row[0]) for row in rows]

    def counts(self) -> tuple[int, int]:
        """(treatments, check-ins) in the journal."""
        rows = self._read("SELECT (SELECT COUNT(*) FROM treatments), (SELECT COUNT(*) FROM checkins)")
        return int(str(rows[0][0])), int(str(rows[0][1]))

    # --- photos ------------------------------------------------------------

    def add_photo(self, checkin_id: int, photo: NewPhoto) -> None:
        """Record a kept photo with check-in `checkin_id` (once); call inside a transaction."""
        self.db.execute(
            "INSERT OR IGNORE INTO photos (checkin_id, sha256, bytes, width, height, on_date, day, added_at) "
            "SELECT id, ?, ?, ?, ?, on_date, day, ? FROM checkins WHERE id = ?",
            (photo.sha256, photo.bytes, photo.width, photo.height, _stamp(), checkin_id),
        )

    def photos_of(self, checkin_id: int) -> list[PhotoRow]:
        """The photos of one check-in, in the order they were added; call inside a transaction."""
        rows = self.db.execute(
            f"SELECT {_PHOTO_COLUMNS} FROM photos p WHERE p.checkin_id = ? ORDER BY p.id", (checkin_id,)
        ).fetchall()
        return [self._photo(row) for row in rows]

    def checkin_on(self, treatment_id: int, on: str) -> int | None:
        """The id of the latest check-in of a treatment on day `on` (YYYY-MM-DD); call inside a transaction."""
        row = self.db.execute(
            "SELECT id FROM checkins WHERE treatment_id = ? AND on_date = ? ORDER BY id DESC LIMIT 1",
            (treatment_id, on),
        ).fetchone()
        return int(row[0]) if row else None

    def photos(self, treatment: Treatment | None = None) -> list[PhotoRow]:
        """Photos in order of day and entry, of one treatment's check-ins or of all."""
        where, params = ("WHERE c.treatment_id = ?", (treatment.id,)) if treatment else ("", ())
        rows = self._read(
            f"SELECT {_PHOTO_COLUMNS} FROM photos p JOIN checkins c ON c.id = p.checkin_id {where} "
            "ORDER BY p.on_date, p.checkin_id, p.id",
            params,
        )
        return [self._photo(row) for row in rows]

    def photo_hashes(self) -> set[str]:
        """Every photo hash a row references (inside a transaction too)."""
        return {str(row[0]) for row in self._read("SELECT DISTINCT sha256 FROM photos")}

    def photos_starting(self, prefix: str) -> list[PhotoRow]:
        """Photos whose hash starts with `prefix` (lowercase hex); call inside a transaction."""
        rows = self.db.execute(
            f"SELECT {_PHOTO_COLUMNS} FROM photos p WHERE substr(p.sha256, 1, ?) = ? ORDER BY p.id",
            (len(prefix), prefix),
        ).fetchall()
        return [self._photo(row) for row in rows]

    def delete_photos(self, sha256: str) -> None:
        """Forget every record of the photo with this hash; call inside a transaction."""
        self.db.execute("DELETE FROM photos WHERE sha256 = ?", (sha256,))

    # --- appointments --------------------------------------------------------

    def appointments(self) -> list[AppointmentRow]:
        """Every appointment, in order of date and time (a day's appointment without a time first)."""
        try:
            rows = self.db.execute(
                "SELECT id, on_date, at_time, note, place FROM appointments ORDER BY on_date, ifnull(at_time, ''), id"
            ).fetchall()
        except sqlite3.OperationalError as error:
            if str(error) == "no such table: appointments" and self._read("PRAGMA query_only")[0][0]:
                return []  # a journal from before 0009 read on a read-only disk, not migrated: it has none
            raise describe_error(self.path, error) from None
        except sqlite3.Error as error:
            raise describe_error(self.path, error) from None
        return [self._appointment(row) for row in rows]

    def add_appointment(self, on: date, at: time | None, note: str, place: str) -> AppointmentRow | None:
        """Keep a new appointment; None when one is already kept at that date and time (nothing is written)."""
        with self.transaction():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO appointments (on_date, at_time, note, place, created_at) VALUES (?, ?, ?, ?, ?)",
                (on.isoformat(), at.strftime("%H:%M") if at else None, note, place, _stamp()),
            )
            if cursor.rowcount == 0:
                return None
            return AppointmentRow(int(str(cursor.lastrowid)), on, at, note, place)

    def delete_appointment(self, appointment_id: int) -> None:
        """Forget one appointment; call inside a transaction."""
        self.db.execute("DELETE FROM appointments WHERE id = ?", (appointment_id,))

    def _appointment(self, row: tuple[object, ...]) -> AppointmentRow:
        id_, on, at, note, place = row
        try:
            if at is not None and not (isinstance(at, str) and re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", at)):
                raise _Unreadable(at)
            if not isinstance(note, str) or not isinstance(place, str):
                raise _Unreadable(note)
            return AppointmentRow(int(str(id_)), _date(on), time.fromisoformat(at) if at else None, note, place)
        except ValueError:
            raise damaged(
                self.path, Message("appointment {id} holds a value lipcare does not write", id=inert(str(id_)))
            ) from None

    # --- medicines and doses ------------------------------------------------------

    def medicines(self, treatment: Treatment) -> list[MedicineRow]:
        """The patient's medicines of `treatment`, in the order they were added."""
        rows = self._read_new(
            "SELECT id, treatment_id, key, name, purpose, dose, first_day, last_day, times, adjusts "
            "FROM medicines WHERE treatment_id = ? ORDER BY id",
            (treatment.id,),
        )
        return [self._medicine(row) for row in rows]

    def _read_new(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        """Rows of a table a journal from before its migration does not have (a read-only one is read without
        migrating): none."""
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as error:
            if str(error).startswith("no such table"):
                return []
            raise describe_error(self.path, error) from None
        except sqlite3.Error as error:
            raise describe_error(self.path, error) from None

    def _medicine(self, row: tuple[object, ...]) -> MedicineRow:
        id_, treatment_id, key, name, purpose, dose, first, last, times, adjusts = row
        try:
            if not all(isinstance(value, str) for value in (key, name, purpose, dose, times)):
                raise ValueError(key)
            if not all(type(value) is int and -1000 <= value <= MAX_DAY for value in (first, last)):
                raise ValueError(first)
            at = tuple(time.fromisoformat(part) for part in str(times).split(","))
            return MedicineRow(
                _day(id_),
                _day(treatment_id),
                str(key),
                str(name),
                str(purpose),
                str(dose),
                int(str(first)),
                int(str(last)),
                at,
                bool(adjusts),
            )
        except (ValueError, TypeError, _Unreadable):
            raise damaged(
                self.path, Message("medicine {id} holds a value lipcare does not write", id=inert(str(id_)))
            ) from None

    def add_medicine(self, treatment: Treatment, medicine: MedicineRow) -> int:
        """Keep `medicine` for `treatment`; its key must not be kept for it already (the caller checks)."""
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO medicines (treatment_id, key, name, purpose, dose, first_day, last_day, times, adjusts, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    treatment.id,
                    medicine.key,
                    medicine.name,
                    medicine.purpose,
                    medicine.dose,
                    medicine.first_day,
                    medicine.last_day,
                    ",".join(at.strftime("%H:%M") for at in medicine.times),
                    int(medicine.adjusts),
                    _stamp(),
                ),
            )
        return int(cursor.lastrowid or 0)

    def remove_medicine(self, medicine_id: int) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM medicines WHERE id = ?", (medicine_id,))

    def record_doses(self, treatment: Treatment, on: date, statuses: dict[str, str]) -> None:
        """Keep whether each medicine's doses on `on` were taken (`statuses`: key to 'taken', 'missed', 'some'),
        replacing what an earlier check-in of the day recorded for it."""
        with self.transaction():
            for key, status in statuses.items():
                self.db.execute(
                    "INSERT OR REPLACE INTO doses (treatment_id, on_date, medicine, status, recorded_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (treatment.id, on.isoformat(), key, status, _stamp()),
                )

    def doses(self, treatment: Treatment) -> list[DoseRecord]:
        """What the check-ins of `treatment` recorded about doses, by day then medicine."""
        rows = self._read_new(
            "SELECT on_date, medicine, status FROM doses WHERE treatment_id = ? ORDER BY on_date, medicine",
            (treatment.id,),
        )
        found = []
        for on, medicine, status in rows:
            try:
                if status not in ("taken", "missed", "some") or not isinstance(medicine, str):
                    raise ValueError(status)
                found.append(DoseRecord(_date(on), medicine, str(status)))
            except (ValueError, _Unreadable):
                raise damaged(self.path, Message("a dose record holds a value lipcare does not write")) from None
        return found


def journal_files(path: Path) -> list[Path]:
    """The journal and the companion files SQLite keeps beside it."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


CREATING = (".journal-", ".creating")
"""The prefix and suffix of the temporary name a new journal is made under (Journal._create)."""


def leftovers(folder: Path) -> list[Path]:
    """What a journal's creation can leave in `folder` when lipcare is killed: the temporary name (a second
    name of the journal, once it has been linked into place) and SQLite's files beside it."""
    prefix, suffix = CREATING
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return []
    return sorted(
        folder / name
        for name in names
        if name.startswith(prefix) and name.partition(suffix)[1] and name.partition(suffix)[2] in _COMPANIONS
    )


_COMPANIONS = ("", "-wal", "-shm", "-journal")


def clean_leftovers(path: Path) -> None:
    """Remove what an interrupted creation left beside the journal at `path`: a temporary name that is
    another name of the journal (a kill between linking it into place and removing it), or any older than a
    minute (another lipcare may be creating one right now). Best effort: a read-only disk keeps them."""
    import stat
    import time

    try:
        journal = path.lstat()
    except OSError:
        journal = None
    for leftover in leftovers(path.parent):
        try:
            info = leftover.lstat()
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
            same = journal is not None and (info.st_dev, info.st_ino) == (journal.st_dev, journal.st_ino)
            if same or time.time() - info.st_mtime > 60:
                leftover.unlink()
        except OSError:
            continue


def _stamp() -> str:
    """When a row is written (created_at, added_at, applied_at), from lipcare.clock: the clock tests fix."""
    return clock.moment().isoformat(timespec="seconds")
