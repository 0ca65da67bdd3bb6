from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import date, time
from pathlib import Path

import pytest
from conftest import TODAY, answers_of

from lipcare import journal as journal_module
from lipcare.checkin import record_checkin
from lipcare.errors import JournalError
from lipcare.journal import APPLICATION_ID, MIGRATIONS, Journal
from lipcare.protocol import load_protocol

PROTOCOL = load_protocol()


def open_new(path: Path) -> Journal:
    journal = Journal.open(path)
    return journal


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "home" / "journal.sqlite3"
    with open_new(path) as journal:
        treatment = journal.remember_treatment(date(2026, 11, 1), time(14, 0))
        first = record_checkin(
            journal, PROTOCOL, treatment, date(2026, 11, 3), TODAY, answers_of(2, 1, 4, True, ("fever",), "hot; tired")
        )
        second = record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 3), TODAY, answers_of(1))
    with open_new(path) as journal:
        assert journal.current_treatment() == treatment
        rows = journal.checkins(treatment)
    assert [row.id for row in rows] == [first.id, second.id]
    row = rows[0]
    assert (row.on, row.day, row.score("redness"), row.score("swelling"), row.score("pain"), row.crusting) == (
        date(2026, 11, 3),
        2,
        2,
        1,
        4,
        True,
    )
    assert (row.symptoms, row.note, row.level) == (("fever",), "hot; tired", "urgent")
    assert row.reasons == tuple(reason.text for reason in first.advice.reasons)
    assert row.protocol == "lipcare-default@1.0"
    assert treatment.treatment_time == time(14, 0)


def test_a_question_not_asked_is_stored_as_unknown(tmp_path: Path) -> None:
    with open_new(tmp_path / "j.sqlite3") as journal:
        treatment = journal.remember_treatment(date(2026, 11, 1), None)
        record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 3), TODAY, answers_of(2, symptoms=("fever",)))
        record_checkin(
            journal,
            PROTOCOL,
            treatment,
            date(2026, 11, 4),
            TODAY,
            answers_of(1, 0, 9, False, painkillers_relieve=False),
        )
        unknown, answered = journal.checkins(treatment)
    assert (unknown.score("redness"), unknown.score("swelling"), unknown.score("pain"), unknown.crusting) == (
        2,
        None,
        None,
        None,
    )
    assert unknown.painkillers_relieve is None
    assert (answered.score("pain"), answered.crusting, answered.painkillers_relieve) == (9, False, False)


def test_earlier_scores_are_the_latest_recorded_ones(tmp_path: Path) -> None:
    with open_new(tmp_path / "j.sqlite3") as journal:
        treatment = journal.remember_treatment(date(2026, 11, 1), None)
        record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 4), TODAY, answers_of(1, 1, 3))
        record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 5), TODAY, answers_of(2))  # swelling, pain unknown
        # pain 3 on day 3, nothing on day 4, 5 on day 5: a rise of 2 from the last pain recorded
        worse = record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 6), TODAY, answers_of(2, 1, 5, False))
        with journal.transaction():
            latest = journal.latest_scores(treatment, date(2026, 11, 5), ("redness", "swelling", "pain"))
    assert latest == {
        "redness": (date(2026, 11, 5), 2),
        "swelling": (date(2026, 11, 4), 1),
        "pain": (date(2026, 11, 4), 3),
    }
    assert worse.advice.level == "urgent"
    assert any("higher than 3/10 on 2026-11-04" in reason.text for reason in worse.advice.reasons)


OLD_CHECKINS = [
    # id, on_date, day, redness, swelling, pain, crusting, symptoms, note, level
    (1, "2026-11-02", 1, 3, 2, 5, 1, '["fever"]', "first night", "urgent"),
    (2, "2026-11-03", 2, 2, 0, 0, 0, "[]", "", "expected"),
    (3, "2026-11-12", 11, 0, 0, 0, 0, "[]", "kein Schmerz · ça va", "expected"),
]


def make_0001_journal(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal exactly as lipcare wrote it before 0002: only the first migration, rows by raw SQL."""
    with monkeypatch.context() as patch:
        patch.setattr(journal_module, "MIGRATIONS", MIGRATIONS[:1])
        open_new(path).close()
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO treatments (id, treatment_date, treatment_time, created_at) "
        "VALUES (1, '2026-11-01', '14:00', '2026-11-01T15:00:00+00:00')"
    )
    for id_, on, day, redness, swelling, pain, crusting, symptoms, note, level in OLD_CHECKINS:
        db.execute(
            "INSERT INTO checkins (id, treatment_id, on_date, day, recorded_at, redness, swelling, pain, crusting, "
            "symptoms, note, level, action, reasons, protocol) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                id_,
                on,
                day,
                f"{on}T19:00:00+00:00",
                redness,
                swelling,
                pain,
                crusting,
                symptoms,
                note,
                level,
                level,
                '["a reason"]',
                "lipcare-default@1.0",
            ),
        )
    db.commit()
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    db.close()


def test_migrations_keep_every_existing_checkin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite3"
    make_0001_journal(path, monkeypatch)
    with open_new(path) as journal:
        (treatment,) = journal.treatments()
        rows = journal.checkins(treatment)
        # and the migrated journal takes a check-in with questions not asked
        record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 13), TODAY, answers_of(1))
    assert [
        (
            row.id,
            row.on.isoformat(),
            row.day,
            row.score("redness"),
            row.score("swelling"),
            row.score("pain"),
            int(bool(row.crusting)),
            list(row.symptoms),
            row.note,
            row.level,
        )
        for row in rows
    ] == [
        (id_, on, day, redness, swelling, pain, crusting, json.loads(symptoms), note, level)
        for id_, on, day, redness, swelling, pain, crusting, symptoms, note, level in OLD_CHECKINS
    ]
    assert all(row.painkillers_relieve is None and row.reasons == ("a reason",) for row in rows)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [row[0] for row in db.execute("SELECT name FROM migrations ORDER BY name")] == [
        "0001_initial",
        "0002_unknown_answers",
        "0003_photos",
        "0004_scores",
        "0005_held_problems",
        "0006_amendments",
        "0007_scale_definitions",
        "0008_scores_answered",
        "0009_appointments",
        "0010_reasons_kept",
        "0011_medicines",
    ]
    # 0010: the reasons kept as text only are kept as they were, to be shown as recorded
    kept = [row[0] for row in db.execute("SELECT reasons FROM checkins WHERE id <= 3 ORDER BY id")]
    assert kept == ['[{"text": "a reason"}]'] * 3
    columns = {row[1]: row[3] for row in db.execute("PRAGMA table_info(checkins)")}  # name -> NOT NULL
    assert not {"redness", "swelling", "pain"} & set(columns)  # moved to `scores`, one row per scale
    assert columns["crusting"] == 0 and columns["painkillers_relieve"] == 0 and columns["note"] == 1
    scores = db.execute("SELECT checkin_id, scale, value FROM scores ORDER BY checkin_id, position").fetchall()
    assert scores == [
        *(
            (id_, scale, value)
            for id_, _on, _day, *values, _c, _s, _n, _l in OLD_CHECKINS
            for scale, value in zip(("redness", "swelling", "pain"), values, strict=True)
        ),
        (4, "redness", 1),
        (4, "swelling", None),
        (4, "pain", None),
    ]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert "checkins_by_treatment" in [row[1] for row in db.execute("PRAGMA index_list(checkins)")]
    db.close()


def test_0004_moves_the_scores_and_keeps_every_photo_with_its_checkin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "photos.sqlite3"
    with monkeypatch.context() as patch:
        patch.setattr(journal_module, "MIGRATIONS", MIGRATIONS[:3])  # a journal from the photos release
        open_new(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO treatments VALUES (1, '2026-11-01', NULL, '2026-11-01T15:00:00+00:00')")
    db.execute(
        "INSERT INTO checkins (id, treatment_id, on_date, day, recorded_at, redness, swelling, pain, crusting, "
        "symptoms, note, level, action, reasons, protocol, painkillers_relieve) VALUES "
        "(7, 1, '2026-11-03', 2, 'x', 2, NULL, 8, 1, '[]', '', 'urgent', 'urgent', '[]', 'p', 0)"
    )
    db.execute("INSERT INTO photos VALUES (1, 7, ?, 10, 4, 3, '2026-11-03', 2, 'x')", ("a" * 64,))
    db.commit()
    db.close()
    with open_new(path) as journal:
        (row,) = journal.checkins()
        (photo,) = journal.photos()
    assert (row.id, row.scores, row.crusting, row.painkillers_relieve) == (
        7,
        {"redness": 2, "swelling": None, "pain": 8},
        True,
        False,
    )
    assert row.unanswered  # swelling was not answered
    assert photo.checkin_id == 7
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_failed_0002_leaves_the_old_journal_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite3"
    make_0001_journal(path, monkeypatch)

    def copy_then_fail(db: sqlite3.Connection) -> None:
        journal_module._m0002_unknown_answers(db)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(journal_module, "MIGRATIONS", [MIGRATIONS[0], ("0002_unknown_answers", copy_then_fail)])
    with pytest.raises(JournalError):
        Journal.open(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == len(OLD_CHECKINS)
    assert [row[3] for row in db.execute("PRAGMA table_info(checkins)") if row[1] == "pain"] == [1]  # NOT NULL still
    db.close()


def test_a_new_date_starts_a_new_treatment_and_keeps_the_old(tmp_path: Path) -> None:
    with open_new(tmp_path / "j.sqlite3") as journal:
        first = journal.remember_treatment(date(2025, 3, 1), None)
        record_checkin(journal, PROTOCOL, first, date(2025, 3, 2), TODAY, answers_of(2))
        second = journal.remember_treatment(date(2026, 11, 1), None)
        assert second.id != first.id
        assert journal.current_treatment() == second
        assert journal.checkins(second) == []
        assert len(journal.checkins(first)) == 1
        # giving the first date again returns to that record instead of duplicating it
        assert journal.remember_treatment(date(2025, 3, 1), None).id == first.id
        assert len(journal.treatments()) == 2


def test_rebound_compares_with_the_latest_earlier_checkin_of_the_same_treatment(tmp_path: Path) -> None:
    with open_new(tmp_path / "j.sqlite3") as journal:
        treatment = journal.remember_treatment(date(2026, 11, 1), None)
        record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 10), TODAY, answers_of(1))
        record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 20), TODAY, answers_of(0))
        # a forgotten day filled in later is compared with the day before it, not with the newest entry
        backfilled = record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 12), TODAY, answers_of(1))
        assert backfilled.advice.level == "expected"
        worse = record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 21), TODAY, answers_of(1))
        assert worse.advice.level == "contact"
        other = journal.remember_treatment(date(2026, 11, 15), None)
        fresh = record_checkin(journal, PROTOCOL, other, date(2026, 11, 24), TODAY, answers_of(1))
        assert fresh.advice.level == "expected"


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_private_permissions_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        path = tmp_path / "new-home" / "journal.sqlite3"
        with open_new(path) as journal:
            journal.remember_treatment(date(2026, 11, 1), None)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".journal")) == []


def test_migrations_are_named_recorded_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    open_new(path).close()
    db = sqlite3.connect(path)
    names = [row[0] for row in db.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_a_new_migration_is_applied_once_to_an_existing_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite3"
    with open_new(path) as journal:
        treatment = journal.remember_treatment(date(2026, 11, 1), None)
        record_checkin(journal, PROTOCOL, treatment, date(2026, 11, 2), TODAY, answers_of(1))
    calls = []

    def add_column(db: sqlite3.Connection) -> None:
        calls.append(1)
        db.execute("ALTER TABLE checkins ADD COLUMN mood TEXT")

    monkeypatch.setattr(journal_module, "MIGRATIONS", [*MIGRATIONS, ("9999_mood", add_column)])
    for _ in range(2):
        with open_new(path) as journal:
            assert len(journal.checkins()) == 1
    assert calls == [1]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 1
    assert "mood" in [row[1] for row in db.execute("PRAGMA table_info(checkins)")]
    db.close()


def test_a_failing_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "j.sqlite3"
    open_new(path).close()

    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE checkins ADD COLUMN mood TEXT")
        db.execute("THIS IS NOT SQL")

    monkeypatch.setattr(journal_module, "MIGRATIONS", [*MIGRATIONS, ("9999_broken", broken)])
    with pytest.raises(JournalError):
        Journal.open(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert "mood" not in [row[1] for row in db.execute("PRAGMA table_info(checkins)")]
    db.close()


def test_opening_does_not_create_when_asked_not_to(tmp_path: Path) -> None:
    assert Journal.open(tmp_path / "none" / "journal.sqlite3", create=False) is None
    assert not (tmp_path / "none").exists()


WORKER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path
    from lipcare.assess import Answers
    from lipcare.checkin import record_checkin
    from lipcare.journal import Journal
    from lipcare.protocol import load_protocol

    path, worker, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    protocol = load_protocol()
    for n in range(count):
        # a new connection each time, as separate lipcare runs would
        with Journal.open(path) as journal:
            treatment = journal.remember_treatment(date(2026, 11, 1), None)
            record_checkin(journal, protocol, treatment, date(2026, 11, 10), date(2026, 11, 24),
                           Answers({"redness": 1}, note=f"{worker}-{n}"))
    """
)


@pytest.mark.slow  # real processes writing at once: CI runs it
def test_concurrent_processes_all_land(tmp_path: Path) -> None:
    path = tmp_path / "home" / "journal.sqlite3"
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(path), str(worker), "25"], stderr=subprocess.PIPE)
        for worker in range(4)
    ]
    errors = [proc.communicate(timeout=120)[1].decode() for proc in workers]
    assert [proc.returncode for proc in workers] == [0, 0, 0, 0], errors
    with open_new(path) as journal:
        notes = sorted(row.note for row in journal.checkins())
        assert len(journal.treatments()) == 1
    assert notes == sorted(f"{w}-{n}" for w in range(4) for n in range(25))
