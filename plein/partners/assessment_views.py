"""The afwegingstabel: matrix with inline scores, partner page, criteria, decisions,
comparison, exports. Never shown to partner users (assessment.view excludes them)."""

from flask import Blueprint, abort, flash, request, url_for

from plein.accounts.access import guard, me
from plein.errors import ServiceError
from plein.exports import download
from plein.extensions import db
from plein.forms import error_text
from plein.htmx import redirect_after_post, render, wants_fragment
from plein.partners import assessment
from plein.partners import service as register
from plein.partners.defaults import COMMERCIAL_CHECKS, GROUPS, SCORE_LABELS
from plein.partners.export import matrix_csv, matrix_xlsx
from plein.partners.forms import CriterionForm, DecisionForm, UnlockForm
from plein.timeutil import local_today

bp = Blueprint("assessment", __name__, url_prefix="/p/<int:plein_id>/afwegingstabel")
MATRIX = "assessment/index.html"


def _score_value(raw):
    """'' means not scored; anything else must be 0-3 (refused with a Dutch message)."""
    if raw in (None, ""):
        return None
    if raw not in ("0", "1", "2", "3"):
        raise ServiceError("Een score is 0, 1, 2 of 3.")
    return int(raw)


def _matrix_context(plein, sort, *, page=True):
    """What the matrix page needs; ``page`` False: only what its htmx blocks need."""
    criteria, rows = assessment.matrix(plein, by_name=sort != "rang")
    return {"plein": plein, "criteria": criteria, "rows": rows, "sort": sort,
            "groups": GROUPS, "score_labels": SCORE_LABELS,
            "locked": assessment.weights_locked(plein) if page else None}


@bp.route("/")
@guard("assessment.view")
def index(plein):
    """Partners x criteria, grouped by the three headings; totals and ranks."""
    sort = request.args.get("sort", "naam")
    return render(MATRIX, **_matrix_context(plein, sort))


@bp.route("/score/<int:partner_id>/<int:criterion_id>", methods=["POST"])
@guard("assessment.edit")
def score(plein, partner_id, criterion_id):
    """One cell: htmx gets the partner's total, every rank and the ranking back, all
    out-of-band (the select itself keeps the value the user chose)."""
    partner = register.get_partner(plein, partner_id) or abort(404)
    criterion = assessment.get_criterion(plein, criterion_id) or abort(404)
    assessment.set_score(plein, partner, criterion, _score_value(request.form.get("value")),
                         request.form.get("explanation"), by=me())
    db.session.commit()
    if wants_fragment():
        context = _matrix_context(plein, request.args.get("sort", "naam"), page=False)
        row = next(r for r in context["rows"] if r.partner.id == partner.id)
        return render(MATRIX, ["total", "ranks", "ranking"], row=row, **context)
    return redirect_after_post(url_for("assessment.partner", plein_id=plein.id,
                                       partner_id=partner.id))


def _partner_page(plein, partner, *, decision_form=None, status=200, errors=None,
                  typed=None):
    """``typed``: criterion id -> (value, explanation) as sent, shown instead of the
    stored scores after an error so nothing typed is lost."""
    criteria, rows = assessment.matrix(plein, partner_ids=[partner.id], who=True)
    decision = assessment.decision_of(partner)
    decision_form = decision_form or DecisionForm(
        formdata=None, value=decision.value if decision else "later",
        rationale=decision.rationale if decision else "",
        version=decision.version_id if decision else 0)
    stored = {c.id: (rows[0].scores[c.id].value, rows[0].scores[c.id].explanation)
              if c.id in rows[0].scores else (None, "") for c in criteria}
    return render("assessment/partner.html", status=status, plein=plein, partner=partner,
                  criteria=criteria, row=rows[0], groups=GROUPS,
                  score_labels=SCORE_LABELS, decision=decision, decision_form=decision_form,
                  checks=COMMERCIAL_CHECKS, answers=assessment.check_answers(partner),
                  errors=errors or [], stored=stored, shown={**stored, **(typed or {})})


@bp.route("/partner/<int:partner_id>")
@guard("assessment.view")
def partner(plein, partner_id):
    """One partner's scores with explanations, its total, the decision and checks."""
    partner = register.get_partner(plein, partner_id) or abort(404)
    return _partner_page(plein, partner)


@bp.route("/partner/<int:partner_id>/scores", methods=["POST"])
@guard("assessment.edit")
def save_scores(plein, partner_id):
    """Save every score of one partner at once (the form that works without JavaScript)."""
    partner = register.get_partner(plein, partner_id) or abort(404)
    form, entries, typed, errors = request.form, {}, {}, []
    for criterion in assessment.criteria_of(plein):
        key = f"score-{criterion.id}"
        if key not in form:
            continue  # not on the page that was sent (added since): leave it alone
        text = " ".join(form.get(f"explanation-{criterion.id}", "").split())
        typed[criterion.id] = (form.get(key), text)
        try:
            entries[criterion] = (
                _score_value(form.get(f"orig-{criterion.id}")),
                " ".join(form.get(f"orig-explanation-{criterion.id}", "").split()),
                _score_value(form.get(key)), text)
        except ServiceError as error:
            errors.append(f"{criterion.title}: {error}")
    typed = {cid: (int(v) if v in ("0", "1", "2", "3") else None, t)
             for cid, (v, t) in typed.items()}
    if not errors:
        try:
            assessment.save_scores(plein, partner, entries, by=me())
        except assessment.StaleEdit as stale:
            db.session.rollback()
            return _partner_page(plein, partner, status=409, errors=[str(stale)], typed=typed)
        except ServiceError as error:
            errors.append(str(error))
    if errors:
        db.session.rollback()
        return _partner_page(plein, partner, status=422, errors=errors, typed=typed)
    db.session.commit()
    flash(f"Scores van {partner.name} opgeslagen.", "success")
    return redirect_after_post(url_for("assessment.partner", plein_id=plein.id,
                                       partner_id=partner.id))


@bp.route("/partner/<int:partner_id>/controles", methods=["POST"])
@guard("assessment.edit")
def answer_checks(plein, partner_id):
    """The four checks a commercial partner must pass before a decision ja."""
    partner = register.get_partner(plein, partner_id) or abort(404)
    answers = {}
    for check in COMMERCIAL_CHECKS:
        raw = request.form.get(f"check-{check.key}", "")
        if raw not in ("", "yes", "no"):
            abort(400)
        answers[check.key] = ({"yes": True, "no": False}.get(raw),
                              request.form.get(f"note-{check.key}", ""))
    withdrawn = assessment.answer_checks(plein, partner, answers, by=me())
    db.session.commit()
    flash("Controles opgeslagen." + (" Het besluit ‘ja’ is teruggezet naar ‘later’: niet "
                                     "alle controles zijn met ja beantwoord." if withdrawn
                                     else ""), "success")
    return redirect_after_post(url_for("assessment.partner", plein_id=plein.id,
                                       partner_id=partner.id, _anchor="controles"))


@bp.route("/partner/<int:partner_id>/besluit", methods=["POST"])
@guard("assessment.edit")
def decide(plein, partner_id):
    """Record ja / nee / later with a rationale."""
    partner = register.get_partner(plein, partner_id) or abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            assessment.decide(plein, partner, form.value.data, form.rationale.data, by=me(),
                              expected_version=form.version.data)
        except assessment.StaleEdit as stale:
            db.session.rollback()
            form.value.errors.append(str(stale))
            return _partner_page(plein, partner, decision_form=form, status=409)
        except ServiceError as error:
            db.session.rollback()
            form.value.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Besluit over {partner.name} vastgelegd.", "success")
            return redirect_after_post(url_for("assessment.partner", plein_id=plein.id,
                                               partner_id=partner.id))
    return _partner_page(plein, partner, decision_form=form, status=422)


@bp.route("/vergelijk")
@guard("assessment.view")
def compare(plein):
    """2 to 4 partners side by side."""
    ids = {int(v) for v in request.args.getlist("p") if v.isascii() and v.isdigit()
           and len(v) < 10}
    criteria, rows = assessment.matrix(plein, partner_ids=ids if 2 <= len(ids) <= 4 else [])
    return render("assessment/compare.html", plein=plein, criteria=criteria, rows=rows,
                  groups=GROUPS, score_labels=SCORE_LABELS, asked=len(ids), chosen=ids,
                  everyone=register.list_partners(plein))


# -- criteria -----------------------------------------------------------------------

def _criteria_page(plein, *, new_form=None, unlock_form=None, status=200, errors=None,
                   typed=None):
    """``typed``: criterion id -> the form as sent, shown after an error."""
    criteria = assessment.criteria_of(plein)
    drafts = {c.id: {"title": c.title, "explanation": c.explanation, "group": c.group,
                     "weight": c.weight, "version": c.version_id} for c in criteria}
    for criterion_id, form in (typed or {}).items():
        drafts[criterion_id].update(title=form.title.data, explanation=form.explanation.data)
    return render("assessment/criteria.html", status=status, plein=plein, criteria=criteria,
                  drafts=drafts,
                  new_form=new_form or CriterionForm(formdata=None, weight=2),
                  unlock_form=unlock_form or UnlockForm(formdata=None), groups=GROUPS,
                  locked=assessment.weights_locked(plein),
                  scored=assessment.has_scores(plein), errors=errors or {})


@bp.route("/criteria")
@guard("assessment.view")
def criteria(plein):
    """The criteria with their weights; the lead edits them."""
    return _criteria_page(plein)


@bp.route("/criteria", methods=["POST"])
@guard("criteria.edit")
def add_criterion(plein):
    form = CriterionForm()
    if form.validate_on_submit():
        try:
            assessment.add_criterion(plein, by=me(), group=form.group.data,
                                     title=form.title.data, explanation=form.explanation.data,
                                     weight=form.weight.data)
        except ServiceError as error:
            db.session.rollback()
            form.title.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Criterium '{form.title.data.strip()}' toegevoegd.", "success")
            return redirect_after_post(url_for("assessment.criteria", plein_id=plein.id))
    return _criteria_page(plein, new_form=form, status=422)


@bp.route("/criteria/<int:criterion_id>", methods=["POST"])
@guard("criteria.edit")
def update_criterion(plein, criterion_id):
    criterion = assessment.get_criterion(plein, criterion_id) or abort(404)
    form = CriterionForm()
    if form.validate_on_submit():
        try:
            assessment.update_criterion(
                plein, criterion, by=me(), expected_version=form.version.data,
                group=form.group.data, title=form.title.data,
                explanation=form.explanation.data, weight=form.weight.data)
        except ServiceError as error:
            db.session.rollback()
            stale = isinstance(error, assessment.StaleEdit)
            return _criteria_page(plein, status=409 if stale else 422,
                                  errors={criterion_id: str(error)}, typed={criterion_id: form})
        db.session.commit()
        flash(f"Criterium '{criterion.title}' opgeslagen.", "success")
        return redirect_after_post(url_for("assessment.criteria", plein_id=plein.id))
    return _criteria_page(plein, status=422, typed={criterion_id: form}, errors={
        criterion_id: error_text(form)})


@bp.route("/criteria/<int:criterion_id>/verwijderen", methods=["POST"])
@guard("criteria.edit")
def delete_criterion(plein, criterion_id):
    criterion = assessment.get_criterion(plein, criterion_id) or abort(404)
    title = criterion.title
    assessment.delete_criterion(plein, criterion, by=me())
    db.session.commit()
    flash(f"Criterium '{title}' verwijderd.", "success")
    return redirect_after_post(url_for("assessment.criteria", plein_id=plein.id))


@bp.route("/gewichten/ontgrendelen", methods=["POST"])
@guard("criteria.edit")
def unlock(plein):
    """Allow weight changes after scoring, on purpose and with a reason (logged)."""
    form = UnlockForm()
    if form.validate_on_submit():
        assessment.set_weights_unlocked(plein, True, by=me(), reason=form.reason.data)
        db.session.commit()
        flash("De gewichten kunnen weer worden aangepast. Zet ze daarna weer vast.", "success")
        return redirect_after_post(url_for("assessment.criteria", plein_id=plein.id))
    return _criteria_page(plein, unlock_form=form, status=422)


@bp.route("/gewichten/vergrendelen", methods=["POST"])
@guard("criteria.edit")
def lock(plein):
    assessment.set_weights_unlocked(plein, False, by=me())
    db.session.commit()
    flash("De gewichten liggen weer vast.", "success")
    return redirect_after_post(url_for("assessment.criteria", plein_id=plein.id))


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
    criteria, rows = assessment.matrix(plein)
    return render("assessment/print.html", plein=plein, criteria=criteria, rows=rows,
                  groups=GROUPS, today=local_today())
