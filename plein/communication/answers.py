"""The checklist items communication answers (registered with the roadmap): the
communication plan, marketing and informing colleagues (voorbereiding) point to the plan
and the content calendar, the communication agreements (borging) to the calendar."""

from sqlalchemy import func, select

from plein.communication.models import Audience, CalendarItem, CommunicationPlan, Means
from plein.extensions import db
from plein.roadmap.answers import Answer, reader

KEYS = ("communication-plan", "marketing", "inform-colleagues", "communication")
INTERNAL = (Means.WEEKSTART.value, Means.INTRANET.value)


@reader
def communication_pages(plein, items):
    wanted = {item.id: item.default_key for item in items if item.default_key in KEYS}
    # one statement whether or not such an item is shown (tests/test_query_budget.py)
    plans, audiences, items_count, internal = db.session.execute(select(
        select(func.count()).select_from(CommunicationPlan).where(
            CommunicationPlan.plein_id == plein.id,
            CommunicationPlan.responsible_id.is_not(None)).scalar_subquery(),
        select(func.count()).select_from(Audience).where(Audience.plein_id == plein.id)
        .scalar_subquery(),
        select(func.count()).select_from(CalendarItem).where(
            CalendarItem.plein_id == plein.id).scalar_subquery(),
        select(func.count()).select_from(CalendarItem).where(
            CalendarItem.plein_id == plein.id, CalendarItem.means.in_(INTERNAL))
        .scalar_subquery(),
    )).one()
    answers = {
        "communication-plan": Answer(where="communicatie: het communicatieplan",
                                     filled=bool(plans and audiences),
                                     endpoint="communication.plan"),
        "marketing": Answer(where="communicatie: de contentkalender",
                            filled=bool(items_count), endpoint="communication.calendar"),
        "inform-colleagues": Answer(where="communicatie: weekstart en intranet in de "
                                          "contentkalender", filled=bool(internal),
                                    endpoint="communication.calendar",
                                    params={"weergave": "lijst"}),
        "communication": Answer(where="communicatie: wie verzorgt welk kanaal",
                                filled=bool(items_count), endpoint="communication.calendar",
                                params={"weergave": "lijst"}),
    }
    return {item_id: answers[key] for item_id, key in wanted.items()}
