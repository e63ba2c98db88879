"""The checklist items the programme answers (registered with the roadmap): making the
offer visible and working with themes point to the programme's pages."""

from sqlalchemy import func, select

from plein.extensions import db
from plein.programme.models import Activity, DayPart
from plein.roadmap.answers import Answer, reader


@reader
def programme_pages(plein, items):
    wanted = {item.id: item.default_key for item in items
              if item.default_key in ("visible-offer", "themes")}
    # one statement, asked whether or not such an item is shown: a page costs the same
    # number of statements whatever its filter finds (tests/test_query_budget.py)
    activities, themed = db.session.execute(select(
        select(func.count()).select_from(Activity).where(Activity.plein_id == plein.id)
        .scalar_subquery(),
        select(func.count()).select_from(DayPart).where(
            DayPart.plein_id == plein.id, DayPart.theme_id.is_not(None)).scalar_subquery(),
    )).one()
    return {item_id: (Answer(where="het programma", filled=bool(activities),
                             endpoint="programme.index") if key == "visible-offer" else
                      Answer(where="het programma: thema's op dagdelen", filled=bool(themed),
                             endpoint="programme_setup.setup", anchor="rooster"))
            for item_id, key in wanted.items()}
