"""The partners' questionnaire before an evaluation moment (partners' voice).

The lead opens it and later closes it. Each partner organisation answers once: the
first of its users to save makes the answer, a second user of the same organisation
sees that answer and may change it (a stale edit is refused, 409). The lead and the MT
see every answer with its organisation; a partner sees its own and, once closed, the
anonymous totals (``totals``). Answers hold no visitors' personal data.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from plein import audit
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.results.evaluation_models import (
    SCORE_MAX,
    SCORE_MIN,
    TEXT_MAX,
    Evaluation,
    PartnerAnswer,
    ReferralWorks,
    Survey,
)
from plein.text import clean_text, personal_in
from plein.timeutil import utcnow

PERSONAL = ("Laat persoonsgegevens van bezoekers weg (zoals een e-mailadres of "
            "telefoonnummer): deze antwoorden gaan over de samenwerking.")


class StaleAnswer(StaleError):
    def __init__(self, current):
        super().__init__("Iemand van jullie organisatie heeft de vragenlijst intussen "
                         "(opnieuw) ingevuld. Hieronder staat wat nu is opgeslagen; jouw "
                         "invoer staat in het formulier. Sla opnieuw op om die te bewaren.",
                         current)


@dataclass
class Totals:
    """The anonymous totals of a moment's answers."""

    count: int = 0
    scores: dict = field(default_factory=dict)  # 1..5 -> how many
    average: float | None = None
    referral: dict = field(default_factory=dict)  # ReferralWorks value -> how many
    works: list = field(default_factory=list)  # free texts, sorted, without organisation
    change: list = field(default_factory=list)
    referral_notes: list = field(default_factory=list)


def shown_to_partners(plein, limit=3):
    """The moments whose questionnaire partners see: open ones (to fill in) and the
    latest closed ones (their totals), the open ones first."""
    rows = db.session.scalars(select(Evaluation).where(
        Evaluation.plein_id == plein.id, Evaluation.survey != Survey.NONE)
        .order_by(Evaluation.planned_on.desc(), Evaluation.id.desc())).all()
    return sorted(rows, key=lambda e: e.survey != Survey.OPEN)[:limit]


def answers_of(evaluation):
    """Every organisation's answer, by organisation name."""
    answers = db.session.scalars(select(PartnerAnswer).where(
        PartnerAnswer.evaluation_id == evaluation.id)).all()
    return sorted(answers, key=lambda a: a.partner.name.lower())


def answer_of(evaluation, partner_id):
    return db.session.scalar(select(PartnerAnswer).where(
        PartnerAnswer.evaluation_id == evaluation.id, PartnerAnswer.partner_id == partner_id))


# Below this many answers the partners see no totals: with one or two organisations
# answering, each could tell who wrote what.
ANONYMOUS_MIN = 3


def totals(answers):
    """Counts and the average per scored question; the free texts without their
    organisation, sorted (so their order says nothing about who wrote them)."""
    result = Totals(count=len(answers),
                    scores={score: 0 for score in range(SCORE_MIN, SCORE_MAX + 1)},
                    referral={value: 0 for value in ReferralWorks.values()})
    for answer in answers:
        result.scores[answer.satisfaction] = result.scores.get(answer.satisfaction, 0) + 1
        result.referral[answer.referral] = result.referral.get(answer.referral, 0) + 1
    if answers:
        result.average = round(sum(a.satisfaction for a in answers) / len(answers), 1)
    for name in ("works", "change", "referral_notes"):
        column = "referral_note" if name == "referral_notes" else name
        texts = [getattr(a, column) for a in answers if getattr(a, column)]
        setattr(result, name, sorted(texts, key=str.lower))
    return result


def _survey(plein, evaluation, *, by, expected_version, to, allowed, refusal, action,
            summary):
    check_version(evaluation, expected_version, StaleError(
        "Deze evaluatie is intussen gewijzigd; bekijk de vragenlijst en probeer het "
        "opnieuw.", evaluation))
    if evaluation.survey not in allowed:
        raise ServiceError(refusal)
    evaluation.survey = to
    audit.record(action, summary, plein=plein, obj=evaluation, user=by)
    return evaluation


def open_survey(plein, evaluation, *, by, expected_version):
    """Partners can answer from now on (before the moment is held)."""
    if evaluation.is_held:
        raise ServiceError("Deze evaluatie is al gehouden. Open de vragenlijst bij het "
                           "volgende evaluatiemoment.")
    return _survey(plein, evaluation, by=by, expected_version=expected_version,
                   to=Survey.OPEN, allowed=(Survey.NONE,),
                   refusal="De vragenlijst is al geopend.", action="evaluation.survey_open",
                   summary=f"Vragenlijst voor partners bij '{evaluation.title}' geopend")


def close_survey(plein, evaluation, *, by, expected_version):
    """No more answers; partners now see the anonymous totals."""
    return _survey(plein, evaluation, by=by, expected_version=expected_version,
                   to=Survey.CLOSED, allowed=(Survey.OPEN,),
                   refusal="Alleen een open vragenlijst kan worden gesloten.",
                   action="evaluation.survey_close",
                   summary=f"Vragenlijst voor partners bij '{evaluation.title}' gesloten")


def _free_text(value, name):
    value = clean_text(value or "")
    if len(value) > TEXT_MAX:
        raise ServiceError(f"Gebruik hoogstens {TEXT_MAX} tekens.", name)
    if personal_in(value):  # the one check every anonymous free text uses
        raise ServiceError(PERSONAL, name)
    return value


def answer(plein, evaluation, partner, *, by, expected_version, satisfaction, works, change,
           referral, referral_note):
    """Save ``partner``'s answer. ``expected_version`` is the version of the answer the
    person saw (0: they saw none); another user of the organisation saving first makes
    it stale."""
    if evaluation.survey != Survey.OPEN:
        raise ServiceError("De vragenlijst is gesloten: je kunt niet meer antwoorden." if
                           evaluation.survey == Survey.CLOSED else
                           "De vragenlijst is nog niet geopend.")
    if satisfaction not in range(SCORE_MIN, SCORE_MAX + 1):
        raise ServiceError(f"Kies een cijfer van {SCORE_MIN} tot en met {SCORE_MAX}.",
                           "satisfaction")
    if referral not in ReferralWorks.values():
        raise ServiceError("Kies ja, deels of nee.", "referral")
    fields = {"satisfaction": satisfaction, "works": _free_text(works, "works"),
              "change": _free_text(change, "change"), "referral": referral,
              "referral_note": _free_text(referral_note, "referral_note")}
    current = answer_of(evaluation, partner.id)
    if current is None and expected_version:
        raise ServiceError("Dit antwoord bestaat niet meer; vul de vragenlijst opnieuw in.")
    if current is not None:
        check_version(current, expected_version, StaleAnswer(current))
        first = False
    else:
        current = PartnerAnswer(evaluation_id=evaluation.id, partner_id=partner.id)
        first = True
    for name, value in fields.items():
        setattr(current, name, value)
    current.answered_by_id, current.updated_at = by.id, utcnow()
    if first:
        try:
            with db.session.begin_nested():  # a colleague may save the first answer too
                db.session.add(current)
                db.session.flush()
        except IntegrityError:
            raise StaleAnswer(answer_of(evaluation, partner.id)) from None
    audit.record("evaluation.answer", f"Vragenlijst bij '{evaluation.title}' "
                 f"{'beantwoord' if first else 'antwoord gewijzigd'} namens {partner.name}",
                 plein=plein, obj=evaluation, user=by)
    return current
