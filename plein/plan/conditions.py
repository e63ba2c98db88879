"""MT conditions: the lines of a 'steun onder voorwaarden' review, each a required
checklist item in the phase where it must be met. Deleting such an item needs the lead and
a reason, which the condition keeps (the MT overview shows it)."""

from sqlalchemy import select

from plein.errors import ServiceError
from plein.extensions import db
from plein.plan.models import Plan, PlanSnapshot, ReviewCondition, SupportReview
from plein.plan.service import CONDITIONS_MAX, LINE_MAX
from plein.roadmap import dependents
from plein.roadmap import service as roadmap
from plein.roadmap.phases import Phase
from plein.text import clean_line
from plein.timeutil import utcnow

# the conditions' text area as a whole: ten lines of LINE_MAX, with room for bullets
CONDITIONS_TEXT_MAX = CONDITIONS_MAX * (LINE_MAX + 10)


def condition_phase(plein):
    """Conditions are met while preparing, or now when the plein is further along."""
    current = Phase(plein.current_phase)
    return Phase.PREPARATION if current.number <= Phase.PREPARATION.number else current


def parse_conditions(text):
    lines = [clean_line(line) for line in (text or "").splitlines()]
    lines = [line.lstrip("-•* ").strip() for line in lines]
    lines = [line for line in lines if line]
    if len(lines) > CONDITIONS_MAX:
        raise ServiceError(f"Geef hoogstens {CONDITIONS_MAX} voorwaarden, één per regel.",
                           "conditions")
    too_long = [line for line in lines if len(line) > LINE_MAX]
    if too_long:
        raise ServiceError(f"Een voorwaarde heeft hoogstens {LINE_MAX} tekens; maak "
                           f"‘{too_long[0][:40]}…’ korter of verdeel haar over twee regels.",
                           "conditions")
    return lines


def condition_item(plein, phase, line, by, snapshot, origin_url):
    try:
        return roadmap.add_item(
            plein, phase, line, by=by, required=True, origin_url=origin_url,
            guidance=f"Voorwaarde van {by.name} (MT) bij de beoordeling van planversie "
                     f"{snapshot.number}.")
    except ServiceError:  # the plein's checklist is full: say so to the MT member
        raise ServiceError(f"Het stappenplan van dit plein zit vol ({roadmap.MAX_ITEMS} "
                           "actiepunten), dus een voorwaarde kan er nu geen actiepunt bij "
                           "krijgen. Vraag de projectleider ruimte te maken, of geef je "
                           "oordeel zonder nieuwe voorwaarden.", "conditions") from None


@dependents.item_protector
def mt_condition(plein, item):
    """A checklist item that is an MT member's condition is deleted only with a reason,
    which the conditions keep (the MT overview shows it)."""
    conditions = db.session.scalars(select(ReviewCondition).where(
        ReviewCondition.item_id == item.id)).all()
    if not conditions:
        return None

    def deleted(by, reason):
        for condition in conditions:
            condition.removed_at = utcnow()
            condition.removed_by_id = by.id
            condition.removed_reason = reason

    return dependents.Protection(f"een voorwaarde van {conditions[-1].review.user.name} (MT)",
                              deleted)


def conditions_of(plein):
    """Every condition the MT set in this plein, one per checklist item (the newest
    review's), newest first: with its item and status, or who removed it and why."""
    rows = db.session.scalars(
        select(ReviewCondition).join(SupportReview).join(PlanSnapshot)
        .join(Plan, Plan.id == PlanSnapshot.plan_id).where(Plan.plein_id == plein.id)
        .order_by(ReviewCondition.review_id.desc(), ReviewCondition.id)).all()
    seen, result = set(), []
    for condition in rows:
        key = condition.item_id or ("removed", condition.text, condition.removed_at)
        if key not in seen:
            seen.add(key)
            result.append(condition)
    return result
