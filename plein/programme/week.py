"""The programme as people read it: a week of day-parts, lists per theme and per
organisation, and the warnings the lead sees at a glance."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from plein.plan.models import PleinShape
from plein.plan.service import plan_of
from plein.programme import activities as offer
from plein.programme import rota, service
from plein.programme.models import WEEKDAYS, DayPart, Part
from plein.programme.recurrence import Occurrence, occurrences, week_start
from plein.programme.visibility import GONE


@dataclass
class Cell:
    """One day-part of one date in the week view."""

    day: date
    day_part: DayPart
    items: list[Occurrence] = field(default_factory=list)
    desk: list | None = None  # [rota.DeskEntry] when the plein is open then, else None

    @property
    def theme(self):
        return self.day_part.theme if self.day_part.is_open else None


@dataclass
class Week:
    monday: date
    days: list[date]
    cells: dict  # (date, part) -> Cell
    closed: dict  # date -> reason
    warnings: list[str]
    shows_desk: bool = False  # the plein has a desk rota, or its form is one desk

    @property
    def previous(self):
        return self.monday - timedelta(days=7)

    @property
    def next(self):
        return self.monday + timedelta(days=7)

    @property
    def number(self):
        return self.monday.isocalendar().week

    def is_shut(self, day):
        """True when no day-part of ``day`` is open and nothing takes place on it."""
        return not any(cell.day_part.is_open or cell.items
                       for (on, _part), cell in self.cells.items() if on == day)

    def weekday(self, day):
        return WEEKDAYS[day.weekday()]


def part_of(occurrence, cells_of_day):
    """The day-part an occurrence falls in (see ``rota.part_at``)."""
    return rota.part_at({part: cell.day_part for part, cell in cells_of_day.items()},
                        occurrence.starts)


def week(plein, day, *, public_only=False):
    """The week holding ``day``: every day-part with its theme, occurrences (only the
    public activities' with ``public_only``) and the people at the desk."""
    monday = week_start(day)
    days = [monday + timedelta(days=n) for n in range(7)]
    grid = service.grid(plein)
    closed = {d.on: d.reason for d in service.closing_days(plein, days[0], days[-1])}
    cells = {(d, part.value): Cell(d, grid[(d.weekday(), part.value)])
             for d in days for part in Part}
    found = occurrences(offer.activities_of(plein, public_only=public_only), days[0],
                        days[-1], closed)
    for item in found:
        of_day = {part.value: cells[(item.on, part.value)] for part in Part}
        cells[(item.on, part_of(item, of_day))].items.append(item)
    desk = rota.desk_for_range(plein, days[0], days[-1], grid=grid, closed=set(closed))
    for key, entries in desk.items():
        cells[key].desk = entries
    one_desk = is_one_desk(plein)
    notes = warnings(cells, found, closed)
    if one_desk:
        notes += [f"{WEEKDAYS[on.weekday()].capitalize()}{Part.label_of(part)} {on:%d-%m}: "
                  "niemand aan de balie." for (on, part), entries in sorted(
                      desk.items(), key=lambda kv: (kv[0][0], list(Part.values()).index(
                          kv[0][1]))) if not entries]
    return Week(monday, days, cells, closed, notes,
                shows_desk=one_desk or any(desk.values()))


def is_one_desk(plein):
    """True when the plan's form of the plein is one desk with a contact person."""
    plan = plan_of(plein)
    return plan is not None and plan.shape == PleinShape.DESK


def warnings(cells, found, closed):
    """What the lead should look at: a themed day-part without an activity of its theme,
    two activities in one room at the same time, and activities of a partner that
    stopped (or was turned down): the public no longer sees those."""
    notes = []
    for (day, _part), cell in cells.items():
        theme = cell.theme
        if theme is None or day in closed:
            continue
        if not any(theme in item.activity.themes for item in cell.items
                   if not item.cancelled):
            notes.append(f"{WEEKDAYS[day.weekday()].capitalize()}{cell.day_part.part_label} "
                         f"{day:%d-%m} heeft thema {theme.name}, maar geen aanbod met dat "
                         "thema.")
    live = [item for item in found if not item.cancelled and item.activity.room is not None]
    for n, first in enumerate(live):
        for second in live[n + 1:]:
            if (first.on == second.on and first.activity.room is second.activity.room
                    and first.starts < second.ends and second.starts < first.ends):
                notes.append(f"{first.on:%d-%m} {max(first.starts, second.starts):%H:%M}: "
                             f"'{first.activity.title}' en '{second.activity.title}' zijn "
                             f"tegelijk in {first.activity.room.name}.")
    gone = {item.activity.id: item.activity for item in found
            if item.activity.partner and item.activity.partner.status in GONE}
    for activity in sorted(gone.values(), key=lambda a: a.title.casefold()):
        notes.append(f"'{activity.title}' staat op het programma, maar "
                     f"{activity.partner.name} is {activity.partner.status_label.lower()} "
                     "als partner. Bezoekers en partners zien het daarom niet meer.")
    return notes


def grouped(plein, by, *, public_only=False):
    """Activities per theme (``by`` "thema") or per organisation: [(heading, [activity])],
    headings in alphabetical order; an activity without a theme under "Zonder thema"."""
    groups = {}
    for activity in offer.activities_of(plein, public_only=public_only):
        if by == "thema":
            keys = [theme.name for theme in activity.themes] or ["Zonder thema"]
        else:
            keys = [activity.organisation]
        for key in keys:
            groups.setdefault(key, []).append(activity)
    return sorted(groups.items(), key=lambda kv: kv[0].casefold())
