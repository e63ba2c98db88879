"""Referral agreements (doorverwijsafspraken): per partner, how the plein refers a
visitor to it, whom a professional contacts, when, how fast it answers, how often the
plein may follow up and what it needs to know.

A partner user keeps its own organisation's agreement (``organisation``), library staff
any partner's. Functions add to the session and write a logboek event; the caller
commits (``plein.saving``).
"""

from sqlalchemy import select

from plein import audit
from plein.desk.models import ReferralAgreement, ReferralWay
from plein.desk.tally import LEFT
from plein.errors import ServiceError, StaleError
from plein.extensions import db
from plein.forms import length_of
from plein.partners.models import Partner
from plein.text import clean_line, clean_text, personal_in
from plein.timeutil import utcnow

NEEDS_MAX = 1_000
LINES = ("contact", "reachable", "response_time", "follow_up")


class StaleAgreement(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft deze doorverwijsafspraak intussen gewijzigd. "
                         "Hieronder staat wat nu is opgeslagen; jouw invoer staat in het "
                         "formulier.", current)


def partners_of(plein):
    """The partners a visitor can be referred to: the register, those that left or
    were turned down aside, by name."""
    return db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id, Partner.status.not_in(LEFT))
        .order_by(Partner.name)).all()


def get_partner(plein, partner_id, organisation=None):
    """The partner with this id in this plein, or None; a partner user (``organisation``)
    finds only its own organisation."""
    if organisation is not None and partner_id != organisation.id:
        return None
    return db.session.scalar(select(Partner).where(Partner.id == partner_id,
                                                   Partner.plein_id == plein.id))


def agreement_of(plein, partner):
    """The partner's referral agreement, or None while it has none."""
    return db.session.scalar(select(ReferralAgreement).where(
        ReferralAgreement.plein_id == plein.id, ReferralAgreement.partner_id == partner.id))


def agreements_by_partner(plein):
    """{partner id: ReferralAgreement} for the whole plein (one query)."""
    return {a.partner_id: a for a in db.session.scalars(select(ReferralAgreement).where(
        ReferralAgreement.plein_id == plein.id))}


def save(plein, partner, *, ways, contact, reachable, response_time, follow_up, needs,
         by, expected_version):
    """Create or update ``partner``'s agreement. ``expected_version`` 0: there was none
    when the form was made."""
    agreement = agreement_of(plein, partner)
    if agreement is None:
        if expected_version not in (0, None):
            raise ServiceError("Deze afspraak is intussen verwijderd. Laad de pagina "
                               "opnieuw.")
        agreement = ReferralAgreement(plein_id=plein.id, partner_id=partner.id)
        db.session.add(agreement)
    elif expected_version is None or int(expected_version) != agreement.version_id:
        raise StaleAgreement(agreement)
    ways = [w for w in dict.fromkeys(ways or ()) if w]
    if any(w not in ReferralWay.values() for w in ways):
        raise ServiceError("Kies uit de manieren in de lijst.", "ways")
    if not ways:
        raise ServiceError("Kies minstens één manier waarop het plein doorverwijst.", "ways")
    values = {"contact": contact, "reachable": reachable, "response_time": response_time,
              "follow_up": follow_up}
    for name in LINES:
        value = clean_line(values[name] or "")
        if len(value) > length_of(getattr(ReferralAgreement, name)):
            raise ServiceError(f"Gebruik hoogstens "
                               f"{length_of(getattr(ReferralAgreement, name))} tekens.", name)
        setattr(agreement, name, value)
    if not agreement.contact:
        raise ServiceError("Vul in wie een professional kan bellen of mailen: een "
                           "functie met een algemeen nummer of adres.", "contact")
    needs = clean_text(needs or "")
    if len(needs) > NEEDS_MAX:
        raise ServiceError(f"Gebruik hoogstens {NEEDS_MAX} tekens.", "needs")
    what = personal_in(needs)
    if what:  # the line for professionals is the contact field; this text is general
        raise ServiceError(f"Schrijf hier wat de organisatie wil weten, zonder "
                           f"{what}. Het nummer voor professionals hoort bij 'contact'.",
                           "needs")
    agreement.needs = needs
    agreement.ways = ",".join(ways)
    agreement.updated_at, agreement.updated_by = utcnow(), by
    db.session.flush()
    audit.record("desk.agreement", f"Doorverwijsafspraak met {partner.name} bijgewerkt",
                 plein=plein, obj=agreement, user=by)
    return agreement
