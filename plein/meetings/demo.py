"""The demo plein's meetings (``flask plein demo``): a partneroverleg three weeks ago
whose actions are checklist items (one done, one busy, one open), and this week's
weekstart (on Monday: the 'Dag- of weekstart' item it ticks off is due next Monday, not
overdue); so a new partneroverleg's prepared agenda has open actions to show."""

from datetime import timedelta

from plein.accounts import service as accounts
from plein.meetings import service
from plein.meetings.models import MeetingKind
from plein.partners.models import Partner
from plein.roadmap import service as roadmap
from plein.roadmap.models import ItemStatus
from plein.timeutil import local_today
from plein.urls import path_for

AGENDA = """1. Opening en kennismaking met wie er nieuw is
2. Nieuw aanbod: het spreekuur van Schuldhulp op dinsdagmiddag
3. Taalmaatjes sluit aan: wat kunnen zij voor de andere partners betekenen?
4. Vragen die aan de balie vaak terugkomen: toeslagen en DigiD
5. Rondvraag en afspraken voor het volgende overleg"""

NOTES = """Iedere partner vertelde kort wat er de afgelopen maand liep. Welzijn merkt dat \
steeds meer mensen via de balie van de bibliotheek binnenkomen. Schuldhulp heeft het \
spreekuur verplaatst naar dinsdagmiddag, omdat er dan meer mensen langskomen.
Taalmaatjes stelde zich voor: vrijwilligers die een jaar lang met iemand oefenen. Ze \
willen graag weten welke partners mensen naar hen kunnen sturen."""

DECISIONS = """Het partneroverleg is voortaan de eerste donderdag van de maand.
Vragen over toeslagen worden gebundeld; Welzijn en de bibliotheek kijken samen of een \
workshop zin heeft."""

WEEK_NOTES = """Deze week drie spreekuren en het taalcafé. Donderdag is de balie 's \
middags dubbel bezet vanwege de belastingaangifte."""


def load(plein, by):
    """The meetings, recorded by ``by`` (the lead); returns them."""
    today = local_today()
    team = accounts.user_by_email("team@lindeburg.example")
    people = [u.id for u in (by, team) if u is not None]
    partners = {p.name: p for p in service.partners_of(plein)}
    present = [p.id for name, p in partners.items() if name in (
        "Welzijn Lindeburg", "Schuldhulp Lindeburg", "Taalmaatjes")]
    past = service.create_meeting(
        plein, by=by, today=today, kind=MeetingKind.PARTNERS, on=today - timedelta(days=21),
        user_ids=people, partner_ids=present, agenda=AGENDA, notes=NOTES,
        decisions=DECISIONS)
    here = path_for("meetings.meeting", plein_id=plein.id, meeting_id=past.id)
    actions = [
        ("Taalmaatjes voorstellen aan de medewerkers van de balie", by, -7, "Taalmaatjes",
         ItemStatus.DONE),
        ("Vragen over toeslagen bundelen voor een workshop", by, 10, "Welzijn Lindeburg",
         ItemStatus.BUSY),
        ("Folder aanvullen met het spreekuur op dinsdagmiddag", team or by, 5,
         "Schuldhulp Lindeburg", ItemStatus.OPEN),
    ]
    for title, owner, days, partner_name, status in actions:
        partner = partners.get(partner_name)
        action = service.add_action(
            plein, past, by=by, title=title, owner_id=owner.id,
            due_date=today + timedelta(days=days),
            partner_id=partner.id if isinstance(partner, Partner) else 0, origin_url=here)
        if status != ItemStatus.OPEN:
            roadmap.set_status(plein, action.item, status, by=owner)
    week = service.create_meeting(
        plein, by=by, today=today, kind=MeetingKind.WEEK_START,
        on=today - timedelta(days=today.weekday()), user_ids=people,
        partner_ids=[partners["Welzijn Lindeburg"].id] if "Welzijn Lindeburg" in partners
        else [], agenda="1. Wie is er deze week, en wat staat er op het programma?\n"
                        "2. Rondvraag", notes=WEEK_NOTES, decisions="")
    return [past, week]
