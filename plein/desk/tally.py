"""Counting contacts at the desk: record one, undo the last one within a minute, and
what the desk page shows (today's count, earlier topic words).

A tally holds no personal data at all: no name, no note, and a topic word with a phone
number or an e-mail address in it is refused. Functions add to the session; the caller
commits (``plein.saving``).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from plein import audit
from plein.accounts.models import Role
from plein.desk.models import TOPIC_MAX, Help, Referral, Tally
from plein.errors import ServiceError
from plein.extensions import db
from plein.partners.models import Partner, PartnerStatus
from plein.programme.models import DayPart, Part, Theme
from plein.programme.recurrence import week_start
from plein.text import clean_line, personal_in
from plein.timeutil import LOCAL_TZ, utcnow

UNDO_SECONDS = 60
BACK_DAYS = 31  # a forgotten contact may be counted this many days later
SUGGESTIONS = 30  # earlier topic words offered
SUGGESTION_DAYS = 180
LEFT = (PartnerStatus.STOPPED.value, PartnerStatus.REJECTED.value)

PERSONAL = ("Een onderwerp mag geen {what} bevatten: een turf is anoniem en bewaart "
            "niets over de bezoeker. Schrijf alleen waar de vraag over ging, bijvoorbeeld "
            "'donorregistratie'. Wil de bezoeker teruggebeld worden? Verwijs dan warm door.")
# the day-parts' default boundaries, for a moment outside the plein's opening hours
LATEST = ((time(12, 45), Part.MORNING), (time(17, 45), Part.AFTERNOON))


def local_now(now=None):
    return (now or utcnow()).astimezone(ZoneInfo(LOCAL_TZ))


def part_at(plein, moment):
    """The day-part of a local ``moment``: the plein's open day-part that holds it (or
    the nearest open one that day), else by the usual hours."""
    cells = db.session.scalars(select(DayPart).where(
        DayPart.plein_id == plein.id, DayPart.weekday == moment.weekday(),
        DayPart.is_open.is_(True))).all()
    clock = moment.time()
    if cells:
        def distance(cell):
            if cell.starts <= clock < cell.ends:
                return 0
            edge = cell.starts if clock < cell.starts else cell.ends
            return abs((datetime.combine(moment.date(), edge)
                        - datetime.combine(moment.date(), clock)).total_seconds())
        return Part(min(cells, key=distance).part)
    return next((part for latest, part in LATEST if clock < latest), Part.EVENING)


def topic_problem(topic):
    """Why a topic word is refused (None: it is fine)."""
    what = personal_in(topic)
    if what:
        return PERSONAL.format(what=what)
    if len(topic) > TOPIC_MAX:
        return f"Gebruik hoogstens {TOPIC_MAX} tekens: een woord of twee."
    return None


def helpers_of(plein):
    """The partners who may be named as having helped: the register, those that left
    or were turned down aside."""
    return db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.status.not_in(LEFT))
        .order_by(Partner.name)).all()


def own_organisation(plein, user):
    """The partner a partner user speaks for in this plein (None for library staff, or
    a user who also holds a library role)."""
    roles = {m.role for m in user.memberships if m.plein_id == plein.id}
    if roles & {Role.LEAD, Role.TEAM}:
        return None
    membership = next((m for m in user.memberships
                       if m.plein_id == plein.id and m.role == Role.PARTNER), None)
    return membership.partner if membership else None


def _themes(plein, theme_ids):
    wanted = set(theme_ids or ())
    if not wanted:
        raise ServiceError("Kies minstens één thema: waar ging de vraag over?", "theme_ids")
    themes = db.session.scalars(select(Theme).where(
        Theme.plein_id == plein.id, Theme.id.in_(wanted))).all() if len(wanted) <= 60 else []
    if len(themes) != len(wanted):
        raise ServiceError("Kies thema's uit de lijst. Laad de pagina opnieuw als een "
                           "thema ontbreekt.", "theme_ids")
    return themes


def _helper(plein, partner_id):
    if not partner_id:
        return None
    partner = db.session.scalar(select(Partner).where(
        Partner.id == partner_id, Partner.plein_id == plein.id))
    if partner is None:
        raise ServiceError("Kies wie er hielp uit de lijst.", "partner_id")
    if partner.status in LEFT:
        raise ServiceError(f"{partner.name} doet niet (meer) mee aan het plein; kies wie "
                           "er nu hielp.", "partner_id")
    return partner


def _when(plein, on, part, now):
    moment = local_now(now)
    today = moment.date()
    on = on or today
    if on > today:
        raise ServiceError("Die datum ligt in de toekomst. Tel een contact op de dag "
                           "zelf.", "on")
    if on < today - timedelta(days=BACK_DAYS):
        raise ServiceError(f"Turven kan tot {BACK_DAYS} dagen terug.", "on")
    if part:
        if part not in Part.values():
            raise ServiceError("Kies ochtend, middag of avond.", "part")
        return on, Part(part)
    return on, part_at(plein, moment)


def record(plein, *, theme_ids, help, partner_id, topic, on=None, part=None, by,
           now=None):
    """Count one contact; returns the new Tally. ``on``/``part`` None: from the clock."""
    if help not in Help.values():
        raise ServiceError("Kies wat er gebeurde: tik op een van de vier knoppen.", "help")
    own = own_organisation(plein, by)
    if own is not None and own.status in LEFT:
        raise ServiceError(f"{own.name} doet niet (meer) mee aan dit plein, dus turven "
                           "kan niet meer op naam van deze organisatie.")
    themes = _themes(plein, theme_ids)
    partner = _helper(plein, partner_id)
    topic = clean_line(topic or "").lower()
    problem = topic_problem(topic)
    if problem:
        raise ServiceError(problem, "topic")
    on, part = _when(plein, on, part, now)
    monday = week_start(on)
    tally = Tally(plein_id=plein.id, on=on, week_of=monday, month_of=on.replace(day=1),
                  part=part.value, help=help, partner=partner, topic=topic,
                  recorded_by_id=by.id, created_at=now or utcnow())
    tally.themes = themes
    db.session.add(tally)
    db.session.flush()
    return tally


def last_of(plein, user):
    """The latest tally this user counted by tapping in this plein, or None. The tally
    of a warm referral is left out: it goes with its referral, and undoing it would
    leave a referral that no longer counts."""
    referred = select(Referral.id).where(Referral.tally_id == Tally.id).exists()
    return db.session.scalar(select(Tally).where(
        Tally.plein_id == plein.id, Tally.recorded_by_id == user.id, ~referred)
        .order_by(Tally.created_at.desc(), Tally.id.desc()).limit(1))


def undoable(tally, now=None):
    """True while the tally may still be taken back (one minute)."""
    return tally is not None and (now or utcnow()) - tally.created_at <= timedelta(
        seconds=UNDO_SECONDS)


def undo(plein, tally_id, *, by, now=None):
    """Take back one's own last tally within the minute (a mis-tap)."""
    last = last_of(plein, by)
    if last is None or last.id != tally_id:
        raise ServiceError("Alleen je eigen laatste turf kan ongedaan worden gemaakt, en "
                           "die is dit niet (meer).")
    if not undoable(last, now):
        raise ServiceError("Ongedaan maken kan tot een minuut na het turven. Deze turf "
                           "is al ouder en blijft staan; één turf te veel valt in de "
                           "cijfers weg.")
    audit.record("desk.undo", f"Turf van {last.on:%d-%m-%Y} ({last.part_label}, "
                 f"{last.help_label.lower()}) ongedaan gemaakt", plein=plein, obj=last,
                 user=by)
    db.session.delete(last)
    db.session.flush()
    return last


def count_on(plein, day):
    return db.session.scalar(select(func.count()).select_from(Tally).where(
        Tally.plein_id == plein.id, Tally.on == day))


def topic_suggestions(plein, today):
    """Earlier topic words of this plein, the most used first (counted in SQL)."""
    return db.session.scalars(
        select(Tally.topic).where(Tally.plein_id == plein.id, Tally.topic != "",
                                  Tally.on >= today - timedelta(days=SUGGESTION_DAYS))
        .group_by(Tally.topic).order_by(func.count().desc(), Tally.topic)
        .limit(SUGGESTIONS)).all()
