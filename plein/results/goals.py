"""Goals (doelstellingen): making and changing them, measurements entered by hand, the
plan's "beoogd resultaat" as suggestions, and every goal with its progress at once
(``overview``: a constant number of statements in the number of goals)."""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from plein import audit
from plein.accounts.models import Membership, Role, User
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import length_of
from plein.partners.models import Partner
from plein.plan import service as plan_service
from plein.programme.models import Theme
from plein.results import indicators, progress
from plein.results.models import (
    BY_PARTNER,
    BY_THEME,
    COUNTED,
    VALUE_MAX,
    WHY_MAX,
    Goal,
    GoalKind,
    Measurement,
    Source,
)
from plein.text import clean_line, clean_text
from plein.timeutil import local_today

MAX_GOALS = 200
MAX_YEARS = 5
MAX_MEASUREMENTS = 500  # per goal
OWNER_ROLES = (Role.LEAD.value, Role.TEAM.value, Role.MT.value)
SAME = ("Het streefcijfer is gelijk aan de nulmeting: dan valt er niets te bereiken. "
        "Kies een streefcijfer dat hoger (of lager) ligt.")


class StaleGoal(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft dit doel intussen gewijzigd. Hieronder staat wat "
                         "nu is opgeslagen; jouw invoer staat in het formulier.", current)


@dataclass
class Row:
    """A goal as a list or the dashboard shows it."""

    goal: Goal
    reading: indicators.Reading | None
    standing: progress.Standing

    @property
    def value(self):
        return self.reading.value if self.reading else None

    @property
    def share(self):
        return progress.share_done(self.goal, self.value)


def goals_of(plein):
    return db.session.scalars(select(Goal).where(Goal.plein_id == plein.id)
                              .order_by(Goal.deadline, Goal.id)).unique().all()


def get_goal(plein, goal_id):
    return db.session.scalar(select(Goal).where(Goal.id == goal_id,
                                                Goal.plein_id == plein.id))


def overview(plein, today=None, goals=None):
    """Every goal with its figure and standing, deadline first."""
    today = today or local_today()
    goals = goals_of(plein) if goals is None else goals
    readings = indicators.measure(plein, goals, today)
    return [Row(goal, readings.get(goal.id),
                progress.standing(goal, readings[goal.id].value if goal.id in readings
                                  else None, today)) for goal in goals]


def owners(plein):
    """Who can own a goal: the library's members of the plein (not partner users)."""
    return db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.plein_id == plein.id, Membership.role.in_(OWNER_ROLES))
        .order_by(User.name)).unique().all()


def themes_of(plein):
    return db.session.scalars(select(Theme).where(Theme.plein_id == plein.id)
                              .order_by(Theme.name)).all()


def partners_of(plein):
    return db.session.scalars(select(Partner).where(Partner.plein_id == plein.id)
                              .order_by(Partner.name)).all()


def plan_results(plein):
    """The plan's "beoogd resultaat", one suggestion per line or bullet (empty: none)."""
    plan = plan_service.plan_of(plein)
    body = next((s.body for s in plan.sections if s.key == "result"), "") if plan else ""
    lines = [re.sub(r"^\s*([-*•]|\d+[.)])\s*", "", line).strip() for line in body.splitlines()]
    return [line for line in lines if line]


def _text(value, column, label, field, *, required=True):
    value = clean_line(value or "")
    if required and not value:
        raise ServiceError(f"Vul {label} in.", field)
    limit = length_of(column)
    if len(value) > limit:
        raise ServiceError(f"Gebruik voor {label} hoogstens {limit} tekens.", field)
    return value


def _figure(value, label, field):
    if value is None:
        raise ServiceError(f"Vul {label} in (een getal).", field)
    if not 0 <= value <= VALUE_MAX:
        raise ServiceError(f"{label.capitalize()} ligt tussen 0 en {VALUE_MAX:,}."
                           .replace(",", "."), field)
    return float(value)


def _apply(plein, goal, *, title, why, kind, owner_id, starts_on, deadline, source,
           theme_id, partner_id, unit, baseline, target):
    goal.title = _text(title, Goal.title, "een titel", "title")
    why = clean_text(why or "")
    if len(why) > WHY_MAX:
        raise ServiceError(f"Gebruik voor het waarom hoogstens {WHY_MAX} tekens.", "why")
    goal.why = why
    if kind not in GoalKind.values():
        raise ServiceError("Kies of het doel meetbaar of kwalitatief is.", "kind")
    goal.kind = kind
    owner = next((u for u in owners(plein) if u.id == owner_id), None)
    if owner is None:
        raise ServiceError("Kies wie het doel trekt: iemand van de bibliotheek in dit plein.",
                           "owner_id")
    goal.owner_id = owner.id
    if starts_on is None or deadline is None:
        raise ServiceError("Vul een begin- en einddatum in.",
                           "starts_on" if starts_on is None else "deadline")
    if deadline <= starts_on:
        raise ServiceError("De einddatum ligt na de begindatum.", "deadline")
    if deadline > date(starts_on.year + MAX_YEARS, starts_on.month, min(starts_on.day, 28)):
        raise ServiceError(f"Een doel loopt hoogstens {MAX_YEARS} jaar. Splits het op in "
                           "kortere doelen.", "deadline")
    goal.starts_on, goal.deadline = starts_on, deadline
    if kind == GoalKind.QUALITATIVE:
        goal.source = goal.theme_id = goal.partner_id = goal.baseline = goal.target = None
        goal.theme_name = goal.partner_name = goal.unit = ""
        return goal
    _indicator(plein, goal, source, theme_id, partner_id, unit, baseline, target)
    return goal


def _indicator(plein, goal, source, theme_id, partner_id, unit, baseline, target):
    if source not in Source.values():
        raise ServiceError("Kies waar de cijfers vandaan komen.", "source")
    goal.source = source
    theme = partner = None
    if theme_id and source in BY_THEME:
        theme = db.session.get(Theme, theme_id)
        if theme is None or theme.plein_id != plein.id:
            raise ServiceError("Kies een thema uit het programma.", "theme_id")
    if partner_id and source in BY_PARTNER:
        partner = db.session.get(Partner, partner_id)
        if partner is None or partner.plein_id != plein.id:
            raise ServiceError("Kies een partner uit het register.", "partner_id")
    goal.theme_id, goal.theme_name = (theme.id, theme.name) if theme else (None, "")
    goal.partner_id, goal.partner_name = (partner.id, partner.name) if partner else (None, "")
    goal.unit = (_text(unit, Goal.unit, "de eenheid", "unit", required=False)
                 if source == Source.MANUAL else "")
    baseline = _figure(baseline, "de nulmeting", "baseline")
    target = _figure(target, "het streefcijfer", "target")
    if target == baseline:
        raise ServiceError(SAME, "target")
    if source in COUNTED and target < baseline:
        raise ServiceError("Dit wordt geteld vanaf de begindatum en kan alleen oplopen: kies "
                           "een streefcijfer boven de nulmeting.", "target")
    if source == Source.ROUTINE and max(baseline, target) > 100:
        raise ServiceError("Dit is een percentage: kies een streefcijfer van hoogstens 100.",
                           "target")
    goal.baseline, goal.target = baseline, target


def create_goal(plein, *, by, **fields):
    count = db.session.scalar(select(db.func.count(Goal.id)).where(Goal.plein_id == plein.id))
    if count >= MAX_GOALS:
        raise ServiceError(f"Een plein heeft hoogstens {MAX_GOALS} doelen.")
    goal = _apply(plein, Goal(plein_id=plein.id, created_by_id=by.id), **fields)
    db.session.add(goal)
    db.session.flush()
    audit.record("goal.create", f"Doel '{goal.title}' toegevoegd ({goal.kind_label.lower()}, "
                 f"tot {goal.deadline:%d-%m-%Y})", plein=plein, obj=goal, user=by)
    return goal


def update_goal(plein, goal, *, by, expected_version, **fields):
    check_version(goal, expected_version, StaleGoal(goal))
    _apply(plein, goal, **fields)
    audit.record("goal.update", f"Doel '{goal.title}' gewijzigd", plein=plein, obj=goal,
                 user=by)
    return goal


def add_measurement(plein, goal, *, by, on, value, source, today=None):
    """A figure entered by hand, for a goal whose indicator is measured by hand."""
    if not goal.is_quantitative or goal.source != Source.MANUAL:
        raise ServiceError("Dit doel meet de app zelf; metingen invoeren kan hier niet.")
    if on is None:
        raise ServiceError("Vul de datum van de meting in.", "on")
    if on > (today or local_today()):
        raise ServiceError("Een meting ligt niet in de toekomst.", "on")
    value = _figure(value, "de gemeten waarde", "value")
    source = _text(source, Measurement.source, "de bron (waar komt het getal vandaan?)",
                   "source")
    if len(goal.measurements) >= MAX_MEASUREMENTS:
        raise ServiceError(f"Een doel heeft hoogstens {MAX_MEASUREMENTS} metingen.")
    measurement = Measurement(goal=goal, on=on, value=value, source=source,
                              recorded_by_id=by.id)
    db.session.add(measurement)
    db.session.flush()
    audit.record("goal.measure", f"Meting bij '{goal.title}': {progress.number(value)} op "
                 f"{on:%d-%m-%Y} ({source})", plein=plein, obj=goal, user=by)
    return measurement
