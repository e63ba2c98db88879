"""The demo plein's voortgangsrapportage (``flask plein demo``): the three months before
this one published as version 1, with a text per section, a question of the MT and the
lead's answer; and a draft for the next three months (from this one)."""

from datetime import date

from plein.results import reports
from plein.timeutil import local_today

TEXTS = {
    "goals": "De balie trekt veel vragen: het doel voor contacten ligt op koers. Geldvragen "
             "blijven achter bij wat we hoopten, ook omdat het vaste spreekuur van "
             "Schuldhulp pas in november begon. Bezoekers waarderen het plein hoger dan bij "
             "de start.",
    "programme": "Het spreekuur van Schuldhulp op dinsdag is het drukst. De taalcafés lopen "
                 "goed; bij de digitale inloop komen vooral ouderen met vragen over DigiD.",
    "partners": "Welzijn en Schuldhulp staan elke week op het plein. Met Taalmaatjes en de "
                "Formulierenbrigade zijn we in gesprek; Schuldhulp tekent de nieuwe versie "
                "van het contract na het eigen bestuursoverleg.",
    "successes": "Twee verhalen die we graag delen: ze laten zien dat een vraag aan de "
                 "balie vaak het begin is van hulp die echt verschil maakt.",
    "improvements": "De evaluatie met de partners leverde drie verbeterpunten op; elk "
                    "heeft een eigenaar en een datum op het stappenplan.",
}
DRAFT_TEXTS = {
    "goals": "Eerste indruk: de doelen over contacten liggen op koers.",
}


def load(plein, lead, mt):
    """Version 1 over the last three whole months; a draft from this month on."""
    today = local_today()
    month = today.month - 3
    start = date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    report = reports.start_draft(plein, by=lead, period="quarter", starts_on=start,
                                 texts=TEXTS, today=today)
    version = reports.publish(plein, report, by=lead, expected_version=report.version_id,
                              today=today)
    reports.comment(plein, version, by=mt, body="Mooi overzicht. Wat is er nodig om het "
                    "aantal activiteiten weer op koers te krijgen?")
    reports.comment(plein, version, by=lead, body="We spreken met Welzijn een vervanger af "
                    "voor als het spreekuur uitvalt; dat staat nu als actiepunt op het "
                    "stappenplan.")
    reports.start_draft(plein, by=lead, period="quarter",
                        starts_on=today.replace(day=1), texts=DRAFT_TEXTS,
                        today=today)
    return version
