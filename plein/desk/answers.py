"""The checklist items the desk answers (registered with the roadmap): agreeing on what
the plein registers, on warm referral, and building new offer from recurring questions
point to the desk's pages."""

from sqlalchemy import func, select

from plein.desk.models import ReferralAgreement, Tally
from plein.desk.signals import KEY
from plein.extensions import db
from plein.roadmap.answers import Answer, reader
from plein.roadmap.models import ChecklistItem

KEYS = ("registration", "warm-referral", "new-offer")


@reader
def desk_pages(plein, items):
    wanted = {item.id: item.default_key for item in items if item.default_key in KEYS}
    # one statement whether or not such an item is shown (tests/test_query_budget.py)
    tallies, agreements, ideas = db.session.execute(select(
        select(func.count()).select_from(Tally).where(Tally.plein_id == plein.id)
        .scalar_subquery(),
        select(func.count()).select_from(ReferralAgreement).where(
            ReferralAgreement.plein_id == plein.id).scalar_subquery(),
        select(func.count()).select_from(ChecklistItem).where(
            ChecklistItem.plein_id == plein.id, ChecklistItem.origin_key.startswith(
                KEY, autoescape=True)).scalar_subquery(),
    )).one()
    answers = {
        "registration": Answer(where="de balie: turven en cijfers", filled=bool(tallies),
                               endpoint="desk_figures.index"),
        "warm-referral": Answer(where="de balie: doorverwijsafspraken (Wie kan helpen?)",
                                filled=bool(agreements), endpoint="desk_agreements.helpers"),
        "new-offer": Answer(where="het dashboard: signalen van de balie", filled=bool(ideas),
                            endpoint="dashboard.index", anchor="signals-title"),
    }
    return {item_id: answers[key] for item_id, key in wanted.items()}
