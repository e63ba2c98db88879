"""Signing and declining a published version, and who stands where.

Only a partner organisation's own users answer for it (never someone who also holds a
library-side role in the plein); the lead answers for the library. Each answer is a
sealed Signature; the signer's name is the account's name.
"""

from dataclasses import dataclass

from sqlalchemy import select

from plein import audit
from plein.accounts.models import LIBRARY_ROLES, Role
from plein.agreements import integrity
from plein.agreements.drafting import TEXT_MAX, agreement_of
from plein.agreements.models import Signature, SignatureStatus
from plein.agreements.publishing import _serialise, current_version, version_content
from plein.errors import ServiceError
from plein.extensions import db
from plein.text import clean_line
from plein.timeutil import utcnow

LIBRARY_SIDE = frozenset({*LIBRARY_ROLES, Role.ADMIN})


class AlreadyAnswered(ServiceError):
    """This party already signed or declined this version."""


class StaleVersion(ServiceError):
    """The version someone tries to sign is no longer the current one."""

    def __init__(self, current):
        super().__init__(f"Er is intussen een nieuwe versie (versie {current.number}). Lees "
                         "die en teken opnieuw; je antwoord op de oude versie telt niet meer.")
        self.current = current


def answers_on(version):
    """Signature rows of this version by party key (partner id, 0 for the library)."""
    return {s.partner_key: s for s in db.session.scalars(
        select(Signature).where(Signature.version_id == version.id))}


def may_answer_for(user, plein, partner_id, roles):
    """A partner user answers for its own organisation, and only when it holds no
    library-side role in the plein (nor is an installation admin); the lead (or admin)
    answers for the library."""
    if partner_id is None:
        return bool({Role.LEAD, Role.ADMIN} & roles)
    if LIBRARY_SIDE & roles or user.is_admin:
        return False
    return any(m.plein_id == plein.id and m.role == Role.PARTNER and m.partner_id == partner_id
               for m in user.memberships)


def _answer(plein, agreement, version, partner_id, *, user, roles, status, function="",
            reason="", ip="", user_agent=""):
    latest = _serialise(agreement)
    if version.agreement_id != agreement.id:
        raise ServiceError("Deze versie hoort niet bij dit contract.")
    if latest is None or version.id != latest.id:
        raise StaleVersion(latest)
    if partner_id not in {p["partner_id"] for p in version_content(version)["parties"]}:
        raise ServiceError("Deze organisatie is geen partij in deze versie.")
    if not may_answer_for(user, plein, partner_id, roles):
        raise ServiceError("Je kunt alleen namens je eigen organisatie antwoorden.")
    key = partner_id or 0
    if key in answers_on(version):
        raise AlreadyAnswered("Voor deze versie is namens deze organisatie al geantwoord.")
    signature = Signature(
        version_id=version.id, partner_id=partner_id, partner_key=key, user_id=user.id,
        status=status, answer=status, signer_name=user.name, signer_function=function,
        reason=reason, fingerprint=version.sha256, ip_address=(ip or "")[:64],
        user_agent=(user_agent or "")[:300], created_at=utcnow())
    integrity.seal_signature(signature)
    db.session.add(signature)
    db.session.flush()
    who = next(p["party"] for p in version_content(version)["parties"]
               if p["partner_id"] == partner_id)
    word = "getekend" if status == SignatureStatus.SIGNED else "geweigerd"
    audit.record(f"agreement.{'sign' if status == SignatureStatus.SIGNED else 'decline'}",
                 f"Versie {version.number} {word} namens {who} door {user.name}"
                 + (f": {reason}" if reason else ""), plein=plein, obj=signature, user=user)
    return signature


def sign(plein, agreement, version, partner_id, *, user, roles, function, has_read,
         ip="", user_agent=""):
    """Sign ``version`` for the party ``partner_id`` (None: the library). The signer's
    name is the account's name; the function is what the person types."""
    function = clean_line(function or "")
    if not has_read:
        raise ServiceError(f"Vink aan dat je versie {version.number} hebt gelezen.")
    if not function:
        raise ServiceError("Vul je functie in.")
    if len(function) > 120:
        raise ServiceError("Een functie heeft hoogstens 120 tekens.")
    return _answer(plein, agreement, version, partner_id, user=user, roles=roles,
                   status=SignatureStatus.SIGNED, function=function, ip=ip, user_agent=user_agent)


def decline(plein, agreement, version, partner_id, *, user, roles, reason, ip="",
            user_agent=""):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Geef aan waarom je deze versie niet tekent; dan kan de "
                           "projectleider er iets mee.")
    if len(reason) > TEXT_MAX:
        raise ServiceError(f"Een reden heeft hoogstens {TEXT_MAX} tekens.")
    return _answer(plein, agreement, version, partner_id, user=user, roles=roles,
                   status=SignatureStatus.DECLINED, reason=reason, ip=ip,
                   user_agent=user_agent)


@dataclass
class PartyStatus:
    name: str
    partner_id: int | None
    status: str  # a SignatureStatus: pending, signed or declined
    since: object
    signature: Signature | None


def overview(version, answers=None):
    """Each party of the version with its answer (or pending since publication);
    ``answers``: ``answers_on(version)`` when the caller has it already."""
    answers = answers_on(version) if answers is None else answers
    rows = []
    for party in version_content(version)["parties"]:
        signature = answers.get(party["partner_id"] or 0)
        rows.append(PartyStatus(
            name=party["party"], partner_id=party["partner_id"],
            status=signature.status if signature else SignatureStatus.PENDING,
            since=signature.created_at if signature else version.published_at,
            signature=signature))
    return rows


def standing(plein, partner_id):
    """(current version, this organisation's PartyStatus) when it is a party to the
    current version; (None, None) otherwise."""
    agreement = agreement_of(plein)
    version = current_version(agreement) if agreement else None
    if version is None:
        return None, None
    mine = next((row for row in overview(version) if row.partner_id == partner_id), None)
    return (version, mine) if mine else (None, None)
