"""Drafting the samenwerkingscontract: sections, parties, commitments, placeholders.

Functions add to the session and record audit events; the caller commits.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from plein import audit
from plein.agreements.models import PERIODS, Agreement, AgreementSection, Commitment, Party
from plein.agreements.template import SECTIONS
from plein.assessment.models import Decision, Verdict
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.numbers import parse_amount

BODY_MAX, TEXT_MAX = 20_000, 5_000
AMOUNT_TEXT_MAX = 20  # "1.250,50": hours or euros as typed
HOURS_MAX = {"week": Decimal("80"), "month": Decimal("350")}
MONEY_MAX = Decimal("10000000")
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
# Upper bound: parties of one contract, the library included. Every party signs the whole
# text, so a contract of more organisations than this is no longer one agreement.
MAX_PARTIES = 100


class StaleDraft(StaleError):
    def __init__(self, agreement=None):
        super().__init__("Iemand anders heeft de conceptversie intussen gewijzigd. Jouw tekst "
                         "staat hieronder nog; vergelijk hem met de nieuwe stand en sla opnieuw "
                         "op.", agreement)


class NeedsConfirmation(ServiceError):
    """Adding a partner without a 'ja' in the afwegingstabel must be confirmed."""


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
    check_version(agreement, expected_version, StaleDraft(agreement))


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
            raise ServiceError(f"'{section.title}' heeft hoogstens {BODY_MAX} tekens.",
                               f"section-{section.key}")
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
        Decision.partner_id == partner.id)) == Verdict.YES


def add_party(plein, agreement, partner, *, by, confirmed=False):
    """Add a registered partner as party. Without a 'ja' in the afwegingstabel the lead
    must confirm (NeedsConfirmation otherwise)."""
    if partner.plein_id != plein.id:
        raise ServiceError("Deze partner hoort niet bij dit plein.", "partner_id")
    if any(p.partner_id == partner.id for p in agreement.parties):
        raise ServiceError(f"{partner.name} is al partij in het contract.", "partner_id")
    if len(agreement.parties) >= MAX_PARTIES:
        raise ServiceError(f"Het contract heeft {MAX_PARTIES} partijen, het maximum. Haal "
                           "eerst een partij weg die niet meer meedoet.", "partner_id")
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


def remove_party(plein, agreement, party, *, by, expected_version=None):
    """Remove a party as the person saw the draft (``expected_version``; None: code that
    means it)."""
    if party.is_library:
        raise ServiceError("De bibliotheek is altijd partij.")
    if expected_version is not None:
        check_version(agreement, expected_version, StaleError(
            f"Het concept is gewijzigd nadat je deze pagina opende; {party.partner.name} is "
            "nog partij. Bekijk de inbreng hieronder en verwijder opnieuw als dat nodig is.",
            agreement))
    agreement.parties.remove(party)
    _touch(agreement)
    audit.record("agreement.party_remove", f"{party.partner.name} is geen partij meer",
                 plein=plein, obj=agreement, user=by)


def _amount(text, label, maximum, field):
    """``parse_amount``, its refusal shown next to ``field``."""
    try:
        return parse_amount(text, label, maximum)
    except ServiceError as error:
        raise ServiceError(str(error), field) from None


def set_commitment(plein, agreement, party, *, by, expected_version, hours, hours_period,
                   money, money_explanation, knowledge, means, tasks):
    """A party's inbreng (time, money, knowledge, means) and tasks in the draft."""
    _check_draft_version(agreement, expected_version)
    if hours_period not in PERIODS:
        raise ServiceError("Kies uren per week of per maand.", "hours_period")
    commitment = party.commitment or Commitment()
    commitment.hours = _amount(hours, "Uren", HOURS_MAX[hours_period], "hours")
    commitment.hours_period = hours_period
    commitment.money = _amount(money, "Bedrag", MONEY_MAX, "money")
    for label, text, field in (
            ("Toelichting op het bedrag", money_explanation, "money_explanation"),
            ("Kennis", knowledge, "knowledge"), ("Middelen", means, "means"),
            ("Taken", tasks, "tasks")):
        if len(text or "") > TEXT_MAX:
            raise ServiceError(f"{label}: hoogstens {TEXT_MAX} tekens.", field)
    if commitment.money and not (money_explanation or "").strip():
        raise ServiceError("Licht het bedrag toe: waarvoor is het geld?", "money_explanation")
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
    from plein.accounts.models import Membership, Role, User

    rows = db.session.execute(
        select(Membership.role, Membership.partner_id, User.name).join(User)
        .where(Membership.plein_id == plein.id, Membership.role.in_((Role.PARTNER, Role.LEAD)),
               User.active.is_(True)).order_by(User.name)).all()
    result = {}
    for role, partner_id, name in rows:
        result.setdefault(partner_id if role == Role.PARTNER else None, []).append(name)
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




# The template marks what the lead must fill in or strike with square brackets:
# "[datum]", "[elk halfjaar]", "[Schrap dit onderdeel als ...]" (plein/agreements/template.py).
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,300}\]")


@dataclass(frozen=True)
class Placeholder:
    key: str  # the section's key (its anchor on the draft page)
    title: str
    texts: tuple  # the bracketed texts still in it, in order


def placeholders(agreement):
    """Every section that still holds text in square brackets."""
    found = []
    for section in agreement.sections:
        texts = tuple(PLACEHOLDER.findall(section.body or ""))
        if texts:
            found.append(Placeholder(section.key, section.title, texts))
    return found


class PlaceholdersLeft(ServiceError):
    """Publishing is refused while template placeholders remain; ``found`` lists them."""

    def __init__(self, found):
        count = sum(len(p.texts) for p in found)
        super().__init__(
            f"Er {'staat' if count == 1 else 'staan'} nog {count} invulplek"
            f"{'' if count == 1 else 'ken'} uit het sjabloon in het concept (tekst tussen "
            "rechte haken). Vul ze in of schrap ze; pas dan kan het concept gepubliceerd "
            "worden.")
        self.found = found
