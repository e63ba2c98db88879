"""The checklist item the desk answers (registered with the roadmap): agreeing what the
plein registers points to the desk's figures, filled once contacts are being counted."""

from sqlalchemy import exists, select

from plein.desk.models import Tally
from plein.extensions import db
from plein.roadmap.answers import Answer, reader


@reader
def desk_pages(plein, items):
    wanted = [item.id for item in items if item.default_key == "registration"]
    # one statement whether or not the item is shown: a page costs the same whatever its
    # filter finds (tests/test_query_budget.py)
    counting = db.session.scalar(select(exists().where(Tally.plein_id == plein.id)))
    return {item_id: Answer(where="de balie: turven en cijfers", filled=bool(counting),
                            endpoint="desk_figures.index") for item_id in wanted}
