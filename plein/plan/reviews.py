"""Draagvlak: MT members review a submitted plan snapshot, their conditions become
checklist items, the lead answers questions, and the gate out of oriëntatie asks for it.

Functions add to the session and record audit events; the caller commits.
"""

from sqlalchemy import func, select

from plein import audit
from plein.accounts.models import Membership
from plein.errors import ServiceError
from plein.extensions import db
from plein.plan.models import (
    DECISIONS,
    PlanMessage,
    PlanSnapshot,
    ReviewCondition,
    SupportReview,
)
from plein.plan.service import COMMENT_MAX, LINE_MAX, clean_text, latest_snapshot, url_path
from plein.roadmap import gates
from plein.roadmap import service as roadmap
from plein.roadmap.phases import Phase

CONDITIONS_MAX = 10


class NewerSnapshot(ServiceError):
    def __init__(self, latest):
        super().__init__(f"Er is intussen een nieuwere versie van het plan ingediend. Je "
                         f"beoordeling gaat over versie {latest.number}; je tekst staat "
                         "hieronder klaar.")
        self.latest = latest


def current_reviews(plein, snapshot):
    """Each current MT member's latest review of this snapshot, in the order given. (A
    review by someone who has left the MT stays readable but no longer counts.)"""
    latest = {}
    for entry in db.session.scalars(
            select(SupportReview)
            .join(Membership, (Membership.user_id == SupportReview.user_id)
                  & (Membership.plein_id == plein.id) & (Membership.role == "mt"))
            .where(SupportReview.snapshot_id == snapshot.id).order_by(SupportReview.id)):
        latest.pop(entry.user_id, None)
        latest[entry.user_id] = entry
    return list(latest.values())


def answered(snapshot):
    """Ids of question reviews on this snapshot that have an answer."""
    return set(db.session.scalars(select(PlanMessage.answers_id).where(
        PlanMessage.snapshot_id == snapshot.id, PlanMessage.answers_id.is_not(None))))


def open_questions(plein, snapshot, current=None):
    """The current questions on this snapshot that the lead has not answered yet."""
    questions = [r for r in (current if current is not None
                             else current_reviews(plein, snapshot))
                 if r.decision == "questions"]
    done = answered(snapshot)
    return [r for r in questions if r.id not in done]


def condition_phase(plein):
    """Conditions are met while preparing, or now when the plein is further along."""
    current = Phase(plein.current_phase)
    return Phase.PREPARATION if current.number <= Phase.PREPARATION.number else current


def _conditions(text):
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line.lstrip("-•* ").strip() for line in lines]
    lines = [line for line in lines if line]
    if len(lines) > CONDITIONS_MAX:
        raise ServiceError(f"Geef hoogstens {CONDITIONS_MAX} voorwaarden, één per regel.")
    too_long = [line for line in lines if len(line) > LINE_MAX]
    if too_long:
        raise ServiceError(f"Een voorwaarde heeft hoogstens {LINE_MAX} tekens; maak "
                           f"‘{too_long[0][:40]}…’ korter of verdeel haar over twee regels.")
    return lines


def review(plein, snapshot, *, by, decision, comment="", conditions=""):
    """Record ``by``'s judgement of ``snapshot``; conditions become required checklist
    items in the phase where they must be met, linked back to this review."""
    if decision not in DECISIONS:
        raise ServiceError("Kies je oordeel: steun, steun onder voorwaarden, geen steun of "
                           "vragen.")
    latest = latest_snapshot(plein)
    if snapshot.id != latest.id:
        raise NewerSnapshot(latest)
    comment = clean_text(comment, "Je toelichting", COMMENT_MAX)
    lines = _conditions(conditions) if decision == "conditional" else []
    if decision == "conditional" and not lines:
        raise ServiceError("Schrijf bij ‘steun onder voorwaarden’ minstens één voorwaarde, "
                           "één per regel.")
    if decision == "questions" and not comment:
        raise ServiceError("Schrijf je vraag of vragen in de toelichting.")
    if decision == "no_support" and not comment:
        raise ServiceError("Licht toe waarom je het plan niet steunt, zodat de "
                           "projectleider er iets mee kan.")
    previous = next((r for r in reversed(snapshot.reviews) if r.user_id == by.id), None)
    if previous is not None and (previous.decision, previous.comment,
                                 [c.text for c in previous.conditions]) == (
                                     decision, comment, lines):
        return previous  # the same review twice (a double click): nothing new
    entry = SupportReview(snapshot=snapshot, user_id=by.id, decision=decision,
                          comment=comment)
    db.session.add(entry)
    db.session.flush()
    # a condition this member gave before on this version keeps its checklist item
    earlier = {c.text: c.item for c in (previous.conditions if previous else []) if c.item}
    phase = condition_phase(plein)
    for line in lines:
        item = earlier.pop(line, None) or roadmap.add_item(
            plein, phase, line, by=by, required=True,
            guidance=f"Voorwaarde van {by.name} (MT) bij de beoordeling van planversie "
                     f"{snapshot.number}.",
            origin_url=url_path("plan.snapshot", plein_id=plein.id, number=snapshot.number)
            + f"#beoordeling-{entry.id}")
        db.session.add(ReviewCondition(review_id=entry.id, text=line, item_id=item.id))
    for item in earlier.values():  # conditions dropped by the new review
        if not item.is_closed:
            roadmap.set_status(plein, item, "na", by=by,
                               reason=f"Vervallen: {by.name} heeft de beoordeling van "
                                      f"planversie {snapshot.number} aangepast.")
    db.session.flush()
    extra = f" met {len(lines)} voorwaarde(n) in {phase.label}" if lines else ""
    audit.record("plan.review", f"{by.name}: {DECISIONS[decision].lower()} bij planversie "
                 f"{snapshot.number}{extra}", plein=plein, obj=entry, user=by)
    return entry


def post_message(plein, snapshot, *, by, body, answers_id=None):
    """A message in the snapshot's thread; ``answers_id`` marks a question answered."""
    body = clean_text(body, "Je bericht", COMMENT_MAX)
    if not body:
        raise ServiceError("Schrijf eerst je bericht.")
    if answers_id:
        question = next((r for r in open_questions(plein, snapshot) if r.id == answers_id),
                        None)
        if question is None:
            raise ServiceError("Die vraag is al beantwoord of hoort niet bij deze versie.")
    message = PlanMessage(author_id=by.id, body=body, answers_id=answers_id or None)
    snapshot.messages.append(message)
    db.session.flush()
    what = "antwoord op een vraag" if answers_id else "bericht"
    audit.record("plan.message", f"{by.name} plaatste een {what} bij planversie "
                 f"{snapshot.number}", plein=plein, obj=message, user=by)
    return message


def awaiting_review(latest, user):
    """``latest`` when ``user`` (an MT member) has not reviewed it yet."""
    if latest is None or any(r.user_id == user.id for r in latest.reviews):
        return None
    return latest


def decision_counts(plein, snapshot):
    counts = dict.fromkeys(DECISIONS, 0)
    for entry in current_reviews(plein, snapshot):
        counts[entry.decision] += 1
    return counts


# -- the gate to voorbereiding -----------------------------------------------------------

@gates.gate_check
def mt_support(plein, phase):
    """Leaving oriëntatie needs a reviewed plan without 'geen steun' or open questions."""
    if phase != Phase.ORIENTATION:
        return []
    values = {"plein_id": plein.id}
    latest = latest_snapshot(plein)
    if latest is None:
        return [gates.Missing("Het plan is nog niet ingediend bij het MT", "plan.index",
                              values)]
    at = {**values, "number": latest.number}
    current = current_reviews(plein, latest)
    if not current:
        return [gates.Missing(f"Planversie {latest.number} is nog door geen enkel MT-lid "
                              "beoordeeld", "plan.snapshot", at, "beoordelingen")]
    missing = [gates.Missing(f"{r.user.name} steunt planversie {latest.number} niet",
                             "plan.snapshot", at, f"beoordeling-{r.id}")
               for r in current if r.decision == "no_support"]
    missing += [gates.Missing(f"De vraag van {r.user.name} over planversie {latest.number} "
                              "is nog niet beantwoord", "plan.snapshot", at,
                              f"beoordeling-{r.id}")
                for r in open_questions(plein, latest, current)]
    return missing


def review_count(plan):
    """Number of reviews per snapshot id (for the list of versions)."""
    return dict(db.session.execute(
        select(SupportReview.snapshot_id, func.count(func.distinct(SupportReview.user_id)))
        .join(PlanSnapshot).where(PlanSnapshot.plan_id == plan.id)
        .group_by(SupportReview.snapshot_id)).all())
