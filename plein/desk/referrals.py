"""Warm referrals: the desk refers a visitor to a partner for a theme, and the partner
follows it up ("contact opgenomen", "geholpen", "niet bereikt").

A referral counts as a tally "doorverwezen" (one is recorded with it, so the figures
hold every referral without a second count). It holds personal data only when the
visitor asks to be contacted: a first name and one way to reach them, with consent
that says what is kept and for how long. Those fields are erased when the referral is
closed, or by ``plein.desk.purge`` when the retention has passed. Only the referred
partner and the plein's lead and team reach a referral (the guard and
``get_referral``); every showing of its personal fields is in the logboek
(``show_personal``). Functions add to the session; the caller commits.
"""

import re
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from plein import audit
from plein.desk import tally
from plein.desk.models import CLOSED, Help, Referral, ReferralStatus
from plein.errors import ServiceError, StaleError, check_version
from plein.extensions import db
from plein.forms import EMAIL_RE, length_of
from plein.partners.models import Partner
from plein.programme.models import Theme
from plein.text import clean_line, personal_in
from plein.timeutil import utcnow

LIST_MAX = 100  # the newest referrals a list shows
PHONE_OK = re.compile(r"^\+?[\d\s\-().]{8,20}$")
CONSENT_MISSING = ("De contactgegevens zijn niet bewaard: de bezoeker heeft (nog) geen "
                   "toestemming gegeven. Vraag of de organisatie contact mag opnemen en vink "
                   "dat aan, of maak de velden leeg als de bezoeker zelf contact opneemt.")
NO_DETAILS = ("Vul de voornaam en een telefoonnummer of e-mailadres in, of zet het vinkje "
              "uit als de bezoeker zelf contact opneemt.")
ANONYMOUS = ("{what} mag geen {thing} bevatten: iedereen bij de organisatie en het plein "
             "leest dit. Zet contactgegevens alleen in de velden voor contact, met "
             "toestemming van de bezoeker.")


class StaleReferral(StaleError):
    def __init__(self, current):
        super().__init__("Iemand anders heeft de stand van deze doorverwijzing intussen "
                         "bijgewerkt. Hieronder staat de stand nu; kies opnieuw.", current)


def retention_days():
    return current_app.config["REFERRAL_RETENTION_DAYS"]


def _anonymous(text, what, field):
    text = clean_line(text or "")
    thing = personal_in(text)
    if thing:
        raise ServiceError(ANONYMOUS.format(what=what, thing=thing), field)
    if len(text) > length_of(Referral.question):
        raise ServiceError(f"Gebruik hoogstens {length_of(Referral.question)} tekens.", field)
    return text


def _partner(plein, partner_id):
    partner = db.session.scalar(select(Partner).where(
        Partner.id == (partner_id or 0), Partner.plein_id == plein.id))
    if partner is None:
        raise ServiceError("Kies een organisatie uit de lijst.", "partner_id")
    if partner.status in tally.LEFT:
        raise ServiceError(f"{partner.name} doet niet (meer) mee aan het plein, dus "
                           "doorverwijzen naar deze organisatie kan niet. Kies een andere "
                           "organisatie of kijk bij 'Wie kan helpen?'.", "partner_id")
    return partner


def _contact(first_name, phone, email, consent):
    """The personal fields to keep: all empty without a request to be contacted."""
    first_name, phone = clean_line(first_name or ""), clean_line(phone or "")
    email = clean_line(email or "")
    if not (first_name or phone or email):
        if consent:
            raise ServiceError(NO_DETAILS, "first_name")
        return "", "", ""
    if not consent:
        raise ServiceError(CONSENT_MISSING, "consent")
    if not first_name:
        raise ServiceError("Vul de voornaam in: zo weet de organisatie wie ze spreekt.",
                           "first_name")
    if len(first_name) > length_of(Referral.first_name):
        raise ServiceError(f"Gebruik hoogstens {length_of(Referral.first_name)} tekens.",
                           "first_name")
    if phone and email:
        raise ServiceError("Vul één manier in om de bezoeker te bereiken: telefoon óf "
                           "e-mail. Dan bewaren we niet meer dan nodig.", "email")
    if not (phone or email):
        raise ServiceError("Vul een telefoonnummer of e-mailadres in.", "phone")
    if phone and (not PHONE_OK.match(phone) or len(re.sub(r"\D", "", phone)) < 8):
        raise ServiceError("Vul een telefoonnummer in, bijvoorbeeld 06 12345678.", "phone")
    if email and (not EMAIL_RE.match(email) or len(email) > length_of(Referral.email)):
        raise ServiceError("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
                           "email")
    return first_name, phone, email


def refer(plein, *, partner_id, theme_id, question, first_name, phone, email, consent,
          by, now=None):
    """Refer a visitor to a partner for a theme; returns the new Referral (and counts
    it as a tally "doorverwezen", by the referrer's organisation or the library)."""
    partner = _partner(plein, partner_id)
    theme = db.session.scalar(select(Theme).where(Theme.id == (theme_id or 0),
                                                  Theme.plein_id == plein.id))
    if theme is None:
        raise ServiceError("Kies het thema van de vraag.", "theme_id")
    question = _anonymous(question, "De vraag", "question")
    first_name, phone, email = _contact(first_name, phone, email, consent)
    own = tally.own_organisation(plein, by)
    counted = tally.record(plein, theme_ids=[theme.id], help=Help.REFERRED.value,
                           partner_id=own.id if own else 0, topic="", by=by, now=now)
    now = now or utcnow()
    referral = Referral(plein_id=plein.id, partner=partner, theme=theme, tally_id=counted.id,
                        question=question, first_name=first_name, phone=phone, email=email,
                        created_at=now, created_by_id=by.id)
    if first_name:
        referral.consent_at = now
        referral.keep_until = now + timedelta(days=retention_days())
    db.session.add(referral)
    db.session.flush()
    audit.record("desk.referral", f"Doorverwezen naar {partner.name} voor {theme.name}"
                 + (" (de bezoeker wil gebeld of gemaild worden)" if first_name else ""),
                 plein=plein, obj=referral, user=by)
    return referral


def referrals_of(plein, organisation=None, limit=LIST_MAX):
    """The newest referrals of the plein (to ``organisation`` only, when given)."""
    stmt = select(Referral).where(Referral.plein_id == plein.id)
    if organisation is not None:
        stmt = stmt.where(Referral.partner_id == organisation.id)
    return db.session.scalars(stmt.order_by(Referral.created_at.desc(), Referral.id.desc())
                              .limit(limit)).all()


def made_by(plein, user, limit=20):
    """The newest referrals this user made (their status, for the desk)."""
    return db.session.scalars(select(Referral).where(
        Referral.plein_id == plein.id, Referral.created_by_id == user.id)
        .order_by(Referral.created_at.desc(), Referral.id.desc()).limit(limit)).all()


def get_referral(plein, referral_id, organisation=None):
    """The referral with this id in this plein, or None; a partner user
    (``organisation``) finds only referrals to its own organisation."""
    stmt = select(Referral).where(Referral.id == referral_id, Referral.plein_id == plein.id)
    if organisation is not None:
        stmt = stmt.where(Referral.partner_id == organisation.id)
    return db.session.scalar(stmt)


def show_personal(plein, referral, *, by):
    """Record in the logboek that ``by`` is shown the referral's personal fields;
    returns whether there are any to show."""
    if not referral.has_personal:
        return False
    audit.record("desk.referral_view", f"Contactgegevens bekeken van doorverwijzing "
                 f"{referral.id} (naar {referral.partner.name})", plein=plein, obj=referral,
                 user=by)
    return True


def erase(referral, now=None):
    """Erase the personal fields (the anonymous record stays and counts)."""
    referral.first_name = referral.phone = referral.email = ""
    referral.erased_at = now or utcnow()


def set_status(plein, referral, *, status, note, by, expected_version, now=None):
    """The partner's follow-up. Closing (geholpen, niet bereikt) erases the personal
    fields at once."""
    check_version(referral, expected_version, StaleReferral(referral))
    if status not in ReferralStatus.values() or status == ReferralStatus.OPEN:
        raise ServiceError("Kies wat er met de doorverwijzing is gebeurd.", "status")
    referral.status_note = _anonymous(note, "Een notitie", "note")
    referral.status, referral.status_at, referral.status_by = status, now or utcnow(), by
    erased = referral.has_personal and status in CLOSED
    if erased:
        erase(referral, now)
    audit.record("desk.referral_status", f"Doorverwijzing {referral.id} (naar "
                 f"{referral.partner.name}): {referral.status_label.lower()}"
                 + ("; contactgegevens gewist" if erased else ""), plein=plein,
                 obj=referral, user=by)
    return referral


def counts(plein, year):
    """[(organisation, {status: count}, total)] of the plein's referrals made in
    ``year``, counted in SQL: figures without any personal field."""
    start, end = (datetime(y, 1, 1, tzinfo=UTC) for y in (year, year + 1))
    rows = db.session.execute(
        select(Partner.name, Referral.status, func.count()).join(
            Partner, Partner.id == Referral.partner_id)
        .where(Referral.plein_id == plein.id, Referral.created_at >= start,
               Referral.created_at < end)
        .group_by(Partner.name, Referral.status).order_by(Partner.name)).all()
    found = {}
    for name, status, count in rows:
        found.setdefault(name, {})[status] = count
    return [(name, per, sum(per.values())) for name, per in found.items()]
