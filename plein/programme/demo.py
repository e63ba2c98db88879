"""The demo plein's programme (``flask plein demo``): themes on day-parts, a week full
of activities of the library and its partners, a desk rota with one gap and one swap,
one cancelled date and closing days. Schuldhulp plans fewer hours than its contract
promises (4 a week); Welzijn and Taalmaatjes reach theirs with their desk shifts.
Dates are counted from today, so the demo looks alive whenever it is loaded."""

from datetime import time, timedelta

from plein.accounts import service as accounts
from plein.extensions import db
from plein.partners import service as partners
from plein.programme import activities as offer
from plein.programme import rota, service
from plein.programme.recurrence import holidays_between, week_start
from plein.timeutil import local_today

LIBRARY = None
# weekday, part, theme ("" none): when the plein is open
GRID = [(0, "morning", "Digitaal"), (1, "afternoon", "Werk"), (2, "morning", "Taal"),
        (2, "afternoon", ""), (2, "evening", ""), (3, "morning", ""),
        (3, "afternoon", "Geld"), (3, "evening", ""), (4, "morning", "Digitaal")]
# title, kind, organisation, themes, room, access (how), cost ("" free; (text, free?)),
# (rule, weekday, week offset or nth, start, end), description
ACTIVITIES = [
    ("Vrijwilligerspunt", "drop_in", "Vrijwilligerscentrale", ["Werk"], "Huiskamer", "",
     "", ("weekly", 1, 0, "13:30", "16:00"),
     "Wil je vrijwilligerswerk doen? We zoeken samen wat bij je past."),
    ("Hulp bij je sollicitatiebrief en cv", "consultation", LIBRARY, ["Werk"], "Pc-plekken",
     "", "", ("weekly", 1, 0, "14:00", "16:00"),
     "Neem je vacature mee. We maken samen je brief en je cv."),
    ("Werkspreekuur", "consultation", "Uitzendbureau of re-integratiebedrijf", ["Werk"],
     "Spreektafel", "Bel of mail het bureau; het nummer staat op de folder.",
     ("Gratis voor de bezoeker: het bureau wordt betaald door werkgevers, niet door jou.",
      True), ("biweekly", 1, 0, "14:00", "15:30"),
     "Zoek je werk? Een adviseur kijkt met je naar vacatures en je kansen."),
    ("Spreekuur maatschappelijk werk", "consultation", "Welzijn Lindeburg", ["Gezondheid"],
     "Spreektafel", "", "", ("weekly", 3, 0, "13:30", "16:30"),
     "Zorgen over geld, wonen of je gezin? Kom langs, je hoeft niets mee te nemen."),
    ("Geldspreekuur", "consultation", "Schuldhulp Lindeburg", ["Geld"], "Spreektafel",
     "Maak een afspraak bij de balie of bel de bibliotheek.", "",
     ("weekly", 3, 0, "13:30", "16:30"),
     "Rekeningen stapelen zich op? Een budgetcoach helpt je op weg."),
    ("Hulp bij formulieren", "drop_in", "Formulierenbrigade", ["Geld"], "Huiskamer", "", "",
     ("weekly", 3, 0, "14:00", "16:00"),
     "Een brief van de gemeente of de Belastingdienst? Wij lezen en vullen met je in."),
    ("Juridisch spreekuur", "consultation", "Juridisch Loket", ["Geld"], "Spreektafel",
     "Afspraak via de balie van de bibliotheek.", "", ("monthly", 3, 1, "10:00", "12:00"),
     "Vragen over huur, werk of schulden? Een jurist geeft gratis advies."),
    ("Taalcafé", "drop_in", "Taalmaatjes", ["Taal"], "Huiskamer", "", "",
     ("weekly", 2, 0, "10:00", "11:30"),
     "Oefen Nederlands praten met een kopje koffie erbij."),
    ("Oefengroep Nederlands", "course", LIBRARY, ["Taal"], "Oefenruimte",
     "Meld je aan bij de balie.", ("€ 10 voor het werkboek, voor alle 12 lessen samen.",
                                   False), ("weekly", 2, 0, "10:00", "12:00"),
     "Twaalf lessen in een kleine groep: lezen, schrijven en praten."),
    ("Spreekuur inburgering", "consultation", "Vluchtelingenwerk", ["Taal"], "Spreektafel",
     "", "", ("biweekly", 2, 1, "13:30", "15:30"),
     "Vragen over je inburgering of je papieren? Kom gerust langs."),
    ("Digitaal Café", "drop_in", LIBRARY, ["Digitaal"], "Pc-plekken", "", "",
     ("weekly", 0, 0, "10:00", "12:00"),
     "Vragen over je telefoon, tablet of computer? Loop binnen."),
    ("Klik & Tik", "course", LIBRARY, ["Digitaal"], "Pc-plekken",
     "Meld je aan bij de balie.", "", ("weekly", 4, 0, "10:00", "12:00"),
     "Leer stap voor stap werken met de computer en internet."),
    ("Voorlichting: DigiD aanvragen", "information", LIBRARY, ["Digitaal"], "Huiskamer", "",
     "", ("once", 2, 1, "19:00", "20:30"),
     "Hoe vraag je DigiD aan en hoe gebruik je het? Met uitleg op het scherm."),
    ("Voorlichting: goed slapen", "information", "GGZ/GGD", ["Gezondheid"], "Huiskamer", "",
     "", ("once", 3, 2, "19:00", "20:30"),
     "Slecht slapen en piekeren? Een verpleegkundige vertelt wat helpt."),
]


def _time(text):
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def load(plein, lead):
    """The demo programme (called once, for a new demo plein)."""
    themes = {t.name: t for t in service.themes_of(plein)}
    rooms = {r.name: r for r in service.rooms_of(plein)}
    for weekday, part, theme in GRID:
        service.set_day_part(plein, weekday=weekday, part=part, is_open=True, starts=None,
                             ends=None, theme_id=themes[theme].id if theme else 0, by=lead)
    monday = week_start(local_today())
    made = {}
    for (title, kind, organisation, theme_names, room, how, cost, when,
         description) in ACTIVITIES:
        partner = partners.find_or_create(plein, organisation, by=lead) if organisation else None
        cost_text, free = cost if cost else ("", True)
        activity = offer.create_activity(
            plein, by=lead, title=title, kind=kind, partner_id=partner.id if partner else 0,
            theme_ids=[themes[n].id for n in theme_names], target_groups="Alle inwoners",
            description=description, room_id=rooms[room].id,
            access="appointment" if how else "walk_in", appointment_how=how,
            is_free=free, cost=cost_text)
        rule, weekday, offset, starts, ends = when
        first = monday + timedelta(days=weekday)
        if rule == "once":
            first += timedelta(weeks=offset)
        elif rule in ("weekly", "biweekly"):
            first -= timedelta(weeks=4 - offset)
        else:
            first -= timedelta(weeks=8)
        offer.add_schedule(plein, activity, by=lead, rule=rule, start_date=first,
                           end_date=None, weekday=weekday,
                           nth=offset if rule == "monthly" else None,
                           starts=_time(starts), ends=_time(ends))
        made[title] = activity
    _rota(plein, lead, monday)
    # next week's Geldspreekuur does not go ahead (the desk staff of that afternoon hear)
    offer.change_date(plein, made["Geldspreekuur"], by=lead,
                      on=monday + timedelta(weeks=1, days=3), change="cancelled",
                      reason="De budgetcoach is die dag op cursus.", new_date=None,
                      new_starts=None, new_ends=None, person="")
    _kept_by_partners(plein, lead, made, monday)
    # closing days: a study day in two weeks and the next public holiday
    service.add_closing_day(plein, monday + timedelta(weeks=2, days=4),
                            "Studiedag van het team", by=lead)
    holiday, name = holidays_between(monday + timedelta(weeks=3),
                                     monday + timedelta(days=400))[0]
    service.add_closing_day(plein, holiday, name, by=lead)
    return made


# weekday, part, who: a demo login's e-mail, or (first name, organisation) of a
# volunteer. Thursday evening has nobody: the lead's week view warns about it.
ROTA = [(0, "morning", "team@lindeburg.example"),
        (1, "afternoon", "lead@lindeburg.example"),
        (1, "afternoon", "welzijn@lindeburg.example"),
        (2, "morning", ("Joke", "Taalmaatjes")),
        (2, "afternoon", "team@lindeburg.example"),
        (2, "evening", ("Henk", LIBRARY)),
        (3, "morning", "lead@lindeburg.example"),
        (3, "afternoon", "team@lindeburg.example"),
        (3, "afternoon", "welzijn@lindeburg.example"),
        (4, "morning", "team@lindeburg.example")]


def _rota(plein, lead, monday):
    made = []
    for weekday, part, who in ROTA:
        if isinstance(who, str):
            person, name, partner_id = accounts.user_by_email(who).id, "", 0
        else:
            name, organisation = who
            person = 0
            partner_id = partners.find_or_create(plein, organisation, by=lead).id \
                if organisation else 0
        made.append(rota.add_shift(plein, weekday=weekday, part=part, person_id=person,
                                   partner_id=partner_id, first_name=name, by=lead))
    # next week Thursday morning: Tarik stands in for Lotte
    thursday = next(s for s in made if (s.weekday, s.part) == (3, "morning"))
    rota.swap(plein, thursday, on=monday + timedelta(weeks=1, days=3),
              person_id=accounts.user_by_email("team@lindeburg.example").id, first_name="",
              reason="Lotte is op een congres.", by=lead)


def _kept_by_partners(plein, lead, made, monday):
    """Partners keep their own offer: Welzijn's contact cancels a date of its spreekuur;
    the lead has hidden an activity until its cost is clear (the partner reads why)."""
    from sqlalchemy import select

    from plein.accounts.models import Membership, Role
    from plein.programme import visibility

    welzijn = made["Spreekuur maatschappelijk werk"]
    contact = db.session.scalar(select(Membership).where(
        Membership.plein_id == plein.id, Membership.role == Role.PARTNER,
        Membership.partner_id == welzijn.partner_id))
    offer.change_date(plein, welzijn, by=contact.user if contact else lead,
                      on=monday + timedelta(weeks=2, days=3), change="cancelled",
                      reason="Teamuitje van het maatschappelijk werk.", new_date=None,
                      new_starts=None, new_ends=None, person="")
    hidden = made["Werkspreekuur"]
    visibility.hide(plein, hidden, "Eerst samen afspreken wat een vervolgafspraak de "
                    "bezoeker kost.", by=lead, expected_version=hidden.version_id)
