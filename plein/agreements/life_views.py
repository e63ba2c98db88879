"""The contract's life (routes of the agreements blueprint): its dates, new partners
joining by an addendum (toetreding) and parties leaving (opzegging), and every
published version as a PDF.

The lead edits dates and records joining and leaving; the joining partner alone signs
its addendum. Everyone who may read a version sees its addenda and leavings."""

from flask import Response, abort, g, render_template, request, url_for

from plein.accounts.access import can, guard, me
from plein.agreements import addenda, pdf, receipts, terms
from plein.agreements.drafting import NeedsConfirmation, has_yes_decision
from plein.agreements.forms import (
    AccessionForm,
    DeclineForm,
    SignForm,
    TermsForm,
    WithdrawalForm,
)
from plein.agreements.models import PERIODS, SignatureStatus
from plein.agreements.publishing import current_version, version_content
from plein.agreements.reading import _my_party, print_context
from plein.agreements.signing import may_answer_for
from plein.agreements.views import _agreement_or_404, bp
from plein.errors import ServiceError
from plein.forms import choices
from plein.htmx import render
from plein.partners import service as partners
from plein.saving import save, saved


@bp.route("/versie/<int:number>/pdf")
@guard("agreement.read")
def pdf_download(plein, number):
    """The version as a PDF (the print view, with a signature page per party and the
    fingerprint on every page): the same readers as the print view."""
    context = print_context(plein, number)
    html = render_template("agreements/print.html", pdf=True, **context)
    name = f"samenwerkingscontract-{plein.id}-versie-{number}.pdf"
    return Response(pdf.render_pdf(html), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- dates ------------------------------------------------------------------------------

def _terms_page(plein, agreement, form=None, status=200):
    form = form or TermsForm(formdata=None, obj=agreement, version=agreement.version_id)
    return render("agreements/terms.html", status=status, plein=plein, agreement=agreement,
                  form=form, upcoming=terms.upcoming(agreement))


@bp.route("/looptijd")
@guard("agreement.publish")
def terms_page(plein):
    """Start, end (or onbepaalde tijd) and evaluation date of the contract."""
    return _terms_page(plein, _agreement_or_404(plein))


@bp.route("/looptijd", methods=["POST"])
@guard("agreement.publish")
def save_terms(plein):
    agreement = _agreement_or_404(plein)
    form = TermsForm()
    return save(form, lambda: terms.set_terms(
                    plein, agreement, by=me(), expected_version=form.version.data,
                    start_date=form.start_date.data, end_date=form.end_date.data,
                    open_ended=form.open_ended.data,
                    evaluation_date=form.evaluation_date.data),
                done=lambda changed: saved(
                    "Looptijd opgeslagen." if changed else "Er was niets gewijzigd.",
                    url_for("agreements.index", plein_id=plein.id)),
                again=lambda status: _terms_page(plein, _agreement_or_404(plein), form,
                                                 status))


# -- joining and leaving ------------------------------------------------------------------

def _changes_page(plein, agreement, *, status=200, accession_form=None,
                  withdrawal_form=None):
    version = current_version(agreement)
    in_version = {p["partner_id"] for p in version_content(version)["parties"]} \
        if version else set()
    joined = {a.partner_id for a in addenda.accessions_of(agreement, version)} \
        if version else set()
    accession_form = accession_form or AccessionForm(formdata=None, hours="0",
                                                     money="0")
    register = partners.list_partners(plein)
    accession_form.partner_id.choices = choices([(0, "— kies —")] + [
        (p.id, f"{p.name} ({p.status_label.lower()})") for p in register
        if p.id not in in_version | joined])
    withdrawal_form = withdrawal_form or WithdrawalForm(formdata=None)
    now = addenda.parties_now(version, agreement) if version else set()
    withdrawal_form.leaving_partner.choices = choices([(0, "— kies —")] + [
        (p.id, p.name) for p in register if p.id in now])
    return render("agreements/changes.html", status=status, plein=plein,
                  agreement=agreement, version=version,
                  accessions=addenda.accessions_of(agreement),
                  withdrawals=addenda.withdrawals_of(agreement),
                  accession_form=accession_form, withdrawal_form=withdrawal_form,
                  periods=PERIODS)


@bp.route("/toetreden")
@guard("agreement.publish")
def changes(plein):
    """Toetredingen and opzeggingen: add a new partner to the current version, or
    record that a party leaves."""
    return _changes_page(plein, _agreement_or_404(plein))


@bp.route("/toetreden", methods=["POST"])
@guard("agreement.publish")
def accede(plein):
    agreement = _agreement_or_404(plein)
    form = AccessionForm()
    partner = partners.get_partner(plein, form.partner_id.data) if form.partner_id.data \
        else None
    def work():
        if partner is None:
            raise ServiceError("Kies een partnerorganisatie uit het register.", "partner_id")
        try:
            return addenda.accede(
                plein, agreement, partner, by=me(), confirmed=form.confirmed.data,
                hours=form.hours.data, hours_period=form.hours_period.data,
                money=form.money.data, money_explanation=form.money_explanation.data,
                knowledge=form.knowledge.data, means=form.means.data,
                tasks=form.tasks.data)
        except NeedsConfirmation as question:  # the box to tick is right there
            raise ServiceError(str(question), "confirmed") from None

    return save(form, work, done=lambda accession: saved(
        f"Toetreding {accession.number} is vastgelegd: alleen {accession.partner.name} "
        "hoeft te tekenen.", url_for("agreements.accession", plein_id=plein.id,
                                      accession_number=accession.number)),
        again=lambda status: _changes_page(plein, _agreement_or_404(plein), status=status,
                                           accession_form=form))


@bp.route("/opzeggen", methods=["POST"])
@guard("agreement.publish")
def withdraw(plein):
    agreement = _agreement_or_404(plein)
    form = WithdrawalForm()
    partner = partners.get_partner(plein, form.leaving_partner.data) \
        if form.leaving_partner.data else None

    def work():
        if partner is None:
            raise ServiceError("Kies de organisatie die opzegt.", "leaving_partner")
        return addenda.withdraw(plein, agreement, partner, by=me(),
                                leaves_on=form.leaves_on.data, reason=form.reason.data)

    return save(form, work, done=lambda row: saved(
        f"De opzegging van {row.partner.name} is vastgelegd.",
        url_for("agreements.changes", plein_id=plein.id, _anchor="opzeggingen")),
        again=lambda status: _changes_page(plein, _agreement_or_404(plein), status=status,
                                           withdrawal_form=form))


# -- the addendum itself -------------------------------------------------------------------

def _readable_accession(plein, number):
    """The addendum, for library roles, its new party and the parties of its version
    (404 for everyone else)."""
    agreement = _agreement_or_404(plein)
    accession = addenda.get_accession(agreement, number) or abort(404)
    if not can("agreement.view"):
        mine = _my_party(plein)
        if mine is False or mine is None or (
                mine != accession.partner_id
                and mine not in {p["partner_id"] for p in version_content(
                    accession.version)["parties"]}):
            abort(404)
    return agreement, accession


def _accession_page(plein, agreement, accession, *, status=200, sign_form=None,
                    decline_form=None):
    mine = _my_party(plein)
    current = current_version(agreement)
    can_answer = (accession.answer is None and accession.version_id == current.id
                  and mine == accession.partner_id
                  and may_answer_for(me(), plein, mine, g.roles))
    return render("agreements/accession.html", status=status, plein=plein,
                  accession=accession, content=addenda.content_of(accession),
                  current=current, mine=mine, can_answer=can_answer, periods=PERIODS,
                  statuses=dict(SignatureStatus.choices()),
                  sign_form=sign_form or SignForm(formdata=None),
                  decline_form=decline_form or DeclineForm(formdata=None),
                  no_yes=not has_yes_decision(accession.partner))


@bp.route("/toetreding/<int:accession_number>")
@guard("agreement.read")
def accession(plein, accession_number):
    """An addendum: who joins which version with what; its answer, or the form to
    answer for the new party."""
    agreement, row = _readable_accession(plein, accession_number)
    return _accession_page(plein, agreement, row)


def _answer_accession(plein, accession_number, sign):
    agreement, row = _readable_accession(plein, accession_number)
    sign_form, decline_form = SignForm(), DeclineForm()
    form = sign_form if sign else decline_form
    meta = {"ip": request.remote_addr or "", "user_agent": request.user_agent.string}

    def work():
        if sign:
            return addenda.answer(plein, agreement, row, user=me(), roles=g.roles, sign=True,
                                  function=form.function.data, has_read=form.has_read.data,
                                  **meta)
        return addenda.answer(plein, agreement, row, user=me(), roles=g.roles, sign=False,
                              reason=form.reason.data, **meta)

    return save(form, work, done=lambda _answer: saved(
        f"Je {'handtekening' if sign else 'weigering'} voor toetreding {row.number} is "
        "vastgelegd.", url_for("agreements.accession", plein_id=plein.id,
                               accession_number=row.number)),
        again=lambda status: _accession_page(plein, agreement, row, status=status,
                                             sign_form=sign_form,
                                             decline_form=decline_form))


@bp.route("/toetreding/<int:accession_number>/tekenen", methods=["POST"])
@guard("agreement.sign")
def sign_accession(plein, accession_number):
    return _answer_accession(plein, accession_number, True)


@bp.route("/toetreding/<int:accession_number>/weigeren", methods=["POST"])
@guard("agreement.sign")
def decline_accession(plein, accession_number):
    return _answer_accession(plein, accession_number, False)



@bp.route("/toetreding/<int:accession_number>/ontvangstbewijs")
@guard("agreement.sign")
def accession_receipt(plein, accession_number):
    """The joining organisation's receipt for its answer to its toetreding, as a JSON
    file (404 for everyone else, and before it answered)."""
    _agreement, row = _readable_accession(plein, accession_number)
    if row.answer is None or _my_party(plein) != row.partner_id:
        abort(404)
    body = receipts.receipt_text(receipts.accession_receipt_for(plein, row.answer))
    name = f"ontvangstbewijs-contract-{plein.id}-toetreding-{row.number}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
