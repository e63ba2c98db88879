"""The afwegingstabel: weighted criteria, scores 0-3, decisions and the commercial checks.

Once any score exists the weights are locked (changing them afterwards would rig the
outcome) until the lead unlocks them, which is logged. Totals and ranks are read in
``plein.assessment.ranking``. Functions add to the session and record an audit event;
the caller commits.
"""

from sqlalchemy import func, select

from plein import audit
from plein.assessment.defaults import COMMERCIAL_CHECKS, CRITERIA, GROUPS, SCORE_LABELS
from plein.assessment.models import (
    AssessmentSettings,
    CheckAnswer,
    Criterion,
    Decision,
    Score,
    Verdict,
)
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import length_of
from plein.partners import service as register
from plein.partners.models import Partner, PartnerKind, PartnerStatus
from plein.text import clean_line
from plein.timeutil import utcnow

TITLE_MAX, EXPLANATION_MAX = length_of(Criterion.title), length_of(Score.explanation)
TEXT_MAX = 2_000  # a criterion's explanation, a decision's rationale (Text columns)
NOTE_MAX, REASON_MAX = length_of(CheckAnswer.note), 300
WEIGHTS = (1, 2, 3)
SCORE_RANGE = "Een score is 0, 1, 2 of 3."
# decision -> (new status, from which statuses): forward only, a repeated ja never demotes
_S = PartnerStatus
DECISION_STATUS = {
    Verdict.YES: (_S.APPROACHED, {_S.CANDIDATE, _S.WEIGHING, _S.REJECTED}),
    Verdict.NO: (_S.REJECTED, {_S.CANDIDATE, _S.WEIGHING, _S.APPROACHED}),
}


class StaleEdit(StaleError):
    """Someone else changed a criterion, a score or a decision first."""


DELETE_STALE = ("Iemand anders heeft dit criterium intussen gewijzigd; het is niet "
                "verwijderd. Bekijk de nieuwe stand en verwijder het opnieuw als dat nodig is.")


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
    return db.session.scalar(select(Criterion).where(Criterion.id == criterion_id,
                                                     Criterion.plein_id == plein.id))


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
    reason = clean_line(reason or "")
    if unlocked and not reason:
        raise ServiceError("Geef aan waarom de gewichten na het scoren nog moeten veranderen.",
                           "reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"Gebruik hoogstens {REASON_MAX} tekens.", "reason")
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
        raise ServiceError("Kies passendheid, toegevoegde waarde of realiseerbaarheid.", "group")
    title = clean_line(title or "")
    if not title:
        raise ServiceError("Geef het criterium een naam.", "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"Een criterium heeft hoogstens {TITLE_MAX} tekens.", "title")
    explanation = (explanation or "").strip()
    if len(explanation) > TEXT_MAX:
        raise ServiceError(f"Een toelichting heeft hoogstens {TEXT_MAX} tekens.",
                           "explanation")
    if weight not in WEIGHTS:
        raise ServiceError("Een gewicht is 1, 2 of 3.", "weight")
    return title, explanation


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
    return criterion


def delete_criterion(plein, criterion, *, by, expected_version=None):
    """Delete a criterion as the person saw it (``expected_version``; None: the seed)."""
    if expected_version is not None:
        check_version(criterion, expected_version, StaleEdit(DELETE_STALE, criterion))
    _refuse_if_locked(plein)
    audit.record("criteria.delete", f"Criterium '{criterion.title}' verwijderd", plein=plein,
                 obj=criterion, user=by)
    db.session.delete(criterion)


# -- scores -------------------------------------------------------------------------

def _describe(value):
    return "gewist" if value is None else f"{value} ({SCORE_LABELS[value]})"


def set_score(plein, partner, criterion, value, explanation=None, *, by, log=True):
    """Record (or, with value None, remove) a partner's score on one criterion.

    ``explanation`` None leaves the stored explanation as it is (the matrix only sends
    the number). ``log`` False: the caller records one event for several scores."""
    if partner.plein_id != plein.id or criterion.plein_id != plein.id:
        raise ServiceError("Deze partner of dit criterium hoort niet bij dit plein.")
    if explanation is not None:
        explanation = clean_line(explanation)
    if explanation is not None and len(explanation) > EXPLANATION_MAX:
        raise ServiceError(f"Een toelichting heeft hoogstens {EXPLANATION_MAX} tekens.",
                           "explanation")
    score = db.session.scalar(select(Score).where(
        Score.partner_id == partner.id, Score.criterion_id == criterion.id))
    if value is None:
        if score is not None:
            db.session.delete(score)
            if log:
                audit.record("score.delete", f"Score van {partner.name} op "
                             f"'{criterion.title}' gewist", plein=plein, obj=partner, user=by)
        return None
    if value not in SCORE_LABELS:
        raise ServiceError(SCORE_RANGE, "value")
    if score is None:
        score = Score(partner_id=partner.id, criterion_id=criterion.id, explanation="")
        db.session.add(score)
    score.value = value
    if explanation is not None:
        score.explanation = explanation
    score.scored_by_id, score.scored_at = by.id, utcnow()
    if log:
        audit.record("score.set", f"{partner.name} op '{criterion.title}': "
                     f"{_describe(value)}", plein=plein, obj=partner, user=by)
    return score


def save_scores(plein, partner, entries, *, by):
    """Save the partner page's form: ``entries`` maps a criterion to
    (value as loaded, explanation as loaded, value sent, explanation sent).

    Only what this person changed is written, and logged as one event. If someone else
    changed that same score since the page was loaded, nothing is saved and StaleEdit
    lists those criteria. Returns how many scores changed.
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
        set_score(plein, partner, criterion, value, text, by=by, log=False)
    if changes:
        parts = [f"'{criterion.title}' {_describe(value)}" for criterion, value, _ in changes]
        summary = f"Scores van {partner.name}: "
        while parts and len(summary) + len(parts[0]) < 450:  # the log keeps 500 characters
            summary += parts.pop(0) + "; "
        summary += f"en nog {len(parts)} andere" if parts else ""
        audit.record("score.set", summary.removesuffix("; "), plein=plein, obj=partner, user=by)
    return len(changes)


# -- commercial checks ----------------------------------------------------------------

def check_answers(partner):
    return {a.check_key: a for a in db.session.scalars(
        select(CheckAnswer).where(CheckAnswer.partner_id == partner.id))}


def checks_passed(partner):
    """All four commercial checks answered with yes."""
    yes = set(db.session.scalars(select(CheckAnswer.check_key).where(
        CheckAnswer.partner_id == partner.id, CheckAnswer.answer.is_(True))))
    return all(check.key in yes for check in COMMERCIAL_CHECKS)


@register.guard_kind_change
def _commercial_needs_checks(partner, kind):
    """The register asks before a partner's kind changes: a partner with a 'ja' becomes
    commercial only once it has passed the four checks."""
    if kind == PartnerKind.COMMERCIAL:
        decision = decision_of(partner)
        if decision is not None and decision.value == Verdict.YES and not checks_passed(
                partner):
            raise ServiceError("Over deze partner is al 'ja' besloten. Een commerciële "
                               "partner moet eerst de vier controles doorstaan: beantwoord "
                               "die in de afwegingstabel en wijzig daarna de soort.", "kind")


# -- decisions ----------------------------------------------------------------------

def decision_of(partner):
    return db.session.scalar(select(Decision).where(Decision.partner_id == partner.id))


def decide(plein, partner, value, rationale, *, by, expected_version=None):
    """Record ja/nee/later with a rationale; ja and nee move the pipeline forward.

    ``expected_version`` is the decision's version the form was made from (0: there
    was none); a different one means someone else decided meanwhile."""
    if value not in Verdict.values():
        raise ServiceError("Kies ja, nee of later.", "value")
    value = Verdict(value)
    rationale = (rationale or "").strip()
    if not rationale:
        raise ServiceError("Leg in een paar zinnen uit waarom.", "rationale")
    if len(rationale) > TEXT_MAX:
        raise ServiceError(f"Een onderbouwing heeft hoogstens {TEXT_MAX} tekens.", "rationale")
    if value is Verdict.YES and partner.is_commercial and not checks_passed(partner):
        raise ServiceError("Bij een commerciële partner kan het besluit pas 'ja' zijn als "
                           "alle vier de controles met ja zijn beantwoord.", "value")
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
    audit.record("partner.decision", f"Besluit over {partner.name}: {value.label}",
                 plein=plein, obj=partner, user=by)
    target, movable = DECISION_STATUS.get(value, (None, ()))
    if partner.status in movable:
        register.set_status(plein, partner, target, by=by, force=True,
                            note=f"besluit: {value.label.lower()}")
    return decision
