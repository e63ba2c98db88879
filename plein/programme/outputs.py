"""What the programme's outputs show: the folder, the TV screen, the public page and the
iCal feeds.

Every one of them takes its occurrences from :func:`public_occurrences`: the one place
that decides what the outside world sees (hidden activities and those of a partner that
stopped are left out there, and only there).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from plein.programme import activities as offer
from plein.programme import rota, service
from plein.programme.models import WEEKDAYS, Part, Rule
from plein.programme.recurrence import TZ, occurrences, week_start

SCREEN_BUCKET_MINUTES = 15  # the screen's "now" moves on by quarters of an hour
SCREEN_DAYS_AHEAD = 7
SCREEN_NEXT_MAX = 6
SCREEN_TODAY_MAX = 7  # what fits at 1920 × 1080; the rest is counted
PUBLIC_WEEKS = 4
FOLDER_WEEKS = (1, 2, 4, 6, 8)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

def public_occurrences(plein, start, end):
    """THE selection of what every public output (screen, public page, folder, iCal
    feed) shows from ``start`` to ``end``: occurrences of the plein's activities, with
    closing days and changes applied (cancelled ones stay in, marked).

    What the world may not see (hidden activities, activities of a partner that stopped)
    is left out by ``visibility``'s one rule."""
    closed = {d.on: d.reason for d in service.closing_days(plein, start, end)}
    activities = offer.activities_of(plein, public_only=True)
    return occurrences(activities, start, end, closed), closed


def desk_shifts_of(user, start, end):
    """The desk shifts ``user`` staffs from ``start`` to ``end`` in any plein, as
    (plein, starts_at, ends_at) with aware datetimes, for the personal iCal feed."""
    return [(plein, datetime.combine(day, entry.starts, TZ), datetime.combine(day, entry.ends, TZ))
            for plein, day, _part, entry in rota.desk_of(user, start, end)
            if entry.starts is not None and entry.ends is not None]


def nl_day(day, weekday=True):
    """"dinsdag 8 december 2026" (``weekday`` False: "8 december 2026")."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def short_day(day):
    """"di 8 dec"."""
    return f"{WEEKDAYS[day.weekday()][:2]} {day.day} {MONTHS[day.month - 1][:3]}"


# -- the TV screen ------------------------------------------------------------------------


@dataclass
class Screen:
    today: object
    moment: datetime  # the start of the quarter of an hour the screen shows
    closed_today: str | None  # the reason, when the library is closed today
    now_and_later: list  # today's occurrences that have not ended yet (the first few)
    more_today: int  # how many more come later today
    coming: list  # the next ones after today
    desk: list  # rota.DeskEntry: who is at the desk now
    part_label: str


def screen_moment(now=None):
    """The quarter of an hour the screen shows: its content only changes from one to the
    next (and with the data), so a screen refreshing every minute mostly gets a 304."""
    now = (now or datetime.now(TZ)).astimezone(TZ)
    minute = now.minute - now.minute % SCREEN_BUCKET_MINUTES
    return now.replace(minute=minute, second=0, microsecond=0)


def current_part(plein, grid, moment):
    """The open day-part of the grid that holds ``moment``, or None."""
    for part in Part:
        cell = grid[(moment.weekday(), part.value)]
        if cell.is_open and cell.starts <= moment.time() < cell.ends:
            return cell
    return None


def screen(plein, moment):
    today = moment.date()
    found, closed = public_occurrences(plein, today, today + timedelta(days=SCREEN_DAYS_AHEAD))
    clock = moment.time()
    rest_of_today = [o for o in found if o.on == today and o.ends > clock]
    coming = [o for o in found if o.on > today][:SCREEN_NEXT_MAX]
    cell = None if today in closed else current_part(plein, service.grid(plein), moment)
    desk = rota.desk_staff(plein, today, cell.part) if cell is not None else []
    shut = (closed[today] or "De bibliotheek is gesloten.") if today in closed else None
    return Screen(today, moment, shut, rest_of_today[:SCREEN_TODAY_MAX],
                  max(0, len(rest_of_today) - SCREEN_TODAY_MAX), coming, desk,
                  cell.part_label if cell is not None else "")


def is_now(occurrence, moment):
    return (occurrence.on == moment.date() and not occurrence.cancelled
            and occurrence.starts <= moment.time() < occurrence.ends)


# -- the folder and the public page -------------------------------------------------------


@dataclass
class Period:
    start: object
    end: object
    days: list  # [(date, [Occurrence])], only the days with something on them
    themes: list  # [(theme name, [(activity, [schedule description], [Occurrence])])]
    closed: dict


def period(plein, start, weeks):
    """The programme from ``start`` (a Monday) for ``weeks`` weeks, by day and by theme."""
    end = start + timedelta(days=7 * weeks - 1)
    found, closed = public_occurrences(plein, start, end)
    by_day = {}
    for item in found:
        by_day.setdefault(item.on, []).append(item)
    per_activity = {}
    for item in found:
        per_activity.setdefault(item.activity.id, (item.activity, []))[1].append(item)
    groups = {}
    for activity, items in per_activity.values():
        schedules = {item.schedule.id: item.schedule for item in items}
        entry = (activity, [when(s, [i.original for i in items if i.schedule is s], start, end)
                            for s in schedules.values()],
                 [item for item in items if item.cancelled or item.moved])
        for name in [t.name for t in activity.themes] or ["Overig aanbod"]:
            groups.setdefault(name, []).append(entry)
    themes = sorted(((name, sorted(entries, key=lambda e: e[0].title.casefold()))
                     for name, entries in groups.items()),
                    key=lambda kv: (kv[0] == "Overig aanbod", kv[0].casefold()))
    return Period(start, end, sorted(by_day.items()), themes, closed)


def when(schedule, dates, start, end):
    """A schedule in the words of a folder over ``start``–``end``: "elke dinsdag
    14:00–16:00", "om de week op woensdag 13:30–15:30: 9 en 23 december"."""
    clock = f"{schedule.starts:%H:%M}–{schedule.ends:%H:%M}"
    day = WEEKDAYS[schedule.start_date.weekday() if schedule.weekday is None
                   else schedule.weekday]
    if schedule.rule == Rule.ONCE:
        return f"{nl_day(schedule.start_date)}, {clock}"
    if schedule.rule == Rule.WEEKLY:
        text = f"elke {day} {clock}"
        if schedule.start_date > start:
            text += f", vanaf {nl_day(schedule.start_date, False)}"
        if schedule.end_date and schedule.end_date < end:
            text += f", tot en met {nl_day(schedule.end_date, False)}"
        return text
    what = "om de week op" if schedule.rule == Rule.BIWEEKLY else "eens per maand op"
    days = sorted(set(dates))
    listed = ", ".join(f"{d.day} {MONTHS[d.month - 1]}" for d in days[:-1])
    last = f"{days[-1].day} {MONTHS[days[-1].month - 1]}" if days else ""
    return f"{what} {day} {clock}: " + (f"{listed} en {last}" if listed else last)


def folder_start(day):
    return week_start(day)


def hours(item):
    return f"{item.starts:%H:%M}–{item.ends:%H:%M}"
