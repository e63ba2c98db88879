"""Publishing the samenwerkingscontract: the canonical text of a version, its
fingerprint and seal, and superseding the answers on the version before.

Functions add to the session and record audit events; the caller commits.
"""

import json
from decimal import Decimal

from sqlalchemy import select, update

from plein import audit
from plein import seal as sealing
from plein.agreements import integrity
from plein.agreements.drafting import (
    PlaceholdersLeft,
    _check_draft_version,
    party_name,
    placeholders,
)
from plein.agreements.models import (
    Agreement,
    AgreementVersion,
    Commitment,
    Signature,
    SignatureStatus,
)
from plein.errors import ServiceError
from plein.extensions import db
from plein.timeutil import utcnow


def _answers(count):
    return "1 eerder antwoord" if count == 1 else f"{count} eerdere antwoorden"


def _content(plein, agreement):
    """The draft as plain data: what a version freezes."""
    parties = []
    for party in agreement.parties:
        c = party.commitment or Commitment()
        parties.append({
            "party": party_name(party, plein),
            "partner_id": party.partner_id,
            "library": party.is_library,
            "tasks": party.tasks or "",
            "hours": str(c.hours or Decimal("0.00")),
            "hours_period": c.hours_period or "week",
            "money": str(c.money or Decimal("0.00")),
            "money_explanation": c.money_explanation or "",
            "knowledge": c.knowledge or "",
            "means": c.means or "",
        })
    return {
        "plein": plein.name,
        "organisation": plein.organisation,
        "sections": [{"key": s.key, "title": s.title, "body": s.body}
                     for s in agreement.sections],
        "parties": parties,
    }


def canonical_text(content, number):
    """Stable JSON (sorted keys, no extra spaces, UTF-8): the text that is fingerprinted."""
    return sealing.canonical({**content, "version": number})


def current_version(agreement):
    return agreement.versions[-1] if agreement.versions else None


def version_content(version):
    return json.loads(version.canonical)


def has_unpublished_changes(plein, agreement):
    latest = current_version(agreement)
    if latest is None:
        return True
    stored = version_content(latest)
    stored.pop("version")
    stored.pop("previous", None)
    return stored != _content(plein, agreement)


def _serialise(agreement):
    """Publishing and answering take turns: a write to the agreement row first (a row
    lock on PostgreSQL, the write lock on SQLite), then the current version is read
    again. So nobody signs a version that is being superseded at that moment."""
    db.session.execute(update(Agreement).where(Agreement.id == agreement.id)
                       .values(id=Agreement.id).execution_options(synchronize_session=False))
    return db.session.scalar(
        select(AgreementVersion).where(AgreementVersion.agreement_id == agreement.id)
        .order_by(AgreementVersion.number.desc()).limit(1)
        .execution_options(populate_existing=True))


def publish(plein, agreement, *, by, expected_version=None):
    """Freeze the draft as version n+1; every answer on earlier versions is superseded
    and all parties are asked to sign again. ``expected_version`` is the draft version
    the person saw: publishing text they have not seen is refused."""
    if expected_version is not None:
        _check_draft_version(agreement, expected_version)
    _serialise(agreement)
    left = placeholders(agreement)
    if left:
        raise PlaceholdersLeft(left)
    empty = [s.title for s in agreement.sections if not s.body.strip()]
    if empty:
        raise ServiceError("Deze onderdelen zijn nog leeg: " + ", ".join(empty)
                           + ". Vul ze in (of schrijf waarom ze niet van toepassing zijn).")
    if len(agreement.parties) < 2:
        raise ServiceError("Voeg eerst minstens één partnerorganisatie toe als partij.")
    if not has_unpublished_changes(plein, agreement):
        raise ServiceError("Het concept is gelijk aan de laatste versie; er is niets nieuws "
                           "te publiceren.")
    previous = current_version(agreement)
    number = previous.number + 1 if previous else 1
    content = {**_content(plein, agreement), "previous": previous.sha256 if previous else ""}
    text = canonical_text(content, number)
    version = AgreementVersion(agreement=agreement, agreement_id=agreement.id, number=number,
                               canonical=text, sha256=sealing.fingerprint(text),
                               published_by_id=by.id, published_at=utcnow())
    integrity.seal_version(agreement, version)
    db.session.add(version)
    superseded = 0
    for signature in db.session.scalars(
            select(Signature).join(AgreementVersion)
            .where(AgreementVersion.agreement_id == agreement.id,
                   Signature.status.in_((SignatureStatus.SIGNED, SignatureStatus.DECLINED)))):
        signature.status, signature.superseded_at = SignatureStatus.SUPERSEDED, utcnow()
        superseded += 1
    db.session.flush()
    audit.record("agreement.publish", f"Versie {number} gepubliceerd (SHA-256 "
                 f"{version.sha256[:12]}…); {_answers(superseded)} vervangen",
                 plein=plein, obj=version, user=by)
    return version


def get_version(agreement, number):
    return next((v for v in agreement.versions if v.number == number), None)
