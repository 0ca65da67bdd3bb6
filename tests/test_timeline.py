from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lipcare.protocol import load_protocol
from lipcare.timeline import build_timeline, day_number, redness_window, rinse_reminders, window_status

PROTOCOL = load_protocol()
TREATED = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("on", "day", "status", "left", "beyond"),
    [
        (date(2026, 10, 30), -2, "upcoming", 28, 0),
        (date(2026, 11, 1), 0, "within", 28, 0),
        (date(2026, 11, 10), 9, "within", 19, 0),
        (date(2026, 11, 29), 28, "within", 0, 0),
        (date(2026, 11, 30), 29, "beyond", 0, 1),
        (date(2027, 1, 1), 61, "beyond", 0, 33),
    ],
)
def test_redness_window(on: date, day: int, status: str, left: int, beyond: int) -> None:
    window = redness_window(PROTOCOL, TREATED, on)
    assert day_number(TREATED, on) == day
    assert window.ends == date(2026, 11, 29)
    assert (window.status, window.days_left, window.days_beyond) == (status, left, beyond)


def test_leap_day_counts_as_a_day() -> None:
    treated = date(2028, 2, 28)
    assert day_number(treated, date(2028, 2, 29)) == 1
    assert day_number(treated, date(2028, 3, 1)) == 2
    assert redness_window(PROTOCOL, treated, treated).ends == date(2028, 3, 27)


def test_year_end() -> None:
    treated = date(2026, 12, 20)
    assert day_number(treated, date(2027, 1, 1)) == 12
    assert redness_window(PROTOCOL, treated, treated).ends == date(2027, 1, 17)
    assert [r.date for r in rinse_reminders(PROTOCOL, treated)][-1] == date(2026, 12, 27)


def test_daylight_saving_change_moves_no_day_and_no_time() -> None:
    # Most of Europe moves its clocks on 2026-03-29 and the US on 2026-03-08.
    for treated in (date(2026, 3, 25), date(2026, 3, 5), date(2026, 10, 22)):
        reminders = rinse_reminders(PROTOCOL, treated)
        assert len(reminders) == 8 * 4
        for index, reminder in enumerate(reminders):
            assert reminder.date == treated + timedelta(days=index // 4)
            assert reminder.time == PROTOCOL.rinse.times[index % 4]


def test_rinses_cover_days_0_to_7_at_the_protocol_times() -> None:
    reminders = rinse_reminders(PROTOCOL, TREATED)
    assert [(r.day, r.time) for r in reminders[:5]] == [
        (0, time(8)),
        (0, time(12)),
        (0, time(16)),
        (0, time(20)),
        (1, time(8)),
    ]
    assert reminders[-1].date == date(2026, 11, 8)
    assert all(r.source == "leaflet" and r.kind == "rinse" for r in reminders)


def test_treatment_time_drops_earlier_day_0_rinses_only() -> None:
    reminders = rinse_reminders(PROTOCOL, TREATED, time(13, 30))
    assert [r.time for r in reminders if r.day == 0] == [time(16), time(20)]
    assert len([r for r in reminders if r.day == 1]) == 4
    at_the_minute = rinse_reminders(PROTOCOL, TREATED, time(12, 0))
    assert [r.time for r in at_the_minute if r.day == 0] == [time(12), time(16), time(20)]


def test_future_treatment_gives_the_whole_plan_ahead() -> None:
    tl = build_timeline(PROTOCOL, TREATED, date(2026, 10, 25))
    assert tl.day == -7
    assert tl.redness.status == "upcoming"
    assert tl.todays_reminders == []
    first = tl.next_reminder()
    assert first is not None and (first.date, first.time) == (TREATED, time(8))
    assert all(period.when(tl.on) == "ahead" for period in tl.milestones)


def test_next_reminder_respects_the_time_of_day() -> None:
    tl = build_timeline(PROTOCOL, TREATED, date(2026, 11, 3))
    nxt = tl.next_reminder(time(12, 1))
    assert nxt is not None and (nxt.date, nxt.time) == (date(2026, 11, 3), time(16))
    last_of_day = tl.next_reminder(time(20, 30))
    assert last_of_day is not None and (last_of_day.date, last_of_day.time) == (date(2026, 11, 4), time(8))
    assert build_timeline(PROTOCOL, TREATED, date(2026, 11, 9)).next_reminder() is None


def test_sun_periods() -> None:
    tl = build_timeline(PROTOCOL, TREATED, date(2026, 11, 10))
    assert tl.sun_avoid.last == date(2026, 12, 31)  # day 60
    assert tl.sunscreen.first == date(2026, 11, 23)  # day 22: the day after the crusts are expected to end
    assert tl.sunscreen.last == date(2027, 11, 1)
    assert tl.sun_avoid.when(tl.on) == "now"
    assert tl.sun_avoid.when(date(2027, 1, 1)) == "past"


@given(
    treated=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
    offset=st.integers(min_value=-1000, max_value=5000),
)
def test_day_is_the_calendar_difference_and_status_agrees(treated: date, offset: int) -> None:
    on = treated + timedelta(days=offset)
    tl = build_timeline(PROTOCOL, treated, on)
    assert tl.day == (on - treated).days == offset
    assert tl.redness.status == window_status(offset, 28)
    assert tl.redness.status == ("upcoming" if offset < 0 else "within" if offset <= 28 else "beyond")
    assert tl.redness.ends - treated == timedelta(days=28)
    assert tl.redness.days_left + tl.redness.days_beyond == abs(28 - max(offset, 0))
    assert [r.date for r in tl.todays_reminders] == [on] * len(tl.todays_reminders)
    assert len(tl.todays_reminders) == (4 if 0 <= offset <= 7 else 0)


def test_the_days_care_course_and_preparation_come_from_the_protocol() -> None:
    today = date(2026, 11, 24)
    day_two = build_timeline(PROTOCOL, today - timedelta(days=2), today, today=today)
    assert [item.key for item in day_two.care] == [
        "antiviral",
        "ointment",
        "ointment-reaction",
        "crusts",
        "head-raised",
        "painkillers",
        "aspirin",
        "smoking",
        "flushing",
        "pools",
        "kissing",
    ]
    assert [span.key for span in day_two.course_now] == ["swelling", "oozing", "crusting", "redness-fades"]
    assert day_two.prepare == () and day_two.is_today and not day_two.in_past
    week_before = build_timeline(PROTOCOL, today + timedelta(days=7), today, today=today)
    assert week_before.care == [] and len(week_before.prepare) == 8
    earlier = build_timeline(PROTOCOL, today - timedelta(days=2), today - timedelta(days=1), today=today)
    assert earlier.in_past and not earlier.is_today


@pytest.mark.parametrize(
    ("day", "again", "said"),
    [
        (-1, False, ""),
        (0, True, "Check in again tomorrow."),
        (20, True, "Check in again tomorrow."),
        (21, True, "Check in again in a week, or sooner if something changes."),
        (28, True, "Check in again in a week, or sooner if something changes."),
        (89, True, "Check in again in a week, or sooner if something changes."),
        (90, False, ""),
    ],
)
def test_check_ins_run_daily_through_healing_then_weekly_to_day_90(day: int, again: bool, said: str) -> None:
    from lipcare.timeline import again_text, checkin_again

    assert checkin_again(PROTOCOL, day) is again
    assert again_text(PROTOCOL, day) == said
    days = PROTOCOL.questions.reminder.days()
    assert days[:22] == tuple(range(22)) and days[22:] == (28, 35, 42, 49, 56, 63, 70, 77, 84)
