"""Activities (het aanbod), their schedules and the changes to single dates.

Every function that finds or changes an activity takes the plein; ``organisation`` (a
Partner, or None for library staff) narrows it to what one partner organisation may
touch: ``get_activity(plein, id, organisation=partner)`` finds only its own, and
``create_activity(..., organisation=partner)`` makes only its own.
"""

from datetime import time

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from plein import audit
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import length_of
from plein.partners.models import Partner
from plein.programme.models import (
    DESCRIPTION_MAX,
    Access,
    Activity,
    ActivityKind,
    Change,
    OccurrenceChange,
    Room,
    Rule,
    Schedule,
    Theme,
)
from plein.programme.recurrence import is_date_of
from plein.programme.visibility import GONE, public_clause
from plein.text import clean_line, clean_text

MAX_ACTIVITIES = 1_000
MAX_SCHEDULES = 20  # per activity
COMMERCIAL_COST = ("Dit aanbod is van een commerciële partner: vul in wat het de bezoeker "
                   "kost en wat daarvoor geregeld is, ook als het gratis begint.")


class StaleActivity(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft dit aanbod intussen gewijzigd. Hieronder staat "
                         "wat nu is opgeslagen; jouw invoer staat in het formulier.", current)


def activities_of(plein, organisation=None, *, public_only=False):
    """Every activity of the plein (of one organisation when given; only the public ones
    with ``public_only``: see ``visibility``), with what a list or week shows loaded
    alongside."""
    stmt = (select(Activity).where(Activity.plein_id == plein.id)
            .options(selectinload(Activity.themes),
                     selectinload(Activity.schedules).selectinload(Schedule.changes))
            .order_by(Activity.title))
    if organisation is not None:
        stmt = stmt.where(Activity.partner_id == organisation.id)
    if public_only:
        stmt = stmt.where(public_clause())
    return db.session.scalars(stmt).unique().all()


def get_activity(plein, activity_id, organisation=None):
    """The activity with this id in this plein (and of ``organisation``), or None.
    (A partner's own hidden activity is found: it reads why it is hidden.)"""
    stmt = select(Activity).where(Activity.id == activity_id, Activity.plein_id == plein.id)
    if organisation is not None:
        stmt = stmt.where(Activity.partner_id == organisation.id)
    return db.session.scalar(stmt)


def get_schedule(activity, schedule_id):
    return next((s for s in activity.schedules if s.id == schedule_id), None)


def organisations(plein):
    """The partners an activity may belong to: the register, stopped ones aside."""
    return db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.status.not_in(("stopped", "rejected")))
        .order_by(Partner.name)).all()


def _line(value, column, field):
    value = clean_line(value or "")
    if len(value) > length_of(column):
        raise ServiceError(f"Gebruik hoogstens {length_of(column)} tekens.", field)
    return value


def _apply(plein, activity, organisation, *, title, kind, partner_id, theme_ids,
           target_groups, description, room_id, access, appointment_how, is_free, cost):
    title = _line(title, Activity.title, "title")
    if not title:
        raise ServiceError("Geef het aanbod een titel.", "title")
    if kind not in ActivityKind.values():
        raise ServiceError("Kies een soort aanbod.", "kind")
    partner = None
    if organisation is not None:
        # a partner keeps its own organisation's offer, and only that
        if partner_id != organisation.id:
            raise ServiceError(f"Je kunt alleen aanbod van {organisation.name} invullen.",
                               "partner_id")
        partner = organisation
    elif partner_id:
        partner = db.session.scalar(select(Partner).where(
            Partner.id == partner_id, Partner.plein_id == plein.id))
        if partner is None:
            raise ServiceError("Kies een organisatie uit de lijst.", "partner_id")
    themes = []
    if theme_ids:
        themes = db.session.scalars(select(Theme).where(
            Theme.plein_id == plein.id, Theme.id.in_(set(theme_ids)))).all()
        if len(themes) != len(set(theme_ids)):
            raise ServiceError("Kies thema's uit de lijst.", "theme_ids")
    room = None
    if room_id:
        room = db.session.scalar(select(Room).where(Room.id == room_id,
                                                    Room.plein_id == plein.id))
        if room is None:
            raise ServiceError("Kies een ruimte uit de lijst.", "room_id")
    if access not in Access.values():
        raise ServiceError("Kies vrije inloop of op afspraak.", "access")
    appointment_how = _line(appointment_how, Activity.appointment_how, "appointment_how")
    if access == Access.APPOINTMENT and not appointment_how:
        raise ServiceError("Schrijf erbij hoe een bezoeker een afspraak maakt.",
                           "appointment_how")
    description = clean_text(description or "")
    if len(description) > DESCRIPTION_MAX:
        raise ServiceError(f"Gebruik hoogstens {DESCRIPTION_MAX} tekens.", "description")
    cost = _line(cost, Activity.cost, "cost")
    if not is_free and not cost:
        raise ServiceError("Schrijf erbij wat het kost en wat daarvoor geregeld is, of kies "
                           "'gratis'.", "cost")
    if partner is not None and partner.is_commercial and not cost:
        raise ServiceError(COMMERCIAL_COST, "cost")
    activity.title, activity.kind, activity.partner = title, kind, partner
    activity.themes, activity.room = list(themes), room
    activity.target_groups = _line(target_groups, Activity.target_groups, "target_groups")
    activity.description, activity.access = description, access
    activity.appointment_how = appointment_how if access == Access.APPOINTMENT else ""
    activity.is_free, activity.cost = bool(is_free), cost


def create_activity(plein, *, by, organisation=None, **fields):
    """A new activity; a partner user passes its ``organisation``: the activity is then
    that organisation's, and a partner that no longer takes part adds nothing."""
    if organisation is not None and organisation.status in GONE:
        raise ServiceError(f"{organisation.name} doet niet meer mee aan het plein; nieuw "
                           "aanbod kan er niet bij. Neem contact op met de projectleider.")
    count = db.session.scalar(select(func.count()).select_from(Activity).where(
        Activity.plein_id == plein.id))
    if count >= MAX_ACTIVITIES:
        raise ServiceError(f"Dit plein heeft {MAX_ACTIVITIES} activiteiten, het maximum.",
                           "title")
    activity = Activity(plein_id=plein.id)
    _apply(plein, activity, organisation, **fields)
    db.session.add(activity)
    db.session.flush()
    audit.record("programme.activity", f"Aanbod '{activity.title}' ({activity.organisation})"
                 " toegevoegd", plein=plein, obj=activity, user=by)
    return activity


def update_activity(plein, activity, *, by, expected_version, organisation=None, **fields):
    check_version(activity, expected_version, StaleActivity(activity))
    _apply(plein, activity, organisation, **fields)
    audit.record("programme.activity", f"Aanbod '{activity.title}' bijgewerkt", plein=plein,
                 obj=activity, user=by)
    return activity


# -- when ---------------------------------------------------------------------------------


def add_schedule(plein, activity, *, rule, start_date, end_date, weekday, nth, starts,
                 ends, by):
    """A new schedule: one date, or a rule repeating from ``start_date``."""
    if rule not in Rule.values():
        raise ServiceError("Kies hoe vaak het aanbod plaatsvindt.", "rule")
    if len(activity.schedules) >= MAX_SCHEDULES:
        raise ServiceError(f"Een aanbod heeft hoogstens {MAX_SCHEDULES} tijden.", "rule")
    _check_times(starts, ends)
    if rule == Rule.ONCE:
        if start_date is None:
            raise ServiceError("Vul de datum in.", "start_date")
        weekday, nth, end_date = start_date.weekday(), None, None
    else:
        if rule == Rule.BIWEEKLY and start_date is None:
            raise ServiceError("Bij 'om de week' hoort een eerste datum: daarmee ligt vast "
                               "in welke weken het aanbod er is.", "start_date")
        if weekday is None and start_date is not None:
            weekday = start_date.weekday()
        if start_date is None:
            from plein.timeutil import local_today

            start_date = local_today()
        if weekday is None or weekday not in range(7):
            raise ServiceError("Kies de dag van de week.", "weekday")
        if rule == Rule.MONTHLY:
            if nth not in (1, 2, 3, 4, -1):
                raise ServiceError("Kies welke week van de maand.", "nth")
        else:
            nth = None
        if end_date is not None and end_date < start_date:
            raise ServiceError("De einddatum ligt voor de eerste datum.", "end_date")
    schedule = Schedule(rule=rule, start_date=start_date, end_date=end_date,
                        weekday=weekday, nth=nth, starts=starts, ends=ends)
    activity.schedules.append(schedule)
    db.session.flush()
    audit.record("programme.schedule", f"'{activity.title}': {describe(schedule)}",
                 plein=plein, obj=activity, user=by)
    return schedule


def _check_times(starts, ends):
    if not isinstance(starts, time):
        raise ServiceError("Vul de begintijd in, bijvoorbeeld 14:00.", "starts")
    if not isinstance(ends, time):
        raise ServiceError("Vul de eindtijd in, bijvoorbeeld 16:00.", "ends")
    if ends <= starts:
        raise ServiceError("De eindtijd ligt voor de begintijd (of is dezelfde).", "ends")


def remove_schedule(plein, activity, schedule, *, by):
    audit.record("programme.schedule", f"'{activity.title}': {describe(schedule)} "
                 "weggehaald", plein=plein, obj=activity, user=by)
    activity.schedules.remove(schedule)


NTH = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", -1: "laatste"}


def describe(schedule):
    """The schedule in words: "elke dinsdag 14:00–16:00 vanaf 01-12-2026"."""
    from plein.programme.models import WEEKDAYS

    hours = f"{schedule.starts:%H:%M}–{schedule.ends:%H:%M}"
    if schedule.rule == Rule.ONCE:
        return f"{WEEKDAYS[schedule.start_date.weekday()]} {schedule.start_date:%d-%m-%Y} {hours}"
    day = WEEKDAYS[schedule.weekday]
    what = {Rule.WEEKLY: f"elke {day}", Rule.BIWEEKLY: f"om de week op {day}",
            Rule.MONTHLY: f"elke {NTH.get(schedule.nth, '')} {day} van de maand"}[schedule.rule]
    until = f" tot en met {schedule.end_date:%d-%m-%Y}" if schedule.end_date else ""
    return f"{what} {hours}, vanaf {schedule.start_date:%d-%m-%Y}{until}"


def schedule_on(activity, day):
    """The schedule of ``activity`` that has ``day`` among its dates, or None."""
    return next((s for s in activity.schedules if is_date_of(s, day)), None)


def change_date(plein, activity, *, on, change, reason, new_date, new_starts, new_ends,
                person, by):
    """A change to one date of the activity: cancelled (with a reason), moved, or another
    person. A date on which it does not take place, or one already changed, is refused."""
    if on is None:
        raise ServiceError("Vul de datum in die verandert.", "on")
    schedule = schedule_on(activity, on)
    if schedule is None:
        raise ServiceError(f"Op {on:%d-%m-%Y} vindt dit aanbod niet plaats; kies een datum "
                           "uit de lijst.", "on")
    if any(c.on == on for c in schedule.changes):
        raise ServiceError(f"Voor {on:%d-%m-%Y} staat al een wijziging. Maak die eerst "
                           "ongedaan.", "on")
    if change not in Change.values():
        raise ServiceError("Kies wat er verandert.", "change")
    reason = _line(reason, OccurrenceChange.reason, "reason")
    person = _line(person, OccurrenceChange.person, "person")
    if change == Change.CANCELLED and not reason:
        raise ServiceError("Schrijf erbij waarom het niet doorgaat; bezoekers zien dat.",
                           "reason")
    if change == Change.MOVED:
        if new_date is None and new_starts is None:
            raise ServiceError("Vul de nieuwe datum of tijd in.", "new_date")
        _check_times(new_starts or schedule.starts, new_ends or schedule.ends)
    else:
        new_date = new_starts = new_ends = None
    if change == Change.OTHER_PERSON and not person:
        raise ServiceError("Vul in wie het die dag doet.", "person")
    if change != Change.OTHER_PERSON:
        person = ""
    item = OccurrenceChange(on=on, change=change, reason=reason, new_date=new_date,
                            new_starts=new_starts, new_ends=new_ends, person=person)
    schedule.changes.append(item)
    db.session.flush()
    audit.record("programme.date", f"'{activity.title}' op {on:%d-%m-%Y}: "
                 f"{item.change_label.lower()}" + (f" ({reason})" if reason else ""),
                 plein=plein, obj=activity, user=by)
    if change == Change.CANCELLED:
        from plein.programme import notices  # it reads the rota, which reads this module

        notices.date_cancelled(plein, activity, item, by=by)
    return item


def undo_change(plein, activity, on, *, by):
    schedule, item = next(((s, c) for s in activity.schedules for c in s.changes
                           if c.on == on), (None, None))
    if item is None:
        raise ServiceError("Voor die datum staat geen wijziging.", "on")
    schedule.changes.remove(item)
    audit.record("programme.date", f"'{activity.title}' op {on:%d-%m-%Y}: wijziging "
                 "ongedaan gemaakt", plein=plein, obj=activity, user=by)
