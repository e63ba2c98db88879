"""Integrity of the samenwerkingscontract: signature seals and the verification that
every published version and signature is still exactly as it was."""

import hashlib
import json
from datetime import UTC

from sqlalchemy import select

from plein.agreements.models import AgreementVersion, Signature
from plein.audit import AuditEvent
from plein.extensions import db


def fingerprint(text):
    """SHA-256 of a text, as hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(signature):
    """SHA-256 over every field of a signature that never changes."""
    created = signature.created_at.astimezone(UTC).replace(tzinfo=None).isoformat(
        timespec="seconds")
    parts = [signature.fingerprint, signature.version_id, signature.partner_key,
             signature.user_id, signature.answer, signature.signer_name,
             signature.signer_function, signature.reason, created,
             signature.ip_address, signature.user_agent]
    return fingerprint(json.dumps([str(p) for p in parts], ensure_ascii=False))


def verify_all():
    """Check every published version and signature. Returns Dutch problem descriptions
    (empty: all in order):
    - a version's text must match its SHA-256, carry its own number, and name the
      previous version's SHA-256 (so rewriting a version and its hash breaks the chain);
    - a signature must match its seal and its version's fingerprint;
    - every signature the (append-only) log records must still exist."""
    problems = []
    fresh = {"populate_existing": True}  # what is stored now, not what this session cached
    previous = {}
    for version in db.session.scalars(
            select(AgreementVersion).order_by(AgreementVersion.agreement_id,
                                              AgreementVersion.number)
            .execution_options(**fresh)):
        where = f"Contract {version.agreement_id}, versie {version.number}"
        actual = fingerprint(version.canonical)
        if actual != version.sha256:
            problems.append(f"{where}: de tekst past niet meer bij de vingerafdruk "
                            f"(opgeslagen {version.sha256[:12]}…, berekend {actual[:12]}…).")
        try:
            content = json.loads(version.canonical)
        except ValueError:
            problems.append(f"{where}: de tekst is geen geldige vastgelegde versie meer.")
            continue
        if content.get("version") != version.number:
            problems.append(f"{where}: het versienummer in de tekst klopt niet.")
        before = previous.get(version.agreement_id, "")
        if content.get("previous", "") != before:
            problems.append(f"{where}: de vingerafdruk van de vorige versie klopt niet meer.")
        previous[version.agreement_id] = version.sha256
    existing = set()
    for signature in db.session.scalars(select(Signature).order_by(Signature.id)
                                        .execution_options(**fresh)):
        existing.add(signature.id)
        where = f"Handtekening {signature.id} (versie {signature.version.number})"
        if signature.fingerprint != signature.version.sha256:
            problems.append(f"{where}: de vingerafdruk verschilt van die van de versie.")
        if signature.seal != seal(signature):
            problems.append(f"{where}: de gegevens zijn na het tekenen veranderd.")
        if signature.status not in (signature.answer, "superseded"):
            problems.append(f"{where}: de status past niet bij het gegeven antwoord.")
    for signature_id in db.session.scalars(select(AuditEvent.object_id).where(
            AuditEvent.action.in_(("agreement.sign", "agreement.decline")),
            AuditEvent.object_type == "Signature")):
        if signature_id not in existing:
            problems.append(f"Handtekening {signature_id} staat in het logboek maar is uit "
                            "de database verdwenen.")
    return problems


