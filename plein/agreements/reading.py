"""The samenwerkingscontract's published versions: reading, signing, declining, the
receipt, comparing and printing (routes of the agreements blueprint).

Partner users see a version only when their organisation is a party to it (404
otherwise), and then all of it: the full text, every party's commitments and answers.
They never see the draft, the other versions, nor other organisations' e-mail."""

from dataclasses import dataclass

from flask import Response, abort, flash, g, request, url_for
from sqlalchemy import and_, or_, select

from plein.accounts.access import can, guard, me, partner_membership
from plein.accounts.models import Role
from plein.agreements import addenda, receipts, service
from plein.agreements.compare import diff as version_diff
from plein.agreements.forms import DeclineForm, SignForm
from plein.agreements.models import PERIODS, SignatureStatus
from plein.agreements.views import _agreement_or_404, bp
from plein.audit import AuditEvent
from plein.extensions import db
from plein.htmx import redirect_after_post, render
from plein.saving import save, saved


def _my_partner_id(plein):
    membership = partner_membership(me(), plein)
    return membership.partner_id if membership is not None else None


def _party_ids(version):
    return {p["partner_id"] for p in service.version_content(version)["parties"]}


def _readable_versions(plein, agreement):
    """Every version for library roles; for a partner user those its organisation is a
    party to."""
    if can("agreement.view"):
        return list(agreement.versions)
    mine = _my_partner_id(plein)
    if mine is None:
        return []
    joined = {a.version_id for a in addenda.accessions_of(agreement) if a.partner_id == mine}
    return [v for v in agreement.versions if mine in _party_ids(v) or v.id in joined]


def _readable_version(plein, number):
    """The version, if this user may read it (404 otherwise, as if it did not exist)."""
    agreement = _agreement_or_404(plein)
    version = service.get_version(agreement, number) or abort(404)
    if version not in _readable_versions(plein, agreement):
        abort(404)
    return agreement, version


def _my_party(plein):
    """The party this user answers for: its organisation, or the library for the lead;
    False for everyone else."""
    membership = partner_membership(me(), plein)
    if membership is not None:
        return membership.partner_id
    return None if Role.LEAD in g.roles else False


def _my_signature(plein, version, answers):
    """This user's organisation's answer on ``version`` (for its receipt), if any."""
    mine = _my_party(plein)
    if mine is False or not service.may_answer_for(me(), plein, mine, g.roles):
        return None
    return answers.get(mine or 0)


def _version_page(plein, agreement, version, *, status=200, sign_form=None,
                  decline_form=None):
    mine = _my_party(plein)
    answers = service.answers_on(version)
    current = service.current_version(agreement)
    can_answer = (mine is not False and version.id == current.id
                  and mine in _party_ids(version) and (mine or 0) not in answers
                  and service.may_answer_for(me(), plein, mine, g.roles))
    mine_signed = _my_signature(plein, version, answers)
    return render("agreements/version.html", status=status, plein=plein, version=version,
                  content=service.version_content(version), current=current,
                  overview=service.overview(version, answers), mine=mine,
                  can_answer=can_answer, my_signature=mine_signed,
                  receipt=receipts.receipt_for(plein, mine_signed) if mine_signed else None,
                  sign_form=sign_form or SignForm(formdata=None),
                  decline_form=decline_form or DeclineForm(formdata=None),
                  periods=PERIODS, statuses=dict(SignatureStatus.choices()),
                  signers=service.signers(plein),
                  versions=_readable_versions(plein, agreement),
                  addenda=addenda.accessions_of(agreement, version),
                  leavings=addenda.withdrawals_of(agreement, version))


@bp.route("/versie/<int:number>")
@guard("agreement.read")
def version(plein, number):
    """A published version: text, every party with its commitments and answer (yours
    highlighted), fingerprint; the sign or decline form, or your receipt."""
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

    def work():
        try:
            if action == "sign":
                return service.sign(plein, agreement, version, mine, user=me(), roles=g.roles,
                                    function=form.function.data, has_read=form.has_read.data,
                                    **meta)
            return service.decline(plein, agreement, version, mine, user=me(), roles=g.roles,
                                   reason=form.reason.data, **meta)
        except service.StaleVersion as stale:
            return stale  # not an error in the form: the person reads the new version

    def done(result):
        if isinstance(result, service.StaleVersion):
            flash(str(result), "error")
            return redirect_after_post(url_for("agreements.version", plein_id=plein.id,
                                               number=result.current.number))
        word = "handtekening" if action == "sign" else "weigering"
        return saved(f"Je {word} voor versie {version.number} is vastgelegd. Bewaar je "
                     "ontvangstbewijs.", url_for("agreements.version", plein_id=plein.id,
                                                  number=version.number,
                                                  _anchor="ontvangstbewijs"))

    return save(form, work, done=done, again=lambda status: _version_page(
        plein, agreement, version, status=status, sign_form=sign_form,
        decline_form=decline_form))


@bp.route("/versie/<int:number>/tekenen", methods=["POST"])
@guard("agreement.sign")
def sign(plein, number):
    return _answer(plein, number, "sign")


@bp.route("/versie/<int:number>/weigeren", methods=["POST"])
@guard("agreement.sign")
def decline(plein, number):
    return _answer(plein, number, "decline")


@bp.route("/versie/<int:number>/ontvangstbewijs")
@guard("agreement.sign")
def receipt(plein, number):
    """Your organisation's receipt for its answer on this version, as a JSON file."""
    _agreement, version = _readable_version(plein, number)
    signature = _my_signature(plein, version, service.answers_on(version)) or abort(404)
    body = receipts.receipt_text(receipts.receipt_for(plein, signature))
    name = f"ontvangstbewijs-contract-{plein.id}-versie-{version.number}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/vergelijk")
@guard("agreement.read")
def compare(plein):
    """Two versions side by side, section by section. A partner compares versions its
    organisation is a party to; by default the one it last signed with the newest."""
    agreement = _agreement_or_404(plein)
    versions = _readable_versions(plein, agreement)
    if not versions:
        abort(404)
    latest = versions[-1]
    start = max(1, latest.number - 1)
    if not can("agreement.view"):
        mine = _my_partner_id(plein)
        signed = [v for v in versions if v.number < latest.number
                  and getattr(service.answers_on(v).get(mine), "answer", "")
                  == SignatureStatus.SIGNED]
        start = signed[-1].number if signed else start
    numbers = {v.number: v for v in versions}
    old = numbers.get(request.args.get("van", start, type=int))
    new = numbers.get(request.args.get("naar", latest.number, type=int))
    if old is None or new is None:
        abort(404, "Kies twee bestaande versies om te vergelijken.")
    return render("agreements/compare.html", plein=plein, old=old, new=new,
                  sections=version_diff(old, new), versions=versions)


def print_context(plein, number):
    """What the print view and the PDF show of a version: text, commitments, dates,
    addenda and leavings, signatures (a page per party) and the audit trail."""
    agreement, version = _readable_version(plein, number)
    answers = service.answers_on(version)
    following = service.get_version(agreement, number + 1)
    accessions = addenda.accessions_of(agreement, version)
    # published, signed, declined; and the next publication, which superseded it:
    # chosen by object and action, never by the words of the summary
    about = [and_(AuditEvent.object_type == "AgreementVersion",
                  AuditEvent.object_id == version.id)]
    if answers:
        about.append(and_(AuditEvent.object_type == "Signature",
                          AuditEvent.object_id.in_([s.id for s in answers.values()]),
                          AuditEvent.action.in_(("agreement.sign", "agreement.decline"))))
    if following is not None:
        about.append(and_(AuditEvent.object_type == "AgreementVersion",
                          AuditEvent.object_id == following.id))
    trail = db.session.scalars(
        select(AuditEvent).where(AuditEvent.plein_id == plein.id,
                                 AuditEvent.action.in_(("agreement.publish", "agreement.sign",
                                                        "agreement.decline")),
                                 or_(*about))
        .order_by(AuditEvent.created_at, AuditEvent.id)).all()
    overview = service.overview(version, answers)
    pages = [SignaturePage(row.name, f"Versie {version.number} van het contract.",
                           row.signature, _PAGE_WORDS[row.status] if row.signature else
                           "nog niet getekend", version.sha256) for row in overview]
    pages += [SignaturePage(a.partner.name, f"Toetreding {a.number} tot versie "
                            f"{version.number}.", a.answer,
                            _PAGE_WORDS[a.answer.answer] if a.answer else "nog niet getekend",
                            a.sha256) for a in accessions]
    return dict(plein=plein, version=version, content=service.version_content(version),
                overview=overview, mine=_my_party(plein), trail=trail, periods=PERIODS,
                statuses=dict(SignatureStatus.choices()), terms=agreement, signature_pages=pages,
                addenda=[{"row": a, "content": addenda.content_of(a)} for a in accessions],
                leavings=addenda.withdrawals_of(agreement, version))


_PAGE_WORDS = {SignatureStatus.SIGNED: "getekend",
               SignatureStatus.DECLINED: "niet getekend (geweigerd)",
               SignatureStatus.SUPERSEDED: "getekend, later vervangen door een nieuwe versie"}


@dataclass
class SignaturePage:
    name: str
    what: str
    answer: object  # Signature or AccessionAnswer, or None
    status: str
    fingerprint: str


@bp.route("/versie/<int:number>/afdrukken")
@guard("agreement.read")
def print_view(plein, number):
    """A version for paper: text, commitments, addenda, signatures, audit trail."""
    return render("agreements/print.html", pdf=False, **print_context(plein, number))
