from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lipcare.chart import BAR, WINDOW, ZERO, redness_chart


def bars(lines: list[str], level: int) -> str:
    """The cells of the row for `level` (rows run from 3 down to 0)."""
    return lines[3 - level].split("│", 1)[1]


def test_one_column_per_day_with_the_window_marked() -> None:
    lines = redness_chart([(0, 3), (1, 2), (2, 0), (30, 1)], window_days=28, top=3, width=80)
    assert bars(lines, 3).startswith(BAR + " ")
    assert bars(lines, 2).startswith(BAR + BAR + " ")
    assert bars(lines, 0).startswith(BAR + BAR + ZERO)
    # the marker sits after day 28, so day 30 is the second column after it
    row1 = bars(lines, 1)
    assert row1.index(WINDOW) == 29
    assert row1[31] == BAR
    assert "one column = day" in "\n".join(lines)


def test_a_later_reading_of_the_same_day_replaces_the_earlier_one() -> None:
    lines = redness_chart([(5, 3), (5, 1)], window_days=28, top=3, width=80)
    assert bars(lines, 3).strip(" " + WINDOW) == ""
    assert bars(lines, 1)[5] == BAR


def test_a_year_is_grouped_and_shows_the_worst_day() -> None:
    points = [(day, 1) for day in range(365)]
    points[200] = (200, 3)
    lines = redness_chart(points, window_days=28, top=3, width=40)
    assert all(len(line) <= 40 for line in lines)
    assert BAR in bars(lines, 3)
    assert "days (highest shown)" in "\n".join(lines)


def test_no_points_no_chart() -> None:
    assert redness_chart([], 28, 3, 80) == []


@given(
    st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 3)), min_size=1, max_size=60),
    st.integers(1, 200),
    st.integers(40, 200),
)
def test_any_history_fits_the_width(points: list[tuple[int, int]], window: int, width: int) -> None:
    lines = redness_chart(points, window, 3, width)
    assert all(len(line) <= width for line in lines)
    assert sum(WINDOW in line for line in lines[:4]) == 4
