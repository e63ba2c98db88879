"""Reading the afwegingstabel: each partner's scores, total and rank.

A total is the weighted score as a percentage of the maximum over the criteria that
were scored; unscored criteria are counted as missing, never as 0. Only a partner scored
on every criterion gets a rank: a partner with 6 of 11 scores would otherwise rank above
fully scored ones. The others are "onvolledig", with how many scores are missing.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from plein.assessment.defaults import SCORE_LABELS
from plein.assessment.models import Decision, Score
from plein.assessment.service import criteria_of
from plein.extensions import db
from plein.partners.models import Partner


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

    @property
    def incomplete(self):
        """Scored on some criteria, not on all: shown, never ranked."""
        return self.percent is not None and self.missing > 0


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

    Fully scored partners come first, ranked; equal totals share a rank. Then the
    incomplete ones (fewest missing first) and those without any score, without a rank.
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
        not r.complete or r.percent is None, r.percent is None,
        -(r.percent or 0) if r.complete else 0, r.missing, r.partner.name.lower()))
    previous, rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if not row.complete or row.percent is None:
            break
        if row.percent != previous:
            rank, previous = position, row.percent
        row.rank = rank
    if by_name:
        ranked.sort(key=lambda r: r.partner.name.lower())
    return criteria, ranked
