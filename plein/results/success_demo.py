"""The demo plein's success stories (``flask plein demo``): three stories, two of them
shareable (they show on the public programme page once its link is made), one added by
a partner user; the team member collects the stories."""

from datetime import timedelta

from sqlalchemy import select

from plein.extensions import db
from plein.partners.models import Partner
from plein.results import successes
from plein.timeutil import local_today

# (days ago, title, story, partner names, shareable, written by: "team", "lead" or
# "partner" (the partner user given to load))
STORIES = [
    (45, "Van stapel brieven naar een betalingsplan",
     "Een inwoner kwam aan de balie met een tas vol ongeopende post. Samen met de "
     "Formulierenbrigade is alles op een rij gezet, en Schuldhulp Lindeburg maakte binnen "
     "twee weken een afspraak. Er is nu een betalingsplan en er komen geen aanmaningen "
     "meer.", ("Formulierenbrigade", "Schuldhulp Lindeburg"), True, "team"),
    (20, "Het taalcafé zat vol",
     "Voor het eerst kwamen er meer dan twintig mensen naar het taalcafé. Drie bezoekers "
     "hebben zich daarna aangemeld als taalmaatje: wie zelf Nederlands leerde, helpt nu "
     "een ander.", ("Taalmaatjes",), True, "partner"),
    (6, "Eén vraag, drie partners aan tafel",
     "Een vraag over huur, toeslagen en eenzaamheid tegelijk. Omdat Welzijn en het "
     "Juridisch Loket dezelfde middag op het plein waren, kon de bezoeker in één keer "
     "verder. Nog niet om te delen: we vragen eerst of de partners dat goed vinden.",
     ("Welzijn Lindeburg", "Juridisch Loket"), False, "lead"),
]


def load(plein, *, lead, team, partner_user=None):
    """The stories and the collector (``team``); returns the stories."""
    today = local_today()
    named = {p.name: p for p in db.session.scalars(select(Partner).where(
        Partner.plein_id == plein.id))}
    writers = {"lead": lead, "team": team}
    made = []
    for days, title, story, names, shareable, who in STORIES:
        ids = [named[n].id for n in names if n in named]
        by = writers.get(who, lead)
        organisation = None
        if who not in writers and partner_user is not None:
            # a partner's own story: its organisation is in it
            membership = next((m for m in partner_user.memberships
                               if m.plein_id == plein.id and m.partner_id), None)
            if membership is not None:
                by, organisation = partner_user, membership.partner
                ids = sorted({*ids, organisation.id})
        record = successes.create_story(
            plein, by=by, title=title, story=story, happened_on=today - timedelta(days=days),
            partner_ids=ids, shareable=shareable, organisation=organisation, today=today)
        if shareable and not record.shareable:  # a partner's story: the library shares it
            db.session.flush()
            successes.update_story(plein, record, by=lead, expected_version=record.version_id,
                                   title=title, story=story, happened_on=record.happened_on,
                                   partner_ids=ids, shareable=True, today=today)
        made.append(record)
    successes.set_collector(plein, team.id, by=lead, today=today)
    return made
