"""Evaluation moments: planning one, recording it as held (who took part, what went
well) and its improvement points, each a checklist item made through the roadmap's
service (``origin_key`` "evaluation:<id>"). Recording a moment as held marks the plein's
recurring item "Evalueren en verbeteren" done, which rolls its due date a year on."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from plein import audit
from plein.accounts.models import Membership, Role, User
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import length_of
from plein.partners.models import Partner
from plein.results.evaluation_models import (
    MAX_EVALUATIONS,
    MAX_POINTS,
    POINT_MAX,
    TEXT_MAX,
    Evaluation,
    Improvement,
)
from plein.roadmap import service as roadmap
from plein.roadmap.models import ACTIVE, ItemStatus
from plein.roadmap.phases import Phase
from plein.text import clean_line, clean_text
from plein.timeutil import local_today

ITEM_KEY = "evaluation"  # the default checklist item this feature answers
LIBRARY_ROLES = (Role.LEAD.value, Role.TEAM.value, Role.MT.value)
MAX_AHEAD_YEARS = 3


class StaleEvaluation(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft dit evaluatiemoment intussen gewijzigd. "
                         "Hieronder staat wat nu is opgeslagen; jouw invoer staat in het "
                         "formulier.", current)


# -- reading ------------------------------------------------------------------------

def evaluations_of(plein):
    """Every moment, the latest date first."""
    return db.session.scalars(
        select(Evaluation).where(Evaluation.plein_id == plein.id)
        .options(selectinload(Evaluation.improvements))  # the list counts them
        .order_by(func.coalesce(Evaluation.held_on, Evaluation.planned_on).desc(),
                  Evaluation.id.desc())).all()


def get_evaluation(plein, evaluation_id):
    return db.session.scalar(select(Evaluation).where(Evaluation.id == evaluation_id,
                                                      Evaluation.plein_id == plein.id))


def library_people(plein):
    """Who can take part for the library: the plein's lead, team and MT members."""
    return db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.plein_id == plein.id, Membership.role.in_(LIBRARY_ROLES))
        .order_by(User.name)).unique().all()


def partners_of(plein):
    return db.session.scalars(select(Partner).where(Partner.plein_id == plein.id)
                              .order_by(Partner.name)).all()


def evaluation_item(plein):
    """The plein's recurring default item "Evalueren en verbeteren", if it has one."""
    return next((item for item in roadmap.items_of(plein, phase=Phase.ASSURANCE)
                 if item.default_key == ITEM_KEY), None)


def suggested_date(plein, today=None):
    """When the next moment would be: a year after the latest one (held or planned),
    else the recurring item's due date, else in a month."""
    today = today or local_today()
    dates = [e.held_on or e.planned_on for e in evaluations_of(plein)]
    if dates:
        return max(_year_after(max(dates)), today)
    item = evaluation_item(plein)
    if item is not None and item.due_date and item.due_date >= today:
        return item.due_date
    return today + timedelta(days=30)


def _year_after(day, years=1):
    """The same date ``years`` on; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# -- checking -----------------------------------------------------------------------

def _title(value, column, label="een titel", field="title"):
    value = clean_line(value or "")
    if not value:
        raise ServiceError(f"Vul {label} in.", field)
    limit = length_of(column)
    if len(value) > limit:
        raise ServiceError(f"Gebruik hoogstens {limit} tekens.", field)
    return value


def _long(value, limit, field):
    value = clean_text(value or "")
    if len(value) > limit:
        raise ServiceError(f"Gebruik hoogstens {limit} tekens.", field)
    return value


def _planned(planned_on, today):
    if planned_on is None:
        raise ServiceError("Vul de datum in waarop de evaluatie gepland is.", "planned_on")
    if planned_on > _year_after(today, MAX_AHEAD_YEARS):
        raise ServiceError(f"Plan hoogstens {MAX_AHEAD_YEARS} jaar vooruit.", "planned_on")
    return planned_on


# -- changing -----------------------------------------------------------------------

def plan_evaluation(plein, *, by, title, planned_on, today=None):
    """A moment still to come."""
    today = today or local_today()
    count = db.session.scalar(select(func.count(Evaluation.id))
                              .where(Evaluation.plein_id == plein.id))
    if count >= MAX_EVALUATIONS:
        raise ServiceError(f"Een plein heeft hoogstens {MAX_EVALUATIONS} evaluatiemomenten.")
    evaluation = Evaluation(plein_id=plein.id, created_by_id=by.id,
                            title=_title(title, Evaluation.title),
                            planned_on=_planned(planned_on, today))
    db.session.add(evaluation)
    db.session.flush()
    audit.record("evaluation.plan", f"Evaluatiemoment '{evaluation.title}' gepland op "
                 f"{evaluation.planned_on:%d-%m-%Y}", plein=plein, obj=evaluation, user=by)
    return evaluation


def record_held(plein, evaluation, *, by, expected_version, held_on, people_ids,
                partner_ids, went_well, today=None):
    """Record (or correct) the moment as held. The first time, the recurring item
    "Evalueren en verbeteren" is marked done when it is open."""
    check_version(evaluation, expected_version, StaleEvaluation(evaluation))
    today = today or local_today()
    if held_on is None:
        raise ServiceError("Vul de datum in waarop de evaluatie is gehouden.", "held_on")
    if held_on > today:
        raise ServiceError("Een evaluatie die nog moet komen is niet gehouden: kies een "
                           "datum tot en met vandaag.", "held_on")
    people = {u.id: u for u in library_people(plein)}
    partners = {p.id: p for p in partners_of(plein)}
    if any(i not in people for i in people_ids or ()):
        raise ServiceError("Kies deelnemers van de bibliotheek uit de lijst.", "people_ids")
    if any(i not in partners for i in partner_ids or ()):
        raise ServiceError("Kies partners uit het register.", "partner_ids")
    if not people_ids and not partner_ids:
        raise ServiceError("Vink aan wie er meededen (bibliotheek of partners).",
                           "people_ids")
    first = evaluation.held_on is None
    evaluation.held_on = held_on
    evaluation.people = [people[i] for i in dict.fromkeys(people_ids or ())]
    evaluation.partners = [partners[i] for i in dict.fromkeys(partner_ids or ())]
    evaluation.went_well = _long(went_well, TEXT_MAX, "went_well")
    audit.record("evaluation.record", f"Evaluatiemoment '{evaluation.title}' "
                 f"{'gehouden' if first else 'verslag gewijzigd'} ({held_on:%d-%m-%Y}; "
                 f"{len(evaluation.people)} van de bibliotheek, "
                 f"{len(evaluation.partners)} partners)", plein=plein, obj=evaluation,
                 user=by)
    if first:
        item = evaluation_item(plein)
        if item is not None and item.status in ACTIVE:
            roadmap.set_status(plein, item, ItemStatus.DONE, by=by, today=held_on)
    return evaluation


def add_improvement(plein, evaluation, *, by, title, explanation, owner_id, due_date,
                    origin_url, today=None):
    """An improvement point: a checklist item in the borging phase with an owner and a
    deadline, made through the roadmap, that links back to the moment."""
    today = today or local_today()
    if not evaluation.is_held:
        raise ServiceError("Verbeterpunten komen uit een gehouden evaluatie: leg eerst vast "
                           "dat deze evaluatie is gehouden.")
    if len(evaluation.improvements) >= MAX_POINTS:
        raise ServiceError(f"Een evaluatie heeft hoogstens {MAX_POINTS} verbeterpunten.")
    title = _title(title, Improvement.title, "het verbeterpunt")
    explanation = _long(explanation, POINT_MAX, "explanation")
    if not owner_id:
        raise ServiceError("Kies wie het verbeterpunt oppakt.", "owner_id")
    if due_date is None:
        raise ServiceError("Vul een deadline in.", "due_date")
    if due_date < today:
        raise ServiceError("Kies een deadline vanaf vandaag.", "due_date")
    guidance = (f"Verbeterpunt uit '{evaluation.title}' van {evaluation.held_on:%d-%m-%Y}."
                + (f"\n\n{explanation}" if explanation else ""))
    item = roadmap.add_item(plein, Phase.ASSURANCE, title, by=by, guidance=guidance,
                            owner_id=owner_id, due_date=due_date,
                            origin_key=evaluation.origin_key, origin_url=origin_url)
    point = Improvement(evaluation=evaluation, title=item.title, item_id=item.id,
                        created_by_id=by.id)
    db.session.add(point)
    db.session.flush()
    audit.record("evaluation.improvement", f"Verbeterpunt '{item.title}' uit "
                 f"'{evaluation.title}' staat in het stappenplan", plein=plein,
                 obj=evaluation, user=by)
    return point
