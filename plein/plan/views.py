"""The plan: read, edit (texts, partners, budget), submit to the MT, review, discuss."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from plein.accounts.access import can, guard, me
from plein.errors import ServiceError
from plein.extensions import db
from plein.htmx import redirect_after_post, render
from plein.numbers import form_value
from plein.partners import service as partners
from plein.plan import reviews, service
from plein.plan.models import (
    COST_KINDS,
    DECISIONS,
    FORMS,
    FUNDING_KINDS,
    FUNDING_STATUSES,
    KIND_LABELS,
)

bp = Blueprint("plan", __name__, url_prefix="/p/<int:plein_id>/plan")


def _plan_or_404(plein):
    return service.plan_of(plein) or abort(404)


def _snapshot_or_404(plan, number):
    return service.get_snapshot(plan, number) or abort(404)


@bp.route("/")
@guard("plan.view")
def index(plein):
    """The plan as it stands, its budget, and where it is with the MT."""
    return _index_page(plein)


def _index_page(plein, *, status=200, error=None, note=""):
    plan = service.plan_of(plein)
    latest = service.latest_snapshot(plein)
    return render("plan/index.html", status=status, plein=plein, plan=plan, latest=latest,
                  budget=service.budget(plan.budget_lines) if plan else None,
                  changed=plan is not None and service.has_unsubmitted_changes(plan, latest),
                  seen=service.seen_hash(plan) if plan else "", error=error, note=note,
                  snapshots=service.snapshots(plan) if plan else [],
                  review_count=reviews.review_count(plan) if plan else {},
                  counts=reviews.decision_counts(plein, latest) if latest else {},
                  open_questions=reviews.open_questions(plein, latest) if latest else [],
                  hints=service.HINTS, required_sections=service.REQUIRED_SECTIONS,
                  decisions=DECISIONS, kind_labels=KIND_LABELS,
                  funding_statuses=FUNDING_STATUSES)


@bp.route("/starten", methods=["POST"])
@guard("plan.edit")
def start(plein):
    service.start(plein, by=me())
    db.session.commit()
    return redirect_after_post(url_for("plan.edit", plein_id=plein.id))


def _edit_page(plein, plan, *, status=200, errors=None, typed=None, conflict=False,
               line_typed=None, stored_line=None, block=None):
    return render("plan/edit.html", block, status=status, plein=plein, plan=plan,
                  errors=errors or {}, typed=typed or {}, conflict=conflict,
                  line_typed=line_typed or {}, stored_line=stored_line,
                  partners=partners.list_partners(plein),
                  chosen={link.partner_id for link in plan.partner_links},
                  budget=service.budget(plan.budget_lines), hints=service.HINTS,
                  forms=FORMS, cost_kinds=COST_KINDS, funding_kinds=FUNDING_KINDS,
                  funding_statuses=FUNDING_STATUSES, form_value=form_value)


@bp.route("/bewerken")
@guard("plan.edit")
def edit(plein):
    """Edit the plan's texts, form, name, partners and budget."""
    plan = service.plan_of(plein)
    if plan is None:  # an old bookmark, or a link followed before the plan was begun
        flash("Er is nog geen plan. Begin het hier.", "info")
        return redirect(url_for("plan.index", plein_id=plein.id))
    return _edit_page(plein, plan)


@bp.route("/bewerken", methods=["POST"])
@guard("plan.edit")
def save(plein):
    plan = _plan_or_404(plein)
    typed = {key: request.form[f"section-{key}"] for key, _t, _h in service.SECTIONS
             if f"section-{key}" in request.form}
    typed["name"] = request.form.get("name", "")
    typed["form"] = request.form.get("form", "")
    bodies = {key: value for key, value in typed.items() if key not in ("name", "form")}
    typed["partner_ids"] = {int(i) for i in request.form.getlist("partner_ids")
                            if i.isdigit()}
    try:
        changed = service.update(
            plein, plan, by=me(), expected_version=request.form.get("version", type=int),
            name=typed["name"], form=typed["form"], bodies=bodies,
            partner_ids=request.form.getlist("partner_ids"))
        db.session.commit()
    except (ServiceError, StaleDataError) as error:
        db.session.rollback()
        stale = not isinstance(error, ServiceError) or isinstance(error, service.StalePlan)
        message = str(service.StalePlan()) if stale else str(error)
        return _edit_page(plein, _plan_or_404(plein), status=409 if stale else 422,
                          errors={"plan": message}, typed=typed, conflict=stale)
    flash("Plan opgeslagen." if changed else "Er was niets gewijzigd.", "success")
    return redirect_after_post(url_for("plan.index", plein_id=plein.id))


def _line_form():
    return {key: request.form.get(key, "") for key in ("kind", "description", "amount",
                                                       "status")}


def _budget_saved(plein, message):
    db.session.commit()
    flash(message, "success")
    plan = _plan_or_404(plein)
    return redirect_after_post(url_for("plan.edit", plein_id=plein.id, _anchor="begroting"),
                               lambda: _edit_page(plein, plan, block="budget"))


def _budget_refused(plein, error, key, typed, status=422):
    stored = error.current if isinstance(error, service.StaleLine) else None
    stored = stored and {"kind_label": stored.kind_label, "description": stored.description,
                         "amount": stored.amount, "status_label": stored.status_label,
                         "id": stored.id}
    db.session.rollback()
    plan = _plan_or_404(plein)
    return _edit_page(plein, plan, status=status, errors={key: str(error)},
                      line_typed={key: typed}, stored_line=stored, block="budget")


@bp.route("/begroting", methods=["POST"])
@guard("plan.edit")
def add_line(plein):
    plan = _plan_or_404(plein)
    typed = _line_form()
    try:
        service.add_line(plein, plan, by=me(), **typed)
    except ServiceError as error:
        group = "funding" if typed["kind"] in FUNDING_KINDS else "cost"
        return _budget_refused(plein, error, f"new-{group}", typed)
    return _budget_saved(plein, "Begrotingsregel toegevoegd.")


@bp.route("/begroting/<int:line_id>", methods=["POST"])
@guard("plan.edit")
def save_line(plein, line_id):
    plan = _plan_or_404(plein)
    line = service.get_line(plan, line_id) or abort(404)
    typed = _line_form()
    try:
        changed = service.update_line(plein, plan, line, by=me(),
                                      expected_version=request.form.get("version", type=int),
                                      **typed)
        db.session.flush()
    except StaleDataError:  # saved by someone else between our check and our write
        db.session.rollback()
        error = service.StaleLine(service.get_line(_plan_or_404(plein), line_id))
        return _budget_refused(plein, error, line_id, typed, 409)
    except ServiceError as error:
        stale = isinstance(error, service.StaleLine)
        return _budget_refused(plein, error, line_id, typed, 409 if stale else 422)
    return _budget_saved(plein, "Begrotingsregel opgeslagen." if changed
                         else "Er was niets gewijzigd.")


@bp.route("/begroting/<int:line_id>/verwijderen", methods=["POST"])
@guard("plan.edit")
def delete_line(plein, line_id):
    plan = _plan_or_404(plein)
    line = service.get_line(plan, line_id) or abort(404)
    service.delete_line(plein, plan, line, by=me())
    return _budget_saved(plein, f"‘{line.description}’ is uit de begroting gehaald.")


@bp.route("/indienen", methods=["POST"])
@guard("plan.edit")
def submit(plein):
    """Freeze the plan as a new snapshot and ask the MT to review it."""
    plan = _plan_or_404(plein)
    note = request.form.get("note", "")
    try:
        snapshot = service.submit(plein, plan, by=me(),
                                  expected_version=request.form.get("version", type=int),
                                  note=note, seen=request.form.get("seen", ""))
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        status = 409 if isinstance(error, service.ChangedBeforeSubmit) else 422
        return _index_page(plein, status=status, error=str(error), note=note)
    flash(f"Versie {snapshot.number} is ingediend. De MT-leden zien haar op hun overzicht.",
          "success")
    return redirect_after_post(url_for("plan.snapshot", plein_id=plein.id,
                                       number=snapshot.number))


def _snapshot_page(plein, plan, snapshot, *, status=200, errors=None, typed=None):
    data = snapshot.data
    latest = service.latest_snapshot(plein)
    standing = reviews.standings(plein, snapshot)
    why_not = reviews.not_counting_reason(g.roles, me().id, snapshot)
    return render("plan/snapshot.html", status=status, plein=plein, plan=plan,
                  snapshot=snapshot, data=data, latest=latest,
                  budget=service.budget(data["budget"]), forms=FORMS,
                  current=[s.review for s in standing if s.counts], standing=standing,
                  answered=reviews.answered(snapshot),
                  open_questions=reviews.open_questions(plein, snapshot, standing),
                  may_review=can("plan.review") and not why_not,
                  not_reviewing=reviews.REFUSED.get(why_not, ""),
                  decisions=DECISIONS, kind_labels=KIND_LABELS,
                  funding_statuses=FUNDING_STATUSES, errors=errors or {},
                  typed=typed or {}, form_value=form_value)


@bp.route("/versies/<int:number>")
@guard("plan.view")
def snapshot(plein, number):
    """A submitted version exactly as the MT got it, its reviews and the thread."""
    plan = _plan_or_404(plein)
    return _snapshot_page(plein, plan, _snapshot_or_404(plan, number))


@bp.route("/versies/<int:number>/beoordeling", methods=["POST"])
@guard("plan.review")
def review(plein, number):
    plan = _plan_or_404(plein)
    snapshot = _snapshot_or_404(plan, number)
    typed = {key: request.form.get(key, "") for key in ("decision", "comment", "conditions")}
    try:
        reviews.review(plein, snapshot, by=me(), **typed, link=lambda entry: url_for(
            "plan.snapshot", plein_id=plein.id, number=snapshot.number,
            _anchor=f"beoordeling-{entry.id}"))
    except reviews.NewerSnapshot as error:
        # shown on the version that is now up for review, with the typed text kept
        db.session.rollback()
        return _snapshot_page(plein, plan, _snapshot_or_404(plan, error.latest.number),
                              status=409, errors={"review": str(error)}, typed=typed)
    except ServiceError as error:
        db.session.rollback()
        return _snapshot_page(plein, plan, _snapshot_or_404(plan, number), status=422,
                              errors={"review": str(error)}, typed=typed)
    db.session.commit()
    flash("Je beoordeling is vastgelegd." + (" De voorwaarden staan als actiepunten in het "
          "stappenplan." if typed["decision"] == "conditional" else ""), "success")
    return redirect_after_post(url_for("plan.snapshot", plein_id=plein.id, number=number,
                                       _anchor="beoordelingen"))


@bp.route("/versies/<int:number>/berichten", methods=["POST"])
@guard("plan.discuss")
def post_message(plein, number):
    plan = _plan_or_404(plein)
    snapshot = _snapshot_or_404(plan, number)
    body = request.form.get("body", "")
    # only the lead answers the MT's questions; others simply write in the thread
    answers = request.form.get("answers_id", type=int) if can("plan.edit") else None
    try:
        reviews.post_message(plein, snapshot, by=me(), body=body, answers_id=answers)
    except ServiceError as error:
        db.session.rollback()
        return _snapshot_page(plein, plan, _snapshot_or_404(plan, number), status=422,
                              errors={"message": str(error)},
                              typed={"body": body, "answers_id": answers})
    db.session.commit()
    flash("Je antwoord is geplaatst." if answers else "Je bericht is geplaatst.", "success")
    return redirect_after_post(url_for("plan.snapshot", plein_id=plein.id, number=number,
                                       _anchor="gesprek"))
