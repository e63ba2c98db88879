"""The plan's messages: a version for the MT to judge, and the MT's judgement for the
projectleiders. (Conditions that became checklist items: plein.roadmap.notices.)"""

from plein.accounts.models import Role
from plein.mail import outbox, recipients
from plein.mail.models import Kind
from plein.plan.models import ReviewDecision


def _link(plein, snapshot, anchor=None):
    return outbox.absolute("plan.snapshot", plein_id=plein.id, number=snapshot.number,
                           _anchor=anchor)


def review_requested(plein, snapshot, *, by):
    """Every current MT member of the plein (never the one who submitted it)."""
    for member in recipients.with_role(plein, Role.MT):
        if member.id == by.id:
            continue
        outbox.queue(Kind.REVIEW_REQUESTED, member,
                     f"review_requested:{snapshot.id}:{member.id}",
                     subject=f"planversie {snapshot.number} ligt klaar voor je oordeel",
                     template="mail/review_requested", link=_link(plein, snapshot),
                     plein=plein, snapshot=snapshot, by=by)


def review_given(plein, snapshot, review, *, by, conditions):
    """The projectleiders, with the decision and what the MT member wrote."""
    decision = ReviewDecision(review.decision).label.lower()
    for lead in recipients.with_role(plein, Role.LEAD):
        if lead.id == by.id:
            continue
        outbox.queue(Kind.REVIEW_GIVEN, lead, f"review_given:{review.id}:{lead.id}",
                     subject=f"{by.name} (MT) over planversie {snapshot.number}: {decision}",
                     template="mail/review_given",
                     link=_link(plein, snapshot, f"beoordeling-{review.id}"), plein=plein,
                     snapshot=snapshot, review=review, by=by, decision=decision,
                     conditions=conditions)
