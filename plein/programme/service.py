"""The frame of the programme: themes, rooms, the weekly grid of day-parts, closing days.

Functions add to the session and record an audit event; the caller commits.
"""

from datetime import time

from sqlalchemy import func, select

from plein import audit
from plein.errors import ServiceError
from plein.extensions import db
from plein.forms import length_of
from plein.programme.models import (
    DEFAULT_HOURS,
    Activity,
    ClosingDay,
    DayPart,
    Part,
    Room,
    Theme,
    activity_themes,
)
from plein.programme.recurrence import holidays_between
from plein.text import clean_line

# the handreiking's themes and the spots it names: where a new plein starts
DEFAULT_THEMES = ("Werk", "Geld", "Taal", "Digitaal", "Gezondheid", "Ontmoeting")
DEFAULT_ROOMS = ("Spreektafel", "Huiskamer", "Oefenruimte", "Pc-plekken")
MAX_NAMES = 60  # themes or rooms per plein


def seed_defaults(plein):
    """The default themes and rooms for a plein that has none yet."""
    for model, names in ((Theme, DEFAULT_THEMES), (Room, DEFAULT_ROOMS)):
        if not db.session.scalar(select(func.count()).select_from(model).where(
                model.plein_id == plein.id)):
            db.session.add_all(model(plein_id=plein.id, name=name) for name in names)


def themes_of(plein):
    return db.session.scalars(select(Theme).where(Theme.plein_id == plein.id)
                              .order_by(Theme.name)).all()


def rooms_of(plein):
    return db.session.scalars(select(Room).where(Room.plein_id == plein.id)
                              .order_by(Room.name)).all()


def get_named(plein, model, record_id):
    """The theme or room with this id in this plein, or None."""
    return db.session.scalar(select(model).where(model.id == record_id,
                                                 model.plein_id == plein.id))


WHAT = {Theme: ("thema", "Dit thema"), Room: ("ruimte", "Deze ruimte")}


def _clean_name(plein, model, name, exclude=None):
    name = clean_line(name or "")
    what = WHAT[model][0]
    if not name:
        raise ServiceError(f"Vul de naam van het {what} in." if model is Theme
                           else "Vul de naam van de ruimte in.", "name")
    if len(name) > length_of(model.name):
        raise ServiceError(f"Gebruik hoogstens {length_of(model.name)} tekens.", "name")
    for record in db.session.scalars(select(model).where(model.plein_id == plein.id)):
        if record.name.casefold() == name.casefold() and record is not exclude:
            raise ServiceError(f"'{record.name}' staat al in de lijst.", "name")
    return name


def add_named(plein, model, name, *, by):
    """A new theme or room."""
    count = db.session.scalar(select(func.count()).select_from(model).where(
        model.plein_id == plein.id))
    if count >= MAX_NAMES:
        raise ServiceError(f"De lijst heeft al {MAX_NAMES} namen, het maximum.", "name")
    record = model(plein_id=plein.id, name=_clean_name(plein, model, name))
    db.session.add(record)
    db.session.flush()
    audit.record(f"programme.{WHAT[model][0]}", f"{WHAT[model][0].capitalize()} "
                 f"'{record.name}' toegevoegd", plein=plein, obj=record, user=by)
    return record


def rename_named(plein, record, name, *, by):
    old = record.name
    record.name = _clean_name(plein, type(record), name, exclude=record)
    audit.record(f"programme.{WHAT[type(record)][0]}", f"'{old}' heet nu '{record.name}'",
                 plein=plein, obj=record, user=by)
    return record


def remove_named(plein, record, *, by):
    """Remove a theme or room that nothing uses any more."""
    model = type(record)
    if model is Theme:
        used = db.session.scalar(select(func.count()).select_from(activity_themes).where(
            activity_themes.c.theme_id == record.id)) + db.session.scalar(
            select(func.count()).select_from(DayPart).where(DayPart.theme_id == record.id))
    else:
        used = db.session.scalar(select(func.count()).select_from(Activity).where(
            Activity.room_id == record.id))
    if used:
        raise ServiceError(f"{WHAT[model][1]} is nog in gebruik bij aanbod of dagdelen. "
                           "Haal het daar eerst weg.")
    audit.record(f"programme.{WHAT[model][0]}", f"{WHAT[model][0].capitalize()} "
                 f"'{record.name}' verwijderd", plein=plein, obj=record, user=by)
    db.session.delete(record)


# -- the weekly grid ----------------------------------------------------------------------


def grid(plein):
    """{(weekday, part): DayPart} for every day-part of the week; the ones never set are
    closed, unsaved, with the default hours."""
    stored = {(d.weekday, d.part): d for d in db.session.scalars(
        select(DayPart).where(DayPart.plein_id == plein.id))}
    cells = {}
    for weekday in range(7):
        for part in Part:
            cells[(weekday, part.value)] = stored.get((weekday, part.value)) or DayPart(
                plein_id=plein.id, weekday=weekday, part=part.value, is_open=False,
                starts=DEFAULT_HOURS[part][0], ends=DEFAULT_HOURS[part][1])
    return cells


def set_day_part(plein, *, weekday, part, is_open, starts, ends, theme_id, by):
    """Open or close one day-part, with its hours and theme (0: none)."""
    if weekday not in range(7):
        raise ServiceError("Kies een dag van de week.", "weekday")
    if part not in Part.values():
        raise ServiceError("Kies ochtend, middag of avond.", "part")
    starts = starts if isinstance(starts, time) else DEFAULT_HOURS[Part(part)][0]
    ends = ends if isinstance(ends, time) else DEFAULT_HOURS[Part(part)][1]
    if ends <= starts:
        raise ServiceError("De eindtijd ligt voor de begintijd.", "ends")
    theme = get_named(plein, Theme, theme_id) if theme_id else None
    if theme_id and theme is None:
        raise ServiceError("Kies een thema uit de lijst.", "theme_id")
    cell = grid(plein)[(weekday, part)]
    if cell.id is None:
        db.session.add(cell)
    cell.is_open, cell.starts, cell.ends, cell.theme = bool(is_open), starts, ends, theme
    db.session.flush()
    state = (f"open {starts:%H:%M}–{ends:%H:%M}" + (f", thema {theme.name}" if theme else "")
             if is_open else "dicht")
    audit.record("programme.day_part", f"{cell.weekday_label.capitalize()}"
                 f"{cell.part_label}: {state}", plein=plein, obj=cell, user=by)
    return cell


# -- closing days -------------------------------------------------------------------------


def closing_days(plein, start=None, end=None):
    stmt = select(ClosingDay).where(ClosingDay.plein_id == plein.id)
    if start is not None:
        stmt = stmt.where(ClosingDay.on >= start, ClosingDay.on <= end)
    return db.session.scalars(stmt.order_by(ClosingDay.on)).all()


def get_closing_day(plein, closing_id):
    return db.session.scalar(select(ClosingDay).where(
        ClosingDay.id == closing_id, ClosingDay.plein_id == plein.id))


def add_closing_day(plein, on, reason, *, by):
    if on is None:
        raise ServiceError("Vul de datum in.", "on")
    reason = clean_line(reason or "")
    if len(reason) > length_of(ClosingDay.reason):
        raise ServiceError(f"Gebruik hoogstens {length_of(ClosingDay.reason)} tekens.",
                           "reason")
    if db.session.scalar(select(ClosingDay).where(ClosingDay.plein_id == plein.id,
                                                  ClosingDay.on == on)):
        raise ServiceError(f"{on:%d-%m-%Y} staat al als sluitingsdag in de lijst.", "on")
    day = ClosingDay(plein_id=plein.id, on=on, reason=reason)
    db.session.add(day)
    db.session.flush()
    audit.record("programme.closing_day", f"Sluitingsdag {on:%d-%m-%Y}"
                 + (f" ({reason})" if reason else ""), plein=plein, obj=day, user=by)
    return day


def remove_closing_day(plein, day, *, by):
    audit.record("programme.closing_day", f"Sluitingsdag {day.on:%d-%m-%Y} weggehaald",
                 plein=plein, obj=day, user=by)
    db.session.delete(day)


def suggested_closing_days(plein, today, days=400):
    """The public holidays of the coming year that are not closing days yet."""
    from datetime import timedelta

    end = today + timedelta(days=days)
    taken = {d.on for d in closing_days(plein, today, end)}
    return [(day, name) for day, name in holidays_between(today, end) if day not in taken]
