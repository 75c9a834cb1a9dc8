"""Service levels in a centre's working time (seed 004 §15: 2 hours for an official request;
§18: a written request is acknowledged within 24 hours).

`add_working_hours` walks the centre's working days and hours in its own time zone: a question
asked on Friday at 17:30 with a 2-hour limit is due on Monday at 10:30 there. Pure functions:
tests give any moment, no clock is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_DAYS = 366  # a calendar with no working day at all must not loop forever


@dataclass(frozen=True, slots=True)
class WorkingTime:
    start_hour: int = 9
    end_hour: int = 18
    days: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO weekdays

    def bounds(self, day: datetime) -> tuple[datetime, datetime] | None:
        """The working interval of `day`'s date (aware, in its zone), or None: a day off."""
        if day.isoweekday() not in self.days:
            return None
        zone = day.tzinfo
        start = datetime.combine(day.date(), time(self.start_hour), zone)
        if self.end_hour >= 24 or self.end_hour <= self.start_hour:
            end = datetime.combine(day.date() + timedelta(days=1), time(0), zone)
        else:
            end = datetime.combine(day.date(), time(self.end_hour), zone)
        return start, end


def add_working_hours(moment: datetime, hours: float, zone: str, work: WorkingTime) -> datetime:
    """`moment` plus `hours` of working time of a centre in `zone`; aware UTC."""
    local = moment.astimezone(ZoneInfo(zone))
    left = timedelta(hours=hours)
    day = local
    for _ in range(MAX_DAYS):
        bounds = work.bounds(day)
        if bounds is not None:
            start, end = bounds
            begin = max(start, local)
            if begin < end:
                if begin + left <= end:
                    return (begin + left).astimezone(UTC)
                left -= end - begin
        day = datetime.combine(day.date() + timedelta(days=1), time(0), day.tzinfo)
        local = max(local, day)
    # No working day in a year (a misconfiguration): fall back to calendar hours.
    return (moment + timedelta(hours=hours)).astimezone(UTC)


def in_working_time(moment: datetime, zone: str, work: WorkingTime) -> bool:
    local = moment.astimezone(ZoneInfo(zone))
    bounds = work.bounds(local)
    return bounds is not None and bounds[0] <= local < bounds[1]
