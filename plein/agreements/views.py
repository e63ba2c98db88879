"""The samenwerkingscontract: overview, draft, publishing, reading, signing, comparing."""

from flask import Blueprint, abort, flash, g, request, url_for

from plein.accounts.access import can, guard, me, partner_membership
from plein.agreements import integrity, service
from plein.agreements.compare import diff as version_diff
from plein.agreements.forms import AddPartyForm, CommitmentForm, DeclineForm, SignForm
from plein.agreements.models import PERIODS, SIGNATURE_STATUSES
from plein.audit import AuditEvent
from plein.errors import ServiceError
from plein.extensions import db
from plein.forms import choices, error_text
from plein.htmx import redirect_after_post, render
from plein.numbers import form_value
from plein.partners import service as partners

bp = Blueprint("agreements", __name__, url_prefix="/p/<int:plein_id>/contract")


def _agreement_or_404(plein):
    return service.agreement_of(plein) or abort(404)


@bp.route("/")
@guard("agreement.view")
def index(plein):
    """Versions, who signed the current one (since when, reasons) and the totals."""
    agreement = service.agreement_of(plein)
    current = service.current_version(agreement) if agreement else None
    return render("agreements/index.html", plein=plein, agreement=agreement, current=current,
                  overview=service.overview(current) if current else [],
                  totals=service.totals(agreement) if agreement else None,
                  unpublished=agreement is not None and service.has_unpublished_changes(
                      plein, agreement), statuses=SIGNATURE_STATUSES)


@bp.route("/starten", methods=["POST"])
@guard("agreement.draft")
def start(plein):
    """Create the draft from the template."""
    service.start(plein, by=me())
    db.session.commit()
    return redirect_after_post(url_for("agreements.draft", plein_id=plein.id))


def _draft_page(plein, agreement, *, status=200, errors=None, typed=None, forms=None,
                add_form=None, confirm=None, conflict=False):
    add_form = add_form or AddPartyForm(formdata=None)
    present = {p.partner_id for p in agreement.parties}
    add_form.partner_id.choices = choices([(0, "— kies —")] + [
        (p.id, f"{p.name} ({p.status_label.lower()})")
        for p in partners.list_partners(plein) if p.id not in present])
    forms = forms or {}
    for party in agreement.parties:
        c = party.commitment
        forms.setdefault(party.id, CommitmentForm(
            formdata=None, version=agreement.version_id, hours=form_value(c.hours),
            hours_period=c.hours_period, money=form_value(c.money),
            money_explanation=c.money_explanation, knowledge=c.knowledge, means=c.means,
            tasks=party.tasks))
    return render("agreements/draft.html", status=status, plein=plein, agreement=agreement,
                  errors=errors or {}, typed=typed or {}, forms=forms, add_form=add_form,
                  confirm=confirm, totals=service.totals(agreement), periods=PERIODS,
                  signers=service.signers(plein), conflict=conflict,
                  current=service.current_version(agreement),
                  unpublished=service.has_unpublished_changes(plein, agreement))


@bp.route("/concept")
@guard("agreement.draft")
def draft(plein):
    """Edit the draft: section texts, parties, each party's tasks and commitment."""
    return _draft_page(plein, _agreement_or_404(plein))


@bp.route("/concept", methods=["POST"])
@guard("agreement.draft")
def save_sections(plein):
    agreement = _agreement_or_404(plein)
    bodies = {s.key: request.form[f"section-{s.key}"] for s in agreement.sections
              if f"section-{s.key}" in request.form}
    try:
        changed = service.update_sections(plein, agreement, bodies, by=me(),
                                          expected_version=request.form.get("version",
                                                                            type=int))
    except ServiceError as error:
        db.session.rollback()
        stale = isinstance(error, service.StaleDraft)
        return _draft_page(plein, _agreement_or_404(plein), status=409 if stale else 422,
                           errors={"sections": str(error)}, typed=bodies, conflict=stale)
    db.session.commit()
    flash("Concept opgeslagen." if changed else "Er was niets gewijzigd.", "success")
    return redirect_after_post(url_for("agreements.draft", plein_id=plein.id))


@bp.route("/partijen", methods=["POST"])
@guard("agreement.draft")
def add_party(plein):
    """Add a partner from the register as party (confirm when it has no 'ja')."""
    agreement = _agreement_or_404(plein)
    form = AddPartyForm()
    partner = partners.get_partner(plein, form.partner_id.data) if form.partner_id.data else None
    if partner is None:
        form.partner_id.errors = ["Kies een partnerorganisatie uit het register."]
        return _draft_page(plein, agreement, status=422, add_form=form)
    try:
        service.add_party(plein, agreement, partner, by=me(), confirmed=form.confirmed.data)
    except service.NeedsConfirmation as question:
        db.session.rollback()
        return _draft_page(plein, _agreement_or_404(plein), status=422, add_form=form,
                           confirm=str(question))
    except ServiceError as error:
        db.session.rollback()
        form.partner_id.errors = [str(error)]
        return _draft_page(plein, _agreement_or_404(plein), status=422, add_form=form)
    db.session.commit()
    flash(f"{partner.name} is partij in het concept.", "success")
    return redirect_after_post(url_for("agreements.draft", plein_id=plein.id,
                                       _anchor="partijen"))


def _party_or_404(agreement, party_id):
    return service.get_party(agreement, party_id) or abort(404)


@bp.route("/partijen/<int:party_id>", methods=["POST"])
@guard("agreement.draft")
def save_commitment(plein, party_id):
    """A party's tasks and inbreng."""
    agreement = _agreement_or_404(plein)
    party = _party_or_404(agreement, party_id)
    form = CommitmentForm()
    if form.validate_on_submit():
        try:
            service.set_commitment(
                plein, agreement, party, by=me(), expected_version=form.version.data,
                hours=form.hours.data, hours_period=form.hours_period.data,
                money=form.money.data, money_explanation=form.money_explanation.data,
                knowledge=form.knowledge.data, means=form.means.data, tasks=form.tasks.data)
        except ServiceError as error:
            db.session.rollback()
            stale = isinstance(error, service.StaleDraft)
            agreement = _agreement_or_404(plein)
            form.version.data = agreement.version_id if stale else form.version.data
            return _draft_page(plein, agreement, status=409 if stale else 422,
                               errors={party_id: str(error)}, forms={party_id: form},
                               conflict=stale)
        db.session.commit()
        flash(f"Inbreng van {service.party_name(party, plein)} opgeslagen.", "success")
        return redirect_after_post(url_for("agreements.draft", plein_id=plein.id,
                                           _anchor=f"partij-{party_id}"))
    return _draft_page(plein, agreement, status=422, forms={party_id: form}, errors={
        party_id: error_text(form)})


@bp.route("/partijen/<int:party_id>/verwijderen", methods=["POST"])
@guard("agreement.draft")
def remove_party(plein, party_id):
    agreement = _agreement_or_404(plein)
    party = _party_or_404(agreement, party_id)
    name = service.party_name(party, plein)
    service.remove_party(plein, agreement, party, by=me())
    db.session.commit()
    flash(f"{name} is geen partij meer in het concept.", "success")
    return redirect_after_post(url_for("agreements.draft", plein_id=plein.id))


@bp.route("/publiceren", methods=["POST"])
@guard("agreement.publish")
def publish(plein):
    """Freeze the draft as the next version; everyone is asked to sign (again)."""
    agreement = _agreement_or_404(plein)
    try:
        version = service.publish(plein, agreement, by=me(), expected_version=request.form.get(
            "version", -1, type=int))
    except ServiceError as error:
        db.session.rollback()
        stale = isinstance(error, service.StaleDraft)
        message = ("Het concept is gewijzigd nadat je deze pagina opende. Bekijk de nieuwe "
                   "stand hieronder en publiceer dan opnieuw." if stale else str(error))
        return _draft_page(plein, _agreement_or_404(plein), status=409 if stale else 422,
                           errors={"publish": message})
    db.session.commit()
    flash(f"Versie {version.number} is gepubliceerd. Alle partijen kunnen nu tekenen.",
          "success")
    return redirect_after_post(url_for("agreements.version", plein_id=plein.id,
                                       number=version.number))


# -- reading and signing --------------------------------------------------------------

def _readable_version(plein, number):
    """The version, if this user may read it: partner users only when their
    organisation is a party to it (404 otherwise, as if it did not exist)."""
    agreement = _agreement_or_404(plein)
    version = service.get_version(agreement, number) or abort(404)
    if not can("agreement.view"):
        membership = partner_membership(me(), plein)
        parties = {p["partner_id"] for p in service.version_content(version)["parties"]}
        if membership is None or membership.partner_id not in parties:
            abort(404)
    return agreement, version


def _my_party(plein):
    """The party this user answers for: its organisation, or the library for the lead."""
    membership = partner_membership(me(), plein)
    if membership is not None:
        return membership.partner_id
    return None if "lead" in g.roles else False


def _version_page(plein, agreement, version, *, status=200, sign_form=None,
                  decline_form=None, error=None):
    mine = _my_party(plein)
    answers = service.answers_on(version)
    current = service.current_version(agreement)
    can_answer = (mine is not False and version.id == current.id
                  and (mine or 0) not in answers
                  and service.may_answer_for(me(), plein, mine, g.roles))
    return render("agreements/version.html", status=status, plein=plein, version=version,
                  content=service.version_content(version), current=current,
                  overview=service.overview(version, answers), mine=mine,
                  can_answer=can_answer,
                  sign_form=sign_form or SignForm(formdata=None, name=me().name),
                  decline_form=decline_form or DeclineForm(formdata=None), error=error,
                  periods=PERIODS, statuses=SIGNATURE_STATUSES, signers=service.signers(plein),
                  versions=agreement.versions if can("agreement.view") else [])


@bp.route("/versie/<int:number>")
@guard("agreement.read")
def version(plein, number):
    """A published version: text, parties, commitments (yours highlighted), signatures,
    fingerprint; and the sign or decline form for your organisation."""
    agreement, version = _readable_version(plein, number)
    return _version_page(plein, agreement, version)


def _answer(plein, number, action):
    agreement, version = _readable_version(plein, number)
    mine = _my_party(plein)
    if mine is False:
        abort(403)
    sign_form, decline_form = SignForm(), DeclineForm()
    form = sign_form if action == "sign" else decline_form
    meta = {"ip": request.remote_addr or "", "user_agent": request.user_agent.string}
    if form.validate_on_submit():
        try:
            if action == "sign":
                service.sign(plein, agreement, version, mine, user=me(), roles=g.roles,
                             name=form.name.data, function=form.function.data,
                             has_read=form.has_read.data, **meta)
            else:
                service.decline(plein, agreement, version, mine, user=me(), roles=g.roles,
                                reason=form.reason.data, **meta)
        except service.StaleVersion as stale:
            db.session.rollback()
            flash(str(stale), "error")
            return redirect_after_post(url_for("agreements.version", plein_id=plein.id,
                                               number=stale.current.number))
        except ServiceError as error:
            db.session.rollback()
            status = 409 if isinstance(error, service.AlreadyAnswered) else 422
            return _version_page(plein, agreement, version, status=status, sign_form=sign_form,
                                 decline_form=decline_form, error=str(error))
        db.session.commit()
        flash(f"Je {'handtekening' if action == 'sign' else 'weigering'} voor versie "
              f"{version.number} is vastgelegd.", "success")
        return redirect_after_post(url_for("agreements.version", plein_id=plein.id,
                                           number=version.number))
    error = error_text(form)
    return _version_page(plein, agreement, version, status=422, sign_form=sign_form,
                         decline_form=decline_form, error=error)


@bp.route("/versie/<int:number>/tekenen", methods=["POST"])
@guard("agreement.sign")
def sign(plein, number):
    return _answer(plein, number, "sign")


@bp.route("/versie/<int:number>/weigeren", methods=["POST"])
@guard("agreement.sign")
def decline(plein, number):
    return _answer(plein, number, "decline")


@bp.route("/vergelijk")
@guard("agreement.view")
def compare(plein):
    """Two versions side by side, section by section."""
    agreement = _agreement_or_404(plein)
    latest = service.current_version(agreement) or abort(404)
    old = service.get_version(agreement, request.args.get("van", max(1, latest.number - 1),
                                                          type=int))
    new = service.get_version(agreement, request.args.get("naar", latest.number, type=int))
    if old is None or new is None:
        abort(404, "Kies twee bestaande versies om te vergelijken.")
    return render("agreements/compare.html", plein=plein, old=old, new=new,
                  sections=version_diff(old, new), versions=agreement.versions)


@bp.route("/versie/<int:number>/afdrukken")
@guard("agreement.view")
def print_view(plein, number):
    """A version for paper or PDF: text, commitments, signatures, audit trail."""
    agreement, version = _readable_version(plein, number)
    # published, signed, declined; and the next publication, which superseded it
    trail = db.session.scalars(
        db.select(AuditEvent).where(
            AuditEvent.plein_id == plein.id, AuditEvent.action.like("agreement.%"),
            db.or_(AuditEvent.summary.like(f"Versie {number} %"),
                   AuditEvent.summary.like(f"Versie {number + 1} gepubliceerd%")))
        .order_by(AuditEvent.created_at, AuditEvent.id)).all()
    return render("agreements/print.html", plein=plein, version=version,
                  content=service.version_content(version), overview=service.overview(version),
                  signatures=[s for s in service.answers_on(version).values()],
                  trail=trail, periods=PERIODS, statuses=SIGNATURE_STATUSES)


@bp.route("/controle")
@guard("agreement.view")
def verify(plein):
    """Recompute every fingerprint of this installation and show the result."""
    return render("agreements/verify.html", plein=plein, problems=integrity.verify_all())
