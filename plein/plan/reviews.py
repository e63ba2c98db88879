"""Draagvlak: MT members review a submitted plan snapshot, their conditions become
checklist items, the lead answers questions, and the gate out of oriëntatie asks for it.

Functions add to the session and record audit events; the caller commits.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from plein import audit
from plein.accounts.models import Membership, Role
from plein.errors import ServiceError, StaleError
from plein.extensions import db
from plein.plan import notices
from plein.plan.conditions import condition_item, condition_phase, parse_conditions
from plein.plan.models import (
    PlanMessage,
    PlanSnapshot,
    ReviewCondition,
    ReviewDecision,
    SupportReview,
)
from plein.plan.service import COMMENT_MAX, REVIEWS_MAX, checked_text, latest_snapshot
from plein.roadmap import gates
from plein.roadmap import notices as roadmap_notices
from plein.roadmap import service as roadmap
from plein.roadmap.phases import Phase


class NewerSnapshot(StaleError):
    """The review was written on an older version; ``current`` is the newest one."""

    def __init__(self, latest):
        super().__init__(f"Er is intussen een nieuwere versie van het plan ingediend. Je "
                         f"beoordeling gaat over versie {latest.number}; je tekst staat "
                         "hieronder klaar.", latest)
        self.latest = latest


SUBMITTER = "diende deze versie zelf in"
LEAD = "projectleider van dit plein"
LEFT = "geen MT-lid meer"
REFUSED = {
    SUBMITTER: "Je hebt deze planversie zelf ingediend. Het draagvlak komt van de MT-leden "
               "die het plan niet zelf schreven.",
    LEAD: "Als projectleider van dit plein beoordeel je je eigen plan niet. Het draagvlak "
          "komt van de MT-leden.",
    LEFT: "Alleen MT-leden van dit plein beoordelen het plan.",
}


def _roles(plein, user_ids):
    """user id -> the roles that user holds in this plein now."""
    roles = {}
    for user_id, role in db.session.execute(
            select(Membership.user_id, Membership.role).where(
                Membership.plein_id == plein.id, Membership.user_id.in_(user_ids))):
        roles.setdefault(user_id, set()).add(role)
    return roles


def not_counting_reason(roles, user_id, snapshot):
    """Why a review by this person does not count for the gate ("" when it does):
    separation of duties keeps the lead and the submitter out of the MT's judgement."""
    if Role.LEAD in roles:
        return LEAD
    if user_id == snapshot.submitted_by_id:
        return SUBMITTER
    if Role.MT not in roles:
        return LEFT
    return ""


@dataclass(frozen=True)
class Standing:
    """A reviewer's latest review of a snapshot and what it means for the gate now."""

    review: SupportReview
    counts: bool  # by a current MT member who is neither a lead nor the submitter
    blocks: bool  # 'geen steun', or a question not answered, that still holds
    why: str  # Dutch: why it does not count or still blocks ("" when it simply counts)


def standings(plein, snapshot):
    """Each reviewer's latest review of ``snapshot``, oldest first, with whether it
    counts and whether it blocks. A 'geen steun' or open question keeps blocking after
    its author has left the MT, until a newer review by a counting member on this
    version (or a new version) lifts it."""
    entries = db.session.scalars(select(SupportReview).where(
        SupportReview.snapshot_id == snapshot.id).order_by(SupportReview.id)).all()
    roles = _roles(plein, {entry.user_id for entry in entries})
    done = answered(snapshot)
    reason = {uid: not_counting_reason(roles.get(uid, set()), uid, snapshot)
              for uid in {entry.user_id for entry in entries}}
    newest_counting = max((e.id for e in entries if not reason[e.user_id]), default=0)
    latest = {}
    for entry in entries:
        latest.pop(entry.user_id, None)
        latest[entry.user_id] = entry
    result = []
    for entry in latest.values():
        blocking = entry.decision == ReviewDecision.NO_SUPPORT or (
            entry.decision == ReviewDecision.QUESTIONS and entry.id not in done)
        why = reason[entry.user_id]
        if why:
            blocking = blocking and newest_counting < entry.id
            why = (f"{why}; dit blijft gelden tot een MT-lid opnieuw oordeelt of er een "
                   "nieuwe versie is" if blocking else f"telt niet: {why}")
        result.append(Standing(entry, counts=not why, blocks=blocking, why=why))
    return result


def current_reviews(plein, snapshot):
    """The reviews that count: each current MT member's latest review of this snapshot
    (never one by a lead of the plein or by whoever submitted the version)."""
    return [s.review for s in standings(plein, snapshot) if s.counts]


def answered(snapshot):
    """Ids of question reviews on this snapshot that have an answer."""
    return set(db.session.scalars(select(PlanMessage.answers_id).where(
        PlanMessage.snapshot_id == snapshot.id, PlanMessage.answers_id.is_not(None))))


def open_questions(plein, snapshot, standing=None):
    """The questions on this snapshot that still wait for the lead's answer (also one
    whose author has since left the MT)."""
    standing = standings(plein, snapshot) if standing is None else standing
    return [s.review for s in standing if s.blocks
            and s.review.decision == ReviewDecision.QUESTIONS]


def review(plein, snapshot, *, by, decision, comment="", conditions="", link=None):
    """Record ``by``'s judgement of ``snapshot``; conditions become required checklist
    items in the phase where they must be met. ``link(review)`` (given by the view) is
    the address of the review, which each condition's item links back to."""
    why = not_counting_reason(_roles(plein, {by.id}).get(by.id, set()), by.id, snapshot)
    if why:
        raise ServiceError(REFUSED[why])
    if decision not in ReviewDecision.values():
        raise ServiceError("Kies je oordeel: steun, steun onder voorwaarden, geen steun of "
                           "vragen.", "decision")
    latest = latest_snapshot(plein)
    if snapshot.id != latest.id:
        raise NewerSnapshot(latest)
    comment = checked_text(comment, "Je toelichting", COMMENT_MAX, "comment")
    conditional = decision == ReviewDecision.CONDITIONAL
    lines = parse_conditions(conditions) if conditional else []
    if conditional and not lines:
        raise ServiceError("Schrijf bij ‘steun onder voorwaarden’ minstens één voorwaarde, "
                           "één per regel.", "conditions")
    if decision == ReviewDecision.QUESTIONS and not comment:
        raise ServiceError("Schrijf je vraag of vragen in de toelichting.", "comment")
    if decision == ReviewDecision.NO_SUPPORT and not comment:
        raise ServiceError("Licht toe waarom je het plan niet steunt, zodat de "
                           "projectleider er iets mee kan.", "comment")
    previous = next((r for r in reversed(snapshot.reviews) if r.user_id == by.id), None)
    if previous is not None and (previous.decision, previous.comment,
                                 [c.text for c in previous.conditions]) == (
                                     decision, comment, lines):
        return previous  # the same review twice (a double click): nothing new
    if sum(1 for r in snapshot.reviews if r.user_id == by.id) >= REVIEWS_MAX:
        raise ServiceError(f"Je hebt planversie {snapshot.number} al {REVIEWS_MAX} keer "
                           "beoordeeld, het maximum. Je laatste oordeel blijft staan; vraag "
                           "de projectleider om een nieuwe versie als er meer verandert.",
                           "decision")
    entry = SupportReview(snapshot=snapshot, user_id=by.id, decision=decision,
                          comment=comment)
    db.session.add(entry)
    db.session.flush()
    # a condition this member gave before on this version keeps its checklist item
    earlier = {c.text: c.item for c in (previous.conditions if previous else []) if c.item}
    phase = condition_phase(plein)
    new_items = []
    for line in lines:
        item = earlier.pop(line, None) or _new(new_items, condition_item(
            plein, phase, line, by, snapshot, link(entry) if link else None))
        db.session.add(ReviewCondition(review_id=entry.id, text=line, item_id=item.id))
    for item in earlier.values():  # conditions dropped by the new review
        if not item.is_closed:
            roadmap.set_status(plein, item, "na", by=by,
                               reason=f"Vervallen: {by.name} heeft de beoordeling van "
                                      f"planversie {snapshot.number} aangepast.")
    db.session.flush()
    extra = f" met {len(lines)} voorwaarde(n) in {phase.label}" if lines else ""
    judged = ReviewDecision(decision).label.lower()
    audit.record("plan.review", f"{by.name}: {judged} bij planversie {snapshot.number}{extra}",
                 plein=plein, obj=entry, user=by)
    notices.review_given(plein, snapshot, entry, by=by, conditions=lines)
    for item in new_items:
        roadmap_notices.condition_added(plein, item, by=by, snapshot_number=snapshot.number)
    return entry


def _new(items, item):
    items.append(item)
    return item


def post_message(plein, snapshot, *, by, body, answers_id=None):
    """A message in the snapshot's thread; ``answers_id`` marks a question answered."""
    body = checked_text(body, "Je bericht", COMMENT_MAX, "body")
    if not body:
        raise ServiceError("Schrijf eerst je bericht.", "body")
    if answers_id:
        question = next((r for r in open_questions(plein, snapshot) if r.id == answers_id),
                        None)
        if question is None:
            raise ServiceError("Die vraag is al beantwoord of hoort niet bij deze versie.",
                               "answers_id")
    message = PlanMessage(author_id=by.id, body=body, answers_id=answers_id or None)
    snapshot.messages.append(message)
    db.session.flush()
    what = "antwoord op een vraag" if answers_id else "bericht"
    audit.record("plan.message", f"{by.name} plaatste een {what} bij planversie "
                 f"{snapshot.number}", plein=plein, obj=message, user=by)
    return message


def awaiting_review(latest, user):
    """``latest`` when ``user`` (an MT member) has not reviewed it yet and may."""
    if latest is None or latest.submitted_by_id == user.id or any(
            r.user_id == user.id for r in latest.reviews):
        return None
    return latest


def decision_counts(plein, snapshot):
    counts = dict.fromkeys(ReviewDecision.values(), 0)
    for entry in current_reviews(plein, snapshot):
        counts[entry.decision] += 1
    return counts


# -- the gate to voorbereiding -----------------------------------------------------------

@gates.gate_check
def mt_support(plein, phase):
    """Leaving oriëntatie needs a plan that a current MT member (not the lead, not the
    submitter) reviewed, without 'geen steun' or open questions that still hold."""
    if phase != Phase.ORIENTATION:
        return []
    values = {"plein_id": plein.id}
    latest = latest_snapshot(plein)
    if latest is None:
        return [gates.Missing("Het plan is nog niet ingediend bij het MT", "plan.index",
                              values)]
    at = {**values, "number": latest.number}
    standing = standings(plein, latest)
    missing = []
    if not any(s.counts for s in standing):
        missing.append(gates.Missing(f"Planversie {latest.number} is nog door geen enkel "
                                     "MT-lid beoordeeld", "plan.snapshot", at,
                                     "beoordelingen"))
    for s in standing:
        if not s.blocks:
            continue
        r = s.review
        text = (f"{r.user.name} steunt planversie {latest.number} niet"
                if r.decision == ReviewDecision.NO_SUPPORT else
                f"De vraag van {r.user.name} over planversie {latest.number} is nog niet "
                "beantwoord")
        if s.why:
            text += f" ({s.why})"
        missing.append(gates.Missing(text, "plan.snapshot", at, f"beoordeling-{r.id}"))
    return missing


@gates.gate_note
def who_reviewed(plein, phase):
    """The gate page says who reviewed the newest plan version, and when."""
    latest = latest_snapshot(plein) if phase == Phase.ORIENTATION else None
    if latest is None:
        return []
    at = {"plein_id": plein.id, "number": latest.number}
    return [gates.Note(f"{s.review.user.name}: {s.review.decision_label.lower()}"
                       + (f" ({s.why})" if s.why else ""),
                       group=f"Beoordelingen van planversie {latest.number}",
                       at=s.review.created_at, warning=s.blocks or not s.counts,
                       endpoint="plan.snapshot", values=at,
                       anchor=f"beoordeling-{s.review.id}")
            for s in standings(plein, latest)]


def review_count(plan):
    """Number of reviews per snapshot id (for the list of versions)."""
    return dict(db.session.execute(
        select(SupportReview.snapshot_id, func.count(func.distinct(SupportReview.user_id)))
        .join(PlanSnapshot).where(PlanSnapshot.plan_id == plan.id)
        .group_by(SupportReview.snapshot_id)).all())
