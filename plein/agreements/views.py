"""The samenwerkingscontract: overview, draft, publishing and this plein's check.
Reading, signing, comparing and printing: plein/agreements/reading.py."""

from flask import Blueprint, abort, url_for

from plein.accounts.access import guard, me
from plein.agreements import addenda, integrity, service, terms
from plein.agreements.forms import AddPartyForm, CommitmentForm, PublishForm, sections_form
from plein.agreements.models import PERIODS, SignatureStatus
from plein.errors import ServiceError, StaleError
from plein.forms import EmptyForm, VersionForm, choices, error_text
from plein.htmx import render
from plein.numbers import form_value
from plein.partners import service as partners
from plein.saving import save, saved

bp = Blueprint("agreements", __name__, url_prefix="/p/<int:plein_id>/contract")


def _agreement_or_404(plein):
    return service.agreement_of(plein) or abort(404)


class _Bodies:
    """The draft's section texts as attributes ``section-<key>``, to fill its form."""

    def __init__(self, agreement):
        self.__dict__.update({f"section-{s.key}": s.body for s in agreement.sections})


@bp.route("/")
@guard("agreement.view")
def index(plein):
    """Versions, who signed the current one (since when, reasons) and the totals."""
    return _index_page(plein)


def _index_page(plein, status=200):
    agreement = service.agreement_of(plein)
    current = service.current_version(agreement) if agreement else None
    return render("agreements/index.html", status=status, plein=plein, agreement=agreement,
                  current=current,
                  overview=service.overview(current) if current else [],
                  totals=service.totals(agreement) if agreement else None,
                  unpublished=agreement is not None and service.has_unpublished_changes(
                      plein, agreement), statuses=dict(SignatureStatus.choices()),
                  upcoming=terms.upcoming(agreement) if agreement else [],
                  addenda=addenda.accessions_of(agreement, current) if current else [],
                  leavings=addenda.withdrawals_of(agreement, current) if current else [])


@bp.route("/starten", methods=["POST"])
@guard("agreement.draft")
def start(plein):
    """Create the draft from the template (a second press finds it made: safe)."""
    return save(EmptyForm(), lambda: service.start(plein, by=me()),
                done=lambda _agreement: saved(
                    "Het concept staat klaar, gemaakt vanuit het sjabloon.",
                    url_for("agreements.draft", plein_id=plein.id)),
                again=lambda status: _index_page(plein, status=status))


def _draft_page(plein, agreement, *, status=200, errors=None, sections=None, forms=None,
                add_form=None, confirm=None, conflict=False, publish_form=None):
    add_form = add_form or AddPartyForm(formdata=None)
    present = {p.partner_id for p in agreement.parties}
    add_form.partner_id.choices = choices([(0, "— kies —")] + [
        (p.id, f"{p.name} ({p.status_label.lower()})")
        for p in partners.list_partners(plein) if p.id not in present])
    forms = forms or {}
    for party in agreement.parties:
        c = party.commitment
        form = forms.setdefault(party.id, CommitmentForm(
            formdata=None, version=agreement.version_id, hours=form_value(c.hours),
            hours_period=c.hours_period, money=form_value(c.money),
            money_explanation=c.money_explanation, knowledge=c.knowledge, means=c.means,
            tasks=party.tasks))
        for field in form:  # one form per party on the page: ids of its own
            field.id = f"{field.name}-{party.id}"
    return render("agreements/draft.html", status=status, plein=plein, agreement=agreement,
                  errors=errors or {}, forms=forms, add_form=add_form,
                  sections=sections or sections_form(agreement, formdata=None, obj=_Bodies(
                      agreement), version=agreement.version_id),
                  confirm=confirm, totals=service.totals(agreement), periods=PERIODS,
                  signers=service.signers(plein), conflict=conflict,
                  current=service.current_version(agreement),
                  unpublished=service.has_unpublished_changes(plein, agreement),
                  placeholders=service.placeholders(agreement),
                  publish_form=publish_form or PublishForm(formdata=None,
                                                           version=agreement.version_id))


@bp.route("/concept")
@guard("agreement.draft")
def draft(plein):
    """Edit the draft: section texts, parties, each party's tasks and commitment."""
    return _draft_page(plein, _agreement_or_404(plein))


@bp.route("/concept", methods=["POST"])
@guard("agreement.draft")
def save_sections(plein):
    """The texts of the draft's sections (a stale save shows both texts: 409)."""
    agreement = _agreement_or_404(plein)
    form = sections_form(agreement)
    return save(form, lambda: service.update_sections(
                    plein, agreement, form.bodies(), by=me(),
                    expected_version=form.version.data),
                done=lambda changed: saved(
                    "Concept opgeslagen." if changed else "Er was niets gewijzigd.",
                    url_for("agreements.draft", plein_id=plein.id)),
                again=lambda status: _draft_page(plein, _agreement_or_404(plein),
                                                 status=status, sections=form))


@bp.route("/partijen", methods=["POST"])
@guard("agreement.draft")
def add_party(plein):
    """Add a partner from the register as party (confirm when it has no 'ja'). Safe
    without a version: adding overwrites nothing, and the same partner twice is refused."""
    agreement = _agreement_or_404(plein)
    form, asked = AddPartyForm(), []

    def work():
        partner = partners.get_partner(plein, form.partner_id.data) if (
            form.partner_id.data) else None
        if partner is None:
            raise ServiceError("Kies een partnerorganisatie uit het register.", "partner_id")
        try:
            return service.add_party(plein, agreement, partner, by=me(),
                                     confirmed=form.confirmed.data)
        except service.NeedsConfirmation as question:
            asked.append(str(question))
            raise

    return save(form, work,
                done=lambda party: saved(f"{party.partner.name} is partij in het concept.",
                                         url_for("agreements.draft", plein_id=plein.id,
                                                 _anchor="partijen")),
                again=lambda status: _draft_page(plein, _agreement_or_404(plein),
                                                 status=status, add_form=form,
                                                 confirm=asked[0] if asked else None))


def _party_or_404(agreement, party_id):
    return service.get_party(agreement, party_id) or abort(404)


@bp.route("/partijen/<int:party_id>", methods=["POST"])
@guard("agreement.draft")
def save_commitment(plein, party_id):
    """A party's tasks and inbreng."""
    agreement = _agreement_or_404(plein)
    party = _party_or_404(agreement, party_id)
    form = CommitmentForm()
    return save(form, lambda: service.set_commitment(
                    plein, agreement, party, by=me(), expected_version=form.version.data,
                    hours=form.hours.data, hours_period=form.hours_period.data,
                    money=form.money.data, money_explanation=form.money_explanation.data,
                    knowledge=form.knowledge.data, means=form.means.data,
                    tasks=form.tasks.data),
                done=lambda _: saved(
                    f"Inbreng van {service.party_name(party, plein)} opgeslagen.",
                    url_for("agreements.draft", plein_id=plein.id,
                            _anchor=f"partij-{party_id}")),
                again=lambda status: _draft_page(
                    plein, _agreement_or_404(plein), status=status, forms={party_id: form},
                    errors={party_id: error_text(form)}, conflict=status == 409))


@bp.route("/partijen/<int:party_id>/verwijderen", methods=["POST"])
@guard("agreement.draft")
def remove_party(plein, party_id):
    """Remove a party from the draft as the person saw it: not when the draft changed
    since (its inbreng may just have been filled in)."""
    agreement = _agreement_or_404(plein)
    party = _party_or_404(agreement, party_id)
    name, form = service.party_name(party, plein), VersionForm()
    return save(form, lambda: service.remove_party(plein, agreement, party, by=me(),
                                                   expected_version=form.version.data),
                done=lambda _: saved(f"{name} is geen partij meer in het concept.",
                                     url_for("agreements.draft", plein_id=plein.id,
                                             _anchor="partijen")),
                again=lambda status: _draft_page(plein, _agreement_or_404(plein),
                                                 status=status))


PUBLISH_STALE = ("Het concept is gewijzigd nadat je deze pagina opende. Bekijk de nieuwe "
                 "stand hieronder en publiceer dan opnieuw.")


@bp.route("/publiceren", methods=["POST"])
@guard("agreement.publish")
def publish(plein):
    """Freeze the draft as the next version; everyone is asked to sign (again). Asks
    for confirmation, and is refused while template placeholders remain."""
    agreement = _agreement_or_404(plein)
    form = PublishForm()

    def work():
        try:
            return service.publish(plein, agreement, by=me(),
                                   expected_version=form.version.data)
        except service.StaleDraft:
            raise StaleError(PUBLISH_STALE, current=agreement) from None

    return save(form, work, done=lambda version: saved(
        f"Versie {version.number} is gepubliceerd. Alle partijen kunnen nu tekenen.",
        url_for("agreements.version", plein_id=plein.id, number=version.number)),
        again=lambda status: _draft_page(plein, _agreement_or_404(plein), status=status,
                                         publish_form=form))


@bp.route("/controle")
@guard("agreement.view")
def verify(plein):
    """Recompute the fingerprints and seals of this plein's contract (the whole
    installation: the admin's page and ``flask plein verify-agreements``)."""
    return render("agreements/verify.html", plein=plein,
                  problems=integrity.verify_all(plein))


from plein.agreements import life_views, reading  # noqa: E402, F401  (routes of this blueprint)
