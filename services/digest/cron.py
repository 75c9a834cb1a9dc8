"""Cron expressions as the scheduler and the digest read them (APScheduler 3 triggers)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NUMBER = re.compile(r"(?<![/\d])(\d+)")


def cron_trigger(expr: str, tz: ZoneInfo) -> CronTrigger:
    """A standard 5-field crontab line. APScheduler 3 numbers weekdays from Monday = 0, unlike
    cron (Sunday = 0 or 7): numeric weekdays are turned into names first, so "0 10 * * 1"
    means Monday as everywhere else. Steps like */2 keep their number."""
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"a cron expression has 5 fields, got {expr!r}")
    minute, hour, day, month, weekday = fields
    weekday = _NUMBER.sub(lambda m: _DAYS[int(m[1]) % 7], weekday)
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=weekday, timezone=tz
    )


def last_fire(trigger: CronTrigger, now: datetime, lookback: timedelta) -> datetime | None:
    """The latest time the trigger fired at or before `now`, looking back `lookback`."""
    moment = trigger.get_next_fire_time(None, now - lookback)
    found: datetime | None = None
    while moment is not None and moment <= now:
        found = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return found
