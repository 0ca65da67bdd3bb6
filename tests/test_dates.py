from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from conftest import TODAY
from hypothesis import given
from hypothesis import strategies as st

from lipcare.dates import EARLIEST, LATEST, parse_date, parse_time
from lipcare.errors import DateError


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-01", date(2026, 11, 1)),
        ("  2026-11-01 ", date(2026, 11, 1)),
        ("2028-02-29", date(2028, 2, 29)),
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", date(2026, 11, 23)),
        ("tomorrow", date(2026, 11, 25)),
        ("3 days ago", date(2026, 11, 21)),
        ("1 day ago", date(2026, 11, 23)),
        ("0 days ago", TODAY),
        ("2 weeks ago", date(2026, 11, 10)),
        ("in 5 days", date(2026, 11, 29)),
        ("in  1   week", date(2026, 12, 1)),
        ("40 days ago", date(2026, 10, 15)),
    ],
)
def test_accepted_forms(typed: str, expected: date) -> None:
    assert parse_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "2026-02-30",
        "2027-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-11-31",
        "26-11-01",
        "2026/11/01",
        "20261101",
        "2026-W48-1",
        "1.11.2026",
        "",
        "   ",
        "now",
        "last week",
        "-3 days ago",
        "3 days",
        "three days ago",
        "2026-11-01T10:00",
        "1899-12-31",
        "2200-01-01",
        "in 999999 weeks",
        "999999 weeks ago",
    ],
)
def test_everything_else_is_rejected_with_the_accepted_forms(typed: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(typed, TODAY)
    message = str(caught.value)
    assert "\n" not in message
    assert "YYYY-MM-DD" in message or "outside the dates" in message


def test_impossible_date_says_so_instead_of_guessing() -> None:
    with pytest.raises(DateError, match="not a date on the calendar"):
        parse_date("2026-02-30", TODAY)


@given(st.dates(min_value=EARLIEST, max_value=LATEST))
def test_any_iso_date_reads_back_as_itself(day: date) -> None:
    assert parse_date(day.isoformat(), TODAY) == day


@given(st.integers(min_value=0, max_value=30000), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_days_ago_is_calendar_subtraction(n: int, today: date) -> None:
    expected = today - timedelta(days=n)
    if expected < EARLIEST:
        with pytest.raises(DateError):
            parse_date(f"{n} days ago", today)
    else:
        assert parse_date(f"{n} days ago", today) == expected
        assert parse_date(f"in {n} days", expected) == today


@given(st.text(max_size=40))
def test_any_text_is_a_date_or_a_date_error(typed: str) -> None:
    try:
        result = parse_date(typed, TODAY)
    except DateError as error:
        assert "\n" not in str(error)
    else:
        assert EARLIEST <= result <= LATEST


@pytest.mark.parametrize(("typed", "expected"), [("08:00", time(8)), ("9:05", time(9, 5)), ("23:59", time(23, 59))])
def test_times(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "25:00", "12:60", "noon", "8", "08:00:00", "", "-1:00"])
def test_bad_times(typed: str) -> None:
    with pytest.raises(DateError, match="HH:MM"):
        parse_time(typed)


@given(
    st.one_of(
        st.text(alphabet="0123456789-٠٣ x\n", min_size=8, max_size=12),
        st.dates().map(date.isoformat),
        st.text(max_size=12),
    )
)
def test_a_date_in_digits_is_read_as_the_pattern_read_it(typed: str) -> None:
    """`_iso` reads YYYY-MM-DD without compiling a pattern: it takes exactly what `(\\d{4})-(\\d{2})-(\\d{2})`
    took (ASCII digits, nothing around them)."""
    import re

    from lipcare.dates import _iso

    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", typed, re.ASCII)
    assert _iso(typed) == (tuple(int(part) for part in match.groups()) if match else None)
