"""The contract's life in dates: start, end (or onbepaalde tijd) and evaluation, and
the reminders to the lead before the evaluation and end dates.

:func:`remind` is what the mail outbox calls once a day: it hands out each reminder
that fell due exactly once (a ``ContractReminder`` row and an audit event per reminder)
and returns them, so the caller mails the plein's leads. :func:`upcoming` is what the
dashboard shows. Functions add to the session; the caller commits.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from plein import audit
from plein.accounts.models import Plein
from plein.agreements.drafting import _check_draft_version, _touch
from plein.agreements.models import Agreement, ContractReminder
from plein.errors import ServiceError
from plein.extensions import db
from plein.timeutil import local_today

REMINDER_DAYS = (60, 14)  # the lead hears this many days before a date
KINDS = {"evaluation": "evaluatie", "end": "einde van het contract"}


def _nl(day):
    return day.strftime("%d-%m-%Y") if day else "—"


def set_terms(plein, agreement, *, by, expected_version, start_date, end_date, open_ended,
              evaluation_date):
    """The lead sets the dates. End date or onbepaalde tijd, not both; the end and the
    evaluation come after the start."""
    _check_draft_version(agreement, expected_version)
    if open_ended and end_date:
        raise ServiceError("Kies een einddatum óf onbepaalde tijd, niet allebei.", "end_date")
    if start_date and end_date and end_date <= start_date:
        raise ServiceError("De einddatum ligt na de begindatum.", "end_date")
    if start_date and evaluation_date and evaluation_date <= start_date:
        raise ServiceError("De evaluatie ligt na de begindatum.", "evaluation_date")
    if end_date and evaluation_date and evaluation_date > end_date:
        raise ServiceError("De evaluatie ligt vóór of op de einddatum.", "evaluation_date")
    new = (start_date, None if open_ended else end_date, bool(open_ended), evaluation_date)
    old = (agreement.start_date, agreement.end_date, agreement.open_ended,
           agreement.evaluation_date)
    if new == old:
        return False
    (agreement.start_date, agreement.end_date, agreement.open_ended,
     agreement.evaluation_date) = new
    _touch(agreement)
    end = "onbepaalde tijd" if open_ended else _nl(end_date)
    audit.record("agreement.terms", f"Looptijd: vanaf {_nl(start_date)}, tot {end}, "
                 f"evaluatie {_nl(evaluation_date)}", plein=plein, obj=agreement, user=by)
    return True


@dataclass(frozen=True)
class Reminder:
    agreement: Agreement
    kind: str  # evaluation or end
    due_on: date
    days_before: int  # the threshold reached: 60 or 14
    days_left: int

    @property
    def label(self):
        return KINDS[self.kind]

    @property
    def text(self):
        when = "vandaag" if self.days_left == 0 else f"over {self.days_left} dagen"
        what = "Evaluatie van het samenwerkingscontract" if self.kind == "evaluation" \
            else "Het samenwerkingscontract loopt af"
        return f"{what} {when} ({_nl(self.due_on)})"


def _dates(agreement):
    if agreement.evaluation_date:
        yield "evaluation", agreement.evaluation_date
    if agreement.end_date and not agreement.open_ended:
        yield "end", agreement.end_date


def upcoming(agreement, today=None):
    """The evaluation and end dates within the first reminder's reach (60 days), each
    with the nearest threshold reached; soonest first."""
    today = today or local_today()
    found = []
    for kind, due in _dates(agreement):
        left = (due - today).days
        reached = [d for d in REMINDER_DAYS if 0 <= left <= d]
        if reached:
            found.append(Reminder(agreement, kind, due, min(reached), left))
    return sorted(found, key=lambda r: r.due_on)


def due_reminders(today=None):
    """Every reminder that is due today and was not handed out before (reads only)."""
    today = today or local_today()
    given = {(r.agreement_id, r.kind, r.due_on, r.days_before)
             for r in db.session.scalars(select(ContractReminder))}
    agreements = db.session.scalars(select(Agreement).where(
        (Agreement.evaluation_date.is_not(None)) | (Agreement.end_date.is_not(None)))
        .order_by(Agreement.id))
    return [r for a in agreements for r in upcoming(a, today)
            if (a.id, r.kind, r.due_on, r.days_before) not in given]


def remind(today=None):
    """Hand out the due reminders once: record each (row + audit event) and return
    them; a second call the same day returns none. The mail outbox calls this daily
    and mails each reminder to the plein's leads."""
    reminders = due_reminders(today)
    for r in reminders:
        db.session.add(ContractReminder(agreement_id=r.agreement.id, kind=r.kind,
                                        due_on=r.due_on, days_before=r.days_before))
        audit.record("agreement.reminder", f"Herinnering aan de projectleider: {r.text}",
                     plein=db.session.get(Plein, r.agreement.plein_id), obj=r.agreement)
    db.session.flush()
    return reminders

