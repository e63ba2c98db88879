"""The communication plan: the person responsible, an introduction and the target
groups (each with a goal, a measurable target and a date, the core message and tone of
voice, and the means). A target group's goal can become a goal of the results feature,
measured by hand there; the two stay linked."""

from datetime import date

from sqlalchemy import select

from plein import audit
from plein.accounts.models import Membership, Role, User
from plein.communication.models import (
    TEXT_MAX,
    VALUE_MAX,
    Audience,
    CommunicationPlan,
    Means,
)
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import length_of
from plein.results import goals as results
from plein.results.models import GoalKind, Source
from plein.text import clean_line, clean_text

MAX_AUDIENCES = 30
MAX_YEARS = 5
RESPONSIBLE_ROLES = (Role.LEAD.value, Role.TEAM.value)


class StalePlan(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft het communicatieplan intussen gewijzigd. "
                         "Hieronder staat wat nu is opgeslagen; jouw invoer staat in het "
                         "formulier.", current)


class StaleAudience(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft deze doelgroep intussen gewijzigd. Hieronder "
                         "staat wat nu is opgeslagen; jouw invoer staat in het formulier.",
                         current)


def plan_of(plein):
    """The plein's plan (None before anyone saved it)."""
    return db.session.scalar(select(CommunicationPlan).where(
        CommunicationPlan.plein_id == plein.id))


def audiences_of(plein):
    return db.session.scalars(select(Audience).where(Audience.plein_id == plein.id)
                              .order_by(Audience.goal_date, Audience.id)).unique().all()


def get_audience(plein, audience_id):
    return db.session.scalar(select(Audience).where(Audience.id == audience_id,
                                                    Audience.plein_id == plein.id))


def responsibles(plein):
    """Who can be responsible for the planning: the lead and the project team."""
    return db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.plein_id == plein.id, Membership.role.in_(RESPONSIBLE_ROLES))
        .order_by(User.name)).unique().all()


def text(value, limit, label, field, *, required=False, line=True):
    """A cleaned text within its limit (a number or a model's column)."""
    value = clean_line(value or "") if line else clean_text(value or "")
    if required and not value:
        raise ServiceError(f"Vul {label} in.", field)
    limit = length_of(limit)
    if len(value) > limit:
        raise ServiceError(f"Gebruik voor {label} hoogstens {limit} tekens.", field)
    return value


def save_plan(plein, *, by, expected_version, responsible_id, introduction):
    """Name the one person responsible for the planning, and the introduction."""
    plan = plan_of(plein)
    if plan is None:
        if expected_version not in (None, 0):
            raise StalePlan(None)
        plan = CommunicationPlan(plein_id=plein.id)
        db.session.add(plan)
    else:
        check_version(plan, expected_version, StalePlan(plan))
    person = next((u for u in responsibles(plein) if u.id == responsible_id), None)
    if person is None:
        raise ServiceError("Kies één verantwoordelijke: de projectleider of iemand van het "
                           "projectteam.", "responsible_id")
    plan.responsible_id = person.id
    plan.introduction = text(introduction, TEXT_MAX, "de inleiding", "introduction",
                             line=False)
    db.session.flush()
    audit.record("communication.plan", f"Communicatieplan opgeslagen (verantwoordelijk: "
                 f"{person.name})", plein=plein, obj=plan, user=by)
    return plan


def _apply(audience, *, name, age, interests, area, media_use, goal, target, unit,
           goal_date, core_message, tone, means, means_other, today):
    audience.name = text(name, Audience.name, "de naam van de doelgroep", "name",
                         required=True)
    audience.age = text(age, Audience.age, "de leeftijd", "age")
    audience.interests = text(interests, TEXT_MAX, "de interesses", "interests", line=False)
    audience.area = text(area, Audience.area, "waar ze wonen", "area")
    audience.media_use = text(media_use, TEXT_MAX, "het mediagebruik", "media_use",
                              line=False)
    audience.goal = text(goal, Audience.goal, "het doel", "goal", required=True)
    if target is None:
        raise ServiceError("Vul een meetbaar streefcijfer in (een getal).", "target")
    if not 0 < target <= VALUE_MAX:
        raise ServiceError(f"Het streefcijfer ligt tussen 0 en {VALUE_MAX:,}."
                           .replace(",", "."), "target")
    audience.target = float(target)
    audience.unit = text(unit, Audience.unit, "de eenheid", "unit")
    if audience.unit == "%" and target > 100:
        raise ServiceError("Een percentage is hoogstens 100.", "target")
    if goal_date is None:
        raise ServiceError("Vul de datum in waarop het doel bereikt is.", "goal_date")
    if goal_date != audience.goal_date and goal_date < today:
        raise ServiceError("Die datum is al voorbij: kies een datum in de toekomst.",
                           "goal_date")
    if goal_date > date(today.year + MAX_YEARS, 12, 31):
        raise ServiceError(f"Kies een datum binnen {MAX_YEARS} jaar.", "goal_date")
    audience.goal_date = goal_date
    audience.core_message = text(core_message, TEXT_MAX, "de kernboodschap",
                                 "core_message", line=False)
    audience.tone = text(tone, Audience.tone, "de tone of voice", "tone")
    chosen = [m for m in Means.values() if m in (means or [])]
    if len(chosen) != len(set(means or [])):
        raise ServiceError("Kies middelen uit de lijst.", "means")
    audience.means = ",".join(chosen)
    audience.means_other = (text(means_other, Audience.means_other, "het andere middel",
                                 "means_other", required=True)
                            if Means.OTHER in chosen else "")
    return audience


def create_audience(plein, *, by, today, **fields):
    count = db.session.scalar(select(db.func.count(Audience.id)).where(
        Audience.plein_id == plein.id))
    if count >= MAX_AUDIENCES:
        raise ServiceError(f"Een communicatieplan heeft hoogstens {MAX_AUDIENCES} "
                           "doelgroepen.")
    audience = _apply(Audience(plein_id=plein.id), today=today, **fields)
    db.session.add(audience)
    db.session.flush()
    audit.record("communication.audience", f"Doelgroep '{audience.name}' toegevoegd",
                 plein=plein, obj=audience, user=by)
    return audience


def update_audience(plein, audience, *, by, expected_version, today, **fields):
    check_version(audience, expected_version, StaleAudience(audience))
    _apply(audience, today=today, **fields)
    audit.record("communication.audience", f"Doelgroep '{audience.name}' gewijzigd",
                 plein=plein, obj=audience, user=by)
    return audience


def to_goal(plein, audience, *, by, today):
    """Make the target group's goal a goal of the results feature (measured by hand,
    from today to the goal's date), linked back to the target group."""
    if audience.results_goal is not None:
        raise ServiceError("Dit doel staat al bij de resultaten.")
    if audience.goal_date <= today:
        raise ServiceError("De datum van dit doel is voorbij: kies eerst een nieuwe datum.")
    owner = plan_of(plein).responsible if plan_of(plein) else None
    title = f"{audience.name}: {audience.goal}"
    limit = length_of(results.Goal.title)
    if len(title) > limit:
        title = title[:limit - 1].rsplit(" ", 1)[0] + "…"
    goal = results.create_goal(
        plein, by=by, title=title, kind=GoalKind.QUANTITATIVE.value,
        why=f"Uit het communicatieplan, doelgroep '{audience.name}'. "
            f"{audience.core_message}".strip(),
        owner_id=(owner or by).id, starts_on=today, deadline=audience.goal_date,
        source=Source.MANUAL.value, theme_id=0, partner_id=0, unit=audience.unit,
        baseline=0, target=audience.target)
    audience.results_goal_id = goal.id
    audience.results_goal = goal
    audit.record("communication.audience", f"Doel van doelgroep '{audience.name}' staat nu "
                 "bij de resultaten", plein=plein, obj=audience, user=by)
    return goal
