"""The checklist items meetings answer (registered with the roadmap): keeping partners
informed of each other and new partners on the agenda point to the partneroverleg,
the dag- or weekstart to its meetings; each filled once such a meeting is recorded."""

from sqlalchemy import func, select

from plein.extensions import db
from plein.meetings.models import Meeting, MeetingKind
from plein.roadmap.answers import Answer, reader

KINDS = {"know-partners": (MeetingKind.PARTNERS,),
         "new-partners": (MeetingKind.PARTNERS,),
         "daily-start": (MeetingKind.WEEK_START, MeetingKind.DAY_START)}


@reader
def meeting_pages(plein, items):
    wanted = {item.id: item.default_key for item in items if item.default_key in KINDS}
    # one statement whether or not such an item is shown (tests/test_query_budget.py)
    partners, starts = db.session.execute(select(
        select(func.count()).select_from(Meeting).where(
            Meeting.plein_id == plein.id, Meeting.kind == MeetingKind.PARTNERS)
        .scalar_subquery(),
        select(func.count()).select_from(Meeting).where(
            Meeting.plein_id == plein.id, Meeting.kind.in_(
                (MeetingKind.WEEK_START, MeetingKind.DAY_START))).scalar_subquery(),
    )).one()
    answers = {
        "know-partners": Answer(where="het overleg: partneroverleggen", filled=bool(partners),
                                endpoint="meetings.index",
                                params={"soort": MeetingKind.PARTNERS.value}),
        "new-partners": Answer(where="het overleg: de agenda van het partneroverleg "
                                     "(nieuwe partners en kandidaten)", filled=bool(partners),
                               endpoint="meetings.index",
                               params={"soort": MeetingKind.PARTNERS.value}),
        "daily-start": Answer(where="het overleg: dag- en weekstarts", filled=bool(starts),
                              endpoint="meetings.index",
                              params={"soort": MeetingKind.WEEK_START.value}),
    }
    return {item_id: answers[key] for item_id, key in wanted.items()}
