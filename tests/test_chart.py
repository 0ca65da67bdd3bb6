from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from lipcare.chart import BAR, WINDOW, ZERO, redness_chart
from lipcare.journal import CheckinRow, Treatment


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


def test_a_day_with_two_readings_shows_the_higher_as_the_report_does() -> None:
    """A check-in of redness 3 (urgent) then one of 1 the same day: the terminal drew 1, the report 3 (found by a
    trial). A second check-in must not hide the one that raised the alarm, in either order."""
    for points in ([(5, 3), (5, 1)], [(5, 1), (5, 3)]):
        lines = redness_chart(points, window_days=28, top=3, width=80)
        assert bars(lines, 3)[5] == BAR and bars(lines, 3).strip(" " + WINDOW) == BAR
        assert "one column = 1 day (highest shown)" in "\n".join(lines)
    single = redness_chart([(5, 1), (6, 3)], window_days=28, top=3, width=80)
    assert "one column = day" in "\n".join(single) and "highest" not in "\n".join(single)


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


def test_redness_not_recorded_is_a_gap_never_a_zero() -> None:
    lines = redness_chart([(0, 2), (1, None), (2, 0), (2, None)], window_days=28, top=3, width=80)
    assert bars(lines, 0).startswith(BAR + " " + ZERO)  # day 1: blank; day 2 keeps its 0
    assert bars(lines, 1)[1] == " "
    assert "blank: no redness recorded that day" in "\n".join(lines)
    assert redness_chart([(0, None)], 28, 3, 80) == []


def test_a_scale_whose_lowest_point_is_not_zero() -> None:
    lines = redness_chart([(0, 4), (1, 1), (2, 2)], window_days=28, top=4, width=80, bottom=1)
    assert [line.split("│")[0].strip() for line in lines[:4]] == ["4", "3", "2", "1"]
    assert lines[3].split("│", 1)[1].startswith(BAR + ZERO + BAR)  # 1 is the lowest: drawn as the floor mark
    assert "redness 1 (the lowest)" in "\n".join(lines)


# --- the report's chart ---------------------------------------------------------------------


def report_rows(values: list[tuple[int, int | None, int | None, int | None]]) -> list[CheckinRow]:
    treated = date(2026, 11, 1)
    return [
        CheckinRow(
            n,
            1,
            treated,
            treated + timedelta(days=day),
            day,
            "",
            {"redness": redness, "swelling": swelling, "pain": pain},
            None,
            (),
            "",
            "expected",
            "expected",
            (),
            "lipcare-default@1.0",
        )
        for n, (day, redness, swelling, pain) in enumerate(values, start=1)
    ]


def svg_charts(html: str) -> list[ElementTree.Element]:
    found = re.findall(r"<svg .*?</svg>", html, re.S)
    return [ElementTree.fromstring(svg) for svg in found]


def test_the_report_draws_equal_series_side_by_side_and_gaps_for_unknown() -> None:
    from lipcare.protocol import load_protocol
    from lipcare.render.html import checkin_report_parts

    protocol = load_protocol()
    rows = report_rows([(1, 2, 2, 5), (2, 2, 2, None), (3, 2, 2, 4), (4, 1, None, 3)])
    html = "".join(
        checkin_report_parts(protocol, Treatment(1, date(2026, 11, 1), None), lambda: rows, date(2026, 11, 24))
    )
    redness_swelling, pain = svg_charts(html)
    dots = [(float(c.get("cx", "")), float(c.get("cy", ""))) for c in redness_swelling.iter("circle")]
    squares = [(float(r.get("x", "")) + 2.5, float(r.get("y", "")) + 2.5) for r in redness_swelling.iter("rect")]
    # every day's redness dot and swelling square are both visible: never at the same place
    assert len(dots) == 1 + 4 and len(squares) == 1 + 3  # the legend's marker, then one per recorded value
    for dot, square in zip(dots[1:4], squares[1:4], strict=True):
        assert abs(dot[0] - square[0]) >= 5 or abs(dot[1] - square[1]) >= 5
    # swelling is not recorded on day 4: its line stops at day 3, redness goes on
    lines = [line for line in redness_swelling.iter("polyline")]
    assert [len(line.get("points", "").split()) for line in lines] == [4, 3]
    # pain is not recorded on day 2: two stretches, no point at 0
    stretches = [line.get("points", "").split() for line in pain.iter("polyline")]
    assert [len(points) for points in stretches] == [1, 2]
    legend = " ".join(text.text or "" for text in redness_swelling.iter("text"))
    assert "redness (solid line, filled dots)" in legend and "swelling (dashed line, open squares)" in legend
    assert "A break in a line: not recorded that day." in html


# --- scores saved under a protocol whose scale was wider ------------------------------------------------------------


def test_a_score_above_the_scale_of_today_is_drawn_at_its_height_never_clipped() -> None:
    """A clinic narrowed redness to 0-1 after a check-in recorded 3 on its 0-3 scale: the chart grows to show
    the 3, instead of drawing it as the top of today's scale."""
    lines = redness_chart([(1, 3), (2, 1)], window_days=28, top=1, width=80)
    assert [line.split("│")[0].strip() for line in lines[:4]] == ["3", "2", "1", "0"]
    assert bars(lines, 3)[1] == BAR and bars(lines, 3)[2] == " "


def test_the_report_draws_a_score_above_the_scale_of_today_inside_its_chart() -> None:
    from lipcare.protocol import load_protocol
    from lipcare.render.html import checkin_report_parts

    protocol = load_protocol()
    narrowed = protocol.questions.with_scale(protocol.questions.pain._replace(max=5, rules=()))
    protocol = protocol._replace(questions=narrowed)
    rows = report_rows([(1, 1, 1, 8), (2, 1, 1, 2)])  # pain 8, saved when the scale was 0-10
    html = "".join(
        checkin_report_parts(protocol, Treatment(1, date(2026, 11, 1), None), lambda: rows, date(2026, 11, 24))
    )
    pain = svg_charts(html)[1]
    height = float(pain.get("viewBox", "").split()[3])
    dots = [float(c.get("cy", "")) for c in pain.iter("circle")][1:]  # after the legend's marker
    assert len(dots) == 2 and all(0 < cy < height for cy in dots)
    labels = [text.text for text in pain.iter("text")]
    assert "8" in labels  # the axis reaches the score recorded
