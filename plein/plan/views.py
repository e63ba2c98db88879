"""The plan: read, edit (texts, partners, budget), submit to the MT, review, discuss."""

from flask import Blueprint, abort, flash, g, redirect, url_for

from plein.accounts.access import can, guard, me
from plein.forms import EmptyForm, VersionForm, choices
from plein.htmx import render
from plein.numbers import form_value
from plein.partners import service as partners
from plein.plan import reviews, service
from plein.plan.forms import (
    EditLineForm,
    LineForm,
    MessageForm,
    PlanForm,
    ReviewForm,
    SubmitForm,
    section_field,
)
from plein.plan.models import (
    KIND_LABELS,
    CostKind,
    FundingKind,
    FundingStatus,
    PleinShape,
    ReviewDecision,
)
from plein.saving import save, saved

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


def _index_page(plein, *, form=None, status=200):
    plan = service.plan_of(plein)
    latest = service.latest_snapshot(plein)
    seen = service.seen_hash(plan) if plan else ""
    if form is None:
        form = SubmitForm(formdata=None, version=plan.version_id if plan else None,
                          seen=seen)
    elif status == 409:  # the page shows the plan as it is now: submitting it is allowed
        form.seen.data = seen
    return render("plan/index.html", status=status, plein=plein, plan=plan, latest=latest,
                  budget=service.budget(plan.budget_lines) if plan else None,
                  changed=plan is not None and service.has_unsubmitted_changes(plan, latest),
                  form=form, snapshots=service.snapshots(plan) if plan else [],
                  review_count=reviews.review_count(plan) if plan else {},
                  counts=reviews.decision_counts(plein, latest) if latest else {},
                  open_questions=reviews.open_questions(plein, latest) if latest else [],
                  hints=service.HINTS, required_sections=service.REQUIRED_SECTIONS,
                  decisions=dict(ReviewDecision.choices()), kind_labels=KIND_LABELS,
                  funding_statuses=dict(FundingStatus.choices()))


@bp.route("/starten", methods=["POST"])
@guard("plan.edit")
def start(plein):
    form = EmptyForm()
    return save(form, lambda: service.start(plein, by=me()),
                done=lambda _plan: saved("Het plan is begonnen. Schrijf de onderdelen en "
                                         "sla tussendoor op.",
                                         url_for("plan.edit", plein_id=plein.id)),
                again=lambda status: _index_page(plein, status=status))


# -- editing ------------------------------------------------------------------------

def _plan_form(plein, plan, *, submitted=False):
    if submitted:
        form = PlanForm()
    else:
        form = PlanForm(formdata=None, obj=plan, version=plan.version_id,
                        partner_ids=[link.partner_id for link in plan.partner_links],
                        **{section_field(s.key): s.body for s in plan.sections})
    form.partner_ids.choices = choices((p.id, p.name) for p in partners.list_partners(plein))
    return form


def _with_ids(form, suffix):
    """Give a budget line form's fields ids of their own (many such forms per page)."""
    for field in form:
        field.id = f"{field.name}-{suffix}"
    return form


def _line_forms(plan, refused=None):
    """A form per budget line and one to add a cost and a funding source; ``refused``
    ({key: form}) keeps a refused form as it was typed."""
    refused = refused or {}
    forms = {}
    for line in plan.budget_lines:
        forms[line.id] = refused.get(line.id) or EditLineForm(
            formdata=None, version=line.version_id, kind=line.kind,
            description=line.description, amount=form_value(line.amount),
            status=line.status or FundingStatus.REQUESTED)
    for group, example in (("cost", "bijv. twee pc’s en een printer"),
                           ("funding", "bijv. Fonds voor de bibliotheek")):
        forms[f"new-{group}"] = refused.get(f"new-{group}") or LineForm(formdata=None)
        forms[f"new-{group}"].description.render_kw = {"placeholder": example}
    for key, form in forms.items():
        funding = (key == "new-funding" if isinstance(key, str)
                   else service.get_line(plan, key).is_funding)
        form.kind.choices = choices((FundingKind if funding else CostKind).choices())
        _with_ids(form, key)
    return forms


def _edit_page(plein, plan, *, form=None, status=200, line_forms=None, block=None):
    form = form or _plan_form(plein, plan)
    return render("plan/edit.html", block, status=status, plein=plein, plan=plan,
                  form=form, conflict=status == 409, line_forms=line_forms or
                  _line_forms(plan), budget=service.budget(plan.budget_lines),
                  has_partners=bool(form.partner_ids.choices))


@bp.route("/bewerken")
@guard("plan.edit")
def edit(plein):
    """Edit the plan's texts, form, name, partners and budget."""
    plan = service.plan_of(plein)
    if plan is None:  # an old bookmark, or a link followed before the plan was begun
        flash("Er is nog geen plan. Begin het hier.", "info")
        return redirect(url_for("plan.index", plein_id=plein.id))
    return _edit_page(plein, plan)


@bp.route("/bewerken", methods=["POST"], endpoint="save")
@guard("plan.edit")
def save_plan(plein):
    """Save the texts, name, form and partners; a stale save shows both (409)."""
    plan = _plan_or_404(plein)
    form = _plan_form(plein, plan, submitted=True)
    return save(form, lambda: service.update(
                    plein, plan, by=me(), expected_version=form.version.data,
                    **form.for_service()),
                done=lambda changed: saved("Plan opgeslagen." if changed
                                           else "Er was niets gewijzigd.",
                                           url_for("plan.index", plein_id=plein.id)),
                again=lambda status: _edit_page(plein, _plan_or_404(plein), form=form,
                                                status=status))


# -- budget -------------------------------------------------------------------------

def _budget_done(plein, message):
    def done(_result):
        return saved(message, url_for("plan.edit", plein_id=plein.id, _anchor="begroting"),
                     lambda: _edit_page(plein, _plan_or_404(plein), block="budget"))
    return done


def _budget_again(plein, key, form):
    def again(status):
        plan = _plan_or_404(plein)
        return _edit_page(plein, plan, status=status, block="budget",
                          line_forms=_line_forms(plan, {key: form}))
    return again


@bp.route("/begroting", methods=["POST"])
@guard("plan.edit")
def add_line(plein):
    plan = _plan_or_404(plein)
    form = LineForm()
    group = "funding" if form.kind.data in FundingKind.values() else "cost"
    return save(form, lambda: service.add_line(plein, plan, by=me(), **form.values()),
                done=_budget_done(plein, "Begrotingsregel toegevoegd."),
                again=_budget_again(plein, f"new-{group}", form))


@bp.route("/begroting/<int:line_id>", methods=["POST"])
@guard("plan.edit")
def save_line(plein, line_id):
    plan = _plan_or_404(plein)
    line = service.get_line(plan, line_id) or abort(404)
    form = EditLineForm()
    return save(form, lambda: service.update_line(plein, plan, line, by=me(),
                                                  expected_version=form.version.data,
                                                  **form.values()),
                done=lambda changed: _budget_done(plein, "Begrotingsregel opgeslagen."
                                                  if changed else "Er was niets gewijzigd.")(
                                                      changed),
                again=_budget_again(plein, line_id, form))


@bp.route("/begroting/<int:line_id>/verwijderen", methods=["POST"])
@guard("plan.edit")
def delete_line(plein, line_id):
    plan = _plan_or_404(plein)
    line = service.get_line(plan, line_id) or abort(404)
    description, form = line.description, VersionForm()
    return save(form, lambda: service.delete_line(plein, plan, line, by=me(),
                                                  expected_version=form.version.data),
                done=_budget_done(plein, f"‘{description}’ is uit de begroting gehaald."),
                again=lambda status: _edit_page(plein, plan, status=status, block="budget"))


# -- submitting, reviewing, discussing -------------------------------------------------

@bp.route("/indienen", methods=["POST"])
@guard("plan.edit")
def submit(plein):
    """Freeze the plan as a new snapshot and ask the MT to review it."""
    plan = _plan_or_404(plein)
    form = SubmitForm()
    return save(form, lambda: service.submit(plein, plan, by=me(),
                                             expected_version=form.version.data,
                                             note=form.note.data, seen=form.seen.data),
                done=lambda snapshot: saved(
                    f"Versie {snapshot.number} is ingediend. De MT-leden zien haar op hun "
                    "overzicht.", url_for("plan.snapshot", plein_id=plein.id,
                                          number=snapshot.number)),
                again=lambda status: _index_page(plein, form=form, status=status))


def _message_form(snapshot_questions, *, submitted=False):
    form = MessageForm() if submitted else MessageForm(formdata=None)
    form.answers_id.choices = choices(
        [(0, "— een gewoon bericht —")]
        + [(q.id, f"de vraag van {q.user.name}") for q in snapshot_questions])
    if not submitted and snapshot_questions:
        form.answers_id.data = snapshot_questions[0].id
    return form


def _snapshot_page(plein, plan, snapshot, *, status=200, review_form=None,
                   message_form=None):
    data = snapshot.data
    latest = service.latest_snapshot(plein)
    standing = reviews.standings(plein, snapshot)
    questions = reviews.open_questions(plein, snapshot, standing)
    why_not = reviews.not_counting_reason(g.roles, me().id, snapshot)
    return render("plan/snapshot.html", status=status, plein=plein, plan=plan,
                  snapshot=snapshot, data=data, latest=latest,
                  budget=service.budget(data["budget"]),
                  shapes=dict(PleinShape.choices()),
                  standing=standing, answered=reviews.answered(snapshot),
                  open_questions=questions,
                  may_review=can("plan.review") and not why_not,
                  not_reviewing=reviews.REFUSED.get(why_not, ""),
                  review_form=review_form or ReviewForm(formdata=None),
                  message_form=message_form or _message_form(questions),
                  decisions=dict(ReviewDecision.choices()), kind_labels=KIND_LABELS,
                  funding_statuses=dict(FundingStatus.choices()))


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
    form = ReviewForm()

    def again(status):
        # a review of an older version is shown on the newest one, the text kept
        shown = form.conflict or snapshot
        return _snapshot_page(plein, plan, _snapshot_or_404(plan, shown.number),
                              status=status, review_form=form)

    def done(_review):
        conditional = form.decision.data == ReviewDecision.CONDITIONAL
        return saved("Je beoordeling is vastgelegd." + (
            " De voorwaarden staan als actiepunten in het stappenplan." if conditional
            else ""), url_for("plan.snapshot", plein_id=plein.id, number=number,
                              _anchor="beoordelingen"))

    return save(form, lambda: reviews.review(
                    plein, snapshot, by=me(), **form.values(), link=lambda entry: url_for(
                        "plan.snapshot", plein_id=plein.id, number=snapshot.number,
                        _anchor=f"beoordeling-{entry.id}")),
                done=done, again=again)


@bp.route("/versies/<int:number>/berichten", methods=["POST"])
@guard("plan.discuss")
def post_message(plein, number):
    plan = _plan_or_404(plein)
    snapshot = _snapshot_or_404(plan, number)
    form = _message_form(reviews.open_questions(plein, snapshot), submitted=True)
    # only the lead answers the MT's questions; others simply write in the thread
    answers = form.answers_id.data if can("plan.edit") else None
    return save(form, lambda: reviews.post_message(plein, snapshot, by=me(),
                                                   body=form.body.data, answers_id=answers),
                done=lambda _m: saved("Je antwoord is geplaatst." if answers
                                      else "Je bericht is geplaatst.",
                                      url_for("plan.snapshot", plein_id=plein.id,
                                              number=number, _anchor="gesprek")),
                again=lambda status: _snapshot_page(plein, plan, snapshot, status=status,
                                                    message_form=form))
