"""The four commercial checks of one partner, answered on the partner page.

Only what this person changed is written: an answer someone else gave meanwhile to a
check this person left alone stays. When both changed the same check differently,
nothing is saved (409) and the page shows what is stored now.
"""

from plein import audit
from plein.assessment.defaults import COMMERCIAL_CHECKS
from plein.assessment.models import CheckAnswer, CheckReply, Verdict
from plein.assessment.service import (
    NOTE_MAX,
    StaleEdit,
    check_answers,
    checks_passed,
    decision_of,
)
from plein.errors import ServiceError
from plein.extensions import db
from plein.text import clean_line
from plein.timeutil import utcnow


def _answer(value):
    return CheckReply.of(value) if value is None or isinstance(value, bool) else CheckReply(value)


def stored_answers(partner):
    """key -> (CheckReply, note) as stored now (not answered: open, no note)."""
    rows = check_answers(partner)
    return {check.key: (CheckReply.of(rows[check.key].answer), rows[check.key].note)
            if check.key in rows else (CheckReply.OPEN, "") for check in COMMERCIAL_CHECKS}


def answer_checks(plein, partner, answers, *, by, loaded=None):
    """Record the commercial checks: ``answers`` maps key -> (CheckReply or the stored
    bool/None, note); ``loaded`` the same as the page showed them (None: write every
    answer, as the seed and the demo do).

    Returns True when a decision 'ja' was withdrawn (set to 'later') because a check
    is no longer answered with yes."""
    stored = stored_answers(partner)
    wanted, clashes = {}, []
    for check in COMMERCIAL_CHECKS:
        answer, note = answers.get(check.key, (CheckReply.OPEN, ""))
        sent = (_answer(answer), clean_line(note or ""))
        if len(sent[1]) > NOTE_MAX:
            raise ServiceError(f"Een toelichting bij een controle heeft hoogstens {NOTE_MAX} "
                               "tekens.", f"note-{check.key}")
        if loaded is not None:
            seen = (_answer(loaded[check.key][0]), clean_line(loaded[check.key][1] or ""))
            if sent == seen:
                continue  # left alone: whatever is stored now stays
            if stored[check.key] not in (seen, sent):
                clashes.append(check.question)
        wanted[check.key] = sent
    if clashes:
        raise StaleEdit("Iemand anders heeft intussen deze controles anders beantwoord: "
                        + "; ".join(clashes) + ". Er is niets opgeslagen; bekijk de nieuwe "
                        "stand en sla opnieuw op.")
    rows = check_answers(partner)
    for key, (answer, note) in wanted.items():
        row = rows.get(key)
        if answer is CheckReply.OPEN:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = CheckAnswer(partner_id=partner.id, check_key=key)
            db.session.add(row)
        row.answer, row.note = answer.stored, note
        row.answered_by_id, row.answered_at = by.id, utcnow()
    result = {**stored, **wanted}
    summary = ", ".join(f"{key}: {answer.label.lower() if answer else 'open'}"
                        for key, (answer, _note) in result.items())
    audit.record("partner.checks", f"Controles voor {partner.name} ({summary})", plein=plein,
                 obj=partner, user=by)
    db.session.flush()
    decision = decision_of(partner)
    if partner.is_commercial and decision and decision.value == Verdict.YES and not (
            checks_passed(partner)):
        decision.value = Verdict.LATER
        decision.decided_by_id, decision.decided_at = by.id, utcnow()
        audit.record("partner.decision", f"Besluit over {partner.name} teruggezet naar Later: "
                     "niet alle controles zijn meer met ja beantwoord", plein=plein,
                     obj=partner, user=by)
        return True
    return False
