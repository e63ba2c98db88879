"""Joining and leaving a published contract without everyone signing again.

A toetreding (``Accession``) is an addendum: one new partner with its commitments,
chained to the current version's fingerprint (and to the previous addendum's), sealed
like the versions. Only the new party answers it; the other parties see it on the
version and in its print view and PDF, and are not asked to sign again. The new party
also enters the draft, so the next version names it like every other party.

An opzegging (``Withdrawal``) records that a party leaves from a date, for a reason,
on the version current at the time; it is fingerprinted and sealed too, and the party
leaves the draft.

The mail outbox hooks in after :func:`accede` (a signing request to the new party's
users), :func:`answer` (the others are informed) and :func:`withdraw` (the others are
informed); each writes one audit event. Functions add to the session; the caller
commits.
"""

import json

from sqlalchemy import select

from plein import audit
from plein import seal as sealing
from plein.agreements import drafting, integrity
from plein.agreements.models import Accession, AccessionAnswer, SignatureStatus, Withdrawal
from plein.agreements.publishing import _content, _serialise, version_content
from plein.agreements.signing import AlreadyAnswered, may_answer_for
from plein.errors import ServiceError
from plein.extensions import db
from plein.text import clean_text
from plein.timeutil import utcnow

KINDS = {"accession": "toetreding", "withdrawal": "opzegging"}


def accessions_of(agreement, version=None):
    stmt = select(Accession).where(Accession.agreement_id == agreement.id)
    if version is not None:
        stmt = stmt.where(Accession.version_id == version.id)
    return db.session.scalars(stmt.order_by(Accession.number)).all()


def withdrawals_of(agreement, version=None):
    stmt = select(Withdrawal).where(Withdrawal.agreement_id == agreement.id)
    if version is not None:
        stmt = stmt.where(Withdrawal.version_id == version.id)
    return db.session.scalars(stmt.order_by(Withdrawal.id)).all()


def get_accession(agreement, number):
    return db.session.scalar(select(Accession).where(
        Accession.agreement_id == agreement.id, Accession.number == number))


def content_of(row):
    """The frozen content of an accession or withdrawal."""
    return json.loads(row.canonical)


def parties_now(version, agreement):
    """Partner ids that are party to ``version`` now: its own parties, plus those that
    signed an addendum to it, minus those that left."""
    ids = {p["partner_id"] for p in version_content(version)["parties"]}
    for accession in accessions_of(agreement, version):
        if accession.answer is not None and accession.answer.answer == SignatureStatus.SIGNED:
            ids.add(accession.partner_id)
    return ids - {w.partner_id for w in withdrawals_of(agreement, version)}


def accede(plein, agreement, partner, *, by, confirmed=False, **commitment):
    """The lead adds ``partner`` to the current version by an addendum with its
    commitment (``hours``, ``hours_period``, ``money``, ``money_explanation``,
    ``knowledge``, ``means``, ``tasks`` as typed). Returns the Accession."""
    version = _serialise(agreement)
    if version is None:
        raise ServiceError("Publiceer eerst een versie; daarna kunnen nieuwe partners "
                           "toetreden.")
    if partner.plein_id != plein.id:
        raise ServiceError("Deze partner hoort niet bij dit plein.", "partner_id")
    if partner.id in {p["partner_id"] for p in version_content(version)["parties"]}:
        raise ServiceError(f"{partner.name} is al partij in versie {version.number}.",
                           "partner_id")
    if any(a.partner_id == partner.id for a in accessions_of(agreement, version)):
        raise ServiceError(f"Voor {partner.name} is al een toetreding tot versie "
                           f"{version.number} vastgelegd.", "partner_id")
    party = next((p for p in agreement.parties if p.partner_id == partner.id), None)
    if party is None:  # NeedsConfirmation without a 'ja' in the afwegingstabel
        party = drafting.add_party(plein, agreement, partner, by=by, confirmed=confirmed)
    drafting.set_commitment(plein, agreement, party, by=by,
                            expected_version=agreement.version_id, **commitment)
    db.session.flush()
    entry = next(p for p in _content(plein, agreement)["parties"]
                 if p["partner_id"] == partner.id)
    earlier = accessions_of(agreement)
    number = len(earlier) + 1
    text = sealing.canonical({
        "kind": KINDS["accession"], "plein": plein.name, "organisation": plein.organisation,
        "version": version.number, "version_sha256": version.sha256, "number": number,
        "previous": earlier[-1].sha256 if earlier else "", "party": entry})
    accession = Accession(agreement_id=agreement.id, version_id=version.id, number=number,
                          partner_id=partner.id, canonical=text,
                          sha256=sealing.fingerprint(text), published_at=utcnow(),
                          published_by_id=by.id)
    seal_accession(accession)
    db.session.add(accession)
    db.session.flush()
    audit.record("agreement.accede", f"Toetreding {number}: {partner.name} treedt toe tot "
                 f"versie {version.number} (SHA-256 {accession.sha256[:12]}…); alleen "
                 f"{partner.name} tekent", plein=plein, obj=accession, user=by)
    from plein.agreements import life_notices  # it reads this module

    life_notices.accession_published(plein, accession)
    return accession


def answer(plein, agreement, accession, *, user, roles, sign, function="", has_read=False,
           reason="", ip="", user_agent=""):
    """The new party's answer to its addendum (only its own users; the version it joins
    must still be the current one). Returns the AccessionAnswer."""
    latest = _serialise(agreement)
    if accession.agreement_id != agreement.id:
        raise ServiceError("Deze toetreding hoort niet bij dit contract.")
    if latest is None or latest.id != accession.version_id:
        raise ServiceError(f"Er is intussen een nieuwe versie (versie {latest.number}); "
                           "daarin staat je organisatie als partij. Teken die versie.")
    if not may_answer_for(user, plein, accession.partner_id, roles):
        raise ServiceError("Alleen de toetredende organisatie tekent deze toetreding.")
    if db.session.scalar(select(AccessionAnswer.id).where(
            AccessionAnswer.accession_id == accession.id)):
        raise AlreadyAnswered("Op deze toetreding is namens je organisatie al geantwoord.")
    if sign:
        function = " ".join((function or "").split())
        if not has_read:
            raise ServiceError("Vink aan dat je de toetreding en het contract hebt gelezen.",
                               "has_read")
        if not function:
            raise ServiceError("Vul je functie in.", "function")
    else:
        reason = clean_text(reason or "").strip()
        if not reason:
            raise ServiceError("Geef aan waarom je niet tekent.", "reason")
    row = AccessionAnswer(
        accession_id=accession.id, user_id=user.id,
        answer=SignatureStatus.SIGNED if sign else SignatureStatus.DECLINED,
        signer_name=user.name, signer_function=function if sign else "",
        reason="" if sign else reason, fingerprint=accession.sha256,
        ip_address=(ip or "")[:64], user_agent=(user_agent or "")[:300], created_at=utcnow())
    seal_answer(row)
    db.session.add(row)
    db.session.flush()
    word = "getekend" if sign else "geweigerd"
    audit.record(f"agreement.accession_{'sign' if sign else 'decline'}",
                 f"Toetreding {accession.number} {word} namens {accession.partner.name} door "
                 f"{user.name}" + ("" if sign else f": {reason}"),
                 plein=plein, obj=row, user=user)
    db.session.refresh(accession)
    from plein.agreements import life_notices  # it reads this module

    life_notices.accession_answered(plein, agreement, accession, row)
    return row


def withdraw(plein, agreement, partner, *, by, leaves_on, reason):
    """Record that ``partner`` leaves the contract on ``leaves_on`` (a date) for
    ``reason``; it leaves the draft too. Returns the Withdrawal."""
    version = _serialise(agreement)
    if version is None:
        raise ServiceError("Er is nog geen gepubliceerde versie om op te zeggen.")
    if partner.plein_id != plein.id:
        raise ServiceError("Deze partner hoort niet bij dit plein.", "leaving_partner")
    if partner.id not in parties_now(version, agreement):
        raise ServiceError(f"{partner.name} is geen partij (meer) bij versie "
                           f"{version.number}.", "leaving_partner")
    if leaves_on is None:
        raise ServiceError("Vul de datum in waarop de organisatie vertrekt.", "leaves_on")
    reason = clean_text(reason or "").strip()
    if not reason:
        raise ServiceError("Schrijf op waarom de organisatie opzegt.", "reason")
    name = partner.name
    text = sealing.canonical({
        "kind": KINDS["withdrawal"], "plein": plein.name, "version": version.number,
        "version_sha256": version.sha256, "party": name, "partner_id": partner.id,
        "leaves_on": leaves_on.isoformat(), "reason": reason})
    row = Withdrawal(agreement_id=agreement.id, version_id=version.id, partner_id=partner.id,
                     leaves_on=leaves_on, reason=reason, canonical=text,
                     sha256=sealing.fingerprint(text), recorded_at=utcnow(),
                     recorded_by_id=by.id)
    seal_withdrawal(row)
    db.session.add(row)
    party = next((p for p in agreement.parties if p.partner_id == partner.id), None)
    if party is not None:
        drafting.remove_party(plein, agreement, party, by=by)
    db.session.flush()
    audit.record("agreement.withdraw", f"{name} zegt op per {leaves_on:%d-%m-%Y}: {reason}",
                 plein=plein, obj=row, user=by)
    from plein.agreements import life_notices  # it reads this module

    life_notices.withdrawn(plein, agreement, row)
    return row


# -- seals: the data each seal covers ---------------------------------------------------

def accession_data(row):
    return {"agreement": row.agreement_id, "version_id": row.version_id,
            "number": row.number, "partner": row.partner_id, "sha256": row.sha256,
            "published_at": integrity._moment(row.published_at),
            "published_by": row.published_by_id}


def answer_data(row):
    return {"accession": row.accession_id, "fingerprint": row.fingerprint,
            "user": row.user_id, "answer": row.answer, "name": row.signer_name,
            "function": row.signer_function, "reason": row.reason,
            "at": integrity._moment(row.created_at), "ip": row.ip_address,
            "user_agent": row.user_agent}


def withdrawal_data(row):
    return {"agreement": row.agreement_id, "version_id": row.version_id,
            "partner": row.partner_id, "leaves_on": row.leaves_on.isoformat(),
            "reason": row.reason, "sha256": row.sha256,
            "at": integrity._moment(row.recorded_at), "by": row.recorded_by_id}


SEALS = ((Accession, accession_data), (AccessionAnswer, answer_data),
         (Withdrawal, withdrawal_data))


def _seal(row, data, key=None):
    made = sealing.make(data(row), key)
    row.seal, row.seal_key = made.value, made.key


def seal_accession(row, key=None):
    _seal(row, accession_data, key)


def seal_answer(row, key=None):
    _seal(row, answer_data, key)


def seal_withdrawal(row, key=None):
    _seal(row, withdrawal_data, key)


# -- verification (called by integrity.verify_all and integrity.reseal) ------------------

def verify(agreement, versions, checker):
    """Add a problem line for every addendum, answer or withdrawal that is no longer as
    it was: its text against its fingerprint, its link to the version's fingerprint and
    to the previous addendum, and its seal."""
    add = checker.problems.append
    by_id = {v.id: v for v in versions}
    previous = ""
    for expected, row in enumerate(integrity._fresh(select(Accession).where(
            Accession.agreement_id == agreement.id).order_by(Accession.number)), start=1):
        where = f"Contract {agreement.id}, toetreding {row.number}"
        if row.number != expected:
            add(f"Contract {agreement.id}: toetreding {expected} ontbreekt (verwijderd of "
                "omgenummerd).")
        _check_text(where, row, by_id, add)
        if _frozen(row).get("previous", "") != previous:
            add(f"{where}: de vingerafdruk van de vorige toetreding klopt niet meer.")
        previous = row.sha256
        checker.check(where, accession_data(row), row.seal, row.seal_key, agreement.id)
        for reply in integrity._fresh(select(AccessionAnswer).where(
                AccessionAnswer.accession_id == row.id)):
            at = f"Antwoord op toetreding {row.number}"
            if reply.fingerprint != row.sha256:
                add(f"{at}: de vingerafdruk verschilt van die van de toetreding.")
            checker.check(at, answer_data(reply), reply.seal, reply.seal_key, agreement.id)
    for row in integrity._fresh(select(Withdrawal).where(
            Withdrawal.agreement_id == agreement.id).order_by(Withdrawal.id)):
        where = f"Contract {agreement.id}, opzegging {row.id}"
        _check_text(where, row, by_id, add)
        checker.check(where, withdrawal_data(row), row.seal, row.seal_key, agreement.id)


def _frozen(row):
    try:
        return json.loads(row.canonical)
    except ValueError:
        return {}


def _check_text(where, row, versions, add):
    if sealing.fingerprint(row.canonical) != row.sha256:
        add(f"{where}: de tekst past niet meer bij de vingerafdruk.")
    version = versions.get(row.version_id)
    content = _frozen(row)
    if version is None or content.get("version_sha256") != version.sha256 \
            or content.get("version") != version.number:
        add(f"{where}: de koppeling aan de vingerafdruk van de versie klopt niet meer.")


def reseal(agreement_id):
    """Seal every addendum, answer and withdrawal of a contract again (current key)."""
    count = 0
    for model, data in SEALS:
        stmt = select(model)
        stmt = stmt.join(Accession) if model is AccessionAnswer else stmt
        owner = Accession if model is AccessionAnswer else model
        for row in integrity._fresh(stmt.where(owner.agreement_id == agreement_id)):
            _seal(row, data)
            count += 1
    return count


LOGGED = (("Toetreding", Accession, ("agreement.accede",)),
          ("Antwoord op toetreding", AccessionAnswer,
           ("agreement.accession_sign", "agreement.accession_decline")),
          ("Opzegging", Withdrawal, ("agreement.withdraw",)))
