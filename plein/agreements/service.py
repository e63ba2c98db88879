"""The samenwerkingscontract: draft, parties, commitments, publishing, signing, verifying.

Functions add to the session and record audit events; the caller commits.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import flag_modified

from plein import audit
from plein.agreements.integrity import fingerprint, seal
from plein.agreements.models import (
    PERIODS,
    Agreement,
    AgreementSection,
    AgreementVersion,
    Commitment,
    Party,
    Signature,
)
from plein.agreements.template import SECTIONS
from plein.assessment.models import Decision
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.numbers import parse_amount
from plein.timeutil import utcnow

BODY_MAX, TEXT_MAX = 20_000, 5_000
HOURS_MAX = {"week": Decimal("80"), "month": Decimal("350")}
MONEY_MAX = Decimal("10000000")
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


class StaleDraft(StaleError):
    def __init__(self):
        super().__init__("Iemand anders heeft de conceptversie intussen gewijzigd. Jouw tekst "
                         "staat hieronder nog; vergelijk hem met de nieuwe stand en sla opnieuw "
                         "op.")


class AlreadyAnswered(ServiceError):
    """This party already signed or declined this version."""


class NeedsConfirmation(ServiceError):
    """Adding a partner without a 'ja' in the afwegingstabel must be confirmed."""


class StaleVersion(ServiceError):
    """The version someone tries to sign is no longer the current one."""

    def __init__(self, current):
        super().__init__(f"Er is intussen een nieuwe versie (versie {current.number}). Lees "
                         "die en teken opnieuw; je antwoord op de oude versie telt niet meer.")
        self.current = current


# -- the draft ------------------------------------------------------------------------

def agreement_of(plein):
    return db.session.scalar(select(Agreement).where(Agreement.plein_id == plein.id))


def start(plein, *, by):
    """The plein's agreement, made from the template (with the library as first party)
    the first time it is asked for."""
    agreement = agreement_of(plein)
    if agreement is not None:
        return agreement
    agreement = Agreement(plein_id=plein.id)
    agreement.sections = [AgreementSection(key=key, title=title, body=body, position=i)
                          for i, (key, title, body) in enumerate(SECTIONS)]
    agreement.parties = [Party(partner_id=None, commitment=Commitment())]
    db.session.add(agreement)
    db.session.flush()
    audit.record("agreement.start", "Samenwerkingscontract gestart vanuit het sjabloon",
                 plein=plein, obj=agreement, user=by)
    return agreement


def _check_draft_version(agreement, expected_version):
    check_version(agreement, expected_version, StaleDraft())


def _touch(agreement):
    """A changed section, party or commitment is an edit of the agreement: mark the row
    modified so its version counter goes up and forms made before are refused."""
    flag_modified(agreement, "created_at")


def update_sections(plein, agreement, bodies, *, by, expected_version):
    """Save the texts of the draft's sections (``bodies``: key -> text)."""
    _check_draft_version(agreement, expected_version)
    changed = []
    for section in agreement.sections:
        if section.key not in bodies:
            continue
        body = (bodies[section.key] or "").replace("\r\n", "\n").strip()
        if len(body) > BODY_MAX:
            raise ServiceError(f"'{section.title}' heeft hoogstens {BODY_MAX} tekens.")
        if body != section.body:
            section.body = body
            changed.append(section.title)
    if changed:
        _touch(agreement)
        audit.record("agreement.edit", "Concept gewijzigd: " + ", ".join(changed),
                     plein=plein, obj=agreement, user=by)
    return changed


def has_yes_decision(partner):
    return db.session.scalar(select(Decision.value).where(
        Decision.partner_id == partner.id)) == "yes"


def add_party(plein, agreement, partner, *, by, confirmed=False):
    """Add a registered partner as party. Without a 'ja' in the afwegingstabel the lead
    must confirm (NeedsConfirmation otherwise)."""
    if partner.plein_id != plein.id:
        raise ServiceError("Deze partner hoort niet bij dit plein.")
    if any(p.partner_id == partner.id for p in agreement.parties):
        raise ServiceError(f"{partner.name} is al partij in het contract.")
    if not has_yes_decision(partner) and not confirmed:
        raise NeedsConfirmation(
            f"Over {partner.name} is in de afwegingstabel (nog) geen ‘ja’ besloten. Weet je "
            "zeker dat deze organisatie partij wordt?")
    party = Party(partner_id=partner.id, commitment=Commitment())
    agreement.parties.append(party)
    _touch(agreement)
    db.session.flush()
    note = "" if has_yes_decision(partner) else " (zonder ‘ja’ in de afwegingstabel, bevestigd)"
    audit.record("agreement.party_add", f"{partner.name} toegevoegd als partij{note}",
                 plein=plein, obj=agreement, user=by)
    return party


def get_party(agreement, party_id):
    return next((p for p in agreement.parties if p.id == party_id), None)


def remove_party(plein, agreement, party, *, by):
    if party.is_library:
        raise ServiceError("De bibliotheek is altijd partij.")
    agreement.parties.remove(party)
    _touch(agreement)
    audit.record("agreement.party_remove", f"{party.partner.name} is geen partij meer",
                 plein=plein, obj=agreement, user=by)


def set_commitment(plein, agreement, party, *, by, expected_version, hours, hours_period,
                   money, money_explanation, knowledge, means, tasks):
    """A party's inbreng (time, money, knowledge, means) and tasks in the draft."""
    _check_draft_version(agreement, expected_version)
    if hours_period not in PERIODS:
        raise ServiceError("Kies uren per week of per maand.")
    commitment = party.commitment or Commitment()
    commitment.hours = parse_amount(hours, "Uren", HOURS_MAX[hours_period])
    commitment.hours_period = hours_period
    commitment.money = parse_amount(money, "Bedrag", MONEY_MAX)
    for label, text in (("Toelichting op het bedrag", money_explanation),
                        ("Kennis", knowledge), ("Middelen", means), ("Taken", tasks)):
        if len(text or "") > TEXT_MAX:
            raise ServiceError(f"{label}: hoogstens {TEXT_MAX} tekens.")
    if commitment.money and not (money_explanation or "").strip():
        raise ServiceError("Licht het bedrag toe: waarvoor is het geld?")
    commitment.money_explanation = (money_explanation or "").strip()
    commitment.knowledge = (knowledge or "").strip()
    commitment.means = (means or "").strip()
    party.commitment = commitment
    party.tasks = (tasks or "").strip()
    _touch(agreement)
    audit.record("agreement.commitment", f"Inbreng van {party_name(party, plein)} gewijzigd",
                 plein=plein, obj=agreement, user=by)


def signers(plein):
    """Who may answer for each party: partner id -> names of its partner users; None
    (the library) -> the plein's projectleiders."""
    from plein.accounts.models import Membership, User

    rows = db.session.execute(
        select(Membership.role, Membership.partner_id, User.name).join(User)
        .where(Membership.plein_id == plein.id, Membership.role.in_(("partner", "lead")),
               User.active.is_(True)).order_by(User.name)).all()
    result = {}
    for role, partner_id, name in rows:
        result.setdefault(partner_id if role == "partner" else None, []).append(name)
    return result


def party_name(party, plein):
    return party.partner.name if party.partner else plein.organisation


@dataclass(frozen=True)
class Totals:
    hours_per_month: Decimal
    money: Decimal


def totals(agreement):
    """Hours of all parties per month (a week counts as 52/12 of a month) and money."""
    hours, money = Decimal("0"), Decimal("0")
    for party in agreement.parties:
        c = party.commitment
        if c is None:
            continue
        hours += c.hours * (WEEKS_PER_MONTH if c.hours_period == "week" else 1)
        money += c.money
    return Totals(hours.quantize(Decimal("0.1")), money)


# -- canonical text and versions ----------------------------------------------------

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
    return json.dumps({**content, "version": number}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


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
    version = AgreementVersion(agreement=agreement, number=number, canonical=text,
                               sha256=fingerprint(text), published_by_id=by.id)
    db.session.add(version)
    superseded = 0
    for signature in db.session.scalars(
            select(Signature).join(AgreementVersion)
            .where(AgreementVersion.agreement_id == agreement.id,
                   Signature.status.in_(("signed", "declined")))):
        signature.status, signature.superseded_at = "superseded", utcnow()
        superseded += 1
    db.session.flush()
    audit.record("agreement.publish", f"Versie {number} gepubliceerd (SHA-256 "
                 f"{version.sha256[:12]}…); {superseded} eerdere antwoorden vervangen",
                 plein=plein, obj=version, user=by)
    return version


def get_version(agreement, number):
    return next((v for v in agreement.versions if v.number == number), None)


def standing(plein, partner_id):
    """(current version, this organisation's PartyStatus) when it is a party to the
    current version; (None, None) otherwise."""
    agreement = agreement_of(plein)
    version = current_version(agreement) if agreement else None
    if version is None:
        return None, None
    mine = next((row for row in overview(version) if row.partner_id == partner_id), None)
    return (version, mine) if mine else (None, None)


# -- signing --------------------------------------------------------------------------

def answers_on(version):
    """Signature rows of this version by party key (partner id, 0 for the library)."""
    return {s.partner_key: s for s in db.session.scalars(
        select(Signature).where(Signature.version_id == version.id))}


def may_answer_for(user, plein, partner_id, roles):
    """A partner user answers for its own organisation; the lead (or admin) for the
    library."""
    if partner_id is None:
        return bool({"lead", "admin"} & roles)
    return any(m.plein_id == plein.id and m.role == "partner" and m.partner_id == partner_id
               for m in user.memberships)


def _answer(plein, agreement, version, partner_id, *, user, roles, status, name="",
            function="", reason="", ip="", user_agent=""):
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
        status=status, answer=status, signer_name=name, signer_function=function,
        reason=reason, fingerprint=version.sha256, ip_address=(ip or "")[:64],
        user_agent=(user_agent or "")[:300], created_at=utcnow())
    signature.seal = seal(signature)
    db.session.add(signature)
    db.session.flush()
    who = next(p["party"] for p in version_content(version)["parties"]
               if p["partner_id"] == partner_id)
    word = "getekend" if status == "signed" else "geweigerd"
    audit.record(f"agreement.{'sign' if status == 'signed' else 'decline'}",
                 f"Versie {version.number} {word} namens {who} door {name or user.name}"
                 + (f": {reason}" if reason else ""), plein=plein, obj=signature, user=user)
    return signature


def sign(plein, agreement, version, partner_id, *, user, roles, name, function, has_read,
         ip="", user_agent=""):
    name, function = " ".join((name or "").split()), " ".join((function or "").split())
    if not has_read:
        raise ServiceError(f"Vink aan dat je versie {version.number} hebt gelezen.")
    if not name or not function:
        raise ServiceError("Vul je naam en functie in.")
    if len(name) > 120 or len(function) > 120:
        raise ServiceError("Naam en functie hebben elk hoogstens 120 tekens.")
    return _answer(plein, agreement, version, partner_id, user=user, roles=roles,
                   status="signed", name=name, function=function, ip=ip,
                   user_agent=user_agent)


def decline(plein, agreement, version, partner_id, *, user, roles, reason, ip="",
            user_agent=""):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Geef aan waarom je deze versie niet tekent; dan kan de "
                           "projectleider er iets mee.")
    if len(reason) > TEXT_MAX:
        raise ServiceError(f"Een reden heeft hoogstens {TEXT_MAX} tekens.")
    return _answer(plein, agreement, version, partner_id, user=user, roles=roles,
                   status="declined", name=user.name, reason=reason, ip=ip,
                   user_agent=user_agent)


@dataclass
class PartyStatus:
    name: str
    partner_id: int | None
    status: str  # pending, signed, declined
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
            status=signature.status if signature else "pending",
            since=signature.created_at if signature else version.published_at,
            signature=signature))
    return rows
