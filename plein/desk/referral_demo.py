"""The demo plein's referral agreements and warm referrals (``flask plein demo``): an
agreement for each partner with a spreekuur, and referrals in every status. Only the
open ones of the last few days still hold a (fictional) first name and phone number or
e-mail address: none older than the retention period, and the closed ones erased, as
the real flow leaves them."""

from datetime import timedelta

from sqlalchemy import select

from plein.desk import agreements, referrals
from plein.desk.models import ReferralStatus
from plein.extensions import db
from plein.partners.models import Partner
from plein.programme import service as programme
from plein.timeutil import utcnow

AGREEMENTS = {
    "Welzijn Lindeburg": (["call", "walk"], "Maatschappelijk werk, 0123-450100",
                          "ma-vr 9.00-12.00", "twee werkdagen", "één keer, na een week",
                          "Waar de zorg over gaat, en of er al hulpverlening is."),
    "Schuldhulp Lindeburg": (["call", "card"], "Intake schuldhulp, 0123-450200 of "
                             "intake@schuldhulp-lindeburg.example", "di en do 9.00-16.00",
                             "drie werkdagen", "na twee weken, één keer",
                             "Een recente brief van de schuldeiser, als de bezoeker die "
                             "heeft. Geen bedragen doorgeven aan de balie."),
    "Taalmaatjes": (["walk", "mail"], "Coördinator Taalmaatjes, "
                    "info@taalmaatjes-lindeburg.example", "woensdag- en donderdagochtend",
                    "een week", "niet nodig: wij bellen de bezoeker",
                    "Welke taal de bezoeker spreekt en wanneer hij of zij kan."),
    "Juridisch Loket": (["call"], "Juridisch Loket, 0900-8020", "werkdagen 9.00-17.00",
                        "dezelfde dag", "niet nodig", "Waar de vraag over gaat (huur, werk, "
                        "schulden); papieren meenemen naar het spreekuur."),
    "Formulierenbrigade": (["walk", "card"], "Formulierenbrigade, 0123-450300",
                           "donderdagmiddag op het plein", "meteen, op het spreekuur",
                           "niet nodig", "De brief of het formulier meenemen."),
}
# (days ago, partner, theme, question, status, contact): the contact only on open ones
REFERRALS = [
    (1, "Schuldhulp Lindeburg", "Geld", "betalingsregeling energie", ReferralStatus.OPEN,
     ("Samira", "06 11122233", "")),
    (3, "Welzijn Lindeburg", "Gezondheid", "eenzaamheid", ReferralStatus.CONTACTED,
     ("Henk", "", "henk@voorbeeld.example")),
    (6, "Taalmaatjes", "Taal", "taalmaatje gezocht", ReferralStatus.OPEN, None),
    (9, "Juridisch Loket", "Geld", "huurverhoging", ReferralStatus.HELPED,
     ("Joyce", "06 44455566", "")),
    (16, "Schuldhulp Lindeburg", "Geld", "toeslagen terugbetalen",
     ReferralStatus.UNREACHABLE, ("Ahmed", "06 77788899", "")),
    (24, "Welzijn Lindeburg", "Ontmoeting", "", ReferralStatus.HELPED, None),
    (40, "Formulierenbrigade", "Geld", "formulier zorgtoeslag", ReferralStatus.HELPED, None),
]
NOTES = {ReferralStatus.CONTACTED: "Gebeld, afspraak volgende week.",
         ReferralStatus.HELPED: "Geholpen op het spreekuur.",
         ReferralStatus.UNREACHABLE: "Twee keer gebeld, geen gehoor."}


def load(plein, lead, team):
    """Agreements and referrals for the demo plein; returns how many referrals."""
    named = {p.name: p for p in db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id))}
    for name, (ways, contact, reachable, response, follow_up, needs) in AGREEMENTS.items():
        if name in named:
            agreements.save(plein, named[name], ways=ways, contact=contact,
                            reachable=reachable, response_time=response, follow_up=follow_up,
                            needs=needs, by=lead, expected_version=0)
    themes = {t.name: t for t in programme.themes_of(plein)}
    made = 0
    now = utcnow()
    for days, name, theme, question, status, contact in REFERRALS:
        if name not in named or theme not in themes:
            continue
        first_name, phone, email = contact or ("", "", "")
        when = now - timedelta(days=days, hours=2)
        referral = referrals.refer(
            plein, partner_id=named[name].id, theme_id=themes[theme].id, question=question,
            first_name=first_name, phone=phone, email=email, consent=bool(contact), by=team,
            now=when)
        if status != ReferralStatus.OPEN:
            db.session.flush()
            referrals.set_status(plein, referral, status=status.value, note=NOTES[status],
                                 by=lead, expected_version=referral.version_id,
                                 now=when + timedelta(days=1))
        made += 1
    return made
