"""The clinical scenario table (tests/clinical_scenarios.md), run through the real check-in.

Each row is a sequence of check-ins saved in a journal on disk, as `lipcare checkin` saves them; the
advice of the last one must be the row's level and say the row's words. A normal recovery must never be
told to call, at any of its check-ins. The table is the specification a clinician reads; this module only
reads it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from lipcare.assess import Advice, Answers
from lipcare.checkin import record_checkin
from lipcare.journal import Journal
from lipcare.protocol import load_protocol

TABLE = Path(__file__).with_name("clinical_scenarios.md")
PROTOCOL = load_protocol()
TREATED = date(2026, 1, 5)
TODAY = date(2027, 12, 31)
LEVELS = {"immediate", "urgent", "contact", "followed", "expected", "incomplete"}
NORMAL = "expected at every check-in"


class Row:
    def __init__(self, cells: list[str]) -> None:
        self.id, self.what, checkins, self.advice, must = cells
        self.checkins = [parse_checkin(part) for part in checkins.split(";")]
        self.normal = self.advice == NORMAL
        assert self.normal or self.advice in LEVELS, f"{self.id}: unknown advice {self.advice!r}"
        self.must = [words.strip() for words in must.split("|") if words.strip()]


def parse_checkin(text: str) -> tuple[int, Answers]:
    """'day 4: redness 2, pain 6, crusts, no signs' -> (4, Answers)."""
    match = re.fullmatch(r"\s*day (\d+):(.*)", text)
    assert match, f"a check-in starts with 'day N:': {text!r}"
    scores: dict[str, int] = {}
    given: dict[str, object] = {}
    signs: list[str] | None = None
    for answer in (part.strip() for part in match.group(2).split(",")):
        if scale := re.fullmatch(r"(redness|swelling|pain) (\d+)", answer):
            scores[scale.group(1)] = int(scale.group(2))
        elif answer in ("crusts", "no crusts"):
            given["crusting"] = answer == "crusts"
        elif answer == "no signs":
            signs = []
        elif answer.startswith("sign "):
            signs = [*(signs or []), answer.removeprefix("sign ")]
        elif answer == "painkillers help":
            given["painkillers_relieve"] = True
        elif answer == "painkillers no help":
            given["painkillers_relieve"] = False
        elif answer == "painkillers not taken":
            given["painkillers_taken"] = False
        elif answer == "contacted":
            given["contacted"] = True
        elif answer == "note":
            given["note"] = "a note for my physician"
        else:
            raise AssertionError(f"unknown answer {answer!r} in {text!r}")
    symptoms = tuple(signs) if signs is not None else None
    return int(match.group(1)), Answers(scores, symptoms=symptoms, **given)  # type: ignore[arg-type]


def rows() -> list[Row]:
    found = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[A-Z]+\d+", cells[0]):
            found.append(Row(cells))
    return found


ROWS = rows()


def shown_level(advice: Advice) -> str:
    """The level as the table names it."""
    if advice.action == "immediate":
        return "immediate"
    if advice.followed:
        return "followed"
    if advice.level == "expected" and advice.incomplete:
        return "incomplete"
    return advice.level


def said(advice: Advice) -> str:
    return " ".join(reason.text for reason in (*advice.reasons, *advice.notes))


def test_the_table_is_what_the_issue_asks_for() -> None:
    assert len(ROWS) >= 40
    assert len({row.id for row in ROWS}) == len(ROWS), "ids are unique"
    assert sum(row.normal for row in ROWS) >= 10, "normal recoveries are among them"


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_scenario(row: Row, tmp_path: Path) -> None:
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        treatment = journal.remember_treatment(TREATED, None)
        levels = []
        for day, answers in row.checkins:
            on = TREATED + timedelta(days=day)
            advice = record_checkin(journal, PROTOCOL, treatment, on, TODAY, answers).advice
            levels.append(shown_level(advice))
    if row.normal:
        assert set(levels) <= {"expected"}, f"{row.id} {row.what}: a normal recovery was told {levels}"
    else:
        assert levels[-1] == row.advice, f"{row.id} {row.what}: {levels}\n{said(advice)}"
    for words in row.must:
        assert words.lower() in said(advice).lower(), f"{row.id}: {words!r} not in: {said(advice)}"
