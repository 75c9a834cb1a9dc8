"""Service levels in the centre's working time and time zone (seed 004 §15, §18)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import TicketSettings
from services.tickets.hours import WorkingTime, add_working_hours, in_working_time

MSK = ZoneInfo("Europe/Moscow")
WORK = WorkingTime()


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK)


@pytest.mark.parametrize(
    ("asked", "due"),
    [
        (msk(2026, 12, 1, 10, 0), msk(2026, 12, 1, 12, 0)),  # Tuesday, inside the day
        (msk(2026, 12, 1, 17, 30), msk(2026, 12, 2, 10, 30)),  # runs over into Wednesday
        (msk(2026, 12, 4, 17, 30), msk(2026, 12, 7, 10, 30)),  # Friday evening → Monday
        (msk(2026, 12, 5, 12, 0), msk(2026, 12, 7, 11, 0)),  # Saturday → Monday 9 + 2
        (msk(2026, 12, 1, 6, 0), msk(2026, 12, 1, 11, 0)),  # before opening
        (msk(2026, 12, 1, 23, 0), msk(2026, 12, 2, 11, 0)),  # after closing
    ],
)
def test_two_working_hours(asked: datetime, due: datetime) -> None:
    assert add_working_hours(asked, 2, "Europe/Moscow", WORK) == due.astimezone(UTC)


def test_the_centres_own_time_zone() -> None:
    # 16:00 in Moscow is 18:00 in Yekaterinburg: that centre is closed, due next morning there.
    asked = msk(2026, 12, 1, 16, 0)
    due = add_working_hours(asked, 2, "Asia/Yekaterinburg", WORK)
    assert due == datetime(2026, 12, 2, 11, 0, tzinfo=ZoneInfo("Asia/Yekaterinburg"))
    assert not in_working_time(asked, "Asia/Yekaterinburg", WORK)
    assert in_working_time(asked, "Europe/Moscow", WORK)


def test_configured_days_and_hours() -> None:
    settings = TicketSettings(_env_file=None, ticket_work_days="1,2,3,4,5,6", ticket_work_end=20)
    work = WorkingTime(settings.ticket_work_start, settings.ticket_work_end, settings.work_days)
    # Friday 19:00 + 2 h: one hour on Friday, one on Saturday (a working day here).
    due = add_working_hours(msk(2026, 12, 4, 19, 0), 2, "Europe/Moscow", work)
    assert due == msk(2026, 12, 5, 10, 0).astimezone(UTC)


def test_no_working_day_at_all_falls_back_to_calendar_hours() -> None:
    work = WorkingTime(days=frozenset())
    asked = msk(2026, 12, 1, 10, 0)
    assert add_working_hours(asked, 2, "Europe/Moscow", work) == msk(2026, 12, 1, 12, 0)


def test_bad_weekdays_are_refused() -> None:
    with pytest.raises(ValueError, match="ISO weekdays"):
        TicketSettings(_env_file=None, ticket_work_days="1,8")
