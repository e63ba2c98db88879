"""How far a plein is: progress per phase, overdue and upcoming items."""

from dataclasses import dataclass

from sqlalchemy import select

from plein.extensions import db
from plein.roadmap.models import ACTIVE, CLOSED, ChecklistItem, ItemCompletion
from plein.roadmap.phases import Phase
from plein.timeutil import local_today


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def is_on_track(item, today=None):
    """Counts as finished for progress: done or n.v.t.; a recurring item that was done
    at least once and is not overdue."""
    return _on_track(item.status, item.recurrence, item.due_date,
                     bool(item.recurrence and item.completions), today or local_today())


def _on_track(status, recurrence, due_date, completed_once, today):
    if status in CLOSED:
        return True
    if recurrence and completed_once:
        return due_date is None or due_date >= today
    return False


def progress(items) -> dict[Phase, Progress]:
    today = local_today()
    counts = {phase: [0, 0] for phase in Phase}
    for item in items:
        count = counts[Phase(item.phase)]
        count[1] += 1
        count[0] += is_on_track(item, today)
    return {phase: Progress(done, total) for phase, (done, total) in counts.items()}


def progress_of(plein, today=None):
    """``progress(items_of(plein))`` from five columns per item, without loading the
    items, their owners and completions (for pages that show only the bars)."""
    today = today or local_today()
    completed_once = (select(ItemCompletion.id)
                      .where(ItemCompletion.item_id == ChecklistItem.id).exists())
    rows = db.session.execute(
        select(ChecklistItem.phase, ChecklistItem.status, ChecklistItem.recurrence,
               ChecklistItem.due_date, completed_once)
        .where(ChecklistItem.plein_id == plein.id)).all()
    counts = {phase: [0, 0] for phase in Phase}
    for phase, status, recurrence, due_date, completed in rows:
        count = counts[Phase(phase)]
        count[1] += 1
        count[0] += _on_track(status, recurrence, due_date, completed, today)
    return {phase: Progress(done, total) for phase, (done, total) in counts.items()}


def is_overdue(item, today=None):
    return (item.due_date is not None and item.status in ACTIVE
            and item.due_date < (today or local_today()))


def _due(plein):
    return (select(ChecklistItem)
            .where(ChecklistItem.plein_id == plein.id, ChecklistItem.due_date.is_not(None),
                   ChecklistItem.status.in_(ACTIVE))
            .order_by(ChecklistItem.due_date, ChecklistItem.id))


def overdue(plein, today=None):
    """Open or busy items past their deadline, the longest overdue first."""
    today = today or local_today()
    return db.session.scalars(_due(plein).where(ChecklistItem.due_date < today)).all()


def upcoming(plein, limit=5, today=None):
    """The next open or busy items that are not yet overdue, soonest first."""
    today = today or local_today()
    return db.session.scalars(
        _due(plein).where(ChecklistItem.due_date >= today).limit(limit)).all()
