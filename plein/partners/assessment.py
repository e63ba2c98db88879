"""The afwegingstabel: weighted criteria, scores 0-3, totals, ranking, decisions.

A total is the weighted score as a percentage of the maximum over the criteria that
were scored; unscored criteria are counted as missing, never as 0. Once any score
exists the weights are locked (changing them afterwards would rig the outcome) until
the lead unlocks them, which is logged.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from plein import audit
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.partners import service as register
from plein.partners.defaults import COMMERCIAL_CHECKS, CRITERIA, GROUPS, SCORE_LABELS
from plein.partners.models import (
    DECISIONS,
    AssessmentSettings,
    CheckAnswer,
    Criterion,
    Decision,
    Partner,
    Score,
)
from plein.timeutil import utcnow

TITLE_MAX, TEXT_MAX, EXPLANATION_MAX = 120, 2_000, 500
# A decision moves a partner forward only, never back (re-saving ja for a partner that
# already takes part must not demote it): decision -> (new status, from which statuses).
DECISION_STATUS = {
    "yes": ("approached", {"candidate", "weighing", "rejected"}),
    "no": ("rejected", {"candidate", "weighing", "approached"}),
}


class StaleEdit(StaleError):
    """Someone else changed a criterion, a score or a decision first."""


# -- criteria -----------------------------------------------------------------------

def seed_criteria(plein):
    for position, default in enumerate(CRITERIA):
        db.session.add(Criterion(plein_id=plein.id, group=default.group, title=default.title,
                                 explanation=default.explanation, weight=default.weight,
                                 position=position, default_key=default.key))
    db.session.flush()


def criteria_of(plein):
    rows = db.session.scalars(select(Criterion).where(Criterion.plein_id == plein.id)
                              .order_by(Criterion.position, Criterion.id)).all()
    order = {key: i for i, key in enumerate(GROUPS)}
    return sorted(rows, key=lambda c: order.get(c.group, 99))


def get_criterion(plein, criterion_id):
    return db.session.scalar(select(Criterion).where(
        Criterion.id == criterion_id, Criterion.plein_id == plein.id))


def _settings(plein):
    settings = db.session.get(AssessmentSettings, plein.id)
    if settings is None:
        settings = AssessmentSettings(plein_id=plein.id, weights_unlocked=False)
        db.session.add(settings)
    return settings


def has_scores(plein):
    return db.session.scalar(select(func.count(Score.id)).join(Partner).where(
        Partner.plein_id == plein.id)) > 0


def weights_locked(plein):
    settings = db.session.get(AssessmentSettings, plein.id)
    return has_scores(plein) and not (settings and settings.weights_unlocked)


def _refuse_if_locked(plein):
    if weights_locked(plein):
        raise ServiceError("De gewichten liggen vast omdat er al scores zijn. Ontgrendel ze "
                           "eerst bewust; dat wordt in het logboek vastgelegd.")


def set_weights_unlocked(plein, unlocked, *, by, reason=""):
    reason = " ".join((reason or "").split())[:300]
    if unlocked and not reason:
        raise ServiceError("Geef aan waarom de gewichten na het scoren nog moeten veranderen.")
    settings = _settings(plein)
    settings.weights_unlocked = unlocked
    settings.changed_by_id, settings.changed_at = by.id, utcnow()
    if unlocked:
        audit.record("criteria.unlock", f"Gewichten ontgrendeld: {reason}", plein=plein,
                     user=by)
    else:
        audit.record("criteria.lock", "Gewichten weer vastgezet", plein=plein, user=by)


def _clean_criterion(group, title, explanation, weight):
    if group not in GROUPS:
        raise ServiceError("Kies passendheid, toegevoegde waarde of realiseerbaarheid.")
    title = " ".join((title or "").split())
    if not title:
        raise ServiceError("Geef het criterium een naam.")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"Een criterium heeft hoogstens {TITLE_MAX} tekens.")
    if len(explanation or "") > TEXT_MAX:
        raise ServiceError(f"Een toelichting heeft hoogstens {TEXT_MAX} tekens.")
    if weight not in (1, 2, 3):
        raise ServiceError("Een gewicht is 1, 2 of 3.")
    return title, (explanation or "").strip()


def add_criterion(plein, *, by, group, title, explanation, weight):
    title, explanation = _clean_criterion(group, title, explanation, weight)
    last = db.session.scalar(select(func.max(Criterion.position)).where(
        Criterion.plein_id == plein.id)) or 0
    criterion = Criterion(plein_id=plein.id, group=group, title=title,
                          explanation=explanation, weight=weight, position=last + 1)
    db.session.add(criterion)
    db.session.flush()
    audit.record("criteria.create", f"Criterium '{title}' toegevoegd (gewicht {weight})",
                 plein=plein, obj=criterion, user=by)
    return criterion


def update_criterion(plein, criterion, *, by, expected_version, group, title, explanation,
                     weight):
    check_version(criterion, expected_version, StaleEdit(
        "Iemand anders heeft dit criterium intussen gewijzigd. Hieronder staat wat je typte; "
        "de opgeslagen versie staat erboven.", criterion))
    title, explanation = _clean_criterion(group, title, explanation, weight)
    if (weight, group) != (criterion.weight, criterion.group):
        _refuse_if_locked(plein)
    summary = f"Criterium '{title}' gewijzigd"
    if weight != criterion.weight:
        summary += f" (gewicht {criterion.weight} → {weight})"
    criterion.group, criterion.title, criterion.explanation, criterion.weight = (
        group, title, explanation, weight)
    audit.record("criteria.update", summary, plein=plein, obj=criterion, user=by)


def delete_criterion(plein, criterion, *, by):
    _refuse_if_locked(plein)
    audit.record("criteria.delete", f"Criterium '{criterion.title}' verwijderd", plein=plein,
                 obj=criterion, user=by)
    db.session.delete(criterion)


# -- scores -------------------------------------------------------------------------

def set_score(plein, partner, criterion, value, explanation=None, *, by):
    """Record (or, with value None, remove) a partner's score on one criterion.

    ``explanation`` None leaves the stored explanation as it is (the matrix only sends
    the number)."""
    if partner.plein_id != plein.id or criterion.plein_id != plein.id:
        raise ServiceError("Deze partner of dit criterium hoort niet bij dit plein.")
    if explanation is not None:
        explanation = " ".join(explanation.split())
    if explanation is not None and len(explanation) > EXPLANATION_MAX:
        raise ServiceError(f"Een toelichting heeft hoogstens {EXPLANATION_MAX} tekens.")
    score = db.session.scalar(select(Score).where(
        Score.partner_id == partner.id, Score.criterion_id == criterion.id))
    if value is None:
        if score is not None:
            db.session.delete(score)
            audit.record("score.delete", f"Score van {partner.name} op '{criterion.title}' "
                         "gewist", plein=plein, obj=partner, user=by)
        return None
    if value not in SCORE_LABELS:
        raise ServiceError("Een score is 0, 1, 2 of 3.")
    if score is None:
        score = Score(partner_id=partner.id, criterion_id=criterion.id, explanation="")
        db.session.add(score)
    score.value = value
    if explanation is not None:
        score.explanation = explanation
    score.scored_by_id, score.scored_at = by.id, utcnow()
    audit.record("score.set", f"{partner.name} op '{criterion.title}': {value} "
                 f"({SCORE_LABELS[value]})", plein=plein, obj=partner, user=by)
    return score


def save_scores(plein, partner, entries, *, by):
    """Save the partner page's form: ``entries`` maps a criterion to
    (value as loaded, explanation as loaded, value sent, explanation sent).

    Only what this person changed is written. If someone else changed that same score
    since the page was loaded, nothing is saved and StaleEdit lists those criteria.
    """
    current = {s.criterion_id: s for s in db.session.scalars(
        select(Score).where(Score.partner_id == partner.id))}
    changes, clashes = [], []
    for criterion, (old_value, old_text, new_value, new_text) in entries.items():
        if (new_value, new_text) == (old_value, old_text):
            continue
        stored = current.get(criterion.id)
        stored_pair = (stored.value, stored.explanation) if stored else (None, "")
        if stored_pair != (old_value, old_text) and stored_pair != (new_value, new_text):
            clashes.append(criterion.title)
        changes.append((criterion, new_value, new_text))
    if clashes:
        raise StaleEdit("Iemand anders heeft intussen deze scores gewijzigd: "
                        + ", ".join(clashes) + ". Er is niets opgeslagen; bekijk de nieuwe "
                        "stand en sla opnieuw op.")
    for criterion, value, text in changes:
        set_score(plein, partner, criterion, value, text, by=by)
    return len(changes)


@dataclass(frozen=True, slots=True)
class ScoreValue:
    """A score as the matrix, comparison and exports read it (``Score`` without the
    cost of loading a mapped object per cell)."""

    value: int
    explanation: str

    @property
    def label(self):
        return SCORE_LABELS[self.value]


@dataclass
class Row:
    partner: Partner
    scores: dict = field(default_factory=dict)  # criterion id -> Score or ScoreValue
    percent: float | None = None
    missing: int = 0
    rank: int | None = None
    decision: Decision | None = None

    @property
    def complete(self):
        return self.missing == 0


def total(criteria, scores):
    """(percent of the maximum over scored criteria, number of unscored criteria)."""
    scored = [c for c in criteria if c.id in scores]
    missing = len(criteria) - len(scored)
    if not scored:
        return None, missing
    maximum = sum(3 * c.weight for c in scored)
    got = sum(scores[c.id].value * c.weight for c in scored)
    return round(100 * got / maximum, 1), missing


def matrix(plein, *, partner_ids=None, by_name=False, who=False):
    """Every partner's row (scores, total, missing, rank), best first (or, with
    ``by_name``, alphabetically: the ranks are the same either way).

    Partners without any score come last, without a rank; equal totals share a rank.
    ``who``: also load who scored and decided (the partner page shows it; the matrix
    of 480 cells does not need a user row joined to each score).
    """
    criteria = criteria_of(plein)
    stmt = select(Partner).where(Partner.plein_id == plein.id)
    if partner_ids is not None:
        stmt = stmt.where(Partner.id.in_(partner_ids))
    partners = db.session.scalars(stmt.order_by(func.lower(Partner.name))).all()
    ids = [p.id for p in partners]
    decisions = {d.partner_id: d for d in db.session.scalars(
        select(Decision).where(Decision.partner_id.in_(ids))
        .options(*([] if who else [lazyload(Decision.decided_by)])))}
    rows = {p.id: Row(partner=p, decision=decisions.get(p.id)) for p in partners}
    if who:
        for score in db.session.scalars(select(Score).where(Score.partner_id.in_(ids))):
            rows[score.partner_id].scores[score.criterion_id] = score
    else:  # 480 cells: plain values, no objects
        for partner_id, criterion_id, value, explanation in db.session.execute(
                select(Score.partner_id, Score.criterion_id, Score.value, Score.explanation)
                .where(Score.partner_id.in_(ids))):
            rows[partner_id].scores[criterion_id] = ScoreValue(value, explanation)
    for row in rows.values():
        row.percent, row.missing = total(criteria, row.scores)
    ranked = sorted(rows.values(), key=lambda r: (
        r.percent is None, -(r.percent or 0), r.missing, r.partner.name.lower()))
    previous, rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if row.percent is None:
            break
        if row.percent != previous:
            rank, previous = position, row.percent
        row.rank = rank
    if by_name:
        ranked.sort(key=lambda r: r.partner.name.lower())
    return criteria, ranked


# -- decisions ----------------------------------------------------------------------

def check_answers(partner):
    return {a.check_key: a for a in db.session.scalars(
        select(CheckAnswer).where(CheckAnswer.partner_id == partner.id))}


def answer_checks(plein, partner, answers, *, by):
    """Record the four commercial checks: ``answers`` maps key -> (bool or None, note).

    Returns True when a decision 'ja' was withdrawn (set to 'later') because a check
    is no longer answered with yes."""
    existing = check_answers(partner)
    for check in COMMERCIAL_CHECKS:
        answer, note = answers.get(check.key, (None, ""))
        row = existing.get(check.key)
        if answer is None:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = CheckAnswer(partner_id=partner.id, check_key=check.key)
            db.session.add(row)
        note = " ".join((note or "").split())
        if len(note) > 300:
            raise ServiceError("Een toelichting bij een controle heeft hoogstens 300 tekens.")
        row.answer, row.note = answer, note
        row.answered_by_id, row.answered_at = by.id, utcnow()
    summary = ", ".join(f"{c.key}: {_yes_no(answers.get(c.key, (None, ''))[0])}"
                        for c in COMMERCIAL_CHECKS)
    audit.record("partner.checks", f"Controles voor {partner.name} ({summary})", plein=plein,
                 obj=partner, user=by)
    db.session.flush()
    decision = decision_of(partner)
    if partner.is_commercial and decision and decision.value == "yes" and not checks_passed(
            partner):
        decision.value = "later"
        decision.decided_by_id, decision.decided_at = by.id, utcnow()
        audit.record("partner.decision", f"Besluit over {partner.name} teruggezet naar Later: "
                     "niet alle controles zijn meer met ja beantwoord", plein=plein,
                     obj=partner, user=by)
        return True
    return False


def _yes_no(value):
    return {True: "ja", False: "nee"}.get(value, "open")


checks_passed = register.checks_passed


def decision_of(partner):
    return db.session.scalar(select(Decision).where(Decision.partner_id == partner.id))


def decide(plein, partner, value, rationale, *, by, expected_version=None):
    """Record ja/nee/later with a rationale; ja and nee move the pipeline forward.

    ``expected_version`` is the decision's version the form was made from (0: there
    was none); a different one means someone else decided meanwhile."""
    if value not in DECISIONS:
        raise ServiceError("Kies ja, nee of later.")
    rationale = (rationale or "").strip()
    if not rationale:
        raise ServiceError("Leg in een paar zinnen uit waarom.")
    if len(rationale) > TEXT_MAX:
        raise ServiceError(f"Een onderbouwing heeft hoogstens {TEXT_MAX} tekens.")
    if value == "yes" and partner.is_commercial and not checks_passed(partner):
        raise ServiceError("Bij een commerciële partner kan het besluit pas 'ja' zijn als "
                           "alle vier de controles met ja zijn beantwoord.")
    decision = decision_of(partner)
    if expected_version is not None and int(expected_version) != (
            decision.version_id if decision else 0):
        raise StaleEdit("Iemand anders heeft intussen een besluit over deze partner "
                        "vastgelegd. Bekijk het en beslis opnieuw.", decision)
    if decision is None:
        decision = Decision(partner_id=partner.id)
        db.session.add(decision)
    decision.value, decision.rationale = value, rationale
    decision.decided_by_id, decision.decided_at = by.id, utcnow()
    audit.record("partner.decision", f"Besluit over {partner.name}: {DECISIONS[value]}",
                 plein=plein, obj=partner, user=by)
    target, movable = DECISION_STATUS.get(value, (None, ()))
    if partner.status in movable:
        register.set_status(plein, partner, target, by=by, force=True,
                            note=f"besluit: {DECISIONS[value].lower()}")
    return decision
