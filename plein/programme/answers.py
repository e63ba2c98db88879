"""The checklist items the programme answers (registered with the roadmap): making the
offer visible points to the folder and the screen (filled once there are activities and a
live screen link), working with themes to the grid of day-parts."""

from sqlalchemy import func, select

from plein.extensions import db
from plein.programme.links import LinkKind, ProgrammeLink
from plein.programme.models import Activity, DayPart
from plein.roadmap.answers import Answer, reader


@reader
def programme_pages(plein, items):
    wanted = {item.id: item.default_key for item in items
              if item.default_key in ("visible-offer", "themes")}
    # one statement, asked whether or not such an item is shown: a page costs the same
    # number of statements whatever its filter finds (tests/test_query_budget.py)
    activities, themed, screens = db.session.execute(select(
        select(func.count()).select_from(Activity).where(Activity.plein_id == plein.id)
        .scalar_subquery(),
        select(func.count()).select_from(DayPart).where(
            DayPart.plein_id == plein.id, DayPart.theme_id.is_not(None)).scalar_subquery(),
        select(func.count()).select_from(ProgrammeLink).where(
            ProgrammeLink.plein_id == plein.id, ProgrammeLink.kind == LinkKind.SCREEN)
        .scalar_subquery(),
    )).one()
    return {item_id: (Answer(where="het programma: folder en scherm",
                             filled=bool(activities and screens),
                             endpoint="programme_outputs.folder") if key == "visible-offer" else
                      Answer(where="het programma: thema's op dagdelen", filled=bool(themed),
                             endpoint="programme_setup.setup", anchor="rooster"))
            for item_id, key in wanted.items()}
