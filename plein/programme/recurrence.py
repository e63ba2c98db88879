"""When activities take place: the dates of a schedule (python-dateutil's rrule), the
changes to single dates, closing days, and the Dutch public holidays to suggest.

Everything here is local wall-clock time: a date plus start and end times. A weekly
spreekuur at 14:00 is at 14:00 in the week after the clocks change too; rrule counts in
naive dates, so no daylight-saving arithmetic can shift it. ``Occurrence.starts_at``
turns one into an instant in Europe/Amsterdam when a feed or screen needs one.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.easter import easter
from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from plein.programme.models import Change, Rule
from plein.timeutil import LOCAL_TZ

TZ = ZoneInfo(LOCAL_TZ)
MAX_DATES = 2_000  # a schedule expanded over a view's period never yields more


@dataclass
class Occurrence:
    """One time an activity takes place (or would have: ``cancelled``)."""

    activity: object
    schedule: object
    on: date  # the date it takes place (after a move)
    starts: time
    ends: time
    original: date  # the schedule's date (the key of a change)
    cancelled: bool = False
    reason: str = ""
    moved: bool = False
    person: str = ""
    changed: bool = False  # a change to this date is stored (it can be undone)

    @property
    def starts_at(self):
        """The start as an aware instant in Europe/Amsterdam."""
        return datetime.combine(self.on, self.starts, tzinfo=TZ)

    @property
    def ends_at(self):
        return datetime.combine(self.on, self.ends, tzinfo=TZ)


def _midnight(day):
    return datetime.combine(day, time())


def dates(schedule, start, end):
    """The schedule's own dates from ``start`` to ``end`` (both included)."""
    first = max(start, schedule.start_date)
    last = min(end, schedule.end_date) if schedule.end_date else end
    if first > last:
        return []
    if schedule.rule == Rule.ONCE:
        return [schedule.start_date] if first <= schedule.start_date <= last else []
    if schedule.rule in (Rule.WEEKLY, Rule.BIWEEKLY):
        # counted from the start date, so "om de week" keeps its own weeks
        rule = rrule(WEEKLY, interval=2 if schedule.rule == Rule.BIWEEKLY else 1,
                     dtstart=_midnight(schedule.start_date), byweekday=schedule.weekday,
                     until=_midnight(last), count=None)
    elif schedule.rule == Rule.MONTHLY:
        rule = rrule(MONTHLY, dtstart=_midnight(schedule.start_date),
                     byweekday=weekday(schedule.weekday, schedule.nth), until=_midnight(last))
    else:
        return []
    found = []
    for moment in rule.xafter(_midnight(first), count=MAX_DATES, inc=True):
        found.append(moment.date())
    return found


def occurrences(activities, start, end, closed=frozenset()):
    """Every occurrence of ``activities`` from ``start`` to ``end``, by date and time:
    changes applied (a date moved into the period comes in, one moved out goes), and
    every occurrence on a closing day (``closed``: {date: reason}) cancelled."""
    found = []
    closed = dict.fromkeys(closed, "") if not isinstance(closed, dict) else closed
    for activity in activities:
        for schedule in activity.schedules:
            changes = {c.on: c for c in schedule.changes}
            own = set(dates(schedule, start, end))
            # a date moved into the period from outside it
            moved_in = {c.on for c in changes.values() if c.change == Change.MOVED
                        and c.new_date and start <= c.new_date <= end and c.on not in own}
            for original in sorted(own | moved_in):
                item = Occurrence(activity, schedule, original, schedule.starts,
                                  schedule.ends, original)
                change = changes.get(original)
                if change is not None:
                    _apply(item, change)
                if not start <= item.on <= end:
                    continue
                if item.on in closed and not item.cancelled:
                    item.cancelled = True
                    item.reason = closed[item.on] or "De bibliotheek is gesloten."
                found.append(item)
    found.sort(key=lambda o: (o.on, o.starts, o.activity.title.casefold()))
    return found


def _apply(item, change):
    item.changed = True
    if change.change == Change.CANCELLED:
        item.cancelled, item.reason = True, change.reason
    elif change.change == Change.MOVED:
        item.moved, item.reason = True, change.reason
        item.on = change.new_date or item.on
        item.starts = change.new_starts or item.starts
        item.ends = change.new_ends or item.ends
    elif change.change == Change.OTHER_PERSON:
        item.person, item.reason = change.person, change.reason


def is_date_of(schedule, day):
    """True when ``day`` is one of the schedule's own dates."""
    return day in dates(schedule, day, day)


def public_holidays(year):
    """The Dutch public holidays of ``year``: {date: name}. Koningsdag moves to the 26th
    when the 27th of April is a Sunday; Bevrijdingsdag counts every year."""
    pasen = easter(year)
    kingsday = date(year, 4, 27)
    if kingsday.weekday() == 6:
        kingsday -= timedelta(days=1)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        pasen - timedelta(days=2): "Goede Vrijdag",
        pasen: "Eerste Paasdag",
        pasen + timedelta(days=1): "Tweede Paasdag",
        kingsday: "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        pasen + timedelta(days=39): "Hemelvaartsdag",
        pasen + timedelta(days=49): "Eerste Pinksterdag",
        pasen + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }


def holidays_between(start, end):
    """Public holidays from ``start`` to ``end``, by date: [(date, name)]."""
    found = {}
    for year in range(start.year, end.year + 1):
        found.update(public_holidays(year))
    return sorted((day, name) for day, name in found.items() if start <= day <= end)


def week_start(day):
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())
