"""The checklist items that the plan answers (registered with the roadmap)."""

from sqlalchemy import select

from plein.extensions import db
from plein.plan.models import Plan, PlanSection
from plein.roadmap.answers import Answer, reader

# the method's checklist item (its default key) -> the plan section that answers it
SECTION_OF_ITEM = {
    "why": "why", "result": "result", "target-groups": "target_groups",
    "preconditions": "preconditions", "map-partners": "partners",
    "feasible-location": "location", "feasible-finance": "finance",
    "feasible-staff": "staff", "internal-support": "support",
    "responsibility": "responsibility", "form": "form_explained",
}


@reader
def plan_sections(plein, items):
    wanted = {item.id: SECTION_OF_ITEM[item.default_key] for item in items
              if item.default_key in SECTION_OF_ITEM}
    if not wanted:
        return {}
    sections = {key: (title, body) for key, title, body in db.session.execute(
        select(PlanSection.key, PlanSection.title, PlanSection.body)
        .join(Plan, Plan.id == PlanSection.plan_id).where(Plan.plein_id == plein.id))}
    answers = {}
    for item_id, key in wanted.items():
        title, body = sections.get(key, (None, ""))
        answers[item_id] = Answer(
            where=f"het plan: {title}" if title else "het plan", filled=bool(body.strip()),
            endpoint="plan.edit" if title else "plan.index",
            anchor=f"section-{key}" if title else None, read_endpoint="plan.index")
    return answers
