"""The afwegingstabel: matrix with inline scores, partner page, criteria, decisions,
comparison, exports. Never shown to partner users (assessment.view excludes them)."""

from flask import Blueprint, abort, request, url_for

from plein.accounts.access import guard, me
from plein.assessment import ranking
from plein.assessment import service as assessment
from plein.assessment.checks import answer_checks as answer_checks_of
from plein.assessment.checks import stored_answers
from plein.assessment.defaults import COMMERCIAL_CHECKS, GROUPS, SCORE_LABELS
from plein.assessment.export import matrix_csv, matrix_xlsx
from plein.assessment.forms import (
    ChecksForm,
    CriterionEditForm,
    CriterionForm,
    DecisionForm,
    ScoreForm,
    UnlockForm,
    checks_data,
    scores_form,
)
from plein.assessment.models import Verdict
from plein.exports import download
from plein.forms import EmptyForm, VersionForm
from plein.htmx import redirect_after_post, render, wants_fragment
from plein.partners import service as register
from plein.saving import save, saved
from plein.timeutil import local_today

bp = Blueprint("assessment", __name__, url_prefix="/p/<int:plein_id>/afwegingstabel")
MATRIX = "assessment/index.html"


def _partner_or_404(plein, partner_id):
    return register.get_partner(plein, partner_id) or abort(404)


def _matrix_context(plein, sort, *, page=True):
    """What the matrix page needs; ``page`` False: only what its htmx blocks need."""
    criteria, rows = ranking.matrix(plein, by_name=sort != "rang")
    return {"plein": plein, "criteria": criteria, "rows": rows, "sort": sort,
            "groups": GROUPS, "score_labels": SCORE_LABELS,
            "locked": assessment.weights_locked(plein) if page else None}


@bp.route("/")
@guard("assessment.view")
def index(plein):
    """Partners x criteria, grouped by the three headings; totals and ranks."""
    sort = request.args.get("sort", "naam")
    return render(MATRIX, **_matrix_context(plein, sort))


def _cells(plein, partner, status=200):
    """After one cell: the partner's total, every rank and the ranking, out-of-band (the
    select keeps the value chosen); a plain request gets the whole matrix."""
    context = _matrix_context(plein, request.args.get("sort", "naam"),
                              page=not wants_fragment())
    row = next(r for r in context["rows"] if r.partner.id == partner.id)
    return render(MATRIX, ["total", "ranks", "ranking"], status=status, row=row, **context)


@bp.route("/score/<int:partner_id>/<int:criterion_id>", methods=["POST"])
@guard("assessment.edit")
def score(plein, partner_id, criterion_id):
    """One cell of the matrix (saved as it changes, so no message on success)."""
    partner = _partner_or_404(plein, partner_id)
    criterion = assessment.get_criterion(plein, criterion_id) or abort(404)
    form = ScoreForm()
    return save(form, lambda: assessment.set_score(
                    plein, partner, criterion, form.value.data, form.sent_explanation(),
                    by=me()),
                done=lambda _score: redirect_after_post(
                    url_for("assessment.partner", plein_id=plein.id, partner_id=partner.id),
                    lambda: _cells(plein, partner)),
                again=lambda status: _cells(plein, partner, status))


def _partner_page(plein, partner, *, scores=None, checks=None, decision_form=None,
                  status=200):
    """The partner page; a refused form comes back as it was sent."""
    criteria, rows = ranking.matrix(plein, partner_ids=[partner.id], who=True)
    row = rows[0]
    stored = {c.id: (row.scores[c.id].value, row.scores[c.id].explanation)
              if c.id in row.scores else (None, "") for c in criteria}
    if scores is None:
        data = {}
        for cid, (value, text) in stored.items():
            data |= {f"orig-{cid}": value, f"orig-explanation-{cid}": text,
                     f"score-{cid}": value, f"explanation-{cid}": text}
        scores = scores_form(criteria)(formdata=None, data=data)
    elif status == 409:
        scores.reload(stored)
    if checks is None:
        checks = ChecksForm(formdata=None, data=checks_data(stored_answers(partner)))
    elif status == 409:
        checks.reload(stored_answers(partner))
    decision = assessment.decision_of(partner)
    decision_form = decision_form or DecisionForm(
        formdata=None, value=decision.value if decision else Verdict.LATER,
        rationale=decision.rationale if decision else "",
        version=decision.version_id if decision else 0)
    return render("assessment/partner.html", status=status, plein=plein, partner=partner,
                  criteria=criteria, row=row, groups=GROUPS, stored=stored, scores=scores,
                  stale=status == 409,
                  checks=COMMERCIAL_CHECKS, checks_form=checks, decision=decision,
                  decision_form=decision_form)


@bp.route("/partner/<int:partner_id>")
@guard("assessment.view")
def partner(plein, partner_id):
    """One partner's scores with explanations, its total, the decision and checks."""
    return _partner_page(plein, _partner_or_404(plein, partner_id))


def _to_partner(plein, partner, message, anchor=None):
    return lambda _result: saved(message() if callable(message) else message, url_for(
        "assessment.partner", plein_id=plein.id, partner_id=partner.id, _anchor=anchor))


@bp.route("/partner/<int:partner_id>/scores", methods=["POST"])
@guard("assessment.edit")
def save_scores(plein, partner_id):
    """Save every score of one partner at once (the form that works without JavaScript);
    only what this person changed, never over what someone else saved meanwhile."""
    partner = _partner_or_404(plein, partner_id)
    criteria = assessment.criteria_of(plein)
    form = scores_form(criteria)()
    return save(form, lambda: assessment.save_scores(plein, partner, form.entries(criteria),
                                                     by=me()),
                done=_to_partner(plein, partner, f"Scores van {partner.name} opgeslagen."),
                again=lambda status: _partner_page(plein, partner, scores=form,
                                                   status=status))


@bp.route("/partner/<int:partner_id>/controles", methods=["POST"])
@guard("assessment.edit")
def answer_checks(plein, partner_id):
    """The four checks a commercial partner must pass before a decision ja."""
    partner = _partner_or_404(plein, partner_id)
    form = ChecksForm()
    withdrawn = []
    return save(form, lambda: withdrawn.append(answer_checks_of(
                    plein, partner, form.answers(), by=me(), loaded=form.answers("was-"))),
                done=_to_partner(plein, partner, lambda: "Controles opgeslagen." + (
                    " Het besluit ‘ja’ is teruggezet naar ‘later’: niet alle controles zijn "
                    "met ja beantwoord." if withdrawn[0] else ""), anchor="controles"),
                again=lambda status: _partner_page(plein, partner, checks=form,
                                                   status=status))


@bp.route("/partner/<int:partner_id>/besluit", methods=["POST"])
@guard("assessment.edit")
def decide(plein, partner_id):
    """Record ja / nee / later with a rationale."""
    partner = _partner_or_404(plein, partner_id)
    form = DecisionForm()
    return save(form, lambda: assessment.decide(
                    plein, partner, form.value.data, form.rationale.data, by=me(),
                    expected_version=form.version.data),
                done=_to_partner(plein, partner, f"Besluit over {partner.name} vastgelegd."),
                again=lambda status: _partner_page(plein, partner, decision_form=form,
                                                   status=status))


@bp.route("/vergelijk")
@guard("assessment.view")
def compare(plein):
    """2 to 4 partners side by side."""
    ids = {int(v) for v in request.args.getlist("p") if v.isascii() and v.isdigit()
           and len(v) < 10}
    criteria, rows = ranking.matrix(plein, partner_ids=ids if 2 <= len(ids) <= 4 else [])
    return render("assessment/compare.html", plein=plein, criteria=criteria, rows=rows,
                  groups=GROUPS, score_labels=SCORE_LABELS, asked=len(ids), chosen=ids,
                  everyone=register.list_partners(plein))


# -- criteria -----------------------------------------------------------------------

def _criteria_page(plein, *, new_form=None, unlock_form=None, edited=None, status=200):
    """``edited``: (criterion id, its form as sent), shown after a refusal."""
    criteria = assessment.criteria_of(plein)
    forms = {c.id: CriterionEditForm(formdata=None, obj=c, version=c.version_id).number(c.id)
             for c in criteria}
    if edited is not None and edited[0] in forms:
        forms[edited[0]] = edited[1]
    return render("assessment/criteria.html", status=status, plein=plein, criteria=criteria,
                  forms=forms, new_form=new_form or CriterionForm(formdata=None, weight=2),
                  unlock_form=unlock_form or UnlockForm(formdata=None), groups=GROUPS,
                  locked=assessment.weights_locked(plein),
                  scored=assessment.has_scores(plein))


def _to_criteria(plein, message):
    return lambda result: saved(message(result), url_for("assessment.criteria",
                                                         plein_id=plein.id))


@bp.route("/criteria")
@guard("assessment.view")
def criteria(plein):
    """The criteria with their weights; the lead edits them."""
    return _criteria_page(plein)


@bp.route("/criteria", methods=["POST"])
@guard("criteria.edit")
def add_criterion(plein):
    form = CriterionForm()
    return save(form, lambda: assessment.add_criterion(plein, by=me(), **form.for_service()),
                done=_to_criteria(plein, lambda c: f"Criterium '{c.title}' toegevoegd."),
                again=lambda status: _criteria_page(plein, new_form=form, status=status))


@bp.route("/criteria/<int:criterion_id>", methods=["POST"])
@guard("criteria.edit")
def update_criterion(plein, criterion_id):
    """Save a criterion; a stale save shows what is stored next to what was typed (409)."""
    criterion = assessment.get_criterion(plein, criterion_id) or abort(404)
    form = CriterionEditForm().number(criterion_id)
    return save(form, lambda: assessment.update_criterion(
                    plein, criterion, by=me(), expected_version=form.version.data,
                    **form.for_service()),
                done=_to_criteria(plein, lambda c: f"Criterium '{c.title}' opgeslagen."),
                again=lambda status: _criteria_page(plein, edited=(criterion_id, form),
                                                    status=status))


@bp.route("/criteria/<int:criterion_id>/verwijderen", methods=["POST"])
@guard("criteria.edit")
def delete_criterion(plein, criterion_id):
    criterion = assessment.get_criterion(plein, criterion_id) or abort(404)
    title, form = criterion.title, VersionForm()
    return save(form, lambda: assessment.delete_criterion(plein, criterion, by=me(),
                                                          expected_version=form.version.data),
                done=_to_criteria(plein, lambda _: f"Criterium '{title}' verwijderd."),
                again=lambda status: _criteria_page(plein, status=status))


@bp.route("/gewichten/ontgrendelen", methods=["POST"])
@guard("criteria.edit")
def unlock(plein):
    """Allow weight changes after scoring, on purpose and with a reason (logged)."""
    form = UnlockForm()
    return save(form, lambda: assessment.set_weights_unlocked(plein, True, by=me(),
                                                              reason=form.reason.data),
                done=_to_criteria(plein, lambda _: "De gewichten kunnen weer worden "
                                  "aangepast. Zet ze daarna weer vast."),
                again=lambda status: _criteria_page(plein, unlock_form=form, status=status))


@bp.route("/gewichten/vergrendelen", methods=["POST"])
@guard("criteria.edit")
def lock(plein):
    return save(EmptyForm(), lambda: assessment.set_weights_unlocked(plein, False, by=me()),
                done=_to_criteria(plein, lambda _: "De gewichten liggen weer vast."),
                again=lambda status: _criteria_page(plein, status=status))


# -- exports ------------------------------------------------------------------------

@bp.route("/export.csv")
@guard("assessment.view")
def export_csv(plein):
    """The matrix with weights, scores, totals and decisions as CSV."""
    return download(matrix_csv(plein), "afwegingstabel", plein, "csv")


@bp.route("/export.xlsx")
@guard("assessment.view")
def export_xlsx(plein):
    """The same as an Excel workbook."""
    return download(matrix_xlsx(plein), "afwegingstabel", plein, "xlsx")


@bp.route("/afdrukken")
@guard("assessment.view")
def print_view(plein):
    """The ranked matrix on paper, for the MT."""
    criteria, rows = ranking.matrix(plein)
    return render("assessment/print.html", plein=plein, criteria=criteria, rows=rows,
                  groups=GROUPS, today=local_today())
