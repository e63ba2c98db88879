"""The checklist item the evaluation moments answer (registered with the roadmap):
"Evalueren en verbeteren" points to the evaluation page, filled once a moment has been
held."""

from sqlalchemy import func, select

from plein.extensions import db
from plein.results.evaluation import ITEM_KEY
from plein.results.evaluation_models import Evaluation
from plein.roadmap.answers import Answer, reader


@reader
def evaluation_page(plein, items):
    wanted = [item.id for item in items if item.default_key == ITEM_KEY]
    # one statement whether or not the item is shown (tests/test_query_budget.py)
    held = db.session.scalar(select(func.count()).select_from(Evaluation).where(
        Evaluation.plein_id == plein.id, Evaluation.held_on.is_not(None)))
    answer = Answer(where="resultaten: evaluatiemomenten", filled=bool(held),
                    endpoint="evaluations.index")
    return dict.fromkeys(wanted, answer)
