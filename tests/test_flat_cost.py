"""Flat cost at any number of check-ins, whatever the answers' pattern (issue 21): the previous-score lookup uses
an index, so a scale never answered does not walk every check-in, and the history chart is aggregated per day in
SQL. bench/history.py times the same cases with 100,000 check-ins; here the SQLite steps are counted."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from lipcare.journal import Journal
from lipcare.paths import JOURNAL_NAME

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from startup import fill_journal


def _steps(journal: Journal, work: object) -> int:
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0

    journal.db.set_progress_handler(count, 100)
    try:
        work()  # type: ignore[operator]
    finally:
        journal.db.set_progress_handler(None, 100)
    return counted[0]


def _previous_score_steps(home: Path) -> int:
    journal = Journal.open(home / JOURNAL_NAME)
    with journal:
        treatment = journal.current_treatment()
        assert treatment is not None
        with journal.transaction():
            return _steps(
                journal, lambda: journal.latest_scores(treatment, date.today(), ["redness", "swelling", "pain"])
            )


@pytest.mark.slow  # a journal of thousands of check-ins built: CI runs it
def test_a_scale_never_answered_does_not_walk_every_checkin(tmp_path: Path) -> None:
    # Found by review: with only redness answered, each check-in walked all 100,000 earlier ones for swelling and
    # pain (2.2 times a fresh journal's time).
    few, many, two_days = tmp_path / "few", tmp_path / "many", tmp_path / "two-days"
    fill_journal(few, 10, 10, answered=("redness",))  # more than the 64 latest check-ins looked at first
    fill_journal(many, 100, 30, answered=("redness",))
    fill_journal(two_days, 2, 1500, answered=("redness",))
    small = _previous_score_steps(few)
    assert _previous_score_steps(many) <= small + 5
    assert _previous_score_steps(two_days) <= small + 5


def test_a_scale_answered_long_ago_is_still_found(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill_journal(home, 3, 1)  # one check-in a day with every scale
    fill_journal(home, 3, 200, answered=("redness",))  # then 600 on the same days with redness only
    journal = Journal.open(home / JOURNAL_NAME)
    with journal:
        treatment = journal.current_treatment()
        assert treatment is not None
        with journal.transaction():
            found = journal.latest_scores(treatment, date.today(), ["redness", "swelling", "pain"])
    assert set(found) == {"redness", "swelling", "pain"} and found["swelling"][1] == 1


@pytest.mark.slow  # a journal of thousands of check-ins built: CI runs it
def test_the_chart_reads_one_row_a_day(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fill_journal(home, 2, 1500, answered=("redness",))
    journal = Journal.open(home / JOURNAL_NAME)
    with journal:
        treatment = journal.current_treatment()
        assert treatment is not None
        values = journal.day_values(treatment, "redness")
        assert values == [(0, 0), (1, 1)]  # fill_journal gives redness day % 4
        assert journal.day_values(treatment, "swelling") == []  # never recorded: nothing to draw
        assert treatment.treatment_date == date.today() - timedelta(days=1)
