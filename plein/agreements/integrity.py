"""Integrity of the samenwerkingscontract: what is sealed, and the check that every
published version and signature is still exactly as it was.

Three kinds of keyed seal (plein/seal.py), each over plain data built here:
- a version's seal covers its contract, number, SHA-256 (of the text, which names the
  previous version's SHA-256: a chain), publication time and publisher;
- the contract's head seal covers the number and SHA-256 of its newest version, so
  deleting the newest version shows;
- a signature's seal covers everything about it that never changes (version,
  fingerprint, party, account, answer, name, function, reason, time, address, browser).
A signature's status is not sealed but follows from the versions: on the newest
version it equals the answer, on older ones it is "superseded".
"""

import json
from datetime import UTC

from sqlalchemy import select

from plein import seal as sealing
from plein.agreements.models import Agreement, AgreementVersion, Signature, SignatureStatus
from plein.audit import AuditEvent
from plein.extensions import db

fingerprint = sealing.fingerprint
RESEAL_COMMAND = "flask plein seal-agreements"


def _moment(value):
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def version_data(version):
    return {"agreement": version.agreement_id, "number": version.number,
            "sha256": version.sha256, "published_at": _moment(version.published_at),
            "published_by": version.published_by_id}


def head_data(agreement_id, version):
    return {"agreement": agreement_id, "latest": version.number, "sha256": version.sha256}


def signature_data(signature):
    return {"version_id": signature.version_id, "fingerprint": signature.fingerprint,
            "party": signature.partner_key, "partner": signature.partner_id,
            "user": signature.user_id, "answer": signature.answer,
            "name": signature.signer_name, "function": signature.signer_function,
            "reason": signature.reason, "at": _moment(signature.created_at),
            "ip": signature.ip_address, "user_agent": signature.user_agent}


def seal_version(agreement, version, key=None):
    """Seal a version and make it the contract's head."""
    made = sealing.make(version_data(version), key)
    version.seal, version.seal_key = made.value, made.key
    head = sealing.make(head_data(agreement.id, version), key)
    agreement.head_seal, agreement.head_key = head.value, head.key


def seal_signature(signature, key=None):
    made = sealing.make(signature_data(signature), key)
    signature.seal, signature.seal_key = made.value, made.key


def legacy_seal(signature):
    """The unkeyed seal of releases before keyed seals (plain SHA-256, no key)."""
    parts = [signature.fingerprint, signature.version_id, signature.partner_key,
             signature.user_id, signature.answer, signature.signer_name,
             signature.signer_function, signature.reason, _moment(signature.created_at),
             signature.ip_address, signature.user_agent]
    return fingerprint(json.dumps([str(p) for p in parts], ensure_ascii=False))


class Checker:
    """Checks stored seals with the current key, or an older key named by id (while
    rotating keys); collects the Dutch problem lines."""

    def __init__(self, old_keys=()):
        self.keys = {sealing.key_id(key): key for key in old_keys}
        self.current = sealing.key_id()
        self.problems, self.unkeyed = [], set()

    def check(self, where, data, value, key_name, agreement_id, changed=None):
        # an older key when the seal names one given for rotation; else the current key
        outcome = sealing.check(data, value, key_name, self.keys.get(key_name))
        if outcome == sealing.CHANGED:
            self.problems.append(changed or f"{where}: de gegevens passen niet bij het "
                                 "zegel; ze zijn na het verzegelen veranderd.")
        elif outcome == sealing.OTHER_KEY:
            self.problems.append(f"{where}: verzegeld met een andere sleutel (sleutel "
                                 f"{key_name}, deze installatie gebruikt {self.current}).")
        elif outcome == sealing.UNKEYED:
            self.unkeyed.add(agreement_id)
        return outcome


def _fresh(stmt):
    """What is stored now, not what this session cached."""
    return db.session.scalars(stmt.execution_options(populate_existing=True)).all()


def verify_all(plein=None, old_keys=()):
    """Check every published version and signature (of one plein, or of the whole
    installation). Returns Dutch problem descriptions; empty: all in order."""
    checker = _run(plein, old_keys)
    problems = list(checker.problems)
    for agreement_id in sorted(checker.unkeyed):
        problems.append(f"Contract {agreement_id}: nog verzegeld zonder sleutel (door een "
                        "eerdere versie van plein). De oude controles hierboven zijn "
                        f"gedaan; verzegel opnieuw met: {RESEAL_COMMAND}")
    return problems


def _run(plein, old_keys):
    checker = Checker(old_keys)
    agreements = select(Agreement).order_by(Agreement.id)
    if plein is not None:
        agreements = agreements.where(Agreement.plein_id == plein.id)
    for agreement in _fresh(agreements):
        _verify_agreement(agreement, checker)
    _verify_against_the_log(checker, plein)
    return checker


def reseal(old_keys=()):
    """Seal every version, contract head and signature again with the current key:
    after upgrading from unkeyed seals, or to rotate keys (``old_keys``: the keys the
    stored seals were made with). Refuses, returning the problems, unless everything
    checks out first with the keys given (or the old unkeyed checks). Returns
    (problems, number of rows sealed); the caller commits."""
    from plein.agreements import addenda

    checker = _run(None, old_keys)
    if checker.problems:
        return checker.problems, 0
    count = 0
    for agreement in _fresh(select(Agreement).order_by(Agreement.id)):
        versions = _fresh(select(AgreementVersion).where(
            AgreementVersion.agreement_id == agreement.id).order_by(AgreementVersion.number))
        for version in versions:
            seal_version(agreement, version)
            for signature in _fresh(select(Signature).where(Signature.version_id == version.id)):
                seal_signature(signature)
                count += 1
            count += 1
        count += addenda.reseal(agreement.id)
    db.session.flush()
    return [], count


def _verify_agreement(agreement, checker):
    add = checker.problems.append
    versions = _fresh(select(AgreementVersion).where(
        AgreementVersion.agreement_id == agreement.id).order_by(AgreementVersion.number))
    previous = None
    for expected_number, version in enumerate(versions, start=1):
        where = f"Contract {agreement.id}, versie {version.number}"
        if version.number != expected_number:
            add(f"Contract {agreement.id}: versie {expected_number} ontbreekt (verwijderd of "
                "omgenummerd).")
        actual = fingerprint(version.canonical)
        if actual != version.sha256:
            add(f"{where}: de tekst past niet meer bij de vingerafdruk (opgeslagen "
                f"{version.sha256[:12]}…, berekend {actual[:12]}…).")
        try:
            content = json.loads(version.canonical)
        except ValueError:
            add(f"{where}: de tekst is geen geldige vastgelegde versie meer.")
            content = {}
        if content and content.get("version") != version.number:
            add(f"{where}: het versienummer in de tekst klopt niet.")
        if content and content.get("previous", "") != (previous.sha256 if previous else ""):
            add(f"{where}: de vingerafdruk van de vorige versie klopt niet meer.")
        checker.check(where, version_data(version), version.seal, version.seal_key,
                      agreement.id)
        previous = version
    if previous is not None or agreement.head_seal:
        if previous is None:
            add(f"Contract {agreement.id}: er zijn versies gepubliceerd, maar er staat er "
                "geen meer in de database.")
        else:
            checker.check(f"Contract {agreement.id}", head_data(agreement.id, previous),
                          agreement.head_seal, agreement.head_key, agreement.id, changed=(
                              f"Contract {agreement.id}: versie {previous.number} is volgens "
                              "het zegel niet de nieuwste versie; een nieuwere is verwijderd "
                              "of vervangen."))
    for version in versions:
        _verify_signatures(version, version is previous, checker)
    from plein.agreements import addenda  # toetredingen and opzeggingen (imports this)

    addenda.verify(agreement, versions, checker)


def _verify_signatures(version, newest, checker):
    add = checker.problems.append
    for signature in _fresh(select(Signature).where(Signature.version_id == version.id)
                            .order_by(Signature.id)):
        where = f"Handtekening {signature.id} (versie {version.number})"
        if signature.fingerprint != version.sha256:
            add(f"{where}: de vingerafdruk verschilt van die van de versie.")
        outcome = checker.check(where, signature_data(signature), signature.seal,
                                signature.seal_key, version.agreement_id)
        if outcome == sealing.UNKEYED and signature.seal != legacy_seal(signature):
            add(f"{where}: de gegevens zijn na het tekenen veranderd.")
        if newest and signature.status != signature.answer:
            add(f"{where}: de status ({signature.status}) past niet bij het gegeven "
                f"antwoord ({signature.answer}) op de nieuwste versie.")
        if not newest and (signature.status != SignatureStatus.SUPERSEDED
                           or not signature.superseded_at):
            add(f"{where}: er is een nieuwere versie, maar deze handtekening staat niet op "
                "vervangen.")


def _verify_against_the_log(checker, plein=None):
    """Every version and signature the (append-only) log records (of one plein, or of
    all) must still exist."""
    from plein.agreements.addenda import LOGGED

    for kind, model, actions in (
            ("Handtekening", Signature, ("agreement.sign", "agreement.decline")),
            ("Versie", AgreementVersion, ("agreement.publish",)), *LOGGED):
        existing = set(db.session.scalars(select(model.id)))
        logged = select(AuditEvent.object_id).where(
            AuditEvent.action.in_(actions), AuditEvent.object_type == model.__name__)
        if plein is not None:
            logged = logged.where(AuditEvent.plein_id == plein.id)
        for object_id in db.session.scalars(logged):
            if object_id not in existing:
                checker.problems.append(f"{kind} {object_id} staat in het logboek maar is uit "
                                        "de database verdwenen.")
